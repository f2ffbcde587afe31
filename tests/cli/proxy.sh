# Through an authenticating CONNECT proxy, from the config and from the
# environment; no_proxy bypasses it.
. "$(dirname "$0")/lib.sh"
conf directory="$TACME_TEST_DIR_URL" ca_file="$TACME_TEST_CA" proxy="$TACME_TEST_PROXY"
before=$(grep -c CONNECT "$TACME_TEST_PROXY_LOG")
run -c "$T/tacme.conf" directory
expect_rc 0
after=$(grep -c CONNECT "$TACME_TEST_PROXY_LOG")
[ "$after" -eq $((before + 1)) ] || die "proxy saw $((after - before)) tunnels, expected 1"
conf directory="$TACME_TEST_DIR_URL" ca_file="$TACME_TEST_CA"
https_proxy="$TACME_TEST_PROXY" run -c "$T/tacme.conf" directory
expect_rc 0
[ "$(grep -c CONNECT "$TACME_TEST_PROXY_LOG")" -eq $((after + 1)) ] || die "https_proxy not used"
no_proxy="localhost,127.0.0.1" https_proxy="$TACME_TEST_PROXY" run -c "$T/tacme.conf" directory
expect_rc 0
[ "$(grep -c CONNECT "$TACME_TEST_PROXY_LOG")" -eq $((after + 1)) ] || die "no_proxy ignored"
https_proxy="http://tester:nope@127.0.0.1:${TACME_TEST_PROXY##*:}" run -c "$T/tacme.conf" directory
expect_rc 1
expect_err "407"

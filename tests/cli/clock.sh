# A device that booted in 1970: tacme refuses to talk TLS and says why.
. "$(dirname "$0")/lib.sh"
command -v faketime > /dev/null || die "faketime is not installed"
conf directory="$TACME_TEST_DIR_URL" ca_file="$TACME_TEST_CA"
# libfaketime deadlocks inside AddressSanitizer's start-up, so the sanitizer
# pass runs this one test with the plain build (TACME_FAKETIME_BIN).
timeout 60 faketime '1970-01-02 00:00:00' "${TACME_FAKETIME_BIN:-$TACME_BIN}" -c "$T/tacme.conf" directory > "$T/out" 2> "$T/err"
rc=$?
err=$(cat "$T/err")
expect_rc 1
expect_err "the clock says 1970-01-02"
expect_err "set the time (NTP)"

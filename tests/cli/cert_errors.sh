# Servers whose certificate must be refused: untrusted, and for another name.
. "$(dirname "$0")/lib.sh"
conf directory="$TACME_TEST_UNTRUSTED_URL" ca_file="$TACME_TEST_CA"
run -c "$T/tacme.conf" directory
expect_rc 1
expect_err "does not chain to any root in $TACME_TEST_CA"
[ -z "$out" ] || die "printed something for an untrusted server: $out"
conf directory="$TACME_TEST_WRONGNAME_URL" ca_file="$TACME_TEST_CA"
run -c "$T/tacme.conf" directory
expect_rc 1
expect_err "not valid for that name"
# Without ca_file the system bundle is used, which does not know the test root.
conf directory="$TACME_TEST_DIR_URL"
run -c "$T/tacme.conf" directory
expect_rc 1
expect_err "does not chain"
conf directory="$TACME_TEST_DIR_URL" ca_file="$T/missing.pem"
run -c "$T/tacme.conf" directory
expect_rc 1
expect_err "cannot read the CA bundle $T/missing.pem"
: > "$T/empty.pem"
conf directory="$TACME_TEST_DIR_URL" ca_file="$T/empty.pem"
run -c "$T/tacme.conf" directory
expect_rc 1
expect_err "holds no certificate"

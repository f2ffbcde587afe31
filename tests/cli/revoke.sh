# Revoke: the CA marks the certificate revoked with the reason given, and
# the next renew replaces it.
. "$(dirname "$0")/lib.sh"
n="revoke-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
serial=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial | sed 's/serial=//' | tr 'A-F' 'a-f' | sed 's/^0*//')
run -c "$T/tacme.conf" revoke web --reason 4
expect_rc 0
status=$(curl -sf --cacert "$TACME_TEST_CA" "$TACME_TEST_PEBBLE_MGMT/cert-status-by-serial/$serial")
case "$status" in *'"Status": "Revoked"'*'"Reason": 4'*|*'"Status":"Revoked"'*) ;; *) die "Pebble says: $status" ;; esac
run -c "$T/tacme.conf" revoke web
expect_rc 1
expect_err "alreadyRevoked"
run -c "$T/tacme.conf" renew
expect_rc 0
[ "$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)" != "serial=$serial" ] || die "not replaced"
run -c "$T/tacme.conf" revoke nosuch
expect_rc 1
expect_err "no section [nosuch]"
# key_reuse keeps a key across renewals, but not past a revocation (the key
# may be compromised; a CA refuses it then); a missing state file does not
# hide the revocation from renew.
issue_conf "[web]" "names = $n" "key_reuse = yes"
run -c "$T/tacme.conf" issue
expect_rc 0
key=$(openssl pkey -in "$T/state/web/privkey.pem" -pubout | sha256sum)
serial=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
rm "$T/state/web.state"
run -c "$T/tacme.conf" revoke web --reason 1
expect_rc 0
[ "$(state_field web revoked)" != 0 ] || die "the state does not record the revocation"
run -c "$T/tacme.conf" renew
expect_rc 0
[ "$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)" != "$serial" ] || die "not replaced"
[ "$(openssl pkey -in "$T/state/web/privkey.pem" -pubout | sha256sum)" != "$key" ] || die "the revoked certificate's key was reused"
[ "$(state_field web revoked)" = 0 ] || die "the new certificate is marked revoked"
check_cert web "$n"
# ... and key_reuse holds again for the new certificate.
key=$(openssl pkey -in "$T/state/web/privkey.pem" -pubout | sha256sum)
run -c "$T/tacme.conf" issue
expect_rc 0
[ "$(openssl pkey -in "$T/state/web/privkey.pem" -pubout | sha256sum)" = "$key" ] || die "key_reuse made a new key"

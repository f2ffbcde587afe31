# Without ARI (Debian's Pebble 2.4.0): renew when a third of the lifetime is
# left, and not before; no network when not due.
. "$(dirname "$0")/lib.sh"
n="third-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
run -c "$T/tacme.conf" renew
expect_rc 0
[ "$(state_field web ari)" = False ] || die "Pebble 2.4.0 has no renewalInfo, yet ari is set"
nb=$(state_field web not_before) na=$(state_field web not_after)
third=$((na - (na - nb) / 3))
[ "$(state_field web renew_at)" = "$third" ] || die "renew_at $(state_field web renew_at), expected $third"
serial=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
runat $((third - 3600)) -v -c "$T/tacme.conf" renew
expect_rc 2
case "$err" in *"connected to"*) die "connected while nothing was due" ;; esac
runat $((third + 60)) -c "$T/tacme.conf" renew
expect_rc 0
[ "$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)" != "$serial" ] || die "not renewed"
check_cert web "$n"
# Changing the names or the key type makes it due at once: a new
# certificate with the new names, or the new kind of key.
serial=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
issue_conf "[web]" "names = $n" "key_type = ec384"
run -c "$T/tacme.conf" renew
expect_rc 0
expect_err "the configured key type changed"
[ "$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)" != "$serial" ] || die "not renewed for the key type"
openssl x509 -in "$T/state/web/cert.pem" -noout -text | grep -q "NIST CURVE: P-384" ||
	die "the new certificate has no P-384 key"
check_cert web "$n"
serial=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
register "www.$n"
issue_conf "[web]" "names = $n www.$n" "key_type = ec384"
run -c "$T/tacme.conf" renew
expect_rc 0
expect_err "the configured names changed"
[ "$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)" != "$serial" ] || die "not renewed for the names"
check_cert web "$n" "www.$n"
run -c "$T/tacme.conf" renew
expect_rc 2

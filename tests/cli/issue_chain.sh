# preferred_chain picks the alternate chain (PEBBLE_ALTERNATE_ROOTS=1)
# whose top issuer has the given common name.
. "$(dirname "$0")/lib.sh"
n="chain-$$.tacme.test"
r1=$(curl -sf --cacert "$TACME_TEST_CA" "$TACME_TEST_PEBBLE_MGMT/roots/1" | openssl x509 -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p')
r0=$(curl -sf --cacert "$TACME_TEST_CA" "$TACME_TEST_PEBBLE_MGMT/roots/0" | openssl x509 -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p')
[ -n "$r1" ] && [ "$r0" != "$r1" ] || die "Pebble has no alternate root (r0=$r0 r1=$r1)"
issue_conf "[alt]" "names = $n" "preferred_chain = $r1" "[def]" "names = $n"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
check_cert alt "$n"
check_cert def "$n"
top() { tail -n +1 "$1" | awk '/BEGIN/{c=""} {c=c $0 "\n"} END{printf "%s", c}' | openssl x509 -noout -issuer -nameopt multiline | sed -n 's/^ *commonName *= *//p'; }
[ "$(top "$T/state/alt/fullchain.pem")" = "$r1" ] || die "alt chain tops out at $(top "$T/state/alt/fullchain.pem"), wanted $r1"
[ "$(top "$T/state/def/fullchain.pem")" = "$r0" ] || die "default chain tops out at $(top "$T/state/def/fullchain.pem")"

# One name through acme-dns: register, CNAME, issue, verify; the CA sees
# badNonce on half its POSTs (PEBBLE_WFE_NONCEREJECT=50) and tacme copes.
. "$(dirname "$0")/lib.sh"
n="one-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
[ "$(stat -c %a "$T/state/acmedns.json")" = 600 ] || die "acmedns.json is not 0600"
run -c "$T/tacme.conf" issue
expect_rc 0
check_cert web "$n"

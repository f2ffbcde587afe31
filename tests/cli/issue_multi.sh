# Several names, each with its own acme-dns registration, in one order.
. "$(dirname "$0")/lib.sh"
a="a-$$.tacme.test" b="b-$$.other.test" c="c-$$.tacme.test"
issue_conf "[multi]" "names = $a $b $c"
register "$a"
register "$b"
register "$c"
run -c "$T/tacme.conf" issue multi
expect_rc 0
check_cert multi "$a" "$b" "$c"

# A section whose name extends another's with a dot keeps its certificate
# when the other one is issued again (its folder .multi.lan.<time> must not
# look like one of "multi"'s folders .multi.<time>), and a temporary file
# left by a killed run is swept.
issue_conf "[multi]" "names = $a $b $c" "[multi.lan]" "names = $a"
run -c "$T/tacme.conf" issue multi.lan
expect_rc 0
check_cert multi.lan "$a"
echo x > "$T/state/account.key.tmp12345"
echo x > "$T/state/multi.lan.state.tmp12345"
run -c "$T/tacme.conf" issue multi
expect_rc 0
check_cert multi "$a" "$b" "$c"
check_cert multi.lan "$a"
[ ! -e "$T/state/account.key.tmp12345" ] || die "account.key.tmp12345 left behind"
[ -e "$T/state/multi.lan.state.tmp12345" ] || die "multi.lan's file was swept by multi"

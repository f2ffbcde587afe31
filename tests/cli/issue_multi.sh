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

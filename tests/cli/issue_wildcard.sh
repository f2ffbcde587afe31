# A wildcard and its apex: two values on one name at the same time.
. "$(dirname "$0")/lib.sh"
n="wild-$$.tacme.test"
issue_conf "[wild]" "names = *.$n $n"
register "$n"
run -v -c "$T/tacme.conf" issue
expect_rc 0
check_cert wild "*.$n" "$n"
expect_err "validating 2 names"

# A wildcard and its apex: two values on one name at the same time.
. "$(dirname "$0")/lib.sh"
n="wild-$$.tacme.test"
issue_conf "[wild]" "names = *.$n $n"
register "$n"
run -v -c "$T/tacme.conf" issue
expect_rc 0
check_cert wild "*.$n" "$n"
expect_err "validating 2 names"

# Names in another case than registered (the CA answers in lower case), and
# a name registered together with its wildcard: one registration, one CNAME.
m="Case-$$.Tacme.Test"
run -c "$T/tacme.conf" register "$m" "*.$m"
expect_rc 0
[ "$(echo "$out" | grep -c CNAME)" = 1 ] || die "a name and its wildcard registered twice: $out"
target=$(echo "$out" | sed -n "s/^_acme-challenge\.$m\. CNAME \(.*\)\.$/\1/p")
[ -n "$target" ] || die "register printed: $out"
set_cname "$(echo "$m" | tr 'A-Z' 'a-z')" "$target"
issue_conf "[case]" "names = *.$m $m"
run -v -c "$T/tacme.conf" issue
expect_rc 0
check_cert case "*.$m" "$m"

# Three names delegated to ONE acme-dns registration: acme-dns keeps only
# two values, so tacme validates them in rounds of at most two.
. "$(dirname "$0")/lib.sh"
a="s1-$$.tacme.test" b="s2-$$.tacme.test" c="s3-$$.tacme.test"
issue_conf "[shared]" "names = $a $b $c"
register "$a"
target=$(echo "$out" | sed -n "s/^_acme-challenge\.$a\. CNAME \(.*\)\.$/\1/p")
python3 - "$T/state/acmedns.json" "$a" "$b" "$c" <<'PY'
import json, sys
path, first, *others = sys.argv[1:]
d = json.load(open(path))
for o in others:
    d[o] = d[first]
json.dump(d, open(path, "w"))
PY
set_cname "$b" "$target"
set_cname "$c" "$target"
run -v -c "$T/tacme.conf" issue
expect_rc 0
check_cert shared "$a" "$b" "$c"
expect_err "validating 2 names"
expect_err "validating 1 name"

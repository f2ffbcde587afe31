# What a user gets wrong: a missing CNAME gives the record to create; bad
# acme-dns credentials give a clear error; nothing is left behind.
. "$(dirname "$0")/lib.sh"
n="nocname-$$.tacme.test"
issue_conf "[web]" "names = $n"
run -c "$T/tacme.conf" issue
expect_rc 1
expect_err "no acme-dns registration for $n"
expect_err "tacme register $n"
run -c "$T/tacme.conf" register "$n"
expect_rc 0
rec=$out
run -c "$T/tacme.conf" issue
expect_rc 1
expect_err "create this DNS record"
expect_err "$rec"
no_cert_files web
[ ! -e "$T/state/account.key" ] || die "the CA was contacted before the DNS check"
# Bad credentials: the acme-dns server refuses the update.
target=$(echo "$rec" | sed -n 's/.* CNAME \(.*\)\.$/\1/p')
set_cname "$n" "$target"
python3 - "$T/state/acmedns.json" "$n" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d[sys.argv[2]]["password"] = "x" * 40
json.dump(d, open(sys.argv[1], "w"))
PY
run -c "$T/tacme.conf" issue
expect_rc 1
expect_err "refused the credentials for $n"
no_cert_files web
case "$err" in *xxxxxxxxxx*) die "the password appears in the error" ;; esac

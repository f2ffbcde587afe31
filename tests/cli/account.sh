# Account management: show; rollover (the old key stops working, the new one
# works, the new key is stored 0600); deactivate (the account is refused
# afterwards and the next issue makes a new account).
. "$(dirname "$0")/lib.sh"
n="acctmgmt-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
url=$(cat "$T/state/account.url")
run -c "$T/tacme.conf" account show
expect_rc 0
case "$out" in *"account     $url"*"status      valid"*"contact     mailto:admin@example.com"*) ;;
	*) die "account show printed: $out" ;; esac
cp "$T/state/account.key" "$T/old.key"
run -c "$T/tacme.conf" account rollover
expect_rc 0
cmp -s "$T/old.key" "$T/state/account.key" && die "the account key did not change"
[ "$(stat -c %a "$T/state/account.key")" = 600 ] || die "the new account key is not 0600"
[ ! -e "$T/state/account.key.new" ] || die "account.key.new was left behind"
run -c "$T/tacme.conf" account show
expect_rc 0
case "$out" in *"status      valid"*) ;; *) die "the new key does not work: $out $err" ;; esac
# The old key no longer works for this account.
mkdir -p "$T/old/state"
cp "$T/old.key" "$T/old/state/account.key"
cp "$T/state/account.url" "$T/old/state/account.url"
sed "s|^state_dir = .*|state_dir = $T/old/state|" "$T/tacme.conf" > "$T/old.conf"
run -c "$T/old.conf" account show
expect_rc 1
expect_err "account"
# An interrupted rollover (new key stored, CA told, crash before the swap)
# is finished by the next run.
cp "$T/state/account.key" "$T/state/account.key.new"
cp "$T/old.key" "$T/state/account.key"
run -v -c "$T/tacme.conf" account show
expect_rc 0
cmp -s "$T/state/account.key" "$T/old.key" && die "the interrupted rollover was not finished: $err"
[ ! -e "$T/state/account.key.new" ] || die "account.key.new was left behind"
run -c "$T/tacme.conf" account show
expect_rc 0
# Deactivate.
run -c "$T/tacme.conf" account deactivate
expect_rc 0
[ ! -e "$T/state/account.url" ] || die "account.url kept after deactivation"
cp "$T/state/account.key.deactivated" "$T/state/account.key"
echo "$url" > "$T/state/account.url"
run -c "$T/tacme.conf" account show
expect_rc 1
expect_err "unauthorized"
rm "$T/state/account.key" "$T/state/account.url"
run -c "$T/tacme.conf" issue
expect_rc 0
[ "$(cat "$T/state/account.url")" != "$url" ] || die "no new account after deactivation"

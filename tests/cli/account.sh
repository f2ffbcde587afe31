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
expect_err "account: $(cat "$T/state/account.url") answered 400: malformed: JWS verification error"
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
# The same, but the CA cannot be reached (a proxy that is not there): the
# CA may have taken the new key, so it is kept, and the next run that
# reaches the CA finishes the rollover.
cp "$T/state/account.key" "$T/new.key"
cp "$T/state/account.key" "$T/state/account.key.new"
cp "$T/old.key" "$T/state/account.key"
sed "s|^ca_file = |proxy = http://127.0.0.1:1\nca_file = |" "$T/tacme.conf" > "$T/noca.conf"
run -c "$T/noca.conf" account show
expect_rc 1
cmp -s "$T/state/account.key.new" "$T/new.key" || die "account.key.new was dropped though the CA could not be asked: $err"
cmp -s "$T/state/account.key" "$T/old.key" || die "account.key changed without the CA: $err"
run -c "$T/tacme.conf" account show
expect_rc 0
cmp -s "$T/state/account.key" "$T/new.key" || die "the rollover was not finished once the CA answered: $err"
[ ! -e "$T/state/account.key.new" ] || die "account.key.new was left behind"
# A new key the CA does not know is dropped (a rollover the CA refused).
cp "$T/old.key" "$T/state/account.key.new"
run -c "$T/tacme.conf" account show
expect_rc 0
cmp -s "$T/state/account.key" "$T/new.key" || die "account.key changed to a key the CA refused"
[ ! -e "$T/state/account.key.new" ] || die "a refused account.key.new was kept"
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
# account.key lost but account.url kept: the new key gets its own account
# (the old URL belongs to the lost key and would be refused at every run).
url=$(cat "$T/state/account.url")
rm "$T/state/account.key"
run -c "$T/tacme.conf" issue
expect_rc 0
[ "$(cat "$T/state/account.url")" != "$url" ] || die "the old account URL was kept for a new key"
# An account URL from another CA (staging, then production, in one
# state_dir): the key's account at this CA is found or made, not refused
# at every run.
url=$(cat "$T/state/account.url")
echo "https://127.0.0.1:1/acme/acct/12345" > "$T/state/account.url"
run -c "$T/tacme.conf" account show
expect_rc 0
[ "$(cat "$T/state/account.url")" = "$url" ] || die "account.url is $(cat "$T/state/account.url"), expected $url"

# The account URL is lost but the key is kept: tacme finds the same account
# again (onlyReturnExisting) instead of making a new one; a second issue
# replaces the certificate set in one switch and keeps no stale folder.
. "$(dirname "$0")/lib.sh"
n="acct-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
url=$(cat "$T/state/account.url")
case "$url" in https://*) ;; *) die "account.url holds: $url" ;; esac
first=$(readlink "$T/state/web")
serial1=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
rm "$T/state/account.url"
run -c "$T/tacme.conf" issue
expect_rc 0
[ "$(cat "$T/state/account.url")" = "$url" ] || die "a new account was made: $(cat "$T/state/account.url") vs $url"
check_cert web "$n"
second=$(readlink "$T/state/web")
[ "$first" != "$second" ] || die "the link was not switched"
[ ! -e "$T/state/$first" ] || die "the previous folder $first was left behind"
[ "$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)" != "$serial1" ] || die "same certificate"

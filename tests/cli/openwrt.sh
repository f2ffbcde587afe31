# The OpenWrt package's scripts (port/openwrt/tacme/files) under busybox sh, with
# only busybox's applets in PATH and stand-ins for OpenWrt's /lib/functions.sh
# and /sbin/uci (tests/lib/openwrt) in a fake root ($TACME_ROOT):
# - uci2conf.sh: UCI fixtures -> tacme.conf, compared line for line, then read
#   by the real tacme (status); values tacme.conf cannot carry are refused
#   with their UCI path, and the previous file is kept;
# - deploy-uhttpd.sh alone, crontab.sh add/remove (idempotent, and the line
#   run by a shell), the ntp hotplug hook (once per boot);
# - the whole path against Pebble: UCI -> tacme.conf -> register -> issue ->
#   the default deploy installs the certificate for uhttpd and restarts it.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
F=$TOP/port/openwrt/tacme/files
BUSYBOX=$(command -v busybox) || die "busybox is missing (apt-get install busybox)"

BB=$T/bb
mkdir -p "$BB"
"$BUSYBOX" --install -s "$BB" || die "busybox --install failed"
[ -x "$BB/awk" ] && [ -x "$BB/sed" ] && [ -x "$BB/grep" ] || die "busybox lacks awk, sed or grep"
R=$T/root
mkdir -p "$R/lib" "$R/sbin" "$R/etc/config" "$R/etc/init.d" "$R/var/etc" "$R/var/run" "$R/usr/bin"
cp "$TOP/tests/lib/openwrt/functions.sh" "$R/lib/functions.sh"
cp "$TOP/tests/lib/openwrt/uci" "$R/sbin/uci"
chmod +x "$R/sbin/uci"
CONF=$R/var/etc/tacme.conf

# bb SCRIPT ARGS...: runs SCRIPT under busybox sh with only busybox's
# applets in PATH; sets $rc, $out, $err.
bb() {
	env PATH="$BB" TACME_ROOT="$R" TACME_LIBDIR="$F" "$BUSYBOX" sh "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
# fixture: stdin -> /etc/config/tacme
fixture() {
	cat > "$R/etc/config/tacme"
}
# expect_file FILE: FILE equals stdin.
expect_file() {
	cat > "$T/want"
	diff -u "$T/want" "$1" > "$T/diff" || die "$1 differs from what is expected: $(cat "$T/diff")"
}
# status_names: the [section] and names lines of `tacme status` on $CONF.
status_names() {
	run -c "$CONF" status
	expect_rc 0
	printf '%s\n' "$out" | sed -n 's/^\(\[.*\]\)$/\1/p; s/^  names *\(.*\)$/names \1/p'
}
HEADER="# Written by $F/uci2conf.sh from /etc/config/tacme: edit that file
# (uci) and run /etc/init.d/tacme reload, not this one."
EAB=zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W

for s in uci2conf.sh crontab.sh deploy-uhttpd.sh tacme.hotplug tacme.init; do
	"$BUSYBOX" sh -n "$F/$s" || die "$s: busybox sh -n failed"
done

# ------------------------------------------------------------ every option
fixture <<FIX
# a comment
config account 'account'
	option enabled '1'
	option directory "https://ca.example.net/acme/directory"
	option email 'admin@example.com'
	option eab_kid kid-1
	option eab_hmac_key '$EAB'
	option key_type 'ec384'
	option state_dir '$T/state'
	option ca_file '/etc/ssl/certs/ca-certificates.crt'
	option dns_resolver '192.168.1.1:53'
	option proxy 'http://user:p%40ss@proxy.lan:3128'
	option log 'stderr'

config acmedns 'acmedns'
	option url 'https://auth.acme-dns.io'
	option credentials '$T/state/acmedns.json'

config certificate 'router'
	list domains 'router.example.com'
	list domains '*.router.example.com'

config certificate 'nas'
	option domains 'nas.example.com  files.example.com'
	option key_type 'rsa2048'
	option key_reuse 'yes'
	option preferred_chain 'ISRG Root X1'
	option profile 'tlsserver'
	option deploy '/usr/bin/logger -t tacme nas renewed'

config certificate 'lab'
	option enabled '0'
	list domains 'lab.example.com'

config certificate 'web2'
	list domains 'web2.example.com'
	option key_reuse '0'
	option uhttpd_section 'second'
FIX
bb "$F/uci2conf.sh"
expect_rc 0
[ -z "$err" ] || die "uci2conf.sh printed: $err"
expect_file "$CONF" <<WANT
$HEADER
directory = https://ca.example.net/acme/directory
ca_file = /etc/ssl/certs/ca-certificates.crt
state_dir = $T/state
contact = mailto:admin@example.com
eab_kid = kid-1
eab_hmac_key = $EAB
dns_resolver = 192.168.1.1:53
proxy = http://user:p%40ss@proxy.lan:3128
log = stderr
acmedns_url = https://auth.acme-dns.io
acmedns_credentials = $T/state/acmedns.json

[router]
names = router.example.com *.router.example.com
key_type = ec384
deploy = $F/deploy-uhttpd.sh $T/state/router main

[nas]
names = nas.example.com  files.example.com
key_type = rsa2048
key_reuse = yes
preferred_chain = ISRG Root X1
profile = tlsserver
deploy = /usr/bin/logger -t tacme nas renewed

[web2]
names = web2.example.com
key_type = ec384
key_reuse = no
deploy = $F/deploy-uhttpd.sh $T/state/web2 second
WANT
[ "$(stat -c %a "$CONF")" = 600 ] || die "tacme.conf is not 0600 (it holds eab_hmac_key)"
[ "$(status_names)" = "[router]
names router.example.com *.router.example.com
[nas]
names nas.example.com  files.example.com
[web2]
names web2.example.com" ] || die "tacme status on the generated file: $out"
echo "ok   every option"

# ------------------------------------------------------------ defaults
fixture <<'FIX'
config account 'account'
	option email 'mailto:me@example.org'
	option frobnicate 'yes'

config acmedns
	option url 'https://auth.acme-dns.io'

config certificate 'router'
	list domains 'router.example.org'

config mystery 'x'
FIX
bb "$F/uci2conf.sh"
expect_rc 0
[ "$err" = "tacme: warning: tacme.account.frobnicate: unknown option: ignored
tacme: warning: tacme.x: unknown section type \"mystery\" (account, acmedns, certificate): ignored" ] ||
	die "warnings: $err"
expect_file "$CONF" <<WANT
$HEADER
directory = https://acme-v02.api.letsencrypt.org/directory
contact = mailto:me@example.org
log = syslog
acmedns_url = https://auth.acme-dns.io

[router]
names = router.example.org
deploy = $F/deploy-uhttpd.sh /etc/tacme/router main
WANT
# state_dir is /etc/tacme here: only the names are compared.
[ "$(status_names)" = "[router]
names router.example.org" ] || die "tacme status: $out"
echo "ok   defaults"

fixture <<'FIX'
config account 'account'
	option staging '1'
	option hook '/usr/lib/tacme/hooks/dns.sh'

config certificate 'router'
	list domains 'router.example.org'
	option deploy 'none'
FIX
bb "$F/uci2conf.sh" "$T/other.conf"
expect_rc 0
expect_file "$T/other.conf" <<WANT
$HEADER
directory = https://acme-staging-v02.api.letsencrypt.org/directory
hook = /usr/lib/tacme/hooks/dns.sh
log = syslog

[router]
names = router.example.org
WANT
echo "ok   staging, hook, deploy none, OUTPUT argument"

# The /etc/config/tacme the package installs.
fixture < "$F/tacme.config"
bb "$F/uci2conf.sh"
expect_rc 0
[ "$err" = "tacme: warning: no enabled certificate section: nothing to renew" ] ||
	die "the shipped config: $err"
expect_file "$CONF" <<WANT
$HEADER
directory = https://acme-v02.api.letsencrypt.org/directory
state_dir = /etc/tacme
log = syslog
acmedns_url = https://auth.acme-dns.io
WANT
# Its cron job (tacme -q renew, before the user enables a certificate):
# nothing to renew, exit 2, nothing logged (not an error every hour).
sed "s|^state_dir = .*|state_dir = $T/shipped-state|; s|^log = syslog|log = stderr|" "$CONF" > "$T/shipped.conf"
run -q -c "$T/shipped.conf" renew
expect_rc 2
[ -z "$err" ] || die "the shipped config's cron job said: $err"
run -c "$T/shipped.conf" issue
expect_rc 1
expect_err "has no [section]"
echo "ok   the shipped /etc/config/tacme"

# ------------------------------------------------------------ disabled
fixture <<'FIX'
config account 'account'
	option enabled '0'
FIX
[ -f "$CONF" ] || die "no tacme.conf before the disabled case"
bb "$F/uci2conf.sh"
expect_rc 0
[ ! -e "$CONF" ] || die "tacme.conf left while tacme is disabled"
expect_err "disabled (tacme.account.enabled is 0)"
echo "ok   disabled"

# ------------------------------------------------------------ refused values
printf 'directory = https://previous.example/dir\n' > "$CONF"
cp "$CONF" "$T/previous"
# bad MESSAGE: the fixture on stdin is refused with MESSAGE, exit 1, and
# tacme.conf is unchanged.
bad() {
	fixture
	bb "$F/uci2conf.sh"
	expect_rc 1
	expect_err "$1"
	expect_err "error(s) in /etc/config/tacme: $CONF was not changed"
	cmp -s "$CONF" "$T/previous" || die "tacme.conf changed after: $1"
	! ls "$R/var/etc" | grep -q tmp || die "a temporary file was left after: $1"
}
ok_base="config account 'account'
	option email 'me@example.org'
config acmedns 'acmedns'
	option url 'https://auth.acme-dns.io'"
bad "tacme.account.directory: contains a line break: tacme.conf takes one value per line" <<'FIX'
config account 'account'
	option directory 'https://ca.example/dir
state_dir = /tmp/evil'
config certificate 'router'
	list domains 'router.example.org'
FIX
bad "tacme.web.deploy: contains a quote or a backslash, which tacme would take literally" <<FIX
$ok_base
config certificate 'web'
	list domains 'web.example.org'
	option deploy '/bin/sh -c "echo hi"'
FIX
bad "tacme.web.profile: contains a quote or a backslash" <<FIX
$ok_base
config certificate 'web'
	list domains 'web.example.org'
	option profile 'it'\''s'
FIX
bad "tacme.web.preferred_chain: contains a control character" <<FIX
$ok_base
config certificate 'web'
	list domains 'web.example.org'
	option preferred_chain "ISRG$(printf '\t')Root"
FIX
bad "tacme.account.email: starts or ends with a space" <<'FIX'
config account 'account'
	option email ' me@example.org'
FIX
bad "a certificate section needs a name (config certificate 'router')" <<FIX
$ok_base
config certificate
	list domains 'web.example.org'
FIX
bad "tacme.web.domains: \"a b.example.org\" is not a DNS name" <<FIX
$ok_base
config certificate 'web'
	list domains 'a.example.org'
	list domains 'a b.example.org'
FIX
bad "tacme.web.domains: missing (list domains 'router.example.com')" <<FIX
$ok_base
config certificate 'web'
	option key_type 'ec256'
FIX
bad "tacme.web.key_type: \"ec521\" is not ec256, ec384, rsa2048, rsa3072 or rsa4096" <<FIX
$ok_base
config certificate 'web'
	list domains 'web.example.org'
	option key_type 'ec521'
FIX
bad "tacme.account: eab_kid and eab_hmac_key go together" <<'FIX'
config account 'account'
	option eab_kid 'kid-1'
FIX
bad "tacme.account: eab_kid and eab_hmac_key go together" <<FIX
config account 'account'
	option eab_hmac_key '$EAB'
FIX
# A proxy URL that is refused is not shown: it may hold a password.
bad "tacme.account.proxy: not http://[user:password@]host:port" <<'FIX'
config account 'account'
	option proxy 'socks5://user:Secret99@proxy.lan:1080'
FIX
case "$err" in *Secret99*) die "the proxy password was shown: $err" ;; esac
# What this script lets through but tacme itself refuses (an http://
# directory, names tacme does not take) does not replace the working file:
# tacme reads it first, and its message is passed on.
bad "tacme refuses the result: $CONF.tmp." <<'FIX'
config account 'account'
	option directory 'http://ca.example/dir'
config certificate 'web'
	list domains 'web.example.org'
FIX
expect_err 'bad directory "http://ca.example/dir": expected https://'
bad "bad names: \"a..example.org\" is not a DNS name" <<FIX
$ok_base
config certificate 'web'
	list domains 'a..example.org'
FIX
bad "bad names: web.example.org is there twice" <<FIX
$ok_base
config certificate 'web'
	list domains 'Web.Example.org'
	list domains 'web.example.org'
FIX
bad "tacme.web2.deploy: another certificate already deploys to uhttpd.main" <<FIX
$ok_base
config certificate 'web'
	list domains 'web.example.org'
config certificate 'web2'
	list domains 'web2.example.org'
	option deploy 'uhttpd'
FIX
bad "tacme.web.deploy: \"reload-uhttpd\" is not uhttpd, none, or an absolute program path" <<FIX
$ok_base
config certificate 'web'
	list domains 'web.example.org'
	option deploy 'reload-uhttpd'
FIX
bad "tacme.account.state_dir: \"/etc/my certs\" has a space" <<'FIX'
config account 'account'
	option state_dir '/etc/my certs'
FIX
bad "tacme.account.email: \"me\" is not an email address" <<'FIX'
config account 'account'
	option email 'me'
FIX
# Several errors are all reported, with their count.
fixture <<FIX
$ok_base
config certificate 'web'
	list domains 'bad_name!.example.org'
	option key_reuse 'maybe'
FIX
bb "$F/uci2conf.sh"
expect_rc 1
expect_err "tacme.web.domains: \"bad_name!.example.org\" is not a DNS name"
expect_err "tacme.web.key_reuse: \"maybe\" is not 0 or 1"
expect_err "tacme: 2 error(s) in /etc/config/tacme"
# A UCI syntax error is not taken for an empty config.
printf "config account 'account'\n\toption email 'unterminated\n" > "$R/etc/config/tacme"
bb "$F/uci2conf.sh"
expect_rc 1
expect_err "cannot read the UCI config tacme"
cmp -s "$CONF" "$T/previous" || die "tacme.conf changed after a UCI syntax error"
echo "ok   refused values"

# ------------------------------------------------------------ deploy-uhttpd.sh
# The init script's stand-in: "enabled" unless $T/uhttpd.disabled exists;
# every other call is logged.
cat > "$R/etc/init.d/uhttpd" <<STUB
#!/bin/sh
[ "\$1" = enabled ] && { [ ! -e "$T/uhttpd.disabled" ]; exit; }
echo "\$*" >> "$T/uhttpd.log"
STUB
chmod +x "$R/etc/init.d/uhttpd"
cat > "$R/etc/config/uhttpd" <<'UCI'
config uhttpd 'main'
	list listen_http '0.0.0.0:80'
	list listen_https '0.0.0.0:443'
UCI
: > "$T/uhttpd.log"
D=$T/certset
mkdir -p "$D"
printf -- '-----BEGIN CERTIFICATE-----\nleaf\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nintermediate\n-----END CERTIFICATE-----\n' > "$D/fullchain.pem"
printf -- '-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n' > "$D/privkey.pem"
bb "$F/deploy-uhttpd.sh" "$D"
expect_rc 0
cmp -s "$D/fullchain.pem" "$R/etc/uhttpd.crt" || die "/etc/uhttpd.crt is not fullchain.pem"
cmp -s "$D/privkey.pem" "$R/etc/uhttpd.key" || die "/etc/uhttpd.key is not privkey.pem"
[ "$(stat -c %a "$R/etc/uhttpd.key")" = 600 ] || die "uhttpd.key is not 0600"
[ "$(cat "$T/uhttpd.log")" = restart ] || die "uhttpd init script calls: $(cat "$T/uhttpd.log")"
# The same certificate again (tacme's retry after a restart that failed):
# the files stay, uhttpd is restarted.
cp -p "$R/etc/uhttpd.crt" "$T/crt.same"
bb "$F/deploy-uhttpd.sh" "$D" main
expect_rc 0
expect_err "already hold the certificate of $D, uhttpd restarted"
[ "$(cat "$T/uhttpd.log")" = "restart
restart" ] || die "not restarted on a retry: $(cat "$T/uhttpd.log")"
[ "$R/etc/uhttpd.crt" -ot "$T/crt.same" ] || [ ! "$R/etc/uhttpd.crt" -nt "$T/crt.same" ] ||
	die "an unchanged certificate was written again"
: > "$T/uhttpd.log"
echo restart > "$T/uhttpd.log"
# A new one replaces the old.
printf -- '-----BEGIN CERTIFICATE-----\nleaf2\n-----END CERTIFICATE-----\n' > "$D/fullchain.pem"
bb "$F/deploy-uhttpd.sh" "$D"
expect_rc 0
cmp -s "$D/fullchain.pem" "$R/etc/uhttpd.crt" || die "the renewed certificate was not installed"
[ "$(cat "$T/uhttpd.log")" = "restart
restart" ] || die "uhttpd init script calls after a renewal: $(cat "$T/uhttpd.log")"
# The paths of uci uhttpd.SECTION.cert/key, and a section given by index.
mkdir -p "$R/srv"
cat >> "$R/etc/config/uhttpd" <<UCI

config uhttpd 'second'
	option cert '$R/srv/second.pem'
	option key '$R/srv/second.key'
	list listen_https '0.0.0.0:8443'
UCI
bb "$F/deploy-uhttpd.sh" "$D" second
expect_rc 0
cmp -s "$D/fullchain.pem" "$R/srv/second.pem" || die "uhttpd.second.cert was not written"
cmp -s "$D/privkey.pem" "$R/srv/second.key" || die "uhttpd.second.key was not written"
rm -f "$R/srv/second.pem"
bb "$F/deploy-uhttpd.sh" "$D" '@uhttpd[1]'
expect_rc 0
cmp -s "$D/fullchain.pem" "$R/srv/second.pem" || die "uhttpd.@uhttpd[1].cert was not written"
: > "$T/uhttpd.log"
# Failures: exit 1, nothing touched, no restart.
cp "$R/etc/uhttpd.crt" "$T/crt.before"
bb "$F/deploy-uhttpd.sh" "$T/nowhere"
expect_rc 1
expect_err "$T/nowhere/fullchain.pem is missing or empty"
bb "$F/deploy-uhttpd.sh" "$D" nosuch
expect_rc 1
expect_err "uhttpd.nosuch is not a uhttpd section"
bb "$F/deploy-uhttpd.sh"
expect_rc 1
expect_err "usage:"
cmp -s "$R/etc/uhttpd.crt" "$T/crt.before" || die "a failed deploy changed uhttpd.crt"
# The certificate cannot be written (its folder is gone): the key is not
# replaced either, so uhttpd never gets a key and certificate that differ.
cat >> "$R/etc/config/uhttpd" <<UCI

config uhttpd 'third'
	option cert '$R/gone/third.pem'
	option key '$R/srv/third.key'
UCI
echo "old key" > "$R/srv/third.key"
bb "$F/deploy-uhttpd.sh" "$D" third
expect_rc 1
expect_err "cannot write $R/gone/third.pem.tacme-new"
[ "$(cat "$R/srv/third.key")" = "old key" ] || die "the key was replaced though its certificate could not be"
! ls "$R/srv" | grep -q tacme || die "a temporary file was left in /srv: $(ls "$R/srv")"
[ ! -s "$T/uhttpd.log" ] || die "a failed deploy restarted uhttpd"
! ls "$R/etc" | grep -q tacme-new || die "a temporary file was left in /etc"
# A uhttpd the admin disabled gets the files but is not started.
: > "$T/uhttpd.disabled"
printf -- '-----BEGIN CERTIFICATE-----\nleaf3\n-----END CERTIFICATE-----\n' > "$D/fullchain.pem"
bb "$F/deploy-uhttpd.sh" "$D"
expect_rc 0
expect_err "uhttpd is not enabled, so it was not restarted"
cmp -s "$D/fullchain.pem" "$R/etc/uhttpd.crt" || die "a disabled uhttpd did not get the certificate"
[ ! -s "$T/uhttpd.log" ] || die "a disabled uhttpd was started: $(cat "$T/uhttpd.log")"
rm "$T/uhttpd.disabled"
echo "ok   deploy-uhttpd.sh"

# ------------------------------------------------------------ crontab.sh
TAB=$T/crontabs/root
mkdir -p "$T/crontabs"
printf '0 3 * * * /sbin/reboot\n*/5 * * * * /usr/bin/other' > "$TAB"
LINE_RE='^([0-9]|[1-5][0-9]) \* \* \* \* \[ -f /var/etc/tacme\.conf \] && /usr/bin/tacme -q -c /var/etc/tacme\.conf --jitter 900 renew # tacme renewal$'
bb "$F/crontab.sh" add "$TAB"
expect_rc 0
[ "$(sed -n 1,2p "$TAB")" = "0 3 * * * /sbin/reboot
*/5 * * * * /usr/bin/other" ] || die "crontab add changed the other lines: $(cat "$TAB")"
[ "$(wc -l < "$TAB")" = 3 ] || die "crontab after add: $(cat "$TAB")"
tail -n 1 "$TAB" | grep -Eq "$LINE_RE" || die "the cron line: $(tail -n 1 "$TAB")"
[ "$(stat -c %a "$TAB")" = 600 ] || die "crontab is not 0600"
cp "$TAB" "$T/tab.once"
bb "$F/crontab.sh" add "$TAB"
expect_rc 0
cmp -s "$TAB" "$T/tab.once" || die "a second add changed the crontab: $(cat "$TAB")"
# The line works in a shell (busybox crond runs it with sh -c): tacme runs
# only when the config exists.
cmd=$(tail -n 1 "$TAB" | cut -d' ' -f6- | sed "s|/var/etc/tacme.conf|$CONF|g; s|/usr/bin/tacme|$R/usr/bin/tacme|")
printf '#!/bin/sh\necho "$*" >> "%s"\n' "$T/tacme-calls" > "$R/usr/bin/tacme"
chmod +x "$R/usr/bin/tacme"
rm -f "$CONF" "$T/tacme-calls"
env PATH="$BB" "$BUSYBOX" sh -c "$cmd"
[ ! -e "$T/tacme-calls" ] || die "the cron line ran tacme without a config"
cp "$T/previous" "$CONF"
env PATH="$BB" "$BUSYBOX" sh -c "$cmd"
[ "$(cat "$T/tacme-calls" 2>/dev/null)" = "-q -c $CONF --jitter 900 renew" ] ||
	die "the cron line ran: $(cat "$T/tacme-calls" 2>/dev/null)"
bb "$F/crontab.sh" remove "$TAB"
expect_rc 0
[ "$(cat "$TAB")" = "0 3 * * * /sbin/reboot
*/5 * * * * /usr/bin/other" ] || die "crontab after remove: $(cat "$TAB")"
cp "$TAB" "$T/tab.removed"
bb "$F/crontab.sh" remove "$TAB"
expect_rc 0
cmp -s "$TAB" "$T/tab.removed" || die "a second remove changed the crontab"
bb "$F/crontab.sh" remove "$T/none/root"
expect_rc 0
[ ! -e "$T/none" ] || die "remove created a crontab"
bb "$F/crontab.sh" add "$T/new/crontabs/root"
expect_rc 0
{ [ "$(wc -l < "$T/new/crontabs/root")" = 1 ] && grep -Eq "$LINE_RE" "$T/new/crontabs/root"; } ||
	die "add to a new crontab: $(cat "$T/new/crontabs/root")"
bb "$F/crontab.sh" frob "$TAB"
expect_rc 1
expect_err "usage:"
echo "ok   crontab.sh"

# ------------------------------------------------------------ ntp hotplug
# hotplug-call sources each script in a subshell, with ACTION set.
# hotplug ACTION [STRATUM]: busybox ntpd's events carry stratum (16: none).
hotplug() {
	env PATH="$BB" ACTION="$1" ${2:+stratum=$2} TACME_ROOT="$R" "$BUSYBOX" sh -c '( . "$1" )' sh "$F/tacme.hotplug"
}
# calls N: waits for N runs of the stub (the hook starts it in the background).
calls() {
	i=0
	while [ "$(cat "$T/tacme-calls" 2>/dev/null | wc -l)" -lt "$1" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	# no more than N: a late run shows within 2 s (0.3 s after the Nth)
	if [ "$1" -eq 0 ]; then sleep 2; else sleep 0.3; fi
	[ "$(cat "$T/tacme-calls" 2>/dev/null | wc -l)" -eq "$1" ] ||
		die "expected $1 run(s) of tacme from the hotplug hook: $(cat "$T/tacme-calls" 2>/dev/null)"
}
rm -f "$T/tacme-calls" "$CONF"
rm -rf "$R/var/run/tacme-ntp-done"
hotplug stratum 2
calls 0
[ ! -e "$R/var/run/tacme-ntp-done" ] || die "the hook marked done without a config"
cp "$T/previous" "$CONF"
hotplug ifup
calls 0
# not synchronised yet (16), or a bare event another package sent: no run,
# and the once-per-boot mark is not used up
hotplug stratum 16
hotplug stratum
calls 0
hotplug stratum 2
calls 1
[ "$(cat "$T/tacme-calls")" = "-q -c $CONF --wait --wait-clock 300 --jitter 60 renew" ] ||
	die "the hook ran: $(cat "$T/tacme-calls")"
hotplug stratum 3
hotplug stratum 2
calls 1
echo "ok   ntp hotplug"

# ------------------------------------------------------------ the whole path
# UCI -> tacme.conf -> register -> issue against Pebble -> deploy to uhttpd.
n="owrt-$$.tacme.test"
fixture <<FIX
config account 'account'
	option directory '$TACME_TEST_DIR_URL'
	option email 'admin@example.com'
	option ca_file '$TACME_TEST_CA'
	option state_dir '$T/state'
	option dns_resolver '$TACME_TEST_DNS'
	option log 'stderr'

config acmedns 'acmedns'
	option url '$TACME_TEST_ACMEDNS'

config certificate 'router'
	list domains '$n'
FIX
cat > "$R/etc/config/uhttpd" <<'UCI'
config uhttpd 'main'
	list listen_https '0.0.0.0:443'
UCI
rm -f "$R/etc/uhttpd.crt" "$R/etc/uhttpd.key"
: > "$T/uhttpd.log"
bb "$F/uci2conf.sh" "$T/tacme.conf"
expect_rc 0
register "$n"
export TACME_ROOT="$R"
run -c "$T/tacme.conf" issue
unset TACME_ROOT
expect_rc 0
check_cert router "$n"
expect_err "deploy command $F/deploy-uhttpd.sh succeeded"
cmp -s "$T/state/router/fullchain.pem" "$R/etc/uhttpd.crt" || die "uhttpd.crt is not the new fullchain.pem"
cmp -s "$T/state/router/privkey.pem" "$R/etc/uhttpd.key" || die "uhttpd.key is not the new privkey.pem"
[ "$(stat -c %a "$R/etc/uhttpd.key")" = 600 ] || die "uhttpd.key is not 0600"
[ "$(cat "$T/uhttpd.log")" = restart ] || die "uhttpd init script calls: $(cat "$T/uhttpd.log")"
echo "ok   UCI to a certificate for uhttpd through Pebble"

# Crash safety: tacme is killed with SIGKILL at every step of an issuance
# that replaces an existing certificate: at each logged step (requests,
# DNS, validation) and at each rename and fsync of the file store (strace
# injects the kill there).  After every kill the previous certificate set,
# its key, the account key and the account URL are intact and consistent,
# and a normal run then completes the job.
# The deploy command too: a certificate that became live is deployed, by
# the killed run or by the next renew (never skipped).
. "$(dirname "$0")/lib.sh"
n="crash-$$.tacme.test"
cat > "$T/deploy.sh" <<DEP
#!/bin/sh
openssl x509 -in "\$TACME_CERT_DIR/cert.pem" -noout -serial >> "$T/deploy.log"
DEP
chmod +x "$T/deploy.sh"
issue_conf "[web]" "names = $n" "deploy = $T/deploy.sh"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
cp "$T/state/account.key" "$T/account.key.orig"
cp "$T/state/account.url" "$T/account.url.orig"

intact() {
	cmp -s "$T/state/account.key" "$T/account.key.orig" || die "$1: account.key changed"
	cmp -s "$T/state/account.url" "$T/account.url.orig" || die "$1: account.url changed"
	check_cert web "$n"
	s=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
	grep -qx "$s" "$T/deploy.log" && return 0
	run -c "$T/tacme.conf" renew
	s=$(openssl x509 -in "$T/state/web/cert.pem" -noout -serial)
	grep -qx "$s" "$T/deploy.log" ||
		die "$1: the live certificate was not deployed, nor by the next renew (exit $rc): $err"
	redeploys=$((redeploys + 1))
}
redeploys=0

# 1. Killed after the k-th log line, for every k of a full run.
"$TACME_BIN" -v -c "$T/tacme.conf" issue 2> "$T/full.err" > /dev/null || die "a full run failed"
lines=$(wc -l < "$T/full.err")
kills=0
ln=1
while [ "$ln" -lt "$lines" ]; do
	"$TACME_BIN" -v -c "$T/tacme.conf" issue 2> "$T/k.err" > /dev/null &
	pid=$!
	i=0
	while [ "$(wc -l < "$T/k.err")" -lt "$ln" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 3000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	intact "killed after log line $ln"
	ln=$((ln + 1))
done
# 2. Killed at the m-th rename and the m-th fsync, for every m.
for call in rename fsync; do
	m=1
	while :; do
		nolsan strace -f -qq -o /dev/null -e trace=$call -e inject=$call:signal=SIGKILL:when=$m \
			"$TACME_BIN" -c "$T/tacme.conf" issue > /dev/null 2>&1
		st=$?
		intact "killed at $call #$m"
		[ "$st" -eq 0 ] && break     # a run with fewer calls than m: done
		kills=$((kills + 1))
		m=$((m + 1))
		[ "$m" -le 40 ] || die "more than 40 ${call}s?"
	done
done
echo "$kills kills, every earlier file intact; $redeploys deploys left to the next renew"
[ "$kills" -ge 10 ] || die "only $kills kills happened"
run -c "$T/tacme.conf" issue
expect_rc 0
intact "after a normal run"
# No stray version folders or temporary files are left behind for long.
run -c "$T/tacme.conf" issue
expect_rc 0
left=$(ls -A "$T/state" | grep -cE "^\.web\.|\.tmp[0-9]|\.lnk[0-9]" || true)
[ "$left" -le 1 ] || die "left behind: $(ls -A "$T/state")"

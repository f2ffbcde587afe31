# Faults a device meets: the disk full, a read-only state folder, a missing
# or empty CA bundle, SERVFAIL from the DNS server, 500/503 from the CA, the
# acme-dns server down.  In each: `tacme issue` exits 1 with a message that
# names the fault, in bounded time, without crashing; the certificate set
# issued before is still there unchanged (tests/lib/snapshot.py: only the
# status line in web.state may change, and the cached directory may go);
# and the next normal run issues.  The real servers of tests/check.sh where
# a user would meet them; tests/hostile_server.py for a CA answering 500/503.
. "$(dirname "$0")/lib.sh"
TOPT=$(cd "$(dirname "$0")/.." && pwd)
SNAP="$TOPT/lib/snapshot.py"
PKI=$(dirname "$TACME_TEST_CA")
BOUND=60                  # seconds any failing run may take

# --- a small file system of its own for the state folder ----------------------
mkdir "$T/mnt"
mounted=
cleanup() {
	[ -n "${hpid:-}" ] && { kill "$hpid" 2> /dev/null; wait "$hpid" 2> /dev/null; }
	[ -n "$mounted" ] && umount "$T/mnt" 2> /dev/null
	[ -n "$mounted" ] && mountpoint -q "$T/mnt" && umount -l "$T/mnt"
	[ "$mounted" = loop ] && losetup -j "$T/fs.img" 2> /dev/null | cut -d: -f1 | xargs -r losetup -d
	true
}
trap cleanup EXIT
if mount -t tmpfs -o size=1m,mode=0755 tacme-faults "$T/mnt" 2> "$T/mount.err"; then
	mounted=tmpfs
elif truncate -s 8M "$T/fs.img" && mkfs.ext4 -q -F "$T/fs.img" > /dev/null 2>&1 &&
	mount -o loop "$T/fs.img" "$T/mnt" 2>> "$T/mount.err"; then
	mounted=loop
else
	die "cannot mount a small file system for the disk-full and read-only cases (tmpfs: $(head -n 1 "$T/mount.err"); a loop file system failed too): run this test as root"
fi
echo "state folder on a $mounted file system ($(df -h --output=size "$T/mnt" | tail -n 1 | tr -d ' '))"
mkdir "$T/mnt/state"
ln -s mnt/state "$T/state"

n="faults-$$.tacme.test"
issue_conf "[web]" "names = $n"
cp "$T/tacme.conf" "$T/good.conf"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
check_cert web "$n"

# fault NAME PHRASE [DIR]: after a failing run (run_timed): exit 1, PHRASE
# in stderr, no crash, within BOUND, and DIR (the state) as snapshotted.
snap() {
	python3 "$SNAP" save "${1:-$T/mnt/state}" "$T/snap.json"
}
run_timed() {
	t0=$(date +%s%N)
	run "$@"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
fault() {
	case "$err" in *Sanitizer* | *"runtime error"* | *Segmentation*)
		die "$1: tacme crashed: $err" ;;
	esac
	[ "$rc" -lt 128 ] || die "$1: tacme killed by a signal (exit $rc): $err"
	[ "$rc" = 1 ] || die "$1: exit code $rc, expected 1; stderr: $err"
	case "$err" in *"$2"*) ;; *) die "$1: stderr lacks \"$2\": $err" ;; esac
	[ "$ms" -le $((BOUND * 1000)) ] || die "$1: took $ms ms, more than $BOUND s"
	python3 "$SNAP" compare "${3:-$T/mnt/state}" "$T/snap.json" web > "$T/diff" ||
		die "$1: the state changed: $(cat "$T/diff")"
	echo "ok   $1 ($((ms / 1000)).$(printf %03d $((ms % 1000)))s): $(echo "$err" | grep -m1 failed)"
}
# normal NAME: the next run with everything working again issues.
normal() {
	cp "$T/good.conf" "$T/tacme.conf"
	run -c "$T/tacme.conf" issue
	[ "$rc" = 0 ] || die "$1: the normal run after it: exit code $rc: $err"
	check_cert web "$n"
}

# --- disk full -------------------------------------------------------------------
snap
dd if=/dev/zero of="$T/mnt/filler" bs=64k > /dev/null 2>&1
dd if=/dev/zero of="$T/mnt/filler2" bs=512 > /dev/null 2>&1
[ "$(df --output=avail "$T/mnt" | tail -n 1 | tr -d ' ')" -le 4 ] || die "could not fill $T/mnt"
run_timed -c "$T/tacme.conf" issue
fault "disk full" "No space left on device"
rm -f "$T/mnt/filler" "$T/mnt/filler2"
normal "disk full"

# --- read-only state folder ----------------------------------------------------------
snap
mount -o remount,ro "$T/mnt" || die "cannot remount $T/mnt read-only"
touch "$T/state/probe" 2> /dev/null && die "the read-only state folder is writable"
run_timed -c "$T/tacme.conf" issue
mount -o remount,rw "$T/mnt" || die "cannot remount $T/mnt read-write"
fault "read-only state folder" "Read-only file system"
normal "read-only state folder"

# --- the CA bundle: missing, then empty ---------------------------------------------
snap
sed "s|^ca_file = .*|ca_file = $T/no-such-bundle.pem|" "$T/good.conf" > "$T/tacme.conf"
run_timed -c "$T/tacme.conf" issue
fault "missing CA bundle" "cannot read the CA bundle $T/no-such-bundle.pem"
normal "missing CA bundle"
snap
: > "$T/empty.pem"
sed "s|^ca_file = .*|ca_file = $T/empty.pem|" "$T/good.conf" > "$T/tacme.conf"
run_timed -c "$T/tacme.conf" issue
fault "empty CA bundle" "the CA bundle $T/empty.pem holds no certificate"
normal "empty CA bundle"

# --- SERVFAIL from the DNS server ------------------------------------------------------
snap
curl -sf -X POST -d "{\"host\":\"_acme-challenge.$n.\"}" "$TACME_TEST_CHALLTESTSRV/set-servfail" \
	> /dev/null || die "set-servfail failed"
run_timed -c "$T/tacme.conf" issue
curl -sf -X POST -d "{\"host\":\"_acme-challenge.$n.\"}" "$TACME_TEST_CHALLTESTSRV/clear-servfail" \
	> /dev/null || die "clear-servfail failed"
fault "DNS SERVFAIL" "DNS answered SERVFAIL for _acme-challenge.$n"
normal "DNS SERVFAIL"

# --- the acme-dns server down (nothing listens on its port) ----------------------------
# With a name added to the section: Pebble reuses valid authorizations
# (PEBBLE_AUTHZREUSE, half of them by default), so an order for names
# validated before may need no TXT record at all.
n2="added-$$.tacme.test"
register "$n2"
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
snap
sed -e "s|^acmedns_url = .*|acmedns_url = http://127.0.0.1:$closed|" \
	-e "s|^names = .*|names = $n $n2|" "$T/good.conf" > "$T/tacme.conf"
run_timed -c "$T/tacme.conf" issue
fault "acme-dns down" "cannot connect to 127.0.0.1 port $closed"
normal "acme-dns down"

# --- 500 and 503 from the CA (the hostile server, faithful but for that) ------------------
H=$T/h
mkdir "$H"
set -- $(free_ports 3)
hports="--https-port $1 --http-port $2 --dns-port $3"
cat > "$H/tacme.conf" <<CONF
directory = https://127.0.0.1:$1/dir
ca_file = $PKI/ca.pem
state_dir = $H/state
acmedns_url = http://127.0.0.1:$2
dns_resolver = 127.0.0.1:$3

[web]
names = $n
CONF
hostile() {
	[ -n "${hpid:-}" ] && { kill "$hpid"; wait "$hpid" 2> /dev/null; }
	rm -f "$H/server.log"
	python3 "$TOPT/hostile_server.py" --pki "$PKI" --work "$H/work" $hports --scenario "$1" \
		> "$H/server.log" 2>&1 &
	hpid=$!
	for i in $(seq 300); do
		grep -qs ready "$H/server.log" && return 0
		sleep 0.05
	done
	die "the hostile server did not start: $(cat "$H/server.log")"
}
# hnormal NAME: a normal run against the faithful server issues a set that
# verifies against the test root.
hnormal() {
	hostile none
	run -c "$H/tacme.conf" issue
	[ "$rc" = 0 ] || die "$1: the normal run after it: exit code $rc: $err"
	openssl verify -CAfile "$PKI/ca.pem" -untrusted "$H/state/web/chain.pem" \
		"$H/state/web/cert.pem" > "$T/verify" 2>&1 || die "$1: openssl verify: $(cat "$T/verify")"
}
hostile none
run -c "$H/tacme.conf" register "$n"
expect_rc 0
hnormal "the first certificate from the hostile server"
# The CA no longer knows the account (a CA reset, an account deleted
# there): tacme looks for its key's account again (this server, restarted,
# has forgotten it: it is made again, and its URL, derived from the key, is
# the same) and issues, instead of failing at every run until account.url is
# deleted by hand.
url=$(cat "$H/state/account.url")
echo "${url%/acct/*}/acct/bm9uZQ" > "$H/state/account.url"
hostile none
run -c "$H/tacme.conf" issue
[ "$rc" = 0 ] || die "account unknown to the CA: exit code $rc: $err"
expect_err "the CA no longer knows the account ${url%/acct/*}/acct/bm9uZQ"
[ "$(cat "$H/state/account.url")" = "$url" ] || die "account.url after the recovery: $(cat "$H/state/account.url")"
# An interrupted rollover whose check the CA answers 429 rateLimited: the
# new key, which the CA may hold, is kept (it was deleted, leaving only the
# old key the CA no longer takes); the next run that gets an answer
# finishes the rollover.
sed "s|^state_dir = .*|state_dir = $H/state2|" "$H/tacme.conf" > "$H/other.conf"
run -c "$H/other.conf" account show
expect_rc 0
cp "$H/state2/account.key" "$H/state/account.key.new"
cp "$H/state2/account.url" "$H/state/account.url"     # the account, now keyed by the new key
hostile account-ratelimited
run -c "$H/tacme.conf" account show
expect_rc 1
cmp -s "$H/state/account.key.new" "$H/state2/account.key" ||
	die "account.key.new was dropped on a 429: $err"
hostile none
run -c "$H/tacme.conf" account show
expect_rc 0
cmp -s "$H/state/account.key" "$H/state2/account.key" || die "the rollover was not finished: $err"
[ ! -e "$H/state/account.key.new" ] || die "account.key.new left behind"
for sc in nonce-status-500 order-status-500 order-503 finalize-503 download-status-500; do
	snap "$H/state"
	hostile "$sc"
	run_timed -c "$H/tacme.conf" issue
	case $sc in
	nonce-*) what="answered 500 without a Replay-Nonce" ;;
	*-503) what="answered 503: serverInternal" ;;
	*) what="answered 500: serverInternal" ;;
	esac
	fault "CA: $sc" "$what" "$H/state"
	case $sc in *-503)
		# Retry-After: 1 was honoured once before giving up.
		case "$err" in *"the CA asks to wait 1 s"*) ;; *) die "$sc: no wait for Retry-After: $err" ;; esac
		[ "$(grep -c "503 $sc" "$H/server.log")" = 2 ] ||
			die "$sc: expected one retry: $(grep "$sc" "$H/server.log")" ;;
	esac
	hnormal "CA: $sc"
done
# A slow CA: finalize answers "processing" with Retry-After: 1000.  The run
# ends at once and keeps the order and its key (0600); the next run fetches
# the certificate instead of ordering (and having one issued) again.
hostile finalize-later
run_timed -c "$H/tacme.conf" issue
[ "$rc" = 1 ] || die "slow CA: exit code $rc: $err"
expect_err "the CA has not issued the certificate yet and asks to wait 1000 s: the order is kept"
[ "$ms" -lt 20000 ] || die "slow CA: the run waited $ms ms"
[ -s "$H/state/.web.order" ] && [ -s "$H/state/.web.order.key" ] || die "the order was not kept: $(ls -a "$H/state")"
[ "$(stat -c %a "$H/state/.web.order.key")" = 600 ] || die "the kept key is not 0600"
cp "$H/state/.web.order.key" "$T/kept.key"
run -c "$H/tacme.conf" status
case "$out" in *"order       finalized, certificate not issued yet"*) ;; *) die "status does not show the kept order: $out" ;; esac
sleep 2
# (renew: the certificate in place is not due, the kept order is fetched)
run -c "$H/tacme.conf" renew
[ "$rc" = 0 ] || die "slow CA, next run: exit code $rc: $err"
expect_err "fetching the order an earlier run finalized"
[ "$(grep -c " /finalize/" "$H/server.log")" = 1 ] || die "finalized again: $(grep /finalize/ "$H/server.log")"
[ "$(grep -c " /new-order " "$H/server.log")" = 1 ] || die "ordered again: $(grep new-order "$H/server.log")"
cmp -s "$H/state/web/privkey.pem" "$T/kept.key" || die "the certificate was stored with another key"
[ ! -e "$H/state/.web.order" ] && [ ! -e "$H/state/.web.order.key" ] || die "the kept order was left: $(ls -a "$H/state")"
openssl verify -CAfile "$PKI/ca.pem" -untrusted "$H/state/web/chain.pem" "$H/state/web/cert.pem" \
	> "$T/verify" 2>&1 || die "slow CA: openssl verify: $(cat "$T/verify")"
echo "ok   a slow CA's order fetched by the next run"
# The CA answers 500 when the kept order is fetched: the order is kept for
# the next run (dropping it would have a second certificate issued).
hostile finalize-later
run -c "$H/tacme.conf" issue
[ "$rc" = 1 ] && [ -s "$H/state/.web.order" ] || die "slow CA again: exit code $rc: $err"
hostile orderpoll-status-500
run -c "$H/tacme.conf" issue
[ "$rc" = 1 ] || die "a 500 on the kept order: exit code $rc: $err"
expect_err "answered 500"
[ -s "$H/state/.web.order" ] || die "a 500 on the kept order dropped it: $err"
! grep -q " /new-order " "$H/server.log" || die "a new order after a 500 on the kept one"
# A kept order the CA no longer knows is dropped: a new order is made.
cp "$T/kept.key" "$H/state/.web.order.key"
url=$(cat "$H/state/account.url")
echo "${url%/acct/*}/order/999" > "$H/state/.web.order"
hostile none
run -c "$H/tacme.conf" issue
[ "$rc" = 0 ] || die "unknown kept order: exit code $rc: $err"
expect_err "the order an earlier run left is dropped"
[ ! -e "$H/state/.web.order" ] || die "the unknown order was kept"
# A CA busy for a moment: 503 with Retry-After: 1, then served.
hostile order-503once
run_timed -c "$H/tacme.conf" issue
[ "$rc" = 0 ] || die "503 once: exit code $rc: $err"
case "$err" in *"the CA asks to wait 1 s"*) ;; *) die "503 once: no wait for Retry-After: $err" ;; esac
echo "ok   CA: one 503 with Retry-After: 1, then issued ($((ms / 1000)).$(printf %03d $((ms % 1000)))s)"
hnormal "after 503 once"

# Operating on an appliance: status; a profile the CA does not offer; a
# 1970 clock (refused before any connection, --wait-clock waits); --jitter;
# syslog; and secrets (keys, acme-dns password) never in any output.
. "$(dirname "$0")/lib.sh"
n="op-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
run -c "$T/tacme.conf" status
expect_rc 0
case "$out" in *"[web]"*"names       $n"*"certificate none"*) ;; *) die "status before: $out" ;; esac
run -c "$T/tacme.conf" renew
expect_rc 0
run -c "$T/tacme.conf" status
expect_rc 0
case "$out" in *"not after   2"*"renew at    2"*"a third of the lifetime left"*"last run    "*"issued"*) ;;
	*) die "status after: $out" ;; esac

# A profile the CA does not offer.
issue_conf "[web]" "names = $n" "profile = shortlived"
run -c "$T/tacme.conf" issue
expect_rc 1
expect_err "the CA does not offer profile \"shortlived\""
run -c "$T/tacme.conf" status
expect_rc 0
case "$out" in *"failed: "*"shortlived"*) ;; *) die "status does not show the failure: $out" ;; esac

# A clock in 1970: nothing is sent; --wait-clock waits, then gives up.
issue_conf "[web]" "names = $n"
runat 86400 -c "$T/tacme.conf" issue
expect_rc 1
expect_err "the clock says 1970-01-02"
start=$(date +%s)
runat 86400 --wait-clock 2 -c "$T/tacme.conf" issue
expect_rc 1
[ $(( $(date +%s) - start )) -ge 2 ] || die "--wait-clock did not wait"
case "$err" in *"or use --wait-clock"*) die "told to use --wait-clock while using it" ;; esac

# --jitter: a random delay before the first request, logged with -v.
t0=$(date +%s%N)
run --jitter 1 -v -c "$T/tacme.conf" issue
t1=$(date +%s%N)
expect_rc 0
expect_err "(--jitter)"
ms=$(printf '%s\n' "$err" | sed -n 's/.*waiting \([0-9]*\) ms.*(--jitter).*/\1/p' | head -n 1)
[ -n "$ms" ] || die "no delay in the log: $err"
[ "$ms" -le 1000 ] || die "a delay of $ms ms for --jitter 1"
[ $(( (t1 - t0) / 1000000 )) -ge "$ms" ] || die "the run took less than the $ms ms it said it waits"

# syslog: the lines go to /dev/log (caught by tests/lib/syslog_shim.c), not
# to stderr; with no /dev/log at all they come to stderr after a notice.
sed -i '1i log = syslog' "$T/tacme.conf"
cc -shared -fPIC -o "$T/syslog_shim.so" "$(dirname "$0")/../lib/syslog_shim.c" -ldl ||
	die "cannot build the syslog shim"
TACME_TEST_SYSLOG="$T/syslog.out" LD_PRELOAD="$T/syslog_shim.so" \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" run -v -c "$T/tacme.conf" issue
expect_rc 0
grep -q 'tacme\[[0-9]*\]: .*POST https://' "$T/syslog.out" || die "nothing was sent to syslog: $(head -3 "$T/syslog.out")"
[ ! -s "$T/err" ] || die "log = syslog still wrote to stderr: $(cat "$T/err")"
# Typed at a terminal (a router's config says log = syslog), the lines go to
# the terminal as well.
: > "$T/syslog.out"
TACME_TEST_SYSLOG="$T/syslog.out" LD_PRELOAD="$T/syslog_shim.so" \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	script -qec "'$TACME_BIN' -v -c '$T/tacme.conf' issue" /dev/null > "$T/tty.out" 2>&1 ||
	die "issue at a terminal failed: $(cat "$T/tty.out")"
grep -q 'tacme: .*POST https://' "$T/tty.out" || die "nothing came to the terminal: $(head -3 "$T/tty.out")"
grep -q 'tacme\[[0-9]*\]: .*POST https://' "$T/syslog.out" || die "nothing was sent to syslog from a terminal"
if [ ! -e /dev/log ]; then
	run -v -c "$T/tacme.conf" issue
	expect_rc 0
	expect_err "no system log at /dev/log: logging to stderr"
	expect_err "tacme: "
fi

# Secrets: run at the most verbose level and look for every secret.
issue_conf "[web]" "names = $n"
run -v -c "$T/tacme.conf" issue
expect_rc 0
all="$out$err"
pw=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]['password'])" "$T/state/acmedns.json" "$n")
case "$all" in *"$pw"*) die "the acme-dns password was printed" ;; esac
for f in account.key web/privkey.pem; do
	body=$(sed -n '2p' "$T/state/$f" | cut -c1-40)
	case "$all" in *"$body"*) die "$f was printed" ;; esac
	[ "$(stat -L -c %a "$T/state/$f")" = 600 ] || die "$f is not 0600"
done
[ "$(stat -c %a "$T/state/acmedns.json")" = 600 ] || die "acmedns.json is not 0600"
[ "$(stat -c %a "$T/state")" = 700 ] || die "the state folder is not 0700"

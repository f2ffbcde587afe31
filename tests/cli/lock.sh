# Two runs on one state folder never overlap: the second exits clearly, or
# waits with --wait; a lock held by a killed process blocks nothing.
. "$(dirname "$0")/lib.sh"
n="lock-$$.tacme.test"
issue_conf "[web]" "names = $n"
register "$n"
hold_lock "$T/state/.lock" 30
run -c "$T/tacme.conf" renew
expect_rc 1
expect_err "another tacme run is working on $T/state"
[ ! -e "$T/state/web" ] || die "the second run went ahead"
# --wait: the holder goes away after a moment; then the run proceeds.
(sleep 2; kill $holder) &
run --wait -c "$T/tacme.conf" renew
expect_rc 0
check_cert web "$n"
# A lock whose holder was killed with SIGKILL is no obstacle.
hold_lock "$T/state/.lock" 30
kill -9 $holder
wait $holder 2>/dev/null
run -c "$T/tacme.conf" issue
expect_rc 0
# Two real runs at once: one wins, the other says so; the state is intact.
"$TACME_BIN" -c "$T/tacme.conf" issue > /dev/null 2> "$T/a.err" &
a=$!
"$TACME_BIN" -c "$T/tacme.conf" issue > /dev/null 2> "$T/b.err"
rb=$?
wait $a
ra=$?
[ $((ra + rb)) -le 1 ] || die "both runs failed: $(cat "$T/a.err" "$T/b.err")"
check_cert web "$n"

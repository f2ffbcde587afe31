#!/bin/bash
# The whole test suite: starts the test servers on loopback (Pebble, TLS
# servers that must be refused, a CONNECT proxy), runs the unit and
# integration runner and the command-line tests, stops what it started, and
# prints "N passed, N failed" last.  usage: tests/check.sh [BUILD_DIR]
set -u
B=${1:-build}
TA_TESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$TA_TESTS")
. "$TA_TESTS/lib/servers.sh"
WORK=$(mktemp -d /tmp/tacme-check.XXXXXX)
trap 'stop_servers; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

start_test_servers "$WORK" || { echo "0 passed, 1 failed"; exit 1; }
export TACME_BIN="${TACME_BIN:-$TOP/tacme}"

passed=0 failed=0 skipped=0
count_runner() {
	last=$(tail -n 1 "$1")
	p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	skipped=$((skipped + $(echo "$last" | sed -n 's/.*, \([0-9]*\) skipped.*/\1/p' | grep . || echo 0)))
	if [ -z "$p" ]; then
		echo "FAIL runner $2 crashed or printed no summary"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

# TACME_ONLY="cli/lock cli/renew_ari": run just those command-line tests.
if [ -z "${TACME_ONLY:-}" ]; then
	echo "== unit and integration tests ($B/tests/runner)"
	"$B/tests/runner" 2>&1 | tee "$WORK/runner.out"
	count_runner "$WORK/runner.out" runner
	echo "== acme-dns stand-in (tests/lib/test_acmedns.sh)"
	bash "$TA_TESTS/lib/test_acmedns.sh" 2>&1 | tee "$WORK/acmedns.out"
	count_runner "$WORK/acmedns.out" acmedns
fi

echo "== command-line tests (tests/cli)"
ran=" "
for t in "$TA_TESTS"/cli/*.sh; do
	name=$(basename "$t" .sh)
	[ "$name" = lib ] && continue
	case " ${TACME_ONLY:-cli/$name} " in *" cli/$name "*) ;; *) continue ;; esac
	ran="$ran cli/$name "
	if timeout 900 bash "$t" > "$WORK/cli-$name.out" 2>&1; then
		echo "ok   cli/$name"
		passed=$((passed + 1))
	else
		echo "FAIL cli/$name"
		sed 's/^/    /' "$WORK/cli-$name.out"
		failed=$((failed + 1))
	fi
done

for want in ${TACME_ONLY:-}; do     # a mistyped name runs nothing: say so
	case $ran in *" $want "*) ;; *) echo "FAIL $want: no such test"; failed=$((failed + 1)) ;; esac
done
# Skipped tests (say, IPv6 on a machine without ::1) are named above by the
# runner; they are neither passes nor failures.
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]

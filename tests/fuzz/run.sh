#!/bin/bash
# Runs every fuzz target for FUZZ_SECONDS (default 60) under ASan and UBSan
# with libFuzzer, starting from a copy of its seed corpus, and prints per
# target the executions, the coverage (libFuzzer's cov: edges and ft:
# features) and the corpus size (seeds -> units at the end).  A crash, a
# sanitizer report, a leak, a unit slower than 10 s (hang), memory over
# FUZZ_RSS_MB, or a run that never finishes fails the target.  Prints
# "ok fuzz/<target>: ..." or "FAIL fuzz/<target>: ..." per target and
# "N passed, N failed" last.
# usage: FUZZ_SECONDS=60 tests/fuzz/run.sh [BUILD_DIR]     (needs clang)
#        FUZZ_TARGETS="fuzz_http fuzz_json" runs just those.
set -u
B=${1:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
RSS=${FUZZ_RSS_MB:-2048}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
make -j2 O="$B" CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
	fuzz > "$B.log" 2>&1 || { tail -20 "$B.log"; echo "FAIL fuzz/build: see $B.log"; echo "0 passed, 1 failed"; exit 1; }
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
passed=0 failed=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	case " ${FUZZ_TARGETS:-$name} " in *" $name "*) ;; *) continue ;; esac
	log="$B/fuzz/$name.log"
	corpus=$(mktemp -d /tmp/tacme-fuzz-corpus.XXXXXX)
	cp -r "tests/fuzz/corpus/${name#fuzz_}/." "$corpus/" 2>/dev/null
	seeds=$(find "$corpus" -type f | wc -l)
	rm -f "$B/fuzz/$name-"crash-* "$B/fuzz/$name-"timeout-* "$B/fuzz/$name-"leak-* \
		"$B/fuzz/$name-"oom-* "$B/fuzz/$name-"slow-unit-*
	# The outer timeout catches a fuzzer that hangs outside a unit.
	timeout -k 10 $((SECS + 120)) "$B/fuzz/$name" -max_total_time="$SECS" -timeout=10 \
		-rss_limit_mb="$RSS" -malloc_limit_mb="$RSS" -detect_leaks=1 -print_final_stats=1 \
		-artifact_prefix="$B/fuzz/$name-" "$corpus" > "$log" 2>&1
	rc=$?
	units=$(find "$corpus" -type f | wc -l)
	rm -rf "$corpus"
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
	cov=$(echo "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$done_line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$done_line" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
	rss=$(sed -n 's/^stat::peak_rss_mb: *\([0-9]*\).*/\1/p' "$log" | tail -1)
	why=""
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="did not finish within $((SECS + 120)) s"
	elif grep -q 'ERROR: libFuzzer: timeout' "$log"; then
		why="hang: a unit took more than 10 s"
	elif grep -q 'ERROR: LeakSanitizer' "$log"; then
		why="memory leak"
	elif grep -qE 'ERROR: libFuzzer: (out-of-memory|malloc limit)' "$log"; then
		why="out of memory (over $RSS MB)"
	elif grep -qE 'ERROR: (AddressSanitizer|libFuzzer: deadly signal|libFuzzer: fuzz target exited)|runtime error:' "$log"; then
		why="crash or sanitizer report"
	elif [ "$rc" -ne 0 ]; then
		why="exit code $rc"
	elif [ -z "$done_line" ] || [ -z "$execs" ] || [ "$execs" -eq 0 ]; then
		why="no final statistics (nothing was run?)"
	elif ls "$B/fuzz/$name-"* 2>/dev/null | grep -qE -- '-(crash|timeout|leak|oom)-'; then
		why="an artifact was written"
	fi
	if [ -z "$why" ]; then
		echo "ok   fuzz/$name: $execs execs, cov $cov, ft $ft, corpus $seeds -> $units units (corp $corp), peak rss ${rss:-?} MB"
		passed=$((passed + 1))
	else
		echo "FAIL fuzz/$name: $why${execs:+ (after $execs execs)}; log $log"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|^ *#[01] 0x' "$log" | head -8 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

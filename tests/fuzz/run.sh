#!/bin/bash
# Runs every fuzz target for FUZZ_SECONDS (default 60) under ASan and UBSan
# with libFuzzer, starting from a copy of its seed corpus, and prints the
# executions and coverage of each.  Any crash, leak, timeout or sanitizer
# report fails.  Prints "N passed, N failed" last.
# usage: tests/fuzz/run.sh [BUILD_DIR]     (needs clang)
set -u
B=${1:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
make -j2 O="$B" CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
	fuzz > "$B.log" 2>&1 || { tail -20 "$B.log"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	corpus=$(mktemp -d)
	cp -r "tests/fuzz/corpus/${name#fuzz_}/." "$corpus/" 2>/dev/null
	if "$B/fuzz/$name" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$B/fuzz/$name-" "$corpus" > "$B/fuzz/$name.log" 2>&1; then
		stats=$(grep -E "DONE|cov:" "$B/fuzz/$name.log" | tail -1 | sed 's/^#\([0-9]*\)[^c]*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 runs, cov \2, ft \3/')
		echo "ok   fuzz/$name: $stats"
		passed=$((passed + 1))
	else
		echo "FAIL fuzz/$name"
		grep -E "ERROR|SUMMARY|Test unit written" "$B/fuzz/$name.log" | head -5 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	rm -rf "$corpus"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

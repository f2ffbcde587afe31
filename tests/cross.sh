#!/bin/bash
# Cross-built tacme under qemu-user: for each target, builds a static musl
# tacme and the unit test runner with the Debian cross compiler
# (make CROSS_COMPILE=<triplet>- STATIC=1), runs the runner under
# qemu-<arch>-static against the test servers (Pebble, pebble-challtestsrv,
# the acme-dns stand-in, the TLS servers that must be refused, the proxy),
# then one end-to-end issuance (tests/cli/issue_one.sh, and any other
# command-line test named in TACME_CROSS_CLI) with the emulated tacme.
# Big-endian mips catches byte-order mistakes.
#
# usage: tests/cross.sh TARGET...    TARGET: mipsel mips arm aarch64
# Prints the runner's "N passed, N failed" line per target and the sum of
# everything last; exits non-zero on any failure.  Environment:
#   TACME_CROSS_CFLAGS   CFLAGS of the cross build (default -Os -g -Werror)
#   TACME_CROSS_CLI      command-line tests to run emulated (default issue_one)
#   CROSS_CACHE          passed to make (musl, BearSSL source; see port/cross)
# The servers are started here (tests/lib/servers.sh), or reused when
# TACME_TEST_DIR_URL and the rest are already set (inside tests/check.sh).
set -u
TA_TESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$TA_TESTS")
cd "$TOP" || exit 1
[ $# -gt 0 ] || { echo "usage: tests/cross.sh TARGET... (mipsel mips arm aarch64)"; exit 2; }

passed=0 failed=0
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
ok() { echo "ok   $1"; passed=$((passed + 1)); }

triplet_of() {
	case $1 in
	mipsel) echo mipsel-linux-gnu ;;
	mips) echo mips-linux-gnu ;;
	arm|armhf) echo arm-linux-gnueabihf ;;
	aarch64|arm64) echo aarch64-linux-gnu ;;
	*) return 1 ;;
	esac
}
qemu_of() {
	case $1 in
	mipsel) echo qemu-mipsel-static ;;
	mips) echo qemu-mips-static ;;
	arm|armhf) echo qemu-arm-static ;;
	aarch64|arm64) echo qemu-aarch64-static ;;
	esac
}

. "$TA_TESTS/lib/servers.sh"
WORK=$(mktemp -d /tmp/tacme-cross.XXXXXX)
trap 'stop_servers; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

if [ -z "${TACME_TEST_DIR_URL:-}" ]; then
	if ! start_test_servers "$WORK" > "$WORK/setup.log" 2>&1; then
		cat "$WORK/setup.log"
		echo "test servers did not start"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
unset https_proxy http_proxy HTTPS_PROXY HTTP_PROXY no_proxy NO_PROXY

for target in "$@"; do
	echo "== $target"
	if ! triplet=$(triplet_of "$target"); then
		fail "cross/$target: unknown target"
		continue
	fi
	qemu=$(qemu_of "$target")
	B="build-$triplet"
	log="$WORK/build-$target.log"
	if make -j"$(nproc 2>/dev/null || echo 2)" CROSS_COMPILE="$triplet-" STATIC=1 O="$B" \
		CFLAGS="${TACME_CROSS_CFLAGS:--Os -g -Werror}" \
		${CROSS_CACHE:+CROSS_CACHE="$CROSS_CACHE"} "$B/tacme" "$B/tests/runner" > "$log" 2>&1; then
		ok "cross/$target/build"
	else
		tail -n 40 "$log" | sed 's/^/    /'
		fail "cross/$target/build"
		continue
	fi
	if ! command -v "$qemu" > /dev/null; then
		fail "cross/$target: $qemu missing (Debian package qemu-user-static)"
		continue
	fi
	# Static, so the emulator needs no target root.
	file_out=$(file -L "$B/tacme" 2>/dev/null || true)
	case $file_out in
	*"statically linked"*) ;;
	*) [ -z "$file_out" ] || { fail "cross/$target: $B/tacme is not static: $file_out"; continue; } ;;
	esac

	echo "-- unit and integration tests ($qemu $B/tests/runner)"
	timeout 1800 "$qemu" "$B/tests/runner" > "$WORK/runner-$target.out" 2>&1
	rc=$?
	grep -v '^ok ' "$WORK/runner-$target.out"
	last=$(tail -n 1 "$WORK/runner-$target.out")
	p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	if [ -z "$p" ]; then
		fail "cross/$target/runner crashed (exit $rc) or printed no summary"
	else
		passed=$((passed + p))
		failed=$((failed + f))
	fi

	echo "-- end-to-end issuance with the emulated tacme"
	cat > "$WORK/tacme-$target" <<SH
#!/bin/sh
exec $qemu "$TOP/$B/tacme" "\$@"
SH
	chmod +x "$WORK/tacme-$target"
	for t in ${TACME_CROSS_CLI:-issue_one}; do
		if TACME_BIN="$WORK/tacme-$target" timeout 900 bash "$TA_TESTS/cli/$t.sh" \
			> "$WORK/cli-$target-$t.out" 2>&1; then
			ok "cross/$target/cli/$t"
		else
			sed 's/^/    /' "$WORK/cli-$target-$t.out"
			fail "cross/$target/cli/$t"
		fi
	done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

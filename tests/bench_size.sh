#!/bin/sh
# Size of a static musl tacme for a router (mipsel by default), built as
# `make CROSS_COMPILE=<triplet>- STATIC=1` does, with the default Kconfig
# and with the smallest useful one (no hook provider, no RSA certificate
# keys, no proxy, no P-384 certificate keys), against the budgets:
#   stripped binary on disk   <= 192 KB (aim: 160 KB)
#   tacme's own code (text)   <=  64 KB
# Own code, BearSSL and the C library are measured from the link map, after
# --gc-sections (make size, port/cross/mapsize.awk).
# usage: tests/bench_size.sh [TARGET]   TARGET: mipsel (default), mips, arm,
#        aarch64.  TACME_SIZE_CFLAGS: CFLAGS (default -Os); TACME_SIZE_MAKE:
#        more make arguments (e.g. MUSL_FROM_SOURCE=1); BEARSSL_CFLAGS and
#        the other make variables also pass through the environment
set -eu
cd "$(dirname "$0")/.."
target=${1:-mipsel}
case $target in
mipsel) t=mipsel-linux-gnu ;;
mips) t=mips-linux-gnu ;;
arm|armhf) t=arm-linux-gnueabihf ;;
aarch64|arm64) t=aarch64-linux-gnu ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac
cflags=${TACME_SIZE_CFLAGS:--Os}
SMALL="CONFIG_HOOK=n CONFIG_KEY_RSA=n CONFIG_PROXY=n CONFIG_KEY_P384=n"

# measure NAME O [CONFIG...]: builds into folder O and prints the figures.
measure() {
	name=$1 o=$2${MUSL_FROM_SOURCE:+-muslsrc}
	shift 2
	mkdir -p "$o"
	rm -f "$o/tacme"   # linked again: the C library or BearSSL may have changed
	# shellcheck disable=SC2086
	make -s -j"$(nproc 2>/dev/null || echo 2)" CROSS_COMPILE="$t-" STATIC=1 O="$o" \
		CFLAGS="$cflags" ${TACME_SIZE_MAKE:-} "$@" "$o/tacme" > "$o/build.log" 2>&1 ||
		{ cat "$o/build.log"; exit 1; }
	"$t-strip" -o "$o/tacme.stripped" "$o/tacme"
	# shellcheck disable=SC2086
	make -s CROSS_COMPILE="$t-" STATIC=1 O="$o" CFLAGS="$cflags" ${TACME_SIZE_MAKE:-} "$@" size > "$o/size.txt" 2>&1 ||
		{ cat "$o/size.txt"; exit 1; }
	disk=$(stat -c %s "$o/tacme.stripped")
	echo "== $name ($target, $t-gcc $cflags, static musl, BearSSL${*:+; $*})"
	printf 'stripped binary on disk: %7d bytes = %5.1f KB   (budget 192 KB, aim 160 KB)%s\n' \
		"$disk" "$(echo "$disk / 1024" | bc -l)" "$( [ "$disk" -le 196608 ] && echo "" || echo "  OVER BUDGET")"
	"$t-size" "$o/tacme.stripped" | awk 'NR>1{printf "whole binary:            text %7d data %6d bss %7d (data+bss %d)\n",$1,$2,$3,$2+$3}'
	sed -n 's/^  \([a-z][^:]*:\)/\1/p' "$o/size.txt" | while read -r line; do
		case $line in
		"tacme own code:"*)
			tx=$(echo "$line" | awk '{print $5}')
			printf '%s   (text budget 64 KB = 65536%s)\n' "$line" "$( [ "$tx" -le 65536 ] && echo "" || echo ", OVER")" ;;
		*) echo "$line" ;;
		esac
	done
	# 32-bit MIPS links nothing from libgcc: 64-bit divisions go through
	# src/div64.c (ARM's 32-bit divide helpers are expected there)
	case $t in
	mips*)
		g=$(sed -n 's|^[^ ]*/libgcc\.a(\([^)]*\))$|\1|p' "$o/tacme.map" | tr '\n' ' ')
		echo "libgcc.a members linked: ${g:-none}${g:+  UNEXPECTED (a 64-bit / or % in the code?)}" ;;
	esac
}

measure "default Kconfig" "build-size-$target"
# shellcheck disable=SC2086
measure "smallest useful config" "build-size-$target-small" $SMALL

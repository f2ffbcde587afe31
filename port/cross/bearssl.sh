#!/bin/sh
# Builds BearSSL from source as a static library for the cross build: every
# file of BearSSL's src/ is compiled with -ffunction-sections -fdata-sections,
# so that the final link (--gc-sections) keeps only the functions and tables
# tacme reaches.  Run by the Makefile (port/cross/cross.mk).
#
# usage: port/cross/bearssl.sh SRC CACHE OUT AR CC [CFLAGS...]
#   SRC    BearSSL source tree (BEARSSL_SRC=); fetched when it is
#          CACHE/src/bearssl and missing: Debian's bearssl source package
#   OUT    folder for libbearssl.a
#   AR     the archiver; CC the compiler (one word or several, e.g. with its
#          musl specs); CFLAGS its flags
set -eu
src=$1 cache=$2 out=$3 ar=$4 cc=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$src/inc/bearssl.h" ]; then
	if [ "$src" != "$cache/src/bearssl" ]; then
		echo "bearssl.sh: $src is not a BearSSL source tree (no inc/bearssl.h)" >&2
		exit 1
	fi
	w="$cache/src/bearssl.tmp"
	rm -rf "$w"
	mkdir -p "$w"
	(cd "$w" && sh "$here/apt.sh" "$cache" any source bearssl)
	d=$(cd "$w" && ls -d bearssl-*/ | head -n 1)
	rm -rf "$src"
	mv "$w/$d" "$src"
	rm -rf "$w"
fi

rm -rf "$out/obj"
mkdir -p "$out/obj"
# One compiler per source file, as many at once as there are CPUs.
find "$src/src" -name '*.c' | sort > "$out/sources"
BR_CFLAGS="$*"
export out src cc BR_CFLAGS
if ! xargs -P "$(nproc 2>/dev/null || echo 2)" -n 16 sh -c '
	for f; do
		o=$(echo "${f#$src/src/}" | tr / _)
		$cc $BR_CFLAGS -I"$src/inc" -I"$src/src" -c -o "$out/obj/${o%.c}.o" "$f" || exit 255
	done' sh < "$out/sources"; then
	echo "bearssl.sh: compiling BearSSL failed" >&2
	exit 1
fi
rm -f "$out/libbearssl.a.tmp"
(cd "$out/obj" && $ar rcs ../libbearssl.a.tmp *.o)
mv "$out/libbearssl.a.tmp" "$out/libbearssl.a"
rm -rf "$out/obj" "$out/sources"

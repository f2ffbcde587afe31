#!/bin/sh
# Makes a musl C library for a Debian cross compiler (gcc-<triplet>, which
# targets glibc) and a gcc specs file that makes that compiler build and link
# against musl, as OpenWrt's toolchain does.  Run once per target by the
# Makefile (port/cross/cross.mk); the result is reused.
#
# usage: [MUSL_FROM_SOURCE=1] [MUSL_NOPIC=1] port/cross/musl.sh GCC OUT CACHE
#   GCC    the cross compiler, e.g. mipsel-linux-gnu-gcc
#   OUT    where include/, lib/ and musl-gcc.specs go
#   CACHE  cache folder for apt lists and the musl source
# Where Debian has a musl-dev package for the target architecture (mipsel,
# armhf, arm64...), it is downloaded and unpacked; otherwise (big-endian mips,
# or MUSL_FROM_SOURCE=1) musl is built from Debian's musl source package.
set -eu
gcc=$1 out=$2 cache=$3
# Nothing of the calling make (CFLAGS=-Werror on its command line...)
# reaches musl's own build.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEFILES CFLAGS CPPFLAGS LDFLAGS CC
here=$(cd "$(dirname "$0")" && pwd)
triplet=$($gcc -dumpmachine)
case $triplet in
mipsel-*) arch=mipsel ;;
mips-*) arch=mips ;;
mips64el-*) arch=mips64el ;;
arm-*hf) arch=armhf ;;
arm-*) arch=armel ;;
aarch64-*) arch=arm64 ;;
x86_64-*) arch=amd64 ;;
i?86-*) arch=i386 ;;
powerpc64le-*) arch=ppc64el ;;
riscv64-*) arch=riscv64 ;;
s390x-*) arch=s390x ;;
*) echo "musl.sh: no Debian architecture known for $triplet" >&2; exit 1 ;;
esac

rm -rf "$out.tmp"
mkdir -p "$out.tmp/include" "$out.tmp/lib"
ldso=

from_package() {
	w="$out.tmp/deb"
	mkdir -p "$w"
	(cd "$w" && sh "$here/apt.sh" "$cache" "$arch" download musl-dev) || return 1
	dpkg-deb -x "$w"/musl-dev_*.deb "$w/x" || return 1
	m=$(cd "$w/x/usr/lib" && ls -d *-linux-musl* | head -n 1)
	[ -n "$m" ] && [ -f "$w/x/usr/lib/$m/libc.a" ] || return 1
	cp -R "$w/x/usr/include/$m/." "$out.tmp/include/"
	cp "$w/x/usr/lib/$m"/*.o "$w/x/usr/lib/$m"/*.a "$out.tmp/lib/"
	ldso=$(sed -n 's/.*-dynamic-linker \([^ ]*\).*/\1/p' "$w/x/usr/lib/$m/musl-gcc.specs")
	rm -rf "$w"
}

from_source() {
	src="$cache/src/musl"
	if [ ! -f "$src/configure" ]; then
		w="$cache/src/musl.tmp"
		rm -rf "$w"
		mkdir -p "$w"
		(cd "$w" && sh "$here/apt.sh" "$cache" "$arch" source musl) || return 1
		d=$(cd "$w" && ls -d musl-*/ | head -n 1)
		rm -rf "$src"
		mv "$w/$d" "$src"
		rm -rf "$w"
	fi
	b="$out.tmp/build"
	mkdir -p "$b"
	# Out-of-tree build, static library only, small.  Not position
	# independent (MUSL_NOPIC=1): only the static library and the plain
	# start files, as the PIC ones (Scrt1.o, rcrt1.o) cannot be built so.
	cflags="-Os -ffunction-sections -fdata-sections"
	targets=
	if [ "${MUSL_NOPIC:-0}" = 1 ]; then
		cflags="$cflags -fno-pic -mno-abicalls"
		targets="lib/libc.a lib/crt1.o lib/crti.o lib/crtn.o"
	fi
	# shellcheck disable=SC2086
	(cd "$b" && "$src/configure" --target="$triplet" CC="$gcc" CROSS_COMPILE="${gcc%gcc}" \
		--prefix="$out.tmp/usr" --disable-shared --disable-wrapper \
		CFLAGS="$cflags" > configure.log 2>&1 &&
		make -j"$(nproc 2>/dev/null || echo 2)" $targets > make.log 2>&1 &&
		if [ -n "$targets" ]; then
			make install-headers > install.log 2>&1 && mkdir -p "$out.tmp/usr/lib" &&
			cp lib/libc.a lib/crt1.o lib/crti.o lib/crtn.o "$out.tmp/usr/lib/"
		else
			make install > install.log 2>&1
		fi) || { tail -n 20 "$b"/*.log >&2; return 1; }
	cp -R "$out.tmp/usr/include/." "$out.tmp/include/"
	cp "$out.tmp/usr/lib"/*.o "$out.tmp/usr/lib"/*.a "$out.tmp/lib/"
	ldso=/lib/ld-musl-$(sed -n 's/^ARCH = //p' "$b/config.mak")$(sed -n 's/^SUBARCH = //p' "$b/config.mak").so.1
	rm -rf "$b" "$out.tmp/usr"
}

if [ "${MUSL_FROM_SOURCE:-0}" = 1 ] || ! from_package; then
	echo "musl.sh: no musl-dev package for $arch: building musl from source" >&2
	rm -rf "$out.tmp/deb"
	from_source
fi
[ -n "$ldso" ] || { echo "musl.sh: cannot tell musl's dynamic loader name" >&2; exit 1; }

# The specs file of musl's own musl-gcc wrapper (tools/musl-gcc.specs.sh),
# pointing at OUT.  Not position independent: the plain start files, and
# not gcc's crtbeginS.o/crtendS.o (PIC; C code without constructors or
# unwind tables needs nothing from them).
inc="$out/include" lib="$out/lib"
start="%{!shared: $lib/Scrt1.o} $lib/crti.o crtbeginS.o%s" end="crtendS.o%s $lib/crtn.o"
if [ "${MUSL_NOPIC:-0}" = 1 ]; then
	start="$lib/crt1.o $lib/crti.o" end="$lib/crtn.o"
fi
cat > "$out.tmp/musl-gcc.specs" <<SPECS
%rename cpp_options old_cpp_options

*cpp_options:
-nostdinc -isystem $inc -isystem include%s %(old_cpp_options)

*cc1:
%(cc1_cpu) -nostdinc -isystem $inc -isystem include%s

*link_libgcc:
-L$lib -L .%s

*libgcc:
libgcc.a%s %:if-exists(libgcc_eh.a%s)

*startfile:
$start

*endfile:
$end

*link:
-dynamic-linker $ldso -nostdlib %{shared:-shared} %{static:-static} %{rdynamic:-export-dynamic}

*esp_link:


*esp_options:


*esp_cpp_options:


SPECS
rm -rf "$out"
mv "$out.tmp" "$out"

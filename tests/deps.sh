#!/bin/sh
# Installs what building and testing tacme needs on Debian 12 (as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
	make gcc clang libc6-dev libbearssl-dev libwolfssl-dev \
	pebble openssl ca-certificates curl python3 faketime valgrind strace time bc util-linux busybox \
	gcc-mipsel-linux-gnu gcc-mips-linux-gnu qemu-user-static dpkg-dev file
# (Cross builds fetch musl and BearSSL for the target themselves, once:
# port/cross/.  arm and aarch64 need gcc-arm-linux-gnueabihf and
# gcc-aarch64-linux-gnu too; CI builds mipsel and big-endian mips.)
# Pebble 2.6.0 (ARI) from Debian 13, unpacked beside the system's 2.4.0.
sh "$(dirname "$0")/lib/pebble26.sh"

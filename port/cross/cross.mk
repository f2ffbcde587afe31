# Cross builds, included by the Makefile when CROSS_COMPILE is set:
#   make CROSS_COMPILE=mipsel-linux-gnu- STATIC=1   (into build-mipsel-linux-gnu/)
# Knobs: CROSS_CACHE (default ~/.cache/tacme-cross), BEARSSL_SRC,
# BEARSSL_CFLAGS (default -Os; -DBR_USE_UNIX_TIME=0 is always added),
# MUSL_FROM_SOURCE=0|1, MUSL_DIR, MIPS16=0|1, NOPIC=0|1 (MIPS), LTO=0|1.
# With one of Debian's cross compilers (gcc-<triplet>, made for glibc),
# tacme is built and linked against musl, as on OpenWrt: port/cross/musl.sh
# builds musl from Debian's source package (or, with MUSL_FROM_SOURCE=0,
# fetches Debian's musl-dev where the target has one) once into CROSS_CACHE
# and writes a gcc specs file for it.  A compiler whose triplet
# names musl (an OpenWrt toolchain) or a CC given on the command line is used
# as it is.
# With BearSSL and no TLS_LIBS given, BearSSL is built from source
# (BEARSSL_SRC=DIR, or Debian's bearssl source package fetched once into
# CROSS_CACHE) into $(B)/cross/bearssl/libbearssl.a.  Every object is
# compiled with -ffunction-sections -fdata-sections, so the link
# (--gc-sections) keeps only what tacme reaches.
CROSS_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/tacme-cross
CROSS_PREP :=
# The rules below must not become the default goal.
.DEFAULT_GOAL := all

ifeq ($(CC),$(CROSS_COMPILE)cc)
CROSS_GCC := $(CROSS_COMPILE)gcc
CROSS_TRIPLET := $(shell $(CROSS_GCC) -dumpmachine 2>/dev/null)
ifeq ($(CROSS_TRIPLET),)
$(error $(CROSS_GCC) not found: install Debian's gcc-$(patsubst %-,%,$(CROSS_COMPILE)))
endif
# A static binary is not position independent (smaller code, as on OpenWrt);
# Debian's compilers make PIE by default.
CROSS_CODE := $(if $(STATIC),-fno-pie -no-pie)
# MIPS: MIPS16e code, a third smaller, as OpenWrt builds its packages on
# targets whose cores have it (feature mips16: 24Kc, 74Kc, 1004Kc...).  The
# C library stays in its usual form; -minterlink-mips16 calls across.
# MIPS16=0 for a core without the MIPS16e extension.  With MIPS16e's eight
# registers, a function inlined into its only caller makes that caller
# spill more than the call costs: -fno-inline-functions-called-once takes
# 0.9 KB off tacme on mipsel (on ARM and aarch64 it adds, so not there).
ifneq ($(filter mips-% mipsel-%,$(CROSS_TRIPLET)),)
MIPS16 ?= 1
endif
CROSS_CODE += $(if $(filter 1,$(MIPS16)),-mips16 -minterlink-mips16 -fno-inline-functions-called-once)
# aarch64, static: segments aligned for 4 KB pages, as OpenWrt's kernels
# use; the linker's default (64 KB, for 64 KB-page kernels) pads the file by
# up to 64 KB (16 KB on the current binary).  PAGE_SIZE=65536 for a kernel
# with 64 KB pages.
ifneq ($(filter aarch64-%,$(CROSS_TRIPLET)),)
ifneq ($(STATIC),)
PAGE_SIZE ?= 4096
override LDFLAGS += -Wl,-z,max-page-size=$(PAGE_SIZE)
endif
endif
# A static binary is linked with link-time optimisation of tacme's own code
# (calls across files inlined or dropped: 9 KB less on mipsel).  LTO=0 off.
ifneq ($(STATIC),)
LTO ?= 1
endif
ifeq ($(LTO),1)
override CFLAGS += -flto=auto
endif
ifeq ($(findstring musl,$(CROSS_TRIPLET)),)
# musl is built from Debian's source package with -Os and per-function
# sections, as OpenWrt builds its C library (Debian's musl-dev is built for
# speed: 16 KB more in tacme).  MUSL_FROM_SOURCE=0 takes Debian's package
# where there is one (mipsel, armhf, arm64).
MUSL_FROM_SOURCE ?= 1
# MIPS, static, musl from source: no position-independent code at all (the
# MIPS PIC ABI calls every function through the GOT, 12-14 bytes a call
# instead of 4: 10 KB less in tacme, 6 KB in BearSSL, 2.4 KB in musl), as a
# static binary is never relocated.  NOPIC=0 keeps the usual form.
ifneq ($(filter mips-% mipsel-%,$(CROSS_TRIPLET)),)
ifneq ($(STATIC),)
NOPIC ?= $(MUSL_FROM_SOURCE)
endif
endif
ifeq ($(NOPIC),1)
CROSS_CODE += -mno-abicalls
endif
MUSL_DIR ?= $(CROSS_CACHE)/$(CROSS_TRIPLET)/musl$(if $(filter 1,$(MUSL_FROM_SOURCE)),-src)$(if $(filter 1,$(NOPIC)),-nopic)
CC := $(CROSS_GCC) -specs=$(MUSL_DIR)/musl-gcc.specs $(CROSS_CODE)
CROSS_PREP += $(MUSL_DIR)/musl-gcc.specs
$(MUSL_DIR)/musl-gcc.specs:
	@echo '  MUSL   $(MUSL_DIR)'
	$(Q)MUSL_FROM_SOURCE='$(MUSL_FROM_SOURCE)' MUSL_NOPIC='$(NOPIC)' sh port/cross/musl.sh '$(CROSS_GCC)' '$(MUSL_DIR)' '$(CROSS_CACHE)'
else
CC := $(CROSS_GCC) $(CROSS_CODE)
endif
endif

ifneq ($(CONFIG_TLS_WOLFSSL),y)
ifeq ($(origin TLS_LIBS),undefined)
BEARSSL_SRC ?= $(CROSS_CACHE)/src/bearssl
BEARSSL_CFLAGS ?= -Os
CROSS_BEARSSL := $(B)/cross/bearssl/libbearssl.a
TLS_LIBS := $(CROSS_BEARSSL)
TEST_LIBS ?=
override CPPFLAGS += -isystem $(BEARSSL_SRC)/inc
CROSS_PREP += $(CROSS_BEARSSL)
# BR_USE_UNIX_TIME=0: the X.509 engine takes the time tacme gives it
# (port/bearssl/x509.c always sets it) and never calls time() itself;
# that fallback divided a 64-bit time_t and brought libgcc's __divdi3 and
# __moddi3 (2.3 KB on mipsel) into the binary.
# No unwind tables (C, nothing unwinds through it): Debian's aarch64
# compiler makes them by default, 9.7 KB of .eh_frame in the binary.
CROSS_BEARSSL_FLAGS := $(BEARSSL_CFLAGS) -DBR_USE_UNIX_TIME=0 -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables
# The library is built again when its compiler or flags change.
$(shell mkdir -p $(B)/cross/bearssl)
$(B)/cross/bearssl/flags: FORCE
	$(file >$@.tmp,$(CC) $(CROSS_BEARSSL_FLAGS) $(BEARSSL_SRC))
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp
$(CROSS_BEARSSL): $(B)/cross/bearssl/flags | $(filter %.specs,$(CROSS_PREP))
	@echo '  BEARSSL $(BEARSSL_SRC) -> $@'
	$(Q)sh port/cross/bearssl.sh '$(BEARSSL_SRC)' '$(CROSS_CACHE)' '$(dir $@)' \
		'$(CROSS_COMPILE)ar' '$(CC)' $(CROSS_BEARSSL_FLAGS)
endif
endif

# Everything compiled waits for the target's C library and BearSSL.
$(B)/config.h $(B)/version.c: | $(CROSS_PREP)

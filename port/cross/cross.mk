# Cross builds, included by the Makefile when CROSS_COMPILE is set:
#   make CROSS_COMPILE=mipsel-linux-gnu- STATIC=1   (into build-mipsel-linux-gnu/)
# Knobs: CROSS_CACHE (default ~/.cache/tacme-cross), BEARSSL_SRC,
# BEARSSL_CFLAGS (default -Os), MUSL_FROM_SOURCE=1, MUSL_DIR.
# With one of Debian's cross compilers (gcc-<triplet>, made for glibc),
# tacme is built and linked against musl, as on OpenWrt: port/cross/musl.sh
# fetches Debian's musl-dev for the target (or builds musl from Debian's
# source package where there is none, e.g. big-endian mips) once into
# CROSS_CACHE and writes a gcc specs file for it.  A compiler whose triplet
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
ifeq ($(findstring musl,$(CROSS_TRIPLET)),)
# MUSL_FROM_SOURCE=1 builds musl (-Os) even where Debian has a package.
MUSL_DIR ?= $(CROSS_CACHE)/$(CROSS_TRIPLET)/musl$(if $(filter 1,$(MUSL_FROM_SOURCE)),-src)
CC := $(CROSS_GCC) -specs=$(MUSL_DIR)/musl-gcc.specs $(CROSS_CODE)
CROSS_PREP += $(MUSL_DIR)/musl-gcc.specs
$(MUSL_DIR)/musl-gcc.specs:
	@echo '  MUSL   $(MUSL_DIR)'
	$(Q)MUSL_FROM_SOURCE='$(MUSL_FROM_SOURCE)' sh port/cross/musl.sh '$(CROSS_GCC)' '$(MUSL_DIR)' '$(CROSS_CACHE)'
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
$(CROSS_BEARSSL): | $(filter %.specs,$(CROSS_PREP))
	@echo '  BEARSSL $(BEARSSL_SRC) -> $@'
	$(Q)sh port/cross/bearssl.sh '$(BEARSSL_SRC)' '$(CROSS_CACHE)' '$(dir $@)' \
		'$(CROSS_COMPILE)ar' '$(CC)' $(BEARSSL_CFLAGS) -ffunction-sections -fdata-sections
endif
endif

# Everything compiled waits for the target's C library and BearSSL.
$(B)/config.h $(B)/version.c: | $(CROSS_PREP)

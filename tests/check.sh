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

sh "$TA_TESTS/lib/mkcerts.sh" "$WORK/pki" || { echo "cannot make test certificates"; echo "0 passed, 1 failed"; exit 1; }
fail_setup() { echo "setup failed: $1"; echo "0 passed, 1 failed"; exit 1; }
start_dns "$WORK" || fail_setup pebble-challtestsrv
PEBBLE_DNS="127.0.0.1:$DNS_PORT" PEBBLE_WFE_NONCEREJECT=${PEBBLE_WFE_NONCEREJECT:-50} \
	PEBBLE_ALTERNATE_ROOTS=1 start_pebble "$WORK/pki" || fail_setup pebble
P24_PORT=$PEBBLE_PORT P24_MGMT=$PEBBLE_MGMT_PORT P24_URL=$PEBBLE_DIR_URL
# Pebble 2.6.0 from Debian 13 (ARI), for the renewal tests.
PEBBLE26=${PEBBLE26:-/opt/tacme-test/pebble-2.6/usr/bin/pebble}
[ -x "$PEBBLE26" ] || fail_setup "Pebble 2.6 missing: run sh tests/lib/pebble26.sh"
PEBBLE_BIN=$PEBBLE26 PEBBLE_DNS="127.0.0.1:$DNS_PORT" PEBBLE_WFE_NONCEREJECT=0 \
	start_pebble "$WORK/pki" || fail_setup pebble-2.6
export TACME_TEST_DIR26_URL="$PEBBLE_DIR_URL" TACME_TEST_PEBBLE26_PORT="$PEBBLE_PORT"
export TACME_TEST_PEBBLE26_MGMT="https://127.0.0.1:$PEBBLE_MGMT_PORT"
PEBBLE_PORT=$P24_PORT PEBBLE_MGMT_PORT=$P24_MGMT PEBBLE_DIR_URL=$P24_URL
start_acmedns "$WORK" || fail_setup acme-dns
start_tls_server WRONG "$WORK/pki" "$WORK/pki/wrongname.pem" "$WORK/pki/wrongname.key" || fail_setup wrongname
start_tls_server UNTRUSTED "$WORK/pki" "$WORK/pki/untrusted.pem" "$WORK/pki/untrusted.key" || fail_setup untrusted
start_proxy "$WORK" "tester:s3cret%pw" || fail_setup proxy
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
	V6_PORT=$(free_port)
	spawn V6 "$WORK/v6.log" openssl s_server -quiet -accept "[::1]:$V6_PORT" \
		-cert "$WORK/pki/server.pem" -key "$WORK/pki/server.key" -www
	sleep 0.5
	export TACME_TEST_V6_URL="https://[::1]:$V6_PORT/"
fi

export TACME_TEST_CA="$WORK/pki/ca.pem"
export TACME_TEST_DIR_URL="$PEBBLE_DIR_URL"
export TACME_TEST_PEBBLE_PORT="$PEBBLE_PORT"
export TACME_TEST_PEBBLE_MGMT="https://127.0.0.1:$PEBBLE_MGMT_PORT"
export TACME_TEST_DNS="127.0.0.1:$DNS_PORT"
export TACME_TEST_CHALLTESTSRV="http://127.0.0.1:$DNS_MGMT_PORT"
export TACME_TEST_ACMEDNS="http://127.0.0.1:$ACMEDNS_PORT"
export TACME_TEST_WRONGNAME_URL="https://127.0.0.1:$WRONG_PORT/"
export TACME_TEST_UNTRUSTED_URL="https://127.0.0.1:$UNTRUSTED_PORT/"
export TACME_TEST_PROXY="http://tester:s3cret%25pw@127.0.0.1:$PROXY_PORT"
export TACME_TEST_PROXY_LOG="$WORK/proxy.log"
export TACME_BIN="${TACME_BIN:-$TOP/tacme}"
export TACME_TEST_WORK="$WORK"
unset https_proxy http_proxy HTTPS_PROXY HTTP_PROXY no_proxy NO_PROXY

passed=0 failed=0
count_runner() {
	last=$(tail -n 1 "$1")
	p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
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
for t in "$TA_TESTS"/cli/*.sh; do
	name=$(basename "$t" .sh)
	[ "$name" = lib ] && continue
	case " ${TACME_ONLY:-cli/$name} " in *" cli/$name "*) ;; *) continue ;; esac
	if timeout 900 bash "$t" > "$WORK/cli-$name.out" 2>&1; then
		echo "ok   cli/$name"
		passed=$((passed + 1))
	else
		echo "FAIL cli/$name"
		sed 's/^/    /' "$WORK/cli-$name.out"
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

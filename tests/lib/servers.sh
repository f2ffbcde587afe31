# Shell functions to start the test servers on loopback and stop them by
# PID.  Sourced by tests/check.sh and the README's demo.  Every server we
# start is recorded in $TA_PIDS; stop_servers kills exactly those.
TA_PIDS=""

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_tcp PORT [SECONDS]: waits until something listens on 127.0.0.1:PORT.
wait_tcp() {
	python3 - "$1" "${2:-20}" <<'PY'
import socket, sys, time
port, limit = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + limit
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# spawn NAME LOG CMD...: starts CMD in the background, remembers its PID.
spawn() {
	name=$1 log=$2
	shift 2
	"$@" > "$log" 2>&1 &
	TA_PIDS="$TA_PIDS $!"
	eval "PID_$name=$!"
}

stop_servers() {
	for p in $TA_PIDS; do
		kill "$p" 2>/dev/null || true
	done
	for p in $TA_PIDS; do
		wait "$p" 2>/dev/null || true
	done
	TA_PIDS=""
}

# start_pebble DIR: PKI in DIR (tests/lib/mkcerts.sh), Pebble on free ports.
# Sets PEBBLE_PORT, PEBBLE_MGMT_PORT, PEBBLE_DIR_URL.  Extra environment
# (PEBBLE_WFE_NONCEREJECT...) passes through.  PEBBLE_BIN overrides the
# binary (e.g. a newer Pebble).
start_pebble() {
	dir=$1
	PEBBLE_PORT=$(free_port)
	PEBBLE_MGMT_PORT=$(free_port)
	cat > "$dir/pebble-$PEBBLE_PORT.json" <<JSON
{"pebble": {
  "listenAddress": "127.0.0.1:$PEBBLE_PORT",
  "managementListenAddress": "127.0.0.1:$PEBBLE_MGMT_PORT",
  "certificate": "$dir/server.pem",
  "privateKey": "$dir/server.key",
  "httpPort": 5002, "tlsPort": 5001,
  "ocspResponderURL": "",
  "externalAccountBindingRequired": false
}}
JSON
	PEBBLE_VA_NOSLEEP=1 spawn pebble "$dir/pebble-$PEBBLE_PORT.log" \
		"${PEBBLE_BIN:-pebble}" -config "$dir/pebble-$PEBBLE_PORT.json" ${PEBBLE_DNS:+-dnsserver "$PEBBLE_DNS"}
	if ! wait_tcp "$PEBBLE_PORT" 30; then
		echo "pebble did not start:" >&2
		cat "$dir/pebble-$PEBBLE_PORT.log" >&2
		return 1
	fi
	PEBBLE_DIR_URL="https://127.0.0.1:$PEBBLE_PORT/dir"
}

# start_tls_server NAME DIR CERT KEY: openssl s_server on a free port
# answering HTTP (for certificate-rejection tests).  Sets <NAME>_PORT.
start_tls_server() {
	name=$1 dir=$2 cert=$3 key=$4
	port=$(free_port)
	spawn "$name" "$dir/$name.log" openssl s_server -quiet -accept "127.0.0.1:$port" \
		-cert "$cert" -key "$key" -www
	wait_tcp "$port" 20 || return 1
	eval "${name}_PORT=$port"
}

# start_proxy DIR [USER:PASS]: the CONNECT proxy on a free port; sets PROXY_PORT.
start_proxy() {
	PROXY_PORT=$(free_port)
	spawn proxy "$1/proxy.log" python3 "$TA_TESTS/lib/proxy.py" "$PROXY_PORT" ${2:-}
	wait_tcp "$PROXY_PORT" 20
}

# start_dns DIR: pebble-challtestsrv as the DNS server Pebble validates
# against (DNS on DNS_PORT, management API on DNS_MGMT_PORT).
start_dns() {
	DNS_PORT=$(free_port)
	DNS_MGMT_PORT=$(free_port)
	spawn dns "$1/challtestsrv.log" pebble-challtestsrv -dns01 "127.0.0.1:$DNS_PORT" \
		-management "127.0.0.1:$DNS_MGMT_PORT" -http01 "" -https01 "" -tlsalpn01 ""
	wait_tcp "$DNS_MGMT_PORT" 20
}

# start_acmedns DIR: the acme-dns test server publishing into challtestsrv
# (after start_dns); sets ACMEDNS_PORT.
start_acmedns() {
	ACMEDNS_PORT=$(free_port)
	spawn acmedns "$1/acmedns.log" python3 "$TA_TESTS/acmedns_server.py" \
		--listen "127.0.0.1:$ACMEDNS_PORT" --zone auth.test. \
		--challtestsrv "http://127.0.0.1:$DNS_MGMT_PORT"
	wait_tcp "$ACMEDNS_PORT" 20
}

# write_conf FILE SECTION NAME: a tacme config for the servers started above
# (Pebble, challtestsrv, acme-dns) with one certificate section; state in
# the folder beside FILE.
write_conf() {
	cat > "$1" <<CONF
# tacme against the local test servers
directory = $PEBBLE_DIR_URL
ca_file = $(dirname "$1")/pki/ca.pem
state_dir = $(dirname "$1")/state
acmedns_url = http://127.0.0.1:$ACMEDNS_PORT
dns_resolver = 127.0.0.1:$DNS_PORT

[$2]
names = $3
CONF
}

# set_cname NAME TARGET: the one-time delegation a user creates at their
# DNS host, made here in the test DNS server.
set_cname() {
	curl -sf -X POST -d "{\"host\":\"_acme-challenge.$1.\",\"target\":\"$2\"}" \
		"http://127.0.0.1:$DNS_MGMT_PORT/set-cname" > /dev/null
}

# start_test_servers WORK: every server the suite needs, on loopback (the
# DNS server, Pebble 2.4 rejecting half of its nonces, Pebble 2.6 with ARI,
# acme-dns, TLS servers tacme must refuse, a proxy, an IPv6 server when the
# machine has ::1), and the TACME_TEST_* variables that tell the tests where
# they are.  Needs TA_TESTS.  On failure says which server and returns 1.
start_test_servers() {
	_w=$1
	_fail() { echo "setup failed: $1"; return 1; }
	sh "$TA_TESTS/lib/mkcerts.sh" "$_w/pki" || { _fail "test certificates"; return 1; }
	start_dns "$_w" || { _fail pebble-challtestsrv; return 1; }
	PEBBLE_DNS="127.0.0.1:$DNS_PORT" PEBBLE_WFE_NONCEREJECT=${PEBBLE_WFE_NONCEREJECT:-50} \
		PEBBLE_ALTERNATE_ROOTS=1 start_pebble "$_w/pki" || { _fail pebble; return 1; }
	_p24="$PEBBLE_PORT $PEBBLE_MGMT_PORT $PEBBLE_DIR_URL"
	# Pebble 2.6.0 from Debian 13 (ARI), for the renewal tests.
	PEBBLE26=${PEBBLE26:-/opt/tacme-test/pebble-2.6/usr/bin/pebble}
	[ -x "$PEBBLE26" ] || { _fail "Pebble 2.6 missing: run sh tests/lib/pebble26.sh"; return 1; }
	PEBBLE_BIN=$PEBBLE26 PEBBLE_DNS="127.0.0.1:$DNS_PORT" PEBBLE_WFE_NONCEREJECT=0 \
		start_pebble "$_w/pki" || { _fail pebble-2.6; return 1; }
	export TACME_TEST_DIR26_URL="$PEBBLE_DIR_URL" TACME_TEST_PEBBLE26_PORT="$PEBBLE_PORT"
	export TACME_TEST_PEBBLE26_MGMT="https://127.0.0.1:$PEBBLE_MGMT_PORT"
	set -- $_p24
	PEBBLE_PORT=$1 PEBBLE_MGMT_PORT=$2 PEBBLE_DIR_URL=$3
	start_acmedns "$_w" || { _fail acme-dns; return 1; }
	start_tls_server WRONG "$_w/pki" "$_w/pki/wrongname.pem" "$_w/pki/wrongname.key" ||
		{ _fail wrongname; return 1; }
	start_tls_server UNTRUSTED "$_w/pki" "$_w/pki/untrusted.pem" "$_w/pki/untrusted.key" ||
		{ _fail untrusted; return 1; }
	start_proxy "$_w" "tester:s3cret%pw" || { _fail proxy; return 1; }
	if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
		V6_PORT=$(free_port)
		spawn V6 "$_w/v6.log" openssl s_server -quiet -accept "[::1]:$V6_PORT" \
			-cert "$_w/pki/server.pem" -key "$_w/pki/server.key" -www
		sleep 0.5
		export TACME_TEST_V6_URL="https://[::1]:$V6_PORT/"
	fi
	export TACME_TEST_CA="$_w/pki/ca.pem"
	export TACME_TEST_DIR_URL="$PEBBLE_DIR_URL"
	export TACME_TEST_PEBBLE_PORT="$PEBBLE_PORT"
	export TACME_TEST_PEBBLE_MGMT="https://127.0.0.1:$PEBBLE_MGMT_PORT"
	export TACME_TEST_DNS="127.0.0.1:$DNS_PORT"
	export TACME_TEST_CHALLTESTSRV="http://127.0.0.1:$DNS_MGMT_PORT"
	export TACME_TEST_ACMEDNS="http://127.0.0.1:$ACMEDNS_PORT"
	export TACME_TEST_WRONGNAME_URL="https://127.0.0.1:$WRONG_PORT/"
	export TACME_TEST_UNTRUSTED_URL="https://127.0.0.1:$UNTRUSTED_PORT/"
	export TACME_TEST_PROXY="http://tester:s3cret%25pw@127.0.0.1:$PROXY_PORT"
	export TACME_TEST_PROXY_LOG="$_w/proxy.log"
	export TACME_TEST_WORK="$_w"
	unset https_proxy http_proxy HTTPS_PROXY HTTP_PROXY no_proxy NO_PROXY
}

#!/bin/bash
# Benchmarks (figures, not pass/fail): one fresh issuance of one name
# against a local Pebble through acme-dns, measured from outside tacme.
#   requests to the CA   (tacme -v logs each request; counted per CA port)
#   TCP connections      (strace: connect() calls to the CA's port)
#   processes spawned    (strace: execve/clone/fork after the start)
#   CPU time user+sys    (GNU time)
#   peak RSS             (GNU time)
#   peak heap and stack  (valgrind massif: `tacme directory`, `tacme issue`)
#   static RAM           (data + bss of the binary)
#   text size            (size of tacme's own objects, -Os)
# usage: tests/bench.sh [BUILD_DIR]
set -eu
B=${1:-build}
TA_TESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$TA_TESTS")
TACME=${TACME_BIN:-$TOP/tacme}
. "$TA_TESTS/lib/servers.sh"
WORK=$(mktemp -d /tmp/tacme-bench.XXXXXX)
trap 'stop_servers; rm -rf "$WORK"' EXIT
sh "$TA_TESTS/lib/mkcerts.sh" "$WORK/pki"
cc -O2 -o "$WORK/rusage" "$TA_TESTS/lib/rusage.c"
start_dns "$WORK"
PEBBLE_WFE_NONCEREJECT=0 PEBBLE_DNS="127.0.0.1:$DNS_PORT" start_pebble "$WORK/pki"
start_acmedns "$WORK"
name="bench.tacme.test"
write_conf "$WORK/tacme.conf" bench "$name"
rec=$("$TACME" -c "$WORK/tacme.conf" register "$name")
set_cname "$name" "${rec##* CNAME }"
strace -f -qq -e trace=connect,execve,clone,clone3,fork,vfork -o "$WORK/strace" \
	"$TACME" -v -c "$WORK/tacme.conf" issue 2> "$WORK/log"
reqs=$(grep -cE "tacme: (GET|HEAD|POST) https://127.0.0.1:$PEBBLE_PORT/" "$WORK/log")
conns=$(grep -c "connect(.*sin_port=htons($PEBBLE_PORT)" "$WORK/strace")
procs=$(grep -cE "execve\(|clone3?\(|v?fork\(" "$WORK/strace")
echo "fresh issuance of one name (new account), acme-dns provider:"
echo "  requests to the CA:      $reqs   (budget 10)"
echo "  TCP connections to CA:   $conns   (budget 1)"
echo "  processes spawned:       $((procs - 1))   (budget 0; tacme's own execve not counted)"
rm -rf "$WORK/state/bench" "$WORK/state/.bench."* "$WORK/state/account.url" "$WORK/state/account.key"
read -r cpu rss rc < <("$WORK/rusage" "$TACME" -c "$WORK/tacme.conf" issue)
echo "  CPU user+sys:            $((cpu / 1000)).$(printf %03d $((cpu % 1000))) ms   (budget 20 ms; exit $rc)"
echo "  peak RSS:                $rss KB   (budget 2048 KB)"
read -r cpu rss rc < <("$WORK/rusage" "$TACME" -c "$WORK/tacme.conf" issue)
echo "renewal-like issuance (account exists): CPU $((cpu / 1000)).$(printf %03d $((cpu % 1000))) ms, peak RSS $rss KB (exit $rc)"
valgrind --tool=massif --stacks=no --massif-out-file="$WORK/massif" "$TACME" -c "$WORK/tacme.conf" directory > /dev/null 2>&1
peak=$(grep mem_heap_B "$WORK/massif" | sed 's/.*=//' | sort -n | tail -1)
echo "peak heap, tacme directory (valgrind massif): ${peak} bytes   (budget 16384)"
valgrind --tool=massif --stacks=no --massif-out-file="$WORK/massif2" "$TACME" -c "$WORK/tacme.conf" issue > /dev/null 2>&1
peak=$(grep mem_heap_B "$WORK/massif2" | sed 's/.*=//' | sort -n | tail -1)
echo "peak heap, tacme issue (valgrind massif): ${peak} bytes   (budget 16384)"
valgrind --tool=massif --stacks=yes --depth=1 --massif-out-file="$WORK/massif3" "$TACME" -c "$WORK/tacme.conf" issue > /dev/null 2>&1
peak=$(grep mem_stacks_B "$WORK/massif3" | sed 's/.*=//' | sort -n | tail -1)
echo "peak stack, tacme issue (valgrind massif --stacks=yes): ${peak} bytes"
size "$TACME" | awk 'NR>1{printf "static RAM of the binary (data + bss): %d bytes   (budget 65536; text %d)\n",$2+$3,$1}'
# Renewal budgets against Pebble 2.6.0 (ARI), if it is there.
P26=${PEBBLE26:-/opt/tacme-test/pebble-2.6/usr/bin/pebble}
if [ -x "$P26" ]; then
	PEBBLE_BIN=$P26 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_DNS="127.0.0.1:$DNS_PORT" start_pebble "$WORK/pki"
	sed -i "s|^directory = .*|directory = $PEBBLE_DIR_URL|; s|^state_dir = .*|state_dir = $WORK/state26|" "$WORK/tacme.conf"
	mkdir -p "$WORK/state26"
	cp "$WORK/state/acmedns.json" "$WORK/state26/"
	"$TACME" -c "$WORK/tacme.conf" renew 2> /dev/null
	touch "$WORK/marker"
	sleep 1
	strace -f -qq -e trace=connect,openat -o "$WORK/strace2" "$TACME" -c "$WORK/tacme.conf" renew 2> /dev/null || true
	conns=$(grep -cE "connect\(.*sin6?_port" "$WORK/strace2" || true)
	read -r cpu rss rc < <("$WORK/rusage" "$TACME" -c "$WORK/tacme.conf" renew)
	written=$(find "$WORK/state26" -newer "$WORK/marker" | wc -l)
	echo "renew with nothing due (Pebble 2.6, ARI): exit $rc, $conns connections (budget 0),"
	echo "  CPU $((cpu / 1000)).$(printf %03d $((cpu % 1000))) ms (budget 2 ms), $written files written (budget 0), peak RSS $rss KB"
	lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
	later=$(python3 -c "import json; d=json.load(open('$WORK/state26/bench.state')); print(d['not_after'] - 3600)")
	FAKETIME="@$(date -u -d "@$later" '+%Y-%m-%d %H:%M:%S')" LD_PRELOAD=$lib \
		"$TACME" -v -c "$WORK/tacme.conf" renew 2> "$WORK/log2" || true
	reqs=$(grep -cE "tacme: (GET|HEAD|POST) https://127.0.0.1:$PEBBLE_PORT/" "$WORK/log2")
	polls=$(grep -c "renewalInfo" "$WORK/log2" || true)
	grep -E "tacme: (GET|HEAD|POST)" "$WORK/log2" | sed "s/https:[^ ]*\/\([a-zA-Z-]*\)\/.*/\1/" > "$WORK/reqs2"; cat "$WORK/reqs2" >&2
	echo "renewal (account exists, ARI poll then renew): $reqs requests to the CA (budget 9), over $(grep -c 'connected to 127.0.0.1 port '"$PEBBLE_PORT" "$WORK/log2") connection(s)"
fi
if [ -d "$B/src" ]; then
	size "$B"/src/*.o "$B"/port/*/*.o | awk 'NR>1{t+=$1;d+=$2;b+=$3} END{printf "tacme own code (x86_64, as built): text %d data %d bss %d\n",t,d,b}'
fi

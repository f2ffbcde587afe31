#!/bin/bash
# Benchmarks (figures, not pass/fail): one fresh issuance of one name
# against a local Pebble through acme-dns, measured from outside tacme.
#   requests to the CA   (tacme -v logs each request; counted per CA port)
#   TCP connections      (strace: connect() calls to the CA's port)
#   processes spawned    (strace: execve/clone/fork after the start)
#   CPU time user+sys    (GNU time)
#   peak RSS             (GNU time)
#   peak heap            (valgrind massif, `tacme directory`)
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
start_dns "$WORK"
PEBBLE_DNS="127.0.0.1:$DNS_PORT" start_pebble "$WORK/pki"
start_acmedns "$WORK"
name="bench.tacme.test"
cat > "$WORK/tacme.conf" <<CONF
directory = $PEBBLE_DIR_URL
ca_file = $WORK/pki/ca.pem
state_dir = $WORK/state
acmedns_url = http://127.0.0.1:$ACMEDNS_PORT
dns_resolver = 127.0.0.1:$DNS_PORT
[bench]
names = $name
CONF
rec=$("$TACME" -c "$WORK/tacme.conf" register "$name")
target=${rec##* CNAME }
curl -sf -X POST -d "{\"host\":\"_acme-challenge.$name.\",\"target\":\"$target\"}" \
	"http://127.0.0.1:$DNS_MGMT_PORT/set-cname" > /dev/null
# Account first (its own run), so the measured run is a plain issuance
# with an existing account... and one fresh run including the account.
strace -f -qq -e trace=connect,execve,clone,fork,vfork -o "$WORK/strace" \
	/usr/bin/time -f "%U %S %M" -o "$WORK/time" "$TACME" -v -c "$WORK/tacme.conf" issue 2> "$WORK/log"
reqs=$(grep -cE "tacme: (GET|HEAD|POST) https://127.0.0.1:$PEBBLE_PORT/" "$WORK/log")
conns=$(grep -c "connect(.*sin_port=htons($PEBBLE_PORT)" "$WORK/strace")
procs=$(grep -cE "execve\(|clone\(|fork\(" "$WORK/strace")
read -r user sys rss < "$WORK/time"
echo "fresh issuance of one name (new account), acme-dns provider:"
echo "  requests to the CA:      $reqs   (budget 10)"
echo "  TCP connections to CA:   $conns   (budget 1)"
echo "  processes spawned:       $((procs - 1))   (budget 0; the count excludes tacme's own execve)"
echo "  CPU user+sys:            $(echo "$user + $sys" | bc) s   (budget 0.020 s; includes strace overhead)"
/usr/bin/time -f "%U %S %M" -o "$WORK/time2" "$TACME" -c "$WORK/tacme.conf" issue 2> /dev/null
read -r user sys rss2 < "$WORK/time2"
echo "  again, without strace:   CPU $(echo "$user + $sys" | bc) s, peak RSS ${rss2} KB   (budget 2048 KB)"
valgrind --tool=massif --stacks=no --massif-out-file="$WORK/massif" "$TACME" -c "$WORK/tacme.conf" directory > /dev/null 2>&1
peak=$(grep mem_heap_B "$WORK/massif" | sed 's/.*=//' | sort -n | tail -1)
echo "peak heap, tacme directory (valgrind massif): ${peak} bytes   (budget 16384)"
valgrind --tool=massif --stacks=no --massif-out-file="$WORK/massif2" "$TACME" -c "$WORK/tacme.conf" issue > /dev/null 2>&1
peak=$(grep mem_heap_B "$WORK/massif2" | sed 's/.*=//' | sort -n | tail -1)
echo "peak heap, tacme issue (valgrind massif): ${peak} bytes"
if [ -d "$B/src" ]; then
	size "$B"/src/*.o "$B"/port/*/*.o | awk 'NR>1{t+=$1;d+=$2;b+=$3} END{printf "tacme own code (x86_64, as built): text %d data %d bss %d\n",t,d,b}'
fi

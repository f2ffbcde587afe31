# tacme against a hostile CA, acme-dns and DNS server (tests/hostile_server.py):
# every scenario breaks one step in one way (framing, status, JSON, missing
# fields, the certificate, DNS packets).  For each: `tacme issue` exits 1
# within a bound, says what failed, does not crash, and leaves the state
# folder -- which holds a good certificate set from an earlier run -- as it
# was.  The well-behaved scenario "none" must issue (exit 0): the server is
# faithful.  Scenarios run in parallel, one server per slot.
#   TACME_HOSTILE_ONLY="order-truncated cname-servfail"   just those
#   TACME_HOSTILE_SLOW=1    also the scenarios tacme needs minutes for
#   TACME_HOSTILE_SLOTS=N   servers in parallel (default 16)
#   TACME_HOSTILE_LOG=FILE  a copy of every scenario's result and message
. "$(dirname "$0")/lib.sh"
TOPT=$(cd "$(dirname "$0")/.." && pwd)
HS="$TOPT/hostile_server.py"
SNAP="$TOPT/lib/snapshot.py"
PKI=$(dirname "$TACME_TEST_CA")
SLOTS=${TACME_HOSTILE_SLOTS:-16}
N1=host.hostile.test
N2=www.host.hostile.test
[ -f "$PKI/ca.key" ] || die "no test PKI in $PKI"

# expect SCENARIO: sets $phrase (an extended regex stderr must match),
# $bound (seconds tacme may take) and $est (seconds it usually takes).
expect() {
	bound=20 est=2 phrase=
	case $1 in
	# --- bounded by tacme's timeouts ------------------------------------------
	txt-toomany) bound=150 est=125 phrase="after 120 s, DNS still does not show the TXT value.*more than tacme reads" ;;
	txt-*) bound=150 est=125 phrase="after 120 s, DNS still does not show the TXT value" ;;
	*-drip) bound=80 est=62 phrase="took (longer|more) than 60000 ms" ;;
	*-hang | *-tls-stall) bound=45 est=31 phrase="no data from the server for 30000 ms" ;;
	# datagrams with another id, another question or no QR bit are skipped
	# (a stray one must not end the lookup): as silence
	cname-wrongid | cname-silent | cname-otherquestion | cname-noqr)
		bound=25 est=7 phrase="DNS server .* did not answer" ;;
	cname-tc-tcphang) bound=25 est=5 phrase="no data from the server for 4000 ms" ;;
	authzpoll-retry-after) bound=200 est=180 phrase="still pending after 180 s" ;;
	# a Retry-After past the 300 s (held to a day): no use waiting, the
	# order is kept for the next run
	orderpoll-retry-after) phrase="has not issued the certificate yet and asks to wait 86400 s" ;;
	*-missing-certificate) phrase="the order is valid but has no certificate URL" ;;
	# --- HTTP framing -----------------------------------------------------------
	*-cl-larger) phrase="truncated at [0-9]+ of [0-9]+ bytes" ;;
	*-truncated) phrase="chunked response from .* truncated" ;;
	*-cl-bad | *-cl-conflict) phrase="bad Content-Length" ;;
	*-cl-huge | *-huge-chunked | *-chunk-overflow) phrase="larger than the buffer" ;;
	*-huge-close) phrase="larger than the [0-9]+-byte buffer" ;;
	*-headers-endless) phrase="headers from .* are larger than .*CONFIG_HTTP_HEAD_MAX" ;;
	*-headers-many) phrase="more than [0-9]+ header lines|are larger than .*CONFIG_HTTP_HEAD_MAX" ;;
	*-header-nul) phrase="NUL byte in the headers|malformed response headers" ;;
	*-header-fold | *-status-garbage | *-not-http) phrase="malformed response headers" ;;
	*-interim-flood) phrase="unexpected status 100" ;;
	*-status-101) phrase="unexpected status 101" ;;
	*-chunk-bad | *-chunk-negative) phrase="bad chunk size" ;;
	*-chunk-nocrlf) phrase="chunk from .* is not followed by CRLF" ;;
	*-chunk-longline) phrase="chunk line too long" ;;
	*-chunk-trailing) phrase="bytes after the chunked body|malformed response headers" ;;
	*-te-gzip) phrase="unsupported Transfer-Encoding" ;;
	*-reset-head) phrase="Connection reset by peer" ;;
	*-reset-body) phrase="Connection reset by peer" ;;
	*-close-early) phrase="closed the connection without a response" ;;
	# Content-Length smaller than the body: what tacme reads is cut short,
	# and the rest comes before the next answer on the connection.  A chain
	# cut short (its last certificate broken) must be refused, not stored.
	download-cl-smaller) phrase="truncated|readable certificate|chain" ;;
	*-cl-smaller) phrase="not a JSON object|more bytes than its Content-Length|malformed response headers" ;;
	# --- status codes -------------------------------------------------------------
	nonce-status-204body | nonce-body | *-status-204body) phrase="a body where none is allowed" ;;
	nonce-status-* | nonce-redirect-loop | nonce-503* | nonce-missing-nonce)
		phrase="answered [0-9]+ without a Replay-Nonce" ;;
	*-status-500) phrase="answered (status )?500" ;;
	*-status-418) phrase="answered (status )?418" ;;
	*-status-201) phrase="answered (status )?201" ;;
	*-redirect-loop) phrase="answered (status )?302" ;;
	*-503-retry-after | *-503) phrase="answered (status )?503" ;;
	*-ratelimited) phrase="answered 429: rateLimited" ;;
	*-badnonce) phrase="answered 400: badNonce" ;;
	update-401) phrase="refused the credentials for $N1" ;;
	# --- bodies ---------------------------------------------------------------------
	*-json-garbage | *-json-array | *-json-deep | *-json-tokens) phrase="not a JSON object" ;;
	download-empty-body) phrase="the CA sent no readable certificate" ;;
	# An empty body is no order or authorization: not the previous answer
	# read again (which says "valid" after the challenge, "processing"
	# after finalize).
	authzpoll-empty-body) phrase="authorization of $N1: the CA's answer has no status" ;;
	*-empty-body) phrase="not a JSON object|has no status|empty" ;;
	directory-json-types) phrase="the directory has no usable \"newNonce\" URL" ;;
	directory-missing-neworder) phrase="the directory has no usable \"newOrder\" URL" ;;
	authz-json-types | authz-missing-identifier) phrase="has no status or identifier" ;;
	# A status missing or not a string is said as such, not blamed on DNS.
	authzpoll-json-types | authzpoll-missing-status)
		phrase="authorization of $N1: the CA's answer has no status" ;;
	*-json-types | *-missing-finalize | *-missing-status) phrase="the order has no status or finalize URL" ;;
	account-missing-location) phrase="the CA gave no account URL" ;;
	order-missing-location) phrase="the CA gave no order URL" ;;
	order-missing-authorizations) phrase="the order has no authorizations" ;;
	order-many-authorizations) phrase="too many authorizations" ;;
	authz-missing-challenges | authz-missing-dns01) phrase="offers no dns-01 challenge" ;;
	authz-missing-token | authz-missing-url) phrase="has no url or token" ;;
	# An authorization already invalid is reported with its error, rather
	# than the order being finalized anyway (403 orderNotReady).
	authz-invalid) phrase="authorization of $N1 is invalid" ;;
	authzpoll-invalid) phrase="authorization of $N1 is invalid: unauthorized" ;;
	finalize-invalid | orderpoll-invalid) phrase="the order is invalid, not processing: badCSR: hostile: refused" ;;
	finalize-ready) phrase="the order is ready, not processing" ;;
	# --- the certificate ------------------------------------------------------------
	download-cert-otherkey | download-cert-reversed) phrase="the certificate is not for our key" ;;
	download-cert-othernames | download-cert-extraname | download-cert-missingname)
		phrase="not carry exactly the names" ;;
	download-cert-garbage | download-cert-notpem) phrase="the CA sent no readable certificate" ;;
	# (over the HTTP buffer at its default size; with a bigger one, over
	# the chain limit)
	download-cert-huge) phrase="chain is larger than [0-9]+ bytes|is [0-9]+ bytes, larger than the buffer \(CONFIG_HTTP_BUF_SIZE\)" ;;
	download-cert-badintermediate) phrase="readable certificate|chain|intermediate" ;;
	# --- DNS --------------------------------------------------------------------------
	cname-servfail) phrase="DNS answered SERVFAIL for _acme-challenge" ;;
	cname-tc-tcpwrongid) phrase="DNS answer about _acme-challenge.$N1 does not match the query" ;;
	cname-cnameloop) phrase="CNAME chain from _acme-challenge.$N1 is longer than [0-9]+ records" ;;
	cname-tc-tcphuge) phrase="DNS answer from 127.0.0.1 over TCP is 65535 bytes, more than" ;;
	# A TCP answer closed early or cut short is an error, never parsed from
	# what the buffer held before (the UDP answer).
	cname-tc-tcpclose | cname-tc-tcptrunc)
		phrase="DNS.*(closed|TCP|truncated|short)|(closed|TCP|truncated|short).*DNS" ;;
	cname-*) phrase="malformed (DNS record|CNAME)" ;;
	esac
}

# start_server SLOT SCENARIO: the hostile server on the slot's ports; $spid.
start_server() {
	local d=$T/slot$1 try i line hp ap dp
	read -r hp ap dp <<< "${PORTS[$1]}"
	for try in 1 2 3 4 5; do
		rm -f "$d/server.log"         # no "ready" from the last one
		python3 "$HS" --pki "$PKI" --work "$d/work" --https-port "$hp" --http-port "$ap" \
			--dns-port "$dp" --scenario "$2" > "$d/server.log" 2>&1 &
		spid=$!
		for i in $(seq 400); do
			line=
			[ -s "$d/server.log" ] && read -r line < "$d/server.log"
			case $line in *" ready "*) return 0 ;; esac
			kill -0 "$spid" 2> /dev/null || break
			sleep 0.025
		done
		kill "$spid" 2> /dev/null
		wait "$spid" 2> /dev/null
		sleep 1                       # a port still held: try again
	done
	cat "$d/server.log" >&2
	return 1
}

stop_server() {
	kill "$spid" 2> /dev/null
	wait "$spid" 2> /dev/null
}

slot_conf() {
	local d=$T/slot$1
	set -- ${PORTS[$1]}
	cat > "$d/tacme.conf" <<CONF
directory = https://127.0.0.1:$1/dir
ca_file = $PKI/ca.pem
state_dir = $d/state
acmedns_url = http://127.0.0.1:$2
dns_resolver = 127.0.0.1:$3
contact = mailto:admin@example.com

[web]
names = $N1 $N2
CONF
}

# golden SLOT: scenario "none": register both names, issue, check the set.
golden() {
	local d=$T/slot$1 name
	start_server "$1" none || { echo "server did not start"; return 1; }
	for name in $N1 $N2; do
		timeout 60 "$TACME_BIN" -c "$d/tacme.conf" register "$name" > "$d/out" 2> "$d/err" ||
			{ stop_server; echo "register $name: $(cat "$d/err")"; return 1; }
		grep -q "^_acme-challenge\.$name\. CNAME .*\.auth\.hostile\.test\.$" "$d/out" ||
			{ stop_server; echo "register printed: $(cat "$d/out")"; return 1; }
	done
	timeout 120 "$TACME_BIN" -c "$d/tacme.conf" issue > "$d/out" 2> "$d/err"
	rc=$?
	stop_server
	[ "$rc" = 0 ] || { echo "issue exit code $rc: $(cat "$d/err")"; return 1; }
	w=$d/state/web
	openssl verify -CAfile "$PKI/ca.pem" -untrusted "$w/chain.pem" "$w/cert.pem" > "$d/verify" 2>&1 ||
		{ echo "openssl verify: $(cat "$d/verify")"; return 1; }
	[ "$(cat "$w/cert.pem" "$w/chain.pem")" = "$(cat "$w/fullchain.pem")" ] ||
		{ echo "fullchain != cert + chain"; return 1; }
	got=$(openssl x509 -in "$w/cert.pem" -noout -ext subjectAltName | tail -n +2 | tr ',' '\n' |
		sed -n 's/^ *DNS://p' | sort | tr '\n' ' ')
	[ "$got" = "$N1 $N2 " ] || { echo "names: $got"; return 1; }
	[ "$(openssl pkey -in "$w/privkey.pem" -pubout | sha256sum)" = \
		"$(openssl x509 -in "$w/cert.pem" -noout -pubkey | sha256sum)" ] ||
		{ echo "privkey.pem does not match cert.pem"; return 1; }
	grep -q . "$d/state/account.url" || { echo "no account.url"; return 1; }
	# The starting points, each with its snapshot: the good set as is; without
	# the cached directory (else the directory scenarios would not fetch it);
	# without account.url (else the account scenarios would send no newAccount).
	mv "$d/state" "$d/golden"
	cp -a "$d/golden" "$d/golden-nodir"
	rm "$d/golden-nodir/directory.json"
	cp -a "$d/golden" "$d/golden-noacct"
	rm "$d/golden-noacct/account.url"
	for g in golden golden-nodir golden-noacct; do
		python3 "$SNAP" save "$d/$g" "$d/$g.snap" || return 1
	done
	mkdir "$d/done"
}

# scenario SLOT NAME: one run.  Appends "NAME SECONDS<TAB>why it failed<TAB>
# tacme's message" to the slot's results, and "STATE-FOLDER SNAPSHOT NAME"
# to its list of states to compare (all at the end, in one go: a Python
# start less per scenario).
scenario() {
	local k=$1 sc=$2 d=$T/slot$1 g=golden t0 t1 ms why='' err msg
	case $sc in
	directory-*) g=golden-nodir ;;
	account-*) g=golden-noacct ;;
	esac
	rm -rf "$d/state"
	cp -a "$d/$g" "$d/state"
	expect "$sc"
	if ! start_server "$k" "$sc"; then
		printf '%s 0s\t%s\t\n' "$sc" "the hostile server did not start" >> "$d/results"
		return
	fi
	t0=$(date +%s%N)
	timeout -k 5 $((bound + 10)) "$TACME_BIN" -c "$d/tacme.conf" issue > "$d/out" 2> "$d/err"
	rc=$?
	t1=$(date +%s%N)
	stop_server
	mv "$d/state" "$d/done/$sc"
	echo "$d/done/$sc $d/$g.snap $sc" >> "$d/states"
	ms=$(( (t1 - t0) / 1000000 ))
	err=$(< "$d/err")
	msg=${err#*failed: }
	[ "$msg" = "$err" ] && msg=${err: -300}
	msg=${msg%%$'\n'*}
	if [[ $err =~ Sanitizer|runtime\ error|Segmentation|core\ dumped ]]; then
		why="crashed: $(grep -Em3 "Sanitizer|runtime error|SUMMARY|Segmentation" "$d/err" | tr '\n' ' ')"
	elif [ "$rc" -ge 124 ]; then
		why="killed or crashed (exit $rc)"
	elif [ "$rc" != 1 ]; then
		why="exit code $rc, expected 1"
	elif [ -z "$phrase" ]; then
		why="no expectation for this scenario in hostile.sh"
	elif ! grep -Eq -- "$phrase" "$d/err"; then
		why="stderr lacks /$phrase/"
	elif [ "$ms" -ge $((bound * 1000)) ]; then
		why="took longer than the ${bound}s bound"
	fi
	printf '%s %d.%03ds\t%s\t%s\n' "$sc" $((ms / 1000)) $((ms % 1000)) "$why" "$msg" >> "$d/results"
	[ -z "$why" ] || { echo "--- $sc"; cat "$d/err"; echo "- server log:"; tail -n 20 "$d/server.log"; } \
		>> "$d/failed-stderr"
}

worker() {
	local sc
	while read -r sc; do
		scenario "$1" "$sc"
	done < "$T/slot$1/queue"
}

all=$(python3 "$HS" --list ${TACME_HOSTILE_SLOW:+--slow}) || die "hostile_server.py --list failed"
[ -n "${TACME_HOSTILE_ONLY:-}" ] && all=$(printf '%s\n' $TACME_HOSTILE_ONLY)
echo "$all" | grep -qx none || all="none
$all"
ports=$(free_ports $((3 * SLOTS)))
set -- $ports
declare -a PORTS
for k in $(seq "$SLOTS"); do
	mkdir -p "$T/slot$k"
	PORTS[$k]="$1 $2 $3"            # https (CA), http (acme-dns), DNS
	shift 3
	slot_conf "$k"
	: > "$T/slot$k/results"
	: > "$T/slot$k/states"
done

began=$(date +%s)
# The well-behaved server first, once per slot: each slot's good set.
for k in $(seq "$SLOTS"); do
	golden "$k" > "$T/slot$k/golden.out" 2>&1 &
done
wait
gfail=0
for k in $(seq "$SLOTS"); do
	if [ -d "$T/slot$k/golden" ]; then :; else
		echo "FAIL none (slot $k): $(cat "$T/slot$k/golden.out")"
		gfail=1
	fi
done
[ "$gfail" = 0 ] || die "the well-behaved scenario \"none\" did not issue: the server or tacme is broken"
echo "ok   none: $SLOTS good certificate sets issued ($(( $(date +%s) - began ))s)"

# Longest first, each to the slot with the least work so far.
for sc in $all; do
	[ "$sc" = none ] && continue
	expect "$sc"
	echo "$est $sc"
done | sort -rn -s -k1,1 | python3 -c '
import sys
slots = int(sys.argv[1]); load = [0.0] * slots; qs = [[] for _ in range(slots)]
for line in sys.stdin:
    est, name = line.split()
    k = load.index(min(load)); load[k] += float(est); qs[k].append(name)
for k in range(slots):
    open("%s/slot%d/queue" % (sys.argv[2], k + 1), "w").write("".join(n + "\n" for n in qs[k]))
' "$SLOTS" "$T" || die "cannot share the scenarios out to the slots"

for k in $(seq "$SLOTS"); do
	worker "$k" &
done
wait

# Nothing on disk changed: every scenario's state folder against the
# snapshot of the one it started from.
cat "$T"/slot*/states > "$T/states"
python3 "$SNAP" compare-batch "$T/states" web > "$T/changed"
[ $? -le 1 ] || die "snapshot.py compare-batch failed"
cat "$T"/slot*/results | python3 -c '
import sys
changed = {}
for line in open(sys.argv[1]):
    name, _, what = line.rstrip("\n").partition("\t")
    changed[name] = what
for line in sorted(sys.stdin):
    head, why, msg = line.rstrip("\n").split("\t", 2)
    name, secs = head.split(" ", 1)
    if name in changed:
        why = (why + "; " if why else "") + "state changed: " + changed[name]
    print("%s %s %s%s | %s" % ("FAIL" if why else "ok  ", name, secs, " " + why if why else "", msg))
' "$T/changed" > "$T/all-results"
[ -n "${TACME_HOSTILE_LOG:-}" ] && cp "$T/all-results" "$TACME_HOSTILE_LOG"
total=$(($(wc -l < "$T/all-results") + 1))
want=$(echo $all | wc -w)
[ "$total" = "$want" ] || die "$total scenario results for the $want scenarios listed"
nfail=$(grep -c '^FAIL' "$T/all-results")
echo "$total scenarios run (with \"none\"), $nfail failed, in $(( $(date +%s) - began ))s"
if [ "$nfail" -gt 0 ]; then
	grep '^FAIL' "$T/all-results"
	echo "--- stderr of the failed scenarios"
	cat "$T"/slot*/failed-stderr 2> /dev/null | head -c 20000
	exit 1
fi

# Helpers for the command-line tests (sourced).  tests/check.sh exports
# TACME_BIN, TACME_TEST_* and TACME_TEST_WORK.
set -u
T=$(mktemp -d "$TACME_TEST_WORK/cli.XXXXXX")

die() {
	echo "FAILED: $*"
	exit 1
}

# conf KEY=VALUE...: writes $T/tacme.conf.
conf() {
	: > "$T/tacme.conf"
	for kv in "$@"; do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >> "$T/tacme.conf"
	done
}

# run ARGS...: runs tacme, sets $rc, $out (stdout) and $err (stderr).
run() {
	timeout 600 "$TACME_BIN" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

expect_rc() {
	[ "$rc" -eq "$1" ] || die "exit code $rc, expected $1; stderr: $err"
}

expect_err() {
	case "$err" in *"$1"*) ;; *) die "stderr lacks \"$1\": $err" ;; esac
}

# issue_conf [SECTION NAMES [KEY=VALUE...]]...: a config for Pebble, the
# test DNS and acme-dns, state in $T/state.  Sections: "[name]" args.
issue_conf() {
	cat > "$T/tacme.conf" <<CONF
directory = $TACME_TEST_DIR_URL
ca_file = $TACME_TEST_CA
state_dir = $T/state
acmedns_url = $TACME_TEST_ACMEDNS
dns_resolver = $TACME_TEST_DNS
contact = mailto:admin@example.com
CONF
	for line in "$@"; do
		printf '%s\n' "$line" >> "$T/tacme.conf"
	done
}

# set_cname NAME TARGET: the delegation a user creates once.
set_cname() {
	curl -sf -X POST -d "{\"host\":\"_acme-challenge.$1.\",\"target\":\"$2.\"}" \
		"$TACME_TEST_CHALLTESTSRV/set-cname" > /dev/null || die "set-cname failed"
}

# register NAME: tacme register, then the CNAME it asks for.
register() {
	run -c "$T/tacme.conf" register "$1"
	expect_rc 0
	target=$(echo "$out" | sed -n "s/^_acme-challenge\.$1\. CNAME \(.*\)\.$/\1/p")
	[ -n "$target" ] || die "register printed: $out"
	set_cname "$1" "$target"
}

# pebble_roots: writes Pebble's roots (all chains) to $T/roots.pem.
pebble_roots() {
	: > "$T/roots.pem"
	for i in 0 1 2; do
		curl -sf --cacert "$TACME_TEST_CA" "$TACME_TEST_PEBBLE_MGMT/roots/$i" >> "$T/roots.pem" || break
	done
	[ -s "$T/roots.pem" ] || die "cannot fetch Pebble's roots"
}

# check_cert SECTION NAME...: the stored set verifies against Pebble's roots,
# carries exactly the names, matches its private key, and has safe modes.
check_cert() {
	sec=$1
	shift
	d="$T/state/$sec"
	for f in privkey.pem cert.pem chain.pem fullchain.pem; do
		[ -s "$d/$f" ] || die "$d/$f missing"
	done
	pebble_roots
	openssl verify -CAfile "$T/roots.pem" -untrusted "$d/chain.pem" "$d/cert.pem" > "$T/verify" 2>&1 ||
		die "openssl verify: $(cat "$T/verify")"
	[ "$(cat "$d/cert.pem" "$d/chain.pem")" = "$(cat "$d/fullchain.pem")" ] || die "fullchain != cert + chain"
	want=$(printf '%s\n' "$@" | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
	got=$(openssl x509 -in "$d/cert.pem" -noout -ext subjectAltName | tail -n +2 | tr ',' '\n' |
		sed -n 's/^ *DNS://p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || die "names in the certificate: $got; expected: $want"
	kh=$(openssl pkey -in "$d/privkey.pem" -pubout 2>/dev/null | sha256sum)
	ch=$(openssl x509 -in "$d/cert.pem" -noout -pubkey | sha256sum)
	[ "$kh" = "$ch" ] || die "privkey.pem does not match cert.pem"
	[ "$(stat -L -c %a "$d/privkey.pem")" = 600 ] || die "privkey.pem is not 0600"
	[ "$(stat -c %a "$T/state/account.key")" = 600 ] || die "account.key is not 0600"
}

# no_cert_files SECTION: nothing was stored for the section.
no_cert_files() {
	[ ! -e "$T/state/$1" ] || die "$T/state/$1 exists after a failure"
	! ls -A "$T/state" 2>/dev/null | grep -q "^\.$1\." || die "a version folder of $1 was left"
}

# Like issue_conf, against Pebble 2.6.0 (ARI).
issue_conf26() {
	TACME_TEST_PEBBLE_MGMT=$TACME_TEST_PEBBLE26_MGMT
	issue_conf "$@"
	sed -i "s|^directory = .*|directory = $TACME_TEST_DIR26_URL|" "$T/tacme.conf"
}

# state_field SECTION FIELD: a value from <state_dir>/<section>.state.
state_field() {
	python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" \
		"$T/state/$1.state" "$2"
}

# at EPOCH CMD...: runs CMD with the clock set to EPOCH (libfaketime; the
# plain build in the sanitizer pass, where libfaketime deadlocks).
at() {
	when=$1
	shift
	FAKETIME="@$(date -u -d "@$when" '+%Y-%m-%d %H:%M:%S')" \
		LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 "$@"
}

# runat EPOCH ARGS...: run tacme at a faked time.
runat() {
	when=$1
	shift
	at "$when" timeout 600 "${TACME_FAKETIME_BIN:-$TACME_BIN}" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# hold_lock FILE SECONDS: holds an flock on FILE in the background (the
# holder itself, so SIGKILL releases it); sets $holder.
hold_lock() {
	rm -f "$T/lock-held"
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2]))' "$1" "$2" "$T/lock-held" &
	holder=$!
	for _ in $(seq 200); do         # until it holds the lock (10 s at most)
		[ -e "$T/lock-held" ] && return 0
		sleep 0.05
	done
	die "the lock holder did not take the lock"
}

# nolsan CMD...: runs CMD with LeakSanitizer off (it cannot work under
# ptrace, so a sanitizer build run by strace would fail at exit).
nolsan() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$@"
}

# free_ports N: N ports outside the ephemeral range (so no outgoing
# connection takes one between two servers of a slot), free for TCP and UDP.
free_ports() {
	python3 - "$1" <<'PY'
import random, socket, sys
got = []
while len(got) < int(sys.argv[1]):
    p = random.randrange(20000, 32000)
    if p in got:
        continue
    try:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, kind)
            s.bind(("127.0.0.1", p))
            s.close()
    except OSError:
        continue
    got.append(p)
print(" ".join(map(str, got)))
PY
}

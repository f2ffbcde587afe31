# Secrets never leak: the account key, the certificate keys, the External
# Account Binding MAC key and the acme-dns passwords must not appear in
# anything tacme prints at its most verbose level (-v), on stderr or through
# syslog, in what it hands a hook, nor in any file under the state folder
# that others may read; keys and credentials are 0600 and no folder is
# group- or world-writable.  Runs a full issuance with EAB (a Pebble of its
# own that requires it) and acme-dns, then failures: a wrong acme-dns
# password, a wrong and a malformed EAB key, a failing hook.  tacme runs
# under umask 000, so modes come from tacme, not from the umask.
. "$(dirname "$0")/../lib/servers.sh"
. "$(dirname "$0")/lib.sh"
n="sec-$$.tacme.test"
pki=$(dirname "$TACME_TEST_CA")
umask 000

# --- a Pebble that requires External Account Binding, stopped by PID ---
eab_kid="kid-sec-$$"
eab_key=$(python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())')
wrong_eab=$(python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())')
port=$(free_port)
mgmt=$(free_port)
cat > "$T/pebble-eab.json" <<JSON
{"pebble": {
  "listenAddress": "127.0.0.1:$port",
  "managementListenAddress": "127.0.0.1:$mgmt",
  "certificate": "$pki/server.pem",
  "privateKey": "$pki/server.key",
  "httpPort": 5002, "tlsPort": 5001,
  "ocspResponderURL": "",
  "externalAccountBindingRequired": true,
  "externalAccountMACKeys": {"$eab_kid": "$eab_key"}
}}
JSON
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 pebble -config "$T/pebble-eab.json" \
	-dnsserver "$TACME_TEST_DNS" > "$T/pebble-eab.log" 2>&1 &
pebble_pid=$!
trap 'kill "$pebble_pid" 2>/dev/null; wait "$pebble_pid" 2>/dev/null' EXIT
wait_tcp "$port" 30 || die "the EAB Pebble did not start: $(cat "$T/pebble-eab.log")"
TACME_TEST_PEBBLE_MGMT="https://127.0.0.1:$mgmt"

# --- syslog capture: a preloaded library that takes the datagrams sent to
# /dev/log and appends them to a file (tests/lib/syslog_shim.c) ---
cc -shared -fPIC -o "$T/syslog_shim.so" "$(dirname "$0")/../lib/syslog_shim.c" -ldl ||
	die "cannot build the syslog shim"
: > "$T/all.out"
: > "$T/syslog.out"

# secrets_conf STATE_DIR [KEY=VALUE...]: a config for the EAB Pebble,
# acme-dns and the test DNS, one section [web] for $n.
secrets_conf() {
	cat > "$T/tacme.conf" <<CONF
directory = https://127.0.0.1:$port/dir
ca_file = $TACME_TEST_CA
state_dir = $1
acmedns_url = $TACME_TEST_ACMEDNS
acmedns_credentials = $T/state/acmedns.json
dns_resolver = $TACME_TEST_DNS
contact = mailto:admin@example.com
CONF
	shift
	for kv in "$@"; do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >> "$T/tacme.conf"
	done
	printf '[web]\nnames = %s\n' "$n" >> "$T/tacme.conf"
}

# vrun ARGS...: run -v, everything it prints kept in all.out.
vrun() {
	run -v "$@"
	{ echo "== tacme -v $*"; cat "$T/out" "$T/err"; } >> "$T/all.out"
}

# srun ARGS...: like vrun, with log = syslog captured by the shim.
srun() {
	sed -i '1i log = syslog' "$T/tacme.conf"
	TACME_TEST_SYSLOG="$T/syslog.out" LD_PRELOAD="$T/syslog_shim.so" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" vrun "$@"
	sed -i '/^log = syslog$/d' "$T/tacme.conf"
}

# --- success: register at acme-dns, issue with EAB (stderr, then syslog) ---
secrets_conf "$T/state" "eab_kid=$eab_kid" "eab_hmac_key=$eab_key"
mkdir -p "$T/state"
chmod 700 "$T/state"
vrun -c "$T/tacme.conf" register "$n"
expect_rc 0
target=$(echo "$out" | sed -n "s/^_acme-challenge\.$n\. CNAME \(.*\)\.$/\1/p")
[ -n "$target" ] || die "register printed: $out"
set_cname "$n" "$target"
vrun -c "$T/tacme.conf" issue
expect_rc 0
check_cert web "$n"
vrun -c "$T/tacme.conf" account show
expect_rc 0
vrun -c "$T/tacme.conf" status
expect_rc 0
secrets_conf "$T/state-syslog" "eab_kid=$eab_kid" "eab_hmac_key=$eab_key"
srun -c "$T/tacme.conf" issue
expect_rc 0
[ ! -s "$T/err" ] || die "log = syslog wrote to stderr: $err"
grep -q "POST https://127.0.0.1:$port/" "$T/syslog.out" || die "the syslog capture missed the -v lines: $(head -5 "$T/syslog.out")"
# Every line is "<PRI>Mmm dd hh:mm:ss tacme[PID]: text", facility daemon (24-31).
bad=$(grep -Ev '^<(2[4-9]|3[01])>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] tacme\[[0-9]+\]: [^ ]' "$T/syslog.out" | head -3)
[ -z "$bad" ] || die "syslog lines not in RFC 3164 form: $bad"

# --- failures ---
# A wrong acme-dns password (in a copy of the credentials), for a new
# account, so the CA has no valid authorization to reuse.
wrong_pw="WrongPw-$$-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
python3 - "$T/state/acmedns.json" "$T/wrong.json" "$wrong_pw" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for v in c.values():
    v["password"] = sys.argv[3]
json.dump(c, open(sys.argv[2], "w"))
PY
chmod 600 "$T/wrong.json"
secrets_conf "$T/state-wrongpw" "eab_kid=$eab_kid" "eab_hmac_key=$eab_key"
sed -i "s|^acmedns_credentials = .*|acmedns_credentials = $T/wrong.json|" "$T/tacme.conf"
vrun -c "$T/tacme.conf" issue
expect_rc 1
expect_err "refused the credentials"
srun -c "$T/tacme.conf" issue
expect_rc 1
grep -q "refused the credentials" "$T/syslog.out" || die "the syslog capture missed the error"

# A wrong EAB key (well-formed): the CA refuses the new account.
secrets_conf "$T/state-badeab" "eab_kid=$eab_kid" "eab_hmac_key=$wrong_eab"
vrun -c "$T/tacme.conf" issue
expect_rc 1
expect_err "newAccount: https://127.0.0.1:"
expect_err "answered 403: unauthorized: external account binding"
# A malformed EAB key: refused with the config line, never shown.
bad_eab="NotBase64!$wrong_eab"
secrets_conf "$T/state-badeab" "eab_kid=$eab_kid" "eab_hmac_key=$bad_eab"
vrun -c "$T/tacme.conf" issue
expect_rc 1
expect_err "tacme.conf:9: bad eab_hmac_key"

# A failing hook (new account, so EAB is sent again); it records what it
# was given, arguments and environment.
cat > "$T/hook.sh" <<HOOK
#!/bin/sh
{ echo "args: \$*"; env; } >> "$T/hook.seen"
echo "hook: cannot reach the DNS host" >&2
exit 3
HOOK
chmod 755 "$T/hook.sh"
secrets_conf "$T/state-hook" "eab_kid=$eab_kid" "eab_hmac_key=$eab_key" "hook=$T/hook.sh"
vrun -c "$T/tacme.conf" issue
expect_rc 1
[ -s "$T/hook.seen" ] || die "the hook was not called"
srun -c "$T/tacme.conf" issue
expect_rc 1

# --- what must not leak, and where to look ---
cat > "$T/scan.py" <<'PY'
import base64, binascii, json, os, re, stat, subprocess, sys

T, eab_key, wrong_eab, bad_eab, wrong_pw = sys.argv[1:6]
states = sys.argv[6:]
fail = []

def b64u_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))

def variants(raw):
    """Text forms a secret byte string could take in a log."""
    v = {raw, raw.hex().encode(), raw.hex().upper().encode(),
         ":".join("%02x" % b for b in raw).encode(),
         base64.b64encode(raw), base64.b64encode(raw).rstrip(b"="),
         base64.urlsafe_b64encode(raw).rstrip(b"=")}
    return {x for x in v if len(x) >= 12}

secrets = {}                      # bytes -> what it is
def add(what, s):
    if isinstance(s, str):
        s = s.encode()
    if len(s) >= 12:
        secrets[s] = what

# The EAB MAC keys, as written and as bytes in every encoding.
for what, k in (("the EAB key", eab_key), ("the wrong EAB key", wrong_eab)):
    add(what, k)
    for v in variants(b64u_decode(k)):
        add(what + " (encoded)", v)
add("the malformed EAB key", bad_eab)

# acme-dns passwords: the real ones and the wrong one.
creds = json.load(open(os.path.join(T, "state", "acmedns.json")))
for name, c in creds.items():
    add("the acme-dns password of " + name, c["password"])
    add("the acme-dns password of " + name + " (base64)", base64.b64encode(c["password"].encode()))
add("the wrong acme-dns password", wrong_pw)

# Every private key under the state folders: the private scalar in raw,
# hex, base64 and base64url (a JWK's "d") form, and the stretch of the PEM
# body that encodes it (all 16-character windows, and its whole line).  The
# rest of a key file is the public key, which certificates rightly show.
keys = []
for st in states:
    for root, dirs, files in os.walk(st):
        for f in files:
            p = os.path.join(root, f)
            if os.path.islink(p):
                continue
            data = open(p, "rb").read()
            if b"PRIVATE KEY-----" in data:
                keys.append(p)
if len(keys) < 4:
    fail.append("found only %d private keys under %s" % (len(keys), states))
for p in keys:
    text = open(p, "rb").read()
    body = [l.strip() for l in text.splitlines() if l and not l.startswith(b"-----")]
    flat = b"".join(body)
    der = base64.b64decode(flat)
    rel = os.path.relpath(p, T)
    out = subprocess.run(["openssl", "pkey", "-in", p, "-noout", "-text"], capture_output=True).stdout
    m = re.search(rb"priv(?:ateExponent)?:\s*\n((?:[ \t]+[0-9a-f:]+\n)+)", out)
    if not m:
        fail.append("cannot read the private part of " + rel)
        continue
    d = binascii.unhexlify(re.sub(rb"[\s:]", b"", m.group(1)))
    if der.find(d) < 0:
        d = d.lstrip(b"\0")
    off = der.find(d)
    if off < 0 or len(d) < 20:
        fail.append("cannot find the private scalar in " + rel)
        continue
    for v in variants(d):
        add("the private key of " + rel, v)
    i0, i1 = (off + 2) // 3 * 4, (off + len(d)) // 3 * 4
    for i in range(i0, i1 - 15):
        add("the private key of %s (PEM body chars %d-%d)" % (rel, i, i + 16), flat[i:i + 16])
    line = body[i0 // 64]
    add("the private key of %s (PEM line %d)" % (rel, i0 // 64 + 1), line)

def scan(label, data):
    seen = set()
    for s, what in secrets.items():
        short = what.split(" (")[0]
        if s in data and short not in seen:
            seen.add(short)
            fail.append("%s holds %s (%s)" % (label, short, s[:8].decode("ascii", "replace") + "..."))

for f in ("all.out", "syslog.out", "hook.seen"):
    scan(f, open(os.path.join(T, f), "rb").read())

# Files and folders: modes, and no secret in what others may read.
secret_names = re.compile(r"(\.key|privkey\.pem|acmedns\.json)$")
for st in states + [os.path.join(T, "state", "acmedns.json")]:
    if not os.path.exists(st):
        fail.append("%s was not created" % st)
        continue
    if os.path.isfile(st):
        entries = [(os.path.dirname(st), [], [os.path.basename(st)])]
    else:
        m = os.stat(st).st_mode
        if m & 0o077:
            fail.append("%s is mode %o: others may look inside" % (st, m & 0o777))
        entries = os.walk(st)
    for root, dirs, files in entries:
        for d in dirs:
            p = os.path.join(root, d)
            m = os.lstat(p).st_mode
            if stat.S_ISDIR(m) and m & 0o022:
                fail.append("folder %s is mode %o (group or world writable)" % (p, m & 0o777))
        for f in files:
            p = os.path.join(root, f)
            m = os.lstat(p).st_mode
            if stat.S_ISLNK(m):
                continue
            rel = os.path.relpath(p, T)
            data = open(p, "rb").read()
            if secret_names.search(f) or b"PRIVATE KEY-----" in data:
                if m & 0o777 != 0o600:
                    fail.append("%s is mode %o, not 600" % (rel, m & 0o777))
            else:
                if m & 0o022:
                    fail.append("%s is mode %o (group or world writable)" % (rel, m & 0o777))
                if m & 0o044:
                    scan("%s (mode %o)" % (rel, m & 0o777), data)

print("%d secret forms looked for in %d outputs and the files of %d state folders"
      % (len(secrets), 3, len(states)))
for f in fail:
    print("LEAK: " + f)
sys.exit(1 if fail else 0)
PY
python3 "$T/scan.py" "$T" "$eab_key" "$wrong_eab" "$bad_eab" "$wrong_pw" \
	"$T/state" "$T/state-syslog" "$T/state-wrongpw" "$T/state-badeab" "$T/state-hook" > "$T/scan.out" 2>&1 ||
	die "$(cat "$T/scan.out")"
cat "$T/scan.out"

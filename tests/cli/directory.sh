# `tacme directory` prints every member of Pebble's directory exactly as
# curl + python read it, gets a nonce, and uses one connection for both.
. "$(dirname "$0")/lib.sh"
conf directory="$TACME_TEST_DIR_URL" ca_file="$TACME_TEST_CA"
run -v -c "$T/tacme.conf" directory
expect_rc 0
curl -s --cacert "$TACME_TEST_CA" "$TACME_TEST_DIR_URL" > "$T/dir.json" || die "curl failed"
python3 - "$T/dir.json" "$T/out" <<'PY' || die "output differs from the directory"
import json, sys
want = {}
def walk(prefix, obj):
    for k, v in obj.items():
        name = prefix + "." + k if prefix else k
        if isinstance(v, dict):
            walk(name, v)
        else:
            want[name] = v if isinstance(v, str) else json.dumps(v)
walk("", json.load(open(sys.argv[1])))
got = {}
for line in open(sys.argv[2]):
    k, _, v = line.rstrip("\n").partition(" ")
    got[k] = v.strip()
for k, v in want.items():
    if got.get(k) != v:
        sys.exit("%s: got %r, want %r" % (k, got.get(k), v))
if len(got.get("nonce", "")) < 16:
    sys.exit("no nonce")
if not want:
    sys.exit("empty directory")
PY
expect_err "2 requests over 1 connection"
expect_err "GET $TACME_TEST_DIR_URL"
# Started with stdout closed (a careless cron line or init script): the
# socket must not take descriptor 1, where the listing would go into the
# TLS connection and break it.  With stderr closed, the lock file must not
# take descriptor 2 and collect the log lines.
timeout 60 "$TACME_BIN" -v -c "$T/tacme.conf" directory >&- 2> "$T/err1" ||
	die "directory with stdout closed failed: $(cat "$T/err1")"
conf directory="$TACME_TEST_DIR_URL" ca_file="$TACME_TEST_CA" state_dir="$T/state"
mkdir -p "$T/state"
timeout 60 "$TACME_BIN" -v -c "$T/tacme.conf" directory > "$T/out2" 2>&- ||
	die "directory with stderr closed failed"
grep -q '^newOrder ' "$T/out2" || die "no directory listing with stderr closed: $(cat "$T/out2")"
timeout 60 "$TACME_BIN" -v -c "$T/tacme.conf" issue nosuchsection > /dev/null 2>&-
[ ! -s "$T/state/.lock" ] || die "log lines went into the lock file: $(cat "$T/state/.lock")"

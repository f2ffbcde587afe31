#!/bin/bash
# Tests of the acme-dns stand-in (tests/acmedns_server.py) against its
# contract (joohoi/acme-dns api.go, auth.go, validation.go): starts
# pebble-challtestsrv and the server on loopback free ports (plus an HTTPS
# instance with a state file, restarted once), checks register, update,
# health and the errors, and that DNS serves exactly the last two values.
# Stops what it started by PID.  Prints "N passed, N failed" last.
# usage: tests/lib/test_acmedns.sh
set -u
TA_TESTS=$(cd "$(dirname "$0")/.." && pwd)
. "$TA_TESTS/lib/servers.sh"
WORK=$(mktemp -d /tmp/tacme-acmedns.XXXXXX)
trap 'stop_servers; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

fail_setup() { echo "setup failed: $1"; cat "$WORK"/*.log 2>/dev/null; echo "0 passed, 1 failed"; exit 1; }
start_dns "$WORK" || fail_setup pebble-challtestsrv
start_acmedns "$WORK" || fail_setup acmedns_server.py
sh "$TA_TESTS/lib/mkcerts.sh" "$WORK/pki" || fail_setup "test certificates"
TLS_PORT=$(free_port)
start_tls_acmedns() {
	spawn acmedns_tls "$WORK/acmedns-tls.log" python3 "$TA_TESTS/acmedns_server.py" \
		--listen "127.0.0.1:$TLS_PORT" --zone auth.test --state "$WORK/state.json" \
		--challtestsrv "http://127.0.0.1:$DNS_MGMT_PORT" \
		--tls-cert "$WORK/pki/server.pem" --tls-key "$WORK/pki/server.key"
	wait_tcp "$TLS_PORT" 20
}
start_tls_acmedns || fail_setup "acmedns_server.py over TLS"

# The checks, in Python (HTTP with urllib, DNS over UDP by hand: no dig).
cat > "$WORK/check.py" <<'PY'
import json, random, re, socket, ssl, struct, sys, urllib.request, urllib.error

mode, url, dns = sys.argv[1], sys.argv[2], sys.argv[3]
ca = sys.argv[4] if len(sys.argv) > 4 else None
ctx = ssl.create_default_context(cafile=ca) if ca else None
passed = failed = 0

def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   acmedns/%s" % name)
    else:
        failed += 1
        print("FAIL acmedns/%s %s" % (name, detail))

def http(method, path, body=None, headers=None):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10, context=ctx) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()

def txt(name):
    """The TXT values at name, asking the test DNS server over UDP."""
    host, port = dns.rsplit(":", 1)
    qid = random.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split("."))
    q += b"\0" + struct.pack(">HH", 16, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.sendto(q, (host, int(port)))
    a = s.recv(65535)
    assert a[:2] == q[:2] and a[2] & 0x80 and a[3] & 0xf == 0, "bad DNS answer"
    an, off, vals = struct.unpack(">H", a[6:8])[0], len(q), []
    def skip_name(o):
        while a[o] and a[o] < 0xc0:
            o += a[o] + 1
        return o + (2 if a[o] >= 0xc0 else 1)
    for _ in range(an):
        off = skip_name(off)
        typ, _, _, rdlen = struct.unpack(">HHIH", a[off:off + 10])
        rd = a[off + 10:off + 10 + rdlen]
        off += 10 + rdlen
        if typ == 16:
            v, i = b"", 0
            while i < len(rd):
                v += rd[i + 1:i + 1 + rd[i]]
                i += 1 + rd[i]
            vals.append(v.decode())
    return sorted(vals)

def value(i):
    return ("tacme-acmedns-check-%02d-" % i).ljust(43, "x")

def error_of(body):
    try:
        return json.loads(body).get("error")
    except ValueError:
        return None

if mode == "api":
    st, body = http("GET", "/health")
    check("health", st == 200 and body == b"", "%s %r" % (st, body))
    st, body = http("POST", "/register")
    reg = json.loads(body) if st == 201 else {}
    uuid_re = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")
    check("register", st == 201 and sorted(reg) == ["allowfrom", "fulldomain", "password",
          "subdomain", "username"] and uuid_re.match(reg["username"]) and
          uuid_re.match(reg["subdomain"]) and re.match(r"[A-Za-z0-9_-]{40}\Z", reg["password"])
          and reg["fulldomain"] == reg["subdomain"] + ".auth.test" and reg["allowfrom"] == [],
          "%s %r" % (st, body))
    user, key, sub, full = reg["username"], reg["password"], reg["subdomain"], reg["fulldomain"]
    auth = {"X-Api-User": user, "X-Api-Key": key}
    check("no_value_yet", txt(full) == [])
    codes = [http("POST", "/update", {"subdomain": sub, "txt": value(i)}, auth) for i in range(3)]
    check("update", all(c == 200 and json.loads(b) == {"txt": value(i)}
                        for i, (c, b) in enumerate(codes)), repr(codes))
    check("dns_last_two", txt(full) == [value(1), value(2)], repr(txt(full)))
    st, body = http("POST", "/update", {"Subdomain": sub, "TXT": value(3)}, auth)
    check("field_names_any_case", st == 200 and txt(full) == [value(2), value(3)])
    bad = [
        ("bad_key", {"X-Api-User": user, "X-Api-Key": key[:-1] + ("a" if key[-1] != "a" else "b")}),
        ("short_key", {"X-Api-User": user, "X-Api-Key": key[:-1]}),
        ("no_headers", {}),
        ("bad_user", {"X-Api-User": "not-a-uuid", "X-Api-Key": key}),
        ("unknown_user", {"X-Api-User": "00000000-0000-4000-8000-000000000000", "X-Api-Key": key}),
    ]
    for name, h in bad:
        st, body = http("POST", "/update", {"subdomain": sub, "txt": value(9)}, h)
        check(name, st == 401 and error_of(body) == "forbidden", "%s %r" % (st, body))
    st, reg2 = http("POST", "/register", b"")
    other = json.loads(reg2)
    st, body = http("POST", "/update", {"subdomain": other["subdomain"], "txt": value(9)}, auth)
    check("other_subdomain", st == 401 and error_of(body) == "forbidden", "%s %r" % (st, body))
    st, body = http("POST", "/update", {"subdomain": "not a subdomain", "txt": value(9)}, auth)
    check("malformed_subdomain", st == 401 and error_of(body) == "forbidden", "%s %r" % (st, body))
    st, body = http("POST", "/update", b"{not json", auth)
    check("malformed_body", st == 401 and error_of(body) == "forbidden", "%s %r" % (st, body))
    for name, t in [("txt_42", value(9)[:42]), ("txt_44", value(9) + "x"),
                    ("txt_padding", value(9)[:42] + "="), ("txt_plus", value(9)[:42] + "+"),
                    ("txt_missing", None), ("txt_number", 12)]:
        b = {"subdomain": sub} if t is None else {"subdomain": sub, "txt": t}
        st, body = http("POST", "/update", b, auth)
        check(name, st == 400 and error_of(body) == "bad_txt", "%s %r" % (st, body))
    check("rejected_changed_nothing", txt(full) == [value(2), value(3)], repr(txt(full)))
    st, body = http("POST", "/register", {"allowfrom": ["10.0.0.0/8", "[::1]/128"]})
    fenced = json.loads(body) if st == 201 else {}
    check("register_allowfrom", st == 201 and fenced.get("allowfrom") == ["10.0.0.0/8", "::1/128"],
          "%s %r" % (st, body))
    st, body = http("POST", "/update", {"subdomain": fenced.get("subdomain"), "txt": value(9)},
                    {"X-Api-User": fenced.get("username", ""), "X-Api-Key": fenced.get("password", "")})
    check("allowfrom_enforced", st == 401 and error_of(body) == "forbidden", "%s %r" % (st, body))
    st, body = http("POST", "/register", {"allowfrom": ["127.0.0.0/8"]})
    near = json.loads(body)
    st, body = http("POST", "/update", {"subdomain": near["subdomain"], "txt": value(9)},
                    {"X-Api-User": near["username"], "X-Api-Key": near["password"]})
    check("allowfrom_allows", st == 200, "%s %r" % (st, body))
    for name, b, err in [("register_not_json", b"{", "malformed_json_payload"),
                         ("register_allowfrom_string", {"allowfrom": "10.0.0.0/8"},
                          "malformed_json_payload"),
                         ("register_not_cidr", {"allowfrom": ["10.0.0.1"]}, "invalid_allowfrom_cidr")]:
        st, body = http("POST", "/register", b)
        check(name, st == 400 and error_of(body) == err, "%s %r" % (st, body))
    st, body = http("GET", "/nothing")
    check("not_found", st == 404)
    print(json.dumps({"user": user, "key": key, "sub": sub, "full": full}), file=open(sys.argv[5], "w"))
elif mode == "state":
    # Over HTTPS; then (second call, after a restart) the values are still
    # served and the credentials still work.
    st, body = http("GET", "/health")
    check("tls_health", st == 200)
    saved = sys.argv[5]
    if mode == "state" and len(sys.argv) > 6:
        reg = json.load(open(saved))
        auth = {"X-Api-User": reg["username"], "X-Api-Key": reg["password"]}
        check("restart_dns_kept", txt(reg["fulldomain"]) == [value(4), value(5)])
        st, body = http("POST", "/update", {"subdomain": reg["subdomain"], "txt": value(6)}, auth)
        check("restart_creds_kept", st == 200 and txt(reg["fulldomain"]) == [value(5), value(6)])
    else:
        st, body = http("POST", "/register")
        reg = json.loads(body)
        auth = {"X-Api-User": reg["username"], "X-Api-Key": reg["password"]}
        for i in (4, 5):
            http("POST", "/update", {"subdomain": reg["subdomain"], "txt": value(i)}, auth)
        check("tls_update", txt(reg["fulldomain"]) == [value(4), value(5)])
        json.dump(reg, open(saved, "w"))
print("%d %d" % (passed, failed), file=sys.stderr)
PY

passed=0 failed=0
run_check() {
	python3 "$WORK/check.py" "$@" 2> "$WORK/counts" || true
	if read -r p f < "$WORK/counts" && [ -n "$p" ]; then
		passed=$((passed + p)) failed=$((failed + f))
	else
		echo "FAIL acmedns/$1 crashed:"; sed 's/^/    /' "$WORK/counts"
		failed=$((failed + 1))
	fi
}
run_check api "http://127.0.0.1:$ACMEDNS_PORT" "127.0.0.1:$DNS_PORT" "" "$WORK/api.json"
run_check state "https://127.0.0.1:$TLS_PORT" "127.0.0.1:$DNS_PORT" "$WORK/pki/ca.pem" "$WORK/reg.json"
# Restart the HTTPS instance (SIGTERM by PID), with DNS cleared meanwhile.
kill "$PID_acmedns_tls" && wait "$PID_acmedns_tls" 2>/dev/null
TA_PIDS=$(echo " $TA_PIDS " | sed "s/ $PID_acmedns_tls / /")   # stopped: not again at exit
sub=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fulldomain"])' "$WORK/reg.json")
curl -sf -X POST -d "{\"host\":\"$sub.\"}" "http://127.0.0.1:$DNS_MGMT_PORT/clear-txt" > /dev/null
start_tls_acmedns || fail_setup "restart of acmedns_server.py"
run_check state "https://127.0.0.1:$TLS_PORT" "127.0.0.1:$DNS_PORT" "$WORK/pki/ca.pem" "$WORK/reg.json" again
# One log line per request, no secrets in them.
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$WORK/api.json")
lines=$(grep -c '"POST /update HTTP/1.1" ' "$WORK/acmedns.log")
if [ "$lines" -ge 20 ] && ! grep -q -- "$key" "$WORK/acmedns.log"; then
	echo "ok   acmedns/log_lines"; passed=$((passed + 1))
else
	echo "FAIL acmedns/log_lines ($lines update lines)"; failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

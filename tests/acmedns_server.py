#!/usr/bin/env python3
"""A small, faithful stand-in for the acme-dns HTTP API (joohoi/acme-dns,
api.go, auth.go, validation.go), publishing its TXT records into
pebble-challtestsrv, the DNS server the test CA validates against.

  POST /register  optional body {"allowfrom": ["CIDR", ...]}
                  201 {"username", "password", "fulldomain", "subdomain",
                  "allowfrom"}; 400 {"error": "malformed_json_payload"} for a
                  body that is not JSON of that shape, 400 {"error":
                  "invalid_allowfrom_cidr"} for an entry that is not a CIDR
  POST /update    headers X-Api-User, X-Api-Key; body {"subdomain", "txt"}
                  200 {"txt": "..."}; 401 {"error": "forbidden"} for a missing
                  or bad user or key, a client outside the user's allowfrom,
                  or a body whose subdomain is not the user's (as in acme-dns
                  this includes a malformed body or subdomain: auth.go
                  compares before update.go could say "bad_subdomain");
                  400 {"error": "bad_txt"} unless txt is exactly 43
                  characters of base64url; 500 {"error": "db_error"} when
                  the DNS server cannot be updated
  GET  /health    200, empty body

Like acme-dns it keeps the TWO most recent TXT values of each subdomain (an
update replaces the older one) and serves only non-empty ones.  As
challtestsrv can only clear all TXT values of a name, each update clears
the name and adds both values again.  Field names in request bodies match
case-insensitively (Go's encoding/json does).

It listens on loopback only, logs one line per request to stdout, and stops
on SIGTERM.  With --state FILE, users and values survive a restart (and are
published again at start).  With --tls-cert/--tls-key it serves HTTPS.

usage: acmedns_server.py --listen 127.0.0.1:PORT [--zone auth.test.]
         [--challtestsrv http://127.0.0.1:PORT] [--state FILE]
         [--tls-cert PEM --tls-key PEM]
"""
import argparse
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import ssl
import string
import sys
import threading
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

B64URL = re.compile(r"[A-Za-z0-9_-]*\Z")
UUID36 = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
HEX32 = re.compile(r"[0-9a-fA-F]{32}\Z")
ALPHABET = string.ascii_letters + string.digits + "-_"

lock = threading.Lock()
users = {}      # username -> {"password", "subdomain", "allowfrom": [cidr]}
txts = {}       # subdomain -> [value, value] ("" = unset), oldest first


def go_uuid(s):
    """The canonical form of s if Go's uuid.Parse accepts it, else None."""
    if not isinstance(s, str):
        return None
    if len(s) == 45 and s[:9].lower() == "urn:uuid:":
        s = s[9:]
    elif len(s) == 38 and s[0] == "{" and s[-1] == "}":
        s = s[1:-1]
    if UUID36.match(s) or HEX32.match(s):
        return str(uuid.UUID(s))
    return None


def valid_key(k):
    return len(k) == 40 and B64URL.match(k) is not None


def valid_txt(t):
    return isinstance(t, str) and len(t) == 43 and B64URL.match(t) is not None


def cidr(v):
    """net.ParseCIDR after acme-dns's sanitizeIPv6addr (brackets removed)."""
    v = v.replace("[", "").replace("]", "")
    if "/" not in v:
        raise ValueError(v)
    ipaddress.ip_network(v, strict=False)
    return v


def field(obj, name):
    """A JSON object's field, matched case-insensitively like encoding/json."""
    if name in obj:
        return obj[name]
    for k, v in obj.items():
        if k.lower() == name:
            return v
    return None


def save(args):
    if not args.state:
        return
    tmp = args.state + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"users": users, "txts": txts}, f)
    os.replace(tmp, args.state)


def publish(args, sub):
    """Makes DNS serve exactly the non-empty values of sub."""
    if not args.challtestsrv:
        return
    host = "%s.%s" % (sub, args.zone)

    def post(path, body):
        req = urllib.request.Request(args.challtestsrv + path, method="POST",
                                     data=json.dumps(body).encode())
        urllib.request.urlopen(req, timeout=5).read()
    post("/clear-txt", {"host": host})
    for value in txts.get(sub, []):
        if value:
            post("/set-txt", {"host": host, "value": value})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "acme-dns-test"

    def log_request(self, code="-", size="-"):
        print("%s \"%s\" %s" % (self.client_address[0], self.requestline, code), flush=True)

    def log_message(self, fmt, *a):
        pass                                # one line per request: log_request

    def reply(self, code, body=b"", ctype="application/json"):
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        self.send_response(code)
        if body:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def raw_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def do_GET(self):
        if self.path == "/health":
            return self.reply(200)
        if self.path in ("/register", "/update"):
            return self.reply(405, b"Method Not Allowed\n", "text/plain; charset=utf-8")
        self.reply(404, b"404 page not found\n", "text/plain; charset=utf-8")

    def do_POST(self):
        raw = self.raw_body()
        if self.path == "/register":
            return self.register(raw)
        if self.path == "/update":
            return self.update(raw)
        if self.path == "/health":
            return self.reply(405, b"Method Not Allowed\n", "text/plain; charset=utf-8")
        self.reply(404, b"404 page not found\n", "text/plain; charset=utf-8")

    def register(self, raw):
        allow = []
        if raw:
            try:
                data = json.loads(raw)
                if data is not None:
                    if not isinstance(data, dict):
                        raise ValueError("not an object")
                    allow = field(data, "allowfrom") or []
                    if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
                        raise ValueError("allowfrom")
            except ValueError:
                return self.reply(400, {"error": "malformed_json_payload"})
        try:
            allow = [cidr(a) for a in allow]
        except ValueError:
            return self.reply(400, {"error": "invalid_allowfrom_cidr"})
        user, sub = str(uuid.uuid4()), str(uuid.uuid4())
        password = "".join(secrets.choice(ALPHABET) for _ in range(40))
        with lock:
            users[user] = {"password": password, "subdomain": sub, "allowfrom": allow}
            txts[sub] = ["", ""]
            save(self.server.args)
        self.reply(201, {"username": user, "password": password,
                         "fulldomain": "%s.%s" % (sub, self.server.args.zone.rstrip(".")),
                         "subdomain": sub, "allowfrom": allow})

    def allowed_from(self, u):
        if not u["allowfrom"]:
            return True
        ip = ipaddress.ip_address(self.client_address[0])
        return any(ip in ipaddress.ip_network(c, strict=False) for c in u["allowfrom"])

    def update(self, raw):
        name = go_uuid(self.headers.get("X-Api-User", ""))
        key = self.headers.get("X-Api-Key", "")
        with lock:
            u = users.get(name) if name else None
        if not u or not valid_key(key) or not secrets.compare_digest(u["password"], key) \
                or not self.allowed_from(u):
            return self.reply(401, {"error": "forbidden"})
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            data = {}
        sub, txt = field(data, "subdomain"), field(data, "txt")
        if sub != u["subdomain"]:
            return self.reply(401, {"error": "forbidden"})
        if not go_uuid(sub):
            return self.reply(400, {"error": "bad_subdomain"})
        if not valid_txt(txt):
            return self.reply(400, {"error": "bad_txt"})
        with lock:
            txts[sub] = (txts.get(sub, ["", ""]) + [txt])[-2:]
            try:
                publish(self.server.args, sub)
            except OSError as e:
                print("cannot update the DNS server: %s" % e, flush=True)
                return self.reply(500, {"error": "db_error"})
            save(self.server.args)
        self.reply(200, ('{"txt": "%s"}' % txt).encode())


def main():
    ap = argparse.ArgumentParser(description="acme-dns API stand-in for tests")
    ap.add_argument("--listen", required=True, help="127.0.0.1:PORT or [::1]:PORT")
    ap.add_argument("--zone", default="auth.test.", help="zone of the fulldomains")
    ap.add_argument("--challtestsrv", help="management URL of pebble-challtestsrv")
    ap.add_argument("--state", help="JSON file keeping users and values across restarts")
    ap.add_argument("--tls-cert", help="PEM certificate chain: serve HTTPS")
    ap.add_argument("--tls-key", help="PEM private key for --tls-cert")
    args = ap.parse_args()
    host, _, port = args.listen.rpartition(":")
    host = host.strip("[]")
    if host not in ("127.0.0.1", "::1", "localhost"):
        sys.exit("acmedns_server: listen on loopback only (127.0.0.1 or [::1])")
    if bool(args.tls_cert) != bool(args.tls_key):
        sys.exit("acmedns_server: --tls-cert and --tls-key go together")
    args.zone = args.zone.rstrip(".") + "."
    if args.challtestsrv:
        args.challtestsrv = args.challtestsrv.rstrip("/")
    if args.state and os.path.exists(args.state):
        with open(args.state) as f:
            st = json.load(f)
        users.update(st["users"])
        txts.update(st["txts"])
        for sub in txts:
            publish(args, sub)

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True
    srv = Server((host, int(port)), Handler)
    srv.args = args
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake happens in the request's thread, not in accept().
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                     do_handshake_on_connect=False)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print("acme-dns test server on %s://%s, zone %s" % (
        "https" if args.tls_cert else "http", args.listen, args.zone), flush=True)
    try:
        srv.serve_forever()
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()

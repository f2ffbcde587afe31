#!/usr/bin/env python3
"""A small, faithful stand-in for the acme-dns HTTP API (joohoi/acme-dns).

  POST /register          -> 201 {"username", "password", "fulldomain",
                             "subdomain", "allowfrom"}
  POST /update            (X-Api-User, X-Api-Key; {"subdomain", "txt"})
                          -> 200 {"txt": ...}; 401 {"error": "forbidden"} for
                             bad or missing credentials or someone else's
                             subdomain; 400 {"error": "bad_txt"} unless txt is
                             43 characters of base64url; 400 {"error":
                             "bad_subdomain"} for a malformed subdomain
  GET  /health            -> 200

Like the real server it keeps the TWO most recent TXT values per subdomain,
and it publishes them into the DNS server the test CA validates against
(pebble-challtestsrv) through that server's management API.  It listens on
loopback only and logs one line per request to stdout.

usage: acmedns_server.py --listen 127.0.0.1:PORT --zone auth.test.
                         --challtestsrv http://127.0.0.1:PORT
"""
import argparse
import json
import re
import secrets
import sys
import threading
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TXT_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
SUB_RE = re.compile(r"^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")

lock = threading.Lock()
users = {}      # username -> {"password", "subdomain"}
records = {}    # subdomain -> [older, newer]


def publish(args, subdomain):
    host = "%s.%s" % (subdomain, args.zone)
    def post(path, body):
        req = urllib.request.Request(args.challtestsrv + path, data=json.dumps(body).encode(),
                                     method="POST")
        urllib.request.urlopen(req, timeout=5).read()
    post("/clear-txt", {"host": host})
    for value in records[subdomain]:
        post("/set-txt", {"host": host, "value": value})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        print("%s %s" % (self.command, fmt % a), flush=True)

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return None

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {})
        else:
            self.reply(404, {"error": "not_found"})

    def do_POST(self):
        data = self.body()
        if self.path == "/register":
            if data is None or not isinstance(data, dict):
                return self.reply(400, {"error": "malformed_json_payload"})
            user = str(uuid.uuid4())
            sub = str(uuid.uuid4())
            password = secrets.token_urlsafe(30)[:40]
            with lock:
                users[user] = {"password": password, "subdomain": sub}
            return self.reply(201, {"username": user, "password": password,
                                    "fulldomain": "%s.%s" % (sub, self.server.args.zone.rstrip(".")),
                                    "subdomain": sub, "allowfrom": data.get("allowfrom", [])})
        if self.path == "/update":
            user = self.headers.get("X-Api-User", "")
            key = self.headers.get("X-Api-Key", "")
            with lock:
                u = users.get(user)
            if not u or not secrets.compare_digest(u["password"], key):
                return self.reply(401, {"error": "forbidden"})
            if data is None or not isinstance(data, dict):
                return self.reply(400, {"error": "malformed_json_payload"})
            sub, txt = data.get("subdomain", ""), data.get("txt", "")
            if not isinstance(sub, str) or not SUB_RE.match(sub):
                return self.reply(400, {"error": "bad_subdomain"})
            if sub != u["subdomain"]:
                return self.reply(401, {"error": "forbidden"})
            if not isinstance(txt, str) or not TXT_RE.match(txt):
                return self.reply(400, {"error": "bad_txt"})
            with lock:
                vals = (records.get(sub, []) + [txt])[-2:]
                records[sub] = vals
                publish(self.server.args, sub)
            return self.reply(200, {"txt": txt})
        self.reply(404, {"error": "not_found"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--zone", required=True)
    ap.add_argument("--challtestsrv", required=True)
    args = ap.parse_args()
    host, _, port = args.listen.rpartition(":")
    host = host.strip("[]")
    if host not in ("127.0.0.1", "::1", "localhost"):
        sys.exit("listen on loopback only")
    if not args.zone.endswith("."):
        args.zone += "."
    srv = ThreadingHTTPServer((host, int(port)), Handler)
    srv.args = args
    srv.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A hostile stand-in for the three servers tacme talks to: an ACME CA
(HTTPS), the acme-dns API (HTTP) and a DNS server (UDP and TCP), all on
127.0.0.1, on the ports given.  It plays a correct flow, faithful enough for
tacme to get a certificate signed by the test PKI (tests/lib/mkcerts.sh):

  GET  /dir                directory
  HEAD /nonce, GET /nonce  Replay-Nonce
  POST /new-acct           201 + Location (200 when the key is known);
                           onlyReturnExisting: 200, or 400 accountDoesNotExist
  POST /new-order          201 + Location, authorizations, finalize
  POST /authz/N            the authorization, with http-01 and dns-01
  POST /chall/N            validates: the TXT value published through the
                           acme-dns API must be base64url(SHA-256(token "."
                           thumbprint)); the authorization becomes valid
                           (or invalid, with the error)
  POST /finalize/N         checks the CSR (signature, exactly the order's
                           names), signs it with openssl under an
                           intermediate of the test root; answers
                           "processing" with Retry-After: 1 (scenario none
                           and the orderpoll ones), else "valid" at once
  POST /order/N            the order; valid with a certificate URL after
                           the second that finalize asked to wait
  POST /cert/N             leaf + intermediate (application/pem-certificate-chain)
  POST /acct/...           the account
  acme-dns: POST /register (one fixed registration), POST /update
                           (X-Api-User, X-Api-Key, {"subdomain", "txt"};
                           keeps the two latest values), GET /health
  DNS: _acme-challenge.<any name> CNAME <subdomain>.auth.hostile.test, and
       TXT queries for it answered with that CNAME plus the TXT values

Every POST is checked as a JWS (nonce issued here and unused, "url" equal
to the request URL, "jwk" for newAccount and "kid" otherwise); the account
URL carries the account's JWK, so a server started afresh knows an account
made by an earlier one.

EXCEPT at the one step, and in the one way, named by --scenario STEP-FAULT:
the fault is applied to every request (or DNS query) of that step, and
everything else stays correct, so each scenario breaks exactly one thing.
--list prints the scenarios (--slow adds those that take tacme minutes to
give up on, --describe says what each does); --scenario also takes
"order-503once", a CA busy for a moment, which is no fault.  Steps:
directory nonce account order authz (the authorization before its
challenge is answered) challenge authzpoll (the authorization after it)
finalize orderpoll download update (acme-dns), and the DNS queries cname
(the CNAME check) and txt (the propagation wait).

usage: hostile_server.py --pki DIR --work DIR --https-port N --http-port N
                         --dns-port N [--scenario NAME]
       hostile_server.py --list [--slow] [--describe]

It prints "ready" once listening, logs one line per request, and stops on
SIGTERM.  Python standard library and the openssl command only.
"""
import argparse
import base64
import hashlib
import json
import os
import secrets
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

# ---- the scenarios ---------------------------------------------------------

HTTP_STEPS = ("directory", "nonce", "account", "order", "authz", "challenge",
              "authzpoll", "finalize", "orderpoll", "download", "update")
BODY = tuple(s for s in HTTP_STEPS if s != "nonce")        # responses with a body
ACME_POST = ("account", "order", "authz", "challenge", "authzpoll", "finalize",
             "orderpoll", "download")
JSON_STEPS = ("directory", "account", "order", "authz", "challenge", "authzpoll",
              "finalize", "orderpoll")
ORDERS = ("order", "finalize", "orderpoll")               # answers with an order
DNS_STEPS = ("cname", "txt")

MB = 1 << 20

FAULTS = {
    # --- HTTP framing, at every HTTP step where it applies ------------------
    "truncated": (BODY, "chunked body cut in the middle of a chunk, connection closed"),
    "cl-larger": (BODY, "Content-Length 1000 bytes larger than the body, connection closed"),
    "cl-smaller": (BODY, "Content-Length 20 bytes smaller than the body (the rest 0.5 s later)"),
    "cl-bad": (BODY, "Content-Length that is not a number"),
    "cl-conflict": (BODY, "two different Content-Length headers"),
    "cl-huge": (BODY, "Content-Length of 5 MB, and 5 MB sent"),
    "huge-chunked": (BODY, "5 MB in chunks"),
    "huge-close": (BODY, "5 MB without a length, ended by closing"),
    "headers-endless": (HTTP_STEPS, "header lines streamed forever"),
    "headers-many": (HTTP_STEPS, "200 short header lines"),
    "header-nul": (HTTP_STEPS, "a NUL byte inside a header value"),
    "header-fold": (HTTP_STEPS, "an obs-fold continuation line"),
    "status-garbage": (HTTP_STEPS, "status line HTTP/1.1 2O0 OK"),
    "not-http": (HTTP_STEPS, "an HTML page instead of an HTTP response"),
    "interim-flood": (HTTP_STEPS, "30 interim 100 Continue answers before the real one"),
    "chunk-bad": (BODY, "chunk size zz"),
    "chunk-overflow": (BODY, "chunk size of 20 hex digits"),
    "chunk-negative": (BODY, "chunk size -1"),
    "chunk-nocrlf": (BODY, "chunk data not followed by CRLF"),
    "chunk-longline": (BODY, "chunk size line of 1000 bytes"),
    "chunk-trailing": (BODY, "bytes after the last chunk"),
    "te-gzip": (BODY, "Transfer-Encoding: gzip"),
    "reset-head": (HTTP_STEPS, "connection reset (RST) in the middle of the headers"),
    "reset-body": (BODY, "connection reset (RST) in the middle of the body"),
    "close-early": (HTTP_STEPS, "connection closed without an answer"),
    "drip": (("directory", "order", "download", "update"),
             "the answer one byte every 3 seconds"),
    "hang": (("nonce", "finalize", "update"),
             "no answer at all, connection kept open"),
    "tls-stall": (("directory",), "TCP accepted, TLS handshake never answered"),
    # --- status codes out of place ------------------------------------------
    "status-500": (HTTP_STEPS, "500 with a problem document"),
    "status-418": (HTTP_STEPS, "418"),
    "status-204body": (HTTP_STEPS, "204 with a body"),
    "status-101": (HTTP_STEPS, "101 Switching Protocols"),
    "redirect-loop": (HTTP_STEPS, "302 to the same URL"),
    "503-retry-after": (HTTP_STEPS, "503 with Retry-After: 1000000000"),
    "503": (("nonce", "order", "finalize", "download", "update"), "503 with Retry-After: 1"),
    "ratelimited": (ACME_POST, "429 rateLimited with Retry-After: 1000000000"),
    "badnonce": (ACME_POST, "badNonce on every POST"),
    "status-201": (("directory", "download"), "201 where only 200 fits"),
    "401": (("update",), "401 forbidden"),
    # --- bodies ---------------------------------------------------------------
    "json-garbage": (JSON_STEPS, "a JSON object cut short"),
    "json-array": (JSON_STEPS, "a JSON array instead of an object"),
    "json-deep": (JSON_STEPS, "objects nested 200 deep"),
    "json-tokens": (JSON_STEPS, "an object of 400 members"),
    "json-types": (("directory", "order", "authz", "authzpoll", "finalize", "orderpoll"),
                   "the right members with the wrong JSON types"),
    "empty-body": (("directory", "order", "authz", "authzpoll", "finalize", "orderpoll",
                    "download"), "the right status with an empty body"),
    "missing-neworder": (("directory",), "no newOrder"),
    "missing-nonce": (("nonce",), "no Replay-Nonce"),
    "body": (("nonce",), "a body after the HEAD answer"),
    "missing-location": (("account", "order"), "no Location"),
    "missing-finalize": (("order", "orderpoll"), "no finalize"),
    "missing-authorizations": (("order",), "no authorizations"),
    "many-authorizations": (("order",), "100 authorizations for 2 names"),
    "missing-identifier": (("authz",), "no identifier"),
    "missing-challenges": (("authz",), "no challenges"),
    "missing-dns01": (("authz",), "only an http-01 challenge"),
    "missing-token": (("authz",), "a dns-01 challenge without token"),
    "missing-url": (("authz",), "a dns-01 challenge without url"),
    "missing-status": (("authzpoll", "finalize"), "no status"),
    "invalid": (("authz", "authzpoll", "finalize", "orderpoll"),
                "status invalid (with an error where one fits)"),
    "ready": (("finalize",), "the order still \"ready\" after finalize"),
    # --- the certificate --------------------------------------------------------
    "cert-otherkey": (("download",), "leaf for another key, right names"),
    "cert-othernames": (("download",), "leaf for our key, other names"),
    "cert-extraname": (("download",), "leaf with one name more"),
    "cert-missingname": (("download",), "leaf with one name less"),
    "cert-reversed": (("download",), "intermediate first, then the leaf"),
    "cert-garbage": (("download",), "a CERTIFICATE block that is no certificate"),
    "cert-notpem": (("download",), "JSON instead of PEM"),
    "cert-huge": (("download",), "the chain with 20 more certificates (over 12 KB)"),
    "cert-badintermediate": (("download",), "leaf fine, intermediate block corrupt"),
    # --- DNS ----------------------------------------------------------------------
    "wrongid": (DNS_STEPS, "answers with another message ID (UDP)"),
    "silent": (("cname",), "no answer"),
    "loop-self": (DNS_STEPS, "a compression pointer to itself"),
    "loop-forward": (("cname",), "a compression pointer forward"),
    "loop-jumps": (("cname",), "a chain of 20 compression pointers"),
    "truncated-packet": (DNS_STEPS, "the answer cut in the middle of a record"),
    "rdlen": (("cname",), "RDLENGTH beyond the end of the message"),
    "ancount": (("cname",), "ANCOUNT 65535 with one record"),
    "label-bad": (("cname",), "a label length with the reserved 0x80 bits"),
    "otherquestion": (("cname",), "the answer to another question"),
    "noqr": (("cname",), "QR bit clear"),
    "servfail": (DNS_STEPS, "SERVFAIL"),
    "cnameloop": (("cname",), "a CNAME loop"),
    "toomany": (("txt",), "20 stale TXT records before the new ones"),
    "tc-tcpclose": (DNS_STEPS, "TC set over UDP; TCP closed at once"),
    "tc-tcpwrongid": (("cname",), "TC set over UDP; TCP answer with another ID"),
    "tc-tcphuge": (("cname",), "TC set over UDP; TCP length 65535, then closed"),
    "tc-tcptrunc": (("cname",), "TC set over UDP; TCP answer 100 bytes shorter than its length"),
    "tc-tcphang": (("cname",), "TC set over UDP; TCP never answers"),
}

# Scenarios where tacme gives up only after minutes (its poll bounds):
# listed with --slow.
SLOW = {
    "authzpoll-retry-after": "authorization pending forever, Retry-After: 1000000000",
    "orderpoll-retry-after": "order processing forever, Retry-After: 1000000000",
    "orderpoll-missing-certificate": "order valid without a certificate URL",
}


# Not faults at all: what a CA may do on a good day (tests/cli/faults.sh).
# Not listed; accepted by --scenario.
BENIGN = {
    "order-503once": "the first newOrder answered 503 with Retry-After: 1, then served",
    "finalize-later": "finalize answers processing with Retry-After: 1000; the order is "
                      "valid 2 s later (a slow CA: the next run fetches it)",
}


def scenarios(slow=False, benign=False):
    out = {"none": "no fault: the whole flow is correct"}
    for fault, (steps, what) in FAULTS.items():
        for step in steps:
            out["%s-%s" % (step, fault)] = what
    if slow:
        out.update(SLOW)
    if benign:
        out.update(BENIGN)
    return out


def split_scenario(name):
    if name == "none":
        return None, None
    step, _, fault = name.partition("-")
    return step, fault


# ---- helpers ----------------------------------------------------------------

def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_dec(text):
    text = text.encode() if isinstance(text, str) else text
    return base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4))


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True, **kw)


class Resp:
    """One HTTP answer: status, headers, and a JSON object or raw body."""

    def __init__(self, status, obj=None, body=b"", ctype=None, headers=()):
        self.status = status
        self.obj = obj
        self.body = body
        self.ctype = ctype or ("application/json" if obj is not None else None)
        self.headers = list(headers)

    def payload(self):
        if self.obj is not None:
            return json.dumps(self.obj, indent=2).encode()
        return self.body


REASONS = {100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created",
           204: "No Content", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           418: "I'm a teapot", 429: "Too Many Requests", 500: "Internal Server Error",
           503: "Service Unavailable"}

PROBLEM = "urn:ietf:params:acme:error:"


def problem(status, kind, detail, headers=()):
    return Resp(status, {"type": PROBLEM + kind, "detail": detail, "status": status},
                ctype="application/problem+json", headers=headers)


def thumbprint(jwk):
    keys = ("crv", "kty", "x", "y") if jwk.get("kty") == "EC" else ("e", "kty", "n")
    canon = json.dumps({k: jwk[k] for k in keys}, sort_keys=True, separators=(",", ":"))
    return b64u(hashlib.sha256(canon.encode()).digest())


# ---- the PKI -----------------------------------------------------------------

class PKI:
    """Signs CSRs with openssl under an intermediate of the test root."""

    def __init__(self, pki_dir, work):
        self.pki = pki_dir
        self.work = work
        os.makedirs(work, exist_ok=True)
        self.int_key = os.path.join(work, "int.key")
        self.int_pem = os.path.join(work, "int.pem")
        if not os.path.exists(self.int_pem):
            self.make_intermediate()
        with open(self.int_pem, "rb") as f:
            self.int_bytes = f.read()

    def make_intermediate(self):
        d = tempfile.mkdtemp(dir=self.work)
        key, csr, ext, pem = (os.path.join(d, n) for n in ("k", "csr", "ext", "pem"))
        run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-out", key])
        run(["openssl", "req", "-new", "-key", key, "-subj", "/CN=hostile test intermediate",
             "-out", csr])
        with open(ext, "w") as f:
            f.write("basicConstraints=critical,CA:TRUE,pathlen:0\n"
                    "keyUsage=critical,keyCertSign,cRLSign\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
        run(["openssl", "x509", "-req", "-in", csr, "-CA", os.path.join(self.pki, "ca.pem"),
             "-CAkey", os.path.join(self.pki, "ca.key"), "-set_serial",
             "0x" + secrets.token_hex(16), "-days", "3650", "-extfile", ext, "-out", pem])
        os.rename(key, self.int_key)
        os.rename(pem, self.int_pem)

    def csr_names(self, der):
        """Checks the CSR's signature; returns its DNS names."""
        with tempfile.NamedTemporaryFile(dir=self.work, suffix=".der") as f:
            f.write(der)
            f.flush()
            run(["openssl", "req", "-inform", "DER", "-in", f.name, "-noout", "-verify"])
            text = run(["openssl", "req", "-inform", "DER", "-in", f.name, "-noout",
                        "-text"]).stdout.decode()
        names = []
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if "Subject Alternative Name" in line and i + 1 < len(lines):
                for part in lines[i + 1].split(","):
                    part = part.strip()
                    if part.startswith("DNS:"):
                        names.append(part[4:].lower())
        return names

    def sign(self, der, names, other_key=False):
        """A leaf for the CSR's key (or a fresh key) carrying names."""
        d = tempfile.mkdtemp(dir=self.work)
        csr, ext, pem = (os.path.join(d, n) for n in ("csr.der", "ext", "leaf.pem"))
        with open(csr, "wb") as f:
            f.write(der)
        with open(ext, "w") as f:
            f.write("basicConstraints=critical,CA:FALSE\n"
                    "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                    "subjectAltName=%s\n" % ",".join("DNS:" + n for n in names))
        cmd = ["openssl", "x509", "-req", "-inform", "DER", "-in", csr, "-CA", self.int_pem,
               "-CAkey", self.int_key, "-set_serial", "0x" + secrets.token_hex(16),
               "-days", "90", "-extfile", ext, "-out", pem]
        if other_key:
            key, pub = os.path.join(d, "other.key"), os.path.join(d, "other.pub")
            run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-out", key])
            run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub])
            cmd += ["-force_pubkey", pub]
        run(cmd)
        with open(pem, "rb") as f:
            return f.read()


# ---- the CA, acme-dns and their shared state ----------------------------------

ADNS_USER = "9d4e2c1a-0b7f-4e55-a1d3-5c6b7a8f9e01"
ADNS_PASS = "hostile-password-0123456789abcdefghijklm"[:40]
ADNS_SUB = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0"
ADNS_ZONE = "auth.hostile.test"
ADNS_FULL = ADNS_SUB + "." + ADNS_ZONE


class Server:
    def __init__(self, args):
        self.args = args
        self.step, self.fault = split_scenario(args.scenario)
        self.base = "https://127.0.0.1:%d" % args.https_port
        self.pki = PKI(args.pki, args.work)
        self.lock = threading.RLock()
        self.nonces = set()
        self.accounts = {}
        self.orders = {}
        self.authzs = {}
        self.txt = []
        self.seq = 0
        self.served_503 = False

    def faulty(self, step):
        return self.fault if step == self.step else None

    def next_id(self):
        with self.lock:
            self.seq += 1
            return self.seq

    def new_nonce(self):
        n = b64u(secrets.token_bytes(16))
        with self.lock:
            self.nonces.add(n)
        return n

    # --- ACME ------------------------------------------------------------------

    def directory(self):
        b = self.base
        return {"newNonce": b + "/nonce", "newAccount": b + "/new-acct",
                "newOrder": b + "/new-order", "revokeCert": b + "/revoke",
                "keyChange": b + "/key-change",
                "meta": {"termsOfService": b + "/terms", "externalAccountRequired": False}}

    def check_jws(self, path, headers, body, need_jwk):
        """Returns (jwk, payload-bytes, None) or (None, None, error Resp)."""
        if headers.get("content-type") != "application/jose+json":
            return None, None, problem(415, "malformed", "Content-Type must be "
                                       "application/jose+json")
        try:
            jws = json.loads(body)
            prot = json.loads(b64u_dec(jws["protected"]))
            payload = b64u_dec(jws["payload"])
            b64u_dec(jws["signature"])
        except (ValueError, KeyError, TypeError):
            return None, None, problem(400, "malformed", "not a flattened JWS")
        if prot.get("alg") not in ("ES256", "ES384", "RS256"):
            return None, None, problem(400, "badSignatureAlgorithm", "unknown alg")
        nonce = prot.get("nonce")
        with self.lock:
            fresh = nonce in self.nonces
            self.nonces.discard(nonce)
        if not fresh:
            return None, None, problem(400, "badNonce", "JWS has an invalid anti-replay nonce")
        if prot.get("url") != self.base + path:
            return None, None, problem(400, "malformed", "JWS url %r is not %r" %
                                       (prot.get("url"), self.base + path))
        if need_jwk:
            if "jwk" not in prot or "kid" in prot:
                return None, None, problem(400, "malformed", "newAccount needs jwk, not kid")
            return prot["jwk"], payload, None
        kid = prot.get("kid", "")
        if "jwk" in prot or not kid.startswith(self.base + "/acct/"):
            return None, None, problem(400, "malformed", "a kid of this CA is needed")
        try:
            jwk = json.loads(b64u_dec(kid[len(self.base + "/acct/"):]))
            thumbprint(jwk)
        except (ValueError, KeyError, TypeError):
            return None, None, problem(400, "accountDoesNotExist", "unknown account")
        return jwk, payload, None

    def account_url(self, jwk):
        keys = ("crv", "kty", "x", "y") if jwk.get("kty") == "EC" else ("e", "kty", "n")
        canon = json.dumps({k: jwk[k] for k in keys}, sort_keys=True, separators=(",", ":"))
        return self.base + "/acct/" + b64u(canon.encode())

    def order_obj(self, o):
        obj = {"status": o["status"], "expires": "2099-01-01T00:00:00Z",
               "identifiers": [{"type": "dns", "value": n} for n in o["names"]],
               "authorizations": ["%s/authz/%d" % (self.base, z) for z in o["authz"]],
               "finalize": "%s/finalize/%d" % (self.base, o["id"])}
        if o["status"] == "valid":
            obj["certificate"] = "%s/cert/%d" % (self.base, o["id"])
        return obj

    def authz_obj(self, z):
        chall = {"type": "dns-01", "url": "%s/chall/%d" % (self.base, z["id"]),
                 "token": z["token"], "status": z["chall"]}
        if z.get("error"):
            chall["error"] = z["error"]
        http = {"type": "http-01", "url": "%s/chall/%d/http" % (self.base, z["id"]),
                "token": z["token"], "status": "pending" if z["status"] == "pending"
                else z["chall"]}
        return {"status": z["status"], "expires": "2099-01-01T00:00:00Z",
                "identifier": {"type": "dns", "value": z["name"]},
                "challenges": [http, chall]}

    def refresh_order(self, o):
        if o["status"] == "pending":
            st = [self.authzs[z]["status"] for z in o["authz"]]
            if "invalid" in st:
                o["status"] = "invalid"
            elif all(s == "valid" for s in st):
                o["status"] = "ready"
        if o["status"] == "processing" and time.time() >= o["valid_at"]:
            o["status"] = "valid"

    def acme(self, method, path, headers, body):
        """Returns (step, Resp) for one request to the CA."""
        if path == "/dir" and method == "GET":
            return "directory", Resp(200, self.directory())
        if path == "/nonce" and method in ("HEAD", "GET"):
            return "nonce", Resp(200 if method == "HEAD" else 204,
                                 headers=[("Replay-Nonce", self.new_nonce()),
                                          ("Cache-Control", "no-store")])
        if method != "POST":
            return "other", problem(405, "malformed", "method not allowed")
        step = {"/new-acct": "account", "/new-order": "order"}.get(path)
        parts = path.strip("/").split("/")
        kind = parts[0]
        if not step:
            step = {"acct": "account", "order": "orderpoll", "authz": "authz",
                    "chall": "challenge", "finalize": "finalize", "cert": "download"}.get(kind,
                                                                                       "other")
        if kind == "authz":
            with self.lock:
                z = self.authzs.get(int(parts[1])) if parts[1:] and parts[1].isdigit() else None
                if z and z["answered"]:
                    step = "authzpoll"
        jwk, payload, err = self.check_jws(path, headers, body, path == "/new-acct")
        if err:
            return step, err
        try:
            req = json.loads(payload) if payload else None
        except ValueError:
            return step, problem(400, "malformed", "payload is not JSON")
        with self.lock:
            return self.acme_post(step, path, parts, jwk, req)

    def acme_post(self, step, path, parts, jwk, req):
        if path == "/new-acct":
            url = self.account_url(jwk)
            known = url in self.accounts
            if isinstance(req, dict) and req.get("onlyReturnExisting"):
                if not known:
                    return step, problem(400, "accountDoesNotExist", "no account for this key")
                return step, Resp(200, self.accounts[url], headers=[("Location", url)])
            if not known:
                self.accounts[url] = {"status": "valid", "contact": (req or {}).get("contact", []),
                                      "orders": url + "/orders"}
            return step, Resp(200 if known else 201, self.accounts[url],
                              headers=[("Location", url)])
        if parts[0] == "acct":
            url = self.account_url(jwk)
            if self.base + path != url:
                return step, problem(403, "unauthorized", "not your account")
            return step, Resp(200, self.accounts.get(url, {"status": "valid"}))
        if path == "/new-order":
            try:
                names = [i["value"].lower() for i in req["identifiers"] if i["type"] == "dns"]
            except (TypeError, KeyError, AttributeError):
                return step, problem(400, "malformed", "bad identifiers")
            if not names:
                return step, problem(400, "malformed", "no identifiers")
            o = {"id": self.next_id(), "names": names, "status": "pending", "authz": [],
                 "thumb": thumbprint(jwk)}
            for n in names:
                z = {"id": self.next_id(), "name": n.removeprefix("*."), "status": "pending",
                     "chall": "pending", "token": b64u(secrets.token_bytes(32)),
                     "order": o["id"], "answered": False}
                self.authzs[z["id"]] = z
                o["authz"].append(z["id"])
            self.orders[o["id"]] = o
            return step, Resp(201, self.order_obj(o), headers=[
                ("Location", "%s/order/%d" % (self.base, o["id"]))])
        try:
            num = int(parts[1])
        except (IndexError, ValueError):
            return step, problem(404, "malformed", "no such resource")
        if parts[0] == "authz" and num in self.authzs:
            z = self.authzs[num]
            return ("authzpoll" if z["answered"] else "authz"), Resp(200, self.authz_obj(z))
        if parts[0] == "chall" and num in self.authzs and len(parts) == 2:
            z = self.authzs[num]
            z["answered"] = True
            if z["status"] == "pending":
                want = b64u(hashlib.sha256(
                    (z["token"] + "." + self.orders[z["order"]]["thumb"]).encode()).digest())
                if want in self.txt:
                    z["status"] = z["chall"] = "valid"
                else:
                    z["status"] = z["chall"] = "invalid"
                    z["error"] = {"type": PROBLEM + "unauthorized", "status": 403,
                                  "detail": "no TXT record %s at _acme-challenge.%s (found %s)"
                                  % (want, z["name"], self.txt)}
                log("validation of", z["name"], z["status"])
            obj = self.authz_obj(z)["challenges"][1]
            return step, Resp(200, obj, headers=[
                ("Link", '<%s/authz/%d>;rel="up"' % (self.base, num))])
        if parts[0] in ("order", "finalize", "cert") and num in self.orders:
            o = self.orders[num]
            self.refresh_order(o)
            loc = [("Location", "%s/order/%d" % (self.base, num))]
            if parts[0] == "order":
                return step, Resp(200, self.order_obj(o), headers=loc)
            if parts[0] == "finalize":
                if o["status"] != "ready":
                    return step, problem(403, "orderNotReady", "the order is %s" % o["status"])
                try:
                    der = b64u_dec(req["csr"])
                    names = self.pki.csr_names(der)
                except (TypeError, KeyError, ValueError, subprocess.CalledProcessError):
                    return step, problem(400, "badCSR", "unreadable CSR")
                if sorted(names) != sorted(o["names"]):
                    return step, problem(400, "badCSR", "CSR names %s are not the order's %s"
                                         % (names, o["names"]))
                o["csr"] = der
                o["chain"] = self.pki.sign(der, o["names"]) + self.pki.int_bytes
                # "processing" for a second (so tacme polls the order) in the
                # scenarios that need it; else valid at once, as RFC 8555
                # allows: a second less per run.
                if self.step == "finalize" and self.fault == "later":
                    o["status"] = "processing"
                    o["valid_at"] = time.time() + 2
                    return step, Resp(200, self.order_obj(o),
                                      headers=loc + [("Retry-After", "1000")])
                if self.step in (None, "orderpoll"):
                    o["status"] = "processing"
                    o["valid_at"] = time.time() + 0.5
                    return step, Resp(200, self.order_obj(o),
                                      headers=loc + [("Retry-After", "1")])
                o["status"] = "valid"
                return step, Resp(200, self.order_obj(o), headers=loc)
            if o["status"] != "valid":
                return step, problem(404, "malformed", "no certificate yet")
            return step, Resp(200, body=o["chain"], ctype="application/pem-certificate-chain")
        return step, problem(404, "malformed", "no such resource")

    # --- acme-dns ---------------------------------------------------------------

    def adns(self, method, path, headers, body):
        if method == "GET" and path == "/health":
            return "health", Resp(200, {})
        if method == "POST" and path == "/register":
            return "register", Resp(201, {"username": ADNS_USER, "password": ADNS_PASS,
                                          "fulldomain": ADNS_FULL, "subdomain": ADNS_SUB,
                                          "allowfrom": []})
        if method == "POST" and path == "/update":
            if (headers.get("x-api-user") != ADNS_USER or
                    headers.get("x-api-key") != ADNS_PASS):
                return "update", Resp(401, {"error": "forbidden"})
            try:
                data = json.loads(body)
                sub, txt = data["subdomain"], data["txt"]
            except (ValueError, KeyError, TypeError):
                return "update", Resp(400, {"error": "malformed_json_payload"})
            if sub != ADNS_SUB:
                return "update", Resp(401, {"error": "forbidden"})
            if not isinstance(txt, str) or len(txt) != 43:
                return "update", Resp(400, {"error": "bad_txt"})
            with self.lock:
                self.txt = (self.txt + [txt])[-2:]
            return "update", Resp(200, {"txt": txt})
        return "other", Resp(404, {"error": "not_found"})

    # --- faults in the content -----------------------------------------------------

    def mutate(self, step, fault, resp, method, url):
        """The answer with a content fault applied (transport faults: None)."""
        obj = resp.obj if isinstance(resp.obj, dict) else None
        if fault == "status-500":
            if step == "update":
                return Resp(500, {"error": "internal"})
            return problem(500, "serverInternal", "hostile: internal error")
        if fault == "status-418":
            return Resp(418, body=b"I'm a teapot\n", ctype="text/plain")
        if fault == "redirect-loop":
            return Resp(302, headers=[("Location", url)])
        if fault == "503" or (fault == "503once" and not self.served_503):
            self.served_503 = True
            if step == "update":
                return Resp(503, {"error": "busy"}, headers=[("Retry-After", "1")])
            return problem(503, "serverInternal", "hostile: busy, come back in a second",
                           [("Retry-After", "1")])
        if fault in ("503once", "later"):    # no fault: a behaviour (BENIGN)
            return resp
        if fault == "503-retry-after":
            return problem(503, "serverInternal", "hostile: down for a while",
                           [("Retry-After", "1000000000")])
        if fault == "ratelimited":
            return problem(429, "rateLimited", "hostile: too many requests, come back in "
                           "31 years", [("Retry-After", "1000000000")])
        if fault == "badnonce":
            return problem(400, "badNonce", "hostile: every nonce is bad")
        if fault == "401":
            return Resp(401, {"error": "forbidden"})
        if fault == "status-201":
            resp.status = 201
            return resp
        if fault == "json-garbage":
            return Resp(resp.status, body=resp.payload()[:40], ctype="application/json",
                        headers=resp.headers)
        if fault == "json-array":
            return Resp(resp.status, ["not", "an", "object"], headers=resp.headers)
        if fault == "json-deep":
            return Resp(resp.status, body=b'{"a":' * 200 + b"1" + b"}" * 200,
                        ctype="application/json", headers=resp.headers)
        if fault == "json-tokens":
            big = dict(obj or {})
            big.update({"k%d" % i: i for i in range(400)})
            return Resp(resp.status, big, headers=resp.headers)
        if fault == "empty-body":
            return Resp(resp.status, body=b"", headers=resp.headers)
        if fault == "json-types" and obj is not None:
            if step == "directory":
                obj.update({"newNonce": 42, "newAccount": ["x"], "newOrder": {"url": 1}})
            elif step in ORDERS:
                obj.update({"status": 1, "finalize": ["x"]})
            elif step == "authz":
                obj["identifier"] = {"type": "dns", "value": 7}
            elif step == "authzpoll":
                obj["status"] = 3
            return resp
        if fault == "missing-neworder":
            del obj["newOrder"]
            return resp
        if fault == "missing-nonce":
            resp.headers = [h for h in resp.headers if h[0] != "Replay-Nonce"]
            return resp
        if fault == "missing-location":
            resp.headers = [h for h in resp.headers if h[0] != "Location"]
            return resp
        if fault == "missing-finalize":
            obj.pop("finalize", None)
            return resp
        if fault == "missing-authorizations":
            del obj["authorizations"]
            return resp
        if fault == "many-authorizations":
            obj["authorizations"] = ["%s/authz/%d" % (self.base, 1000 + i) for i in range(100)]
            return resp
        if fault == "missing-identifier":
            del obj["identifier"]
            return resp
        if fault == "missing-challenges":
            del obj["challenges"]
            return resp
        if fault == "missing-dns01":
            obj["challenges"] = obj["challenges"][:1]
            return resp
        if fault in ("missing-token", "missing-url"):
            del obj["challenges"][1][fault[8:]]
            return resp
        if fault == "missing-status":
            obj.pop("status", None)
            return resp
        if fault == "invalid" and obj is not None:
            obj["status"] = "invalid"
            if step in ("authz", "authzpoll"):
                obj["challenges"][1]["status"] = "invalid"
                obj["challenges"][1]["error"] = {
                    "type": PROBLEM + "unauthorized", "status": 403,
                    "detail": "hostile: the TXT record was not found"}
            else:
                obj["error"] = {"type": PROBLEM + "badCSR", "detail": "hostile: refused"}
            return resp
        if fault == "ready" and obj is not None:
            obj["status"] = "ready"
            obj.pop("certificate", None)
            return resp
        if fault == "retry-after" and obj is not None:
            obj["status"] = "pending" if step == "authzpoll" else "processing"
            obj.pop("certificate", None)
            resp.headers.append(("Retry-After", "1000000000"))
            return resp
        if fault == "missing-certificate" and obj is not None:
            obj["status"] = "valid"
            obj.pop("certificate", None)
            return resp
        if fault.startswith("cert-") or (fault == "empty-body" and step == "download"):
            return self.bad_cert(fault, url, resp)
        return None

    def bad_cert(self, fault, url, resp):
        o = self.orders[int(url.rsplit("/", 1)[1])]
        leaf = o["chain"][:len(o["chain"]) - len(self.pki.int_bytes)]
        names = o["names"]
        if fault == "cert-otherkey":
            leaf = self.pki.sign(o["csr"], names, other_key=True)
        elif fault == "cert-othernames":
            leaf = self.pki.sign(o["csr"], ["other.hostile.test"])
        elif fault == "cert-extraname":
            leaf = self.pki.sign(o["csr"], names + ["extra.hostile.test"])
        elif fault == "cert-missingname":
            leaf = self.pki.sign(o["csr"], names[:-1] or ["other.hostile.test"])
        body = leaf + self.pki.int_bytes
        if fault == "cert-reversed":
            body = self.pki.int_bytes + leaf
        elif fault == "cert-garbage":
            body = (b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(b"\x30\x82garbage" * 40)
                    + b"-----END CERTIFICATE-----\n")
        elif fault == "cert-notpem":
            body = json.dumps({"certificate": leaf.decode()}).encode()
        elif fault == "cert-huge":
            body = leaf + self.pki.int_bytes * 21
        elif fault == "cert-badintermediate":
            lines = self.pki.int_bytes.split(b"\n")
            lines[3] = b"!!!!" + lines[3][4:]
            body = leaf + b"\n".join(lines)
        resp.body = body
        return resp


# ---- HTTP ----------------------------------------------------------------------

def head_bytes(status, headers, reason=None):
    lines = ["HTTP/1.1 %d %s" % (status, reason or REASONS.get(status, "Whatever"))]
    lines += ["%s: %s" % kv for kv in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def rst(sock):
    """Closes with a TCP reset."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def read_request(sock, buf):
    """Reads one request; returns (method, path, headers, body, rest) or None."""
    while b"\r\n\r\n" not in buf:
        if len(buf) > 65536:
            return None
        data = sock.recv(65536)
        if not data:
            return None
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, _ = lines[0].split(" ", 2)
    except ValueError:
        return None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length") or 0)
    while len(rest) < n:
        data = sock.recv(65536)
        if not data:
            return None
        rest += data
    return method, target, headers, rest[:n], rest[n:]


def filler(n):
    chunk = b" " * 65536
    while n > 0:
        yield chunk[:min(n, len(chunk))]
        n -= len(chunk)


def send_response(sock, resp, fault, head_only):
    """Writes resp, with fault when it is a transport fault.  Returns True
    when the connection can serve another request."""
    body = resp.payload()
    headers = list(resp.headers)
    if resp.ctype:
        headers.insert(0, ("Content-Type", resp.ctype))
    status = resp.status
    cl = [("Content-Length", str(len(body)))]
    if head_only:
        body = b""
    if fault is None or fault in ("json-garbage", "json-array", "json-deep", "json-tokens"):
        sock.sendall(head_bytes(status, headers + cl) + body)
        return True
    if fault == "truncated":
        sock.sendall(head_bytes(status, headers + [("Transfer-Encoding", "chunked")]) +
                     b"%x\r\n" % len(body) + body[:len(body) // 2])
        time.sleep(0.2)
        sock.close()
        return False
    if fault == "cl-larger":
        sock.sendall(head_bytes(status, headers + [("Content-Length", str(len(body) + 1000))])
                     + body)
        time.sleep(0.2)
        sock.close()
        return False
    if fault == "cl-smaller":
        # what the length announces first, the rest a moment later: what
        # tacme reads is the body cut short
        n = max(1, len(body) - 20)
        sock.sendall(head_bytes(status, headers + [("Content-Length", str(n))]) + body[:n])
        time.sleep(0.5)
        sock.sendall(body[n:])
        return True
    if fault == "cl-bad":
        sock.sendall(head_bytes(status, headers + [("Content-Length", "%dx" % len(body))]) + body)
        return False
    if fault == "cl-conflict":
        sock.sendall(head_bytes(status, headers + cl + [("Content-Length", str(len(body) + 1))])
                     + body)
        return False
    if fault in ("cl-huge", "huge-close"):
        h = headers + ([("Content-Length", str(5 * MB))] if fault == "cl-huge" else
                       [("Connection", "close")])
        sock.sendall(head_bytes(status, h) + body)
        for piece in filler(5 * MB - len(body)):
            sock.sendall(piece)
        sock.close()
        return False
    if fault == "huge-chunked":
        sock.sendall(head_bytes(status, headers + [("Transfer-Encoding", "chunked")]) +
                     b"%x\r\n%s\r\n" % (len(body), body))
        for piece in filler(5 * MB):
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        sock.sendall(b"0\r\n\r\n")
        return False
    if fault == "headers-endless":
        sock.sendall(b"HTTP/1.1 %d OK\r\n" % status)
        end = time.time() + 300
        i = 0
        while time.time() < end:
            sock.sendall(b"".join(b"X-Endless-%d: %s\r\n" % (i + k, b"e" * 50)
                                  for k in range(100)))
            i += 100
        return False
    if fault == "headers-many":
        many = [("X-Many-%d" % i, str(i)) for i in range(200)]
        sock.sendall(head_bytes(status, headers + many + cl) + body)
        return True
    if fault == "header-nul":
        sock.sendall(head_bytes(status, headers + [("X-Nul", "a\0b")] + cl) + body)
        return False
    if fault == "header-fold":
        sock.sendall(head_bytes(status, headers + [("X-Folded", "first\r\n  continued")] + cl)
                     + body)
        return False
    if fault == "status-garbage":
        sock.sendall(head_bytes(status, headers + cl, "OK").replace(
            b"HTTP/1.1 %d" % status, b"HTTP/1.1 2O0", 1) + body)
        return False
    if fault == "not-http":
        sock.sendall(b"<html><head><title>Gateway</title></head>\r\n"
                     b"<body>garbage</body></html>\r\n\r\n")
        return False
    if fault == "interim-flood":
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" * 30 + head_bytes(status, headers + cl) + body)
        return True
    if fault == "status-101":
        sock.sendall(head_bytes(101, [("Upgrade", "h2c"), ("Connection", "Upgrade")]))
        return False
    if fault == "status-204body":
        sock.sendall(head_bytes(204, headers + cl) + (body or b"{}"))
        return False
    if fault.startswith("chunk-"):
        h = head_bytes(status, headers + [("Transfer-Encoding", "chunked")])
        half = len(body) // 2
        good = b"%x\r\n%s\r\n" % (half, body[:half])
        rest = body[half:]
        if fault == "chunk-bad":
            tail = b"zz\r\n" + rest + b"\r\n0\r\n\r\n"
        elif fault == "chunk-overflow":
            tail = b"%020x\r\n" % (1 << 76) + rest + b"\r\n0\r\n\r\n"
        elif fault == "chunk-negative":
            tail = b"-1\r\n" + rest + b"\r\n0\r\n\r\n"
        elif fault == "chunk-nocrlf":
            tail = b"%x\r\n%sXX0\r\n\r\n" % (len(rest), rest)
        elif fault == "chunk-longline":
            tail = b"%x;%s\r\n%s\r\n0\r\n\r\n" % (len(rest), b"e" * 1000, rest)
        else:   # chunk-trailing
            tail = b"%x\r\n%s\r\n0\r\n\r\nHTTP/1.1 200 OK\r\ngarbage after the body\r\n" % (
                len(rest), rest)
        sock.sendall(h + good + tail)
        return False
    if fault == "te-gzip":
        sock.sendall(head_bytes(status, headers + [("Transfer-Encoding", "gzip")] + cl) + body)
        return False
    if fault in ("reset-head", "reset-body"):
        data = head_bytes(status, headers + cl)
        data = data[:len(data) // 2] if fault == "reset-head" else data + body[:len(body) // 2]
        sock.sendall(data)
        time.sleep(0.3)
        rst(sock)
        return False
    if fault == "close-early":
        sock.close()
        return False
    if fault == "drip":
        data = head_bytes(status, headers + cl) + body
        for i in range(len(data)):
            sock.sendall(data[i:i + 1])
            time.sleep(3)
        return True
    if fault == "hang":
        time.sleep(300)
        sock.close()
        return False
    if fault == "body":                         # HEAD answered with a body
        sock.sendall(head_bytes(status, headers + [("Content-Length", "14")]) +
                     b'{"nonce":true}')
        return False
    raise ValueError("unknown fault " + fault)


def serve_http(srv, sock, kind):
    buf = b""
    try:
        sock.settimeout(120)
        while True:
            req = read_request(sock, buf)
            if req is None:
                break
            method, path, headers, body, buf = req
            if kind == "acme":
                step, resp = srv.acme(method, path, headers, body)
                url = srv.base + path
            else:
                step, resp = srv.adns(method, path, headers, body)
                url = "http://127.0.0.1:%d%s" % (srv.args.http_port, path)
            fault = srv.faulty(step)
            if fault:
                changed = srv.mutate(step, fault, resp, method, url)
                if changed is not None:
                    resp, fault = changed, None
                    if step == "nonce":      # no nonce with an error
                        resp.headers = [h for h in resp.headers if h[0] != "Replay-Nonce"]
            if kind == "acme" and step not in ("directory", "nonce") and \
                    not any(h[0] == "Replay-Nonce" for h in resp.headers):
                resp.headers += [("Replay-Nonce", srv.new_nonce()),
                                 ("Link", '<%s/dir>;rel="index"' % srv.base)]
            log(kind, method, path, step, resp.status, srv.args.scenario if fault or
                srv.faulty(step) else "-")
            if not send_response(sock, resp, fault, method == "HEAD"):
                break
    except (OSError, ssl.SSLError, ValueError) as e:
        log(kind, "connection ended:", e)
    finally:
        try:
            sock.close()
        except OSError:
            pass


def accept_loop(srv, lsock, kind, ctx):
    while True:
        conn, _ = lsock.accept()
        threading.Thread(target=tls_then_http if ctx else serve_http,
                         args=(srv, conn, kind, ctx) if ctx else (srv, conn, kind),
                         daemon=True).start()


def tls_then_http(srv, conn, kind, ctx):
    if srv.faulty("directory") == "tls-stall":
        time.sleep(300)
        conn.close()
        return
    try:
        conn.settimeout(60)
        tconn = ctx.wrap_socket(conn, server_side=True)
    except (OSError, ssl.SSLError) as e:
        log("TLS handshake failed:", e)
        conn.close()
        return
    serve_http(srv, tconn, kind)


# ---- DNS -----------------------------------------------------------------------

T_CNAME, T_TXT = 5, 16


def parse_query(q):
    """(id, rd, qname, qtype, question bytes) of a query, or None."""
    if len(q) < 17:
        return None
    qid, flags, qd = struct.unpack("!HHH", q[:6])
    if qd != 1:
        return None
    p, labels = 12, []
    while p < len(q) and q[p]:
        n = q[p]
        labels.append(q[p + 1:p + 1 + n].decode("latin-1"))
        p += 1 + n
    p += 1
    if p + 4 > len(q):
        return None
    qtype = struct.unpack("!H", q[p:p + 2])[0]
    return qid, flags & 0x0100, ".".join(labels).lower(), qtype, q[12:p + 4]


def enc_name(name):
    out = b""
    for label in name.strip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rr(owner, rtype, rdata, ttl=60):
    return owner + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def txt_rdata(value):
    return bytes([len(value)]) + value.encode()


class DNS:
    def __init__(self, srv):
        self.srv = srv

    def step_fault(self, qtype):
        step = {T_CNAME: "cname", T_TXT: "txt"}.get(qtype)
        return self.srv.faulty(step) if step else None

    def answer(self, q, tcp):
        """The answer bytes for query q (None: stay silent)."""
        parsed = parse_query(q)
        if not parsed:
            return None
        qid, rd, qname, qtype, question = parsed
        fault = self.step_fault(qtype)
        rcode, records = 3, []
        if qname.startswith("_acme-challenge.") and qtype in (T_CNAME, T_TXT, 255):
            rcode = 0
            target = enc_name(ADNS_FULL)
            records.append(rr(b"\xc0\x0c", T_CNAME, target))
            if qtype == T_TXT:
                # the TXT owner: a pointer to the CNAME's RDATA
                ptr = 12 + len(question) + 12
                for v in self.srv.txt:
                    records.append(rr(struct.pack("!H", 0xc000 | ptr), T_TXT, txt_rdata(v)))
        elif qname == ADNS_FULL.lower() and qtype == T_TXT:
            rcode = 0
            for v in self.srv.txt:
                records.append(rr(b"\xc0\x0c", T_TXT, txt_rdata(v)))
        flags = 0x8400 | rd | 0x0080          # QR AA RD RA
        if fault == "silent":
            return None
        if fault and fault.startswith("tc-"):
            if not tcp:
                return struct.pack("!HHHHHH", qid, flags | 0x0200, 1, 0, 0, 0) + question
            if fault == "tc-tcpwrongid":
                qid ^= 0x5a5a
            elif fault in ("tc-tcpclose", "tc-tcphuge", "tc-tcphang"):
                return fault                   # handled by the TCP server
        if fault == "servfail":
            rcode, records = 2, []
        if fault == "toomany":                 # before the real ones, after the CNAME
            ptr = 12 + len(question) + 12
            records[1:1] = [rr(struct.pack("!H", 0xc000 | ptr), T_TXT,
                               txt_rdata("filler-%02d" % i)) for i in range(20)]
        if fault == "cnameloop":
            other = enc_name("loop.hostile.test")
            records = [rr(b"\xc0\x0c", T_CNAME, other),
                       rr(struct.pack("!H", 0xc000 | (12 + len(question) + 12)), T_CNAME,
                          b"\xc0\x0c")]
        if fault == "wrongid":
            qid ^= 0x5a5a
        if fault == "noqr":
            flags &= ~0x8000
        if fault == "otherquestion":
            question = enc_name("other.hostile.test") + question[-4:]
        ancount = len(records)
        body = b"".join(records)
        first = 12 + len(question)                # offset of the first record
        if records and fault == "loop-self":
            body = struct.pack("!H", 0xc000 | first) + body[2:]
        elif records and fault == "loop-forward":
            body = struct.pack("!H", 0xc000 | (first + 20)) + body[2:]
        elif records and fault == "label-bad":
            body = b"\x80" + body[1:]
        elif records and fault == "rdlen":
            body = body[:10] + b"\xff\xff" + body[12:]
        elif fault == "ancount":
            ancount = 0xffff
        elif fault == "loop-jumps":
            # A NULL record whose RDATA holds 20 pointers, each to the one
            # before (the first to the question), then a CNAME owned by
            # the last of them: 21 jumps to read its name.
            ptrs = b""
            start = first + 12                   # RDATA of the NULL record
            for i in range(20):
                ptrs += struct.pack("!H", 0xc000 | (12 if i == 0 else start + 2 * (i - 1)))
            null = rr(b"\xc0\x0c", 10, ptrs)
            last = struct.pack("!H", 0xc000 | (start + 38))
            body = null + rr(last, T_CNAME, enc_name(ADNS_FULL))
            ancount = 2
        msg = struct.pack("!HHHHHH", qid, flags | rcode, 1, ancount, 0, 0) + question + body
        if fault == "truncated-packet" and records:
            msg = msg[:len(msg) - 7]
        if fault == "tc-tcptrunc" and tcp:
            return ("short", msg)
        return msg

    def udp_loop(self, sock):
        while True:
            q, peer = sock.recvfrom(4096)
            try:
                a = self.answer(q, False)
            except Exception as e:                # keep serving
                log("dns error", e)
                continue
            log("dns udp", parse_query(q)[2:4] if parse_query(q) else "?",
                "silent" if a is None else len(a))
            if isinstance(a, bytes):
                sock.sendto(a, peer)

    def tcp_conn(self, conn):
        try:
            conn.settimeout(60)
            data = b""
            while len(data) < 2 or len(data) < 2 + struct.unpack("!H", data[:2])[0]:
                more = conn.recv(4096)
                if not more:
                    return
                data += more
            q = data[2:2 + struct.unpack("!H", data[:2])[0]]
            a = self.answer(q, True)
            log("dns tcp", parse_query(q)[2:4] if parse_query(q) else "?", a if
                isinstance(a, str) else len(a or b""))
            if a == "tc-tcpclose" or a is None:
                pass
            elif a == "tc-tcphuge":
                conn.sendall(b"\xff\xff" + b"\0" * 100)
            elif isinstance(a, tuple):         # tc-tcptrunc: 100 bytes short
                conn.sendall(struct.pack("!H", len(a[1]) + 100) + a[1])
            elif a == "tc-tcphang":
                time.sleep(60)
            else:
                conn.sendall(struct.pack("!H", len(a)) + a)
        except OSError:
            pass
        finally:
            conn.close()

    def tcp_loop(self, lsock):
        while True:
            conn, _ = lsock.accept()
            threading.Thread(target=self.tcp_conn, args=(conn,), daemon=True).start()


# ---- main ------------------------------------------------------------------------

def listener(port, kind):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    if kind != "udp":
        s.listen(64)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--slow", action="store_true")
    ap.add_argument("--describe", action="store_true")
    ap.add_argument("--scenario", default="none")
    ap.add_argument("--pki")
    ap.add_argument("--work")
    ap.add_argument("--https-port", type=int)
    ap.add_argument("--http-port", type=int)
    ap.add_argument("--dns-port", type=int)
    args = ap.parse_args()
    if args.list:
        for name, what in scenarios(args.slow).items():
            print("%s\t%s" % (name, what) if args.describe else name)
        return
    if args.scenario not in scenarios(True, True):
        sys.exit("unknown scenario %s (see --list)" % args.scenario)
    if not (args.pki and args.work and args.https_port and args.http_port and args.dns_port):
        sys.exit("--pki, --work, --https-port, --http-port and --dns-port are needed")
    srv = Server(args)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(args.pki, "server.pem"), os.path.join(args.pki, "server.key"))
    socks = [listener(args.https_port, "tcp"), listener(args.http_port, "tcp"),
             listener(args.dns_port, "udp"), listener(args.dns_port, "tcp")]
    dns = DNS(srv)
    threads = [threading.Thread(target=accept_loop, args=(srv, socks[0], "acme", ctx)),
               threading.Thread(target=accept_loop, args=(srv, socks[1], "adns", None)),
               threading.Thread(target=dns.udp_loop, args=(socks[2],)),
               threading.Thread(target=dns.tcp_loop, args=(socks[3],))]
    for t in threads:
        t.daemon = True
        t.start()
    log("ready", args.scenario, "https", args.https_port, "http", args.http_port,
        "dns", args.dns_port)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()

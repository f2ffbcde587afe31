#!/usr/bin/env python3
"""A small HTTP CONNECT proxy for tests, on loopback only.

usage: proxy.py PORT [USER:PASSWORD]
Tunnels CONNECT requests to 127.0.0.1/::1/localhost only (tests never reach
anywhere else).  With USER:PASSWORD it demands Basic authentication (407
otherwise).  Writes one line per tunnel to stdout ("CONNECT host:port").
"""
import base64
import socket
import sys
import threading

ALLOWED = {"127.0.0.1", "::1", "localhost"}


def pipe(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    finally:
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def handle(conn, creds):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = conn.recv(1)
        if not chunk or len(head) > 8192:
            conn.close()
            return
        head += chunk
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3 or parts[0] != "CONNECT":
        conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
        conn.close()
        return
    if creds:
        want = "Basic " + base64.b64encode(creds.encode()).decode()
        got = [l.split(":", 1)[1].strip() for l in lines[1:]
               if l.lower().startswith("proxy-authorization:")]
        if got != [want]:
            conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                         b"Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
            conn.close()
            return
    target = parts[1]
    host, _, port = target.rpartition(":")
    host = host.strip("[]")
    if host not in ALLOWED:
        conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        conn.close()
        return
    try:
        up = socket.create_connection((host, int(port)), timeout=10)
    except OSError:
        conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        conn.close()
        return
    print("CONNECT " + target, flush=True)
    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    threading.Thread(target=pipe, args=(conn, up), daemon=True).start()
    threading.Thread(target=pipe, args=(up, conn), daemon=True).start()


def main():
    port = int(sys.argv[1])
    creds = sys.argv[2] if len(sys.argv) > 2 else None
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn, creds), daemon=True).start()


if __name__ == "__main__":
    main()

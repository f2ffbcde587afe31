#!/usr/bin/env python3
"""Snapshot of a tacme state folder, to prove a failed run changed nothing.

  snapshot.py save DIR FILE            records every entry under DIR (not
                                       following links): type, mode, SHA-256
                                       of files, target of links
  snapshot.py compare DIR FILE [SECTION...]
                                       prints each difference, exits 1 if any
  snapshot.py compare-batch LIST [SECTION...]
                                       LIST: lines "DIR FILE NAME"; prints
                                       "NAME<TAB>differences" for each DIR
                                       that differs, exits 1 if any does

What a failed run may change, on purpose, and nothing else:
  - <SECTION>.state: only "last" (which must then start with "failed:")
    and "last_time": the status line `tacme status` shows; and "failures"
    (one more) and "retry_at" (not before the failure): renew's backoff;
  - directory.json: it may be gone (tacme forgets the cached directory
    after a failure), never changed;
  - .<SECTION>.order and .<SECTION>.order.key: an order sent to finalize
    and its key (0600), kept for the next run; they may appear or change.
"""
import hashlib
import json
import os
import stat
import sys


def snap(top):
    out = {}
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, top)
            st = os.lstat(path)
            e = {"mode": "%o" % stat.S_IMODE(st.st_mode)}
            if stat.S_ISLNK(st.st_mode):
                e["type"] = "link"
                e["target"] = os.readlink(path)
            elif stat.S_ISDIR(st.st_mode):
                e["type"] = "dir"
            elif stat.S_ISREG(st.st_mode):
                e["type"] = "file"
                with open(path, "rb") as f:
                    data = f.read()
                e["sha256"] = hashlib.sha256(data).hexdigest()
                if name.endswith(".state"):
                    e["text"] = data.decode("utf-8", "replace")
            else:
                e["type"] = "other"
            out[rel] = e
    return out


def state_ok(before, after):
    """None when only the status line and the backoff changed (to a
    failure), else why not."""
    try:
        b, a = json.loads(before["text"]), json.loads(after["text"])
    except (KeyError, ValueError):
        return "not JSON"
    if before["mode"] != after["mode"]:
        return "mode %s -> %s" % (before["mode"], after["mode"])
    for k in set(b) | set(a):
        if k in ("last", "last_time", "retry_at"):
            continue
        if k == "failures" and a.get(k) == (b.get(k) or 0) + 1:
            continue
        if b.get(k) != a.get(k):
            return "%s: %r -> %r" % (k, b.get(k), a.get(k))
    if a.get("last") != b.get("last") and not str(a.get("last", "")).startswith("failed:"):
        return "last: %r" % a.get("last")
    return None


def compare(top, saved, sections):
    now = snap(top)
    problems = []
    allowed_state = {s + ".state" for s in sections}
    for rel in sorted(set(saved) | set(now)):
        b, a = saved.get(rel), now.get(rel)
        if b == a:
            continue
        if rel == "directory.json" and a is None:
            continue
        if a and a["type"] == "file" and any(rel in ("." + s + ".order", "." + s + ".order.key")
                                            for s in sections):
            if rel.endswith(".key") and a["mode"] != "600":
                problems.append("%s has mode %s" % (rel, a["mode"]))
            continue
        if rel in allowed_state and a and b:
            why = state_ok(b, a)
            if why is None:
                continue
            problems.append("%s changed beyond its status line: %s" % (rel, why))
            continue
        if b is None:
            problems.append("%s appeared (%s)" % (rel, a["type"]))
        elif a is None:
            problems.append("%s disappeared" % rel)
        else:
            what = [k for k in ("type", "mode", "sha256", "target") if b.get(k) != a.get(k)]
            problems.append("%s changed: %s" % (rel, ", ".join(
                "%s %s -> %s" % (k, b.get(k, "-")[:16], a.get(k, "-")[:16]) for k in what)))
    return problems


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "save":
        with open(sys.argv[3], "w") as f:
            json.dump(snap(sys.argv[2]), f, indent=1, sort_keys=True)
        return 0
    if len(sys.argv) >= 4 and sys.argv[1] == "compare":
        with open(sys.argv[3]) as f:
            saved = json.load(f)
        problems = compare(sys.argv[2], saved, sys.argv[4:])
        for p in problems:
            print(p)
        return 1 if problems else 0
    if len(sys.argv) >= 3 and sys.argv[1] == "compare-batch":
        snaps, bad = {}, 0
        with open(sys.argv[2]) as f:
            for line in f:
                top, path, name = line.split(None, 2)
                if path not in snaps:
                    with open(path) as g:
                        snaps[path] = json.load(g)
                problems = compare(top, snaps[path], sys.argv[3:])
                if problems:
                    print("%s\t%s" % (name.strip(), "; ".join(problems)))
                    bad = 1
        return bad
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Import throughput of a running packprod over HTTP: POSTs a JSON Lines file in batches
(default 500 orders) from several connections (keep-alive) and prints orders/s.

usage: import_rate.py --url http://127.0.0.1:8080 --key KEY --file demo.jsonl
                      [--batch 500] [--connections 4] [--skip N] [--limit N]
Each batch is acknowledged (durable) before its connection sends the next one.
`post_file` is also used by bench/run."""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse


def read_batches(path, batch, skip=0, limit=None):
    """Yields request bodies of `batch` orders from a JSON Lines file (lazily: a 1M-order
    file is ~700 MB), after skipping `skip` lines, at most `limit` orders in all."""
    lines = []
    taken = 0
    with open(path, encoding="utf-8") as f:
        for i, ln in enumerate(f):
            if i < skip:
                continue
            ln = ln.strip()
            if not ln:
                continue
            if limit is not None and taken >= limit:
                break
            lines.append(ln)
            taken += 1
            if len(lines) == batch:
                yield '{"orders":[' + ",".join(lines) + "]}"
                lines = []
    if lines:
        yield '{"orders":[' + ",".join(lines) + "]}"


def post_file(url, key, path, batch=500, connections=4, skip=0, limit=None, progress=None):
    """POSTs the orders of `path` to /admin/contacts/import; returns
    {"orders", "seconds", "ordersPerSec", "lastSeq", "errors"}. `progress(n)` is called
    with the number of orders acknowledged so far."""
    u = urllib.parse.urlparse(url)
    batches = read_batches(path, batch, skip, limit)
    lock = threading.Lock()
    errors = []
    state = {"done": 0, "seq": 0}
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def worker():
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
        while True:
            with lock:
                if errors:
                    return
                body = next(batches, None)
            if body is None:
                return
            conn.request("POST", "/admin/contacts/import", body=body.encode(), headers=headers)
            r = conn.getresponse()
            data = r.read()
            if r.status != 200:
                with lock:
                    errors.append((r.status, data[:300].decode("utf-8", "replace")))
                return
            d = json.loads(data)["data"]
            with lock:
                state["done"] += len(d["results"])
                state["seq"] = max(state["seq"], d["seq"])
                if progress:
                    progress(state["done"])

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.monotonic() - t0
    return {"orders": state["done"], "seconds": round(secs, 3),
            "ordersPerSec": round(state["done"] / secs, 1) if secs > 0 else 0,
            "lastSeq": state["seq"], "errors": errors,
            "batch": batch, "connections": connections}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args()

    def progress(n):
        if sys.stderr.isatty():
            print("\r%d orders" % n, end="", file=sys.stderr, flush=True)

    r = post_file(a.url, a.key, a.file, a.batch, a.connections, a.skip, a.limit, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if r["errors"]:
        print("errors: %s" % r["errors"][:3], file=sys.stderr)
        return 1
    del r["errors"]
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())

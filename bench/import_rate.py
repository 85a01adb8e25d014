#!/usr/bin/env python3
"""Import throughput of a running packprod over HTTP: POSTs a JSON Lines file in batches
(default 500 orders) from several connections (keep-alive) and prints orders/s.

usage: import_rate.py --url http://127.0.0.1:8080 --key KEY --file demo.jsonl
                      [--batch 500] [--connections 4]
Each batch is acknowledged (durable) before its connection sends the next one."""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--connections", type=int, default=4)
    a = ap.parse_args()
    with open(a.file, encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    bodies = ['{"orders":[' + ",".join(lines[i:i + a.batch]) + "]}"
              for i in range(0, len(lines), a.batch)]
    u = urllib.parse.urlparse(a.url)
    lock = threading.Lock()
    next_batch = [0]
    errors = []
    done = [0]
    headers = {"Authorization": "Bearer " + a.key, "Content-Type": "application/json"}

    def worker() -> None:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        while True:
            with lock:
                i = next_batch[0]
                next_batch[0] += 1
            if i >= len(bodies):
                return
            conn.request("POST", "/admin/contacts/import", body=bodies[i].encode(), headers=headers)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                errors.append((i, r.status, body[:200]))
                return
            with lock:
                done[0] += json.loads(body)["data"]["created"] + json.loads(body)["data"]["updated"]
            if sys.stderr.isatty():
                print("\r%d orders" % done[0], end="", file=sys.stderr, flush=True)

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.monotonic() - t0
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if errors:
        print("errors: %s" % errors[:3], file=sys.stderr)
        return 1
    print(json.dumps({"orders": len(lines), "seconds": round(secs, 3),
                      "ordersPerSec": round(len(lines) / secs, 1),
                      "batch": a.batch, "connections": a.connections}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

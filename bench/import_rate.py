#!/usr/bin/env python3
"""Import over HTTP into a running packprod, in one of two modes.

Throughput (default): POSTs a JSON Lines file in batches (default 500 orders) from several
connections (keep-alive) as fast as they are acknowledged and prints orders/s.

  import_rate.py --url http://127.0.0.1:8080 --key KEY --file demo.jsonl
                 [--batch 500] [--connections 4] [--skip N] [--limit N]

Steady rate (--rate ORDERS_PER_S): POSTs batches (default 100 orders) on one connection at
that pace (a batch every batch / rate seconds, on a fixed schedule), then waits until the
views have applied the last acknowledged change and prints the server's change -> view
lag percentiles (stream.lagMsP50 / lagMsP99 of /api/performance: the server's window of
its last 10,000 applied changes, so start a fresh `serve` per run, or the window also
holds earlier events; `appliedEvents` counts the changes applied since it started).

  import_rate.py --url URL --key KEY --file demo.jsonl --rate 1000 [--batch 100]
                 [--skip N] [--limit N]

Each batch is acknowledged (durable) before its connection sends the next one.
`post_file` and `steady_import` are also used by bench/run."""
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


def steady_import(url, key, path, rate=1000, batch=100, skip=0, limit=None):
    """POSTs the orders of `path` (after line `skip`, at most `limit`) in batches of
    `batch` on one keep-alive connection at `rate` orders/s: batch i is sent at
    t0 + i * batch / rate, t0 when the first batch is ready (at once when the previous
    answer came later). Returns
    {"orders", "seconds", "ordersPerSec", "lastSeq", "behindMs"}; behindMs is the
    largest delay of a send behind its schedule (the server answering slower than the
    pace). Raises RuntimeError on an answer other than 200."""
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    interval = batch / float(rate)
    seq, done, behind = 0, 0, 0.0
    t0 = None
    try:
        for i, body in enumerate(read_batches(path, batch, skip, limit)):
            if t0 is None:  # after the skipped lines were read (seconds for 990,000)
                t0 = time.monotonic()
            delay = t0 + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                behind = max(behind, -delay)
            conn.request("POST", "/admin/contacts/import", body=body.encode(),
                         headers=headers)
            r = conn.getresponse()
            b = r.read()
            if r.status != 200:
                raise RuntimeError("steady import -> %d %s" % (r.status, b[:300]))
            d = json.loads(b)["data"]
            done += len(d["results"])
            seq = max(seq, d["seq"])
    finally:
        conn.close()
    secs = time.monotonic() - t0 if t0 is not None else 0
    return {"orders": done, "seconds": round(secs, 3),
            "ordersPerSec": round(done / secs, 1) if secs > 0 else 0,
            "lastSeq": seq, "behindMs": round(behind * 1000, 1)}


def performance(url, key):
    """The `stream` object of the server's /api/performance."""
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    try:
        conn.request("GET", "/api/performance?window=1h",
                     headers={"Authorization": "Bearer " + key})
        r = conn.getresponse()
        b = r.read()
        if r.status != 200:
            raise RuntimeError("GET /api/performance -> %d %s" % (r.status, b[:300]))
        return json.loads(b)["data"]["stream"]
    finally:
        conn.close()


def wait_applied(url, key, seq, timeout=600):
    """Polls /api/performance every 5 ms until the processor has applied `seq`; returns
    the seconds it took and the last `stream` object read."""
    t = time.monotonic()
    while True:
        s = performance(url, key)
        if s["lastAppliedSeq"] >= seq:
            return time.monotonic() - t, s
        if time.monotonic() - t > timeout:
            raise RuntimeError("views did not apply seq %d in %d s" % (seq, timeout))
        time.sleep(0.005)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--batch", type=int, default=None,
                    help="orders per POST (default 500; 100 with --rate)")
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rate", type=float, default=None, metavar="ORDERS_PER_S",
                    help="post at this steady pace on one connection, then print the "
                         "server's change -> view lag")
    a = ap.parse_args()

    if a.rate is not None:
        if a.rate <= 0:
            ap.error("--rate must be positive")
        try:
            r = steady_import(a.url, a.key, a.file, a.rate, a.batch or 100, a.skip, a.limit)
            waited, s = wait_applied(a.url, a.key, r["lastSeq"])
        except RuntimeError as e:
            print("error: %s" % e, file=sys.stderr)
            return 1
        r.update({"batch": a.batch or 100, "rate": a.rate,
                  "appliedAfterMs": round(waited * 1000, 1),
                  "lagMsP50": s["lagMsP50"], "lagMsP90": s["lagMsP90"],
                  "lagMsP99": s["lagMsP99"], "appliedEvents": s.get("appliedEvents")})
        print(json.dumps(r))
        return 0
    a.batch = a.batch or 500

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

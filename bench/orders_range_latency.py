#!/usr/bin/env python3
"""Latency of the orders list over a date range (its page and its `total`) on one store.

    bench/orders_range_latency.py setup   --db URL [--orders N] BIN
    bench/orders_range_latency.py measure --db URL [--requests R] [--days D] BIN

`setup`: a client `bench` and a read key in the store at URL (a SQLite file
`sqlite:PATH` or an empty PostgreSQL database `postgresql://...`), and the
`demo-data --orders N --seed 1` shop (three years ending today) imported with
`packprod import`. The key is kept beside the store (SQLite: PATH.key; PostgreSQL: the
file named by --key-file).

`measure`: `packprod serve --no-stream` of BIN on that store (BIN migrates it to its own
schema first), then R sequential requests of
`GET /api/orders?from=<today-(D-1)>&to=<today>&limit=50` (bench/run's `orders_range`
row, D = 30) on one keep-alive connection after one warm-up; prints the client-side
p50/p90/p99 (nearest rank) and the server's own p50/p99 of the route from
`/api/performance`, and the `total` answered, as JSON. Measure the binary without the
change first: a newer schema is not opened by an older packprod. Standard library only.
"""
import argparse
import datetime
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import report_latency as rl  # noqa: E402  (Server's HTTP helpers, run, nearest_rank)

CLIENT = rl.CLIENT


def key_path(a):
    if a.key_file:
        return a.key_file
    if not a.db.startswith("sqlite:"):
        raise SystemExit("--key-file is needed for a PostgreSQL store")
    return a.db[len("sqlite:"):] + ".key"


def setup(a):
    rl.run(a.bin, "clients", "create", "--client", CLIENT, "--db", a.db)
    key = rl.run(a.bin, "keys", "create", "--client", CLIENT, "--role", "read",
                 "--db", a.db).strip().splitlines()[-1]
    with open(key_path(a), "w") as f:
        f.write(key)
    with tempfile.TemporaryDirectory(prefix="packprod-orders-range-") as tmp:
        data = os.path.join(tmp, "demo.jsonl")
        rl.run(a.bin, "demo-data", "--orders", str(a.orders), "--seed", "1", "--out", data)
        rl.run(a.bin, "import", "--client", CLIENT, "--db", a.db, data)


class Served(rl.Server):
    """rl.Server on an existing store, without the stream processor."""

    def __init__(self, binary, db, key, work):  # noqa: D107 (no store set-up here)
        self.db, self.key = db, key
        self.port = rl.free_port()
        self.log = open(os.path.join(work, "serve.log"), "w")
        self.proc = rl.subprocess.Popen(
            [binary, "serve", "--no-stream", "--db", db, "--host", "127.0.0.1", "--port",
             str(self.port)], stdout=self.log, stderr=self.log)
        self.conn = None
        for _ in range(6000):  # a migration of a large store may take a while
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                self.conn = None
                rl.time.sleep(0.05)
        raise SystemExit("serve did not start: see " + work)


def measure(a):
    with open(key_path(a)) as f:
        key = f.read().strip()
    with tempfile.TemporaryDirectory(prefix="packprod-orders-range-") as work:
        s = Served(a.bin, a.db, key, work)
        try:
            today = datetime.date.today()
            path = "/api/orders?from=%s&to=%s&limit=50" % (
                (today - datetime.timedelta(days=a.days - 1)).isoformat(), today.isoformat())
            status, body = s.get(path)
            if status != 200:
                raise SystemExit("GET %s -> %d %s" % (path, status, body[:200]))
            total = json.loads(body)["meta"]["total"] if "meta" in json.loads(body) else None
            samples = [s.timed(path) for _ in range(a.requests)]
            out = {"binary": a.bin, "db": a.db.split("://")[0].split(":")[0], "path": path,
                   "requests": a.requests, "total": total,
                   "p50Ms": round(rl.nearest_rank(samples, 50), 3),
                   "p90Ms": round(rl.nearest_rank(samples, 90), 3),
                   "p99Ms": round(rl.nearest_rank(samples, 99), 3),
                   "server": s.route_percentiles("/api/orders")}
            print(json.dumps(out))
        finally:
            s.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["setup", "measure"])
    ap.add_argument("--db", required=True)
    ap.add_argument("--key-file")
    ap.add_argument("--orders", type=int, default=200000)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("bin")
    a = ap.parse_args()
    setup(a) if a.what == "setup" else measure(a)


if __name__ == "__main__":
    main()

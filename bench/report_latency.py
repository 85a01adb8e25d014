#!/usr/bin/env python3
"""Median latency of the four reports, for one or more packprod binaries side by side.

    bench/report_latency.py [--orders N] [--requests R] [--only NAME ...] BIN [BIN ...]
    bench/report_latency.py --db sqlite:PATH --client ID [--requests R] BIN [BIN ...]

For each binary: a fresh SQLite store in a temporary folder holding the same
`demo-data --orders N --seed 1` shop (imported with `packprod import`, views built with
`packprod rebuild`), and `packprod serve` on it. Then, for each report (the same requests
as bench/run: overview 30 days, sales 365 days by day, products 365 days, statistics all
time), R sequential requests per binary, alternating between the binaries so that both
see the same machine load; prints the median and the 90th percentile (nearest rank) of
each in milliseconds, as JSON, and beside them (`server`) each server's own p50 and p99
of the report's route from `/api/performance` (R requests plus the warm-up; each report
has its own route), and (`app`) the p50 and p99 of the Server-Timing app time of the R
requests. Standard library only; one connection, no concurrency.

With --db, every binary serves that existing store (`serve --no-stream`, so the views stay
as they are) instead of a fresh one: a store too large to build per run, e.g. a copy of a
benchmark's 1,000,000-order store. The binaries must all accept its schema version (the
first one to open it migrates it). --only keeps the named reports.
"""
import argparse
import datetime
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import endpoints as bench_endpoints  # noqa: E402

CLIENT = "bench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


class Server:
    def __init__(self, binary, data, work, db=None, client=CLIENT):
        extra = []
        if db is None:
            self.db = "sqlite:" + os.path.join(work, "store.db")
            run(binary, "clients", "create", "--client", client, "--db", self.db)
        else:
            self.db = db
            extra = ["--no-stream"]
        self.key = run(binary, "keys", "create", "--client", client, "--role", "read",
                       "--db", self.db).strip().splitlines()[-1]
        if db is None:
            run(binary, "import", "--client", client, "--db", self.db, data)
            run(binary, "rebuild", "--client", client, "--db", self.db)
        self.port = free_port()
        self.log = open(os.path.join(work, "serve.log"), "w")
        self.proc = subprocess.Popen([binary, "serve", "--db", self.db, "--host", "127.0.0.1",
                                      "--port", str(self.port)] + extra, stdout=self.log,
                                     stderr=self.log)
        self.app_ms = []
        self.conn = None
        for _ in range(400):
            try:
                if self.get("/healthz")[0] == 200:
                    break
            except OSError:
                self.conn = None
                time.sleep(0.05)
        else:
            raise SystemExit("serve did not start: see " + work)
        if db is not None:
            bench_endpoints.wait_page_check(os.path.join(work, "serve.log"))

    def get(self, path, retry=True):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            self.conn.request("GET", path, headers={"Authorization": "Bearer " + self.key})
            r = self.conn.getresponse()
            timing = r.getheader("Server-Timing") or ""
            if timing.startswith("app;dur="):
                self.app_ms.append(float(timing[len("app;dur="):]))
            return r.status, r.read()
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()  # the server closed an idle keep-alive connection
            self.conn = None
            if not retry:
                raise
            return self.get(path, retry=False)

    def timed(self, path):
        t = time.perf_counter()
        status, body = self.get(path)
        ms = (time.perf_counter() - t) * 1000
        if status != 200:
            raise SystemExit("GET %s -> %d %s" % (path, status, body[:200]))
        return ms

    def route_percentiles(self, route):
        """The server's own p50/p99 (ms) of `route` over the last hour."""
        status, body = self.get("/api/performance?window=1h")
        if status != 200:
            raise SystemExit("GET /api/performance -> %d %s" % (status, body[:200]))
        for r in json.loads(body)["data"]["routes"]:
            if r["route"] == route:
                return {"requests": r["requests"], "p50Ms": r["p50Ms"], "p99Ms": r["p99Ms"]}
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.log.close()


def nearest_rank(xs, p):
    xs = sorted(xs)
    return xs[max(1, -(-p * len(xs) // 100)) - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=100000)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--db", help="serve this existing store (sqlite:PATH) with every binary")
    ap.add_argument("--client", default=CLIENT, help="the client to read (with --db)")
    ap.add_argument("--only", action="append",
                    help="overview, sales, products_report or statistics (repeatable)")
    ap.add_argument("binaries", nargs="+")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="packprod-report-latency-") as tmp:
        data = os.path.join(tmp, "demo.jsonl")
        if a.db is None:
            run(a.binaries[0], "demo-data", "--orders", str(a.orders), "--seed", "1",
                "--out", data)
        servers = []
        try:
            for i, b in enumerate(a.binaries):
                work = os.path.join(tmp, str(i))
                os.mkdir(work)
                servers.append(Server(b, data, work, a.db, a.client))
            _, body = servers[0].get("/api/reports/overview")
            today = datetime.date.fromisoformat(json.loads(body)["data"]["period"]["to"])
            d30 = (today - datetime.timedelta(days=29)).isoformat()
            d365 = (today - datetime.timedelta(days=364)).isoformat()
            t = today.isoformat()
            reports = [
                ("overview", "/api/reports/overview?from=%s&to=%s" % (d30, t)),
                ("sales", "/api/reports/sales?from=%s&to=%s&interval=day" % (d365, t)),
                ("products_report", "/api/reports/products?from=%s&to=%s" % (d365, t)),
                ("statistics", "/api/reports/statistics"),
            ]
            if a.only:
                reports = [r for r in reports if r[0] in a.only]
            out = {"orders": a.orders if a.db is None else None, "db": a.db,
                   "requests": a.requests, "binaries": a.binaries, "reports": {}}
            for name, path in reports:
                for s in servers:
                    s.timed(path)  # warm-up
                samples = [[] for _ in servers]
                for s in servers:
                    s.app_ms = []
                for _ in range(a.requests):
                    for i, s in enumerate(servers):
                        samples[i].append(s.timed(path))
                route = path.split("?")[0]
                out["reports"][name] = [
                    {"p50Ms": round(nearest_rank(x, 50), 2), "p90Ms": round(nearest_rank(x, 90), 2),
                     "p99Ms": round(nearest_rank(x, 99), 2),
                     "app": {"p50Ms": round(nearest_rank(s.app_ms, 50), 2),
                             "p99Ms": round(nearest_rank(s.app_ms, 99), 2)},
                     "server": s.route_percentiles(route)}
                    for x, s in zip(samples, servers)]
            print(json.dumps(out, indent=1))
        finally:
            for s in servers:
                s.stop()


if __name__ == "__main__":
    main()

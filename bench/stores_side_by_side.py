#!/usr/bin/env python3
"""Two stores holding the same shop, served side by side: each read endpoint's latency on
store A and store B under the same machine load, and the ratio B/A.

    bench/stores_side_by_side.py --a sqlite:PATH --b postgresql://... [--bin BIN]
        [--rounds N] [--warmup W] [--only NAME ...] [--out FILE] [--compare-bodies]
    bench/stores_side_by_side.py --a DB --b DB --a-bin OLD --b-bin NEW ...

One binary (`--bin`, default build/release/packprod) serves each store with `serve
--no-stream` (the views stay as they are) on its own loopback port; `--a-bin`/`--b-bin`
give each side its own binary instead (two binaries on one store, or on two copies of it).
A read key for the client (`--client`, default bench) is created in each store. The
endpoints and their paths are bench/run's (bench/endpoints.py), discovered on A (the top
customer, the top product, today's 30- and 365-day periods); B must discover the same.
For each endpoint, W warm-up requests on each side, then N rounds of one request to A
then one to B, each side on its own keep-alive connection, so both see the same load.
Per side: the client-side p50 / p99 (nearest rank; request sent to body read, not
parsed) and the same of the server's Server-Timing app time, and the ratios B/A.
`--compare-bodies` also checks every pair of answers equal once each body's
`meta.responseTime`/`meta.responseTimeMs` are left out and its `asOf` (the instant of the
request, unless the path gives one) is blanked (the same binary on two stores
holding the same data, or two binaries on the same store, answer the same bytes).
`--paths FILE` adds requests (lines `name path`) to the discovered ones.

Prints a table and writes JSON (`--out`, default bench/results/side-by-side.json). A newer
binary migrates a store it opens: serve a copy, never a store another process relies on.
Python 3 standard library only.
"""
import argparse
import datetime
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import endpoints as bench_endpoints  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args):
    return subprocess.run(list(args), check=True, capture_output=True, text=True).stdout


def nearest_rank(xs, p):
    xs = sorted(xs)
    return xs[max(1, -(-p * len(xs) // 100)) - 1]


# The fields of meta that differ between any two answers: the time taken, and the request's
# instant (`asOf`, now unless the request gives one).
TIMING = re.compile(rb',"responseTime":"[0-9.]+ms","responseTimeMs":[0-9.eE+-]+')
AS_OF = re.compile(rb'"asOf":"[0-9T:.Z-]+"')


def comparable(body):
    return AS_OF.sub(b'"asOf":""', TIMING.sub(b"", body))


class Side:
    """`packprod serve --no-stream` on one store, and one keep-alive connection to it."""

    def __init__(self, label, binary, db, client, work):
        self.label, self.binary, self.db = label, binary, db
        self.key = run(binary, "keys", "create", "--client", client, "--role", "read",
                       "--db", db).strip().splitlines()[-1]
        self.port = free_port()
        self.log_path = os.path.join(work, "serve-%s.log" % label)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([binary, "serve", "--db", db, "--host", "127.0.0.1",
                                      "--port", str(self.port), "--no-stream",
                                      "--slow-ms", "600000"],
                                     stdout=self.log, stderr=self.log)
        self.conn = None
        for _ in range(1200):
            if self.proc.poll() is not None:
                raise SystemExit("serve %s exited: see %s" % (label, self.log_path))
            try:
                if self.get("/healthz")[0] == 200:
                    break
            except OSError:
                self.conn = None
                time.sleep(0.05)
        else:
            raise SystemExit("serve %s did not start: see %s" % (label, self.log_path))
        bench_endpoints.wait_page_check(self.log_path)

    def get(self, path, retry=True):
        """(status, body, app ms or None) of a GET on the kept connection."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            self.conn.request("GET", path, headers={"Authorization": "Bearer " + self.key})
            r = self.conn.getresponse()
            body = r.read()
            timing = r.getheader("Server-Timing") or ""
            app = float(timing[len("app;dur="):]) if timing.startswith("app;dur=") else None
            return r.status, body, app
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()  # the server closed an idle keep-alive connection
            self.conn = None
            if not retry:
                raise
            return self.get(path, retry=False)

    def timed(self, path):
        t = time.perf_counter()
        status, body, app = self.get(path)
        ms = (time.perf_counter() - t) * 1000
        if status != 200:
            raise SystemExit("%s: GET %s -> %d %s" % (self.label, path, status, body[:300]))
        return ms, app, body

    def get_json(self, path):
        status, body, _ = self.get(path)
        if status != 200:
            raise SystemExit("%s: GET %s -> %d %s" % (self.label, path, status, body[:300]))
        return json.loads(body)

    def stop(self):
        if self.conn is not None:
            self.conn.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def summary(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return {"p50Ms": None, "p99Ms": None}
    return {"p50Ms": round(nearest_rank(xs, 50), 3), "p99Ms": round(nearest_rank(xs, 99), 3)}


def ratio(b, a):
    return round(b / a, 2) if a and b is not None else None


def fmt(v, digits=2):
    return "-" if v is None else ("{:,.%df}" % digits).format(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", required=True, help="store A (sqlite:PATH or postgresql://...)")
    ap.add_argument("--b", required=True, help="store B")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "release", "packprod"))
    ap.add_argument("--a-bin", help="the binary serving A (default --bin)")
    ap.add_argument("--b-bin", help="the binary serving B (default --bin)")
    ap.add_argument("--client", default="bench")
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--only", action="append", help="an endpoint's name (repeatable)")
    ap.add_argument("--paths", help="more requests: a file of lines `name path`")
    ap.add_argument("--compare-bodies", action="store_true",
                    help="check that A and B answer the same bodies")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "side-by-side.json"))
    a = ap.parse_args()
    bins = [os.path.abspath(a.a_bin or a.bin), os.path.abspath(a.b_bin or a.bin)]
    for b in bins:
        if not os.access(b, os.X_OK):
            raise SystemExit("no binary at %s" % b)

    with tempfile.TemporaryDirectory(prefix="packprod-side-by-side-") as tmp:
        sides = []
        try:
            for label, binary, db in (("A", bins[0], a.a), ("B", bins[1], a.b)):
                sides.append(Side(label, binary, db, a.client, tmp))
            eps = bench_endpoints.discover(sides[0].get_json)
            if bench_endpoints.discover(sides[1].get_json) != eps:
                raise SystemExit("A and B do not hold the same shop: the endpoints' paths "
                                 "differ (top customer, top product or today)")
            if a.only:
                eps = [e for e in eps if e["name"] in a.only]
            if a.paths:
                with open(a.paths) as f:
                    for ln in f:
                        if ln.strip() and not ln.startswith("#"):
                            name, path = ln.split(None, 1)
                            eps.append({"name": name, "path": path.strip()})
            out = {"date": datetime.datetime.now(datetime.timezone.utc)
                   .strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "a": {"db": a.a, "bin": bins[0]}, "b": {"db": a.b, "bin": bins[1]},
                   "rounds": a.rounds, "warmup": a.warmup, "endpoints": []}
            mismatches = 0
            for e in eps:
                for _ in range(a.warmup):
                    for s in sides:
                        s.timed(e["path"])
                ms = [[], []]
                app = [[], []]
                differ = 0
                for _ in range(a.rounds):
                    bodies = []
                    for i, s in enumerate(sides):
                        t, server, body = s.timed(e["path"])
                        ms[i].append(t)
                        app[i].append(server)
                        bodies.append(body)
                    if a.compare_bodies and comparable(bodies[0]) != comparable(bodies[1]):
                        differ += 1
                        if differ == 1:
                            x, y = comparable(bodies[0]), comparable(bodies[1])
                            at = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]),
                                      min(len(x), len(y)))
                            print("%s: bodies differ from byte %d:\n  A ...%s\n  B ...%s" %
                                  (e["name"], at, x[max(0, at - 80):at + 120],
                                   y[max(0, at - 80):at + 120]), file=sys.stderr)
                mismatches += differ
                row = {"name": e["name"], "path": e["path"],
                       "a": dict(summary(ms[0]), app=summary(app[0])),
                       "b": dict(summary(ms[1]), app=summary(app[1]))}
                row["ratioP50"] = ratio(row["b"]["p50Ms"], row["a"]["p50Ms"])
                row["ratioP99"] = ratio(row["b"]["p99Ms"], row["a"]["p99Ms"])
                row["appRatioP50"] = ratio(row["b"]["app"]["p50Ms"], row["a"]["app"]["p50Ms"])
                if a.compare_bodies:
                    row["bodiesDiffer"] = differ
                out["endpoints"].append(row)
                print("%-18s A p50 %8s p99 %8s | B p50 %8s p99 %8s | B/A p50 %5s p99 %5s%s" %
                      (e["name"], fmt(row["a"]["p50Ms"]), fmt(row["a"]["p99Ms"]),
                       fmt(row["b"]["p50Ms"]), fmt(row["b"]["p99Ms"]), fmt(row["ratioP50"]),
                       fmt(row["ratioP99"]),
                       ("  bodies differ %d/%d" % (differ, a.rounds)) if differ else ""),
                      file=sys.stderr, flush=True)
        finally:
            for s in sides:
                s.stop()

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    hdr = ("endpoint", "A p50", "A p99", "B p50", "B p99", "B/A p50", "B/A p99",
           "A app p50", "B app p50", "app B/A")
    table = [hdr]
    for r in out["endpoints"]:
        table.append((r["name"], fmt(r["a"]["p50Ms"]), fmt(r["a"]["p99Ms"]),
                      fmt(r["b"]["p50Ms"]), fmt(r["b"]["p99Ms"]), fmt(r["ratioP50"]),
                      fmt(r["ratioP99"]), fmt(r["a"]["app"]["p50Ms"]),
                      fmt(r["b"]["app"]["p50Ms"]), fmt(r["appRatioP50"])))
    w = [max(len(row[i]) for row in table) for i in range(len(hdr))]
    print("A: %s (%s)\nB: %s (%s)\n%d rounds of A then B per endpoint after %d warm-up "
          "requests each; client-side ms, nearest rank; app: Server-Timing" %
          (a.a, bins[0], a.b, bins[1], a.rounds, a.warmup))
    for row in table:
        print("  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(row)))
    if a.compare_bodies:
        print("bodies: %s" % ("all equal" if mismatches == 0 else "%d pairs differ" % mismatches))
    print("written: %s" % a.out)
    if a.compare_bodies and mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""`packprod migrate-store` moves a shop from its SQLite file to an empty PostgreSQL
database with nothing lost: the same counts, keys that still work (and stay revoked),
views that verify, and the same answers from every read endpoint of a `serve` on each
store. Refuses a target that is not empty. Needs the test PostgreSQL cluster (ctest's
fixture)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Shop, check, main, pg_database  # noqa: E402

READS = [
    "/api/orders?limit=100",
    "/api/orders?status=refunded&limit=20",
    "/api/orders?search=mig-0001&limit=50",
    "/api/customers?limit=100",
    "/api/customers?sort=name&order=asc&limit=30",
    "/api/customers?search=person%2012&limit=50",
    "/api/products?limit=100",
    "/api/products/P3/orders?limit=25",
    "/api/reports/overview?from=2025-01-01&to=2026-01-01",
    "/api/reports/sales?from=2025-01-01&to=2026-01-01&interval=month",
    "/api/reports/products?from=2025-01-01&to=2026-01-01",
    "/api/reports/statistics",
]


def write_orders(path: str, n: int) -> None:
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({
                "orderReference": "MIG-%05d" % i,
                "createdAt": "2025-%02d-%02dT%02d:10:00Z" % (1 + i % 12, 1 + i % 28, i % 24),
                "status": ["completed", "refunded", "paid", "cancelled"][i % 4],
                "customer": {"email": "p%d@migrate.example" % (i % 173),
                             "name": "Person %d" % (i % 173), "company": "Co %d" % (i % 7)},
                "items": [{"code": "P%d" % (i % 9), "name": "Thing %d" % (i % 9),
                           "quantity": 1 + i % 3, "unitPrice": "3.25"}],
                "total": "%d.%02d" % (3 + i % 90, i % 100)}) + "\n")


def body_without_timing(doc):
    """The response minus what differs between two servers (timings, as-of instants)."""
    if isinstance(doc, dict):
        return {k: body_without_timing(v) for k, v in doc.items()
                if k not in ("responseTime", "responseTimeMs", "generatedAt", "asOf")}
    if isinstance(doc, list):
        return [body_without_timing(v) for v in doc]
    return doc


def first_difference(a, b, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            d = first_difference(a.get(k), b.get(k), path + "/" + k)
            if d:
                return d
        return ""
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s/%d" % (path, i))
            if d:
                return d
        return "" if len(a) == len(b) else "%s: %d vs %d items" % (path, len(a), len(b))
    return "" if a == b else "%s: %r vs %r" % (path, a, b)


def moves_a_shop_with_nothing_lost() -> None:
    src = Shop()
    path = os.path.join(src.tmp, "orders.jsonl")
    write_orders(path, 2500)
    src.cli("import", path, "--client", "acme")
    read_key = src.cli("keys", "create", "--client", "acme", "--role", "read").stdout \
        .strip().splitlines()[-1]
    gone = src.cli("keys", "create", "--client", "acme", "--role", "read").stdout
    gone_id = gone.split()[3]  # "created read key <id> for client ..."
    gone_key = gone.strip().splitlines()[-1]
    src.cli("keys", "revoke", gone_id)
    src.cli("rebuild")
    db = pg_database()
    dst = None
    try:
        out = subprocess.run([BIN, "migrate-store", "--from", src.db, "--to", db],
                             capture_output=True, text=True, timeout=600)
        check(out.returncode == 0, "migrate-store: %s %s" % (out.stdout, out.stderr))
        lines = out.stdout.splitlines()
        source = [ln for ln in lines if ln.startswith("source:")]
        target = [ln for ln in lines if ln.startswith("target:")]
        check(source and target and source[0][7:] == target[0][7:], out.stdout)
        check("2500 order(s)" in source[0] and "1 revoked" in source[0], source[0])
        check("0 difference(s)" in out.stdout, out.stdout)
        again = subprocess.run([BIN, "migrate-store", "--from", src.db, "--to", db],
                               capture_output=True, text=True, timeout=120)
        check(again.returncode == 2 and "not empty" in again.stderr,
              "a second run must refuse: %s %s" % (again.returncode, again.stderr))
        v = subprocess.run([BIN, "verify", "--db", db], capture_output=True, text=True,
                           timeout=300)
        check(v.returncode == 0, "verify on the target: %s" % v.stdout)

        src.start("--no-stream")
        dst = Shop(db=db)  # its own admin key on the target, plus the copied ones
        dst.start()
        for key in (src.key, read_key):
            status, _, _ = dst.request("GET", "/api/orders?limit=1", key=key)
            check(status == 200, "a copied key works on the target: %s" % status)
        status, _, _ = dst.request("GET", "/api/orders?limit=1", key=gone_key)
        check(status == 401, "a revoked key stays revoked: %s" % status)
        for path in READS:
            s1, d1, _ = src.request("GET", path)
            s2, d2, _ = dst.request("GET", path, key=src.key)
            check(s1 == 200 and s2 == 200, "%s: %s / %s %s" % (path, s1, s2, d2))
            diff = first_difference(body_without_timing(d1), body_without_timing(d2))
            check(not diff, "%s differs (sqlite vs postgres) at %s" % (path, diff))
    finally:
        src.stop()
        if dst:
            dst.stop()


if __name__ == "__main__":
    main([moves_a_shop_with_nothing_lost])

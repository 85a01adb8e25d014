"""`packprod stream`, `rebuild` and `verify` as black boxes: the processor catches up,
survives kill -9 mid-way without losing or double-applying events, verify reports a
tampered view (exit 1) and rebuild repairs it; both work beside a running `serve`."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Shop, check, main  # noqa: E402


def write_orders(shop: Shop, name: str, n: int, first: int = 0) -> str:
    path = os.path.join(shop.tmp, name)
    with open(path, "w") as f:
        for i in range(first, first + n):
            f.write(json.dumps({
                "orderReference": "S-%06d" % i,
                "createdAt": "2025-%02d-%02dT%02d:30:00Z" % (1 + i % 12, 1 + i % 28, i % 24),
                "status": ["completed", "refunded", "paid"][i % 3],
                "customer": {"email": "c%d@stream.example" % (i % 97), "name": "C %d" % (i % 97)},
                "items": [{"code": "P%d" % (i % 11), "name": "Product", "quantity": 1 + i % 4,
                           "unitPrice": "2.50"}],
                "total": "%d.%02d" % (i % 500, i % 100)}) + "\n")
    return path


def db_path(shop: Shop) -> str:
    return shop.db[len("sqlite:"):]


def connect(shop: Shop) -> sqlite3.Connection:
    """The store file with its views file attached (the views live apart from the orders)."""
    c = sqlite3.connect(db_path(shop))
    c.execute("ATTACH DATABASE ? AS views", (db_path(shop) + "-views",))
    return c


def applied_and_head(shop: Shop) -> tuple:
    c = connect(shop)
    try:
        applied = c.execute("SELECT applied_seq FROM stream_state").fetchone()[0]
        head = c.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()[0]
        return applied, head
    finally:
        c.close()


def wait_caught_up(shop: Shop, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        applied, head = applied_and_head(shop)
        if applied >= head:
            return
        time.sleep(0.05)
    raise AssertionError("views not caught up: %s" % (applied_and_head(shop),))


def test_stream_survives_kill9_and_verify_is_clean():
    shop = Shop()
    shop.cli("import", write_orders(shop, "a.jsonl", 6000), "--client", "acme")
    for attempt in range(3):
        p = subprocess.Popen([BIN, "stream", "--db", shop.db], stderr=subprocess.DEVNULL)
        time.sleep(0.15 + 0.1 * attempt)
        p.send_signal(signal.SIGKILL)
        p.wait(10)
    p = subprocess.Popen([BIN, "stream", "--db", shop.db], stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.3)  # past start-up, where SIGTERM still has its default action
        wait_caught_up(shop)
    finally:
        p.send_signal(signal.SIGTERM)
        check(p.wait(15) == 0, "stream exits 0 on SIGTERM")
    r = shop.cli("verify", "--client", "acme", check=False)
    check(r.returncode == 0, "verify after kill -9: %s %s" % (r.stdout[-500:], r.stderr))


def test_verify_reports_tampering_and_rebuild_repairs():
    shop = Shop()
    shop.cli("import", write_orders(shop, "b.jsonl", 300), "--client", "acme")
    shop.cli("rebuild")
    check(applied_and_head(shop)[0] == applied_and_head(shop)[1], "rebuild moves the checkpoint")
    c = connect(shop)
    c.execute("UPDATE product_totals SET units = units + 1 WHERE code = 'P3'")
    c.commit()
    c.close()
    r = shop.cli("verify", check=False)
    check(r.returncode == 1, "verify exit status %s, expected 1" % r.returncode)
    check("product P3: units" in r.stdout, "difference printed: %s" % r.stdout[-300:])
    shop.cli("rebuild", "--client", "acme")
    shop.cli("verify", "--client", "acme")
    r = shop.cli("verify", "--client", "nobody", check=False)
    check(r.returncode == 2, "unknown client: exit %s" % r.returncode)


def test_rebuild_and_verify_beside_serve():
    shop = Shop()
    shop.start()
    try:
        shop.cli("import", write_orders(shop, "c.jsonl", 500), "--client", "acme")
        wait_caught_up(shop, 20)
        shop.cli("verify")
        shop.cli("rebuild")
        shop.cli("import", write_orders(shop, "d.jsonl", 200, first=400), "--client", "acme")
        shop.cli("verify", "--client", "acme")
    finally:
        check(shop.stop() == 0, "serve exits 0")


def test_stream_beside_serve_keeps_the_log_bounded():
    """`packprod stream` applying while `serve --no-stream` imports over HTTP: two
    processes writing one SQLite file, each with the WAL checkpointer of its own writer.
    The log is copied into the database while both write, so the database file holds
    what was written and the log stays a fraction of it, and the views end equal to the
    orders."""
    shop = Shop()
    if not shop.db.startswith("sqlite:"):
        return
    wal = db_path(shop) + "-wal"
    name = "Corrugated box, double wall, " + "x" * 160
    shop.start("--no-stream")
    p = subprocess.Popen([BIN, "stream", "--db", shop.db], stderr=subprocess.DEVNULL)
    largest = 0
    try:
        for b in range(100):
            orders = [{"orderReference": "W-%06d" % (b * 250 + i),
                       "createdAt": "2025-03-%02dT10:00:00Z" % (1 + i % 28),
                       "customer": {"email": "w%d@wal.example" % ((b * 250 + i) % 3000)},
                       "items": [{"code": "W%d" % ((i + k) % 40), "name": name,
                                  "quantity": 1 + k, "unitPrice": "3.00"} for k in range(5)],
                       "total": "45.00"}
                      for i in range(250)]
            status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders})
            check(status == 200, "import batch %d: %s %s" % (b, status, str(doc)[:300]))
            if os.path.exists(wal):
                largest = max(largest, os.path.getsize(wal))
        wait_caught_up(shop)
        database = os.path.getsize(db_path(shop))
    finally:
        p.send_signal(signal.SIGTERM)
        check(p.wait(15) == 0, "stream exits 0 on SIGTERM")
    print("database %d bytes, largest log %d bytes" % (database, largest))
    # Without checkpoints every page would still be in the log, the database file empty.
    # With them the log stays under its limit (24,000 pages) plus a transaction or two.
    check(database > 128 << 20, "the log was not copied into the database: %d" % database)
    check(0 < largest < database * 3 // 4, "the log grew to %d bytes" % largest)
    c = sqlite3.connect(db_path(shop))
    try:
        check(c.execute("SELECT count(*) FROM orders").fetchone()[0] == 25000, "orders lost")
    finally:
        c.close()
    check(shop.stop() == 0, "serve exits 0")
    shop.verify_clean()

if __name__ == "__main__":
    main([test_stream_survives_kill9_and_verify_is_clean,
          test_verify_reports_tampering_and_rebuild_repairs,
          test_rebuild_and_verify_beside_serve,
          test_stream_beside_serve_keeps_the_log_bounded])

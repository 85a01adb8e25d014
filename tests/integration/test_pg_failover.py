"""Several processes on one PostgreSQL database: two `serve` instances and two
`packprod stream` processes. Orders are imported through both instances at once; the
active processor (the one holding the processor lease) is killed with SIGKILL while a
backlog remains; another process takes over within a second, the views catch up with
the change log and `verify` finds no difference. Needs the test PostgreSQL cluster
(ctest's fixture)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Shop, check, main, pg_database, psql, wait_until  # noqa: E402

ACTIVE = "this process is the active processor"
ORDERS = 4000   # per instance
PER_REQUEST = 100


def orders(prefix: str, first: int, n: int) -> list:
    return [{"orderReference": "%s-%05d" % (prefix, i),
             "createdAt": "2025-%02d-%02dT%02d:15:00Z" % (1 + i % 12, 1 + i % 28, i % 24),
             "status": ["completed", "paid", "refunded", "cancelled"][i % 4],
             "customer": {"email": "c%d@failover.example" % (i % 301), "name": "C %d" % (i % 301)},
             "items": [{"code": "P%d" % (i % 13), "name": "Box %d" % (i % 13),
                        "quantity": 1 + i % 3, "unitPrice": "4.50"},
                       {"code": "Q%d" % (i % 5), "quantity": 1, "unitPrice": "1.00"}],
             "total": "%d.50" % (5 + i % 40)} for i in range(first, first + n)]


class Stream:
    """A `packprod stream` process logging to a file."""

    def __init__(self, db: str, tmp: str, n: int):
        self.path = os.path.join(tmp, "stream%d.log" % n)
        self.log = open(self.path, "ab")
        self.proc = subprocess.Popen([BIN, "stream", "--db", db, "--max-batch", "10"],
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def text(self) -> str:
        with open(self.path, errors="replace") as f:
            return f.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(15)


def applied_and_head(db: str) -> tuple:
    out = psql(db, "SELECT (SELECT applied_seq FROM stream_state), "
                   "(SELECT seq FROM change_head)")
    applied, head = out.split("|")
    return int(applied), int(head)


def lease_holder(db: str):
    """The backend pid holding the processor lease (a session advisory lock on
    0x7061636b03: classid 0x70, objid 0x61636b03), or None."""
    out = psql(db, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                   "classid = %d AND objid = %d AND objsubid = 1 AND database = "
                   "(SELECT oid FROM pg_database WHERE datname = current_database())"
               % (0x70, 0x61636b03))
    return int(out) if out else None


def import_all(shop: Shop, prefix: str, errors: list) -> None:
    for first in range(0, ORDERS, PER_REQUEST):
        status, doc, _ = shop.request("POST", "/admin/contacts/import",
                                      {"orders": orders(prefix, first, PER_REQUEST)}, timeout=60)
        if status != 200:
            errors.append((prefix, first, status, doc))
            return


def two_instances_two_processors_kill_the_active_one() -> None:
    db = pg_database()
    a, b = Shop(db=db), Shop(db=db)
    streams = []
    try:
        streams = [Stream(db, a.tmp, 0)]
        wait_until(lambda: ACTIVE in streams[0].text(), 20, "the first stream to lead")
        streams.append(Stream(db, a.tmp, 1))
        a.start()
        b.start()  # their own processors stand by too
        errors: list = []
        importers = [threading.Thread(target=import_all, args=(s, p, errors))
                     for s, p in ((a, "A"), (b, "B"))]
        for t in importers:
            t.start()
        # Kill the active processor while it has a backlog.
        applied_at_kill = wait_until(
            lambda: (lambda ah: ah[0] if 0 < ah[0] < ah[1] - 50 else None)(applied_and_head(db)),
            60, "a backlog being applied")
        before = lease_holder(db)
        check(before is not None, "nobody holds the processor lease")
        streams[0].proc.send_signal(signal.SIGKILL)
        streams[0].proc.wait(10)
        killed_at = time.monotonic()
        # Taking over: another session holds the lease (README: within a second).
        wait_until(lambda: lease_holder(db) not in (None, before), 5,
                   "another process to take the lease")
        took = time.monotonic() - killed_at
        check(took < 1.0, "takeover took %.2f s (README: within a second)" % took)
        left = applied_and_head(db)[0]
        wait_until(lambda: applied_and_head(db)[0] > left + 20, 15,
                   "the new active processor to apply")
        print("killed the active processor at seq %d; another took over within %.2f s and "
              "applied on from seq %d" % (applied_at_kill, took, left), flush=True)
        survivors = [streams[1].text()] + [open(os.path.join(s.tmp, "serve.log"), errors="replace")
                                           .read() for s in (a, b)]
        check(sum(ACTIVE in t for t in survivors) == 1,
              "exactly one survivor leads: %s" % [ACTIVE in t for t in survivors])
        for t in importers:
            t.join(300)
        check(not errors, "imports failed: %s" % errors[:1])
        wait_until(lambda: (lambda ah: ah[0] == ah[1])(applied_and_head(db)), 120,
                   "the views to catch up")
        count = int(psql(db, "SELECT COUNT(*) FROM orders"))
        check(count == 2 * ORDERS, "orders stored: %d" % count)
        for s in (a, b):
            status, doc, _ = s.request("GET", "/api/orders?limit=1")
            check(status == 200 and doc["meta"]["total"] == 2 * ORDERS, "total via %s" % s.port)
            status, doc, _ = s.request("GET", "/api/customers?limit=1")
            check(status == 200 and doc["meta"]["total"] == 301, "customers: %s" % doc["meta"])
        v = subprocess.run([BIN, "verify", "--db", db], capture_output=True, text=True,
                           timeout=300)
        check(v.returncode == 0, "verify: %s %s" % (v.stdout, v.stderr))
        check("0 difference(s)" in v.stdout, v.stdout)
    finally:
        for s in streams:
            s.stop()
        a.stop()
        b.stop()


if __name__ == "__main__":
    main([two_instances_two_processors_kill_the_active_one])

"""Two `serve` processes on one store (PACKPROD_TEST_STORE: a SQLite file or a PostgreSQL
database): exactly one applies the change log and says so; the other stands by, and
both report the shared checkpoint in /api/performance and /metrics (no stale 0, no
growing backlog on the standby). When the active one ends, the standby takes over.
And a store URL's password never appears in what packprod prints."""
from __future__ import annotations

import os
import subprocess

from harness import BIN, STORE, Shop, check, main, order, wait_until

ACTIVE = "this process is the active processor"
STANDBY = "standing by"


def log_of(shop: Shop) -> str:
    with open(os.path.join(shop.tmp, "serve.log"), errors="replace") as f:
        return f.read()


def stream_of(shop: Shop) -> dict:
    status, doc, _ = shop.request("GET", "/api/performance?window=1h")
    check(status == 200, "performance: %s %s" % (status, doc))
    return doc["data"]["stream"]


def metric(shop: Shop, name: str) -> float:
    for line in shop.metrics_text().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError("no %s in /metrics" % name)


def one_applies_the_other_stands_by_and_tells_the_truth() -> None:
    a = Shop()
    b = Shop(db=a.db)
    a.start()
    wait_until(lambda: ACTIVE in log_of(a), 10, "the first server to lead")
    b.start()
    try:
        wait_until(lambda: STANDBY in log_of(b), 10, "the second server to stand by")
        check(ACTIVE not in log_of(b), "the second server claims to lead:\n" + log_of(b))
        for n in range(5):
            status, doc, _ = b.request("POST", "/admin/contacts/import", {"orders": [
                order("SB-%d-%d" % (n, i), email="p%d@standby.example" % i) for i in range(20)]})
            check(status == 200, "import: %s %s" % (status, doc))
        head = doc["data"]["seq"]
        check(head >= 100, "head %d" % head)

        def caught_up():
            sa, sb = stream_of(a), stream_of(b)
            return (sa, sb) if sa["lastAppliedSeq"] == head and sb["lastAppliedSeq"] == head \
                else None
        sa, sb = wait_until(caught_up, 10, "both servers to report the applied head")
        check(sa["processor"] is True and sa["role"] == "active", "active: %s" % sa)
        check(sb["processor"] is False and sb["role"] == "standby", "standby: %s" % sb)
        check(sb["backlog"] == 0 and sb["headSeq"] == head, "standby: %s" % sb)
        check(sb["appliedEvents"] == 0, "the standby applied events: %s" % sb)
        check(sa["appliedEvents"] == head, "the active one applied %s of %d"
              % (sa["appliedEvents"], head))
        check(metric(b, "packprod_stream_applied_seq") == head, "standby's applied_seq metric")
        check(metric(b, "packprod_stream_backlog") == 0, "standby's backlog metric")
        check(metric(b, "packprod_stream_active") == 0, "standby's active metric")
        check(metric(a, "packprod_stream_active") == 1, "active's active metric")
        # The active one ends: the standby takes over and applies what comes next.
        check(a.stop() == 0, "the active server's exit")
        wait_until(lambda: ACTIVE in log_of(b), 5, "the standby to take over")
        status, doc, _ = b.request("POST", "/admin/contacts/import",
                                   order("SB-after", email="late@standby.example"))
        check(status == 200, "import after the takeover: %s" % status)
        seq = doc["data"]["seq"]
        wait_until(lambda: stream_of(b)["lastAppliedSeq"] == seq, 5, "the new active to apply")
        check(stream_of(b)["role"] == "active", "after the takeover: %s" % stream_of(b))
        print("store %s: one active, one standby; takeover applied seq %d" % (STORE, seq))
    finally:
        a.stop()
        b.stop()


def a_store_password_is_never_printed() -> None:
    secret = "s3cr3t-pw"
    for url in ("postgresql://someone:%s@127.0.0.1:1/nodb" % secret,
                "postgresql://someone@127.0.0.1:1/nodb?password=%s" % secret,
                "mysql://someone:%s@host/db" % secret):
        p = subprocess.run([BIN, "keys", "list", "--db", url], capture_output=True, text=True,
                           timeout=60)
        check(p.returncode != 0, "opening %s succeeded" % url)
        out = p.stdout + p.stderr
        check(secret not in out, "the password is printed: " + out)
        check("***" in out and "someone" in out, "the message names the store: " + out)
    env = dict(os.environ, PACKPROD_DB="postgresql://someone:%s@127.0.0.1:1/nodb" % secret)
    p = subprocess.run([BIN, "serve", "--port", "0"], capture_output=True, text=True,
                       timeout=60, env=env)
    check(p.returncode != 0 and secret not in p.stdout + p.stderr,
          "serve prints the password: %s %s" % (p.stdout, p.stderr))


if __name__ == "__main__":
    main([one_applies_the_other_stands_by_and_tells_the_truth,
          a_store_password_is_never_printed])

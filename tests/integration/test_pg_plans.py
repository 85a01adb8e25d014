"""PostgreSQL: the order listings answer from an index. A shop of 20,000 orders on the
test cluster, statistics gathered (ANALYZE), and `serve` connected with auto_explain
(PostgreSQL's own contrib module) logging the plan of every statement it runs. Each
listing endpoint is then read, and the plans of the statements it caused are taken
from the cluster's log: none may read orders or order_items by a sequential scan, nor
sort the client's whole order set. Needs the test PostgreSQL cluster (ctest's fixture);
the cluster's log is the file scripts/with-postgres starts it with (server.log beside
the data directory), read through pg_read_file as the superuser."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Shop, check, main, pg_database, psql, wait_until  # noqa: E402

ORDERS = 20000

# The endpoints whose plans are checked: (name, path). Filled in by the setup with ids
# from the data.
ENDPOINTS: list = []
STATE: dict = {}


def server_log_path(url: str) -> str:
    data = psql(url, "SHOW data_directory")
    return os.path.join(os.path.dirname(data), "server.log")


def log_size(url: str, path: str) -> int:
    return int(psql(url, "SELECT size FROM pg_stat_file('%s')" % path))


def read_log(url: str, path: str, offset: int) -> str:
    size = log_size(url, path)
    return psql(url, "SELECT pg_read_file('%s', %d, %d)" % (path, offset, size - offset))


def plans_in(log: str) -> list:
    """The auto_explain entries of a log excerpt: (query text, plan text) pairs."""
    out = []
    for m in re.finditer(r"duration: [\d.]+ ms\s+plan:\n(.*?)(?=\n\S.*?(?:LOG|ERROR|WARNING):|\Z)",
                         log, re.S):
        body = m.group(1)
        q = re.search(r"Query Text: (.*?)\n", body)
        out.append((q.group(1) if q else "", body))
    return out


def setup() -> Shop:
    db = pg_database()
    for setting in ("session_preload_libraries = 'auto_explain'",
                    "auto_explain.log_min_duration = 0",
                    "auto_explain.log_nested_statements = on"):
        psql(db, "ALTER DATABASE %s SET %s" % (db.rsplit("/", 1)[1], setting))
    shop = Shop(db=db)
    data = os.path.join(shop.tmp, "demo.jsonl")
    subprocess.run([BIN, "demo-data", "--orders", str(ORDERS), "--seed", "3", "--out", data,
                    "--db", db], check=True, capture_output=True, timeout=300)
    shop.cli("import", "--client", shop.client, data)
    shop.cli("rebuild", "--client", shop.client)
    psql(db, "ANALYZE")
    shop.start()
    STATE["db"] = db
    STATE["log"] = server_log_path(db)
    st, doc, _ = shop.request("GET", "/api/customers?limit=1&sort=orderCount&order=desc")
    check(st == 200 and doc["data"], "no customer: %s" % doc)
    contact = doc["data"][0]["contactID"]
    st, doc, _ = shop.request("GET", "/api/products?limit=1")
    check(st == 200 and doc["data"], "no product: %s" % doc)
    code = doc["data"][0]["code"]
    st, doc, _ = shop.request("GET", "/api/orders?limit=1")
    newest = doc["data"][0]["createdAt"][:10]
    ENDPOINTS.extend([
        ("orders, newest 50", "/api/orders?limit=50"),
        ("orders, a 30-day range", "/api/orders?limit=50&from=%s&to=%s" % (
            _days_before(newest, 30), newest)),
        ("orders, second page", None),  # the cursor of the first page, filled below
        ("product orders", "/api/products/%s/orders?limit=50" % urllib.parse.quote(code)),
        ("a customer's orders", "/api/orders?limit=50&contactID=%s" % contact),
        # With a parameter: without one, the second read is answered from memory.
        ("customer detail", "/api/customers/%s?consistent=true" % contact),
    ])
    st, doc, _ = shop.request("GET", "/api/orders?limit=50")
    ENDPOINTS[2] = ("orders, second page",
                    "/api/orders?limit=50&cursor=%s" % urllib.parse.quote(doc["meta"]["nextCursor"]))
    return shop


def _days_before(day: str, n: int) -> str:
    return (datetime.date.fromisoformat(day) - datetime.timedelta(days=n)).isoformat()


def scans_of(shop: Shop, name: str, path: str) -> list:
    """Reads `path` twice (the second time the statement is already prepared on the
    connection) and returns what is wrong with the plans it caused: sequential scans of
    orders or order_items, sorts of more than 5,000 rows; fails when no plan was logged."""
    wrong = []
    for _ in range(2):
        before = log_size(STATE["db"], STATE["log"])
        st, doc, _ = shop.request("GET", path)
        check(st == 200, "%s: %s %s" % (name, st, doc))
        log = wait_until(lambda: read_log(STATE["db"], STATE["log"], before)
                         if log_size(STATE["db"], STATE["log"]) > before else None,
                         10, "the plans of " + name)
        plans = [p for p in plans_in(log) if re.search(r"\border(s|_items)\b", p[0])]
        check(plans, "%s: no plan logged for a statement on the orders" % name)
        for query, plan in plans:
            for table in ("orders", "order_items"):
                if re.search(r"Seq Scan on %s\b" % table, plan):
                    wrong.append("%s: %s read by a sequential scan:\n%s\n%s" %
                                 (name, table, query, plan))
            rows = [int(n) for n in re.findall(r"Sort .*?rows=(\d+)", plan)]
            if any(n > 5000 for n in rows):
                wrong.append("%s: sorts %s rows:\n%s\n%s" % (name, rows, query, plan))
    return wrong


def test_order_listings_read_an_index_never_a_scan():
    shop = setup()
    try:
        for name, path in ENDPOINTS:
            wrong = scans_of(shop, name, path)
            check(not wrong, "\n".join(wrong))
        # The check itself: without the index of the newest-first listing, the same
        # request must be reported (a sort of the whole order set, or a scan).
        shop.stop()
        psql(STATE["db"], "DROP INDEX orders_by_time")
        shop.start()
        check(scans_of(shop, "orders without orders_by_time", ENDPOINTS[0][1]),
              "dropping orders_by_time went unnoticed: the plan check cannot fail")
    finally:
        shop.stop()


if __name__ == "__main__":
    main([test_order_listings_read_an_index_never_a_scan])

"""GET /api/customers/{id} keeps its answer while the store is unchanged (the response
cache): a repeated read is answered from memory (packprod_response_cache_hits_total
counts it) with the same data, and every change shows at once or within the change
feed's poll: an import over HTTP (in the very next read), an import by another process
(`packprod import`), new client settings (`packprod clients create`), and a read with
parameters or `cache=bypass` never takes a kept answer. On both stores."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Shop, check, main_on_both_stores, order, wait_until  # noqa: E402


def hits(shop: Shop) -> float:
    for line in shop.metrics_text().splitlines():
        if line.startswith("packprod_response_cache_hits_total"):
            return float(line.split()[-1])
    raise AssertionError("no packprod_response_cache_hits_total in /metrics")


def item(ref: str, created: str, total: str = "40.00") -> dict:
    return order(ref, email="kept@example.com", total=total, createdAt=created,
                 items=[{"code": "KB-1", "name": "Kept box", "quantity": 2,
                         "unitPrice": "%.2f" % (float(total) / 2)}])


def import_orders(shop: Shop, orders: list) -> int:
    status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders})
    check(status == 200, "import: %s %s" % (status, doc))
    return doc["data"]["seq"]


def applied(shop: Shop, seq: int) -> bool:
    _, doc, _ = shop.request("GET", "/api/performance")
    return doc["data"]["stream"]["lastAppliedSeq"] >= seq


def scenario(db) -> None:
    shop = Shop("keptco", db=db)
    shop.start()
    try:
        seq = import_orders(shop, [item("KA-1", "2025-03-01T10:00:00Z"),
                                   item("KA-2", "2025-04-01T10:00:00Z")])
        wait_until(lambda: applied(shop, seq), 30, "the views")
        status, doc, _ = shop.request("GET", "/api/customers?search=kept@example.com")
        check(status == 200 and len(doc["data"]) == 1, "the contact: %s" % doc)
        path = "/api/customers/" + doc["data"][0]["contactID"]

        def read(p: str = path) -> dict:
            status, doc, _ = shop.request("GET", p)
            check(status == 200, "%s: %s %s" % (p, status, doc))
            return doc

        first = read()
        before = hits(shop)
        second = read()
        check(hits(shop) == before + 1, "the repeated read was not a kept answer")
        check(second["data"] == first["data"], "a kept answer differs: %s / %s"
              % (first["data"], second["data"]))
        check(first["data"]["orderCount"] == 2, "orderCount %s" % first["data"]["orderCount"])

        # Parameters (here asOf, and cache=bypass) are never answered from the cache.
        before = hits(shop)
        read(path + "?asOf=" + first["meta"]["asOf"])
        read(path + "?cache=bypass")
        check(hits(shop) == before, "a read with parameters took a kept answer")

        # An import over HTTP: the very next read has it (its newest orders come from the
        # orders themselves), and the views' counts follow once applied.
        seq = import_orders(shop, [item("KA-3", "2025-05-01T10:00:00Z")])
        refs = [o["orderReference"] for o in read()["data"]["recentOrders"]]
        check("KA-3" in refs, "the read after an import missed it: %s" % refs)
        wait_until(lambda: applied(shop, seq), 30, "the views")
        check(read()["data"]["orderCount"] == 3, "orderCount after the views applied")

        # Another process's import (no commit of this one): within the feed's poll.
        path_jsonl = os.path.join(shop.tmp, "more.jsonl")
        with open(path_jsonl, "w") as f:
            f.write(json.dumps(item("KA-4", "2025-06-01T10:00:00Z")) + "\n")
        shop.cli("import", path_jsonl, "--client", "keptco")
        wait_until(lambda: read()["data"]["orderCount"] == 4, 10,
                   "another process's import in the customer")

        # New settings: the segment follows them (its last order, 2025-06-01, is more
        # than 180 days ago: Dormant; with 1,000 dormant days, Active).
        check(read()["data"]["segment"] == "Dormant", "segment %s" % read()["data"]["segment"])
        shop.cli("clients", "create", "--client", "keptco", "--dormant-days", "1000")
        wait_until(lambda: read()["data"]["segment"] == "Active", 30, "the new dormant days")

        # A fresh process (nothing kept) answers the same data.
        kept = read()["data"]
        shop.stop()
        shop.start()
        check(read()["data"] == kept, "a kept answer differs from a fresh process's")
    finally:
        shop.stop()


if __name__ == "__main__":
    main_on_both_stores(scenario)

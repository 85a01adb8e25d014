"""GET /api/customers?search=: a search's total and every page walked by cursor, in every
sort and direction, with and without a segment filter, equal the unfiltered listing of
the same sort with the non-matching customers left out (a case-insensitive substring of
name, e-mail or company); the listed customers carry the same fields as there. Searches
of three or more characters go through the trigram index and are paged from their
matches' keys, shorter ones scan. A renamed customer is found by the new name only. On
both stores."""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Shop, check, main_on_both_stores, order, wait_until  # noqa: E402

NAMES = ["John Smith", "Johnny Doe", "Mary Johnson", "Ann Lee", "Jo Marsh", "Björn Öst",
         "SMITH John", None]
COMPANIES = ["Johnsons Ltd", "Acme Boxes", None]
SORTS = ["totalSpend", "orderCount", "lastOrderDate", "firstOrderDate", "name"]
SEARCHES = ["john", "JOHN", "ohn", "smith", "jo", "@shop.example", "p7@", "björn", "ÖST",
            "johnsons ltd", "zzz", "e"]


def orders() -> list:
    out = []
    for i in range(40):
        customer = {"email": ("john%d@shop.example" if i % 4 == 0 else "p%d@shop.example") % i}
        if NAMES[i % len(NAMES)]:
            customer["name"] = NAMES[i % len(NAMES)] + (" %d" % i if i % 2 else "")
        if COMPANIES[i % 3]:
            customer["company"] = COMPANIES[i % 3]
        for k in range(1 + i % 3):  # 1-3 orders, totals that tie across customers
            out.append(order("S-%d-%d" % (i, k), total="%d.00" % (10 * (1 + (i + k) % 5)),
                             createdAt="2025-0%d-1%dT10:00:00Z" % (1 + (i + k) % 9, i % 10),
                             customer=customer))
    return out


def applied(shop: Shop, seq: int) -> bool:
    _, doc, _ = shop.request("GET", "/api/performance")
    return doc["data"]["stream"]["lastAppliedSeq"] >= seq


def get(shop: Shop, path: str) -> dict:
    status, doc, _ = shop.request("GET", path)
    check(status == 200, "%s: %s %s" % (path, status, doc))
    return doc


def walk(shop: Shop, params: dict, limit: int) -> tuple:
    """Every page by cursor: (the totals seen, the items in order)."""
    items, totals = [], set()
    cursor = None
    for _ in range(100):
        q = dict(params, limit=str(limit))
        if cursor:
            q["cursor"] = cursor
        doc = get(shop, "/api/customers?" + urllib.parse.urlencode(q))
        items += doc["data"]
        totals.add(doc["meta"]["total"])
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            return totals, items
    raise AssertionError("no last page: %s" % params)


def matches(c: dict, needle: str) -> bool:
    return any(needle.lower() in (c.get(f) or "").lower() for f in ("name", "email", "company"))


def expect_searches(shop: Shop) -> int:
    checked = 0
    for sort in SORTS:
        for order_ in ("desc", "asc"):
            for segment in (None, "VIP,Active", "Dormant"):
                base = {"sort": sort, "order": order_}
                if segment:
                    base["segment"] = segment
                _, everyone = walk(shop, base, 500)
                for needle in SEARCHES:
                    want = [c for c in everyone if matches(c, needle)]
                    totals, got = walk(shop, dict(base, search=needle), 3)
                    what = "search %r %s" % (needle, base)
                    check(totals == {len(want)}, "%s: totals %s, want %d" % (what, totals, len(want)))
                    check([c["contactID"] for c in got] == [c["contactID"] for c in want],
                          "%s: %s\nwant %s" % (what, [c.get("name") for c in got],
                                               [c.get("name") for c in want]))
                    check(got == want, "%s: the listed customers differ" % what)
                    checked += 1
    return checked


def scenario(db) -> None:
    shop = Shop("searchco", db=db)
    shop.start()
    try:
        status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders()})
        check(status == 200, "import: %s %s" % (status, doc))
        wait_until(lambda: applied(shop, doc["data"]["seq"]), 30, "the views")
        check(expect_searches(shop) == len(SORTS) * 2 * 3 * len(SEARCHES), "searches checked")
        john = get(shop, "/api/customers?search=john&limit=500")["meta"]["total"]

        # John Smith (customer 0) renamed by a newer order: found as Zed, no longer by
        # "smith"; his e-mail still holds "john".
        smiths = get(shop, "/api/customers?search=smith&limit=500")["meta"]["total"]
        renamed = order("S-R", email="john0@shop.example", total="10.00",
                        createdAt="2025-12-01T10:00:00Z",
                        customer={"email": "john0@shop.example", "name": "Zed Quill"})
        status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": [renamed]})
        check(status == 200, "import: %s %s" % (status, doc))
        wait_until(lambda: applied(shop, doc["data"]["seq"]), 30, "the rename")
        zed = get(shop, "/api/customers?search=quill")
        check([c["email"] for c in zed["data"]] == ["john0@shop.example"], "quill: %s" % zed)
        check(get(shop, "/api/customers?search=smith&limit=500")["meta"]["total"] == smiths - 1,
              "smith after the rename")
        check(get(shop, "/api/customers?search=john&limit=500")["meta"]["total"] == john,
              "john after the rename")
        expect_searches(shop)
    finally:
        shop.stop()


if __name__ == "__main__":
    main_on_both_stores(scenario)

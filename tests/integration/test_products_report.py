"""GET /api/reports/products (and the overview's topProducts) over a real server, on SQLite
and on PostgreSQL: imports orders of several products over four months in a zone whose
local days differ from UTC days, then status flips, changed lines and days, and deletions;
after each step every product row of many periods (one day to the whole range, every sort,
small and large limits) is compared with an independent computation from the orders
(docs/metrics.md; distinct customers per product in the period, local days through
zoneinfo) and with the `cache=bypass` answer; `verify` finds the views exact."""
import datetime as dt
import random
import urllib.parse
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores, wait_until

ZONE = "America/St_Johns"  # UTC-3:30 / -2:30
TZ = ZoneInfo(ZONE)
R = random.Random(23)
NOT_COUNTED = {"cancelled", "refunded", "failed"}
CODES = ["BOX-S", "BOX-L", "TAPE", "WRAP", "LBL", "ENV", "FOAM"]
NAMES = [None, "", "Box", "Tape 48mm", "Wrap roll"]
START = dt.date(2025, 1, 5)
SPAN = 120  # days of orders from START


def cents(v) -> int:
    return int(Decimal(str(v)) * 100)


def money(c: int) -> str:
    return "%d.%02d" % (c // 100, c % 100)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def instant() -> dt.datetime:
    """A local instant in [START, START + SPAN), sometimes at a local midnight's edge."""
    day = START + dt.timedelta(days=R.randrange(SPAN))
    local = dt.datetime.combine(day, dt.time(0, 0), TZ)
    edge = R.random()
    if edge < 0.1:
        return local
    if edge < 0.2:
        return local + dt.timedelta(hours=24) - dt.timedelta(seconds=1)
    return local + dt.timedelta(minutes=R.randrange(24 * 60))


def items() -> list[dict]:
    out = []
    for _ in range(R.randint(1, 4)):
        # a skewed choice: some products are ordered far more often than others
        code = CODES[min(int(R.expovariate(0.6)), len(CODES) - 1)]
        qty = R.choice([1, 2, 5, 10, 20])
        price = R.randint(5, 3000)
        it = {"code": code, "quantity": qty, "unitPrice": money(price)}
        name = R.choice(NAMES)
        if name is not None:
            it["name"] = name
        if R.random() < 0.2:
            it["lineTotal"] = money(qty * price - R.randint(0, qty * price // 3))
        out.append(it)
    return out


def with_total(o: dict) -> dict:
    o["total"] = money(sum(cents(x["lineTotal"]) if "lineTotal" in x else
                           x["quantity"] * cents(x["unitPrice"]) for x in o["items"]))
    return o


def make_orders(n: int) -> list[dict]:
    out = []
    for i in range(n):
        c = min(int(R.expovariate(0.05)), 59)  # a few contacts order often
        out.append(with_total({
            "orderReference": "P-%04d" % i, "createdAt": iso(instant()),
            "customer": {"email": "buyer%02d@example.com" % c, "name": "Buyer %d" % c},
            "items": items(),
            "status": R.choice(["completed"] * 6 + ["processing", "cancelled", "refunded"])}))
    return out


def expected(orders: dict, first: dt.date, last: dt.date) -> dict:
    """code -> {code, name, units, revenue (cents), orders, customers} over the counted
    orders of local days [first, last]; names by the spec's rule (latest line naming the
    code, any status, all time)."""
    latest = {}
    for o in orders.values():
        at = dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))
        for i, it in enumerate(o["items"]):
            if it.get("name"):
                k = (at, o["orderReference"], i)
                if it["code"] not in latest or latest[it["code"]][0] < k:
                    latest[it["code"]] = (k, it["name"])
    rows = {}
    buyers = {}
    for o in orders.values():
        if o.get("status", "completed") in NOT_COUNTED:
            continue
        at = dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))
        if not first <= at.astimezone(TZ).date() <= last:
            continue
        seen = set()
        for it in o["items"]:
            code = it["code"]
            r = rows.setdefault(code, {"code": code, "units": 0, "revenue": 0, "orders": 0})
            r["units"] += it["quantity"]
            r["revenue"] += cents(it["lineTotal"]) if "lineTotal" in it else \
                it["quantity"] * cents(it["unitPrice"])
            if code not in seen:
                seen.add(code)
                r["orders"] += 1
                buyers.setdefault(code, set()).add(o["customer"]["email"].lower())
    for code, r in rows.items():
        r["customers"] = len(buyers.get(code, ()))
        r["name"] = latest[code][1] if code in latest else None
    return rows


def ranked(rows: dict, sort: str, limit: int) -> list[dict]:
    return sorted(rows.values(), key=lambda r: (-r[sort], r["code"]))[:limit]


def periods() -> list[tuple[dt.date, dt.date]]:
    end = START + dt.timedelta(days=SPAN - 1)
    out = [(START - dt.timedelta(days=3), end + dt.timedelta(days=3)),  # everything
           (START, START), (end, end),  # single days
           (START + dt.timedelta(days=30), START + dt.timedelta(days=59)),
           (end + dt.timedelta(days=1), end + dt.timedelta(days=20))]  # no orders
    for _ in range(10):
        a = START + dt.timedelta(days=R.randrange(-2, SPAN))
        out.append((a, a + dt.timedelta(days=R.choice([0, 1, 6, 13, 29, 45, 89]))))
    return out


def caught_up(shop: Shop) -> bool:
    st, doc, _ = shop.request("GET", "/api/performance?window=1h")
    check(st == 200, "performance %s %s" % (st, doc))
    s = doc["data"]["stream"]
    return s["lastAppliedSeq"] == s["headSeq"]


def compare(shop: Shop, orders: dict, step: str) -> int:
    # the views first catch up with the writes (consistent=true waits only briefly)
    wait_until(lambda: caught_up(shop), 120, "the processor to apply the writes")
    compared = 0
    for first, last in periods():
        rows = expected(orders, first, last)
        for sort in ["revenue", "units", "orders"]:
            limit = R.choice([3, 50])
            q = {"from": first.isoformat(), "to": last.isoformat(), "sort": sort,
                 "limit": limit, "consistent": "true"}
            path = "/api/reports/products?" + urllib.parse.urlencode(q)
            st, doc, _ = shop.request("GET", path)
            check(st == 200, "%s %s: %s %s" % (step, path, st, doc))
            check(doc["meta"]["source"] == "cache", "%s %s: from %s" % (step, path, doc["meta"]))
            got = doc["data"]["items"]
            want = ranked(rows, sort, limit)
            check([g["code"] for g in got] == [w["code"] for w in want],
                  "%s %s: codes %s, want %s" % (step, path, [g["code"] for g in got],
                                                [w["code"] for w in want]))
            for g, w in zip(got, want):
                for k in ["name", "units", "orders", "customers"]:
                    check(g[k] == w[k], "%s %s %s %s: %r, want %r" % (step, path, w["code"], k,
                                                                      g[k], w[k]))
                check(cents(g["revenue"]) == w["revenue"],
                      "%s %s %s revenue: %s, want %s" % (step, path, w["code"], g["revenue"],
                                                         w["revenue"]))
                compared += 1
            # the compute-from-orders path (admin cache=bypass) gives the same answer
            q["cache"] = "bypass"
            del q["consistent"]
            st, slow, _ = shop.request("GET", "/api/reports/products?" + urllib.parse.urlencode(q))
            check(st == 200 and slow["meta"]["source"] == "orders",
                  "%s bypass %s: %s %s" % (step, path, st, slow and slow.get("meta")))
            check(slow["data"] == doc["data"], "%s %s: bypass differs:\n%s\n%s" % (
                step, path, slow["data"], doc["data"]))
        # the overview's topProducts come from the same rows
        q = {"from": first.isoformat(), "to": last.isoformat(), "consistent": "true"}
        st, doc, _ = shop.request("GET", "/api/reports/overview?" + urllib.parse.urlencode(q))
        check(st == 200, "%s overview %s: %s %s" % (step, q, st, doc))
        top = [(g["code"], g["customers"], g["orders"]) for g in doc["data"]["topProducts"]]
        check(top == [(w["code"], w["customers"], w["orders"]) for w in ranked(rows, "revenue", 5)],
              "%s overview %s topProducts %s" % (step, q, top))
    return compared


def import_orders(shop: Shop, orders: list[dict]) -> dict:
    ids = {}
    for i in range(0, len(orders), 200):
        st, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders[i:i + 200]})
        check(st == 200, "import %s %s" % (st, doc))
        for o, r in zip(orders[i:i + 200], doc["data"]["results"]):
            ids[o["orderReference"]] = r["orderID"]
    return ids


def scenario(db: str | None) -> None:
    shop = Shop("acme", db=db)
    shop.cli("clients", "create", "--client", "acme", "--timezone", ZONE)
    shop.start()
    try:
        orders = {o["orderReference"]: o for o in make_orders(600)}
        ids = import_orders(shop, list(orders.values()))
        n = compare(shop, orders, "imported")
        # status flips, changed lines, moved days (a contact's first order of a product
        # moves), deletions
        refs = R.sample(sorted(orders), 200)
        changed = []
        for r in refs[:80]:
            changed.append(dict(orders[r], status=R.choice(["cancelled", "completed",
                                                            "refunded", "processing"])))
        for r in refs[80:120]:
            changed.append(with_total(dict(orders[r], items=items())))
        for r in refs[120:150]:
            changed.append(dict(orders[r], createdAt=iso(instant())))
        import_orders(shop, changed)
        for o in changed:
            orders[o["orderReference"]] = o
        for r in refs[150:]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[r])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[r]
        n += compare(shop, orders, "changed")
        print("compared %d product rows" % n)
    finally:
        shop.stop()
    shop.verify_clean()


if __name__ == "__main__":
    main_on_both_stores(scenario)

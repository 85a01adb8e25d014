"""GET /api/reorders over a real server, on SQLite and on PostgreSQL: the rows, their
statuses as of the shop's local today and their order (value at risk) are computed here
independently from the orders imported (local days through zoneinfo), after inserts,
status flips (an order that stops counting), deletions and with the client's own settings;
every page of every status filter is walked by cursor; `verify` finds the views exact."""
import datetime as dt
import random
import sys
import urllib.parse
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores

ZONE = "Pacific/Kiritimati"  # UTC+14: local days differ from UTC days most of the time
TZ = ZoneInfo(ZONE)
R = random.Random(18)
STATUSES = ["due", "overdue", "lapsed", "on-track"]
NOT_COUNTED = {"cancelled", "refunded", "failed"}


def local_today() -> dt.date:
    return dt.datetime.now(TZ).date()


def make_orders(n_contacts: int) -> list[dict]:
    """Per contact: 1-7 orders at random gaps, ending a random number of days ago, some
    at local-midnight edges, some not counting."""
    today = local_today()
    orders = []
    for c in range(n_contacts):
        email = "buyer%03d@example.com" % c
        n = R.randint(1, 7)
        gap = R.choice([0, 1, 5, 7, 14, 21, 30, 45, 90])
        last = today - dt.timedelta(days=R.randint(-3, 200))
        day = last
        for i in range(n):
            # 23:59:30 or 00:00:30 local, or a random time: the local day is what counts
            t = R.choice([dt.time(23, 59, 30), dt.time(0, 0, 30),
                          dt.time(R.randint(0, 23), R.randint(0, 59))])
            local = dt.datetime.combine(day, t, TZ)
            now = dt.datetime.now(TZ) - dt.timedelta(minutes=1)
            if local > now:
                local = now
            total = Decimal(R.randint(500, 90000)) / 100
            o = {"orderReference": "R-%03d-%d" % (c, i),
                 "createdAt": local.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
                 "customer": {"email": email, "name": "Buyer %d" % c,
                              "company": "Co %d" % (c % 7)},
                 "total": str(total),
                 "status": R.choice(["completed"] * 8 + ["processing", "cancelled"])}
            orders.append(o)
            day -= dt.timedelta(days=max(0, gap + R.randint(-2, 3)))
    return orders


def cents(s: str) -> int:
    return int(Decimal(s) * 100)


def expected(orders: dict, settings: dict) -> list[dict]:
    """The rows as metrics.md "Reorders" defines them, from the orders alone."""
    today = local_today()
    per = {}
    for o in orders.values():
        if o.get("status", "completed") in NOT_COUNTED:
            continue
        at = dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))
        per.setdefault(o["customer"]["email"], []).append((at.astimezone(TZ).date(), o))
    rows = []
    for email, lst in per.items():
        if len(lst) < 3:
            continue
        days = sorted(d for d, _ in lst)
        gaps = sorted((b - a).days for a, b in zip(days, days[1:]))
        m = len(gaps)
        cadence = gaps[m // 2] if m % 2 else (gaps[m // 2 - 1] + gaps[m // 2]) // 2
        exp = days[-1] + dt.timedelta(days=cadence)
        late = (today - exp).days
        overdue = late > settings["toleranceDays"] and late * 100 > settings["tolerancePct"] * cadence
        if overdue:
            status = "lapsed" if late > 3 * cadence else "overdue"
        else:
            status = "due" if late >= -settings["windowDays"] else "on-track"
        spend = sum(cents(o["total"]) for _, o in lst)
        aov = int((Decimal(spend) / len(lst)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        rows.append({"email": email, "orderCount": len(lst), "cadenceDays": cadence,
                     "lastOrderDate": days[-1].isoformat(), "expectedDate": exp.isoformat(),
                     "daysOverdue": late, "status": status, "aov": aov})
    rows.sort(key=lambda r: r["email"])
    return rows


def walk(shop: Shop, statuses: list[str] | None, limit: int) -> tuple[list[dict], set]:
    q = {"limit": limit, "consistent": "true"}
    if statuses:
        q["status"] = ",".join(statuses)
    items, todays, cursor = [], set(), None
    while True:
        if cursor:
            q["cursor"] = cursor
        st, doc, _ = shop.request("GET", "/api/reorders?" + urllib.parse.urlencode(q))
        check(st == 200, "reorders %s: %s %s" % (q, st, doc))
        items += doc["data"]
        todays.add(doc["meta"]["today"])
        check(doc["meta"]["total"] >= len(items), doc["meta"])
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            check(doc["meta"]["total"] == len(items), "total %s, walked %d" %
                  (doc["meta"]["total"], len(items)))
            return items, todays


def compare(shop: Shop, orders: dict, settings: dict, every_status: bool = True) -> None:
    want = expected(orders, settings)
    check(len(want) > 20, "too few contacts with a cadence: %d" % len(want))
    check(not every_status or len({r["status"] for r in want}) == 4, "not every status: %s" %
          sorted({r["status"] for r in want}))
    for statuses in [None, ["overdue"], ["due", "lapsed"], ["on-track"]]:
        got, todays = walk(shop, statuses, R.choice([3, 7, 50]))
        check(todays == {local_today().isoformat()}, "meta.today %s" % todays)
        sel = [r for r in want if not statuses or r["status"] in statuses]
        keys = [(-cents(str(g["averageOrderValue"])), g["contactID"]) for g in got]
        check(keys == sorted(keys), "not sorted by value at risk, then contactID")
        by_email = {g["email"]: g for g in got}
        check(len(by_email) == len(got) == len(sel),
              "%s: %d rows, want %d" % (statuses, len(got), len(sel)))
        for w in sel:
            g = by_email.get(w["email"])
            check(g is not None, "%s missing %s" % (statuses, w))
            for k in ["orderCount", "cadenceDays", "lastOrderDate", "expectedDate",
                      "daysOverdue", "status"]:
                check(g[k] == w[k], "%s %s: %s, want %s" % (w["email"], k, g[k], w[k]))
            check(cents(str(g["averageOrderValue"])) == w["aov"], "%s aov %s, want %s" %
                  (w["email"], g["averageOrderValue"], w["aov"]))
    # the slow path (admin cache=bypass) computes the same rows from the orders
    st, views, _ = shop.request("GET", "/api/reorders?limit=500&consistent=true")
    st2, slow, _ = shop.request("GET", "/api/reorders?limit=500&cache=bypass")
    check(st == st2 == 200, (st, st2))
    check(views["data"] == slow["data"], "views and orders paths differ")


def import_orders(shop: Shop, orders: list[dict]) -> dict:
    ids = {}
    for i in range(0, len(orders), 250):
        st, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders[i:i + 250]})
        check(st == 200, "import %s %s" % (st, doc))
        for o, r in zip(orders[i:i + 250], doc["data"]["results"]):
            ids[o["orderReference"]] = r["orderID"]
    return ids


def scenario(db: str | None) -> None:
    shop = Shop("acme", db=db)
    shop.cli("clients", "create", "--client", "acme", "--timezone", ZONE)
    shop.start()
    try:
        settings = {"windowDays": 7, "toleranceDays": 3, "tolerancePct": 25}
        st, doc, _ = shop.request("GET", "/api/client")
        check(doc["data"]["reorderSettings"] == settings, doc["data"])
        orders = {o["orderReference"]: o for o in make_orders(160)}
        ids = import_orders(shop, list(orders.values()))
        compare(shop, orders, settings)
        # flips: some orders stop counting, some start; some are deleted
        refs = R.sample(sorted(orders), 60)
        flips = [dict(orders[r], status=R.choice(["cancelled", "completed", "refunded"]))
                 for r in refs[:40]]
        import_orders(shop, flips)
        for o in flips:
            orders[o["orderReference"]] = o
        for r in refs[40:]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[r])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[r]
        compare(shop, orders, settings)
        bad = [("status=soon", "status"), ("cursor=xyz", "cursor"), ("limit=0", "limit")]
        for q, field in bad:
            st, doc, _ = shop.request("GET", "/api/reorders?" + q)
            check(st == 400 and field in doc["error"]["message"], "%s: %s %s" % (q, st, doc))
    finally:
        shop.stop()
    # the client's own settings, read at request time (no rebuild)
    shop.cli("clients", "create", "--client", "acme", "--reorder-window-days", "2",
             "--reorder-tolerance-days", "10", "--reorder-tolerance-pct", "50")
    shop.start()
    try:
        settings = {"windowDays": 2, "toleranceDays": 10, "tolerancePct": 50}
        st, doc, _ = shop.request("GET", "/api/client")
        check(doc["data"]["reorderSettings"] == settings, doc["data"])
        compare(shop, orders, settings, every_status=False)
    finally:
        shop.stop()
    shop.verify_clean()


if __name__ == "__main__":
    main_on_both_stores(scenario)

"""GET /api/reports/statistics from the kept counters (docs/metrics.md "Statistics"), on
SQLite and on PostgreSQL: random orders of every status over ~500 days in a zone with a
half-hour offset and daylight saving, with many equal totals, are imported, then moved
(status flips, new createdAt and totals) and deleted, and after each step the answer from
the views is compared, for all time and several periods (date ranges, one day, open ends,
an empty range), with the compute-from-orders path (`cache=bypass`, the same `data`
byte for byte) and with an independent computation here (nearest-rank percentiles,
weekday and hour in local time through zoneinfo, status counts, distinct customers,
frequency classes); `verify` then finds the counters exact."""
import datetime as dt
import json
import math
import random
import urllib.parse
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores, wait_until

ZONE = "America/St_Johns"  # UTC-3:30 / -2:30: local days and hours differ from UTC's
TZ = ZoneInfo(ZONE)
R = random.Random(23)
STATUSES = ["pending", "processing", "on-hold", "paid", "shipped", "completed", "cancelled",
            "refunded", "failed"]
NOT_COUNTED = {"cancelled", "refunded", "failed"}
# Frequency thresholds in days (the client's defaults) and their names, in order.
FREQUENCIES = [(10, "Weekly"), (20, "Fortnightly"), (45, "Monthly"), (120, "Quarterly")]
DAY_MS = 86_400_000


def cents(v) -> int:
    return int(Decimal(str(v)) * 100)


def money(c: int) -> str:
    return "%d.%02d" % (c // 100, c % 100)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def parse(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def random_total() -> int:
    # many equal totals (a few price points) and a long tail of distinct ones
    if R.random() < 0.6:
        return R.choice([995, 1000, 1995, 2500, 4999, 12000])
    return R.randint(1, 250_000)


def random_time(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=R.randint(0, 500), minutes=R.randint(0, 1439),
                              seconds=R.randint(0, 59))


def make_orders(n: int, now: dt.datetime) -> list[dict]:
    out = []
    for i in range(n):
        c = R.randint(0, 59)
        out.append({"orderReference": "S-%04d" % i, "createdAt": iso(random_time(now)),
                    "customer": {"email": "buyer%02d@example.com" % c, "name": "Buyer %d" % c},
                    "total": money(random_total()),
                    "items": [{"code": "BOX", "quantity": 1, "unitPrice": "1.00"}],
                    "status": R.choice(STATUSES[:6] * 3 + STATUSES[6:])})
    return out


def half_up(num: int, den: int) -> int:
    return (2 * num + den) // (2 * den) if den else 0


def money_json(c: int):
    return c // 100 if c % 100 == 0 else c / 100


def expected(orders: dict, first: dt.date | None, last: dt.date | None) -> dict:
    """The period's figures from the orders alone (the local days [first, last]; None: open)."""
    def inside(o):
        d = parse(o["createdAt"]).astimezone(TZ).date()
        return (first is None or d >= first) and (last is None or d <= last)
    status = {s: 0 for s in STATUSES}
    weekday, hour, totals, customers = [0] * 7, [0] * 24, [], set()
    for o in orders.values():
        if not inside(o):
            continue
        status[o["status"]] += 1
        if o["status"] in NOT_COUNTED:
            continue
        local = parse(o["createdAt"]).astimezone(TZ)
        weekday[local.weekday()] += 1
        hour[local.hour] += 1
        totals.append(cents(o["total"]))
        customers.add(o["customer"]["email"])
    totals.sort()
    n = len(totals)
    pct = {}
    for p in (25, 50, 75, 90, 99):
        rank = min(max(math.ceil(p * n / 100), 1), n) if n else 0
        pct["p%d" % p] = money_json(totals[rank - 1] if n else 0)
    revenue = sum(totals)
    return {"orders": n, "revenue": money_json(revenue), "customers": len(customers),
            "averageOrderValue": money_json(half_up(revenue, n)),
            "averageOrdersPerCustomer": money_json(half_up(100 * n, len(customers))),
            "orderValuePercentiles": pct, "ordersByWeekday": weekday, "ordersByHour": hour,
            "statusCounts": status}


def expected_frequencies(orders: dict) -> dict:
    """frequencyCounts over all time: mean gap between a customer's counted orders."""
    per = {}
    for o in orders.values():
        if o["status"] not in NOT_COUNTED:
            per.setdefault(o["customer"]["email"], []).append(
                int(parse(o["createdAt"]).timestamp() * 1000))
    out = {name: 0 for _, name in FREQUENCIES}
    out.update({"Yearly": 0, "One-time": 0})
    for ts in per.values():
        if len(ts) == 1:
            out["One-time"] += 1
            continue
        span, gaps = max(ts) - min(ts), len(ts) - 1
        ceil_gap = -(-span // gaps)
        name = next((nm for days, nm in FREQUENCIES if ceil_gap <= days * DAY_MS), "Yearly")
        out[name] += 1
    return out


def periods(today: dt.date) -> list[tuple[dict, dt.date | None, dt.date | None]]:
    """(query, first local day, last local day) of the periods compared."""
    out = [({}, None, None)]
    for back, length in [(0, 1), (30, 30), (400, 365), (100, 1), (700, 10)]:
        first = today - dt.timedelta(days=back + length - 1)
        last = today - dt.timedelta(days=back)
        out.append(({"from": first.isoformat(), "to": last.isoformat()}, first, last))
    mid = today - dt.timedelta(days=200)
    out.append(({"from": mid.isoformat()}, mid, None))
    out.append(({"to": mid.isoformat()}, None, mid))
    return out


def caught_up(shop: Shop) -> None:
    """Waits until the processor has applied every change (a consistent read is served
    from the views; its own wait is bounded, and a loaded machine may need longer)."""
    def views_current():
        st, doc, _ = shop.request("GET", "/api/reports/statistics?consistent=true")
        return st == 200 and doc["meta"]["source"] == "cache"
    wait_until(views_current, 120, "the views to catch up")


def compare(shop: Shop, orders: dict, now: dt.datetime) -> None:
    caught_up(shop)
    today = now.astimezone(TZ).date()
    base = {"asOf": iso(now)}
    freq = expected_frequencies(orders)
    cached = 0
    for extra, first, last in periods(today):
        q = dict(base, **extra)
        st, views, _ = shop.request("GET", "/api/reports/statistics?" +
                                    urllib.parse.urlencode(dict(q, consistent="true")))
        check(st == 200, "views %s: %s %s" % (extra, st, views))
        st, slow, _ = shop.request("GET", "/api/reports/statistics?" +
                                   urllib.parse.urlencode(dict(q, cache="bypass")))
        check(st == 200, "bypass %s: %s %s" % (extra, st, slow))
        check(views["meta"]["source"] == "cache",
              "%s: served from %s, want the views" % (extra, views["meta"]))
        check(slow["meta"]["source"] == "orders", "%s bypass: %s" % (extra, slow["meta"]))
        cached += 1
        a = json.dumps(views["data"], sort_keys=False)
        b = json.dumps(slow["data"], sort_keys=False)
        check(a == b, "%s: views and orders differ:\n views  %s\n orders %s" % (extra, a, b))
        want = expected(orders, first, last)
        got = views["data"]
        for k, v in want.items():
            check(got[k] == v, "%s %s: %r, want %r" % (extra, k, got[k], v))
        check(got["frequencyCounts"] == freq,
              "%s frequencyCounts %s, want %s" % (extra, got["frequencyCounts"], freq))
        check(sum(got["segmentCounts"].values()) == len(
            {o["customer"]["email"] for o in orders.values() if o["status"] not in NOT_COUNTED}),
            "%s segmentCounts %s" % (extra, got["segmentCounts"]))
    # a period with instant ends is not whole local days: it is computed from the orders
    q = {"asOf": iso(now), "from": iso(now - dt.timedelta(days=45, hours=5)), "to": iso(now)}
    st, doc, _ = shop.request("GET", "/api/reports/statistics?" + urllib.parse.urlencode(q))
    check(st == 200 and doc["meta"]["source"] == "orders", "instants: %s %s" % (st, doc.get("meta")))
    print("compared %d periods over %d orders" % (cached, len(orders)))


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
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        orders = {o["orderReference"]: o for o in make_orders(900, now)}
        ids = import_orders(shop, list(orders.values()))
        compare(shop, orders, now)
        refs = R.sample(sorted(orders), 400)
        changed = []
        for r in refs[:200]:  # status flips, counted <-> not counted and within each
            changed.append(dict(orders[r], status=R.choice(STATUSES)))
        for r in refs[200:300]:  # another instant (day, weekday, hour) and total
            changed.append(dict(orders[r], createdAt=iso(random_time(now)),
                                total=money(random_total()), status=R.choice(STATUSES)))
        import_orders(shop, changed)
        for o in changed:
            orders[o["orderReference"]] = o
        for r in refs[300:]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[r])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[r]
        compare(shop, orders, now + dt.timedelta(days=3))
        # every order of one contact removed: its customer and gap class go away
        gone = "buyer07@example.com"
        for ref in [r for r, o in orders.items() if o["customer"]["email"] == gone]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[ref])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[ref]
        compare(shop, orders, now)
    finally:
        shop.stop()
    shop.verify_clean()


if __name__ == "__main__":
    main_on_both_stores(scenario)

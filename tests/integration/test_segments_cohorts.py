"""GET /api/segments/movements and GET /api/reports/cohorts over a real server, on SQLite
and on PostgreSQL. Every contact's segment on every local day is computed here from the
orders imported (local days through zoneinfo, the rules of metrics.md in whole days), and
the movements are the days a segment differs from the day before's: the counts per
(from, to) of a period and the contacts of each transition, walked by cursor, must match,
including moves by time alone (New -> Active, Active -> Dormant) seen only with a later
`asOf`. Cohorts (first-order month, the share still ordering and the revenue of each later
month) likewise. After status flips, deletions and a change of the client's segment
settings; the slow path agrees and `verify` finds the views exact."""
import datetime as dt
import random
import urllib.parse
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores

ZONE = "Pacific/Kiritimati"  # UTC+14: local days differ from UTC days most of the time
TZ = ZoneInfo(ZONE)
R = random.Random(19)
NOT_COUNTED = {"cancelled", "refunded", "failed"}
SEGMENTS = ["VIP", "Active", "New", "Dormant"]


def local_today() -> dt.date:
    return dt.datetime.now(TZ).date()


def cents(s) -> int:
    return int(Decimal(str(s)) * 100)


def utc(local: dt.datetime) -> str:
    return local.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def make_orders(n_contacts: int) -> list[dict]:
    """Per contact 1-12 orders over the last ~500 days, some big (VIP by spend), some not
    counting; contact 0 ordered 100 and 90 days ago only (New -> Active has happened,
    -> Dormant is 91 days ahead)."""
    today = local_today()
    now = dt.datetime.now(TZ) - dt.timedelta(minutes=1)
    orders = []
    for c in range(n_contacts):
        email = "buyer%03d@example.com" % c
        if c == 0:
            days = [today - dt.timedelta(days=100), today - dt.timedelta(days=90)]
        else:
            n = R.choice([1, 1, 2, 3, 4, 6, 12])
            start = today - dt.timedelta(days=R.randint(0, 500))
            days = sorted(start + dt.timedelta(days=R.randint(0, 400)) for _ in range(n))
        for i, day in enumerate(days):
            t = R.choice([dt.time(23, 59, 30), dt.time(0, 0, 30),
                          dt.time(R.randint(0, 23), R.randint(0, 59))])
            local = min(dt.datetime.combine(day, t, TZ), now)
            big = R.random() < 0.08
            total = Decimal(R.randint(300000, 600000) if big else R.randint(500, 40000)) / 100
            orders.append({"orderReference": "S-%03d-%d" % (c, i), "createdAt": utc(local),
                           "customer": {"email": email, "name": "Buyer %d" % c},
                           "total": str(total),
                           "status": "completed" if c == 0 else
                           R.choice(["completed"] * 8 + ["processing", "cancelled"])})
    return orders


def spend_days(orders: dict) -> dict:
    """email -> {local day: [orders, cents]} over counted orders."""
    per = {}
    for o in orders.values():
        if o.get("status", "completed") in NOT_COUNTED:
            continue
        at = dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))
        day = at.astimezone(TZ).date()
        e = per.setdefault(o["customer"]["email"], {}).setdefault(day, [0, 0])
        e[0] += 1
        e[1] += cents(o["total"])
    return per


def segment_on(days: dict, d: dt.date, s: dict):
    past = [k for k in days if k <= d]
    if not past:
        return None
    n = sum(days[k][0] for k in past)
    spend = sum(days[k][1] for k in past)
    if (d - max(past)).days > s["dormantDays"]:
        return "Dormant"
    if spend >= s["vipSpend"] or n >= s["vipOrders"]:
        return "VIP"
    if (d - min(past)).days <= s["newDays"]:
        return "New"
    return "Active"


def moves(orders: dict, s: dict, until: dt.date) -> list[tuple]:
    """(day, email, from, to) of every day up to `until` whose segment differs from the
    day before's, walking every day."""
    out = []
    for email, days in spend_days(orders).items():
        prev = None
        d = min(days)
        while d <= until:
            seg = segment_on(days, d, s)
            if seg != prev:
                out.append((d, email, prev, seg))
            prev = seg
            d += dt.timedelta(days=1)
    return out


def get(shop: Shop, path: str, q: dict) -> dict:
    st, doc, _ = shop.request("GET", path + "?" + urllib.parse.urlencode(q))
    check(st == 200, "%s %s: %s %s" % (path, q, st, doc))
    return doc


def compare_moves(shop: Shop, orders: dict, s: dict, frm: dt.date, to: dt.date,
                  as_of: dt.datetime) -> list[tuple]:
    until = min(to, as_of.astimezone(TZ).date())
    want = [m for m in moves(orders, s, until) if frm <= m[0] <= until]
    q = {"from": frm.isoformat(), "to": to.isoformat(), "asOf": utc(as_of),
         "consistent": "true"}
    doc = get(shop, "/api/segments/movements", q)
    counts = {}
    for m in want:
        counts[(m[2], m[3])] = counts.get((m[2], m[3]), 0) + 1
    got = {(r["from"], r["to"]): r["contacts"] for r in doc["data"]["movements"]}
    check(got == counts, "movements %s..%s asOf %s: %s, want %s" % (frm, to, as_of, got, counts))
    check(doc["data"]["total"] == len(want), doc["data"])
    for (f, t), n in counts.items():
        lq = dict(q, fromSegment=f or "none", toSegment=t, limit=R.choice([2, 5, 50]))
        rows, cursor = [], None
        while True:
            if cursor:
                lq["cursor"] = cursor
            page = get(shop, "/api/segments/movements", lq)
            rows += page["data"]["contacts"]
            cursor = page["meta"]["nextCursor"]
            check(page["meta"]["total"] == n, page["meta"])
            if not cursor:
                break
        got_rows = [(r["date"], r["email"], r["from"], r["to"]) for r in rows]
        want_rows = sorted((m[0].isoformat(), m[1], m[2], m[3]) for m in want
                           if (m[2], m[3]) == (f, t))
        check(sorted(got_rows) == want_rows, "%s -> %s: %s, want %s" % (f, t, got_rows, want_rows))
        keys = [(r["date"], r["contactID"]) for r in rows]
        check(keys == sorted(keys), "contacts not by date, then contactID")
    # the slow path (admin cache=bypass) computes the same counts from the orders
    slow = get(shop, "/api/segments/movements", dict(q, cache="bypass"))
    check(slow["data"] == doc["data"], "views and orders paths differ: %s / %s" %
          (slow["data"], doc["data"]))
    return want


def compare_cohorts(shop: Shop, orders: dict, frm: dt.date, to: dt.date) -> None:
    per = spend_days(orders)
    today = local_today()
    month = lambda d: (d.year, d.month)  # noqa: E731
    cells = {}
    for email, days in per.items():
        cohort = month(min(days))
        for m in {month(d) for d in days}:
            cells.setdefault((cohort, m), [0, 0])[0] += 1
        for d, (n, c) in days.items():
            cells[(cohort, month(d))][1] += c
    for metric in ["customers", "revenue"]:
        q = {"from": frm.isoformat(), "to": to.isoformat(), "metric": metric,
             "consistent": "true"}
        doc = get(shop, "/api/reports/cohorts", q)
        got = doc["data"]["cohorts"]
        want_cohorts = sorted({k[0] for k in cells if month(frm) <= k[0] <= month(to)
                               and k[0] == k[1]})
        check([tuple(map(int, c["cohort"].split("-"))) for c in got] == want_cohorts,
              "cohorts %s, want %s" % ([c["cohort"] for c in got], want_cohorts))
        for c in got:
            key = tuple(map(int, c["cohort"].split("-")))
            size = cells[(key, key)][0]
            check(c["customers"] == size, "%s size %s, want %s" % (key, c["customers"], size))
            y, m = key
            for cell in c["months"]:
                mk = (y + (m - 1 + cell["offset"]) // 12, (m - 1 + cell["offset"]) % 12 + 1)
                check(cell["month"] == "%04d-%02d" % mk, cell)
                n, rev = cells.get((key, mk), [0, 0])
                check(cell["customers"] == n and cents(cell["revenue"]) == rev,
                      "%s %s: %s, want %s %s" % (key, mk, cell, n, rev))
                check(abs(cell["share"] - round(n / size, 4)) < 1e-9, cell)
                want_value = cell["share"] if metric == "customers" else cell["revenue"]
                check(cell["value"] == want_value, cell)
            check(c["months"][-1]["month"] == today.strftime("%Y-%m"), c["months"][-1])
        slow = get(shop, "/api/reports/cohorts", dict(q, cache="bypass"))
        check(slow["data"] == doc["data"], "cohorts: views and orders paths differ")


def import_orders(shop: Shop, orders: list[dict]) -> dict:
    ids = {}
    for i in range(0, len(orders), 250):
        st, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders[i:i + 250]})
        check(st == 200, "import %s %s" % (st, doc))
        for o, r in zip(orders[i:i + 250], doc["data"]["results"]):
            ids[o["orderReference"]] = r["orderID"]
    return ids


def check_all(shop: Shop, orders: dict, s: dict) -> None:
    today = local_today()
    now = dt.datetime.now(dt.timezone.utc)
    for frm, to in [(today - dt.timedelta(days=30), today),
                    (today - dt.timedelta(days=400), today - dt.timedelta(days=200)),
                    (today - dt.timedelta(days=600), today + dt.timedelta(days=200))]:
        compare_moves(shop, orders, s, frm, to, now)
    # Time alone: with asOf 100 days ahead, contact 0 (last order 90 days ago) has gone
    # Dormant on its 181st day without any order.
    later = now + dt.timedelta(days=100)
    ahead = compare_moves(shop, orders, s, today, today + dt.timedelta(days=100), later)
    if s["dormantDays"] == 180:
        check(any(m[1] == "buyer000@example.com" and m[3] == "Dormant" for m in ahead),
              "no time-only move to Dormant for buyer000")
        now_moves = compare_moves(shop, orders, s, today, today + dt.timedelta(days=100), now)
        check(not any(m[1] == "buyer000@example.com" for m in now_moves), now_moves)
    compare_cohorts(shop, orders, today - dt.timedelta(days=500), today)
    compare_cohorts(shop, orders, today - dt.timedelta(days=90), today - dt.timedelta(days=30))


def scenario(db: str | None) -> None:
    shop = Shop("acme", db=db)
    shop.cli("clients", "create", "--client", "acme", "--timezone", ZONE)
    s = {"dormantDays": 180, "vipSpend": 500000, "vipOrders": 10, "newDays": 30}
    shop.start()
    try:
        orders = {o["orderReference"]: o for o in make_orders(120)}
        ids = import_orders(shop, list(orders.values()))
        check_all(shop, orders, s)
        refs = R.sample(sorted(r for r in orders if not r.startswith("S-000")), 60)
        flips = [dict(orders[r], status=R.choice(["cancelled", "completed", "refunded"]),
                      total=str(Decimal(R.randint(500, 700000)) / 100)) for r in refs[:40]]
        import_orders(shop, flips)
        for o in flips:
            orders[o["orderReference"]] = o
        for r in refs[40:]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[r])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[r]
        check_all(shop, orders, s)
        bad = [("/api/segments/movements?from=2025-13-01", "from"),
               ("/api/segments/movements?from=2025-02-01&to=2025-01-01", "from"),
               ("/api/segments/movements?fromSegment=VIP", "toSegment"),
               ("/api/segments/movements?fromSegment=Gold&toSegment=VIP", "fromSegment"),
               ("/api/segments/movements?fromSegment=VIP&toSegment=VIP&cursor=xyz", "cursor"),
               ("/api/reports/cohorts?metric=units", "metric"),
               ("/api/reports/cohorts?by=week", "by")]
        for path, field in bad:
            st, doc, _ = shop.request("GET", path)
            check(st == 400 and field in doc["error"]["message"], "%s: %s %s" % (path, st, doc))
    finally:
        shop.stop()
    # other segment settings: the client's moves follow them
    shop.cli("clients", "create", "--client", "acme", "--dormant-days", "60", "--new-days", "10",
             "--vip-orders", "4")
    s = {"dormantDays": 60, "vipSpend": 500000, "vipOrders": 4, "newDays": 10}
    shop.start()
    try:
        check_all(shop, orders, s)
    finally:
        shop.stop()
    shop.verify_clean()


if __name__ == "__main__":
    main_on_both_stores(scenario)

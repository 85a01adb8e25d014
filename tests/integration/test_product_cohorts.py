"""GET /api/reports/cohorts?by=product over a real server, on SQLite and on PostgreSQL.
Customers are grouped by each product code of their first counted order (least
createdAt, then the smaller orderReference) and for every month offset from their own
first-order month (local, zoneinfo) the test computes here, from the orders it imported,
the customers still ordering, their share and their revenue (all their products); the
views' answer must equal it, and the slow path (cache=bypass) too. After status flips of
first orders, edits that change a first order's products or move another order before
it, and deletions of first orders; `limit` caps the cohorts by size, then code; `verify`
finds the views exact (docs/metrics.md "Cohorts")."""
import datetime as dt
import math
import random
import urllib.parse
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores

ZONE = "Pacific/Chatham"  # UTC+12:45 / +13:45: local months start on another UTC day
TZ = ZoneInfo(ZONE)
R = random.Random(23)
NOT_COUNTED = {"cancelled", "refunded", "failed"}
CODES = ["BOX-S", "BOX-L", "TAPE", "WRAP", "LBL", "ENV", "FOAM"]
NAMES = [None, "", "Box", "Tape 48mm", "Wrap (new)"]


def cents(v) -> int:
    return int(Decimal(str(v)) * 100)


def money(c: int) -> str:
    return "%d.%02d" % (c // 100, c % 100)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def at(o: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))


def month_of(o: dict) -> int:
    d = at(o).astimezone(TZ)
    return d.year * 12 + d.month - 1


def items() -> list[dict]:
    out = []
    for _ in range(R.choice([0, 1, 1, 2, 2, 3])):
        it = {"code": R.choice(CODES[:4] if R.random() < 0.7 else CODES),
              "quantity": R.randint(1, 20), "unitPrice": money(R.randint(5, 3000))}
        name = R.choice(NAMES)
        if name is not None:
            it["name"] = name
        out.append(it)
    return out


def make_orders(n_contacts: int, now: dt.datetime) -> list[dict]:
    """1-7 orders per contact over ~14 months, some at a local month's edge, some sharing
    the first order's instant (the smaller reference is then the first)."""
    orders = []
    for c in range(n_contacts):
        email = "buyer%03d@example.com" % c
        n = R.choice([1, 1, 2, 3, 4, 7])
        for i in range(n):
            if i > 0 and R.random() < 0.15:
                t = at(orders[-1])  # the same instant as the previous order
            else:
                local = (now - dt.timedelta(days=R.randint(0, 420))).astimezone(TZ)
                if R.random() < 0.2:  # the first or last minute of a local month
                    first = local.replace(day=1, hour=0, minute=0, second=30, microsecond=0)
                    local = first if R.random() < 0.5 else first - dt.timedelta(minutes=1)
                t = min(local, now)
            orders.append({"orderReference": "P-%03d-%s" % (c, "zyxwvutsrq"[i]),
                           "createdAt": iso(t),
                           "customer": {"email": email, "name": "Buyer %d" % c},
                           "total": money(R.randint(500, 90000)), "items": items(),
                           "status": R.choice(["completed"] * 6 + ["processing", "cancelled",
                                                                   "refunded"])})
    return orders


def first_orders(orders: dict) -> dict:
    """email -> its first counted order (least createdAt, then orderReference)."""
    out = {}
    for o in orders.values():
        if o["status"] in NOT_COUNTED:
            continue
        e = o["customer"]["email"]
        if e not in out or (at(o), o["orderReference"]) < (at(out[e]), out[e]["orderReference"]):
            out[e] = o
    return out


def product_names(orders: dict) -> dict:
    """code -> the non-empty name of its latest (createdAt, reference, line) line, any status."""
    best = {}
    for o in orders.values():
        for n, it in enumerate(o["items"]):
            if it.get("name"):
                key = (at(o), o["orderReference"], n)
                if it["code"] not in best or key > best[it["code"]][0]:
                    best[it["code"]] = (key, it["name"])
    return {c: v[1] for c, v in best.items()}


def expected(orders: dict, frm: int, to: int, now: int, limit: int, metric: str) -> list:
    firsts = first_orders(orders)
    spend = {}  # email -> month -> cents
    for o in orders.values():
        if o["status"] not in NOT_COUNTED:
            m = spend.setdefault(o["customer"]["email"], {})
            m[month_of(o)] = m.get(month_of(o), 0) + cents(o["total"])
    cohorts = {}  # code -> {"earliest", "offsets": {k: [customers, cents]}}
    for email, first in firsts.items():
        cohort = month_of(first)
        if not frm <= cohort <= to:
            continue
        for code in {it["code"] for it in first["items"]}:
            c = cohorts.setdefault(code, {"earliest": cohort, "offsets": {}})
            c["earliest"] = min(c["earliest"], cohort)
            for m, total in spend[email].items():
                if m <= now:
                    cell = c["offsets"].setdefault(m - cohort, [0, 0])
                    cell[0] += 1
                    cell[1] += total
    names = product_names(orders)
    out = []
    for code, c in cohorts.items():
        size = c["offsets"][0][0]
        months = []
        for k in range(now - c["earliest"] + 1):
            n, rev = c["offsets"].get(k, [0, 0])
            share = math.floor(10000.0 * n / size + 0.5) / 10000.0  # half away from zero
            months.append({"offset": k, "customers": n, "share": share, "revenue": rev,
                           "value": share if metric == "customers" else rev})
        out.append({"cohort": code, "name": names.get(code), "customers": size,
                    "revenue": sum(m["revenue"] for m in months), "months": months})
    out.sort(key=lambda c: (-c["customers"], c["cohort"]))
    return out[:limit]


def get(shop: Shop, q: dict) -> dict:
    st, doc, _ = shop.request("GET", "/api/reports/cohorts?" + urllib.parse.urlencode(q))
    check(st == 200, "cohorts %s: %s %s" % (q, st, doc))
    return doc


def in_cents(cohorts: list, metric: str) -> list:
    """The answer with money in cents, to compare exactly."""
    def cell(m: dict) -> dict:
        return dict(m, revenue=cents(m["revenue"]),
                    value=cents(m["value"]) if metric == "revenue" else m["value"])
    return [dict(c, revenue=cents(c["revenue"]), months=[cell(m) for m in c["months"]])
            for c in cohorts]


def compare(shop: Shop, orders: dict) -> None:
    today = dt.datetime.now(TZ).date()
    now = today.year * 12 + today.month - 1
    ranges = [(today - dt.timedelta(days=450), today), (today - dt.timedelta(days=150), today),
              (today - dt.timedelta(days=300), today - dt.timedelta(days=100))]
    for (frm, to), limit, metric in zip(ranges, [200, 20, 3], ["customers", "revenue",
                                                               "customers"]):
        q = {"by": "product", "from": frm.isoformat(), "to": to.isoformat(), "metric": metric,
             "limit": limit, "consistent": "true"}
        doc = get(shop, q)
        data = doc["data"]
        check(data["by"] == "product" and data["through"] == today.strftime("%Y-%m"), data)
        want = expected(orders, frm.year * 12 + frm.month - 1, to.year * 12 + to.month - 1, now,
                        limit, metric)
        got = in_cents(data["cohorts"], metric)
        check(got == want, "by=product %s:\n got  %s\n want %s" % (q, got, want))
        check(len(want) > 0, "no product cohorts in %s" % q)
        slow = get(shop, dict(q, cache="bypass"))
        check(slow["data"] == data, "views and orders paths differ: %s / %s" %
              (slow["data"], data))


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
        now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
        orders = {o["orderReference"]: o for o in make_orders(150, now)}
        ids = import_orders(shop, list(orders.values()))
        compare(shop, orders)
        firsts = list(first_orders(orders).values())
        R.shuffle(firsts)
        # The first order cancelled (the next counted order becomes the first), or given
        # other products, or deleted; a later order moved before the first.
        edits = []
        for o in firsts[:25]:
            edits.append(dict(o, status=R.choice(["cancelled", "refunded", "failed"])))
        for o in firsts[25:50]:
            edits.append(dict(o, items=items() or [{"code": "FOAM", "quantity": 1,
                                                    "unitPrice": "1.00"}]))
        email_of = {o["orderReference"]: o["customer"]["email"] for o in orders.values()}
        for o in firsts[50:70]:
            later = [x for x in orders.values() if email_of[x["orderReference"]] ==
                     o["customer"]["email"] and x is not o]
            if later:
                x = R.choice(later)
                edits.append(dict(x, createdAt=iso(at(o) - dt.timedelta(days=R.choice([0, 40]))),
                                  status="completed"))
        import_orders(shop, edits)
        for o in edits:
            orders[o["orderReference"]] = o
        for o in firsts[70:85]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[o["orderReference"]])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[o["orderReference"]]
        compare(shop, orders)
        # and back: the cancelled first orders count again
        back = [dict(orders[o["orderReference"]], status="completed") for o in firsts[:10]]
        import_orders(shop, back)
        for o in back:
            orders[o["orderReference"]] = o
        compare(shop, orders)
        for path, field in [("by=product&limit=0", "limit"), ("by=product&limit=201", "limit"),
                            ("by=product&limit=x", "limit"), ("by=week", "by")]:
            st, doc, _ = shop.request("GET", "/api/reports/cohorts?" + path)
            check(st == 400 and field in doc["error"]["message"], "%s: %s %s" % (path, st, doc))
    finally:
        shop.stop()
    shop.verify_clean()


if __name__ == "__main__":
    main_on_both_stores(scenario)

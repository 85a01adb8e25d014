"""GET /api/customers/{id}/basket and the detail's topProducts over a real server, on
SQLite and on PostgreSQL: imports orders with repeated products (several lines of one
code, discounted line totals, renamed products, equal timestamps), then status flips
(cancel, refund, back to completed), changed lines and deletions, and after each step
compares every customer's basket and topProducts with an independent computation from the orders
(docs/metrics.md "Usual basket", local days through zoneinfo); the cache=bypass path
gives the same answer and `verify` finds the contact_products view exact."""
import datetime as dt
import random
import urllib.parse
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores

ZONE = "America/St_Johns"  # UTC-3:30 / -2:30: local days differ from UTC days often
TZ = ZoneInfo(ZONE)
R = random.Random(17)
NOT_COUNTED = {"cancelled", "refunded", "failed"}
CODES = ["BOX-S", "BOX-L", "TAPE", "WRAP", "LBL", "ENV"]
NAMES = [None, "", "Box", "Box (new)", "Tape 48mm"]


def cents(v) -> int:
    return int(Decimal(str(v)) * 100)


def money(c: int) -> str:
    return "%d.%02d" % (c // 100, c % 100)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def items() -> list[dict]:
    out = []
    for _ in range(R.randint(1, 4)):
        code = R.choice(CODES[:4] if R.random() < 0.8 else CODES)
        qty = R.choice([1, 2, 5, 10, 10, 20, 50])
        price = R.randint(5, 3000)
        it = {"code": code, "quantity": qty, "unitPrice": money(price)}
        name = R.choice(NAMES)
        if name is not None:
            it["name"] = name
        if R.random() < 0.2:
            it["lineTotal"] = money(qty * price - R.randint(0, qty * price // 3))
        out.append(it)
    return out


def make_orders(n_contacts: int, now: dt.datetime) -> list[dict]:
    orders = []
    for c in range(n_contacts):
        email = "buyer%03d@example.com" % c
        t = now - dt.timedelta(days=R.randint(0, 400), minutes=R.randint(1, 600))
        for i in range(R.randint(1, 9)):
            # equal instants now and then (ties go to the greater orderReference)
            if i == 0 or R.random() > 0.15:
                t = t - dt.timedelta(days=R.choice([0, 1, 6, 7, 14, 30, 31]),
                                     minutes=R.randint(0, 90))
            its = items()
            total = sum(cents(x.get("lineTotal") or money(x["quantity"] * cents(x["unitPrice"])))
                        for x in its)
            orders.append({"orderReference": "R-%03d-%d" % (c, i), "createdAt": iso(t),
                           "customer": {"email": email, "name": "Buyer %d" % c},
                           "total": money(total), "items": its,
                           "status": R.choice(["completed"] * 7 + ["processing", "cancelled",
                                                                   "refunded"])})
    return orders


def span(days: int, every: bool) -> str:
    def unit(n, one, many):
        if every and n == 1:
            return one
        return "%d %s" % (n, one if n == 1 else many)
    if days < 14:
        return unit(days, "day", "days")
    if days < 70:
        return unit((days + 3) // 7, "week", "weeks")
    if days < 730:
        return unit((days + 15) // 30, "month", "months")
    return unit((days + 182) // 365, "year", "years")


def median_floor(values: list[int]) -> int:
    v = sorted(values)
    m = len(v)
    return v[m // 2] if m % 2 else (v[m // 2 - 1] + v[m // 2]) // 2


def expected(orders: dict, today: dt.date) -> dict:
    """email -> {"basket": [...], "top": [...]} from the orders alone."""
    per = {}  # (email, code) -> list of (at, ref, day, qty, revenue, name)
    # A product's name is its own (docs/api.md "Products"): the non-empty name of the latest
    # (createdAt, orderReference, line) line with its code, whatever the order's status.
    latest = {}  # code -> ((at, ref, line), name)
    for o in orders.values():
        at = dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))
        for i, it in enumerate(o["items"]):
            if it.get("name"):
                k = (at, o["orderReference"], i)
                if it["code"] not in latest or latest[it["code"]][0] < k:
                    latest[it["code"]] = (k, it["name"])
    for o in orders.values():
        if o.get("status", "completed") in NOT_COUNTED:
            continue
        at = dt.datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00"))
        merged = {}
        for it in o["items"]:
            m = merged.setdefault(it["code"], {"qty": 0, "rev": 0, "name": None})
            m["qty"] += it["quantity"]
            m["rev"] += cents(it["lineTotal"]) if "lineTotal" in it else \
                it["quantity"] * cents(it["unitPrice"])
            if it.get("name"):
                m["name"] = it["name"]
        for code, m in merged.items():
            per.setdefault((o["customer"]["email"], code), []).append(
                (at, o["orderReference"], at.astimezone(TZ).date(), m["qty"], m["rev"], m["name"]))
    out = {}
    for (email, code), lst in per.items():
        lst.sort(key=lambda x: (x[0], x[1]))
        last = lst[-1]
        days = sorted(x[2] for x in lst)
        cadence = None
        if len(lst) >= 3:
            cadence = median_floor([(b - a).days for a, b in zip(days, days[1:])])
        since = (today - last[2]).days
        if cadence is None:
            head = "ordered once" if len(lst) == 1 else "ordered %d times" % len(lst)
        elif cadence == 0:
            head = "usually several times a day"
        else:
            head = "usually every " + span(cadence, True)
        tail = "today" if since <= 0 else "yesterday" if since == 1 else span(since, False) + " ago"
        unit_price = int((Decimal(last[4]) / last[3]).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        row = {"code": code, "name": latest[code][1] if code in latest else None,
               "timesOrdered": len(lst), "units": sum(x[3] for x in lst),
               "revenue": sum(x[4] for x in lst),
               "medianQuantity": median_floor([x[3] for x in lst]),
               "lastQuantity": last[3], "lastUnitPrice": unit_price,
               "firstOrdered": iso(lst[0][0]), "lastOrdered": iso(last[0]),
               "lastOrderReference": last[1], "daysSinceLast": since,
               "cadenceDays": cadence, "summary": head + "; last " + tail, "_at": last[0]}
        out.setdefault(email, []).append(row)
    result = {}
    for email, rows in out.items():
        basket = sorted(rows, key=lambda r: r["code"])
        basket.sort(key=lambda r: r["_at"], reverse=True)
        basket.sort(key=lambda r: r["timesOrdered"], reverse=True)
        top = sorted(rows, key=lambda r: (-r["revenue"], r["code"]))[:5]
        result[email] = {"basket": basket, "top": top}
    return result


def same_instant(a: str, b: str) -> bool:
    p = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return p(a) == p(b)


def compare(shop: Shop, orders: dict, contacts: dict, as_of: dt.datetime) -> None:
    today = as_of.astimezone(TZ).date()
    want = expected(orders, today)
    check(any(r["cadenceDays"] is not None for w in want.values() for r in w["basket"]),
          "no product with a cadence")
    check(any(r["cadenceDays"] is None for w in want.values() for r in w["basket"]),
          "no product without a cadence")
    q = urllib.parse.urlencode({"asOf": iso(as_of), "consistent": "true"})
    rows = sum(len(w["basket"]) for w in want.values())
    cadences = sum(r["cadenceDays"] is not None for w in want.values() for r in w["basket"])
    print("comparing %d customers, %d basket rows (%d with a cadence)" % (
        len(contacts), rows, cadences))
    check(len(contacts) == 45, "%d contacts" % len(contacts))
    for email, cid in sorted(contacts.items()):
        st, doc, _ = shop.request("GET", "/api/customers/%s?%s" % (cid, q))
        check(st == 200, "customer %s: %s %s" % (email, st, doc))
        got = doc["data"]
        w = want.get(email, {"basket": [], "top": []})
        check(doc["meta"]["source"] == "cache", "%s: served from %s" % (email, doc["meta"]))
        check("usualBasket" not in got, "%s: the detail still carries usualBasket" % email)
        st, bdoc, _ = shop.request("GET", "/api/customers/%s/basket?%s" % (cid, q))
        check(st == 200, "basket %s: %s %s" % (email, st, bdoc))
        check(bdoc["meta"]["source"] == "cache", "%s basket: served from %s" % (email, bdoc["meta"]))
        gb = bdoc["data"]
        check(bdoc["meta"]["count"] == len(gb) == len(w["basket"]) == bdoc["meta"]["total"]
              and bdoc["meta"]["nextCursor"] is None,
              "%s basket meta %s, want %d items" % (email, bdoc["meta"], len(w["basket"])))
        check([g["code"] for g in gb] == [r["code"] for r in w["basket"]],
              "%s basket codes %s, want %s" % (email, [g["code"] for g in gb],
                                               [r["code"] for r in w["basket"]]))
        for g, r in zip(gb, w["basket"]):
            for k in ["code", "name", "timesOrdered", "units", "medianQuantity", "lastQuantity",
                      "lastOrderReference", "daysSinceLast", "cadenceDays", "summary"]:
                check(g[k] == r[k], "%s %s %s: %r, want %r" % (email, r["code"], k, g[k], r[k]))
            for k in ["revenue", "lastUnitPrice"]:
                check(cents(g[k]) == r[k], "%s %s %s: %s, want %s" % (email, r["code"], k, g[k],
                                                                   r[k]))
            for k in ["firstOrdered", "lastOrdered"]:
                check(same_instant(g[k], r[k]), "%s %s %s: %s, want %s" % (email, r["code"], k,
                                                                        g[k], r[k]))
        gt = got["topProducts"]
        check([(g["code"], g["name"], g["units"], cents(g["revenue"])) for g in gt] ==
              [(r["code"], r["name"], r["units"], r["revenue"]) for r in w["top"]],
              "%s topProducts %s, want %s" % (email, gt, w["top"]))
        if len(gb) > 1:  # `limit` keeps the first items in the same order
            lim = len(gb) // 2
            st, part, _ = shop.request("GET", "/api/customers/%s/basket?%s&limit=%d" %
                                       (cid, q, lim))
            check(st == 200 and part["data"] == gb[:lim] and part["meta"]["count"] == lim
                  and part["meta"]["total"] == len(gb),
                  "%s basket limit=%d: %s %s" % (email, lim, st, part.get("meta")))
        # the compute-from-orders path (admin cache=bypass) gives the same answer
        bq = "asOf=%s&cache=bypass" % urllib.parse.quote(iso(as_of))
        st, slow, _ = shop.request("GET", "/api/customers/%s?%s" % (cid, bq))
        check(st == 200, "bypass %s: %s %s" % (email, st, slow))
        check(slow["data"]["topProducts"] == gt, "%s: bypass topProducts differs" % email)
        st, slow, _ = shop.request("GET", "/api/customers/%s/basket?%s" % (cid, bq))
        check(st == 200, "bypass basket %s: %s %s" % (email, st, slow))
        check(slow["meta"]["source"] == "orders", "%s: bypass basket from %s" % (email, slow["meta"]))
        check(slow["data"] == gb, "%s: bypass basket differs" % email)


def basket_errors(shop: Shop, cid: str) -> None:
    """An unknown contact is 404 like the customer detail; a bad limit is 400 naming it."""
    for path in ["/api/customers/no-such-contact", "/api/customers/no-such-contact/basket"]:
        st, doc, _ = shop.request("GET", path)
        check(st == 404 and doc["error"]["code"] == "not_found", "%s: %s %s" % (path, st, doc))
    for bad in ["0", "1001", "x"]:
        st, doc, _ = shop.request("GET", "/api/customers/%s/basket?limit=%s" % (cid, bad))
        check(st == 400 and "limit" in doc["error"]["message"],
              "limit=%s: %s %s" % (bad, st, doc))
    st, doc, _ = shop.request("GET", "/api/customers/%s/basket?limit=1000" % cid)
    check(st == 200 and doc["meta"]["count"] <= 1000, "limit=1000: %s %s" % (st, doc.get("meta")))


def import_orders(shop: Shop, orders: list[dict]) -> dict:
    ids = {}
    for i in range(0, len(orders), 200):
        st, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders[i:i + 200]})
        check(st == 200, "import %s %s" % (st, doc))
        for o, r in zip(orders[i:i + 200], doc["data"]["results"]):
            ids[o["orderReference"]] = r["orderID"]
    return ids


def contact_ids(shop: Shop) -> dict:
    out, cursor = {}, None
    while True:
        q = {"limit": 100, "consistent": "true"}
        if cursor:
            q["cursor"] = cursor
        st, doc, _ = shop.request("GET", "/api/customers?" + urllib.parse.urlencode(q))
        check(st == 200, "customers %s %s" % (st, doc))
        for c in doc["data"]:
            out[c["email"]] = c["contactID"]
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            return out


def scenario(db: str | None) -> None:
    shop = Shop("acme", db=db)
    shop.cli("clients", "create", "--client", "acme", "--timezone", ZONE)
    shop.start()
    try:
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        orders = {o["orderReference"]: o for o in make_orders(45, now)}
        ids = import_orders(shop, list(orders.values()))
        contacts = contact_ids(shop)
        compare(shop, orders, contacts, now)
        basket_errors(shop, next(iter(contacts.values())))
        # status flips (cancel, refund, back to completed), changed lines, deletions: the
        # latest orders of a product go away as often as older ones
        refs = R.sample(sorted(orders), 120)
        changed = []
        for r in refs[:60]:
            changed.append(dict(orders[r], status=R.choice(["cancelled", "completed",
                                                            "refunded", "processing"])))
        for r in refs[60:90]:
            its = items()
            total = sum(cents(x.get("lineTotal") or money(x["quantity"] * cents(x["unitPrice"])))
                        for x in its)
            changed.append(dict(orders[r], items=its, total=money(total)))
        import_orders(shop, changed)
        for o in changed:
            orders[o["orderReference"]] = o
        for r in refs[90:]:
            st, doc, _ = shop.request("DELETE", "/admin/orders/" + ids[r])
            check(st in (200, 204), "delete %s %s" % (st, doc))
            del orders[r]
        compare(shop, orders, contacts, now + dt.timedelta(days=40))
    finally:
        shop.stop()
    shop.verify_clean()


if __name__ == "__main__":
    main_on_both_stores(scenario)

"""Company accounts over a real server, on SQLite and on PostgreSQL: every account, its
contacts and its figures (orders, spend, first/last, segment, frequency, reorder cadence
and status) are computed here independently from the orders imported, with this file's own
company normalisation and grouping; after a merge (admin endpoint) and a split (CLI), new
orders and `packprod rebuild` the accounts still follow the rules; listings are walked
by cursor in several sorts; the slow path agrees; `verify` finds the views exact; bad
merges and splits get a 4xx."""
import datetime as dt
import os
import random
import re
import urllib.parse
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import Shop, check, main_on_both_stores

ZONE = "Australia/Sydney"
TZ = ZoneInfo(ZONE)
R = random.Random(3)
NS = uuid.UUID("5b6f8f0e-3c1d-4a8e-9d2b-7a1e4c6f0b93")
NOT_COUNTED = {"cancelled", "refunded", "failed"}
HERE = os.path.dirname(os.path.abspath(__file__))
FREE = set(re.findall(r'^"([^"]+)",$', open(os.path.join(
    HERE, "..", "..", "src", "domain", "free_mail_domains.inc")).read(), re.M))
LEGAL = {"ab", "ag", "as", "bv", "co", "company", "corp", "corporation", "gmbh", "inc",
         "incorporated", "kg", "limited", "llc", "llp", "lp", "ltd", "nv", "oy", "plc", "pte",
         "pty", "pvt", "sa", "sarl", "sas", "spa", "srl", "ug", "ulc"}
DAY_MS = 86400000


def norm_company(c):
    s = c.strip().lower().replace(".", "").replace("'", "").replace("\u2019", "")
    s = s.replace("&", " and ")
    s = "".join(ch if ch.isalnum() or ord(ch) >= 0x80 else " " for ch in s)
    words = s.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL:
        words.pop()
    return " ".join(words)


def natural_key(cid, email, company):
    if company and norm_company(company):
        return "company:" + norm_company(company)
    domain = email.rsplit("@", 1)[1].lower()
    return "contact:" + cid if domain in FREE else "domain:" + domain


def resolve(rules, cid, key):
    if cid in rules["splits"]:
        key = "contact:" + cid
    while key in rules["merges"]:
        key = rules["merges"][key]
    return key


def contact_id(email):
    return str(uuid.uuid5(NS, "acme/" + email.strip().lower()))


def account_id(key):
    return str(uuid.uuid5(NS, "acme/account/" + key))


def cents(s) -> int:
    return int(Decimal(str(s)) * 100)


# Buyers: companies written in several ways, shared company domains, free-mail buyers.
COMPANIES = ["Acme Packaging Pty Ltd", "ACME packaging pty. ltd.", "acme packaging",
             "The Box Co.", "box", "O'Brien & Sons GmbH", "OBrien and Sons", "Wrap Works LLC",
             "Émballages Dupont SARL"]
DOMAINS = ["tapehouse.example", "cartons.example", "shipfast.example"]


def make_contacts(n):
    out = []
    for i in range(n):
        kind = R.random()
        if kind < 0.45:
            email = "buyer%02d@%s" % (i, R.choice(DOMAINS + ["gmail.com"]))
            company = R.choice(COMPANIES)
        elif kind < 0.75:
            email = "buyer%02d@%s" % (i, R.choice(DOMAINS))
            company = None
        else:
            email = "buyer%02d@%s" % (i, R.choice(["gmail.com", "outlook.com", "bigpond.com"]))
            company = None
        out.append((email, company))
    return out


def make_orders(contacts, tag):
    now = dt.datetime.now(TZ) - dt.timedelta(hours=1)
    orders = []
    for ci, (email, company) in enumerate(contacts):
        for i in range(R.randint(1, 5)):
            at = now - dt.timedelta(days=R.randint(0, 400), minutes=R.randint(0, 1440))
            cust = {"email": email, "name": "Buyer %d" % ci}
            if company:
                cust["company"] = company
            orders.append({
                "orderReference": "%s-%02d-%d" % (tag, ci, i),
                "createdAt": at.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
                "customer": cust,
                "total": str(Decimal(R.randint(500, 300000)) / 100),
                "status": R.choice(["completed"] * 7 + ["processing", "cancelled"])})
    return orders


def ms(s):
    return int(dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000)


def expected(orders, rules, settings, as_of_ms):
    """Accounts as metrics.md "Accounts" defines them, from the orders and the rules."""
    contacts = {}  # contact id -> email, company (latest non-empty), counted orders
    for o in sorted(orders.values(), key=lambda o: o["_seq"]):
        c = o["customer"]
        cid = contact_id(c["email"])
        rec = contacts.setdefault(cid, {"email": c["email"].lower(), "company": None, "orders": []})
        if c.get("company"):
            rec["company"] = c["company"]
        if o.get("status", "completed") not in NOT_COUNTED:
            rec["orders"].append(o)
    groups = {}
    for cid, rec in contacts.items():
        key = resolve(rules, cid, natural_key(cid, rec["email"], rec["company"]))
        groups.setdefault(key, []).append(cid)
    today = dt.datetime.fromtimestamp(as_of_ms / 1000, TZ).date()
    out = {}
    for key, cids in groups.items():
        orders_of = [o for c in cids for o in contacts[c]["orders"]]
        n = len(orders_of)
        spend = sum(cents(o["total"]) for o in orders_of)
        times = sorted(ms(o["createdAt"]) for o in orders_of)
        with_company = sorted(c for c in cids if contacts[c]["company"]
                              and norm_company(contacts[c]["company"]))
        if with_company:
            name = contacts[with_company[0]]["company"].strip()
        elif key.startswith("domain:"):
            name = key[len("domain:"):]
        else:
            name = contacts[min(cids)]["email"]
        seg = freq = None
        if n:
            first, last = times[0], times[-1]
            if as_of_ms - last >= settings["dormantDays"] * DAY_MS:
                seg = "Dormant"
            elif spend >= cents(settings["vipSpend"]) or n >= settings["vipOrders"]:
                seg = "VIP"
            elif as_of_ms - first < settings["newDays"] * DAY_MS:
                seg = "New"
            else:
                seg = "Active"
            if n == 1:
                freq = "One-time"
            else:
                gap = (last - first) / (n - 1) / DAY_MS
                freq = next((f for f, b in [("Weekly", 10), ("Fortnightly", 20), ("Monthly", 45),
                                            ("Quarterly", 120)] if gap <= b), "Yearly")
        reorder = None
        if n >= 3:
            days = sorted(dt.datetime.fromtimestamp(t / 1000, TZ).date() for t in times)
            gaps = sorted((b - a).days for a, b in zip(days, days[1:]))
            m = len(gaps)
            cad = gaps[m // 2] if m % 2 else (gaps[m // 2 - 1] + gaps[m // 2]) // 2
            exp = days[-1] + dt.timedelta(days=cad)
            late = (today - exp).days
            over = late > 3 and late * 100 > 25 * cad
            status = ("lapsed" if late > 3 * cad else "overdue") if over else \
                ("due" if late >= -7 else "on-track")
            reorder = {"cadenceDays": cad, "expectedDate": exp.isoformat(), "daysOverdue": late,
                       "status": status}
        aid = account_id(key)
        out[aid] = {"accountID": aid, "name": name, "kind": key.split(":")[0],
                    "contactCount": len(cids), "orderCount": n, "totalSpend": spend,
                    "first": times[0] if n else None, "last": times[-1] if n else None,
                    "segment": seg, "purchaseFrequency": freq, "reorder": reorder,
                    "contacts": sorted(cids), "key": key}
    return out


def walk(shop, sort, order, limit, as_of):
    q = {"limit": limit, "consistent": "true", "sort": sort, "order": order, "asOf": as_of}
    items, cursor = [], None
    while True:
        if cursor:
            q["cursor"] = cursor
        st, doc, _ = shop.request("GET", "/api/accounts?" + urllib.parse.urlencode(q))
        check(st == 200, "accounts %s: %s %s" % (q, st, doc))
        items += doc["data"]
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            check(doc["meta"]["total"] == len(items), "total %s, walked %d" %
                  (doc["meta"]["total"], len(items)))
            return items


def compare(shop, orders, rules, settings):
    as_of = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    as_of_s = as_of.isoformat().replace("+00:00", "Z")
    want = expected(orders, rules, settings, int(as_of.timestamp() * 1000))
    for sort, order, limit in [("totalSpend", "desc", 7), ("name", "asc", 5),
                               ("lastOrderDate", "desc", 50)]:
        got = walk(shop, sort, order, limit, as_of_s)
        check(len(got) == len(want), "%d accounts, want %d" % (len(got), len(want)))
        check(len({g["accountID"] for g in got}) == len(got), "an account listed twice")
        if sort == "totalSpend":
            keys = [(-cents(g["totalSpend"]), g["accountID"]) for g in got]
            check(keys == sorted(keys), "not sorted by spend, then accountID")
        for g in got:
            w = want.get(g["accountID"])
            check(w is not None, "unexpected account %s" % g)
            for k in ["name", "kind", "contactCount", "orderCount", "segment",
                      "purchaseFrequency", "reorder"]:
                check(g[k] == w[k], "%s %s: %s, want %s" % (w["key"], k, g[k], w[k]))
            check(cents(g["totalSpend"]) == w["totalSpend"], "%s spend" % w["key"])
            for k, f in [("firstOrderDate", "first"), ("lastOrderDate", "last")]:
                check((ms(g[k]) if g[k] else None) == w[f], "%s %s" % (w["key"], k))
    for w in R.sample(sorted(want.values(), key=lambda w: w["key"]), 8):
        st, doc, _ = shop.request("GET", "/api/accounts/%s?consistent=true" % w["accountID"])
        check(st == 200, "detail %s %s" % (st, doc))
        check(sorted(c["contactID"] for c in doc["data"]["contacts"]) == w["contacts"],
              "%s contacts" % w["key"])
        check(doc["data"]["orderCount"] == w["orderCount"], "%s detail" % w["key"])
    st, views, _ = shop.request("GET", "/api/accounts?limit=500&consistent=true&asOf=" + as_of_s)
    st2, slow, _ = shop.request("GET", "/api/accounts?limit=500&cache=bypass&asOf=" + as_of_s)
    check(st == st2 == 200, (st, st2))
    check(views["data"] == slow["data"], "views and orders paths differ")
    return want


def import_orders(shop, orders, seq):
    for i in range(0, len(orders), 250):
        st, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": orders[i:i + 250]})
        check(st == 200, "import %s %s" % (st, doc))
    for o in orders:
        seq[0] += 1
        o["_seq"] = seq[0]


def scenario(db):
    shop = Shop("acme", db=db)
    shop.cli("clients", "create", "--client", "acme", "--timezone", ZONE)
    shop.start()
    rules = {"merges": {}, "splits": set()}
    seq = [0]
    try:
        st, doc, _ = shop.request("GET", "/api/client")
        settings = doc["data"]["segmentSettings"]
        contacts = make_contacts(70)
        batch = make_orders(contacts, "A")
        import_orders(shop, batch, seq)
        orders = {o["orderReference"]: o for o in batch}
        want = compare(shop, orders, rules, settings)
        check(len({w["kind"] for w in want.values()}) == 3, "not every kind of account")

        # merge a domain account into a company account (admin endpoint)
        dom = next(w for w in want.values() if w["key"] == "domain:shipfast.example")
        acme = next(w for w in want.values() if w["key"] == "company:acme packaging")
        st, doc, _ = shop.request("POST", "/admin/accounts/merge",
                                  {"into": acme["accountID"], "accounts": [dom["accountID"]]})
        check(st == 200 and doc["data"]["accountID"] == acme["accountID"], (st, doc))
        rules["merges"]["domain:shipfast.example"] = "company:acme packaging"
        check(doc["data"]["contactCount"] == acme["contactCount"] + dom["contactCount"], doc)
        want = compare(shop, orders, rules, settings)

        # split one contact out of the box company (CLI)
        box = next(w for w in want.values() if w["key"] == "company:box")
        check(box["contactCount"] >= 2, box)
        out = shop.cli("accounts", "split", "--client", "acme", box["accountID"],
                       "--contact", box["contacts"][0])
        check(account_id("contact:" + box["contacts"][0]) in out.stdout, out.stdout)
        rules["splits"].add(box["contacts"][0])
        want = compare(shop, orders, rules, settings)

        # bad merges and splits
        lone = next(w for w in want.values() if w["contactCount"] == 1)
        for path, body, code, what in [
                ("/admin/accounts/merge", {"into": acme["accountID"], "accounts": ["nope"]}, 404, "nope"),
                ("/admin/accounts/merge", {"into": "nope", "accounts": [lone["accountID"]]}, 404, "into"),
                ("/admin/accounts/merge", {"into": acme["accountID"],
                                           "accounts": [acme["accountID"]]}, 400, "itself"),
                ("/admin/accounts/merge", {"into": acme["accountID"]}, 400, "accounts"),
                ("/admin/accounts/%s/split" % lone["accountID"], {}, 400, "one contact"),
                ("/admin/accounts/%s/split" % acme["accountID"],
                 {"contacts": [lone["contacts"][0]]}, 400, "not in account"),
                ("/admin/accounts/nope/split", {}, 404, "nope")]:
            st, doc, _ = shop.request("POST", path, body)
            check(st == code and what in doc["error"]["message"], "%s %s: %s %s" %
                  (path, body, st, doc))
        for q, field in [("sort=size", "sort"), ("cursor=xyz", "cursor"), ("segment=Big", "segment")]:
            st, doc, _ = shop.request("GET", "/api/accounts?" + q)
            check(st == 400 and field in doc["error"]["message"], "%s: %s %s" % (q, st, doc))
        st, doc, _ = shop.request("GET", "/api/accounts/nope")
        check(st == 404, (st, doc))
        bad = shop.cli("accounts", "merge", "--client", "acme", "--into", acme["accountID"],
                       acme["accountID"], check=False)
        check(bad.returncode == 2 and "itself" in bad.stderr, bad.stderr)

        # new orders: a new buyer at the merged domain lands in the merged account
        more = make_orders(make_contacts(10) + [("newbuyer@shipfast.example", None)], "B")
        import_orders(shop, more, seq)
        orders.update({o["orderReference"]: o for o in more})
        want = compare(shop, orders, rules, settings)
        check(contact_id("newbuyer@shipfast.example") in want[acme["accountID"]]["contacts"],
              "the merged domain's new buyer")
    finally:
        shop.stop()
    shop.cli("rebuild", "--client", "acme")
    shop.verify_clean()
    shop.start()
    try:
        compare(shop, orders, rules, settings)  # the rules survived the rebuild
    finally:
        shop.stop()


if __name__ == "__main__":
    main_on_both_stores(scenario)

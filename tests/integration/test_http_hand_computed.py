"""HTTP answers checked against figures worked out here by hand, on either store
(PACKPROD_TEST_STORE), not against another path of the same server: the ids of known
orders and contacts (UUIDv5 of a fixed namespace and `client/reference`, `client/email`:
a compatibility promise), segments under a custom `asOf` with the client's own
thresholds (boundaries included), and cursor walks through ties on the customers and
orders listings."""
from __future__ import annotations

import uuid

from harness import Shop, check, main

# The namespace every packprod id derives from (never changes; ids.h).
NAMESPACE = uuid.UUID("5b6f8f0e-3c1d-4a8e-9d2b-7a1e4c6f0b93")
CLIENT = "tiny"
AS_OF = "2025-06-30T12:00:00Z"

# email -> [(reference, createdAt, status, total)]; thresholds: VIP at 100.00 or 3
# orders, Dormant after 20 days, New for 5 days (UTC zone: local days are UTC days).
ORDERS = {
    "a@hand.example": [("A1", "2025-06-28T09:00:00Z", "completed", "10.00")],
    "b@hand.example": [("B1", "2025-05-01T09:00:00Z", "completed", "50.00"),
                       ("B2", "2025-06-20T09:00:00Z", "paid", "60.00")],
    "c@hand.example": [("C1", "2025-06-01T09:00:00Z", "completed", "5.00"),
                       ("C2", "2025-06-02T09:00:00Z", "completed", "5.00"),
                       ("C3", "2025-06-03T09:00:00Z", "completed", "5.00")],
    "d@hand.example": [("D1", "2025-06-10T09:00:00Z", "completed", "20.00"),
                       ("D2", "2025-06-15T09:00:00Z", "refunded", "99.00"),
                       ("D3", "2025-06-15T10:00:00Z", "completed", "20.00")],
    "e@hand.example": [("E1", "2025-06-29T12:00:00Z", "refunded", "30.00")],
    "f@hand.example": [("F1", "2025-06-10T12:00:00Z", "completed", "30.00")],
    "g@hand.example": [("G1", "2025-06-09T12:00:00Z", "completed", "30.00")],
    "h@hand.example": [("H1", "2025-06-25T12:00:00Z", "completed", "30.00")],
    "i@hand.example": [("I1", "2025-06-25T12:00:00Z", "completed", "30.00")],
}
# Worked out from metrics.md's rules at AS_OF:
#   a: first 2.1 days ago <= 5 -> New          b: 110.00 >= 100 -> VIP (last 10 days)
#   c: 3 orders but last 27 days ago > 20 -> Dormant (before VIP)
#   d: 40.00, 2 counted, first 20 days ago -> Active (the refund does not count)
#   e: no counted order -> null               f: exactly 20 days ago: not > 20 -> Active
#   g: 21 days ago -> Dormant                 h, i: first exactly 5 days ago -> New
SEGMENTS = {"a": "New", "b": "VIP", "c": "Dormant", "d": "Active", "e": None, "f": "Active",
            "g": "Dormant", "h": "New", "i": "New"}
DAYS_AGO = {"a": 2, "b": 10, "c": 27, "d": 15, "e": None, "f": 20, "g": 21, "h": 5, "i": 5}
SPEND = {"a": 1000, "b": 11000, "c": 1500, "d": 4000, "e": 0, "f": 3000, "g": 3000, "h": 3000,
         "i": 3000}


def contact_id(email: str) -> str:
    return str(uuid.uuid5(NAMESPACE, CLIENT + "/" + email))


def order_id(reference: str) -> str:
    return str(uuid.uuid5(NAMESPACE, CLIENT + "/" + reference))


def shop_with_orders() -> Shop:
    shop = Shop(client=CLIENT)
    shop.cli("clients", "create", "--client", CLIENT, "--timezone", "UTC", "--vip-spend",
             "100.00", "--vip-orders", "3", "--dormant-days", "20", "--new-days", "5")
    shop.start()
    body = [{"orderReference": ref, "createdAt": at, "status": status, "total": total,
             # Mixed case and spaces: the id uses the normalised e-mail.
             "customer": {"email": "  " + email.upper() + " ", "name": email[0].upper()}}
            for email, orders in ORDERS.items() for ref, at, status, total in orders]
    status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": body})
    check(status == 200, "import: %s %s" % (status, doc))
    for item, o in zip(doc["data"]["results"], body):
        check(item["orderID"] == order_id(o["orderReference"]),
              "orderID of %s: %s" % (o["orderReference"], item["orderID"]))
        check(item["contactID"] == contact_id(o["customer"]["email"].strip().lower()),
              "contactID of %s" % o["customer"]["email"])
    return shop


def walk(shop: Shop, path: str, limit: int) -> list:
    items, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in path else "?"
        status, doc, _ = shop.request("GET", "%s%slimit=%d%s" % (
            path, sep, limit, "&cursor=" + cursor if cursor else ""))
        check(status == 200, "%s: %s %s" % (path, status, doc))
        check(len(doc["data"]) <= limit, "page longer than the limit")
        items += doc["data"]
        pages += 1
        cursor = doc["meta"].get("nextCursor")
        if not cursor:
            return items
        check(pages < 100, "the cursor walk does not end")


def known_ids_are_pinned() -> None:
    # Literal values too: a change of namespace or input format would orphan stored ids.
    shop = Shop(client="acme")
    shop.start()
    try:
        status, doc, _ = shop.request("POST", "/admin/contacts/import", {
            "orderReference": "ORD-1", "createdAt": "2025-10-20T21:30:00+11:00",
            "customer": {"email": " Jo@Example.COM"}, "total": "24.70"})
        check(status == 200, "import: %s %s" % (status, doc))
        item = doc["data"]["results"][0]
        check(item["orderID"] == str(uuid.uuid5(NAMESPACE, "acme/ORD-1")), "orderID (uuid5)")
        check(item["contactID"] == str(uuid.uuid5(NAMESPACE, "acme/jo@example.com")),
              "contactID %s" % item["contactID"])
        check(item["orderID"] == PINNED_ORDER and item["contactID"] == PINNED_CONTACT,
              "pinned ids: %s %s" % (item["orderID"], item["contactID"]))
        status, doc, _ = shop.request("GET", "/api/customers/" + PINNED_CONTACT)
        check(status == 200 and doc["data"]["email"] == "jo@example.com",
              "the contact by its pinned id: %s" % status)
        status, doc, _ = shop.request("GET", "/api/orders/" + PINNED_ORDER)
        check(status == 200 and doc["data"]["orderReference"] == "ORD-1",
              "the order by its pinned id: %s" % status)
    finally:
        shop.stop()


def segments_under_a_custom_as_of_and_thresholds() -> None:
    shop = shop_with_orders()
    try:
        customers = walk(shop, "/api/customers?consistent=true&asOf=" + AS_OF, 50)
        got = {c["email"][0]: c for c in customers}
        check(sorted(got) == sorted(SEGMENTS), "customers: %s" % sorted(got))
        for k, c in got.items():
            check(c["contactID"] == contact_id(k + "@hand.example"), "contactID of " + k)
            check(c["segment"] == SEGMENTS[k], "%s: segment %s, expected %s"
                  % (k, c["segment"], SEGMENTS[k]))
            check(c["lastOrderDaysAgo"] == DAYS_AGO[k], "%s: lastOrderDaysAgo %s, expected %s"
                  % (k, c["lastOrderDaysAgo"], DAYS_AGO[k]))
            check(round(c["totalSpend"] * 100) == SPEND[k], "%s: totalSpend" % k)
        for seg in ("VIP", "Active", "New", "Dormant"):
            listed = walk(shop, "/api/customers?segment=%s&asOf=%s" % (seg, AS_OF), 2)
            expect = sorted(k for k, s in SEGMENTS.items() if s == seg)
            check(sorted(c["email"][0] for c in listed) == expect,
                  "segment=%s: %s, expected %s" % (seg, [c["email"] for c in listed], expect))
        # The same contacts a day later: f turns Dormant, h and i stop being New.
        later = {c["email"][0]: c["segment"] for c in
                 walk(shop, "/api/customers?asOf=2025-07-01T12:00:00Z", 50)}
        check(later["f"] == "Dormant" and later["h"] == "Active" and later["i"] == "Active",
              "a day later: %s" % later)
    finally:
        shop.stop()


def cursor_walks_through_ties() -> None:
    shop = shop_with_orders()
    try:
        spend = {contact_id(e): SPEND[e[0]] for e in ORDERS}
        for order in ("desc", "asc"):
            sign = -1 if order == "desc" else 1
            expect = sorted(spend, key=lambda cid: (sign * spend[cid], cid))
            for limit in (1, 2, 4):
                got = [c["contactID"] for c in walk(
                    shop, "/api/customers?consistent=true&sort=totalSpend&order=" + order, limit)]
                check(got == expect, "customers by totalSpend %s, %d a page: %s" %
                      (order, limit, got))
        # Orders: newest first, ties (H1 and I1, D3 vs none) by orderID descending.
        orders = [(at, order_id(ref)) for lst in ORDERS.values() for ref, at, _, _ in lst]
        expect = [oid for at, oid in sorted(orders, key=lambda o: (o[0], o[1]), reverse=True)]
        for limit in (1, 3):
            got = [o["orderID"] for o in walk(shop, "/api/orders", limit)]
            check(got == expect, "orders, %d a page" % limit)
        # A filtered walk: one contact's orders.
        c = contact_id("d@hand.example")
        got = [o["orderReference"] for o in walk(shop, "/api/orders?contactID=" + c, 1)]
        check(got == ["D3", "D2", "D1"], "orders of d: %s" % got)
    finally:
        shop.stop()


def order_totals_over_ranges() -> None:
    """meta.total of the orders list over date ranges (local days of the UTC client, and
    instants of +05:45 and -03:30 offsets that cut hours in parts), with status filters,
    before and after an order is replaced with another status and createdAt."""
    shop = shop_with_orders()

    def total(query: str) -> int:
        status, doc, _ = shop.request("GET", "/api/orders?limit=1&" + query)
        check(status == 200, "%s: %s %s" % (query, status, doc))
        return doc["meta"]["total"]

    def expect(cases: list) -> None:
        for query, want in cases:
            got = total(query)
            check(got == want, "orders total of %s: %s, expected %s" % (query, got, want))

    try:
        june = "from=2025-06-01&to=2025-06-30"
        # 08:45Z to 10:15Z: D2 (09:00) in the whole hour, D3 (10:00) in the edge after it.
        cut = "from=2025-06-15T14:30:00%2B05:45&to=2025-06-15T06:45:00-03:30"
        expect([
            ("", 14),
            (june, 13),                                   # all but B1
            (june + "&status=refunded", 2),               # D2, E1
            (june + "&status=completed,paid", 11),
            ("from=2025-06-15&to=2025-06-15", 2),         # D2, D3
            (cut, 2),
            (cut + "&status=completed", 1),               # D3
            ("from=2025-06-15T09:00:00Z&to=2025-06-15T10:00:00Z", 1),  # D2; D3 at `to`
            ("from=2025-06-15T09:00:00.001Z&to=2025-06-15T10:00:00Z", 0),
            ("from=2025-06-25", 4),                       # H1, I1, A1, E1
            ("to=2025-05-31", 1),                         # B1
            ("status=refunded", 2),
        ])
        # D2 becomes a completed order of 2025-06-16T09:00Z: it leaves its old hour and
        # status and is counted in its new ones.
        status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": [{
            "orderReference": "D2", "createdAt": "2025-06-16T09:00:00Z", "status": "completed",
            "total": "99.00", "customer": {"email": "d@hand.example", "name": "D"}}]})
        check(status == 200 and doc["data"]["results"][0]["result"] == "updated",
              "replace D2: %s %s" % (status, doc))
        expect([
            ("", 14),
            (june, 13),
            (june + "&status=refunded", 1),               # E1
            (june + "&status=completed,paid", 12),
            ("from=2025-06-15&to=2025-06-15", 1),         # D3
            ("from=2025-06-16&to=2025-06-16&status=completed", 1),  # D2
            (cut, 1),
            ("status=refunded", 1),
        ])
        # E1 deleted: it leaves its hour.
        status, doc, _ = shop.request("DELETE", "/admin/orders/" + order_id("E1"))
        check(status == 200, "delete E1: %s %s" % (status, doc))
        expect([("", 13), (june, 12), (june + "&status=refunded", 0),
                ("from=2025-06-29&to=2025-06-29", 0), ("status=refunded", 0)])
    finally:
        shop.stop()


# The ids of client acme's order ORD-1 and contact jo@example.com, written out.
PINNED_ORDER = "5a3a3041-1251-5846-b22b-caf7ed90121b"
PINNED_CONTACT = "630d419e-c6fd-50f4-8f0f-6947f89f2ef6"

if __name__ == "__main__":
    main([known_ids_are_pinned, segments_under_a_custom_as_of_and_thresholds,
          cursor_walks_through_ties, order_totals_over_ranges])

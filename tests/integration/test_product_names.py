"""A product's name follows docs/api.md "Products" everywhere a product name appears, on
both paths (the views, and `cache=bypass`): the non-empty name of the latest order line
of its code (by createdAt, then orderReference), whatever the order's status, all time.
A newer cancelled order renames a product; a later counted order has the code without a
name; a refunded order at the very same instant as the cancelled one loses the tie on
orderReference. Checked: the products list (and its search by name), a product's
orders, overview's topProducts (date and timestamp periods), the products report
(also for a period that ends before the rename), a customer's topProducts (a customer
who never saw the new name); an order's own lines keep their own names; `verify` stays
clean."""
from __future__ import annotations

import urllib.parse

from harness import Shop, check, main

CLIENT = "names"
OLD, NEW = "Mailer Box", "Mailer Box v2"


def line(code: str, name: str | None, qty: int = 1, unit: str = "5.00") -> dict:
    it = {"code": code, "quantity": qty, "unitPrice": unit}
    if name is not None:
        it["name"] = name
    return it


ORDERS = [
    # (reference, createdAt, status, email, lines)
    ("N1", "2025-06-01T09:00:00Z", "completed", "ann@names.example",
     [line("BOX-1", OLD, 2), line("TAPE-1", "Tape")]),
    ("N2", "2025-06-10T09:00:00Z", "completed", "bob@names.example", [line("BOX-1", OLD)]),
    # The newest named line of BOX-1: a cancelled order renames it.
    ("N3", "2025-06-20T00:00:00Z", "cancelled", "bob@names.example", [line("BOX-1", NEW)]),
    # Same instant, smaller reference: loses the tie.
    ("N0", "2025-06-20T00:00:00Z", "refunded", "bob@names.example",
     [line("BOX-1", "Mailer Box (old)")]),
    # Later, counted, but without a name: does not name it.
    ("N5", "2025-06-25T09:00:00Z", "completed", "ann@names.example",
     [line("BOX-1", None), line("BOX-1", "")]),
    # A code only in an order that does not count.
    ("N6", "2025-06-26T09:00:00Z", "failed", "bob@names.example", [line("GHOST-1", "Ghost")]),
]
EXPECTED = {"BOX-1": NEW, "TAPE-1": "Tape", "GHOST-1": "Ghost"}
PATHS = [{"consistent": "true"}, {"cache": "bypass"}]


def get(shop: Shop, path: str, params: dict) -> dict:
    status, doc, _ = shop.request("GET", path + "?" + urllib.parse.urlencode(params))
    check(status == 200, "%s %s -> %s %s" % (path, params, status, doc))
    return doc


def names_of(items: list) -> dict:
    return {x["code"]: x["name"] for x in items}


def expect_names(items: list, where: str) -> None:
    got = names_of(items)
    check(got, "%s: no products" % where)
    for code, name in got.items():
        check(name == EXPECTED[code], "%s: %s named %r, expected %r" % (where, code, name,
                                                                          EXPECTED[code]))


def test_every_endpoint_names_products_by_the_latest_order() -> None:
    shop = Shop(client=CLIENT)
    shop.cli("clients", "create", "--client", CLIENT, "--timezone", "UTC")
    shop.start()
    try:
        body = [{"orderReference": ref, "createdAt": at, "status": st, "total": "20.00",
                 "customer": {"email": email, "name": email.split("@")[0]}, "items": items}
                for ref, at, st, email, items in ORDERS]
        status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": body})
        check(status == 200, "import: %s %s" % (status, doc))
        ids = {o["orderReference"]: r for o, r in zip(body, doc["data"]["results"])}
        ann = ids["N1"]["contactID"]
        for p in PATHS:
            source = "orders" if "cache" in p else "cache"
            d = get(shop, "/api/products", p)
            check(d["meta"]["source"] == source, "products source %s" % d["meta"])
            expect_names(d["data"], "products %s" % p)
            check("GHOST-1" not in names_of(d["data"]), "a code of no counted order is listed")
            d = get(shop, "/api/products", dict(p, search="v2"))
            check(list(names_of(d["data"])) == ["BOX-1"], "search by the new name %s: %s"
                  % (p, d["data"]))
            d = get(shop, "/api/products", dict(p, search="(old)"))
            check(d["data"] == [], "search by a name that lost %s: %s" % (p, d["data"]))
            for code in ("BOX-1", "GHOST-1"):
                d = get(shop, "/api/products/%s/orders" % code, p)
                expect_names([d["data"]["product"]], "product %s %s" % (code, p))
            for period in ({"from": "2025-06-01", "to": "2025-06-30"},
                           {"from": "2025-06-01T00:00:00Z", "to": "2025-07-01T00:00:00Z"}):
                d = get(shop, "/api/reports/overview", dict(p, **period))
                expect_names(d["data"]["topProducts"], "overview %s %s" % (period, p))
                d = get(shop, "/api/reports/products", dict(p, **period))
                expect_names(d["data"]["items"], "products report %s %s" % (period, p))
            # A period that ends before the rename: the name is still the product's own.
            d = get(shop, "/api/reports/products", dict(p, **{"from": "2025-06-01",
                                                              "to": "2025-06-12"}))
            check(names_of(d["data"]["items"]).get("BOX-1") == NEW,
                  "products report before the rename %s: %s" % (p, d["data"]["items"]))
            d = get(shop, "/api/customers/" + ann, p)
            expect_names(d["data"]["topProducts"], "customer topProducts %s" % p)
        # An order's lines are its own.
        status, doc, _ = shop.request("GET", "/api/orders/" + ids["N2"]["orderID"])
        check(status == 200 and doc["data"]["items"][0]["name"] == OLD,
              "order N2's own line name: %s" % doc)
        shop.stop()
        v = shop.cli("verify", check=False)
        check(v.returncode == 0, "verify: %s %s" % (v.stdout, v.stderr))
    finally:
        shop.stop()


if __name__ == "__main__":
    main([test_every_endpoint_names_products_by_the_latest_order])

"""GET /api/client over a real server: each key sees its own client (name, zone, currency,
segment settings), its own role, and the client's local date now."""
import datetime
import zoneinfo

from harness import Shop, check, main

SHOP = Shop("east")
SHOP.cli("clients", "create", "--client", "east", "--name", "East Packaging Co",
         "--timezone", "Pacific/Kiritimati", "--currency", "NZD", "--vip-spend", "1234.50",
         "--vip-orders", "7", "--dormant-days", "90", "--new-days", "14")
READ = SHOP.cli("keys", "create", "--client", "east", "--role", "read").stdout \
    .strip().splitlines()[-1]
# UTC-11: always a different local date from UTC+14.
SHOP.cli("clients", "create", "--client", "west", "--timezone", "Pacific/Pago_Pago")
WEST = SHOP.cli("keys", "create", "--client", "west", "--role", "read").stdout \
    .strip().splitlines()[-1]


def local_today(zone: str) -> set:
    """The zone's date now; both sides of a midnight that passes during the request."""
    now = datetime.datetime.now(zoneinfo.ZoneInfo(zone))
    later = now + datetime.timedelta(seconds=5)
    return {now.date().isoformat(), later.date().isoformat(),
            (now - datetime.timedelta(seconds=5)).date().isoformat()}


def admin_key_sees_its_client() -> None:
    st, doc, _ = SHOP.request("GET", "/api/client")
    check(st == 200, "status %s %s" % (st, doc))
    d = doc["data"]
    check(d["clientID"] == "east" and d["name"] == "East Packaging Co", d)
    check(d["timezone"] == "Pacific/Kiritimati" and d["currency"] == "NZD", d)
    check(d["role"] == "admin", d)
    check(d["today"] in local_today("Pacific/Kiritimati"), "today %s" % d["today"])
    check(d["segmentSettings"] == {"vipSpend": 1234.5, "vipOrders": 7, "dormantDays": 90,
                                   "newDays": 14}, d["segmentSettings"])
    check({"cacheHit", "source", "responseTimeMs"} <= set(doc["meta"]), doc["meta"])


def read_key_is_read() -> None:
    st, doc, _ = SHOP.request("GET", "/api/client", key=READ)
    check(st == 200 and doc["data"]["role"] == "read", doc)
    check(doc["data"]["clientID"] == "east", doc)


def other_client_sees_its_own_date() -> None:
    st, doc, _ = SHOP.request("GET", "/api/client", key=WEST)
    check(st == 200, doc)
    d = doc["data"]
    check(d["clientID"] == "west" and d["name"] == "west", d)  # no name set: the id
    check(d["timezone"] == "Pacific/Pago_Pago" and d["currency"] == "AUD", d)
    check(d["today"] in local_today("Pacific/Pago_Pago"), "today %s" % d["today"])
    _, east, _ = SHOP.request("GET", "/api/client")
    check(east["data"]["today"] > d["today"], "east %s, west %s" % (east["data"]["today"], d["today"]))
    check(d["segmentSettings"] == {"vipSpend": 5000, "vipOrders": 10, "dormantDays": 180,
                                   "newDays": 30}, d["segmentSettings"])


def errors() -> None:
    st, doc, _ = SHOP.request("GET", "/api/client", key=None)
    check(st == 401 and doc["error"]["code"] == "unauthorized", doc)
    st, doc, hdr = SHOP.request("POST", "/api/client", body={})
    check(st == 405 and "GET" in hdr.get("Allow", ""), (st, hdr))


if __name__ == "__main__":
    SHOP.start()
    try:
        main([admin_key_sees_its_client, read_key_is_read, other_client_sees_its_own_date, errors])
    finally:
        SHOP.stop()

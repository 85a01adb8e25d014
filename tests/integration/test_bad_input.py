"""Garbage, truncated, deeply nested and huge bodies each get a 4xx with a reason, and
the server keeps serving other clients meanwhile; slow clients are dropped."""
import json
import socket
import threading
import time

from harness import Shop, check, main, order

SHOP = Shop()


def reason_of(doc) -> str:
    return (doc or {}).get("error", {}).get("message", "")


def bad_bodies_get_4xx() -> None:
    cases = [
        ("garbage", b"\x00\xff\xfe garbage", 400, "invalid_json"),
        ("truncated", b'{"orderReference": "X", ', 400, "invalid_json"),
        ("nested", b'{"a":' * 10000 + b"1" + b"}" * 10000, 400, "invalid_json"),
        ("array", b"[1,2,3]", 400, "invalid_json"),
        ("huge", b'{"x": "' + b"y" * (2 << 20) + b'"}', 413, "payload_too_large"),
        ("invalid_utf8", b'{"orderReference": "\xc3\x28"}', 400, "invalid_json"),
    ]
    for name, raw, want, code in cases:
        status, doc, _ = SHOP.request("POST", "/admin/contacts/import", raw=raw)
        check(status == want, "%s: status %s, want %s" % (name, status, want))
        check((doc or {}).get("error", {}).get("code") == code, "%s: code %s" % (name, doc))
        check(reason_of(doc), "%s: no reason" % name)


def validation_names_every_field() -> None:
    bad = order("BAD-1", email="nope", total="12.345")
    bad["items"] = [{"code": "A", "quantity": 0, "unitPrice": "1.00"}]
    status, doc, _ = SHOP.request("POST", "/admin/contacts/import", bad)
    check(status == 422, "status %s" % status)
    paths = {d["path"] for d in doc["error"]["details"]}
    check({"/customer/email", "/total", "/items/0/quantity"} <= paths, "paths %s" % paths)


def money_strings_are_exact() -> None:
    """api.md: a leading or trailing space, three decimals or a sign: 422 at the path."""
    for i, (field, value) in enumerate([("total", " 10.00"), ("total", "10.00 "), ("total", "10.005"),
                                        ("total", "-0.00"), ("total", "+10.00"), ("shipping", " 1.00")]):
        o = order("MONEY-%d" % i)
        o[field] = value
        status, doc, _ = SHOP.request("POST", "/admin/contacts/import", o)
        paths = [d["path"] for d in (doc or {}).get("error", {}).get("details", [])]
        check(status == 422 and paths == ["/" + field], "%s %r: %s %s" % (field, value, status, paths))
    status, doc, _ = SHOP.request("POST", "/admin/contacts/import", {"orders": [order("MONEY-OK", total="$10.00")]})
    check(status == 200, "a plain $10.00 still imports: %s %s" % (status, doc))


def others_served_during_slow_and_bad_clients() -> None:
    # a slow client that drips a header and never finishes
    slow = socket.create_connection(("127.0.0.1", SHOP.port))
    slow.sendall(b"POST /admin/contacts/import HTTP/1.1\r\nHost: x\r\n")
    errors = []

    def hammer() -> None:
        for i in range(20):
            s, _, _ = SHOP.request("POST", "/admin/contacts/import", raw=b"{{{{")
            if s != 400:
                errors.append(s)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    status, _, _ = SHOP.request("POST", "/admin/contacts/import", order("GOOD-1"))
    check(status == 200, "good import while others misbehave: %s" % status)
    status, doc, _ = SHOP.request("GET", "/api/orders?search=GOOD-1")
    check(status == 200 and doc["meta"]["total"] == 1, "read back: %s" % doc)
    for t in threads:
        t.join()
    check(not errors, "unexpected statuses %s" % errors)
    # the slow client is dropped after the read timeout (2 s in this test)
    slow.settimeout(10)
    t0 = time.monotonic()
    data = slow.recv(100)
    check(time.monotonic() - t0 < 9, "slow client not dropped")
    check(data == b"" or data.startswith(b"HTTP/1.1 4"), "slow client got %r" % data[:40])
    slow.close()


if __name__ == "__main__":
    SHOP.start("--read-timeout", "2")
    try:
        main([bad_bodies_get_4xx, validation_names_every_field, money_strings_are_exact,
              others_served_during_slow_and_bad_clients])
    finally:
        SHOP.stop()

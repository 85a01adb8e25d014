"""Failed authentication is slowed per client address over real HTTP: 20 wrong keys get
401, then 429 with Retry-After (no store look-up), refilling over time; the misses and the
429s are counted in /metrics; a valid key from the same address is never slowed."""
import time

from harness import Shop, check, main

SHOP = Shop("throttle")


def metric(name: str) -> float:
    for line in SHOP.metrics_text().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError("no %s in /metrics" % name)


def wrong_keys_then_429() -> None:
    unused = SHOP.cli("keys", "create", "--client", "throttle", "--role", "read").stdout \
        .strip().splitlines()[-1]
    status, _, _ = SHOP.request("GET", "/api/client")
    check(status == 200, "valid key before: %s" % status)
    failures0 = metric("packprod_auth_failures_total")
    for i in range(20):
        status, doc, _ = SHOP.request("GET", "/api/orders", key="pp_wrong_%d" % i)
        check(status == 401 and doc["error"]["code"] == "unauthorized", "miss %d: %s" % (i, status))
    status, doc, headers = SHOP.request("GET", "/api/orders", key="pp_wrong_20")
    check(status == 429, "21st miss: %s %s" % (status, doc))
    check(doc["error"]["code"] == "too_many_requests", "code %s" % doc)
    wait = int(headers.get("Retry-After", "0"))
    check(1 <= wait <= 5, "Retry-After %r" % headers.get("Retry-After"))
    for _ in range(30):  # stays throttled, even for keys that might be right
        status, _, _ = SHOP.request("POST", "/admin/contacts/import", {}, key="pp_guess")
        check(status == 429, "throttled guess: %s" % status)
    # Valid keys are never slowed: the one in use, and one never used before.
    status, _, _ = SHOP.request("GET", "/api/client")
    check(status == 200, "valid key while throttled: %s" % status)
    status, doc, _ = SHOP.request("GET", "/api/client", key=unused)
    check(status == 200, "unused valid key while throttled: %s %s" % (status, doc))
    check(metric("packprod_auth_failures_total") - failures0 == 20, "failures counted")
    check(metric("packprod_auth_throttled_total") >= 31, "429s counted")
    # A token comes back after Retry-After: one more try, then 429 again.
    time.sleep(wait + 0.2)
    status, _, _ = SHOP.request("GET", "/api/orders", key="pp_wrong_again")
    check(status == 401, "after Retry-After: %s" % status)
    status, _, _ = SHOP.request("GET", "/api/orders", key="pp_wrong_again")
    check(status == 429, "then throttled again: %s" % status)


def missing_key_is_not_a_miss() -> None:
    before = metric("packprod_auth_failures_total")
    for _ in range(3):
        status, _, _ = SHOP.request("GET", "/api/orders", key=None)
        check(status == 401, "no key: %s" % status)
    check(metric("packprod_auth_failures_total") == before, "a missing key counted as a miss")


if __name__ == "__main__":
    SHOP.start()
    try:
        main([missing_key_is_not_a_miss, wrong_keys_then_429])
    finally:
        SHOP.stop()

"""Shop platform webhooks end to end over real HTTP against `packprod serve`: every example
payload (tests/fixtures/webhooks) signed with the client's secret, forged and unsigned
deliveries (401, counted), WooCommerce's ping, a retried Shopify delivery counted once,
deletes by platform id, an unmappable order queued with its raw JSON, the order in the
customer's metrics and on /api/events within a second, the same order by e-mail and by
webhook as one order, and `packprod webhooks list|revoke`."""
import base64
import hashlib
import hmac
import json
import os
import re
import socket
import time

from harness import Shop, check, main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "webhooks")
EMAILS = os.path.join(ROOT, "tests", "fixtures", "email")

SHOP = Shop("hookco")
SECRETS = {}


def fixture(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def deliver(platform: str, topic: str, body: bytes, secret: str | None = None,
            delivery: str | None = None, client: str | None = None, signature: str | None = None):
    secret = secret if secret is not None else SECRETS[platform]
    sig = signature if signature is not None else sign(secret, body)
    if platform == "woocommerce":
        h = {"X-WC-Webhook-Topic": topic, "X-WC-Webhook-Signature": sig,
             "X-WC-Webhook-Source": "https://shop.example/"}
        if delivery:
            h["X-WC-Webhook-Delivery-ID"] = delivery
    else:
        h = {"X-Shopify-Topic": topic, "X-Shopify-Hmac-Sha256": sig,
             "X-Shopify-Shop-Domain": "hookco.myshopify.com"}
        if delivery:
            h["X-Shopify-Webhook-Id"] = delivery
    if signature == "":
        h.pop("X-WC-Webhook-Signature", None)
        h.pop("X-Shopify-Hmac-Sha256", None)
    return SHOP.request("POST", "/webhooks/%s/%s" % (platform, client or SHOP.client), raw=body,
                        key=None, headers=h)


def metric(platform: str, outcome: str) -> float:
    text = SHOP.metrics_text()
    pat = r'packprod_webhook_deliveries_total\{platform="%s",outcome="%s"\} (\S+)' % (
        platform, outcome)
    m = re.search(pat, text)
    return float(m.group(1)) if m else 0.0


def order_by_ref(ref: str):
    status, doc, _ = SHOP.request("GET", "/api/orders?search=%s&limit=50" % ref)
    check(status == 200, "orders search %s" % status)
    hits = [o for o in doc["data"] if o["orderReference"] == ref]
    return hits[0] if hits else None


def forged_and_unsigned_are_401_and_counted() -> None:
    body = fixture("woocommerce-guest.json")
    before = metric("woocommerce", "unauthorized")
    status, doc, headers = deliver("woocommerce", "order.created", body, secret="not-the-secret")
    check(status == 401 and doc["error"]["code"] == "unauthorized", "forged: %s %s" % (status, doc))
    status, _, _ = deliver("woocommerce", "order.created", body, signature="")
    check(status == 401, "unsigned: %s" % status)
    # A signature of another body (a replayed header on a changed order).
    status, _, _ = deliver("woocommerce", "order.created", body,
                           signature=sign(SECRETS["woocommerce"], body + b" "))
    check(status == 401, "signature of another body: %s" % status)
    status, _, _ = deliver("shopify", "orders/create", fixture("shopify-guest.json"),
                           client="nosuchclient")
    check(status == 401, "unknown client: %s" % status)
    check(metric("woocommerce", "unauthorized") == before + 3, "401s counted")
    check(order_by_ref("1043") is None, "nothing written by a forged delivery")


def woocommerce_ping_answers_200() -> None:
    status, doc, _ = SHOP.request("POST", "/webhooks/woocommerce/%s" % SHOP.client,
                                  raw=b"webhook_id=17", key=None,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(status == 200 and doc["data"]["result"] == "ping", "ping: %s %s" % (status, doc))


def every_example_is_imported_or_queued() -> None:
    expected = {
        "woocommerce-guest.json": ("1043", "processing", 119.02),
        "woocommerce-company-variable.json": ("1044", "completed", 67.5),
        "woocommerce-refunded.json": ("1045", "refunded", 33.0),
        "woocommerce-cancelled.json": ("1046", "cancelled", 17.55),
        "shopify-guest.json": ("1001", "pending", 42.85),
        "shopify-customer.json": ("1002", "completed", 117.0),
        "shopify-refunded.json": ("1003", "refunded", 33.0),
        "shopify-cancelled.json": ("1004", "cancelled", 7.98),
    }
    for name, (ref, status_, total) in expected.items():
        platform = name.split("-")[0]
        topic = "order.created" if platform == "woocommerce" else "orders/create"
        status, doc, _ = deliver(platform, topic, fixture(name), delivery="d-" + name)
        check(status == 200, "%s: %s %s" % (name, status, doc))
        check(doc["data"]["result"] == "imported", "%s: %s" % (name, doc))
        check(doc["data"]["orderReference"] == ref, "%s reference %s" % (name, doc))
        o = order_by_ref(ref)
        check(o is not None, "%s listed" % name)
        check(o["status"] == status_ and o["total"] == total, "%s as listed: %s" % (name, o))
    status, doc, _ = SHOP.request("GET", "/api/orders/%s" % order_by_ref("1044")["orderID"])
    full = doc["data"]
    check(full["customer"]["company"] == "Bright Bakery Pty Ltd", "company %s" % full)
    check(sorted(i["code"] for i in full["items"]) == ["PM-L", "woo-product-77"], full["items"])
    check(full["source"] == "woocommerce", full["source"])
    # Another currency than the shop's: verified, not importable -> queued, 200.
    for platform, name, ref in (("woocommerce", "woocommerce-usd.json", "1047"),
                                ("shopify", "shopify-nzd.json", "1005")):
        topic = "order.created" if platform == "woocommerce" else "orders/create"
        status, doc, _ = deliver(platform, topic, fixture(name))
        check(status == 200 and doc["data"]["result"] == "failed", "%s: %s" % (name, doc))
        check(doc["data"]["field"] == "/currency", "%s field %s" % (name, doc))
        check(order_by_ref(ref) is None, "%s not imported" % name)
        status, f, _ = SHOP.request("GET", "/api/ingest/failures/%d" % doc["data"]["failureID"])
        check(status == 200 and json.loads(f["data"]["raw"]) == json.loads(fixture(name)),
              "%s queued with its raw JSON" % name)
        check(f["data"]["source"] == "webhook:" + platform, f["data"]["source"])
    # A body that verifies but is not JSON: queued as well.
    status, doc, _ = deliver("shopify", "orders/create", b"{not json")
    check(status == 200 and doc["data"]["result"] == "failed" and doc["data"]["field"] == "body",
          "not JSON: %s" % doc)
    # A topic that is not about orders is acknowledged and ignored.
    status, doc, _ = deliver("woocommerce", "product.updated", b'{"id": 5}')
    check(status == 200 and doc["data"]["result"] == "ignored", "other topic: %s" % doc)


def a_retried_delivery_counts_once() -> None:
    body = json.loads(fixture("shopify-customer.json"))
    body["fulfillment_status"] = None  # an update: paid, not yet shipped
    raw = json.dumps(body).encode()
    before = metric("shopify", "duplicate")
    status, doc, _ = deliver("shopify", "orders/updated", raw, delivery="retry-1")
    check(status == 200 and doc["data"]["import"] == "updated", "first: %s" % doc)
    seq = doc["data"]["seq"]
    status, doc, _ = deliver("shopify", "orders/updated", raw, delivery="retry-1")
    check(status == 200 and doc["data"]["result"] == "duplicate", "retry: %s" % doc)
    check("seq" not in doc["data"], "the retry wrote nothing: %s" % doc)
    check(metric("shopify", "duplicate") == before + 1, "duplicate counted")
    check(order_by_ref("1002")["status"] == "paid", "status after the update")
    status, doc, _ = SHOP.request("GET", "/api/orders?limit=500")
    refs = [o["orderReference"] for o in doc["data"]]
    check(len(refs) == len(set(refs)), "no order twice: %s" % refs)
    check(seq > 0, "seq")


def deletes_remove_the_order() -> None:
    for platform, topic, name, ref in (("woocommerce", "order.deleted", "woocommerce-deleted.json",
                                        "1046"),
                                       ("shopify", "orders/delete", "shopify-delete.json", "1004")):
        o = order_by_ref(ref)
        check(o is not None, "%s there before" % ref)
        status, doc, _ = deliver(platform, topic, fixture(name))
        check(status == 200 and doc["data"]["result"] == "removed", "%s: %s" % (name, doc))
        check(doc["data"]["orderID"] == o["orderID"], "the same order removed")
        status, _, _ = SHOP.request("GET", "/api/orders/%s" % o["orderID"])
        check(status == 404, "%s gone: %s" % (ref, status))
        status, doc, _ = deliver(platform, topic, fixture(name))
        check(status == 200 and doc["data"]["result"] == "ignored", "again: %s" % doc)


class Events:
    """A raw reader of GET /api/events."""

    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", SHOP.port), timeout=5)
        self.sock.sendall(("GET /api/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n\r\n"
                           % SHOP.key).encode())
        self.buf = b""
        self.read_until(b": connected", 5)

    def read_until(self, needle: bytes, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while needle not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False
            if not chunk:
                return False
            self.buf += chunk
        return True


def shows_in_metrics_and_events_within_a_second() -> None:
    events = Events()
    body = json.loads(fixture("woocommerce-guest.json"))
    body.update({"id": 2001, "number": "2001", "date_created_gmt": "2025-10-23T01:00:00"})
    body["billing"]["email"] = "fresh.buyer@example.com"
    raw = json.dumps(body).encode()
    start = time.monotonic()
    status, doc, _ = deliver("woocommerce", "order.created", raw, delivery="fresh-1")
    check(status == 200 and doc["data"]["result"] == "imported", "fresh: %s" % doc)
    order_id = doc["data"]["orderID"]
    check(events.read_until(order_id.encode(), 1.0), "order event within 1 s")
    found = None
    while time.monotonic() - start < 1.0 and found is None:
        status, d, _ = SHOP.request("GET", "/api/customers?search=fresh.buyer")
        hits = [c for c in d["data"] if c["email"] == "fresh.buyer@example.com"]
        if hits and hits[0]["orderCount"] == 1:
            found = hits[0]
        else:
            time.sleep(0.02)
    check(found is not None, "in the customer's metrics within 1 s")
    check(found["totalSpend"] == 119.02 and found["lastOrderReference"] == "2001", found)


def the_same_order_by_email_and_webhook_is_one() -> None:
    expected = json.load(open(os.path.join(EMAILS, "shopify-alternative.json"), encoding="utf-8"))
    ref = expected["order"]["orderReference"]
    email = expected["order"]["customer"]["email"]
    shop = Shop("mailhook")
    p = shop.cli("ingest-email", os.path.join(EMAILS, "shopify-alternative.eml"), "--client",
                 shop.client, check=False)
    check(p.returncode == 0, "ingest-email: %s %s" % (p.stdout, p.stderr))
    secret = shop.cli("webhooks", "create", "--client", shop.client, "--platform", "shopify") \
        .stdout.strip().splitlines()[-1]
    shop.start()
    try:
        body = json.loads(fixture("shopify-guest.json"))
        body.update({"name": "#" + ref, "email": email, "id": 77})
        raw = json.dumps(body).encode()
        status, doc, _ = shop.request("POST", "/webhooks/shopify/" + shop.client, raw=raw, key=None,
                                      headers={"X-Shopify-Topic": "orders/updated",
                                               "X-Shopify-Hmac-Sha256": sign(secret, raw)})
        check(status == 200 and doc["data"]["result"] == "imported", "webhook: %s" % doc)
        check(doc["data"]["import"] == "updated", "the e-mail's order updated: %s" % doc)
        status, doc, _ = shop.request("GET", "/api/orders?limit=10")
        check([o["orderReference"] for o in doc["data"]] == [ref], "one order: %s" % doc["data"])
    finally:
        shop.stop()


def a_queued_order_replays_after_the_fix() -> None:
    status, doc, _ = SHOP.request("GET", "/api/ingest/failures?limit=100")
    entry = [f for f in doc["data"] if f["messageID"] == "woocommerce-order:1047"]
    check(len(entry) == 1, "the USD order queued once: %s" % doc["data"])
    fid = entry[0]["id"]
    p = SHOP.cli("emails", "replay", str(fid), "--client", SHOP.client, check=False)
    check(p.returncode == 1 and "still failing at /currency" in p.stdout, "still USD: %s" % p.stdout)
    status, doc, _ = SHOP.request("GET", "/api/ingest/failures?limit=100")
    check(sum(f["messageID"] == "woocommerce-order:1047" for f in doc["data"]) == 1,
          "still one entry: %s" % doc["data"])
    SHOP.cli("clients", "create", "--client", SHOP.client, "--currency", "USD")
    try:
        p = SHOP.cli("emails", "replay", str(fid), "--client", SHOP.client, check=False)
        check(p.returncode == 0 and "imported" in p.stdout, "replayed: %s %s" % (p.stdout, p.stderr))
        check(order_by_ref("1047") is not None, "imported after the fix")
        status, _, _ = SHOP.request("GET", "/api/ingest/failures/%d" % fid)
        check(status == 404, "the entry is cleared: %s" % status)
    finally:
        SHOP.cli("clients", "create", "--client", SHOP.client, "--currency", "AUD")


def cli_lists_without_secrets_and_revokes() -> None:
    p = SHOP.cli("webhooks", "list")
    check("/webhooks/woocommerce/hookco" in p.stdout and "/webhooks/shopify/hookco" in p.stdout,
          p.stdout)
    check(all(s not in p.stdout for s in SECRETS.values()), "no secret listed")
    p = SHOP.cli("webhooks", "create", "--client", "nobody", "--platform", "shopify", check=False)
    check(p.returncode == 2 and "no client" in p.stderr, "unknown client: %s" % p.stderr)
    p = SHOP.cli("webhooks", "create", "--client", SHOP.client, "--platform", "magento",
                 check=False)
    check(p.returncode == 2 and "--platform" in p.stderr, p.stderr)
    SHOP.cli("webhooks", "revoke", "--client", SHOP.client, "--platform", "woocommerce")
    status, _, _ = deliver("woocommerce", "order.updated", fixture("woocommerce-guest.json"))
    check(status == 401, "revoked: %s" % status)
    p = SHOP.cli("webhooks", "revoke", "--client", SHOP.client, "--platform", "woocommerce",
                 check=False)
    check(p.returncode == 2 and "no woocommerce webhook" in p.stderr, p.stderr)


if __name__ == "__main__":
    for platform in ("woocommerce", "shopify"):
        out = SHOP.cli("webhooks", "create", "--client", SHOP.client, "--platform", platform).stdout
        check("POST /webhooks/%s/%s" % (platform, SHOP.client) in out, out)
        SECRETS[platform] = out.strip().splitlines()[-1]
    SHOP.start()
    try:
        main([forged_and_unsigned_are_401_and_counted, woocommerce_ping_answers_200,
              every_example_is_imported_or_queued, a_retried_delivery_counts_once,
              deletes_remove_the_order, shows_in_metrics_and_events_within_a_second,
              the_same_order_by_email_and_webhook_is_one, a_queued_order_replays_after_the_fix,
              cli_lists_without_secrets_and_revokes])
    finally:
        SHOP.stop()

"""`packprod backfill` against a small local HTTP server that pages as the platforms
document it: WooCommerce /wp-json/wc/v3/orders (per_page, page, X-WP-Total,
X-WP-TotalPages, Basic auth with the REST key) with 10,000 orders, the backfill killed
with SIGKILL in the middle and resumed from its checkpoint without duplicates; a 429 with
Retry-After waited out; Shopify's orders.json paged by the Link header's page_info with
X-Shopify-Shop-Api-Call-Limit, the token from the environment; credentials never on the
command line."""
import base64
import json
import os
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from harness import BIN, Shop, check, main

WOO_ORDERS = 10_000
SHOPIFY_ORDERS = 1_000
KEY, SECRET, TOKEN = "ck_test_key", "cs_test_secret", "shpat_test_token"


def woo_order(i: int) -> dict:
    qty = 1 + i % 5
    total = "%d.%02d" % (qty * 3, i % 100)
    return {"id": i, "number": str(i), "status": "completed" if i % 3 else "processing",
            "currency": "AUD", "date_created_gmt": "2024-%02d-%02dT%02d:%02d:00" % (
                1 + i % 12, 1 + i % 28, i % 24, i % 60),
            "prices_include_tax": False, "customer_id": i % 400,
            "billing": {"first_name": "Buyer", "last_name": str(i % 700),
                        "email": "buyer%d@example.com" % (i % 700)},
            "line_items": [{"id": i * 10, "name": "Box %d" % (i % 37), "product_id": i % 37,
                            "variation_id": 0, "quantity": qty, "subtotal": total,
                            "subtotal_tax": "0.00", "total": total, "total_tax": "0.00",
                            "sku": "BOX-%d" % (i % 37)}],
            "shipping_total": "0.00", "shipping_tax": "0.00", "total_tax": "0.00",
            "total": total}


def shopify_order(i: int) -> dict:
    return {"id": 900000 + i, "name": "#S%d" % i, "email": "shopper%d@example.com" % (i % 90),
            "created_at": "2024-06-01T10:00:00+10:00", "currency": "AUD",
            "financial_status": "paid", "fulfillment_status": "fulfilled",
            "taxes_included": True, "subtotal_price": "5.00", "total_tax": "0.45",
            "total_price": "5.00",
            "line_items": [{"id": i, "sku": "TAG-%d" % (i % 11), "name": "Tag", "quantity": 1,
                            "price": "5.00", "discount_allocations": []}],
            "shipping_lines": []}


class Platform(BaseHTTPRequestHandler):
    woo = [woo_order(i) for i in range(1, WOO_ORDERS + 1)]
    shopify = [shopify_order(i) for i in range(1, SHOPIFY_ORDERS + 1)]
    pages = []           # WooCommerce pages asked for, in order
    throttled = set()    # pages answered 429 once
    delay = 0.0          # seconds per WooCommerce page
    calls = 0

    def log_message(self, *args):  # quiet
        pass

    def send(self, status: int, body, headers: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(data)
        except BrokenPipeError:  # the backfill was killed mid-page: that is the test
            pass

    def do_GET(self):  # noqa: N802
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/wp-json/wc/v3/orders":
            auth = self.headers.get("Authorization", "")
            if auth != "Basic " + base64.b64encode(("%s:%s" % (KEY, SECRET)).encode()).decode():
                return self.send(401, {"code": "woocommerce_rest_cannot_view"}, {})
            per_page, page = int(q.get("per_page", 10)), int(q.get("page", 1))
            if per_page > 100 or q.get("orderby") != "date" or q.get("order") != "asc":
                return self.send(400, {"code": "rest_invalid_param"}, {})
            if page == 7 and page not in Platform.throttled:
                Platform.throttled.add(page)
                return self.send(429, {"code": "too_many_requests"}, {"Retry-After": "0.2"})
            Platform.pages.append(page)
            time.sleep(Platform.delay)
            rows = Platform.woo[(page - 1) * per_page: page * per_page]
            total_pages = (len(Platform.woo) + per_page - 1) // per_page
            return self.send(200, rows, {"X-WP-Total": str(len(Platform.woo)),
                                         "X-WP-TotalPages": str(total_pages)})
        if url.path.startswith("/admin/api/2024-10/"):
            if self.headers.get("X-Shopify-Access-Token") != TOKEN:
                return self.send(401, {"errors": "Invalid API key or access token"}, {})
            Platform.calls += 1
            limit_header = {"X-Shopify-Shop-Api-Call-Limit": "%d/40" % min(40, Platform.calls)}
            if url.path.endswith("/orders/count.json"):
                return self.send(200, {"count": len(Platform.shopify)}, limit_header)
            if url.path.endswith("/orders.json"):
                limit = int(q.get("limit", 50))
                if "page_info" in q:
                    if set(q) - {"page_info", "limit"}:
                        return self.send(400, {"errors": "page_info takes only limit"}, {})
                    start = int(base64.b64decode(q["page_info"]).decode())
                else:
                    if q.get("status") != "any":
                        return self.send(400, {"errors": "status"}, {})
                    start = 0
                rows = Platform.shopify[start:start + limit]
                headers = dict(limit_header)
                base = "http://%s/admin/api/2024-10/orders.json" % self.headers["Host"]
                links = []
                if start + limit < len(Platform.shopify):
                    cursor = base64.b64encode(str(start + limit).encode()).decode()
                    links.append('<%s?limit=%d&page_info=%s>; rel="next"' % (base, limit, cursor))
                if start > 0:
                    cursor = base64.b64encode(str(max(0, start - limit)).encode()).decode()
                    links.insert(0, '<%s?limit=%d&page_info=%s>; rel="previous"' % (base, limit,
                                                                                   cursor))
                if links:
                    headers["Link"] = ", ".join(links)
                return self.send(200, {"orders": rows}, headers)
        self.send(404, {"error": "not found"}, {})


SERVER = ThreadingHTTPServer(("127.0.0.1", 0), Platform)
threading.Thread(target=SERVER.serve_forever, daemon=True).start()
BASE = "http://127.0.0.1:%d" % SERVER.server_address[1]
SHOP = Shop("backco")


def env(**kw) -> dict:
    e = dict(os.environ)
    e.update(kw)
    return e


def woo_cmd(state: str) -> list:
    return [BIN, "backfill", "woocommerce", "--url", BASE, "--client", SHOP.client,
            "--state", state, "--db", SHOP.db]


def order_total() -> int:
    status, doc, _ = SHOP.request("GET", "/api/orders?limit=1")
    check(status == 200, "orders %s" % status)
    return doc["meta"]["total"]


def woocommerce_resumes_after_kill9() -> None:
    state = os.path.join(SHOP.tmp, "woo-state.json")
    creds = env(PACKPROD_WC_KEY=KEY, PACKPROD_WC_SECRET=SECRET)
    # No credentials: refused before any request.
    p = subprocess.run(woo_cmd(state), capture_output=True, text=True,
                       env={k: v for k, v in creds.items() if not k.startswith("PACKPROD_WC")})
    check(p.returncode == 2 and "PACKPROD_WC_KEY" in p.stderr, "no key: %s" % p.stderr)
    check(not Platform.pages, "nothing asked without credentials")
    Platform.delay = 0.03
    proc = subprocess.Popen(woo_cmd(state), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=creds)
    deadline = time.monotonic() + 240
    pages_done = 0
    while time.monotonic() < deadline and pages_done < 30:
        time.sleep(0.05)
        try:
            pages_done = json.load(open(state))["pages"]
        except (OSError, ValueError):
            pass
        if proc.poll() is not None:
            raise AssertionError("backfill ended early: %s" % (proc.communicate(),))
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    check(pages_done >= 30, "killed after %d pages" % pages_done)
    saved = json.load(open(state))
    check(not saved["done"] and saved["pages"] < 100, "interrupted: %s" % saved)
    asked_before = len(Platform.pages)
    Platform.delay = 0
    p = subprocess.run(woo_cmd(state), capture_output=True, text=True, env=creds, timeout=600)
    check(p.returncode == 0, "resumed run: %s %s" % (p.stdout, p.stderr))
    resumed_from = Platform.pages[asked_before]
    check(resumed_from == saved["nextPage"], "resumed at page %d, saved %d" % (
        resumed_from, saved["nextPage"]))
    check(7 in Platform.throttled and Platform.pages.count(7) == 1, "429 waited out")
    final = json.load(open(state))
    check(final["done"] and final["orders"] == WOO_ORDERS, "final state %s" % final)
    # A page committed but not yet recorded when killed comes again as unchanged.
    check(final["created"] + final["unchanged"] == WOO_ORDERS and final["updated"] == 0,
          "created once each: %s" % final)
    check("10000 orders in 100 pages" in p.stdout, p.stdout)
    check("resuming after" in p.stderr and "orders" in p.stderr, "progress: %s" % p.stderr[-300:])
    SHOP.start()
    try:
        check(order_total() == WOO_ORDERS, "orders in the store: %d" % order_total())
    finally:
        SHOP.stop()
    # Complete: another run says so and asks nothing.
    asked = len(Platform.pages)
    p = subprocess.run(woo_cmd(state), capture_output=True, text=True, env=creds)
    check(p.returncode == 0 and "complete" in p.stderr and len(Platform.pages) == asked,
          "a finished backfill: %s" % p.stderr)


def shopify_pages_by_link_header() -> None:
    token_file = os.path.join(SHOP.tmp, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN + "\n")
    cmd = [BIN, "backfill", "shopify", "--shop", "backco", "--base-url", BASE, "--client",
           SHOP.client, "--per-page", "100", "--state", os.path.join(SHOP.tmp, "shopify.json"),
           "--db", SHOP.db]
    p = subprocess.run(cmd + ["--credentials-file", token_file], capture_output=True, text=True,
                       timeout=600)
    check(p.returncode == 0, "shopify backfill: %s %s" % (p.stdout, p.stderr))
    check("1000 orders in 10 pages: 1000 created" in p.stdout, p.stdout)
    check("1000/1000 orders" in p.stderr, "progress with the count: %s" % p.stderr)
    # The token from the environment instead, from scratch: all unchanged.
    p = subprocess.run(cmd + ["--restart"], capture_output=True, text=True, timeout=600,
                       env=env(PACKPROD_SHOPIFY_TOKEN=TOKEN))
    check(p.returncode == 0 and "0 created, 0 updated, 1000 unchanged" in p.stdout,
          "again: %s %s" % (p.stdout, p.stderr))
    SHOP.start()
    try:
        check(order_total() == WOO_ORDERS + SHOPIFY_ORDERS, "orders %d" % order_total())
        status, doc, _ = SHOP.request("GET", "/api/orders?search=S17&limit=50")
        check(any(o["orderReference"] == "S17" and o["status"] == "completed"
                  for o in doc["data"]), "a Shopify order: %s" % doc["data"])
    finally:
        SHOP.stop()


if __name__ == "__main__":
    main([woocommerce_resumes_after_kill9, shopify_pages_by_link_header])

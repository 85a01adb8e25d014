"""The read endpoints the benchmarks time, with the same paths wherever they are used
(bench/run, bench/stores_side_by_side.py), and the wait of the scripts that serve an
existing store (bench/report_latency.py too). Python 3 standard library only."""
import datetime
import time
import urllib.parse

# In the product spec's order.
NAMES = ["customers", "customers_search", "customer", "product_orders", "orders",
         "orders_range", "overview", "sales", "products_report", "statistics", "reorders",
         "reorders_overdue", "accounts", "accounts_search"]


def discover(get_json):
    """The read endpoints, with a real contact (the top one by spend), the top product and
    the client's current 30- and 365-day date ranges. `get_json(path)` answers the parsed
    body of a GET of `path` (any key that may read)."""
    top = get_json("/api/customers?limit=1")["data"][0]["contactID"]
    code = get_json("/api/products?limit=1")["data"][0]["code"]
    today = datetime.date.fromisoformat(get_json("/api/reports/overview")["data"]["period"]["to"])
    d30 = (today - datetime.timedelta(days=29)).isoformat()
    d365 = (today - datetime.timedelta(days=364)).isoformat()
    t = today.isoformat()
    q = urllib.parse.quote
    paths = {
        "customers": "/api/customers?limit=50",
        "customers_search": "/api/customers?search=john&limit=50",
        "customer": "/api/customers/" + top,
        "product_orders": "/api/products/%s/orders?limit=50" % q(code, safe=""),
        "orders": "/api/orders?limit=50",
        "orders_range": "/api/orders?from=%s&to=%s&limit=50" % (d30, t),
        "overview": "/api/reports/overview?from=%s&to=%s" % (d30, t),
        "sales": "/api/reports/sales?from=%s&to=%s&interval=day" % (d365, t),
        "products_report": "/api/reports/products?from=%s&to=%s" % (d365, t),
        "statistics": "/api/reports/statistics",
        "reorders": "/api/reorders?limit=50",
        "reorders_overdue": "/api/reorders?status=overdue&limit=50",
        "accounts": "/api/accounts?limit=50",
        "accounts_search": "/api/accounts?search=pack&limit=50",
    }
    return [{"name": n, "path": paths[n]} for n in NAMES]


def wait_page_check(log_path):
    """Returns once serve, logging to `log_path`, has finished checking the store's pages
    at start (SQLite: PRAGMA quick_check reads the whole file, tens of seconds for a large
    store, in one snapshot): time nothing before that. Gives up after 30 minutes."""
    for _ in range(36000):
        with open(log_path) as f:
            text = f.read()
        if "quick_check" in text or "integrity" in text:
            return
        time.sleep(0.05)

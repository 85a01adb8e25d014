"""GET /metrics (key needed, Prometheus text that promtool accepts when installed),
GET /api/performance (fields, window validation, imports per client), and the logs:
JSON lines carrying the request id returned in X-Request-Id, SLOW QUERY lines."""
import http.client
import json
import os
import shutil
import subprocess
import time

from harness import Shop, check, main

SHOP = Shop("opsep")


def order(ref: str) -> dict:
    return {"orderReference": ref, "createdAt": "2025-06-01T10:00:00Z",
            "customer": {"email": "m@example.com", "name": "M"}, "total": "5.00",
            "items": [{"code": "M-1", "name": "M", "quantity": 1, "unitPrice": "5.00"}]}


def get_raw(path: str, key: str = None):
    c = http.client.HTTPConnection("127.0.0.1", SHOP.port, timeout=10)
    try:
        c.request("GET", path, headers={"Authorization": "Bearer " + key} if key else {})
        r = c.getresponse()
        return r.status, r.getheader("Content-Type"), r.read().decode()
    finally:
        c.close()


def metrics_need_a_key_and_lint() -> None:
    check(get_raw("/metrics")[0] == 401, "/metrics without a key")
    SHOP.request("POST", "/admin/contacts/import", order("M-1"))
    SHOP.request("POST", "/admin/contacts/import", {"orders": [{"bad": 1}, {"bad": 2}]})
    SHOP.request("GET", "/api/customers?limit=1")
    status, ctype, text = get_raw("/metrics", SHOP.key)
    check(status == 200, "status %s" % status)
    check(ctype.startswith("text/plain; version=0.0.4"), "content type %s" % ctype)
    for part in ('packprod_http_requests_total{route="/api/customers",method="GET",status="200"}',
                 'packprod_http_request_duration_seconds_bucket{route="/api/customers",le="+Inf"}',
                 'packprod_import_orders_total{outcome="created"} 1',
                 'packprod_import_orders_total{outcome="rejected"} 2',
                 "packprod_stream_backlog ", "process_resident_memory_bytes ",
                 "packprod_events_subscribers 0"):
        check(part in text, "no %r in /metrics" % part)
    if SHOP.db.startswith("sqlite:"):  # the writer's and the WAL checkpointer's figures
        for part in ("packprod_sqlite_writes_waiting ", "packprod_sqlite_wal_pages ",
                     "packprod_sqlite_wal_restarts_total ",
                     "# TYPE packprod_sqlite_wal_checkpoints_total counter",
                     "packprod_sqlite_view_writes_waiting ", "packprod_sqlite_views_wal_pages ",
                     "# TYPE packprod_sqlite_views_wal_restarts_total counter"):
            check(part in text, "no %r in /metrics" % part)
    exe = shutil.which("promtool")
    if exe:
        p = subprocess.run([exe, "check", "metrics"], input=text.encode(), capture_output=True)
        check(p.returncode == 0, "promtool: %s" % (p.stdout + p.stderr).decode()[:500])
    else:
        print("promtool not installed: lint skipped")


def performance_summary() -> None:
    for w in ("0m", "25h", "1d", "abc", "1.5h", ""):
        status, doc, _ = SHOP.request("GET", "/api/performance?window=" + w)
        check(status == 400 and doc["error"]["code"] == "invalid_argument",
              "window=%r: %s" % (w, status))
    SHOP.request("POST", "/admin/contacts/import", {"orders": [order("P-1"), order("P-2")]})
    status, doc, headers = SHOP.request("GET", "/api/performance?window=15m")
    check(status == 200, "status %s" % status)
    d = doc["data"]
    check(d["window"] == "15m" and d["windowMinutes"] == 15, "window %s" % d["window"])
    routes = {r["route"]: r for r in d["routes"]}
    imp = routes.get("/admin/contacts/import")
    check(imp and imp["requests"] >= 2 and imp["clientErrors"] >= 1, "import route %s" % imp)
    for r in d["routes"]:
        check(0 <= r["p50Ms"] <= r["p90Ms"] <= r["p99Ms"], "percentiles %s" % r)
    check(routes["/api/customers"]["cacheHitRate"] is not None, "cacheHitRate %s" % routes)
    # Imported orders are counted from the change log as the feed reads it, a moment after
    # the import answered: ask again for a while.
    deadline = time.monotonic() + 15
    while d["imports"]["orders"] < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
        d = SHOP.request("GET", "/api/performance?window=15m")[1]["data"]
    check(d["imports"]["orders"] >= 3, "imports %s" % d["imports"])
    st = d["stream"]
    check(st["lastAppliedSeq"] <= st["headSeq"] and st["backlog"] >= 0, "stream %s" % st)
    check(doc["meta"]["cacheHit"] is False, "meta %s" % doc["meta"])
    status, doc, _ = SHOP.request("GET", "/api/performance")
    check(status == 200 and doc["data"]["window"] == "1h", "default window")


def read_log(pred, timeout: float = 3.0) -> list:
    path = os.path.join(SHOP.tmp, "serve.log")
    deadline = time.monotonic() + timeout
    while True:
        with open(path, encoding="utf-8", errors="replace") as f:
            found = [ln for ln in f if pred(ln)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def logs_carry_the_request_id() -> None:
    status, _, headers = SHOP.request("GET", "/api/orders?limit=2",
                                      headers={"X-Request-Id": "ops-test-42"})
    check(headers.get("X-Request-Id") == "ops-test-42", "header %s" % headers)
    # A batch of 200 orders takes well over --slow-ms 1 on any machine.
    _, _, headers = SHOP.request("POST", "/admin/contacts/import",
                                 {"orders": [order("L-%d" % i) for i in range(200)]})
    generated = headers.get("X-Request-Id")
    check(generated, "no generated request id")
    lines = read_log(lambda ln: "ops-test-42" in ln)
    check(lines, "no log line with the request id")
    rec = json.loads(lines[0])
    check(rec["requestId"] == "ops-test-42" and rec["route"] == "/api/orders"
          and rec["status"] == 200, "log line %s" % lines[0])
    slow = read_log(lambda ln: "SLOW QUERY: /admin/contacts/import" in ln and generated in ln)
    check(slow, "no SLOW QUERY line for the import (--slow-ms 1)")
    check(json.loads(slow[0])["requestId"] == generated, "slow line %s" % slow[0])
    _, _, text = get_raw("/metrics", SHOP.key)
    check('packprod_http_slow_requests_total{route="/admin/contacts/import"}' in text,
          "slow requests not counted")


if __name__ == "__main__":
    SHOP.start("--log-format", "json", "--slow-ms", "1")
    try:
        main([metrics_need_a_key_and_lint, performance_summary, logs_carry_the_request_id])
    finally:
        SHOP.stop()

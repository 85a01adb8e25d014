"""/api/performance shows a client's key only that client's requests and change-log
share, never another client's routes or head; the process-wide figures stay on /metrics,
which can take its own bearer token (environment or file) or its own listener."""
import http.client
import os
import time

from harness import Shop, check, free_port, main, order

SHOP = Shop("perf-a")


def perf(key: str) -> dict:
    status, doc, _ = SHOP.request("GET", "/api/performance?window=15m", key=key)
    check(status == 200, "performance: %s %s" % (status, doc))
    return doc["data"]


def get(port: int, path: str, token: str = None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
        r = c.getresponse()
        return r.status, r.read().decode()
    finally:
        c.close()


def a_cannot_see_b() -> None:
    key_b = SHOP.cli("keys", "create", "--client", "perf-b", "--role", "admin").stdout \
        .strip().splitlines()[-1]
    status, doc, _ = SHOP.request("POST", "/admin/contacts/import",
                                  {"orders": [order("A-%d" % i) for i in range(5)]})
    check(status == 200, "import A: %s %s" % (status, doc))
    seq_a = doc["data"]["seq"]
    for _ in range(3):
        SHOP.request("GET", "/api/customers?limit=5")
    for _ in range(2):
        check(SHOP.request("GET", "/api/products", key=key_b)[0] == 200, "B reads products")
    routes_b = {r["route"]: r for r in perf(key_b)["routes"]}
    check("/api/products" in routes_b, "B's own route missing: %s" % routes_b)
    for other in ("/api/customers", "/admin/contacts/import"):
        check(other not in routes_b, "B sees A's route %s: %s" % (other, routes_b))
    routes_a = {r["route"]: r for r in perf(SHOP.key)["routes"]}
    check("/api/products" not in routes_a, "A sees B's route: %s" % routes_a)
    check(routes_a["/api/customers"]["requests"] == 3, "A's count %s" % routes_a)
    # The stream part: B has written nothing, so no seq of A's shows.
    deadline = time.monotonic() + 10
    while True:
        st_a = perf(SHOP.key)["stream"]
        if st_a["lastAppliedSeq"] >= seq_a or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    check(st_a["lastAppliedSeq"] == seq_a and st_a["headSeq"] == seq_a and st_a["backlog"] == 0,
          "A's stream %s (import seq %s)" % (st_a, seq_a))
    check(st_a["appliedEvents"] >= 5, "A's applied events %s" % st_a)
    st_b = perf(key_b)["stream"]
    check(st_b["headSeq"] == 0 and st_b["lastAppliedSeq"] == 0 and st_b["backlog"] == 0
          and st_b["appliedEvents"] == 0, "B's stream shows A's changes: %s" % st_b)
    # Everything, for the operator, on /metrics.
    status, text = get(SHOP.port, "/metrics", SHOP.key)
    check(status == 200 and 'route="/api/products"' in text and 'route="/api/customers"' in text,
          "/metrics keeps the process-wide figures")


def metrics_token_from_env_or_file() -> None:
    shop = Shop("perf-env")
    os.environ["PACKPROD_METRICS_TOKEN"] = "metrics-secret-1"
    try:
        shop.start()
    finally:
        del os.environ["PACKPROD_METRICS_TOKEN"]
    try:
        check(get(shop.port, "/metrics", shop.key)[0] == 401, "API key on /metrics with a token")
        check(get(shop.port, "/metrics")[0] == 401, "no token")
        status, text = get(shop.port, "/metrics", "metrics-secret-1")
        check(status == 200 and "packprod_http_requests_total" in text, "token: %s" % status)
        check(shop.request("GET", "/api/client")[0] == 200, "API keys still work on the API")
    finally:
        shop.stop()
    shop = Shop("perf-file")
    path = os.path.join(shop.tmp, "metrics-token")
    with open(path, "w") as f:
        f.write("from-a-file\n")
    shop.start("--metrics-token-file", path)
    try:
        check(get(shop.port, "/metrics", "from-a-file")[0] == 200, "token from the file")
        check(get(shop.port, "/metrics", "from-a-fil")[0] == 401, "a prefix of the token")
        check(get(shop.port, "/metrics", shop.key)[0] == 401, "API key with a token file")
    finally:
        shop.stop()


def metrics_on_their_own_listener() -> None:
    shop = Shop("perf-listen")
    port = free_port()
    shop.start("--metrics-listen", "127.0.0.1:%d" % port)
    try:
        status, text = get(shop.port, "/metrics", shop.key)
        check(status == 404, "/metrics on the API port: %s" % status)
        status, text = get(port, "/metrics")
        check(status == 200 and "packprod_http_requests_total" in text, "listener: %s" % status)
        check(get(port, "/api/client", shop.key)[0] == 404, "the API on the metrics listener")
    finally:
        check(shop.stop() == 0, "serve with a metrics listener did not exit 0")


if __name__ == "__main__":
    SHOP.start()
    try:
        main([a_cannot_see_b, metrics_token_from_env_or_file, metrics_on_their_own_listener])
    finally:
        SHOP.stop()

"""Errors that leave the process name the problem, not the infrastructure: with its
PostgreSQL stopped, a server answers 503 `unavailable` with a fixed message and the
request id, and /healthz `unavailable`, never a host, port or SQL (those go to the log,
with the request id). Timestamps outside the years 1970-9999 in UTC are refused with the
field's path, and nothing is written. /healthz is `degraded` (still 200) while no
processor keeps the views."""
import os
import re
import subprocess
import time
import urllib.parse

from harness import Shop, check, main, order, temp_dir

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WITH_POSTGRES = os.path.join(REPO, "scripts", "with-postgres")


def leaks(text: str, host: str, port: str) -> list:
    """Infrastructure a client must not see in `text`."""
    needles = [host, ":" + port, "port " + port, "PostgreSQL", "postgres", "SELECT", "INSERT",
               "UPDATE", "FROM ", "libpq", "connection to server", "sqlite", ".db"]
    return [n for n in needles if n.lower() in text.lower()]


def body_text(shop: Shop, method: str, path: str, body=None, key="default") -> tuple:
    status, doc, headers = shop.request(method, path, body, key=key, timeout=60)
    return status, doc, headers, repr(doc)


def postgres_stopped_answers_without_infrastructure() -> None:
    state = temp_dir("packprod-it-pg-")
    subprocess.run([WITH_POSTGRES, "--start", state], check=True, timeout=120,
                   capture_output=True)
    shop = None
    try:
        env = dict(line.strip().split("=", 1) for line in open(os.path.join(state, "env")))
        url = env["PACKPROD_PG_URL"]
        parsed = urllib.parse.urlparse(url)
        host, port = parsed.hostname, str(parsed.port)
        shop = Shop(db=url)
        shop.start()
        status, doc, _, _ = body_text(shop, "POST", "/admin/contacts/import", order("E-1"))
        check(status == 200, "import before the stop: %s %s" % (status, doc))
        subprocess.run([WITH_POSTGRES, "--stop", state], check=True, timeout=120,
                       capture_output=True)
        seen = []
        for method, path, body in (("GET", "/api/orders", None),
                                   ("GET", "/api/customers?limit=5", None),
                                   ("POST", "/admin/contacts/import", order("E-2")),
                                   ("GET", "/api/reports/overview", None)):
            status, doc, headers, text = body_text(shop, method, path, body)
            check(status == 503, "%s %s with PostgreSQL stopped: %s %s" % (method, path, status,
                                                                           text))
            check(doc["error"]["code"] == "unavailable", "%s %s: %s" % (method, path, text))
            check(not leaks(text, host, port), "%s %s leaks %s: %s" % (method, path,
                                                                       leaks(text, host, port),
                                                                       text))
            request_id = headers.get("X-Request-Id", "")
            check(request_id and request_id in doc["error"]["message"],
                  "%s %s: the message names the request id %r: %s" % (method, path, request_id,
                                                                      text))
            check(headers.get("Retry-After"), "%s %s: Retry-After" % (method, path))
            seen.append(request_id)
        status, doc, _, text = body_text(shop, "GET", "/healthz", key=None)
        check(status == 503 and doc["status"] == "unavailable", "healthz: %s %s" % (status, text))
        check(not leaks(text, host, port), "healthz leaks %s: %s" % (leaks(text, host, port),
                                                                     text))
        shop.log.flush()
        log = open(os.path.join(shop.tmp, "serve.log"), errors="replace").read()
        for request_id in seen:
            lines = [line for line in log.splitlines() if request_id in line]
            check(lines, "the log has request %s" % request_id)
        print("503 bodies and /healthz name no host, port or SQL; the log has the %d request ids"
              % len(seen), flush=True)
    finally:
        if shop:
            shop.stop()
        subprocess.run([WITH_POSTGRES, "--stop", state], timeout=120, capture_output=True)


def timestamps_outside_1970_to_9999_are_refused() -> None:
    shop = Shop()
    try:
        shop.start("--no-stream")
        for created in ("9999-12-31T23:59:59-23:59", "1969-12-31T23:59:59Z",
                        "1970-01-01T09:59:59+10:00"):
            status, doc, _ = shop.request("POST", "/admin/contacts/import",
                                          order("T-" + created, createdAt=created))
            check(status == 422, "%s: status %s %s" % (created, status, doc))
            paths = [d["path"] for d in doc["error"]["details"]]
            check(paths == ["/createdAt"], "%s: details %s" % (created, doc["error"]["details"]))
        batch = {"orders": [order("T-ok"), order("T-late", createdAt="9999-12-31T23:59:59-00:01")]}
        status, doc, _ = shop.request("POST", "/admin/contacts/import", batch)
        check(status == 422 and [d["path"] for d in doc["error"]["details"]]
              == ["/orders/1/createdAt"], "batch: %s %s" % (status, doc))
        status, doc, _ = shop.request("GET", "/api/orders")
        check(status == 200 and doc["meta"]["total"] == 0, "nothing written: %s" % doc["meta"])
        status, doc, _ = shop.request("POST", "/admin/contacts/import",
                                      order("T-edge", createdAt="9999-12-31T23:59:59+23:59"))
        check(status == 200, "the last day of 9999 with a positive offset: %s %s" % (status, doc))
        status, doc, _ = shop.request("GET", "/api/orders/" + doc["data"]["results"][0]["orderID"])
        check(status == 200 and doc["data"]["createdAt"] == "9999-12-31T00:00:59Z",
              "stored as RFC 3339: %s" % doc)
        status, doc, _ = shop.request("GET", "/api/customers?asOf=" +
                                      urllib.parse.quote("9999-12-31T23:59:59-23:59"))
        check(status == 400 and re.match("asOf", doc["error"]["message"]),
              "asOf out of range: %s %s" % (status, doc))
    finally:
        shop.stop()


def healthz_degraded_while_no_processor_keeps_the_views() -> None:
    shop = Shop()
    try:
        shop.start("--no-stream")
        status, doc, _ = shop.request("GET", "/healthz", key=None)
        check(status == 200 and doc == {"status": "ok"}, "caught up: %s %s" % (status, doc))
        status, _, _ = shop.request("POST", "/admin/contacts/import", order("H-1"))
        check(status == 200, "import: %s" % status)
        deadline = time.monotonic() + 10
        while True:
            status, doc, _ = shop.request("GET", "/healthz", key=None)
            if doc.get("status") == "degraded" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        check(status == 200 and doc["status"] == "degraded" and doc.get("reason"),
              "a backlog and no processor: %s %s" % (status, doc))
    finally:
        shop.stop()


if __name__ == "__main__":
    main([postgres_stopped_answers_without_infrastructure,
          timestamps_outside_1970_to_9999_are_refused,
          healthz_degraded_while_no_processor_keeps_the_views])

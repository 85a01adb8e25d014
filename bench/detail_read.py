#!/usr/bin/env python3
"""Latency of one customer's detail read (GET /api/customers/{id}, or with --basket its
usual basket, GET /api/customers/{id}/basket) on a running packprod:
finds the customer with the most orders (the customers list sorted by orderCount), warms
up, then sends N sequential requests over one keep-alive connection and prints the
median, p90 and p99 of the wall time per request (client side, milliseconds: request
sent to the last byte of the body read; the body is not parsed).

usage: detail_read.py --url http://127.0.0.1:8080 --key KEY [--requests 500]
                      [--contact ID] [--bypass] [--basket]
--bypass adds cache=bypass (admin key): the computation from the orders. Afterwards prints
the server's own percentiles for the route from /api/performance (start a fresh server
per run so that its window holds only this run)."""
import argparse
import http.client
import json
import statistics
import sys
import time
import urllib.parse


def get_raw(conn, key, path):
    conn.request("GET", path, headers={"Authorization": "Bearer " + key})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit("%s -> %s %s" % (path, r.status, body[:200]))
    return body


def get(conn, key, path):
    return json.loads(get_raw(conn, key, path))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--contact")
    ap.add_argument("--bypass", action="store_true")
    ap.add_argument("--basket", action="store_true")
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    contact = a.contact
    if not contact:
        top = get(conn, a.key, "/api/customers?sort=orderCount&limit=1")["data"][0]
        contact, orders = top["contactID"], top["orderCount"]
        print("heaviest customer %s: %d orders" % (contact, orders))
    route = "/api/customers/{id}" + ("/basket" if a.basket else "")
    path = ("/api/customers/" + contact + ("/basket" if a.basket else "") +
            ("?cache=bypass" if a.bypass else ""))
    doc = get(conn, a.key, path)
    print("response %s: %d bytes of JSON, %s, source %s" % (
        path, len(json.dumps(doc)),
        "%d basket rows" % len(doc["data"]) if a.basket else "customer detail",
        doc["meta"].get("source")))
    for _ in range(20):
        get_raw(conn, a.key, path)
    ms = []
    for _ in range(a.requests):  # the body is read, not parsed
        t = time.perf_counter()
        get_raw(conn, a.key, path)
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    q = lambda p: ms[min(len(ms) - 1, int(len(ms) * p / 100))]
    print("%d requests: median %.3f ms, p90 %.3f ms, p99 %.3f ms, mean %.3f ms" % (
        len(ms), statistics.median(ms), q(90), q(99), statistics.fmean(ms)))
    # The server's own figures for the route (GET /api/performance: handler time, no
    # network), over its window: this run's requests on a freshly started server.
    perf = get(conn, a.key, "/api/performance")["data"]
    for r in perf.get("routes", []):
        if r["route"] == route:
            print("server side (%d requests in the window): p50 %s ms, p90 %s ms, p99 %s ms" % (
                r["requests"], r["p50Ms"], r["p90Ms"], r["p99Ms"]))


if __name__ == "__main__":
    main()

"""`cache=bypass` (the path that computes from the orders, also the fallback when the
views are unavailable) keeps serve's memory bounded by the answer, not by the orders.

A demo shop of ORDERS orders from CONTACTS contacts (twenty orders a contact) is
imported; once the views have caught up, every read endpoint is asked once from the
views (warming every cache and pool), then once with `cache=bypass` while a sampler
reads serve's anonymous resident memory (RssAnon, /proc/PID/status) every few
milliseconds. The growth over the warmed level must stay under a bound proportional
to the contacts (a fixed allowance plus PER_CONTACT bytes a contact), which a path
that holds every order overshoots several times (one that did grew by about 230 MiB
here at 40,000 orders; streaming grows by about 26 MiB). Anonymous
memory, not VmRSS: the store's memory-mapped file pages are resident too, grow with
the file and are the kernel's to drop. No timing is asserted."""
from __future__ import annotations

import os
import threading
import time
import urllib.parse

from harness import Shop, check, main, wait_until

ORDERS = int(os.environ.get("PACKPROD_BYPASS_ORDERS") or 40000)
CONTACTS = ORDERS // 20
# bytes: what does not grow with the shop (a reader connection's page cache fills to its
# 16 MiB while it scans, the allocator's per-thread arenas, one request's buffers)
FIXED = 48 << 20
PER_CONTACT = 4 << 10  # bytes a contact may cost (its aggregate, its row in a listing)


def rss_anon(pid: int) -> int:
    """Bytes of anonymous resident memory of `pid` now."""
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("RssAnon:"):
                return int(ln.split()[1]) * 1024
    raise AssertionError("no RssAnon in /proc/%d/status" % pid)


class Sampler:
    """The highest RssAnon of a process while running, sampled every 2 ms."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_anon(self.pid))
            time.sleep(0.002)

    def __enter__(self):
        self.peak = rss_anon(self.pid)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.peak = max(self.peak, rss_anon(self.pid))


def endpoints(shop: Shop) -> list[str]:
    def data(path):
        status, doc, _ = shop.request("GET", path)
        check(status == 200, "%s -> %s %s" % (path, status, doc))
        return doc["data"]
    def caught_up():
        status, doc, _ = shop.request("GET", "/api/customers?limit=1&consistent=true")
        return status == 200 and doc["meta"]["source"] == "cache" and doc["data"]
    top = wait_until(caught_up, 600, "the views to catch up with the import")[0]["contactID"]
    code = urllib.parse.quote(data("/api/products?limit=1")[0]["code"], safe="")
    to = data("/api/reports/overview")["period"]["to"]
    year = "from=%d%s&to=%s" % (int(to[:4]) - 1, to[4:], to)
    return ["/api/customers?limit=50", "/api/customers?search=john&limit=50",
            "/api/customers/" + top, "/api/products?limit=50",
            "/api/products/%s/orders?limit=50" % code, "/api/orders?limit=50",
            "/api/reports/overview", "/api/reports/sales?interval=day&" + year,
            "/api/reports/products?" + year, "/api/reports/statistics",
            "/api/reorders?limit=50", "/api/reorders?status=overdue&limit=50"]


def test_bypass_reads_stay_within_a_bound_of_the_contacts() -> None:
    shop = Shop()
    demo = os.path.join(shop.tmp, "demo.jsonl")
    shop.cli("demo-data", "--orders", str(ORDERS), "--customers", str(CONTACTS), "--out", demo)
    shop.cli("import", demo, "--client", shop.client)
    shop.start()
    try:
        paths = endpoints(shop)
        for p in paths:  # the views' answers: caches, pools and connections warmed
            status, doc, _ = shop.request("GET", p, timeout=300)
            check(status == 200, "%s -> %s %s" % (p, status, doc))
        base = rss_anon(shop.proc.pid)
        with Sampler(shop.proc.pid) as s:
            for p in paths:
                sep = "&" if "?" in p else "?"
                status, doc, _ = shop.request("GET", p + sep + "cache=bypass", timeout=300)
                check(status == 200, "%s bypass -> %s %s" % (p, status, doc))
                check(doc["meta"]["source"] == "orders", "%s bypass meta %s" % (p, doc["meta"]))
        bound = FIXED + PER_CONTACT * CONTACTS
        grew = s.peak - base
        print("orders %d, contacts %d: RssAnon %.1f MiB warmed, peak %.1f MiB during the "
              "bypass reads (+%.1f MiB, bound %.1f MiB)" % (
                  ORDERS, CONTACTS, base / 2**20, s.peak / 2**20, grew / 2**20, bound / 2**20))
        check(grew <= bound, "bypass reads grew RssAnon by %.1f MiB, over the bound %.1f MiB"
              % (grew / 2**20, bound / 2**20))
    finally:
        shop.stop()


if __name__ == "__main__":
    main([test_bypass_reads_stay_within_a_bound_of_the_contacts])

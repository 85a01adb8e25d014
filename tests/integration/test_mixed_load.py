"""32 connections of mixed reads and writes: no 5xx and no lost write. Each connection is
a keep-alive client that imports batches of new orders, changes earlier ones and reads
every kind of endpoint (lists, point reads, search, reports, consistent reads) in a
random mix; afterwards every acknowledged order is there with its last status and
`packprod verify` finds the views exact.

MIXED_SECONDS sets the duration (default 10; docs/targets.md's reliability run is 60)."""
import http.client
import json
import os
import random
import threading
import time
import urllib.parse

from harness import Shop, check, main, order

SECONDS = float(os.environ.get("MIXED_SECONDS", "10"))
CONNECTIONS = 32
READS = ["/api/orders?limit=50", "/api/customers?limit=50&sort=totalSpend",
         "/api/customers?search=c1", "/api/products", "/api/reports/overview",
         "/api/reports/sales?from=2025-01-01&to=2025-12-31&groupBy=month",
         "/api/reports/statistics", "/api/customers?limit=5&consistent=true"]


class Client:
    def __init__(self, shop: Shop):
        self.shop = shop
        self.conn = http.client.HTTPConnection("127.0.0.1", shop.port, timeout=30)

    def call(self, method: str, path: str, body=None):
        headers = {"Authorization": "Bearer " + self.shop.key, "Content-Type": "application/json"}
        data = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        text = r.read()
        return r.status, (json.loads(text) if text else None)


def mixed_reads_and_writes() -> None:
    shop = Shop()
    shop.start()
    acknowledged = {}
    errors = []
    statuses = {}
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def worker(w: int) -> None:
        rng = random.Random(w)
        c = Client(shop)
        mine, n = [], 0
        while time.monotonic() < stop:
            roll = rng.random()
            if roll < 0.3:
                refs = ["M-W%d-%05d" % (w, n + i) for i in range(rng.randint(1, 50))]
                n += len(refs)
                batch = [(r, "completed") for r in refs]
                batch += [(r, rng.choice(["pending", "refunded", "completed"]))
                          for r in rng.sample(mine, min(len(mine), 5))]
                body = {"orders": [order(r, email="c%d@example.com" % (hash(r) % 40), status=s,
                                         total="%d.%02d" % (rng.randint(1, 900), rng.randint(0, 99)))
                                   for r, s in batch]}
                status, _ = c.call("POST", "/admin/contacts/import", body)
                if status == 200:
                    with lock:
                        acknowledged.update(batch)
                    mine.extend(refs)
            elif roll < 0.4 and mine:
                ref = rng.choice(mine)
                status, _ = c.call("GET", "/api/orders?search=" + urllib.parse.quote(ref))
            else:
                status, _ = c.call("GET", rng.choice(READS))
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 500:
                    errors.append(status)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("responses by status: %s; %d orders acknowledged" % (statuses, len(acknowledged)))
    check(not errors, "%d responses were 5xx: %s" % (len(errors), sorted(set(errors))))
    check(len(acknowledged) > 0, "no write was acknowledged")

    found, cursor = {}, None
    while True:
        status, doc, _ = shop.request("GET", "/api/orders?limit=500" +
                                      ("&cursor=" + cursor if cursor else ""))
        check(status == 200, "list orders: %s" % status)
        found.update((o["orderReference"], o["status"]) for o in doc["data"])
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            break
    lost = [r for r, s in acknowledged.items() if found.get(r) != s]
    check(not lost, "%d acknowledged writes lost, e.g. %s" % (len(lost), lost[:3]))
    check(shop.stop() == 0, "SIGTERM exit status")
    verify = shop.cli("verify", check=False)
    check(verify.returncode == 0, "verify: %s%s" % (verify.stdout[-2000:], verify.stderr[-2000:]))


if __name__ == "__main__":
    main([mixed_reads_and_writes])

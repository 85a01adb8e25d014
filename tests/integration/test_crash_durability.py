"""A crash loses no acknowledged order and leaves no view wrong: SIGKILL the server (and
the stream processor inside it) at random moments while several clients import new
orders, re-post earlier ones (duplicates) and change their status; restart it each time.
At the end every order whose import was answered 200 is there with its last acknowledged
status, re-posting them all changes nothing, and `packprod verify` finds no difference
between the views and the orders.

CRASH_ROUNDS sets the number of kills (default 5; docs/targets.md's reliability run is 20),
CRASH_SEED the random seed (default: a fresh one, printed so a failure can be replayed)."""
import os
import random
import threading
import time
import zlib

from harness import Shop, check, main, order

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "5"))
SEED = int(os.environ.get("CRASH_SEED", str(random.randrange(1 << 30))))
STATUSES = ["completed", "pending", "processing", "refunded", "cancelled"]


def email_of(ref: str) -> str:
    return "c%d@example.com" % (zlib.crc32(ref.encode()) % 13)


def list_orders(shop: Shop) -> dict:
    found = {}
    cursor = None
    while True:
        path = "/api/orders?limit=500" + ("&cursor=" + cursor if cursor else "")
        status, doc, _ = shop.request("GET", path)
        check(status == 200, "list orders: %s" % status)
        found.update((o["orderReference"], o["status"]) for o in doc["data"])
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            return found


def crash_during_imports() -> None:
    print("CRASH_SEED=%d CRASH_ROUNDS=%d" % (SEED, ROUNDS))
    rng = random.Random(SEED)
    shop = Shop()
    acknowledged = {}  # reference -> the status of its last acknowledged import
    in_doubt = set()   # sent without an answer: present or not, but never half written
    lock = threading.Lock()
    for round_no in range(ROUNDS):
        shop.start()
        stop = threading.Event()

        def writer(w: int, seed: int) -> None:
            wr = random.Random(seed)
            n = 0
            while not stop.is_set():
                refs = ["R%d-W%d-%05d-%d" % (round_no, w, n, i) for i in range(wr.randint(1, 60))]
                n += 1
                # Only this writer re-posts its own orders, so the order of its answers
                # is the order of its commits.
                with lock:
                    mine = sorted(r for r in acknowledged if "-W%d-" % w in r)
                old = wr.sample(mine, min(len(mine), 10))
                batch = [(r, "completed") for r in refs] + \
                        [(r, wr.choice(STATUSES)) for r in old]
                body = {"orders": [order(r, email=email_of(r), status=s)
                                   for r, s in batch]}
                with lock:
                    in_doubt.update(r for r, _ in batch)
                try:
                    status, _, _ = shop.request("POST", "/admin/contacts/import", body, timeout=10)
                except OSError:
                    return
                if status == 200:
                    with lock:
                        acknowledged.update(batch)
                        in_doubt.difference_update(r for r, _ in batch)

        threads = [threading.Thread(target=writer, args=(w, rng.randrange(1 << 30)))
                   for w in range(4)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.2, 2.0))
        shop.kill9()
        stop.set()
        for t in threads:
            t.join()

    shop.start()
    found = list_orders(shop)
    print("%d orders acknowledged, %d in doubt, %d found" % (len(acknowledged), len(in_doubt),
                                                              len(found)))
    check(len(acknowledged) > 0, "no import was acknowledged")
    missing = [r for r in acknowledged if r not in found]
    check(not missing, "%d acknowledged orders lost, e.g. %s" % (len(missing), missing[:3]))
    wrong = [(r, s, found[r]) for r, s in acknowledged.items()
             if r not in in_doubt and found[r] != s]
    check(not wrong, "%d orders lost their last acknowledged status, e.g. %s"
          % (len(wrong), wrong[:3]))

    # The same orders posted again are counted once: nothing is created.
    refs = sorted(r for r in acknowledged if r not in in_doubt)
    for i in range(0, len(refs), 500):
        body = {"orders": [order(r, email=email_of(r),
                                 status=found[r]) for r in refs[i:i + 500]]}
        status, doc, _ = shop.request("POST", "/admin/contacts/import", body)
        check(status == 200, "re-post: %s" % status)
        check(doc["data"]["created"] == 0, "re-post created %s orders" % doc["data"]["created"])
    check(len(list_orders(shop)) == len(found), "re-posting changed the order count")

    status, _, _ = shop.request("GET", "/api/customers?limit=1&consistent=true")
    check(status == 200, "consistent read: %s" % status)
    check(shop.stop() == 0, "SIGTERM exit status")
    verify = shop.cli("verify", check=False)
    check(verify.returncode == 0, "verify found differences after the crashes:\n%s%s"
          % (verify.stdout[-2000:], verify.stderr[-2000:]))


if __name__ == "__main__":
    main([crash_during_imports])

"""Concurrent overlapping imports are exact on either store (PACKPROD_TEST_STORE): 50
import requests sent at the same moment, their batches overlapping (the same orders and
the same 37 contacts in several batches, as retries and duplicate e-mails make them), to
one `serve` and to two `serve` instances on one store. Every request answers 200 (or 422
for its own bad batch, writing nothing); across all answers each order is `created`
exactly once and each contact `created` exactly once; the stored orders, the customers'
totals (computed here by hand) and `packprod verify` agree. Then two instances under a
stream of imports, one killed with SIGKILL in the middle: every acknowledged order is
there, the survivor answers 200 throughout and the views verify."""
from __future__ import annotations

import os
import random
import subprocess
import threading
import time

from harness import BIN, STORE, Shop, check, main

CONTACTS = 37
ORDERS = 150
REQUESTS = 50
BAD = {7, 31}  # the requests whose batch carries an invalid order (422, nothing written)


def email(c: int) -> str:
    return "person%02d@overlap.example" % c


def the_order(i: int) -> dict:
    """Order i of the pool: always the same content, so a repeat is `unchanged`."""
    c = (i * 7) % CONTACTS
    return {"orderReference": "OV-%04d" % i,
            "createdAt": "2025-%02d-%02dT%02d:%02d:00Z" % (1 + i % 12, 1 + i % 28, i % 24, i % 60),
            "status": ["completed", "paid", "refunded", "processing"][i % 4],
            "customer": {"email": email(c), "name": "Person %02d" % c},
            "items": [{"code": "BOX-%d" % (i % 9), "quantity": 1 + i % 4, "unitPrice": "3.25"}],
            "total": "%d.%02d" % (10 + i % 50, i % 100)}


def cents(money: str) -> int:
    whole, _, frac = money.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def batches(seed: int) -> list:
    """REQUESTS batches over the pool: every order in at least one, most in several."""
    rng = random.Random(seed)
    out = [[] for _ in range(REQUESTS)]
    for i in range(ORDERS):
        for b in rng.sample(range(REQUESTS), rng.randint(1, 6)):
            out[b].append(i)
    for b in out:
        rng.shuffle(b)
        if not b:
            b.append(rng.randrange(ORDERS))
    return out


def post_all(shops: list, seed: int) -> list:
    """Sends every batch at once (request r to shops[r % len(shops)]); returns
    (request, indices, status, doc) per request."""
    plan = batches(seed)
    answers = [None] * REQUESTS
    barrier = threading.Barrier(REQUESTS)

    def send(r: int) -> None:
        body = [the_order(i) for i in plan[r]]
        if r in BAD:
            body.append(dict(the_order(0), orderReference="OV-BAD-%d" % r, total="-1"))
        barrier.wait()
        try:
            status, doc, _ = shops[r % len(shops)].request(
                "POST", "/admin/contacts/import", {"orders": body}, timeout=120)
        except OSError as e:  # noqa: BLE001 - reported below
            status, doc = None, repr(e)
        answers[r] = (r, plan[r], status, doc)

    threads = [threading.Thread(target=send, args=(r,)) for r in range(REQUESTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return answers


def list_all(shop: Shop, path: str) -> list:
    items, cursor = [], None
    while True:
        sep = "&" if "?" in path else "?"
        status, doc, _ = shop.request("GET", path + sep + "limit=100" +
                                      ("&cursor=" + cursor if cursor else ""))
        check(status == 200, "%s: %s %s" % (path, status, doc))
        items += doc["data"]
        cursor = doc["meta"].get("nextCursor")
        if not cursor:
            return items


def check_answers(answers: list) -> None:
    order_created, contact_created = {}, {}
    for r, plan, status, doc in answers:
        if r in BAD:
            check(status == 422, "request %d (bad input): %s %s" % (r, status, doc))
            continue
        check(status == 200, "request %d: %s %s" % (r, status, doc))
        results = doc["data"]["results"]
        check(len(results) == len(plan), "request %d: %d results" % (r, len(results)))
        for item, i in zip(results, plan):
            check(item["result"] in ("created", "unchanged"),
                  "order %d reported %s" % (i, item["result"]))
            if item["result"] == "created":
                order_created[i] = order_created.get(i, 0) + 1
            if item["contact"] == "created":
                contact_created[item["contactID"]] = contact_created.get(item["contactID"], 0) + 1
        check(doc["data"]["created"] == sum(x["result"] == "created" for x in results),
              "request %d: created count" % r)
    sent = {i for r, plan, _, _ in answers if r not in BAD for i in plan}
    twice = {i: n for i, n in order_created.items() if n != 1}
    check(not twice, "orders created more than once: %s" % twice)
    check(set(order_created) == sent,
          "orders never reported created: %s" % sorted(sent - set(order_created))[:10])
    contacts = {(i * 7) % CONTACTS for i in sent}
    check(len(contact_created) == len(contacts) and all(n == 1 for n in contact_created.values()),
          "contacts reported created: %d ids for %d contacts, counts %s"
          % (len(contact_created), len(contacts), sorted(contact_created.values())))


def check_store(shop: Shop, sent: set) -> None:
    """The orders and the customers' figures equal what was sent, and verify agrees."""
    status, doc, _ = shop.request("GET", "/api/customers?limit=1&consistent=true")
    check(status == 200, "consistent read: %s" % status)
    orders = list_all(shop, "/api/orders")
    refs = sorted(o["orderReference"] for o in orders)
    check(refs == sorted("OV-%04d" % i for i in sent), "stored orders differ from those sent")
    expect = {}
    for i in sent:
        o = the_order(i)
        if o["status"] in ("refunded",):
            spend, n = 0, 0
        else:
            spend, n = cents(o["total"]), 1
        e = expect.setdefault(o["customer"]["email"], [0, 0])
        e[0] += spend
        e[1] += n
    customers = list_all(shop, "/api/customers")
    got = {c["email"]: [round(c["totalSpend"] * 100), c["orderCount"]] for c in customers}
    check(got == expect, "customer totals differ: %s" % sorted(
        (k, got.get(k), v) for k, v in expect.items() if got.get(k) != v)[:5])
    v = subprocess.run([BIN, "verify", "--db", shop.db], capture_output=True, text=True,
                       timeout=300)
    check(v.returncode == 0 and "0 difference(s)" in v.stdout, "verify: %s %s" % (v.stdout,
                                                                                   v.stderr))


def sent_of(answers: list) -> set:
    return {i for r, plan, _, _ in answers if r not in BAD for i in plan}


def fifty_overlapping_batches_one_instance() -> None:
    shop = Shop()
    shop.start()
    try:
        answers = post_all([shop], seed=15)
        check_answers(answers)
        check_store(shop, sent_of(answers))
    finally:
        shop.stop()


def fifty_overlapping_batches_two_instances() -> None:
    a = Shop()
    b = Shop(db=a.db)
    a.start()
    b.start()
    try:
        answers = post_all([a, b], seed=16)
        check_answers(answers)
        check_store(b, sent_of(answers))
    finally:
        a.stop()
        b.stop()


def kill_one_of_two_instances_mid_import() -> None:
    a = Shop()
    b = Shop(db=a.db)
    a.start()
    b.start()
    acknowledged, lock, stop = {}, threading.Lock(), threading.Event()
    survivor_errors = []

    def writer(shop: Shop, w: int, survivor: bool) -> None:
        rng = random.Random(w)
        n = 0
        while not stop.is_set():
            # New orders, plus a few earlier ones of the shared pool (overlaps).
            refs = ["K%d-%05d" % (w, n + k) for k in range(rng.randint(1, 40))]
            n += len(refs)
            body = [dict(the_order(rng.randrange(ORDERS)), orderReference=r) for r in refs]
            body += [the_order(rng.randrange(ORDERS)) for _ in range(3)]
            try:
                status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": body},
                                              timeout=60)
            except OSError as e:  # noqa: BLE001
                if survivor:
                    survivor_errors.append(repr(e))
                return  # the killed instance: unanswered, so not acknowledged
            if status != 200:
                if survivor or status is not None:
                    survivor_errors.append((status, doc))
                return
            with lock:
                acknowledged.update((o["orderReference"], o["total"]) for o in body)

    threads = [threading.Thread(target=writer, args=(s, w, s is b))
               for w, s in enumerate([a, a, b, b])]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        a.kill9()
        time.sleep(1.5)
        stop.set()
        for t in threads:
            t.join(120)
        check(not survivor_errors, "the surviving instance failed: %s" % survivor_errors[:2])
        check(len(acknowledged) >= 60, "too few imports acknowledged: %d" % len(acknowledged))
        stored = {o["orderReference"]: o["total"] for o in list_all(b, "/api/orders")}
        lost = [r for r, total in acknowledged.items()
                if r not in stored or round(stored[r] * 100) != cents(total)]
        check(not lost, "acknowledged orders lost or wrong: %s" % lost[:10])
        status, _, _ = b.request("GET", "/api/customers?limit=1&consistent=true")
        check(status == 200, "consistent read after the kill: %s" % status)
        v = subprocess.run([BIN, "verify", "--db", b.db], capture_output=True, text=True,
                           timeout=300)
        check(v.returncode == 0 and "0 difference(s)" in v.stdout, "verify: %s" % v.stdout)
        print("store %s: %d orders acknowledged, all there" % (STORE, len(acknowledged)),
              flush=True)
    finally:
        stop.set()
        b.stop()


if __name__ == "__main__":
    print("store:", STORE, flush=True)
    main([fifty_overlapping_batches_one_instance, fifty_overlapping_batches_two_instances,
          kill_one_of_two_instances_mid_import])

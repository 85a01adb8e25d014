"""A crash loses no acknowledged order: SIGKILL the server while several clients import,
restart it, and find every order whose import was answered 200."""
import threading
import time

from harness import Shop, check, main, order


def crash_during_imports() -> None:
    shop = Shop()
    acknowledged = set()
    lock = threading.Lock()
    for round_no in range(3):
        shop.start()
        stop = threading.Event()

        def writer(w: int) -> None:
            n = 0
            while not stop.is_set():
                refs = ["R%d-W%d-%05d-%d" % (round_no, w, n, i) for i in range(50)]
                n += 1
                body = {"orders": [order(r, email="c%d@example.com" % (i % 7))
                                   for i, r in enumerate(refs)]}
                try:
                    status, _, _ = shop.request("POST", "/admin/contacts/import", body, timeout=10)
                except OSError:
                    return
                if status == 200:
                    with lock:
                        acknowledged.update(refs)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.0 + 0.3 * round_no)
        shop.kill9()
        stop.set()
        for t in threads:
            t.join()
    shop.start()
    found = set()
    cursor = None
    while True:
        path = "/api/orders?limit=500" + ("&cursor=" + cursor if cursor else "")
        status, doc, _ = shop.request("GET", path)
        check(status == 200, "list orders: %s" % status)
        found.update(o["orderReference"] for o in doc["data"])
        cursor = doc["meta"]["nextCursor"]
        if not cursor:
            break
    check(len(acknowledged) > 0, "no import was acknowledged")
    missing = acknowledged - found
    check(not missing, "%d acknowledged orders lost, e.g. %s" % (len(missing), sorted(missing)[:3]))
    check(shop.stop() == 0, "SIGTERM exit status")


if __name__ == "__main__":
    main([crash_during_imports])

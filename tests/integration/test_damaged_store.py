"""A store file with damaged pages: `serve` reports it (/healthz 503, writes refused with
503 `unavailable`, nothing written), and `packprod verify` exits 1 naming the integrity
check. On PostgreSQL there is no page check, and verify says so."""
import os
import subprocess
import time

from harness import BIN, Shop, check, free_port, main, order, pg_database


def make_damaged_shop() -> Shop:
    shop = Shop("dmg")
    data = os.path.join(shop.tmp, "orders.jsonl")
    shop.cli("demo-data", "--orders", "3000", "--customers", "500", "--seed", "7", "--out", data)
    shop.cli("import", data, "--client", "dmg")
    path = shop.db[len("sqlite:"):]
    check(not os.path.exists(path + "-wal") or os.path.getsize(path + "-wal") == 0,
          "the WAL was not checkpointed into the file")
    with open(path, "r+b") as f:
        header = f.read(100)
        page_size = int.from_bytes(header[16:18], "big") or 65536
        pages = os.path.getsize(path) // page_size
        check(pages > 50, "only %d pages" % pages)
        # Garbage over a fifth of the pages in the middle; page 1 (the schema) stays.
        for p in range(pages * 2 // 5, pages * 3 // 5):
            f.seek(p * page_size)
            f.write(bytes((p * 7 + i) % 251 for i in range(page_size)))
    return shop


def serve_reports_damage() -> None:
    shop = make_damaged_shop()
    shop.port = free_port()
    log = open(os.path.join(shop.tmp, "serve.log"), "ab")
    shop.proc = subprocess.Popen([BIN, "serve", "--db", shop.db, "--port", str(shop.port)],
                                 stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        status, doc = None, None
        while time.monotonic() < deadline:
            try:
                status, doc, _ = shop.request("GET", "/healthz", key=None)
                if status == 503:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        check(status == 503 and doc["status"] != "ok", "healthz on a damaged store: %s %s"
              % (status, doc))
        check("damaged" in doc.get("reason", ""), "healthz reason %s" % doc)
        status, doc, headers = shop.request("POST", "/admin/contacts/import", order("DMG-1"))
        check(status == 503 and doc["error"]["code"] == "unavailable",
              "write to a damaged store: %s %s" % (status, doc))
        check(headers.get("Retry-After"), "no Retry-After on the refused write")
        status, doc, _ = shop.request("GET", "/api/orders/DMG-1")
        check(status in (404, 503, 500), "the refused order exists: %s" % status)
        with open(os.path.join(shop.tmp, "serve.log"), errors="replace") as f:
            text = f.read()
        check("PRAGMA quick_check found" in text, "no integrity line in the log: %s" % text[-1500:])
    finally:
        shop.stop()
    p = shop.cli("verify", check=False)
    check(p.returncode == 1, "verify exit %s: %s %s" % (p.returncode, p.stdout, p.stderr))
    check("PRAGMA integrity_check" in p.stderr and "damaged" in p.stderr,
          "verify does not name the check: %s" % p.stderr)


def sound_store_verifies() -> None:
    shop = Shop("sound")
    shop.start()
    try:
        check(shop.request("POST", "/admin/contacts/import", order("S-1"))[0] == 200, "import")
    finally:
        shop.stop()
    p = shop.cli("verify", check=False)
    check(p.returncode == 0 and "PRAGMA integrity_check: ok" in p.stdout,
          "verify on a sound store: %s %s %s" % (p.returncode, p.stdout, p.stderr))


def postgres_has_no_page_check() -> None:
    shop = Shop("pgpages", db=pg_database())
    p = shop.cli("verify", check=False)
    check(p.returncode == 0 and "page check: none" in p.stdout and "PostgreSQL" in p.stdout,
          "verify on PostgreSQL: %s %s %s" % (p.returncode, p.stdout, p.stderr))


if __name__ == "__main__":
    main([serve_reports_damage, sound_store_verifies, postgres_has_no_page_check])

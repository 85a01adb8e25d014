"""`packprod backup` while `serve` imports, then `packprod restore`: every order whose
import was acknowledged before the backup began is in the restored store and `verify` is
clean there; restore refuses to overwrite a store and a file that is not a packprod
store. PostgreSQL: the documented pg_dump / pg_restore round trip verifies clean on the
test cluster."""
from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Shop, check, main, order, pg_database, pg_env, psql  # noqa: E402


def references(db_file: str) -> set:
    c = sqlite3.connect(db_file)
    try:
        return {r[0] for r in c.execute("SELECT reference FROM orders")}
    finally:
        c.close()


def test_backup_during_import_restores_every_acknowledged_order():
    shop = Shop()
    shop.start()
    acknowledged = []  # references in the order their imports were answered 200
    lock = threading.Lock()
    stop = threading.Event()
    errors = []

    def importer(worker: int) -> None:
        n = 0
        while not stop.is_set() and n < 20000:
            batch = [order("BK-%d-%06d" % (worker, n + k), email="c%d@backup.example" % (n % 53),
                           total="%d.00" % (1 + n % 70)) for k in range(5)]
            status, doc, _ = shop.request("POST", "/admin/contacts/import", {"orders": batch},
                                          timeout=30)
            if status != 200:
                errors.append((status, doc))
                return
            with lock:
                acknowledged.extend(o["orderReference"] for o in batch)
            n += 5

    workers = [threading.Thread(target=importer, args=(w,)) for w in range(2)]
    for w in workers:
        w.start()
    try:
        deadline = time.monotonic() + 120
        while not errors and time.monotonic() < deadline:
            with lock:
                if len(acknowledged) >= 1000:
                    break
            time.sleep(0.05)
        check(not errors, "imports failed: %s" % errors)
        with lock:
            before = set(acknowledged)
        backup = os.path.join(shop.tmp, "backup.db")
        p = shop.cli("backup", "--to", backup)
        with lock:
            during = len(acknowledged) - len(before)
    finally:
        stop.set()
        for w in workers:
            w.join(60)
    check(not errors, "imports failed: %s" % errors)
    check(during > 0, "no import was acknowledged while the backup ran")
    check("backed up" in p.stdout and os.path.exists(backup), p.stdout)
    check(not os.path.exists(backup + ".partial"), "the partial file is left")
    check(not glob.glob(backup + "-*"), "the backup is one file: %s" % glob.glob(backup + "-*"))
    shop.stop()

    restored = os.path.join(shop.tmp, "restored", "shop.db")
    p = subprocess.run([BIN, "restore", "--from", backup, "--db", "sqlite:" + restored],
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 0, "restore: %s %s" % (p.stdout, p.stderr))
    check("verified acme" in p.stdout and "0 difference(s)" in p.stdout, p.stdout)
    got = references(restored)
    missing = before - got
    check(not missing, "%d acknowledged orders missing, e.g. %s" % (len(missing),
                                                                    sorted(missing)[:3]))
    check(got <= set(acknowledged) | before, "the restore has orders never imported")
    p = subprocess.run([BIN, "verify", "--db", "sqlite:" + restored], capture_output=True,
                       text=True, timeout=300)
    check(p.returncode == 0, "verify the restored store: %s" % p.stdout)
    # The restored store serves: the admin key of the original works there.
    other = Shop.__new__(Shop)
    other.tmp, other.db, other.client, other.key = shop.tmp, "sqlite:" + restored, "acme", shop.key
    other.proc = None
    other.start()
    try:
        status, doc, _ = other.request("GET", "/api/orders?limit=1")
        check(status == 200, "the restored store serves with the old key: %s" % status)
    finally:
        other.stop()


def test_restore_refuses_an_existing_store_and_a_foreign_file():
    shop = Shop()
    backup = os.path.join(shop.tmp, "b.db")
    shop.cli("backup", "--to", backup)
    p = subprocess.run([BIN, "restore", "--from", backup, "--db", shop.db], capture_output=True,
                       text=True, timeout=60)
    check(p.returncode == 2 and "exists" in p.stderr, "restore over a store: %s" % p.stderr)
    junk = os.path.join(shop.tmp, "junk.db")
    with open(junk, "w") as f:
        f.write("not a database\n")
    target = os.path.join(shop.tmp, "t.db")
    p = subprocess.run([BIN, "restore", "--from", junk, "--db", "sqlite:" + target],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and "not a packprod store" in p.stderr, p.stderr)
    check(not os.path.exists(target), "a failed restore left a store")
    p = subprocess.run([BIN, "backup", "--to", backup, "--db", "postgresql://u@127.0.0.1:1/x"],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and "pg_dump" in p.stderr, "backup on PostgreSQL: %s" % p.stderr)


def pg_tool(name: str) -> str:
    exe = shutil.which(name) or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name))),
                                     None)
    check(exe is not None, name + " not found (scripts/install-deps installs postgresql-15)")
    return exe


def test_postgresql_pg_dump_and_pg_restore_round_trip():
    src = pg_database()
    shop = Shop(db=src)
    lines = "".join('{"orderReference":"PG-%04d","createdAt":"2025-03-%02dT10:00:00Z",'
                    '"customer":{"email":"p%d@pg.example"},"total":"%d.50"}\n'
                    % (i, 1 + i % 28, i % 31, 1 + i % 40) for i in range(800))
    shop.cli("import", "-", "--client", "acme", input=lines.encode())
    dump = os.path.join(shop.tmp, "packprod.dump")
    # The steps of docs/operations.md.
    subprocess.run([pg_tool("pg_dump"), "--format=custom", "--file", dump, src], check=True,
                   timeout=300)
    admin = pg_env()["PACKPROD_PG_ADMIN_URL"]
    name = "packprod_restore_%d" % os.getpid()
    psql(admin, "CREATE DATABASE " + name)
    target = admin.rsplit("/", 1)[0] + "/" + name
    subprocess.run([pg_tool("pg_restore"), "--no-owner", "--dbname", target, dump], check=True,
                   timeout=300)
    p = subprocess.run([BIN, "verify", "--db", target], capture_output=True, text=True,
                       timeout=300)
    check(p.returncode == 0 and "800 orders" in p.stdout, "verify after pg_restore: %s %s"
          % (p.stdout, p.stderr))


if __name__ == "__main__":
    main([test_backup_during_import_restores_every_acknowledged_order,
          test_restore_refuses_an_existing_store_and_a_foreign_file,
          test_postgresql_pg_dump_and_pg_restore_round_trip])

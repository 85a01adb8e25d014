"""Shared helpers for packprod's integration tests: a real `packprod serve` on a free
loopback port over a real SQLite file in a temp dir (or a fresh database on the test
PostgreSQL cluster, `pg_database`), keys made with the real CLI, and a small HTTP client.
Standard library only.

PACKPROD_TEST_STORE chooses the store of a Shop made without `db`: `sqlite` (default) or
`postgresql` (a fresh database on the test cluster); CTest runs the HTTP suites once per
store."""
from __future__ import annotations

import atexit
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import glob
import random
import shutil
import tempfile
import time

BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.environ.get("PACKPROD_BIN", "")
STORE = os.environ.get("PACKPROD_TEST_STORE", "sqlite")
if STORE not in ("sqlite", "postgresql"):
    raise SystemExit("PACKPROD_TEST_STORE must be sqlite or postgresql, not %r" % STORE)


_SHOPS: list = []
_TEMP_DIRS: list = []
_FAILED = [False]


def temp_dir(prefix: str = "packprod-it-") -> str:
    """A new temp dir, removed when the suite ends passing; kept (and named) when it fails."""
    d = tempfile.mkdtemp(prefix=prefix)
    _TEMP_DIRS.append(d)
    return d


def _clean_up() -> None:
    for shop in _SHOPS:
        if shop.proc and shop.proc.poll() is None:
            shop.proc.kill()
            shop.proc.wait(10)
    if _FAILED[0] or os.environ.get("PACKPROD_KEEP_TMP"):
        if _TEMP_DIRS:
            print("kept for inspection: " + " ".join(_TEMP_DIRS), flush=True)
        return
    for d in _TEMP_DIRS:
        shutil.rmtree(d, ignore_errors=True)


def _note_uncaught(kind, value, tb) -> None:
    _FAILED[0] = True
    sys.__excepthook__(kind, value, tb)


atexit.register(_clean_up)
sys.excepthook = _note_uncaught


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pg_env() -> dict:
    """The test PostgreSQL cluster's URLs: from the environment, or from the file named by
    PACKPROD_PG_ENV (ctest's fixture runs scripts/with-postgres --start). Fails loudly
    when there is none."""
    env = {k: os.environ[k] for k in ("PACKPROD_PG_URL", "PACKPROD_PG_ADMIN_URL")
           if os.environ.get(k)}
    path = os.environ.get("PACKPROD_PG_ENV", "")
    if "PACKPROD_PG_ADMIN_URL" not in env and path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                env.setdefault(k, v)
    if "PACKPROD_PG_ADMIN_URL" not in env:
        raise AssertionError("no PostgreSQL cluster: run through ctest (its fixture starts one) "
                             "or under scripts/with-postgres")
    return env


def psql(url: str, sql: str) -> str:
    """Runs `sql` with the psql client; returns its unaligned, tuples-only output."""
    exe = shutil.which("psql") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))),
                                       None)
    if not exe:
        raise AssertionError("psql not found (scripts/install-deps installs postgresql-15)")
    p = subprocess.run([exe, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url,
                        "-c", sql], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("psql %s: %s" % (sql, p.stderr))
    return p.stdout.strip()


def pg_database() -> str:
    """A fresh empty database on the test cluster; returns its URL."""
    admin = pg_env()["PACKPROD_PG_ADMIN_URL"]
    name = "packprod_it_%d" % random.randrange(10 ** 12)
    psql(admin, "CREATE DATABASE " + name)
    return admin.rsplit("/", 1)[0] + "/" + name


def new_db(tmp: str) -> str:
    """A fresh store of the suite's kind (PACKPROD_TEST_STORE): a SQLite file in `tmp` or
    a new database on the test PostgreSQL cluster."""
    if STORE == "postgresql":
        return pg_database()
    return "sqlite:" + os.path.join(tmp, "shop.db")


class Shop:
    """A temp dir with a store (`db`, else a fresh one of the suite's kind: new_db), a
    client and an admin key."""

    def __init__(self, client: str = "acme", db: str | None = None):
        self.tmp = temp_dir()
        _SHOPS.append(self)
        # PACKPROD_IT_STORE=postgresql (scripts/soak) or PACKPROD_TEST_STORE=postgresql
        # (the suites' second run): a fresh database on the test cluster.
        if db is None and os.environ.get("PACKPROD_IT_STORE") == "postgresql":
            db = pg_database()
        self.db = db or new_db(self.tmp)
        self.client = client
        self.key = self.cli("keys", "create", "--client", client, "--role", "admin").stdout \
            .strip().splitlines()[-1]
        self.proc = None
        self.port = None

    def cli(self, *args, input: bytes = None, check: bool = True) -> subprocess.CompletedProcess:
        p = subprocess.run([BIN, *args, "--db", self.db], input=input, capture_output=True,
                           text=input is None, timeout=300)
        if check and p.returncode != 0:
            raise AssertionError("packprod %s -> %s: %s" % (" ".join(args), p.returncode, p.stderr))
        return p

    def start(self, *extra) -> None:
        self.port = free_port()
        self.log = open(os.path.join(self.tmp, "serve.log"), "ab")
        self.proc = subprocess.Popen([BIN, "serve", "--db", self.db, "--port", str(self.port),
                                      *extra], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz", key=None)[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("server did not start")

    def verify_clean(self, client: str = "acme") -> None:
        """`packprod verify --client` finds the views equal to the orders (exit 0)."""
        v = self.cli("verify", "--client", client, check=False)
        check(v.returncode == 0, "verify: %s %s" % (v.stdout, v.stderr))

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            return self.proc.wait(15)
        return self.proc.returncode if self.proc else 0

    def request(self, method: str, path: str, body=None, key: str | None = "default",
                raw: bytes | None = None, headers: dict | None = None, timeout: float = 30):
        h = {"Content-Type": "application/json"}
        if key == "default":
            key = self.key
        if key:
            h["Authorization"] = "Bearer " + key
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            text = r.read()
            try:
                doc = json.loads(text) if text else None
            except ValueError:
                doc = None
            return r.status, doc, dict(r.getheaders())
        finally:
            c.close()


    def metrics_text(self) -> str:
        """GET /metrics with the admin key: the Prometheus text (fails unless 200)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request("GET", "/metrics", headers={"Authorization": "Bearer " + self.key})
            r = c.getresponse()
            text = r.read().decode()
        finally:
            c.close()
        check(r.status == 200, "/metrics: %s" % r.status)
        return text


def order(ref: str, email: str = "a@example.com", total: str = "10.00", **kw) -> dict:
    o = {"orderReference": ref, "createdAt": "2025-05-01T10:00:00Z",
         "customer": {"email": email, "name": "Test Person"}, "total": total}
    o.update(kw)
    return o


def wait_until(cond, timeout: float, what: str):
    """cond()'s first truthy value, asked every 50 ms; AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def check(cond, msg: str) -> None:
    if not cond:
        raise AssertionError(msg)


def main(tests) -> None:
    """Runs each test function; prints 'N passed, N failed'; exit 1 on any failure."""
    passed = failed = 0
    for t in tests:
        try:
            t()
            passed += 1
            print("PASS", t.__name__, flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            print("FAIL", t.__name__, repr(e), flush=True)
    print("%d passed, %d failed" % (passed, failed))
    _FAILED[0] = _FAILED[0] or failed > 0
    sys.exit(1 if failed else 0)


def main_on_both_stores(scenario) -> None:
    """Runs `scenario(db)` as two tests: on_sqlite (db None: a fresh SQLite file) and
    on_postgres (a fresh database on the test cluster)."""
    def on_sqlite() -> None:
        scenario(None)

    def on_postgres() -> None:
        scenario(pg_database())

    main([on_sqlite, on_postgres])

"""Where a command's store and options come from, and what a new user meets first:
--db beats PACKPROD_DB, which beats the config file's db, which beats the default; a
config file sets every `serve` option; a wrong key, value or syntax is an error naming
file, line and key; only `init`, `clients create` and `keys create` create a store, every
other command says the store does not exist (and creates nothing); demo data has no
order later than now. On SQLite, and the does-not-exist check on PostgreSQL too."""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, check, free_port, main, pg_database, temp_dir  # noqa: E402

TMP = temp_dir("packprod-settings-")


def run(*args, env: dict | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k not in ("PACKPROD_DB", "PACKPROD_CONFIG")}
    e.update(env or {})
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=e, timeout=120,
                          cwd=cwd or TMP)


def store_with_client(name: str, client: str) -> str:
    db = "sqlite:" + os.path.join(TMP, name)
    p = run("keys", "create", "--client", client, "--role", "admin", "--db", db)
    check(p.returncode == 0, "keys create: %s" % p.stderr)
    return db


def config(name: str, text: str) -> str:
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def verified_clients(p: subprocess.CompletedProcess) -> list:
    return [ln.split()[1].rstrip(":") for ln in p.stdout.splitlines() if ln.startswith("verified")]


def test_command_line_beats_environment_beats_file_beats_default():
    a = store_with_client("a.db", "alpha")
    b = store_with_client("b.db", "beta")
    c = store_with_client("c.db", "gamma")
    conf = config("prec.conf", 'db = "%s"\n' % c)
    # The case: PACKPROD_DB=A packprod verify --db B verifies B.
    for cmd in (["verify"], ["rebuild"], ["keys", "list"]):
        p = run(*cmd, "--db", b, env={"PACKPROD_DB": a})
        check(p.returncode == 0, "%s: %s" % (cmd, p.stderr))
        check("beta" in p.stdout and "alpha" not in p.stdout,
              "%s --db B with PACKPROD_DB=A used A: %s" % (cmd, p.stdout))
    p = run("verify", "--db", b, "--config", conf, env={"PACKPROD_DB": a})
    check(verified_clients(p) == ["beta"], "command line over env and file: %s" % p.stdout)
    p = run("verify", "--config", conf, env={"PACKPROD_DB": a})
    check(verified_clients(p) == ["alpha"], "env over file: %s" % p.stdout)
    p = run("verify", env={"PACKPROD_DB": a, "PACKPROD_CONFIG": conf})
    check(verified_clients(p) == ["alpha"], "env over PACKPROD_CONFIG's file: %s" % p.stdout)
    p = run("verify", "--config", conf)
    check(verified_clients(p) == ["gamma"], "file over default: %s" % p.stdout)
    p = run("--config", conf, "verify")  # before the command too
    check(verified_clients(p) == ["gamma"], "--config before the command: %s" % p.stdout)
    # The default: ./data/packprod.db of the working directory.
    cwd = tempfile.mkdtemp(dir=TMP)
    p = run("keys", "create", "--client", "delta", "--role", "read", cwd=cwd)
    check(p.returncode == 0 and os.path.exists(os.path.join(cwd, "data", "packprod.db")),
          "default store ./data/packprod.db: %s" % p.stderr)
    p = run("verify", cwd=cwd)
    check(verified_clients(p) == ["delta"], "default store: %s" % p.stdout)


def test_missing_store_is_an_error_not_a_new_empty_store():
    missing = os.path.join(TMP, "typo", "nope.db")
    url = "sqlite:" + missing
    for cmd in (["verify"], ["rebuild"], ["serve", "--port", "0"], ["stream"], ["keys", "list"],
                ["keys", "revoke", "key_x"], ["import", "/dev/null", "--client", "x"],
                ["emails", "failed", "--client", "x"], ["backup", "--to", missing + ".bak"]):
        p = run(*cmd, "--db", url)
        check(p.returncode == 2, "%s on a missing store: exit %s (%s)" % (cmd, p.returncode,
                                                                        p.stderr))
        check("the store %s does not exist" % url in p.stderr, "%s: %s" % (cmd, p.stderr))
        check(not os.path.exists(missing), "%s created %s" % (cmd, missing))
    # Through the environment and the config file alike.
    p = run("verify", env={"PACKPROD_DB": url})
    check(p.returncode == 2 and "does not exist" in p.stderr, "env: %s" % p.stderr)
    p = run("verify", "--config", config("missing.conf", 'db = "%s"\n' % url))
    check(p.returncode == 2 and "does not exist" in p.stderr, "config: %s" % p.stderr)
    # The creating commands create it.
    p = run("init", "--db", url)
    check(p.returncode == 0 and os.path.exists(missing), "init: %s" % p.stderr)
    p = run("verify", "--db", url)
    check(p.returncode == 0, "verify on the new empty store: %s" % p.stderr)


def test_missing_store_on_postgresql():
    url = pg_database()  # an empty database: no packprod tables
    with_password = url.replace("://postgres@", "://postgres:s3cret@")  # the cluster trusts
    for cmd in (["verify"], ["serve", "--port", "0"], ["keys", "list"]):
        p = run(*cmd, "--db", with_password)
        check(p.returncode == 2 and "does not exist" in p.stderr,
              "%s on an empty database: exit %s %s" % (cmd, p.returncode, p.stderr))
        check("s3cret" not in p.stderr, "password in the message: %s" % p.stderr)
    p = run("keys", "create", "--client", "pg", "--role", "admin", "--db", url)
    check(p.returncode == 0, "keys create on PostgreSQL: %s" % p.stderr)
    p = run("verify", "--db", url, env={"PACKPROD_DB": "sqlite:" + os.path.join(TMP, "x.db")})
    check(p.returncode == 0 and verified_clients(p) == ["pg"], "verify: %s %s" % (p.stdout,
                                                                               p.stderr))


def test_serve_takes_every_option_from_the_config_file():
    db = store_with_client("serve.db", "acme")
    port = free_port()
    conf = config("serve.conf", "\n".join([
        "# a comment",
        'db = "%s"' % db,
        "[serve]",
        'host = "127.0.0.1"',
        "port = %d" % port,
        "threads = 2",
        "slow-ms = 5000",
        'log-format = "json"',
        "body-limit = 2048",
        "read-timeout = 10",
        "idle-timeout = 20",
        "max-connections = 50",
        "no-stream = false",
        'web = "%s"' % TMP,
        "[stream]",
        "max-batch = 100",
        ""]))
    log = open(os.path.join(TMP, "serve-conf.log"), "w")
    proc = subprocess.Popen([BIN, "serve", "--config", conf], stdout=log, stderr=subprocess.STDOUT)
    try:
        import http.client
        deadline = time.monotonic() + 20
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/healthz")
                status = c.getresponse().status
            except OSError:
                time.sleep(0.1)
        check(status == 200, "serve on the config's port: %s" % status)
        # body-limit = 2048 from the file: a larger body gets 413.
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("POST", "/admin/contacts/import", body=b"x" * 4096,
                  headers={"Content-Type": "application/json"})
        check(c.getresponse().status == 413, "body-limit from the file")
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()
    with open(os.path.join(TMP, "serve-conf.log")) as f:
        log_text = f.read()
    check("packprod listening on http://127.0.0.1:%d/" % port in log_text, log_text[:500])
    check('"level":"info"' in log_text, "log-format = json from the file: %s" % log_text[:300])
    # The command line still wins over the file.
    p = run("serve", "--config", conf, "--port", "70000")
    check(p.returncode == 2 and "--port" in p.stderr, "command line port: %s" % p.stderr)


def test_config_errors_name_file_line_and_key():
    db = store_with_client("err.db", "acme")
    cases = [
        ('db = "%s"\n[serve]\nprot = 8080\n' % db, ":3: serve.prot: unknown key"),
        ('db = "%s"\n[serve]\nport = 70000\n' % db, ":3: serve.port:"),
        ('db = "%s"\n\n[serve]\nport = "eighty"\n' % db, ":4: serve.port:"),
        ('db = "%s"\n[serve]\nlog-format = "xml"\n' % db, ":3: serve.log-format:"),
        ('db = "%s"\n[serve]\nno-stream = "yes"\n' % db, ":3: serve.no-stream: must be true or false"),
        ('db = "%s"\n[srve]\nport = 1\n' % db, ":3: [srve]: no such command"),
        ('db = "%s"\nport = 1\n' % db, ":2: port: unknown key"),
        ('db = "%s"\n[serve]\nport = \n' % db, ":3:"),  # TOML syntax: line and column
    ]
    for i, (text, expected) in enumerate(cases):
        path = config("bad-%d.conf" % i, text)
        p = run("serve", "--config", path)
        check(p.returncode == 2, "case %d: exit %s (%s)" % (i, p.returncode, p.stderr))
        check(path + expected in p.stderr, "case %d: expected %r in %r" % (i, path + expected,
                                                                         p.stderr))
    # Keys are checked on every run; a value when its command runs.
    path = config("other.conf", 'db = "%s"\n[serve]\nprot = 1\n' % db)
    p = run("verify", "--config", path)
    check(p.returncode == 2 and path + ":3: serve.prot: unknown key" in p.stderr, p.stderr)
    path = config("other2.conf", 'db = "%s"\n[serve]\nport = 70000\n' % db)
    p = run("verify", "--config", path)
    check(p.returncode == 0, "verify does not use [serve]: %s" % p.stderr)
    p = run("verify", "--config", os.path.join(TMP, "absent.conf"))
    check(p.returncode == 2 and "cannot read" in p.stderr and "absent.conf" in p.stderr, p.stderr)


def test_demo_data_has_no_order_later_than_now():
    p = run("demo-data", "--orders", "5000", "--seed", "3")
    check(p.returncode == 0, p.stderr)
    now = datetime.datetime.now(datetime.timezone.utc)
    latest = max(datetime.datetime.fromisoformat(json.loads(ln)["createdAt"].replace("Z", "+00:00"))
                 for ln in p.stdout.splitlines())
    check(latest <= now, "latest order %s is later than now %s" % (latest, now))
    check(now - latest < datetime.timedelta(days=2), "the demo ends near now: %s" % latest)


def test_version_and_man_page_source():
    p = run("--version")
    check(p.returncode == 0 and p.stdout.startswith("packprod "), p.stdout + p.stderr)
    p = run("--help-all")
    check(p.returncode == 0 and "backup" in p.stdout and "restore" in p.stdout and
          "--config" in p.stdout, p.stdout[:500])


if __name__ == "__main__":
    main([test_command_line_beats_environment_beats_file_beats_default,
          test_missing_store_is_an_error_not_a_new_empty_store,
          test_missing_store_on_postgresql,
          test_serve_takes_every_option_from_the_config_file,
          test_config_errors_name_file_line_and_key,
          test_demo_data_has_no_order_later_than_now,
          test_version_and_man_page_source])

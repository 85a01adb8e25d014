"""`packprod ingest-email --imap` against a real IMAP server: a private Dovecot on loopback
(its own config, passwd-file login, Maildir under a temp dir), started and stopped here.
Fixture e-mails are delivered with IMAP APPEND; two runs import every order exactly once,
broken ones land in the failure queue, replay after a rules fix imports it. Skipped only
when Dovecot is not installed (Debian: dovecot-imapd)."""
import glob
import json
import os
import subprocess
import sys
import time

from harness import Shop, check, main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "email")
EMLS = sorted(glob.glob(os.path.join(FIXTURES, "*.eml")))
EXPECTED = {os.path.basename(p): json.load(open(p[:-4] + ".json", encoding="utf-8")) for p in EMLS}
GOOD = [n for n, e in EXPECTED.items() if "failure" not in e]
BROKEN = [n for n, e in EXPECTED.items() if "failure" in e]
LATE = GOOD[-1]  # delivered between the runs
from dovecot import DOVECOT, PASSWORD, USER, Dovecot  # noqa: E402

if not os.path.exists(DOVECOT):
    print("SKIP test_email_imap: dovecot is not installed (Debian: dovecot-imapd)")
    print("0 passed, 0 failed")
    sys.exit(0)


SHOP = Shop()
IMAP = None


def url() -> str:
    return "imap://%s@127.0.0.1:%d/INBOX" % (USER, IMAP.port)


def ingest(*extra, env_password=True):
    env = dict(os.environ)
    env.pop("PACKPROD_IMAP_PASSWORD", None)
    if env_password:
        env["PACKPROD_IMAP_PASSWORD"] = PASSWORD
    p = subprocess.run([sys.argv[1], "ingest-email", "--imap", url(), "--client", SHOP.client,
                        "--db", SHOP.db, *extra], capture_output=True, text=True, env=env,
                       timeout=300)
    summary = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr
    return p.returncode, summary


def order_refs() -> list:
    status, doc, _ = SHOP.request("GET", "/api/orders?limit=500")
    check(status == 200, "GET /api/orders -> %s" % status)
    return sorted(o["orderReference"] for o in doc["data"])


def failure_total() -> int:
    status, doc, _ = SHOP.request("GET", "/api/ingest/failures")
    check(status == 200, "GET /api/ingest/failures -> %s" % status)
    return doc["meta"]["total"]


def two_runs_import_each_order_once() -> None:
    IMAP.deliver([n for n in sorted(EXPECTED) if n != LATE])
    rc, summary = ingest()
    check(rc == 1, "exit 1 when messages failed, got %d (%s)" % (rc, summary))
    check(summary == "imported %d, already imported 0, failed %d" % (len(GOOD) - 1, len(BROKEN)),
          summary)
    check(IMAP.marked() == (len(EXPECTED) - 1, len(EXPECTED) - 1), "every message marked")
    IMAP.deliver([LATE])
    rc, summary = ingest()
    check(rc == 0 and summary == "imported 1, already imported 0, failed 0",
          "second run: only the new message (%d, %s)" % (rc, summary))
    want = sorted(EXPECTED[n]["order"]["orderReference"] for n in GOOD)
    check(order_refs() == want, "each order exactly once: %s" % order_refs())
    check(failure_total() == len(BROKEN), "broken ones queued: %d" % failure_total())


def unmarked_messages_are_known_by_message_id() -> None:
    IMAP.unmark_all()
    rc, summary = ingest()
    check(summary == "imported 0, already imported %d, failed %d" % (len(GOOD), len(BROKEN)), summary)
    check(len(order_refs()) == len(GOOD), "still each order once")
    check(failure_total() == len(BROKEN), "no failure queued twice")


def password_from_a_file_never_the_command_line() -> None:
    rc, summary = ingest(env_password=False)
    check(rc == 2 and "PACKPROD_IMAP_PASSWORD" in summary, "no password: %d %s" % (rc, summary))
    pw = os.path.join(SHOP.tmp, "imap-password")
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    rc, summary = ingest("--password-file", pw, env_password=False)
    check(rc == 0 and summary == "imported 0, already imported 0, failed 0", "%d %s" % (rc, summary))
    with open(pw, "w") as f:
        f.write("wrong\n")
    rc, summary = ingest("--password-file", pw, env_password=False)
    check(rc == 2, "a wrong password is a runtime error: %d %s" % (rc, summary))


def polling_picks_up_new_mail_and_stops_on_sigterm() -> None:
    env = dict(os.environ, PACKPROD_IMAP_PASSWORD=PASSWORD)
    p = subprocess.Popen([sys.argv[1], "ingest-email", "--imap", url(), "--client", SHOP.client,
                          "--db", SHOP.db, "--poll", "1"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        msg = ("From: Counter Sales <counter@packandpost.com.au>\r\nTo: sales@packandpost.com.au\r\n"
               "Subject: Order PP-POLL-1\r\nDate: Tue, 18 Nov 2025 09:00:00 +1100\r\n"
               "Message-ID: <poll-1@packandpost.com.au>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n"
               "Order: PP-POLL-1\r\nEmail: poll@example.com.au\r\n"
               "Item: TAPE-48C | Packing Tape Clear 48mm x 75m | 1 | 3.20\r\nTotal: 3.20\r\n")
        c = IMAP.connect()
        try:
            c.append("INBOX", None, None, msg.encode())
        finally:
            c.logout()
        deadline = time.monotonic() + 30
        while "PP-POLL-1" not in order_refs():
            check(time.monotonic() < deadline and p.poll() is None, "the poller did not import it")
            time.sleep(0.2)
    finally:
        p.terminate()
        out, err = p.communicate(timeout=15)
    check(p.returncode == 0, "SIGTERM ends the poller with 0, got %s: %s" % (p.returncode, err))
    check(out.strip().splitlines()[-1] == "imported 1, already imported 0, failed 0", out)


def replay_after_rules_fix() -> None:
    name = "shopify-custom-needs-rule.eml"
    rules = os.path.join(SHOP.tmp, "rules.json")
    json.dump(EXPECTED[name]["rules"], open(rules, "w"))
    SHOP.cli("emails", "rules", "--client", SHOP.client, "--set", "@" + rules)
    p = SHOP.cli("emails", "replay", "--all", "--client", SHOP.client, check=False)
    check(p.returncode == 1, "others still fail: %d" % p.returncode)
    check(p.stdout.count(": imported order") == 1, p.stdout)
    check("1060" in order_refs(), "the fixed message's order is imported")
    check(failure_total() == len(BROKEN) - 1, "queue shrank to %d" % failure_total())


if __name__ == "__main__":
    IMAP = Dovecot(os.path.join(SHOP.tmp, "imap"))
    try:
        SHOP.start()
        main([two_runs_import_each_order_once, unmarked_messages_are_known_by_message_id,
              password_from_a_file_never_the_command_line,
              polling_picks_up_new_mail_and_stops_on_sigterm, replay_after_rules_fix])
    finally:
        SHOP.stop()
        IMAP.stop()

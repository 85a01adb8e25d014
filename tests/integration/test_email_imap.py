"""`packprod ingest-email --imap` against a real IMAP server: a private Dovecot on loopback
(its own config, passwd-file login, Maildir under a temp dir), started and stopped here.
Fixture e-mails are delivered with IMAP APPEND; two runs import every order exactly once,
broken ones land in the failure queue, replay after a rules fix imports it. Skipped only
when Dovecot is not installed (Debian: dovecot-imapd)."""
import glob
import imaplib
import json
import os
import pwd
import grp
import shutil
import subprocess
import sys
import time

from harness import Shop, check, free_port, main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "email")
EMLS = sorted(glob.glob(os.path.join(FIXTURES, "*.eml")))
EXPECTED = {os.path.basename(p): json.load(open(p[:-4] + ".json", encoding="utf-8")) for p in EMLS}
GOOD = [n for n, e in EXPECTED.items() if "failure" not in e]
BROKEN = [n for n, e in EXPECTED.items() if "failure" in e]
LATE = GOOD[-1]  # delivered between the runs
USER, PASSWORD = "orders", "s3cret-imap-pass"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

if not os.path.exists(DOVECOT):
    print("SKIP test_email_imap: dovecot is not installed (Debian: dovecot-imapd)")
    print("0 passed, 0 failed")
    sys.exit(0)


class Dovecot:
    """A private Dovecot: config, passwd-file, Maildir and logs in `root`."""

    def __init__(self, root: str):
        self.root = root
        self.port = free_port()
        # Dovecot's login and mail processes never run as root: as root, use its own
        # system users and hand them the mail folders.
        if os.getuid() == 0:
            internal, login, mail = "dovecot", "dovenull", pwd.getpwnam("dovecot")
        else:
            me = pwd.getpwuid(os.getuid())
            internal = login = me.pw_name
            mail = me
        group = grp.getgrgid(mail.pw_gid).gr_name
        uid, gid = mail.pw_uid, mail.pw_gid
        os.makedirs(root, exist_ok=True)
        for d in ("run", "state", "mail", "home"):
            os.makedirs(os.path.join(root, d), exist_ok=True)
        if os.getuid() == 0:
            for d in (os.path.dirname(root), root):
                os.chmod(d, 0o755)
            for d in ("mail", "home"):
                os.chown(os.path.join(root, d), uid, gid)
        with open(os.path.join(root, "passwd"), "w") as f:
            f.write("%s:{PLAIN}%s::::::\n" % (USER, PASSWORD))
        os.chmod(os.path.join(root, "passwd"), 0o644)
        self.conf = os.path.join(root, "dovecot.conf")
        with open(self.conf, "w") as f:
            f.write("""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  inet_listener http {{
    port = 0
  }}
}}
""".format(root=root, internal=internal, login=login, group=group, uid=uid, gid=gid,
           port=self.port))
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", self.conf], stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(root, "dovecot.stderr"), "wb"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.connect().logout()
                return
            except (OSError, imaplib.IMAP4.error):
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise AssertionError("dovecot did not start: %s" % self.logs())

    def logs(self) -> str:
        out = ""
        for n in ("dovecot.stderr", "dovecot.log"):
            p = os.path.join(self.root, n)
            if os.path.exists(p):
                out += open(p, errors="replace").read()[-3000:]
        return out

    def connect(self) -> imaplib.IMAP4:
        c = imaplib.IMAP4("127.0.0.1", self.port)
        c.login(USER, PASSWORD)
        return c

    def deliver(self, names) -> None:
        c = self.connect()
        try:
            for n in names:
                data = open(os.path.join(FIXTURES, n), "rb").read()
                typ, _ = c.append("INBOX", None, None, data)
                check(typ == "OK", "APPEND %s" % n)
        finally:
            c.logout()

    def marked(self) -> tuple:
        """(messages, messages carrying the ingested keyword)."""
        c = self.connect()
        try:
            c.select("INBOX")
            _, all_ = c.uid("SEARCH", "ALL")
            _, done = c.uid("SEARCH", "KEYWORD", "PackprodIngested")
            return len(all_[0].split()), len(done[0].split())
        finally:
            c.logout()

    def unmark_all(self) -> None:
        c = self.connect()
        try:
            c.select("INBOX")
            c.uid("STORE", "1:*", "-FLAGS", "(PackprodIngested)")
        finally:
            c.logout()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


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
    name = "woo-no-footer-needs-rule.eml"
    rules = os.path.join(SHOP.tmp, "rules.json")
    json.dump(EXPECTED[name]["rules"], open(rules, "w"))
    SHOP.cli("emails", "rules", "--client", SHOP.client, "--set", "@" + rules)
    p = SHOP.cli("emails", "replay", "--all", "--client", SHOP.client, check=False)
    check(p.returncode == 1, "others still fail: %d" % p.returncode)
    check(p.stdout.count(": imported order") == 1, p.stdout)
    check("10254" in order_refs(), "the fixed message's order is imported")
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

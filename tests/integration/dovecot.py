"""A private Dovecot IMAP server on loopback for tests and checks: its own config,
passwd-file login (USER / PASSWORD), Maildir under a temp dir; messages delivered with IMAP
APPEND. Used by test_email_imap.py and scripts/n8n-check."""
import grp
import imaplib
import os
import pwd
import shutil
import subprocess
import time

from harness import check, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "email")
USER, PASSWORD = "orders", "s3cret-imap-pass"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


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

    def deliver(self, names, folder: str = FIXTURES) -> None:
        c = self.connect()
        try:
            for n in names:
                data = open(os.path.join(folder, n), "rb").read()
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

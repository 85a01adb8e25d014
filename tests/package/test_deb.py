"""The Debian package end to end on this machine: cpack builds it, `dpkg -i` installs it
(user, state folder, config, store prepared), the units pass `systemd-analyze verify`,
the installed binary runs as the packprod user with the shipped config (serve on a free
port: healthz, dashboard, API with a key made the documented way), `dpkg -r` keeps the
data and config, `dpkg --purge` deletes them. Needs root and dpkg; exit 77 (skipped)
otherwise. Usage: test_deb.py BUILD_DIR"""
from __future__ import annotations

import glob
import http.client
import os
import pwd
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])


def sh(*cmd, check=True, **kw) -> subprocess.CompletedProcess:
    p = subprocess.run(list(cmd), capture_output=True, text=True, timeout=600, **kw)
    if check and p.returncode != 0:
        raise AssertionError("%s -> %s\n%s\n%s" % (" ".join(cmd), p.returncode, p.stdout[-2000:],
                                                   p.stderr[-2000:]))
    return p


def expect(cond, msg: str) -> None:
    if not cond:
        raise AssertionError(msg)


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port: int, path: str, key: str | None = None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path, headers={"Authorization": "Bearer " + key} if key else {})
    r = c.getresponse()
    return r.status, r.read()


def build_package(out: str) -> tuple[str, str]:
    sh("cmake", "--build", BUILD, "--target", "packprod", "man")
    sh("cpack", "-G", "DEB", "-B", out, cwd=BUILD)
    debs = glob.glob(os.path.join(out, "packprod_*.deb"))
    ddebs = glob.glob(os.path.join(out, "packprod-dbgsym_*.ddeb"))
    expect(len(debs) == 1 and len(ddebs) == 1, "packages: %s" % os.listdir(out))
    return debs[0], ddebs[0]


def check_contents(deb: str, ddeb: str) -> None:
    files = sh("dpkg-deb", "--contents", deb).stdout
    for path in ("./usr/bin/packprod", "./usr/share/packprod/web/index.html",
                 "./usr/share/man/man1/packprod.1.gz", "./etc/packprod/packprod.conf",
                 "/systemd/system/packprod.service", "/systemd/system/packprod-stream.service"):
        expect(path in files, "%s not in the package:\n%s" % (path, files[:3000]))
    expect("/usr/lib/debug/" in sh("dpkg-deb", "--contents", ddeb).stdout,
           "no debug symbols in the -dbgsym package")
    control = tempfile.mkdtemp()
    sh("dpkg-deb", "--control", deb, control)
    with open(os.path.join(control, "conffiles")) as f:
        expect("/etc/packprod/packprod.conf" in f.read(), "the config is not a conffile")
    with open(os.path.join(control, "control")) as f:
        text = f.read()
    expect("Depends:" in text and "libsqlite3" in text, "no shared-library dependencies:\n" + text)


def main() -> int:
    if os.geteuid() != 0 or not shutil.which("dpkg") or not shutil.which("cpack"):
        print("skipped: needs root, dpkg and cpack")
        return 77
    out = tempfile.mkdtemp(prefix="packprod-deb-")
    deb, ddeb = build_package(out)
    check_contents(deb, ddeb)
    sh("dpkg", "--purge", "packprod", check=False)  # a leftover of an earlier run
    sh("dpkg", "-i", deb)
    proc = None
    try:
        # What postinst made.
        user = pwd.getpwnam("packprod")
        st = os.stat("/var/lib/packprod")
        expect(st.st_uid == user.pw_uid and stat.S_IMODE(st.st_mode) == 0o750,
               "/var/lib/packprod: uid %s mode %o" % (st.st_uid, stat.S_IMODE(st.st_mode)))
        st = os.stat("/etc/packprod/packprod.conf")
        expect(st.st_uid == 0 and st.st_gid == user.pw_gid and stat.S_IMODE(st.st_mode) == 0o640,
               "config owner/mode: %s %s %o" % (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)))
        expect(os.path.exists("/var/lib/packprod/packprod.db"), "postinst did not prepare the store")
        p = sh("readelf", "-S", "/usr/bin/packprod")
        expect(".debug_info" not in p.stdout and ".gnu_debuglink" in p.stdout,
               "the installed binary is not stripped with a debug link")
        size = os.path.getsize("/usr/bin/packprod")
        print("installed binary: %.1f MB" % (size / 1e6))
        if shutil.which("systemd-analyze"):
            for unit in ("packprod.service", "packprod-stream.service"):
                path = sh("dpkg", "-L", "packprod").stdout.split()
                unit_path = next(x for x in path if x.endswith("/" + unit))
                p = sh("systemd-analyze", "verify", unit_path, check=False)
                expect(p.returncode == 0 and not p.stderr.strip(),
                       "systemd-analyze verify %s: %s" % (unit, p.stderr))
        # The README's steps, as the service user with the shipped config.
        run_as = ["runuser", "-u", "packprod", "--", "/usr/bin/packprod"]
        p = sh(*run_as, "keys", "create", "--client", "acme", "--role", "admin", cwd="/")
        key = p.stdout.strip().splitlines()[-1]
        port = free_port()
        log = open(os.path.join(out, "serve.log"), "wb")
        # As the packprod user directly (not through runuser) so that SIGTERM reaches serve.
        proc = subprocess.Popen(["/usr/bin/packprod", "serve", "--port", str(port)], cwd="/",
                                stdout=log, stderr=subprocess.STDOUT, user="packprod",
                                group="packprod", extra_groups=[], env={"PATH": "/usr/bin:/bin"})
        deadline = time.monotonic() + 20
        status = None
        while status is None and time.monotonic() < deadline:
            try:
                status, _ = get(port, "/healthz")
            except OSError:
                if proc.poll() is not None:
                    with open(os.path.join(out, "serve.log")) as f:
                        raise AssertionError("serve exited: " + f.read()[-2000:])
                time.sleep(0.1)
        expect(status == 200, "healthz: %s" % status)
        status, body = get(port, "/")
        expect(status == 200 and b"<html" in body.lower(), "dashboard: %s %s" % (status, body[:200]))
        status, _ = get(port, "/api/orders?limit=1", key)
        expect(status == 200, "API with the key: %s" % status)
        status, _ = get(port, "/api/orders?limit=1")
        expect(status == 401, "API without a key: %s" % status)
        proc.terminate()
        expect(proc.wait(15) == 0, "serve exits 0 on SIGTERM")
        proc = None
        # Remove: the data and the config stay.
        sh("dpkg", "-r", "packprod")
        expect(not os.path.exists("/usr/bin/packprod"), "dpkg -r left the binary")
        expect(os.path.exists("/var/lib/packprod/packprod.db"), "dpkg -r deleted the store")
        expect(os.path.exists("/etc/packprod/packprod.conf"), "dpkg -r deleted the config")
        # Purge: both go.
        sh("dpkg", "--purge", "packprod")
        expect(not os.path.exists("/var/lib/packprod"), "dpkg --purge left /var/lib/packprod")
        expect(not os.path.exists("/etc/packprod"), "dpkg --purge left /etc/packprod")
    finally:
        if proc is not None:
            proc.kill()
            proc.wait(10)
        sh("dpkg", "--purge", "packprod", check=False)
        shutil.rmtree(out, ignore_errors=True)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print("FAIL", e)
        print("0 passed, 1 failed")
        sys.exit(1)

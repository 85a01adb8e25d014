"""deploy/nginx/packprod.conf in front of a real `packprod serve`, with a self-signed
certificate made by openssl: HTTP redirects to HTTPS; over HTTPS with HTTP/2 the
dashboard, the API (with a key) and /api/events, whose events arrive while the stream is
open (buffering off); a body over --body-limit gets 413 from nginx. The shipped file is
used as it is, with only its ports, upstream port and certificate paths replaced."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Shop, check, free_port, main, order  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.path.join(ROOT, "deploy", "nginx", "packprod.conf")


def nginx_exe() -> str:
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else "")
    check(exe, "nginx not found (scripts/install-deps installs nginx-light)")
    return exe


def curl(*args, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "--insecure", *args], capture_output=True, timeout=timeout)


def start_nginx(tmp: str, upstream: int, https: int, http: int) -> subprocess.Popen:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", os.path.join(tmp, "key.pem"),
                    "-out", os.path.join(tmp, "cert.pem")], check=True, capture_output=True,
                   timeout=60)
    with open(SITE) as f:
        site = f.read()
    site = site.replace("127.0.0.1:8080", "127.0.0.1:%d" % upstream)
    site = re.sub(r"listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 443 ", "listen 127.0.0.1:%d " % https)
    site = site.replace("listen 80;", "listen 127.0.0.1:%d;" % http)
    site = site.replace("/etc/ssl/certs/packprod.pem", os.path.join(tmp, "cert.pem"))
    site = site.replace("/etc/ssl/private/packprod.key", os.path.join(tmp, "key.pem"))
    site = site.replace("shared:packprod:10m", "shared:packprod_%d:1m" % https)
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(("user root;\n" if os.geteuid() == 0 else "") + """
worker_processes 1;
error_log %(tmp)s/error.log info;
pid %(tmp)s/nginx.pid;
events { worker_connections 256; }
http {
  access_log %(tmp)s/access.log;
  client_body_temp_path %(tmp)s/body;
  proxy_temp_path %(tmp)s/proxy;
  fastcgi_temp_path %(tmp)s/fastcgi;
  uwsgi_temp_path %(tmp)s/uwsgi;
  scgi_temp_path %(tmp)s/scgi;
  %(site)s
}
""" % {"tmp": tmp, "site": site})
    t = subprocess.run([nginx_exe(), "-t", "-p", tmp, "-c", conf], capture_output=True, text=True)
    check(t.returncode == 0, "nginx -t: %s" % t.stderr)
    proc = subprocess.Popen([nginx_exe(), "-p", tmp, "-c", conf, "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if curl("-o", "/dev/null", "https://127.0.0.1:%d/healthz" % https).returncode == 0:
            return proc
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("nginx did not answer")


def test_dashboard_api_and_events_through_nginx():
    shop = Shop()
    shop.start()
    https, http = free_port(), free_port()
    nginx = start_nginx(shop.tmp, shop.port, https, http)
    base = "https://127.0.0.1:%d" % https
    auth = "Authorization: Bearer " + shop.key
    try:
        p = curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                 "http://127.0.0.1:%d/api/orders" % http)
        check(p.stdout.decode().startswith("301 https://"), "HTTP redirects: %s" % p.stdout)
        p = curl("--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                 base + "/healthz")
        check(p.stdout.decode() == "2 200", "HTTP/2 healthz: %s %s" % (p.stdout, p.stderr))
        p = curl("--http2", base + "/")
        check(b"<html" in p.stdout.lower() or b"<!doctype html" in p.stdout.lower(),
              "dashboard: %s" % p.stdout[:200])
        body = json.dumps({"orders": [order("NGX-1")]})
        p = curl("--http2", "-H", auth, "-H", "Content-Type: application/json", "-d", body,
                 "-w", "\n%{http_code}", base + "/admin/contacts/import")
        check(p.stdout.decode().endswith("\n200"), "import through nginx: %s" % p.stdout[-300:])
        p = curl("--http2", "-H", auth, base + "/api/orders?limit=5")
        check(b"NGX-1" in p.stdout, "API through nginx: %s" % p.stdout[:300])
        p = curl("--http2", "-H", auth, "-o", "/dev/null", "-w", "%{http_code}",
                 base + "/api/orders")
        check(p.stdout == b"200", "API: %s" % p.stdout)
        # A body over client_max_body_size (= --body-limit's default) stops at nginx.
        big = os.path.join(shop.tmp, "big.json")
        with open(big, "wb") as f:
            f.write(b"[" + b" " * (1 << 20) + b"]")
        p = curl("--http2", "-H", auth, "-H", "Content-Type: application/json",
                 "--data-binary", "@" + big, "-o", "/dev/null", "-w", "%{http_code}",
                 base + "/admin/contacts/import")
        check(p.stdout == b"413", "body limit: %s" % p.stdout)
        # Events arrive while the stream is open: an import after subscribing is seen
        # before curl's time is up (a buffered proxy would hold them back).
        events = subprocess.Popen(["curl", "-sS", "-N", "--insecure", "--http2", "--max-time", "8",
                                   "-H", auth, base + "/api/events"], stdout=subprocess.PIPE)
        time.sleep(1.0)
        status, _, _ = shop.request("POST", "/admin/contacts/import",
                                    {"orders": [order("NGX-2", email="sse@example.com")]})
        check(status == 200, "import: %s" % status)
        out = b""
        deadline = time.monotonic() + 7
        os.set_blocking(events.stdout.fileno(), False)
        while time.monotonic() < deadline and b"event:" not in out:
            chunk = events.stdout.read()
            if chunk:
                out += chunk
            time.sleep(0.05)
        events.kill()
        events.wait(10)
        check(b": connected" in out, "the stream's preamble through nginx: %r" % out[:300])
        check(b"event:" in out, "no event arrived through nginx while open: %r" % out[:500])
    finally:
        nginx.terminate()
        nginx.wait(10)
        shop.stop()


if __name__ == "__main__":
    main([test_dashboard_api_and_events_through_nginx])

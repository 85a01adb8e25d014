"""The dashboard's static files over real HTTP: no request target, however spelled, reads a
file outside the dashboard folder (the built web/dist, given as an absolute and as a
relative --web, and a copy holding symlinks that point out of it). Raw request targets
go over a plain socket, exactly as written (like `curl --path-as-is`). Every response of
the dashboard carries the security headers; API responses are never cached."""
import os
import shutil
import socket
import sys
import urllib.parse

from harness import Shop, check, main

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DIST = os.path.join(REPO, "web", "dist")
MARKER = "probe-marker-7d1c4e"  # in the server's environment, so in /proc/self/environ


def raw_get(port: int, target: bytes, timeout: float = 10) -> tuple:
    """Sends `GET target` byte for byte; returns (status, headers dict lower-cased, body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


class Secrets:
    """Files outside the dashboard and a byte string that only each file holds."""

    def __init__(self, shop: Shop):
        secret = os.path.join(shop.tmp, "secret.txt")
        with open(secret, "w") as f:
            f.write("top-secret-" + MARKER)
        self.files = {
            secret: b"top-secret-",
            shop.db.split(":", 1)[1]: b"SQLite format 3",
            "/etc/passwd": b"root:",
            "/proc/self/environ": MARKER.encode(),
            os.path.join(REPO, "web", "package.json"): b"packprod-dashboard",
        }

    def leaked(self, body: bytes) -> list:
        return [path for path, needle in self.files.items() if needle in body]


def unclean_targets(root: str, files) -> list:
    """Every spelling of every file's path that must be a 404: slashes doubled and
    tripled, '/' and '\\' percent-encoded, '..' in every encoding, NUL, overlong UTF-8."""
    depth = len(os.path.abspath(root).strip("/").split("/"))
    out = []
    for path in files:
        rel = path.lstrip("/")
        out += ["/" + path, "//" + path, "/" + urllib.parse.quote(path, safe=""),
                "/" + urllib.parse.quote(path, safe="").lower(), "/%2F" + rel,
                "/" + path.replace("/", "%5C"), "/" + path.replace("/", "\\"),
                "/index.html%00" + path, "/%00" + path, "/assets/.." + path]
        for dots in ("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%c0%ae%c0%ae",
                     "%e0%80%ae%e0%80%ae"):
            for sep in ("/", "%2f", "%2F", "%5c", "\\", "%c0%af"):
                out.append("/" + (dots + sep) * depth + rel.replace("/", sep))
    return out


def check_server(shop: Shop, secrets: Secrets, root: str, label: str) -> None:
    targets = unclean_targets(root, secrets.files)
    for target in targets:
        status, _, body = raw_get(shop.port, target.encode("latin-1"))
        check(not secrets.leaked(body), "%s %s leaked %s" % (label, target, secrets.leaked(body)))
        # A raw '\' is not allowed in a URL: the server refuses the target (400) before
        # any handler; every other spelling reaches the dashboard's resolver (404).
        want = 400 if "\\" in target else 404
        check(status == want, "%s %s: status %d, want %d" % (label, target, status, want))
        check(b'id="root"' not in body, "%s %s: got index.html" % (label, target))
    # A clean path where nothing is: the dashboard (a client-side route) or, for a name
    # with a file type the dashboard ships (.txt, .json), a 404; never the file.
    for path in secrets.files:
        status, _, body = raw_get(shop.port, path.encode())
        check(not secrets.leaked(body), "%s %s leaked" % (label, path))
        check(status == 404 or (status == 200 and b'id="root"' in body),
              "%s %s: %d" % (label, path, status))
    # Absolute-form and malformed targets never reach a file either.
    for target in (b"http://probe//etc/passwd", b"file:///etc/passwd", b"*"):
        status, _, body = raw_get(shop.port, target)
        check(not secrets.leaked(body) and status in (400, 404), "%s %r: %d" % (label, target,
                                                                               status))
    print("%s: %d unclean targets, all 404 without the file" % (label, len(targets)), flush=True)


def dashboard_served(shop: Shop, label: str) -> None:
    status, headers, body = raw_get(shop.port, b"/")
    check(status == 200 and b'id="root"' in body, "%s /: %d" % (label, status))
    assets = sorted(os.listdir(os.path.join(DIST, "assets")))
    check(assets, "the built dashboard has assets")
    status, _, body = raw_get(shop.port, ("/assets/" + assets[0]).encode())
    with open(os.path.join(DIST, "assets", assets[0]), "rb") as f:
        check(status == 200 and body == f.read(), "%s asset %s: %d" % (label, assets[0], status))


def start(shop: Shop, web: str, cwd: str) -> None:
    saved = os.getcwd()
    os.environ["PACKPROD_PROBE"] = MARKER
    os.chdir(cwd)
    try:
        shop.start("--web", web, "--no-stream")
    finally:
        os.chdir(saved)


def built_dashboard_absolute_root() -> None:
    shop = Shop()
    try:
        start(shop, DIST, shop.tmp)
        dashboard_served(shop, "absolute")
        check_server(shop, Secrets(shop), DIST, "absolute --web")
    finally:
        shop.stop()


def built_dashboard_relative_root() -> None:
    shop = Shop()
    try:
        start(shop, os.path.join("web", "dist"), REPO)
        dashboard_served(shop, "relative")
        check_server(shop, Secrets(shop), DIST, "relative --web")
    finally:
        shop.stop()


def symlinks_out_of_the_root_are_not_followed() -> None:
    shop = Shop()
    try:
        root = os.path.join(shop.tmp, "dist")
        shutil.copytree(DIST, root)
        secrets = Secrets(shop)
        secret = next(iter(secrets.files))
        os.symlink(secret, os.path.join(root, "secret-link"))
        os.symlink("../../secret.txt", os.path.join(root, "assets", "up-link.js"))
        os.symlink(shop.tmp, os.path.join(root, "tmp-link"))
        os.symlink("/etc/passwd", os.path.join(root, "passwd.txt"))
        start(shop, "dist", shop.tmp)
        for target in (b"/secret-link", b"/assets/up-link.js", b"/tmp-link/secret.txt",
                       b"/tmp-link/shop.db", b"/passwd.txt"):
            status, _, body = raw_get(shop.port, target)
            check(not secrets.leaked(body), "%r leaked" % target)
            check(status == 404, "%r: status %d" % (target, status))
        check_server(shop, secrets, root, "copy with symlinks")
    finally:
        shop.stop()


def dashboard_and_api_headers() -> None:
    shop = Shop()
    try:
        start(shop, DIST, shop.tmp)
        for target in (b"/", b"/customers/abc", b"/index.html", b"//etc/passwd",
                       b"/assets/missing.js"):
            status, headers, _ = raw_get(shop.port, target)
            csp = headers.get("content-security-policy", "")
            check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp
                  and "unsafe-inline" not in csp, "%r CSP: %r" % (target, csp))
            check(headers.get("x-content-type-options") == "nosniff", "%r nosniff" % target)
            check(headers.get("x-frame-options") == "DENY", "%r X-Frame-Options" % target)
            check(headers.get("referrer-policy") == "no-referrer", "%r Referrer-Policy" % target)
        for method, path, key in (("GET", "/api/orders", "default"), ("GET", "/api/orders", None),
                                  ("GET", "/healthz", None), ("GET", "/metrics", "default"),
                                  ("GET", "/api/nothing", "default"),
                                  ("PUT", "/api/orders", "default"),
                                  ("GET", "/api/orders?limit=x", "default")):
            status, _, headers = shop.request(method, path, key=key)
            check(headers.get("Cache-Control") == "no-store",
                  "%s %s (%d): Cache-Control %r" % (method, path, status,
                                                   headers.get("Cache-Control")))
    finally:
        shop.stop()


if __name__ == "__main__":
    if not os.path.exists(os.path.join(DIST, "index.html")):
        print("the dashboard is not built (make build builds web/dist)", file=sys.stderr)
        sys.exit(1)
    main([built_dashboard_absolute_root, built_dashboard_relative_root,
          symlinks_out_of_the_root_are_not_followed, dashboard_and_api_headers])

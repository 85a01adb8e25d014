"""The server's limits over real sockets against a real `packprod serve`: the total budget
for request bodies (many slow uploaders declaring 1 MiB each: resident memory stays
bounded, they get 503 with Retry-After, a normal client is still served), the eviction
of the longest-idle keep-alive connection when every slot is taken, and the open-file
limit (raised to the hard one, --max-connections lowered below it, said in the log)."""
import http.client
import os
import resource
import socket
import subprocess
import time

from harness import BIN, Shop, check, free_port, main, order

MiB = 1 << 20


def rss_mib(pid: int) -> float:
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS for %d" % pid)


def read_log(shop: Shop) -> str:
    with open(os.path.join(shop.tmp, "serve.log"), encoding="utf-8", errors="replace") as f:
        return f.read()


def upload_header(key: str, length: int) -> bytes:
    return ("POST /admin/contacts/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (key, length)).encode()


def body_budget_bounds_memory() -> None:
    shop = Shop("budget")
    # 8 MiB in all: large bodies may take 6 MiB of it, small ones the rest.
    shop.start("--body-budget", str(8 * MiB), "--read-timeout", "20")
    socks = []
    try:
        base = rss_mib(shop.proc.pid)
        for _ in range(150):
            s = socket.create_connection(("127.0.0.1", shop.port), timeout=5)
            s.sendall(upload_header(shop.key, MiB))
            socks.append(s)
        chunk = b"x" * (100 * 1024)
        for _ in range(9):  # 900 KiB of each declared 1 MiB, never finished
            for s in socks:
                try:
                    s.sendall(chunk)
                except OSError:
                    pass  # refused and closed: fine
        time.sleep(0.5)
        grown = rss_mib(shop.proc.pid) - base
        # Without the budget the bodies alone would hold 150 x 0.9 MiB = 135 MiB.
        check(grown < 48, "resident memory grew by %.0f MiB under 150 slow uploads" % grown)
        refused = 0
        for s in socks:
            s.settimeout(0.2)
            try:
                head = s.recv(4096)
            except OSError:
                continue
            if head.startswith(b"HTTP/1.1 503") and b"Retry-After:" in head:
                refused += 1
        check(refused >= 140, "only %d of 150 uploads refused with 503 + Retry-After" % refused)
        # A normal client is still served: reads, and a small import.
        status, doc, _ = shop.request("GET", "/api/client")
        check(status == 200, "GET /api/client during the flood: %s" % status)
        status, doc, _ = shop.request("POST", "/admin/contacts/import", order("B-1"))
        check(status == 200, "small import during the flood: %s %s" % (status, doc))
    finally:
        for s in socks:
            s.close()
    try:
        # Released: a large import goes through again.
        deadline = time.monotonic() + 10
        big = {"orders": [order("BIG-%d" % i) for i in range(600)]}  # > 64 KiB
        while True:
            status, doc, _ = shop.request("POST", "/admin/contacts/import", big)
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        check(status == 200, "large import after the flood: %s %s" % (status, doc))
    finally:
        shop.stop()


def keep_alive(shop: Shop) -> http.client.HTTPConnection:
    c = http.client.HTTPConnection("127.0.0.1", shop.port, timeout=5)
    c.request("GET", "/healthz")
    r = c.getresponse()
    r.read()
    check(r.status == 200, "keep-alive request: %s" % r.status)
    return c


def idle_connections_make_room() -> None:
    shop = Shop("evict")
    shop.start("--max-connections", "20")
    conns = []
    try:
        for _ in range(20):
            conns.append(keep_alive(shop))
            time.sleep(0.01)  # distinct idle times: the first is the oldest
        status, _, _ = shop.request("GET", "/api/client")
        check(status == 200, "new client while idle connections fill the slots: %s" % status)
        # The oldest idle one was closed to make room; the newest still works.
        time.sleep(0.2)
        closed = False
        try:
            conns[0].request("GET", "/healthz")
            conns[0].getresponse().read()
        except (http.client.HTTPException, OSError):
            closed = True
        check(closed, "the oldest idle connection is still open")
        conns[-1].request("GET", "/healthz")
        check(conns[-1].getresponse().status == 200, "the newest idle connection was closed")
    finally:
        for c in conns:
            c.close()
    time.sleep(0.3)
    # Fresh connections that never sent a request are not idle keep-alives: refused.
    raw = []
    try:
        for _ in range(20):
            raw.append(socket.create_connection(("127.0.0.1", shop.port), timeout=5))
        time.sleep(0.3)
        status, doc, headers = shop.request("GET", "/api/client")
        check(status == 503 and headers.get("Retry-After"),
              "new client with every slot reading: %s %s" % (status, doc))
    finally:
        for s in raw:
            s.close()
        shop.stop()


def start_limited(shop: Shop, soft: int, hard: int) -> subprocess.Popen:
    shop.port = free_port()
    log = open(os.path.join(shop.tmp, "serve.log"), "ab")

    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    proc = subprocess.Popen([BIN, "serve", "--db", shop.db, "--port", str(shop.port)],
                            stdout=log, stderr=subprocess.STDOUT, preexec_fn=limit)
    shop.proc = proc
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if shop.request("GET", "/healthz", key=None)[0] == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    raise AssertionError("server did not start under the limit")


def descriptor_limit_caps_connections() -> None:
    shop = Shop("fds")
    start_limited(shop, 128, 256)
    socks = []
    try:
        text = read_log(shop)
        check("raised the open-file limit from 128 to 256" in text, "log: %s" % text[-2000:])
        check("max connections lowered from 10000 to 192" in text, "log: %s" % text[-2000:])
        with open("/proc/%d/limits" % shop.proc.pid) as f:
            line = next(ln for ln in f if ln.startswith("Max open files"))
        check(line.split()[3:5] == ["256", "256"], "limits: %s" % line)
        # More connections than the cap: the extra ones are answered, never EMFILE.
        for _ in range(210):
            socks.append(socket.create_connection(("127.0.0.1", shop.port), timeout=5))
        time.sleep(0.5)
        for s in socks:
            s.close()
        socks = []
        time.sleep(0.3)
        status, _, _ = shop.request("GET", "/api/client")
        check(status == 200, "served after the burst: %s" % status)
        check("Too many open files" not in read_log(shop), "EMFILE in the log")
    finally:
        for s in socks:
            s.close()
        shop.stop()


if __name__ == "__main__":
    main([body_budget_bounds_memory, idle_connections_make_room,
          descriptor_limit_caps_connections])

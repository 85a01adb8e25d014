"""2,000 idle keep-alive connections and a slow-drip client are held open while another
client keeps getting quick answers; the server's resident memory stays bounded (printed:
before, while holding, and the cost per connection) and the drip client is dropped after
the read timeout."""
import os
import resource
import selectors
import socket
import statistics
import threading
import time

from harness import Shop, check, main

IDLE = 2000
READ_TIMEOUT_S = 5
SHOP = Shop()


def rss_bytes(pid: int) -> int:
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 3 * IDLE + 1000)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def open_idle(n: int) -> list:
    """n connections that each had one request answered, then stay idle (keep-alive)."""
    socks = []
    sel = selectors.DefaultSelector()
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", SHOP.port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        socks.append(s)
        sel.register(s, selectors.EVENT_READ, b"")
    pending = n
    deadline = time.monotonic() + 30
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            got = key.data + key.fileobj.recv(4096)
            if b'{"status":"ok"}' in got:
                sel.unregister(key.fileobj)
                pending -= 1
            else:
                sel.modify(key.fileobj, selectors.EVENT_READ, got)
    sel.close()
    check(not pending, "%d of %d idle connections got no answer" % (pending, n))
    return socks


def open_connections_metric() -> float:
    c = socket.create_connection(("127.0.0.1", SHOP.port), timeout=10)
    try:
        c.sendall(("GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                   "Authorization: Bearer %s\r\n\r\n" % SHOP.key).encode())
        data = b""
        while True:
            b = c.recv(65536)
            if not b:
                break
            data += b
    finally:
        c.close()
    for line in data.decode().splitlines():
        if line.startswith("packprod_http_open_connections "):
            return float(line.split()[1])
    raise AssertionError("no packprod_http_open_connections in /metrics")


def drip(sock: socket.socket, stop: threading.Event, sent: list) -> None:
    """Sends a request header one byte every 200 ms until the server hangs up."""
    header = b"GET /api/customers HTTP/1.1\r\nHost: t\r\nX-Padding: " + b"x" * 400
    for b in header:
        if stop.wait(0.2):
            return
        try:
            sock.sendall(bytes([b]))
            sent.append(time.monotonic())
        except OSError:
            return


def idle_and_drip_do_not_hurt_others() -> None:
    for i in range(20):
        SHOP.request("GET", "/api/customers?limit=1")
    before = rss_bytes(SHOP.proc.pid)
    t0 = time.monotonic()
    idle = open_idle(IDLE)
    opened_s = time.monotonic() - t0
    slow = socket.create_connection(("127.0.0.1", SHOP.port), timeout=READ_TIMEOUT_S + 10)
    stop, sent = threading.Event(), []
    dripper = threading.Thread(target=drip, args=(slow, stop, sent), daemon=True)
    dripper.start()
    drip_start = time.monotonic()
    try:
        lat = []
        for i in range(200):
            t = time.monotonic()
            status, _, _ = SHOP.request("GET", "/api/customers?limit=5")
            lat.append((time.monotonic() - t) * 1000)
            check(status == 200, "status %s while %d connections are idle" % (status, IDLE))
        holding = rss_bytes(SHOP.proc.pid)
        conns = open_connections_metric()
        lat.sort()
        print("opened %d idle connections in %.1f s; open_connections metric %d"
              % (IDLE, opened_s, conns))
        print("RSS before %.1f MiB, with %d idle + 1 drip connections %.1f MiB "
              "(+%.1f MiB, %.1f KiB per connection)"
              % (before / 2**20, IDLE, holding / 2**20, (holding - before) / 2**20,
                 (holding - before) / 1024 / IDLE))
        print("other client meanwhile: median %.1f ms, p99 %.1f ms, max %.1f ms over %d requests"
              % (statistics.median(lat), lat[int(len(lat) * 0.99) - 1], lat[-1], len(lat)))
        check(conns >= IDLE, "open_connections %s < %d" % (conns, IDLE))
        check(holding - before < 64 * 2**20, "RSS grew by %.1f MiB" % ((holding - before) / 2**20))
        # the drip client is dropped once the read timeout has passed
        slow.settimeout(READ_TIMEOUT_S + 5)
        try:
            data = slow.recv(100)
        except ConnectionResetError:
            data = b""
        dropped_after = time.monotonic() - drip_start
        print("slow-drip client dropped after %.1f s (read timeout %d s, %d bytes sent)"
              % (dropped_after, READ_TIMEOUT_S, len(sent)))
        check(dropped_after < READ_TIMEOUT_S + 3, "drip client held %.1f s" % dropped_after)
        check(data == b"" or data.startswith(b"HTTP/1.1 4"), "drip client got %r" % data[:40])
    finally:
        stop.set()
        slow.close()
        for s in idle:
            s.close()
    check(SHOP.request("GET", "/healthz", key=None)[0] == 200, "healthz after the load")


if __name__ == "__main__":
    raise_fd_limit()
    SHOP.start("--read-timeout", str(READ_TIMEOUT_S), "--idle-timeout", "60",
               "--max-connections", str(IDLE + 100))
    try:
        main([idle_and_drip_do_not_hurt_others])
    finally:
        SHOP.stop()

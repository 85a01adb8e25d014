"""Test servers for the digest and alerts tests: a real SMTP server (aiosmtpd, Debian's
python3-aiosmtpd) that keeps what it receives, optionally with AUTH and STARTTLS; an
HTTP listener that records webhook POSTs and answers a scripted status; and a TCP
listener that accepts and never answers (an SMTP server that hangs)."""
from __future__ import annotations

import email
import email.policy
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
except ImportError:  # the Debian package's modules, when another interpreter runs the test
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class SmtpSink:
    """An SMTP server on loopback. `messages`: (envelope sender, recipients, parsed message)."""

    def __init__(self, username: str | None = None, password: str | None = None,
                 tls_context: ssl.SSLContext | None = None, implicit_tls: bool = False):
        self.messages = []
        self.cond = threading.Condition()
        self.port = _free_port()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                               policy=email.policy.default)
                with sink.cond:
                    sink.messages.append((envelope.mail_from, list(envelope.rcpt_tos), msg,
                                          envelope.original_content or envelope.content))
                    sink.cond.notify_all()
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == username and auth_data.password.decode() == password)
            return AuthResult(success=ok)

        kw = {}
        if username is not None:
            kw.update(authenticator=authenticator, auth_require_tls=tls_context is not None)
        if tls_context is not None and implicit_tls:
            kw.update(ssl_context=tls_context)  # smtps: TLS from the first byte
        elif tls_context is not None:
            kw.update(tls_context=tls_context, require_starttls=True)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **kw)
        self.controller.start()

    def wait(self, n: int, timeout: float = 20):
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.messages) >= n, timeout):
                raise AssertionError("expected %d message(s), got %d" % (n, len(self.messages)))
            return list(self.messages)

    def stop(self):
        self.controller.stop()


def self_signed(tmp: str) -> tuple[ssl.SSLContext, str]:
    """A server context with a fresh self-signed certificate for 127.0.0.1, and the
    certificate's path (the CA file a client must trust)."""
    cert, key = os.path.join(tmp, "smtp-cert.pem"), os.path.join(tmp, "smtp-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=60)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx, cert


class WebhookListener:
    """Records POSTed JSON bodies; answers statuses[i] to the i-th request (then 200)."""

    def __init__(self, statuses=()):
        self.bodies = []
        self.statuses = list(statuses)
        self.cond = threading.Condition()
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                with listener.cond:
                    i = len(listener.bodies)
                    listener.bodies.append((self.headers.get("Content-Type"), json.loads(body)))
                    listener.cond.notify_all()
                status = listener.statuses[i] if i < len(listener.statuses) else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = "http://127.0.0.1:%d/hook/secret-token" % self.port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, n: int, timeout: float = 20):
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.bodies) >= n, timeout):
                raise AssertionError("expected %d webhook call(s), got %d" % (n, len(self.bodies)))
            return list(self.bodies)

    def stop(self):
        self.server.shutdown()


class SilentServer:
    """Accepts TCP connections and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)

    def stop(self):
        self.sock.close()
        for c in self.conns:
            c.close()

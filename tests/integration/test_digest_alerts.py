"""Weekly digest and alerts end to end: a real SMTP server (aiosmtpd) receives the
digest and the alert mails, a real HTTP listener the webhooks; `serve` sends the digest
on schedule once per week across a restart; alerts fire once and resolve once; a
webhook answering 500 and a wrong SMTP password are retried and visible in GET
/api/alerts, and a hanging SMTP server blocks neither imports nor reads."""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Shop, check  # noqa: E402
from mail_sink import SilentServer, SmtpSink, WebhookListener, self_signed  # noqa: E402

TZ = zoneinfo.ZoneInfo("Australia/Sydney")
TOOLS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                     "tools", "openapi")


def matches_spec(doc: dict) -> None:
    """GET /api/alerts' body against docs/openapi.yaml (when Node.js and the tools are there)."""
    if not shutil.which("node") or not os.path.isdir(os.path.join(TOOLS, "node_modules")):
        print("node or tools/openapi/node_modules missing: schema check skipped")
        return
    p = subprocess.run(["node", os.path.join(TOOLS, "check-schema.mjs"), "AlertsResponse"],
                       input=json.dumps(doc), capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, "GET /api/alerts does not match the spec: %s%s" % (p.stdout, p.stderr))


def last_week_monday() -> dt.date:
    today = dt.datetime.now(TZ).date()
    return today - dt.timedelta(days=today.weekday() + 7)


def local(day: dt.date, hour: int) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ).isoformat()


def import_orders(shop: Shop, orders: list) -> None:
    path = os.path.join(shop.tmp, "orders-%d.jsonl" % time.monotonic_ns())
    with open(path, "w") as f:
        for o in orders:
            f.write(json.dumps(o) + "\n")
    shop.cli("import", path, "--client", shop.client)


def order(ref, email, created, total, code="BOX-1", name="Box", qty=1):
    unit = "%.2f" % (float(total) / qty)
    return {"orderReference": ref, "createdAt": created, "status": "completed",
            "customer": {"email": email, "name": "Name " + ref}, "total": total,
            "items": [{"code": code, "name": name, "quantity": qty, "unitPrice": unit}]}


def settings(smtp_port: int, **extra) -> str:
    s = {"recipients": ["owner@shop.example", "ops@shop.example"],
         "smtp": {"url": "smtp://127.0.0.1:%d" % smtp_port, "from": "packprod@shop.example",
                  "starttls": "off"}}
    s.update(extra)
    return json.dumps(s)


def wait_for(fn, what: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def test_digest_cli(shop: Shop, smtp: SmtpSink) -> None:
    mon = last_week_monday()
    prev = mon - dt.timedelta(days=7)
    today = dt.datetime.now(TZ).date()
    vip_last = dt.datetime(mon.year, mon.month, mon.day, 12, tzinfo=TZ) + dt.timedelta(days=2) \
        - dt.timedelta(days=181)
    this_monday = dt.datetime(mon.year, mon.month, mon.day, tzinfo=TZ) + dt.timedelta(days=7)
    # Outside both weeks: this week's first instant (unless that is under 2 hours ago,
    # when the alert test below could not see the newest order as over an hour old).
    # Another code: a product's name is its latest order's, whatever the period, and
    # BOX-1's must stay W1's (the escaping checks below).
    after = [order("X1", "c@example.com", this_monday.isoformat(), "999.00", "X-1", "Other")] \
        if dt.datetime.now(TZ) - this_monday > dt.timedelta(hours=2) else []
    import_orders(shop, after + [
        order("W1", "a@example.com", local(mon, 10), "100.00", "BOX-1", "Box <small>", 2),
        order("W2", "b@example.com", local(mon + dt.timedelta(days=6), 23), "50.50", "TAPE", "Tape"),
        order("W3", "a@example.com", local(mon + dt.timedelta(days=3), 9), "20.00", "TAPE", "Tape"),
        order("P1", "c@example.com", local(prev + dt.timedelta(days=1), 9), "80.00"),
        order("V1", "vip@example.com", (vip_last - dt.timedelta(days=30)).isoformat(), "3000.00"),
        order("V2", "vip@example.com", vip_last.isoformat(), "3000.00"),
    ] + [  # every 10 days until 40 days ago: 30 days past its expected reorder (overdue)
        order("R%d" % n, "r@example.com", local(today - dt.timedelta(days=d), 12), "10.00", "WRAP")
        for n, d in ((1, 60), (2, 50), (3, 40))
    ])
    shop.cli("rebuild", "--client", shop.client)  # the views the digest reads

    text = shop.cli("digest", "--client", shop.client).stdout
    check("%s to %s" % (mon, mon + dt.timedelta(days=6)) in text, text)
    lines = {l.split()[0]: l.split() for l in text.splitlines() if l.strip()}
    check(lines["Orders"][1:4] == ["3", "1", "+200%"], lines["Orders"])
    check(lines["Revenue"][1:5] == ["170.50", "AUD", "80.00", "AUD"], lines["Revenue"])
    check("BOX-1 Box <small>: 2 units in 1 orders, 100.00 AUD" in text, text)
    check("TAPE Tape: 2 units in 2 orders, 70.50 AUD" in text, text)
    check(text.index("BOX-1") < text.index("TAPE "), "top products by revenue")
    check("vip@example.com" in text, "newly dormant VIP listed: " + text)
    check("Order e-mails waiting in the failure queue: 0" in text, text)
    check("Name R3 <r@example.com>: every 10 days, expected %s, 30 days late, average order "
          "10.00 AUD" % (today - dt.timedelta(days=30)) in text, "overdue reorder: " + text)

    html_path = os.path.join(shop.tmp, "digest.html")
    shop.cli("digest", "--client", shop.client, "--preview", html_path)
    html = open(html_path, encoding="utf-8").read()
    check(html.startswith("<!DOCTYPE html>"), html[:40])
    check("Box &lt;small&gt;" in html and "<small>" not in html, "escaped product name")

    # --send needs settings; then one message, and only once per week.
    p = shop.cli("digest", "--client", shop.client, "--send", check=False)
    check(p.returncode == 2 and "notify set" in p.stderr, p.stderr)
    bad = shop.cli("notify", "set", "--client", shop.client,
                   '{"smtp":{"url":"http://x","from":"a@b"}}', check=False)
    check(bad.returncode == 2 and "smtp.url: must start with smtp://" in bad.stderr, bad.stderr)
    shop.cli("notify", "set", "--client", shop.client, settings(smtp.port))
    shop.cli("digest", "--client", shop.client, "--send")
    (sender, rcpts, msg, raw), = smtp.wait(1)
    check(sender == "packprod@shop.example", sender)
    check(sorted(rcpts) == ["ops@shop.example", "owner@shop.example"], rcpts)
    check(msg.get_content_type() == "multipart/alternative", msg.get_content_type())
    check("week of %s" % mon in msg["Subject"], msg["Subject"])
    parts = [p.get_content_type() for p in msg.iter_parts()]
    check(parts == ["text/plain", "text/html"], parts)
    plain = msg.get_body(("plain",)).get_content()
    html_part = msg.get_body(("html",)).get_content()
    check("TAPE Tape: 2 units in 2 orders, 70.50 AUD" in plain, plain)
    check("Box &lt;small&gt;" in html_part, "html part escaped")
    check(all(len(l) <= 78 for l in raw.split(b"\r\n")), "lines within 78 octets")
    again = shop.cli("digest", "--client", shop.client, "--send", check=False)
    check(again.returncode == 1 and "already sent" in again.stderr, again.stderr)
    time.sleep(0.5)
    check(len(smtp.messages) == 1, "sent once")
    shop.cli("digest", "--client", shop.client, "--send", "--force")
    smtp.wait(2)


def test_tls(shop: Shop) -> None:
    """STARTTLS (required, with AUTH only over TLS) and smtps://, trusting a CA file; and
    starttls "required" refusing a server that does not offer it."""
    ctx, cert = self_signed(shop.tmp)
    os.environ["IT_TLS_PASSWORD"] = "s3cret"
    try:
        for implicit in (False, True):
            server = SmtpSink(username="packprod", password="s3cret", tls_context=ctx,
                              implicit_tls=implicit)
            try:
                s = json.loads(settings(server.port))
                s["smtp"].update(url="%s://127.0.0.1:%d" % ("smtps" if implicit else "smtp",
                                                           server.port),
                                 starttls="required", username="packprod",
                                 passwordEnv="IT_TLS_PASSWORD", caFile=cert)
                shop.cli("notify", "set", "--client", shop.client, json.dumps(s))
                shop.cli("digest", "--client", shop.client, "--send", "--force")
                (_, _, msg, _), = server.wait(1)
                check(msg.get_content_type() == "multipart/alternative", "over TLS")
            finally:
                server.stop()
        plain = SmtpSink()
        try:
            s = json.loads(settings(plain.port))
            s["smtp"]["starttls"] = "required"
            shop.cli("notify", "set", "--client", shop.client, json.dumps(s))
            p = shop.cli("digest", "--client", shop.client, "--send", "--force", check=False)
            check(p.returncode == 2 and "digest not sent" in p.stderr, p.stderr)
            check(len(plain.messages) == 0, "nothing sent in clear")
        finally:
            plain.stop()
    finally:
        os.environ.pop("IT_TLS_PASSWORD", None)


def test_scheduled_digest_once_across_restart(smtp: SmtpSink) -> None:
    shop = Shop(client="beta")
    shop.cli("clients", "create", "--client", "beta", "--timezone", "Australia/Sydney")
    # Due from Monday 00:00 local of this week: due now, whatever the day.
    shop.cli("notify", "set", "--client", "beta",
             settings(smtp.port, digest={"enabled": True, "weekday": "monday", "hour": 0}))
    before = len(smtp.messages)
    shop.start("--notify-interval", "0.2")
    try:
        msgs = smtp.wait(before + 1)
        check("beta" in msgs[-1][2]["Subject"], msgs[-1][2]["Subject"])
        # Recorded right after the server accepted it.
        wait_for(lambda: alerts(shop)["digest"]["lastSentWeek"] == str(last_week_monday()),
                 "the week recorded as sent")
        shop.stop()
        shop.start("--notify-interval", "0.2")
        time.sleep(2)
        check(len(smtp.messages) == before + 1, "no second digest after a restart")
    finally:
        shop.stop()


def alerts(shop: Shop) -> dict:
    st, doc, _ = shop.request("GET", "/api/alerts")
    check(st == 200, doc)
    return doc["data"]


def test_alerts_fire_once_resolve_once(shop: Shop, smtp: SmtpSink) -> None:
    hook = WebhookListener(statuses=[500, 500])
    every_hour = {"days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                           "sunday"], "start": 0, "end": 24}
    shop.cli("notify", "set", "--client", shop.client, settings(
        smtp.port, webhooks=[hook.url], businessHours=every_hour,
        alerts=[{"id": "quiet", "type": "noOrders", "threshold": 1}]))
    before = len(smtp.messages)
    shop.start("--notify-interval", "0.2")
    try:
        # The newest order is days old: fires at once; the webhook answers 500 twice.
        a = wait_for(lambda: alerts(shop)["active"], "the alert to fire")
        check(len(a) == 1 and a[0]["rule"] == "quiet" and a[0]["state"] == "firing", a)
        check(a[0]["message"].startswith("No order for "), a[0]["message"])

        def hook_failed():
            d = [x for x in alerts(shop)["active"][0]["deliveries"] if x["channel"] == "webhook"]
            return d and d[0]["lastError"] and d[0]

        failed = wait_for(hook_failed, "a failed webhook delivery in GET /api/alerts")
        check(failed["lastError"] == "HTTP 500 from http://127.0.0.1:%d" % hook.port, failed)
        check("secret-token" not in json.dumps(alerts(shop)), "the webhook path stays hidden")
        bodies = hook.wait(3)
        ctype, body = bodies[2]
        check(ctype == "application/json", ctype)
        check(body["event"] == "fired" and body["alert"]["rule"] == "quiet", body)
        check(body["text"].startswith("[packprod] acme: FIRING quiet"), body["text"])
        d = wait_for(lambda: [x for x in alerts(shop)["active"][0]["deliveries"]
                              if x["channel"] == "webhook" and x["state"] == "delivered"],
                     "the webhook delivered on its third attempt")
        check(d[0]["attempts"] == 3, d)
        matches_spec(shop.request("GET", "/api/alerts")[1])
        mail = smtp.wait(before + 1)[before]
        check("FIRING quiet" in mail[2]["Subject"], mail[2]["Subject"])
        time.sleep(1)
        check(len(hook.bodies) == 3 and len(smtp.messages) == before + 1, "fired once")

        # An order now: resolves, once.
        now = dt.datetime.now(dt.timezone.utc).isoformat()
        st, _, _ = shop.request("POST", "/admin/contacts/import",
                                order("NOW-1", "n@example.com", now, "5.00"))
        check(st in (200, 201), st)
        wait_for(lambda: not alerts(shop)["active"], "the alert to resolve")
        data = alerts(shop)
        check(data["recent"][0]["state"] == "resolved" and data["recent"][0]["resolvedAt"], data)
        matches_spec(shop.request("GET", "/api/alerts")[1])
        bodies = hook.wait(4)
        check(bodies[3][1]["event"] == "resolved", bodies[3])
        smtp.wait(before + 2)
        time.sleep(1)
        check(len(hook.bodies) == 4 and len(smtp.messages) == before + 2, "resolved once")
    finally:
        shop.stop()
        hook.stop()


def test_bad_smtp_is_retried_visible_and_blocks_nothing() -> None:
    shop = Shop(client="gamma")
    import_orders(shop, [order("G1", "g@example.com", "2025-01-01T00:00:00Z", "1.00")])
    guarded = SmtpSink(username="packprod", password="right")
    silent = SilentServer()
    everyday = {"days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                         "sunday"], "start": 0, "end": 24}
    s = json.loads(settings(guarded.port, businessHours=everyday,
                            alerts=[{"id": "quiet", "type": "noOrders", "threshold": 1}]))
    s["smtp"].update(username="packprod", passwordEnv="IT_SMTP_PASSWORD")
    shop.cli("notify", "set", "--client", "gamma", json.dumps(s))
    os.environ["IT_SMTP_PASSWORD"] = "wrong"
    shop.start("--notify-interval", "0.2")
    try:
        def mail_failed():
            act = alerts(shop)["active"]
            d = act and [x for x in act[0]["deliveries"] if x["channel"] == "email"]
            return d and d[0]["attempts"] >= 2 and d[0]["lastError"] and d[0]

        d = wait_for(mail_failed, "the e-mail delivery to fail twice")
        check(d["state"] in ("pending", "sending") and d["nextAttemptAt"], d)
        check("right" not in json.dumps(alerts(shop)) and "wrong" not in d["lastError"], d)
        check(len(guarded.messages) == 0, "nothing delivered with a wrong password")
        matches_spec(shop.request("GET", "/api/alerts")[1])
        shop.stop()

        # An SMTP server that never answers: imports and reads go on meanwhile.
        s["smtp"]["url"] = "smtp://127.0.0.1:%d" % silent.port
        s["alerts"] = [{"id": "quiet2", "type": "noOrders", "threshold": 1}]
        shop.cli("notify", "set", "--client", "gamma", json.dumps(s))
        shop.start("--notify-interval", "0.2")
        wait_for(lambda: any(a["rule"] == "quiet2" for a in alerts(shop)["active"]),
                 "the new rule to fire")
        time.sleep(0.5)  # the delivery is now waiting on the silent server
        t0 = time.monotonic()
        for i in range(5):
            st, _, _ = shop.request("POST", "/admin/contacts/import",
                                    order("H%d" % i, "h@example.com", "2025-02-01T00:00:00Z",
                                          "2.00"), timeout=5)
            check(st in (200, 201), st)
            st, _, _ = shop.request("GET", "/api/orders?limit=5", timeout=5)
            check(st == 200, st)
        check(time.monotonic() - t0 < 5, "imports and reads answered while SMTP hangs")
    finally:
        shop.stop()
        guarded.stop()
        silent.stop()
        os.environ.pop("IT_SMTP_PASSWORD", None)


def main() -> None:
    smtp = SmtpSink()
    try:
        shop = Shop()
        shop.cli("clients", "create", "--client", "acme", "--timezone", "Australia/Sydney",
                 "--name", "Acme Packaging")
        test_digest_cli(shop, smtp)
        test_tls(shop)
        test_scheduled_digest_once_across_restart(smtp)
        test_alerts_fire_once_resolve_once(shop, smtp)
        test_bad_smtp_is_retried_visible_and_blocks_nothing()
    finally:
        smtp.stop()
    print("ok")


if __name__ == "__main__":
    main()

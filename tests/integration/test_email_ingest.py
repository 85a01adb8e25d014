"""Order e-mails end to end: `packprod ingest-email` over every fixture e-mail (files, an
mbox, a Maildir), Message-ID dedupe across runs, the failure queue over HTTP and the CLI
(list, replay after a rules fix, dismiss that sticks, a message submitted by n8n), the raw
message endpoint giving the same answers as the CLI, tenancy and roles."""
import glob
import json
import os
import shutil

from harness import Shop, check, main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "email")
EMLS = sorted(glob.glob(os.path.join(FIXTURES, "*.eml")))
EXPECTED = {os.path.basename(p): json.load(open(p[:-4] + ".json", encoding="utf-8")) for p in EMLS}
GOOD = [n for n, e in EXPECTED.items() if "failure" not in e]
BROKEN = [n for n, e in EXPECTED.items() if "failure" in e]

SHOP = Shop()
READ_KEY = SHOP.cli("keys", "create", "--client", SHOP.client, "--role", "read").stdout.strip().splitlines()[-1]
OTHER_KEY = SHOP.cli("keys", "create", "--client", "other", "--role", "admin").stdout.strip().splitlines()[-1]


def message_id(name: str) -> str:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        for line in f.read().decode("latin-1").splitlines():
            if line.lower().startswith("message-id:"):
                return line.split(":", 1)[1].strip().strip("<>")
    return ""


def orders(key=None) -> list:
    status, doc, _ = SHOP.request("GET", "/api/orders?limit=500", key=key or SHOP.key)
    check(status == 200, "GET /api/orders -> %s" % status)
    return doc["data"]


def failures(key=None) -> dict:
    status, doc, _ = SHOP.request("GET", "/api/ingest/failures?limit=500", key=key or SHOP.key)
    check(status == 200, "GET /api/ingest/failures -> %s %s" % (status, doc))
    return doc


def files_import_once() -> None:
    p = SHOP.cli("ingest-email", *EMLS, "--client", SHOP.client, check=False)
    check(p.returncode == 1, "exit 1 when a message failed, got %d: %s" % (p.returncode, p.stderr))
    last = p.stdout.strip().splitlines()[-1]
    check(last == "imported %d, already imported 0, failed %d" % (len(GOOD), len(BROKEN)), last)
    refs = sorted(o["orderReference"] for o in orders())
    check(refs == sorted(EXPECTED[n]["order"]["orderReference"] for n in GOOD), "references %s" % refs)
    # Again: nothing imported twice, the failures are the same entries.
    p = SHOP.cli("ingest-email", *EMLS, "--client", SHOP.client, check=False)
    last = p.stdout.strip().splitlines()[-1]
    check(last == "imported 0, already imported %d, failed %d" % (len(GOOD), len(BROKEN)), last)
    check(len(orders()) == len(GOOD), "orders after the second run")
    doc = failures()
    check(doc["meta"]["total"] == len(BROKEN), "failure total %s" % doc["meta"]["total"])
    check(all(f["attempts"] == 2 for f in doc["data"]), "attempts counted")


def an_order_as_written() -> None:
    o = next(o for o in orders() if o["orderReference"] == "10241")
    status, doc, _ = SHOP.request("GET", "/api/orders/" + o["orderID"])
    check(status == 200, "GET order")
    d = doc["data"]
    check((d["customer"]["name"], d["customer"]["email"]) == ("Jane Smith", "jane.smith@bigpond.com"),
          "customer %s" % d["customer"])
    check([(i["code"], i["quantity"], i["lineTotal"]) for i in d["items"]] ==
          [("MB-250", 100, 145.0), ("TAPE-48C", 6, 19.2)], "items %s" % d["items"])
    check((d["subtotal"], d["shipping"], d["tax"], d["total"]) == (164.2, 12.0, 16.02, 176.2),
          "totals %s" % d)
    check(d["createdAt"] == "2025-10-20T10:30:12Z" and d["source"] == "email", "date/source %s" % d)


def failures_name_their_field() -> None:
    by_id = {f["messageID"]: f for f in failures()["data"]}
    for n in BROKEN:
        f = by_id.get(message_id(n))
        check(f is not None, "%s is queued" % n)
        want = EXPECTED[n]["failure"]
        check(f["field"] == want["field"] and want["reason"] in f["reason"], "%s: %s" % (n, f))
        status, doc, _ = SHOP.request("GET", "/api/ingest/failures/%d" % f["id"])
        raw = open(os.path.join(FIXTURES, n), "rb").read().decode("utf-8", "replace")
        check(status == 200 and doc["data"]["raw"] == raw, "%s kept whole" % n)


def tenancy_and_roles() -> None:
    fid = failures()["data"][0]["id"]
    check(failures(OTHER_KEY)["meta"]["total"] == 0, "another client sees no failures")
    for method, path in (("GET", "/api/ingest/failures/%d" % fid),
                         ("DELETE", "/api/ingest/failures/%d" % fid),
                         ("POST", "/api/ingest/failures/%d/replay" % fid)):
        status, _, _ = SHOP.request(method, path, key=OTHER_KEY)
        check(status == 404, "%s %s as another client -> %s" % (method, path, status))
    status, _, _ = SHOP.request("POST", "/api/ingest/failures/%d/replay" % fid, key=READ_KEY)
    check(status == 403, "replay with a read key -> %s" % status)
    status, _, _ = SHOP.request("DELETE", "/api/ingest/failures/%d" % fid, key=READ_KEY)
    check(status == 403, "dismiss with a read key -> %s" % status)
    check(failures(READ_KEY)["meta"]["total"] == len(BROKEN), "a read key lists")
    status, _, _ = SHOP.request("GET", "/api/ingest/failures/abc")
    check(status == 404, "a non-numeric id is not found")


def replay_after_rules_fix() -> None:
    name = "shopify-custom-needs-rule.eml"
    fid = next(f["id"] for f in failures()["data"] if f["messageID"] == message_id(name))
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures/%d/replay" % fid)
    check(status == 200 and doc["data"]["result"] == "failed", "still failing before the fix: %s" % doc)
    rules = os.path.join(SHOP.tmp, "rules.json")
    json.dump(EXPECTED[name]["rules"], open(rules, "w"))
    SHOP.cli("emails", "rules", "--client", SHOP.client, "--set", "@" + rules)
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures/%d/replay" % fid)
    check(status == 200 and doc["data"]["result"] == "imported", "imported after the fix: %s" % doc)
    check(doc["data"]["template"] == "shopify", "template %s" % doc["data"])
    check(any(o["orderReference"] == "1060" for o in orders()), "order 1060 imported")
    check(failures()["meta"]["total"] == len(BROKEN) - 1, "the queue shrank")
    # The CLI: replay --all fails for the rest (exit 1), dismiss drops one.
    p = SHOP.cli("emails", "replay", "--all", "--client", SHOP.client, check=False)
    check(p.returncode == 1 and p.stdout.count("still failing") == len(BROKEN) - 1, p.stdout)
    first = failures()["data"][0]["id"]
    SHOP.cli("emails", "dismiss", str(first), "--client", SHOP.client)
    check(failures()["meta"]["total"] == len(BROKEN) - 2, "dismissed")
    p = SHOP.cli("emails", "failed", "--client", SHOP.client)
    check(len(p.stdout.strip().splitlines()) == len(BROKEN) - 2, "emails failed lists them")
    status, _, _ = SHOP.request("DELETE", "/api/ingest/failures/%d" % first)
    check(status == 404, "dismissed twice -> 404")
    # The dismissal sticks: reading the same messages again does not queue it anew.
    p = SHOP.cli("ingest-email", *EMLS, "--client", SHOP.client, check=False)
    check(p.stdout.strip().splitlines()[-1].endswith(", dismissed before 1"), p.stdout)
    check(failures()["meta"]["total"] == len(BROKEN) - 2, "still dismissed after a re-read")
    # A missing id: one wording, one exit status, for replay and dismiss alike.
    for sub in ("replay", "dismiss"):
        p = SHOP.cli("emails", sub, "987654", "--client", SHOP.client, check=False)
        check(p.returncode == 2 and p.stderr.strip() == "packprod: no failed message 987654",
              "%s of a missing id: %d %r" % (sub, p.returncode, p.stderr))


def n8n_submits_a_failed_message() -> None:
    body = {"reason": "packprod answered 503", "field": "import", "source": "n8n",
            "message": {"messageId": "<n8n-1@packandpost.com.au>", "from": "counter@packandpost.com.au",
                        "subject": "Order PP-9001", "date": "2025-11-20T01:00:00.000Z",
                        "text": "Order: PP-9001\nEmail: zoe@example.com.au\nName: Zoë Adams\n"
                                "Item: MB-250 | Kraft Mailer Box | 10 | 1.45\nTotal: 14.50\n"}}
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures", body)
    check(status == 200 and doc["data"]["result"] == "failed", "queued: %s %s" % (status, doc))
    fid = doc["data"]["failureID"]
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures/%d/replay" % fid)
    check(status == 200 and doc["data"]["result"] == "imported", "replayed: %s" % doc)
    o = next(o for o in orders() if o["orderReference"] == "PP-9001")
    check(o["customer"]["name"] == "Zoë Adams" and o["createdAt"] == "2025-11-20T01:00:00Z", "order %s" % o)
    # The same message again is known: not queued twice.
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures", body)
    check(status == 200 and doc["data"]["result"] == "duplicate", "duplicate: %s" % doc)
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures", {"message": {"text": "x", "date": "yesterday"}})
    check(status == 422 and [d["path"] for d in doc["error"]["details"]] == ["/reason", "/message/date"],
          "needs a reason and a readable date: %s" % doc)
    status, doc, _ = SHOP.request("POST", "/api/ingest/failures", {"reason": "x"}, key=READ_KEY)
    check(status == 403, "a read key cannot submit")


def raw_endpoint_answers_as_the_cli() -> None:
    """POST /admin/emails/ingest with each fixture gives what ingest-email gave: a new
    client imports the good ones and queues the broken ones at the same field; a second
    pass is all duplicates (good) and the same queue entries (broken)."""
    key = SHOP.cli("keys", "create", "--client", "web", "--role", "admin").stdout.strip().splitlines()[-1]
    web_read = SHOP.cli("keys", "create", "--client", "web", "--role", "read").stdout.strip().splitlines()[-1]
    hdr = {"Content-Type": "message/rfc822"}
    for rnd in (1, 2):
        for p in EMLS:
            n = os.path.basename(p)
            status, doc, _ = SHOP.request("POST", "/admin/emails/ingest?source=n8n", key=key,
                                          raw=open(p, "rb").read(), headers=hdr)
            check(status == 200, "%s -> %s %s" % (n, status, doc))
            d = doc["data"]
            if n in GOOD:
                want = "imported" if rnd == 1 else "duplicate"
                check(d["result"] == want and d["messageID"] == message_id(n), "%s: %s" % (n, d))
            else:
                f = EXPECTED[n]["failure"]
                check(d["result"] == "failed" and d["field"] == f["field"] and f["reason"] in d["reason"],
                      "%s: %s" % (n, d))
    refs = sorted(o["orderReference"] for o in orders(key))
    check(refs == sorted(EXPECTED[n]["order"]["orderReference"] for n in GOOD), "references %s" % refs)
    doc = failures(key)
    check(doc["meta"]["total"] == len(BROKEN) and all(f["attempts"] == 2 and f["source"] == "n8n"
                                                     for f in doc["data"]), "queue %s" % doc["meta"])
    o = next(o for o in orders(key) if o["orderReference"] == "1043")
    status, doc, _ = SHOP.request("GET", "/api/orders/" + o["orderID"], key=key)
    d = doc["data"]
    check([(i["code"], i["quantity"], i["unitPrice"], i["lineTotal"]) for i in d["items"]] ==
          [("MB-250", 100, 1.09, 109.0), ("HDM-L", 50, 1.62, 81.0), ("SAMPLE-01", 1, 0.0, 0.0)],
          "Shopify lines %s" % d["items"])
    check((d["customer"]["email"], d["createdAt"], d["total"]) ==
          ("jane.smith@bigpond.com", "2025-11-20T03:07:52Z", 185.95), "Shopify order %s" % d)
    # Errors name what is wrong.
    status, doc, _ = SHOP.request("POST", "/admin/emails/ingest", key=key, raw=b"Subject: x\r\n\r\nx",
                                  headers={"Content-Type": "text/plain"})
    check(status == 415, "a text/plain body -> %s" % status)
    status, doc, _ = SHOP.request("POST", "/admin/emails/ingest", key=key, body={"message": {"html": 5}})
    check(status == 422 and doc["error"]["details"][0]["path"] == "/message/html", "bad parts -> %s" % doc)
    # The decoded parts n8n's IMAP trigger hands over read the same (Reply-To included).
    status, doc, _ = SHOP.request("POST", "/admin/emails/ingest", key=key, body={"source": "n8n", "message": {
        "messageId": "<parts-1044@shopify.com>", "from": "store+71234@t.shopifyemail.com",
        "replyTo": "liam.chen@yahoo.com.au", "subject": "[Boxed Up Packaging] Order #1099 placed by Liam Chen",
        "date": "2025-11-20T03:08:03.000Z",
        "html": "<p>Liam Chen placed order #1099 on Nov 20 at 2:07 pm.</p><h3>Order summary</h3>"
                "<p>Tape &times; 6</p><p>SKU: TAPE-48C</p><p>$19.20</p><table><tr><td>Subtotal</td>"
                "<td>$19.20</td></tr><tr><td>Total</td><td>$19.20 AUD</td></tr></table></body></html>"}})
    check(status == 200 and doc["data"]["result"] == "imported", "parts -> %s %s" % (status, doc))
    o = next(o for o in orders(key) if o["orderReference"] == "1099")
    check(o["customer"]["email"] == "liam.chen@yahoo.com.au" and o["createdAt"] == "2025-11-20T03:07:00Z",
          "from parts %s" % o)
    status, doc, _ = SHOP.request("POST", "/admin/emails/ingest", key=key, raw=b"", headers=hdr)
    check(status == 422 and doc["error"]["details"][0]["path"] == "", "an empty body -> %s %s" % (status, doc))
    status, doc, _ = SHOP.request("POST", "/admin/emails/ingest", key=web_read, raw=b"Subject: x\r\n\r\nx",
                                  headers=hdr)
    check(status == 403, "a read key -> %s" % status)


def mbox_and_maildir() -> None:
    picks = GOOD[:3]
    mbox = os.path.join(SHOP.tmp, "orders.mbox")
    with open(mbox, "wb") as out:
        for n in picks:
            data = open(os.path.join(FIXTURES, n), "rb").read().replace(b"\r\n", b"\n")
            lines = [b">" + l if l.lstrip(b">").startswith(b"From ") else l for l in data.split(b"\n")]
            out.write(b"From MAILER-DAEMON Mon Nov 17 09:00:00 2025\n" + b"\n".join(lines) + b"\n")
    p = SHOP.cli("ingest-email", mbox, "--client", "other")
    check(p.stdout.strip().splitlines()[-1] == "imported 3, already imported 0, failed 0", p.stdout)
    md = os.path.join(SHOP.tmp, "Maildir")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(md, sub))
    for i, n in enumerate(picks + [GOOD[3]]):
        shutil.copy(os.path.join(FIXTURES, n), os.path.join(md, "new" if i % 2 else "cur", "%d.eml" % i))
    p = SHOP.cli("ingest-email", "--maildir", md, "--client", "other")
    check(p.stdout.strip().splitlines()[-1] == "imported 1, already imported 3, failed 0", p.stdout)
    check(len(orders(OTHER_KEY)) == 4, "the other client has 4 orders")


if __name__ == "__main__":
    SHOP.start()
    try:
        main([files_import_once, an_order_as_written, failures_name_their_field, tenancy_and_roles,
              replay_after_rules_fix, n8n_submits_a_failed_message, raw_endpoint_answers_as_the_cli,
              mbox_and_maildir])
    finally:
        SHOP.stop()

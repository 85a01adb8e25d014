"""The shipped n8n workflow (deploy/n8n/order-email-workflow.json) parses nothing itself:
it posts each message to POST /admin/emails/ingest and, on an error, backs off and tries
the same message again before failing loudly. Its shape is checked here, and the request
it sends is replayed against a real server; scripts/n8n-check runs it in a real n8n."""
import json
import os

from harness import Shop, check, main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKFLOW = json.load(open(os.path.join(ROOT, "deploy", "n8n", "order-email-workflow.json")))
NODES = {n["name"]: n for n in WORKFLOW["nodes"]}
SHOP = Shop()


def targets(name: str, output: int) -> list:
    outs = WORKFLOW["connections"].get(name, {}).get("main", [])
    return [c["node"] for c in (outs[output] if output < len(outs) else [])]


def no_parser_in_n8n() -> None:
    types = {n["type"] for n in WORKFLOW["nodes"]}
    check(not {"n8n-nodes-base.code", "n8n-nodes-base.function"} & types, "no code nodes: %s" % types)
    imap = NODES["Order e-mails"]
    check(imap["type"] == "n8n-nodes-base.emailReadImap" and imap["parameters"]["format"] == "resolved",
          "the IMAP trigger hands over resolved parts")


def one_message_per_request_with_back_off() -> None:
    send = NODES["Send to packprod"]
    check(send["parameters"]["url"].endswith("/admin/emails/ingest"), "posts to the endpoint")
    check(send.get("onError") == "continueErrorOutput" and send.get("retryOnFail"), "retries, then errors out")
    check(targets("Send to packprod", 0) == [], "a 200 answer ends the message")
    check(targets("Send to packprod", 1) == ["Try again?"], "an error goes to the retry loop")
    check(targets("Try again?", 0) == ["Back off"] and targets("Back off", 0) == ["Send to packprod"],
          "back off, then the same message again")
    check(targets("Try again?", 1) == ["Give up loudly"] and
          NODES["Give up loudly"]["type"] == "n8n-nodes-base.stopAndError", "gives up loudly")
    check("Math.min(300" in NODES["Back off"]["parameters"]["amount"], "the back-off is capped")


def the_request_it_sends_is_read() -> None:
    """The JSON the workflow builds (source n8n, decoded parts) imports over HTTP."""
    prepare = NODES["Message for packprod"]["parameters"]["jsonOutput"]
    for key in ("messageId", "from", "fromName", "replyTo", "subject", "date", "text", "html"):
        check(key + ":" in prepare, "the message carries %s" % key)
    body = {"source": "n8n", "message": {
        "messageId": "<wf-1@example.com>", "from": "wordpress@example.com", "fromName": "Shop",
        "replyTo": "", "subject": "[Shop]: New order #W1", "date": "2025-11-20T01:00:00.000Z",
        "text": "[ORDER #W1] (20/11/2025)\n\nBox (#B1) X 2 = $4.00\n\n==========\n\n"
                "Subtotal:\t $4.00\nTotal:\t $4.00\n\nBilling address\n\nAna Lee\nana@example.com\n",
        "html": ""}}
    status, doc, _ = SHOP.request("POST", "/admin/emails/ingest", body)
    check(status == 200 and doc["data"]["result"] == "imported", "imported: %s %s" % (status, doc))


if __name__ == "__main__":
    SHOP.start()
    try:
        main([no_parser_in_n8n, one_message_per_request_with_back_off, the_request_it_sends_is_read])
    finally:
        SHOP.stop()

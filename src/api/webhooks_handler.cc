#include "api/webhooks_handler.h"

#include <boost/json.hpp>
#include <regex>

#include "api/envelope.h"
#include "api/ops_handler.h"
#include "domain/platform_orders.h"
#include "ops/metrics_server.h"
#include "store/platform_ingest.h"

namespace packprod::api {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

struct Headers {
  const char* signature;
  const char* topic;
  const char* delivery;
};

Headers HeadersOf(Platform p) {
  if (p == Platform::kWooCommerce) {
    return {"X-WC-Webhook-Signature", "X-WC-Webhook-Topic", "X-WC-Webhook-Delivery-ID"};
  }
  return {"X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Webhook-Id"};
}

enum class TopicKind { kUpsert, kRemove, kOther };

TopicKind KindOf(Platform p, std::string_view topic) {
  if (p == Platform::kWooCommerce) {
    if (topic == "order.created" || topic == "order.updated" || topic == "order.restored") {
      return TopicKind::kUpsert;
    }
    return topic == "order.deleted" ? TopicKind::kRemove : TopicKind::kOther;
  }
  for (const char* t : {"orders/create", "orders/updated", "orders/cancelled", "orders/paid",
                        "orders/fulfilled", "orders/partially_fulfilled"}) {
    if (topic == t) return TopicKind::kUpsert;
  }
  return topic == "orders/delete" ? TopicKind::kRemove : TopicKind::kOther;
}

// WooCommerce's ping when a webhook is saved: a form body `webhook_id=N`, unsigned.
bool IsWooPing(const Request& req) {
  static const std::regex kPing(R"(webhook_id=[0-9]{1,20})");
  return std::regex_match(req.body, kPing);
}

class WebhookHandler {
 public:
  WebhookHandler(ApiContext& ctx, Platform p, ops::Family<ops::Counter>* counter)
      : ctx_(ctx), platform_(p), counter_(counter) {}

  Response operator()(Request& req) const {
    const std::string& client_id = req.path_params["client"];
    auto secret = ctx_.store->GetWebhookSecret(client_id, PlatformName(platform_));
    if (!secret.ok()) return JsonError(req, secret.status());
    if (!*secret) return Unauthorized(req, "no " + std::string(PlatformName(platform_)) +
                                               " webhook is set up for this client");
    Headers h = HeadersOf(platform_);
    std::string_view signature = req.Header(h.signature);
    if (platform_ == Platform::kWooCommerce && signature.empty() && IsWooPing(req)) {
      Count("ping");
      return JsonData(req, json::object{{"result", "ping"}}, Meta());
    }
    if (signature.empty()) return Unauthorized(req, std::string("missing ") + h.signature);
    if (!VerifyWebhookSignature((*secret)->secret, req.body, signature)) {
      return Unauthorized(req, std::string("wrong ") + h.signature);
    }
    std::string topic(req.Header(h.topic));
    TopicKind kind = KindOf(platform_, topic);
    if (kind == TopicKind::kOther) {
      Count("ignored");
      return JsonData(req, json::object{{"result", "ignored"}, {"topic", topic}}, Meta());
    }
    auto client = ctx_.store->GetClient(client_id);
    if (!client.ok()) return JsonError(req, client.status());
    if (!*client) return Unauthorized(req, "no such client");
    store::PlatformDelivery d;
    d.platform = platform_;
    d.remove = kind == TopicKind::kRemove;
    d.delivery_id = std::string(req.Header(h.delivery));
    d.topic = topic;
    d.body = req.body;
    auto r = store::ApplyPlatformDelivery(*ctx_.store, **client, d, NowMillis());
    if (!r.ok()) return JsonError(req, r.status());
    Count(store::PlatformResultName(r->kind));
    if (r->kind == store::PlatformResult::Kind::kImported) Announce(**client, *r);
    json::object data{{"result", store::PlatformResultName(r->kind)}};
    if (!r->order_id.empty()) data["orderID"] = r->order_id;
    if (!r->reference.empty()) data["orderReference"] = r->reference;
    if (r->kind == store::PlatformResult::Kind::kImported) {
      data["import"] = store::ImportResultName(r->import);
      json::array warnings;
      for (const auto& w : r->warnings) warnings.emplace_back(w);
      data["warnings"] = std::move(warnings);
    }
    if (r->seq > 0) data["seq"] = r->seq;
    if (r->kind == store::PlatformResult::Kind::kFailed) {
      data["failureID"] = r->failure_id;
      data["field"] = r->field;
      data["reason"] = r->reason;
    }
    if (r->kind == store::PlatformResult::Kind::kIgnored) data["reason"] = r->reason;
    return JsonData(req, std::move(data), Meta());
  }

 private:
  static json::object Meta() { return json::object{{"cacheHit", false}, {"source", "orders"}}; }

  // Counted and published (`order` on /api/events) as an HTTP import is.
  void Announce(const ClientSettings& client, const store::PlatformResult& r) const {
    Principal p;
    p.client = client;
    store::ImportOutcome out;
    out.items.push_back(store::ImportItem{r.order_id, r.contact_id, r.import, false, r.warnings});
    out.created = r.import == store::ImportResult::kCreated;
    out.updated = r.import == store::ImportResult::kUpdated;
    out.unchanged = r.import == store::ImportResult::kUnchanged;
    out.seq = r.seq;
    NoteImported(ctx_, p, out);
  }

  void Count(const char* outcome) const {
    if (counter_) counter_->With({PlatformName(platform_), outcome}).Inc();
  }

  Response Unauthorized(const Request& req, const std::string& why) const {
    Count("unauthorized");
    Response r = JsonError(req, Status::Unauthorized(why));
    // The platform signs; there is no bearer challenge to answer.
    std::erase_if(r.headers, [](const auto& h) { return h.first == "WWW-Authenticate"; });
    return r;
  }

  ApiContext& ctx_;
  Platform platform_;
  ops::Family<ops::Counter>* counter_;
};

}  // namespace

void AddWebhookRoutes(Router& router, ApiContext& ctx) {
  ops::Family<ops::Counter>* counter = nullptr;
  if (ctx.metrics) {
    counter = &ctx.metrics->registry().AddCounter(
        "packprod_webhook_deliveries_total",
        "Shop platform webhook deliveries by outcome (imported, removed, duplicate, ignored, "
        "failed, ping, unauthorized).",
        {"platform", "outcome"});
  }
  router.Add(http::verb::post, "/webhooks/woocommerce/{client}",
             WebhookHandler(ctx, Platform::kWooCommerce, counter));
  router.Add(http::verb::post, "/webhooks/shopify/{client}",
             WebhookHandler(ctx, Platform::kShopify, counter));
}

}  // namespace packprod::api

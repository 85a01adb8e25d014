#include "api/routes.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "api/alerts_handler.h"
#include "api/envelope.h"
#include "api/handlers.h"
#include "api/integrity.h"
#include "api/ops_handler.h"
#include "api/webhooks_handler.h"
#include "domain/ids.h"
#include "ops/metrics_server.h"

namespace packprod::api {
namespace http = boost::beast::http;
namespace {

using Authed = Response (*)(ApiContext&, Request&, const Principal&);

enum class Access { kRead, kAdmin };

// A write (any method but GET and HEAD) while the store has damaged pages: sets *out
// to 503 `unavailable` and returns true.
bool RefuseWriteToDamagedStore(ApiContext& ctx, const Request& req, Response* out) {
  if (req.method == http::verb::get || req.method == http::verb::head) return false;
  if (ctx.integrity == nullptr || !ctx.integrity->Damage()) return false;
  *out = JsonError(req, Status::Unavailable(
                            "the store is damaged; writes are refused until it is restored"));
  return true;
}

// /healthz's answer while the store has damaged pages; nullopt when none are known.
std::optional<Response> DamagedStoreHealth(ApiContext& ctx) {
  if (ctx.integrity == nullptr) return std::nullopt;
  auto damage = ctx.integrity->Damage();
  if (!damage) return std::nullopt;
  return JsonBare(503, boost::json::object{{"status", "unavailable"}, {"reason", *damage}});
}

// Wraps a handler with authentication, the role check and `cache=bypass` (admin only).
Handler WithAuth(ApiContext& ctx, Access access, Authed fn) {
  return [&ctx, access, fn](Request& req) -> Response {
    int retry_after_s = 0;
    auto p = Authenticate(ctx, req, &retry_after_s);
    if (!p.ok()) {
      Response res = JsonError(req, p.status());
      if (retry_after_s > 0) res.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
      return res;
    }
    req.client_id = p->client.client_id;
    if (Response refused; RefuseWriteToDamagedStore(ctx, req, &refused)) return refused;
    if (access == Access::kAdmin && !p->admin()) {
      return JsonError(req, Status::Forbidden("this endpoint needs an admin key"));
    }
    if (req.Param("cache") == std::optional<std::string>("bypass") && !p->admin()) {
      return JsonError(req, Status::Forbidden("cache=bypass needs an admin key"));
    }
    return fn(ctx, req, *p);
  };
}

// GET /metrics behind ctx.metrics_token (when set: that bearer token only, failures
// throttled like wrong keys); else behind any API key unless `open`.
Handler MetricsRoute(ApiContext& ctx, bool open) {
  Handler keyed = WithAuth(ctx, Access::kRead, HandleMetrics);
  return [&ctx, open, keyed](Request& req) -> Response {
    if (ctx.metrics_token.empty()) return open ? HandleMetrics(ctx, req, Principal{}) : keyed(req);
    const auto now = AuthThrottle::Clock::now();
    int wait = ctx.auth_throttle ? ctx.auth_throttle->RetryAfter(req.remote_address, now) : 0;
    if (wait > 0) {
      if (ctx.metrics != nullptr) ctx.metrics->RecordAuthThrottled();
      Response res = JsonError(req, Status::TooManyRequests(
                                        "too many failed authentications from this address"));
      res.headers.emplace_back("Retry-After", std::to_string(wait));
      return res;
    }
    std::string_view auth = req.Header("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    bool match = auth.size() > kBearer.size() &&
                 boost::beast::iequals(auth.substr(0, kBearer.size()), kBearer) &&
                 Sha256Hex(auth.substr(kBearer.size())) == Sha256Hex(ctx.metrics_token);
    if (!match) {
      if (ctx.auth_throttle) ctx.auth_throttle->RecordMiss(req.remote_address, now);
      if (ctx.metrics != nullptr) ctx.metrics->RecordAuthFailure();
      return JsonError(req, Status::Unauthorized(
                                "/metrics needs 'Authorization: Bearer <metrics token>'"));
    }
    return HandleMetrics(ctx, req, Principal{});
  };
}

// GET /healthz: "ok"; "degraded" (still 200: the store answers but no processor keeps
// the views, so reads come from the orders); "unavailable" (503: the store does not
// answer). The reason names the problem only: the store's own message, which may name a
// host, a port, a file or SQL, goes to the log with the request id.
Response Health(ApiContext& ctx, Request& req) {
  if (auto damaged = DamagedStoreHealth(ctx)) return *damaged;
  Status s = ctx.store->Ping();
  if (!s.ok()) {
    spdlog::warn("healthz {}: {}", req.request_id, s.ToString());
    return JsonBare(503, boost::json::object{{"status", "unavailable"},
                                             {"reason", "the store does not answer"}});
  }
  if (ctx.views_ready && !ctx.views_ready()) {
    return JsonBare(200, boost::json::object{
                             {"status", "degraded"},
                             {"reason", "the views are not being maintained: reads are slower"}});
  }
  return JsonBare(200, boost::json::object{{"status", "ok"}});
}

}  // namespace

Router BuildRouter(ApiContext& ctx) {
  Router r;
  r.Add(http::verb::get, "/healthz", [&ctx](Request& req) { return Health(ctx, req); });
  r.Add(http::verb::post, "/admin/contacts/import", WithAuth(ctx, Access::kAdmin, HandleImport));
  r.Add(http::verb::delete_, "/admin/orders/{id}",
        WithAuth(ctx, Access::kAdmin, HandleDeleteOrder));
  r.Add(http::verb::get, "/api/client", WithAuth(ctx, Access::kRead, HandleGetClient));
  r.Add(http::verb::get, "/api/orders", WithAuth(ctx, Access::kRead, HandleListOrders));
  r.Add(http::verb::get, "/api/orders/{id}", WithAuth(ctx, Access::kRead, HandleGetOrder));
  r.Add(http::verb::get, "/api/customers", WithAuth(ctx, Access::kRead, HandleListCustomers));
  r.Add(http::verb::get, "/api/customers/{id}", WithAuth(ctx, Access::kRead, HandleGetCustomer));
  r.Add(http::verb::get, "/api/customers/{id}/basket",
        WithAuth(ctx, Access::kRead, HandleGetCustomerBasket));
  r.Add(http::verb::get, "/api/reorders", WithAuth(ctx, Access::kRead, HandleListReorders));
  r.Add(http::verb::get, "/api/accounts", WithAuth(ctx, Access::kRead, HandleListAccounts));
  r.Add(http::verb::get, "/api/accounts/{id}", WithAuth(ctx, Access::kRead, HandleGetAccount));
  r.Add(http::verb::post, "/admin/accounts/merge",
        WithAuth(ctx, Access::kAdmin, HandleMergeAccounts));
  r.Add(http::verb::post, "/admin/accounts/{id}/split",
        WithAuth(ctx, Access::kAdmin, HandleSplitAccount));
  r.Add(http::verb::get, "/api/products", WithAuth(ctx, Access::kRead, HandleListProducts));
  r.Add(http::verb::get, "/api/products/{code}/orders",
        WithAuth(ctx, Access::kRead, HandleProductOrders));
  r.Add(http::verb::get, "/api/reports/overview", WithAuth(ctx, Access::kRead, HandleOverview));
  r.Add(http::verb::get, "/api/reports/sales", WithAuth(ctx, Access::kRead, HandleSales));
  r.Add(http::verb::get, "/api/reports/products",
        WithAuth(ctx, Access::kRead, HandleProductsReport));
  r.Add(http::verb::get, "/api/reports/statistics", WithAuth(ctx, Access::kRead, HandleStatistics));
  r.Add(http::verb::get, "/api/reports/cohorts", WithAuth(ctx, Access::kRead, HandleCohorts));
  r.Add(http::verb::get, "/api/segments/movements",
        WithAuth(ctx, Access::kRead, HandleSegmentMovements));
  r.Add(http::verb::get, "/api/ingest/failures",
        WithAuth(ctx, Access::kRead, HandleListIngestFailures));
  r.Add(http::verb::post, "/api/ingest/failures",
        WithAuth(ctx, Access::kAdmin, HandleSubmitIngestFailure));
  r.Add(http::verb::get, "/api/ingest/failures/{id}",
        WithAuth(ctx, Access::kRead, HandleGetIngestFailure));
  r.Add(http::verb::delete_, "/api/ingest/failures/{id}",
        WithAuth(ctx, Access::kAdmin, HandleDismissIngestFailure));
  r.Add(http::verb::post, "/api/ingest/failures/{id}/replay",
        WithAuth(ctx, Access::kAdmin, HandleReplayIngestFailure));
  r.Add(http::verb::post, "/admin/emails/ingest", WithAuth(ctx, Access::kAdmin, HandleIngestEmail));
  if (ctx.metrics_elsewhere) {
    r.Add(http::verb::get, "/metrics", [](Request& req) {
      return JsonError(req, Status::NotFound("/metrics is served on the metrics address"));
    });
  } else {
    r.Add(http::verb::get, "/metrics", MetricsRoute(ctx, false));
  }
  r.Add(http::verb::get, "/api/performance", WithAuth(ctx, Access::kRead, HandlePerformance));
  r.Add(http::verb::get, "/api/events", WithAuth(ctx, Access::kRead, HandleEvents));
  r.Add(http::verb::get, "/api/alerts", WithAuth(ctx, Access::kRead, HandleAlerts));
  AddWebhookRoutes(r, ctx);  // no API key: signed by the shop platform
  return r;
}

Router BuildMetricsRouter(ApiContext& ctx) {
  Router r;
  r.Add(http::verb::get, "/metrics", MetricsRoute(ctx, true));
  return r;
}

}  // namespace packprod::api

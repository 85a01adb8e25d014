#include "api/routes.h"

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/ops_handler.h"

namespace packprod::api {
namespace http = boost::beast::http;
namespace {

using Authed = Response (*)(ApiContext&, Request&, const Principal&);

enum class Access { kRead, kAdmin };

// Wraps a handler with authentication, the role check and `cache=bypass` (admin only).
Handler WithAuth(ApiContext& ctx, Access access, Authed fn) {
  return [&ctx, access, fn](Request& req) -> Response {
    auto key = KeyOf(req);
    if (!key.ok()) return JsonError(req, key.status());
    auto p = ctx.keys->Lookup(*key);
    if (!p.ok()) return JsonError(req, p.status());
    if (access == Access::kAdmin && !p->admin()) {
      return JsonError(req, Status::Forbidden("this endpoint needs an admin key"));
    }
    if (req.Param("cache") == std::optional<std::string>("bypass") && !p->admin()) {
      return JsonError(req, Status::Forbidden("cache=bypass needs an admin key"));
    }
    return fn(ctx, req, *p);
  };
}

Response Health(ApiContext& ctx, Request&) {
  Status s = ctx.store->Ping();
  if (!s.ok()) {
    return JsonBare(503, boost::json::object{{"status", "unavailable"}, {"reason", s.message()}});
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
  r.Add(http::verb::get, "/api/reorders", WithAuth(ctx, Access::kRead, HandleListReorders));
  r.Add(http::verb::get, "/api/products", WithAuth(ctx, Access::kRead, HandleListProducts));
  r.Add(http::verb::get, "/api/products/{code}/orders",
        WithAuth(ctx, Access::kRead, HandleProductOrders));
  r.Add(http::verb::get, "/api/reports/overview", WithAuth(ctx, Access::kRead, HandleOverview));
  r.Add(http::verb::get, "/api/reports/sales", WithAuth(ctx, Access::kRead, HandleSales));
  r.Add(http::verb::get, "/api/reports/products",
        WithAuth(ctx, Access::kRead, HandleProductsReport));
  r.Add(http::verb::get, "/api/reports/statistics", WithAuth(ctx, Access::kRead, HandleStatistics));
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
  r.Add(http::verb::get, "/metrics", WithAuth(ctx, Access::kRead, HandleMetrics));
  r.Add(http::verb::get, "/api/performance", WithAuth(ctx, Access::kRead, HandlePerformance));
  r.Add(http::verb::get, "/api/events", WithAuth(ctx, Access::kRead, HandleEvents));
  return r;
}

}  // namespace packprod::api

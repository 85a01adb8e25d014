#include "api/alerts_handler.h"

#include <boost/json.hpp>

#include "api/envelope.h"
#include "notify/alerts.h"
#include "notify/digest.h"

namespace packprod::api {
namespace json = boost::json;

Response HandleAlerts(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& client = p.client.client_id;
  auto alerts = notify::AlertsJson(*ctx.store, client);
  if (!alerts.ok()) return JsonError(req, alerts.status());
  auto digest = notify::DigestStatusJson(*ctx.store, client);
  if (!digest.ok()) return JsonError(req, digest.status());
  json::object data = std::move(*alerts);
  data["digest"] = std::move(*digest);
  return JsonData(req, std::move(data), json::object{{"cacheHit", false}, {"source", "orders"}});
}

}  // namespace packprod::api

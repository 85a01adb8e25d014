// GET /api/client: the caller's client and key, for the dashboard (docs/openapi.yaml).
// Any role. `today` is the client's local date now; money is a JSON number as elsewhere.
#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "domain/money.h"

namespace packprod::api {
namespace json = boost::json;

Response HandleGetClient(ApiContext&, Request& req, const Principal& p) {
  const ClientSettings& c = p.client;
  json::object segment_settings{{"vipSpend", CentsToJson(c.vip_spend)},
                                {"vipOrders", c.vip_orders},
                                {"dormantDays", c.dormant_days},
                                {"newDays", c.new_days}};
  json::object reorder_settings{{"windowDays", c.reorder_window_days},
                                {"toleranceDays", c.reorder_tolerance_days},
                                {"tolerancePct", c.reorder_tolerance_pct}};
  json::object data{{"clientID", c.client_id},
                    {"name", c.name.empty() ? c.client_id : c.name},
                    {"timezone", p.tz.name()},
                    {"currency", c.currency},
                    {"role", p.admin() ? "admin" : "read"},
                    {"today", FormatDate(p.tz.LocalDay(NowMillis()))},
                    {"segmentSettings", std::move(segment_settings)},
                    {"reorderSettings", std::move(reorder_settings)}};
  return JsonData(req, std::move(data), json::object{{"cacheHit", false}, {"source", "orders"}});
}

}  // namespace packprod::api

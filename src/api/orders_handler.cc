#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "domain/period.h"
#include "domain/text.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

const json::object kFromOrders{{"cacheHit", false}, {"source", "orders"}};

Result<store::OrderQuery> OrderQueryOf(const Request& req, const Principal& p) {
  store::OrderQuery q;
  PP_ASSIGN_OR_RETURN(q.limit, LimitParam(req));
  PP_ASSIGN_OR_RETURN(
      Period period,
      MakePeriod(NonEmptyParam(req, "from"), NonEmptyParam(req, "to"), NowMillis(), p.tz, false));
  if (period.from > kPeriodMin) q.from = period.from;
  if (period.to < kPeriodMax) q.to = period.to;
  PP_ASSIGN_OR_RETURN(q.statuses, StatusesParam(req));
  q.contact_id = NonEmptyParam(req, "contactID");
  if (auto s = NonEmptyParam(req, "search")) q.search = FoldCase(*s);
  PP_ASSIGN_OR_RETURN(q.after, OrderCursorParam(req));
  return q;
}

}  // namespace

Response HandleListOrders(ApiContext& ctx, Request& req, const Principal& p) {
  auto q = OrderQueryOf(req, p);
  if (!q.ok()) return JsonError(req, q.status());
  auto page = ctx.store->ListOrders(p.client.client_id, *q);
  if (!page.ok()) return JsonError(req, page.status());
  json::array items;
  items.reserve(page->orders.size());
  for (const auto& o : page->orders) items.push_back(OrderSummaryJson(o));
  json::object meta = kFromOrders;
  AddPageMeta(meta, items.size(), page->total, NextOrderCursor(*page));
  return JsonData(req, std::move(items), std::move(meta));
}

Response HandleGetOrder(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  auto o = ctx.store->GetOrder(p.client.client_id, id);
  if (!o.ok()) return JsonError(req, o.status());
  if (!*o) return JsonError(req, Status::NotFound("no order " + id));
  return JsonData(req, OrderFullJson(**o), kFromOrders);
}

}  // namespace packprod::api

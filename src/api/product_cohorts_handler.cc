#include "api/product_cohorts_handler.h"

#include <boost/json.hpp>
#include <cmath>
#include <optional>

#include "api/envelope.h"
#include "api/params.h"
#include "domain/product_cohorts.h"
#include "store/store.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

// The cells of the contacts whose first counted order lies in [first, last], from the
// orders streamed by contact: one contact's orders held at a time.
Result<ProductCohortCells> CellsFromOrders(ApiContext& ctx, const Principal& p, MonthNumber first,
                                           MonthNumber last) {
  ProductCohortCells cells;
  std::optional<std::string> contact;
  std::optional<FirstOrder> first_order;
  SpendDays days;
  auto fold = [&] {
    if (first_order && first_order->month >= first && first_order->month <= last) {
      AddProductCohortCells(cells, &*first_order, days, +1);
    }
    first_order.reset();
    days = SpendDays();
  };
  Status added;
  PP_RETURN_IF_ERROR(ctx.store->ScanOrdersByContact(p.client.client_id, [&](Order&& o) {
    if (contact != o.contact_id) {
      fold();
      contact = o.contact_id;
    }
    if (!Counts(o.status)) return true;
    OfferFirstOrder(&first_order, o, p.tz);
    added = days.Add(p.tz.LocalDay(o.created_at), 1, o.total);
    return added.ok();
  }));
  PP_RETURN_IF_ERROR(added);
  fold();
  return cells;
}

}  // namespace

Response ProductCohortsResponse(ApiContext& ctx, Request& req, const Principal& p,
                                const CohortArgs& a) {
  auto limit = LimitParam(req, 20, 200);
  if (!limit.ok()) return JsonError(req, limit.status());
  ProductCohortCells cells;
  if (a.path == ReadPath::kViews) {
    auto c = ctx.store->ReadProductCohortViews(p.client.client_id, a.first, a.last);
    if (!c.ok()) return JsonError(req, c.status());
    cells = std::move(*c);
  } else {
    auto c = CellsFromOrders(ctx, p, a.first, a.last);
    if (!c.ok()) return JsonError(req, c.status());
    cells = std::move(*c);
  }
  const std::vector<ProductCohort> found = ProductCohortsOf(cells, a.first, a.last, a.now, *limit);
  std::vector<ProductAggregate> named;
  for (const ProductCohort& c : found) named.push_back(ProductAggregate{c.code});
  if (Status st = ctx.store->FillProductNames(p.client.client_id, &named); !st.ok()) {
    return JsonError(req, st);
  }
  json::array cohorts;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const ProductCohort& c = found[i];
    json::array row;
    for (std::size_t k = 0; k < c.offsets.size(); ++k) {
      const CohortCell& cell = c.offsets[k];
      const double share = std::round(10000.0 * cell.customers / c.customers) / 10000.0;
      row.push_back(json::object{
          {"offset", k},
          {"customers", cell.customers},
          {"share", share},
          {"revenue", CentsToJson(cell.revenue)},
          {"value", a.metric == "revenue" ? CentsToJson(cell.revenue) : json::value(share)}});
    }
    const auto& name = named[i].name;
    cohorts.push_back(json::object{{"cohort", c.code},
                                   {"name", name ? json::value(*name) : json::value(nullptr)},
                                   {"customers", c.customers},
                                   {"revenue", CentsToJson(c.revenue)},
                                   {"months", std::move(row)}});
  }
  json::object data{{"by", "product"},
                    {"metric", a.metric},
                    {"from", FormatMonth(a.first)},
                    {"to", FormatMonth(std::max(a.first, a.last))},
                    {"through", FormatMonth(a.now)},
                    {"cohorts", std::move(cohorts)}};
  json::object meta = PathMeta(a.path);
  meta["asOf"] = FormatRfc3339(a.as_of);
  return JsonData(req, std::move(data), std::move(meta));
}

}  // namespace packprod::api

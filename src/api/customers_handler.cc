// GET /api/customers and GET /api/customers/{id}.
#include <algorithm>

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/listing.h"
#include "domain/reports.h"
#include "domain/text.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

struct CustomerRequest {
  CustomerFilter filter;
  CustomerSort sort = CustomerSort::kTotalSpend;
  bool desc = true;
  int limit = 50;
  std::optional<ListCursor> after;
};

Result<std::vector<Segment>> SegmentsParam(const Request& req) {
  std::vector<Segment> out;
  auto v = NonEmptyParam(req, "segment");
  if (!v) return out;
  std::string_view rest = *v;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view one = rest.substr(0, comma);
    auto s = ParseSegment(one);
    if (!s) {
      return Status::InvalidArgument("segment: unknown segment '" + std::string(one) +
                                     "' (VIP, Active, New, Dormant)");
    }
    out.push_back(*s);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Result<CustomerRequest> ParseCustomerRequest(const Request& req, Millis now) {
  CustomerRequest r;
  if (auto s = NonEmptyParam(req, "search")) r.filter.search = FoldCase(*s);
  PP_ASSIGN_OR_RETURN(r.filter.segments, SegmentsParam(req));
  PP_ASSIGN_OR_RETURN(r.filter.as_of, AsOfParam(req, now));
  if (auto s = NonEmptyParam(req, "sort")) {
    auto sort = ParseCustomerSort(*s);
    if (!sort) {
      return Status::InvalidArgument(
          "sort: must be totalSpend, orderCount, lastOrderDate, firstOrderDate or name");
    }
    r.sort = *sort;
  }
  PP_ASSIGN_OR_RETURN(r.desc, DescendingParam(req));
  PP_ASSIGN_OR_RETURN(r.limit, LimitParam(req));
  if (auto c = NonEmptyParam(req, "cursor")) {
    PP_ASSIGN_OR_RETURN(auto fields, DecodeCursor(*c, kCursorFieldCount));
    r.after = CursorFromFields(fields);
    if (!r.after) return Status::InvalidArgument("cursor: not a cursor from meta.nextCursor");
  }
  return r;
}

struct CustomerPage {
  std::vector<CustomerAggregate> items;
  std::int64_t total = 0;
  bool more = false;
};

// The slow path: aggregate every contact from the orders, then filter, sort, page.
CustomerPage PageFromOrders(const ClientData& d, const CustomerRequest& r,
                            const ClientSettings& settings) {
  std::vector<CustomerAggregate> all = AggregateCustomers(d.contacts, d.orders);
  std::erase_if(all, [&](const CustomerAggregate& c) {
    return !CustomerMatches(c, r.filter, settings);
  });
  CustomerPage page;
  page.total = static_cast<std::int64_t>(all.size());
  std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
    return CustomerBefore(a, b, r.sort, r.desc);
  });
  auto it = all.begin();
  if (r.after) {
    it = std::find_if(all.begin(), all.end(), [&](const CustomerAggregate& c) {
      return CustomerAfter(c, *r.after, r.sort, r.desc);
    });
  }
  for (; it != all.end(); ++it) {
    if (static_cast<int>(page.items.size()) == r.limit) {
      page.more = true;
      break;
    }
    page.items.push_back(std::move(*it));
  }
  return page;
}

json::object AsOfMeta(ReadPath path, Millis as_of) {
  json::object meta = PathMeta(path);
  meta["asOf"] = FormatRfc3339(as_of);
  return meta;
}

}  // namespace

Response HandleListCustomers(ApiContext& ctx, Request& req, const Principal& p) {
  auto r = ParseCustomerRequest(req, NowMillis());
  if (!r.ok()) return JsonError(req, r.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto data = LoadClientData(*ctx.store, p.client.client_id);
  if (!data.ok()) return JsonError(req, data.status());
  CustomerPage page = PageFromOrders(*data, *r, p.client);
  json::array items;
  items.reserve(page.items.size());
  for (const auto& c : page.items) items.push_back(CustomerJson(c, r->filter.as_of, p.client));
  json::object meta = AsOfMeta(ReadPath::kOrders, r->filter.as_of);
  meta["count"] = items.size();
  meta["total"] = page.total;
  meta["nextCursor"] = nullptr;
  if (page.more && !page.items.empty()) {
    meta["nextCursor"] = EncodeCursor(CursorFields(CustomerCursorOf(page.items.back(), r->sort)));
  }
  return JsonData(req, std::move(items), std::move(meta));
}

Response HandleGetCustomer(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto contact = ctx.store->GetContact(p.client.client_id, id);
  if (!contact.ok()) return JsonError(req, contact.status());
  if (!*contact) return JsonError(req, Status::NotFound("no customer " + id));
  store::OrderQuery q;
  q.contact_id = id;
  q.limit = 1000000;
  auto orders = ctx.store->ListOrders(p.client.client_id, q);
  if (!orders.ok()) return JsonError(req, orders.status());
  std::vector<const Order*> ptrs;
  for (const auto& o : orders->orders) ptrs.push_back(&o);
  CustomerAggregate agg = AggregateCustomer(**contact, ptrs);
  json::object out = CustomerJson(agg, *as_of, p.client);
  json::array recent;
  for (size_t i = 0; i < orders->orders.size() && i < 10; ++i) {
    recent.push_back(OrderSummaryJson(orders->orders[i]));
  }
  out["recentOrders"] = std::move(recent);
  std::vector<ProductAggregate> products = ProductCatalogue(orders->orders);
  std::sort(products.begin(), products.end(), [](const auto& a, const auto& b) {
    return a.revenue != b.revenue ? a.revenue > b.revenue : a.code < b.code;
  });
  json::array top;
  for (size_t i = 0; i < products.size() && i < 5; ++i) {
    top.push_back(json::object{{"code", products[i].code},
                               {"name", products[i].name ? json::value(*products[i].name)
                                                         : json::value(nullptr)},
                               {"units", products[i].units},
                               {"revenue", CentsToJson(products[i].revenue)}});
  }
  out["topProducts"] = std::move(top);
  return JsonData(req, std::move(out), AsOfMeta(ReadPath::kOrders, *as_of));
}

}  // namespace packprod::api

// GET /api/customers, GET /api/customers/{id} and GET /api/customers/{id}/basket.
#include <algorithm>
#include <limits>

#include "store/store.h"

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/listing.h"
#include "domain/reports.h"
#include "domain/text.h"
#include "domain/usual_basket.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

constexpr int kOrdersPerPage = 500;  // the slow path's page of one contact's orders

struct CustomerRequest {
  CustomerFilter filter;
  CustomerSort sort = CustomerSort::kTotalSpend;
  bool desc = true;
  int limit = 50;
  std::optional<ListCursor> after;
};

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
  PP_ASSIGN_OR_RETURN(r.after, ListCursorParam(req));
  return r;
}

// The customers page from the views, or (slow path) aggregated from the orders.
Result<Listing<CustomerAggregate>> PageOf(ApiContext& ctx, ReadPath path,
                                          const CustomerRequest& r, const Principal& p) {
  if (path == ReadPath::kViews) {
    store::CustomerViewQuery q{r.filter.search, r.filter.segments,
                               SegmentBoundsAt(r.filter.as_of, p.client), r.sort, r.desc, r.limit,
                               r.after};
    return ctx.store->ListCustomerViews(p.client.client_id, q);
  }
  // One aggregate per contact, folded as the orders stream by.
  PP_ASSIGN_OR_RETURN(std::vector<ContactRecord> contacts,
                      ctx.store->ListContacts(p.client.client_id));
  CustomerAggregator agg(contacts);
  PP_RETURN_IF_ERROR(ctx.store->ScanOrders(p.client.client_id, [&agg](Order&& o) {
    agg.Add(o);
    return true;
  }));
  return ListCustomers(agg.Take(), r.filter, p.client, r.sort, r.desc, r.limit, r.after);
}

// The contact's aggregate from its orders, read page by page along its index (newest
// first), so a contact with many orders never has them all in memory.
Result<CustomerAggregate> AggregateFromOrders(store::Store& st, const std::string& client,
                                              const ContactRecord& contact) {
  CustomerAggregate agg = AggregateCustomer(contact, {});
  store::OrderQuery q;
  q.contact_id = contact.contact_id;
  q.limit = kOrdersPerPage;
  q.count_total = false;
  while (true) {
    PP_ASSIGN_OR_RETURN(store::OrderPage page, st.ListOrders(client, q));
    for (const Order& o : page.orders) FoldOrder(agg, o);
    if (!page.more || page.orders.empty()) return agg;
    q.after = store::OrderCursor{page.orders.back().created_at, page.orders.back().order_id};
  }
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
  auto page = PageOf(ctx, *path, *r, p);
  if (!page.ok()) return JsonError(req, page.status());
  json::array items;
  items.reserve(page->items.size());
  for (const auto& c : page->items) items.push_back(CustomerJson(c, r->filter.as_of, p.client));
  json::object meta = AsOfMeta(*path, r->filter.as_of);
  std::optional<std::string> next;
  if (page->more && !page->items.empty()) {
    next = EncodeCursor(CursorFields(CustomerCursorOf(page->items.back(), r->sort)));
  }
  AddPageMeta(meta, items.size(), page->total, next);
  return JsonData(req, std::move(items), std::move(meta));
}

Response HandleGetCustomer(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  const Millis now = NowMillis();
  // A read without parameters (as of now, from the views) is kept while the store is
  // unchanged and its day counts hold (api/response_cache.h).
  std::string kept_key;
  std::uint64_t generation = 0;
  if (ctx.responses != nullptr && req.query.empty()) {
    kept_key = p.client.client_id + '\n' + id + '\n' + CustomerJsonSettingsKey(p.client);
    if (auto kept = ctx.responses->Get(kept_key, now)) {
      return JsonDataSerialized(req, *kept, AsOfMeta(ReadPath::kViews, now));
    }
    generation = ctx.responses->generation();  // before any read of the store
  }
  auto as_of = AsOfParam(req, now);
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  constexpr int kRecentOrders = 10, kTopProducts = 5;
  const std::string& client = p.client.client_id;
  // From the views: one snapshot holding the contact, its newest orders (by its index),
  // its customer row and its top contact_products rows, named.
  store::CustomerDetail d;
  if (*path == ReadPath::kViews) {
    auto read = ctx.store->CustomerDetailView(client, id, kRecentOrders, kTopProducts);
    if (!read.ok()) return JsonError(req, read.status());
    d = std::move(*read);
  } else {
    auto contact = ctx.store->GetContact(client, id);
    if (!contact.ok()) return JsonError(req, contact.status());
    d.contact = std::move(*contact);
    if (d.contact) {
      store::OrderQuery q;  // the newest orders (any status) through the contact's index
      q.contact_id = id;
      q.limit = kRecentOrders;
      q.count_total = false;
      auto recent = ctx.store->ListOrders(client, q);
      if (!recent.ok()) return JsonError(req, recent.status());
      d.recent_orders = std::move(recent->orders);
    }
  }
  if (!d.contact) return JsonError(req, Status::NotFound("no customer " + id));
  std::optional<CustomerAggregate> agg = std::move(d.view);
  std::vector<ProductAggregate> products = std::move(d.top_products);
  if (!agg) {  // the slow path, or a contact the processor has not reached yet
    *path = ReadPath::kOrders;
    auto folded = AggregateFromOrders(*ctx.store, client, *d.contact);
    if (!folded.ok()) return JsonError(req, folded.status());
    agg = std::move(*folded);
    auto catalogue = ctx.store->ContactProducts(client, id);
    if (!catalogue.ok()) return JsonError(req, catalogue.status());
    products = std::move(*catalogue);
    std::sort(products.begin(), products.end(), [](const auto& a, const auto& b) {
      return a.revenue != b.revenue ? a.revenue > b.revenue : a.code < b.code;
    });
    if (products.size() > static_cast<size_t>(kTopProducts)) products.resize(kTopProducts);
    // The product's own name (the spec's rule), not the one on this contact's lines.
    Status named = ctx.store->FillProductNames(client, &products);
    if (!named.ok()) return JsonError(req, named);
  }
  json::object out = CustomerJson(*agg, *as_of, p.client);
  json::array recent;
  for (const auto& o : d.recent_orders) recent.push_back(OrderSummaryJson(o));
  out["recentOrders"] = std::move(recent);
  json::array top;
  for (size_t i = 0; i < products.size(); ++i) {
    top.push_back(json::object{{"code", products[i].code},
                               {"name", products[i].name ? json::value(*products[i].name)
                                                         : json::value(nullptr)},
                               {"units", products[i].units},
                               {"revenue", CentsToJson(products[i].revenue)}});
  }
  out["topProducts"] = std::move(top);
  if (kept_key.empty() || *path != ReadPath::kViews) {
    return JsonData(req, std::move(out), AsOfMeta(*path, *as_of));
  }
  std::string data = ToJson(out);
  ctx.responses->Put(kept_key, generation, CustomerJsonChangesAt(*agg, *as_of), data);
  return JsonDataSerialized(req, data, AsOfMeta(*path, *as_of));
}

Response HandleGetCustomerBasket(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& id = req.path_params["id"];
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto limit = LimitParam(req, 100, 1000);
  if (!limit.ok()) return JsonError(req, limit.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto contact = ctx.store->GetContact(p.client.client_id, id);
  if (!contact.ok()) return JsonError(req, contact.status());
  if (!*contact) return JsonError(req, Status::NotFound("no customer " + id));
  std::vector<ContactProduct> basket;
  if (*path == ReadPath::kViews) {
    // A contact the processor has not reached yet has no customer row: computed below.
    auto v = ctx.store->FindCustomerView(p.client.client_id, id);
    if (!v.ok()) return JsonError(req, v.status());
    if (!*v) *path = ReadPath::kOrders;
  }
  if (*path == ReadPath::kViews) {
    // One index range of contact_products, no order line read.
    auto rows = ctx.store->ContactProductViews(p.client.client_id, id);
    if (!rows.ok()) return JsonError(req, rows.status());
    basket = std::move(*rows);
  } else {
    store::OrderQuery q;
    q.contact_id = id;
    q.limit = std::numeric_limits<int>::max() - 1;
    q.count_total = false;
    auto orders = ctx.store->ListOrders(p.client.client_id, q);
    if (!orders.ok()) return JsonError(req, orders.status());
    basket = ContactProductsOf(orders->orders, p.tz);
  }
  {  // Each product's own name (the spec's rule), not the one on this contact's lines.
    std::vector<ProductAggregate> named(basket.size());
    for (size_t i = 0; i < basket.size(); ++i) named[i].code = basket[i].code;
    Status st = ctx.store->FillProductNames(p.client.client_id, &named);
    if (!st.ok()) return JsonError(req, st);
    for (size_t i = 0; i < basket.size(); ++i) basket[i].name = named[i].name;
  }
  std::vector<const ContactProduct*> rows;
  rows.reserve(basket.size());
  for (const ContactProduct& r : basket) rows.push_back(&r);
  json::array items = UsualBasketJson(std::move(rows), p.tz.LocalDay(*as_of), p.tz,
                                      static_cast<size_t>(*limit));
  json::object meta = AsOfMeta(*path, *as_of);
  AddPageMeta(meta, items.size(), static_cast<std::int64_t>(basket.size()), std::nullopt);
  return JsonData(req, std::move(items), std::move(meta));
}

}  // namespace packprod::api

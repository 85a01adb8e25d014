// GET /api/products and GET /api/products/{code}/orders.
#include <algorithm>

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/listing.h"
#include "domain/reports_stream.h"
#include "domain/text.h"
#include "store/store.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

struct ProductRequest {
  std::string search;
  ProductSort sort = ProductSort::kRevenue;
  bool desc = true;
  int limit = 50;
  std::optional<ListCursor> after;
};

Result<ProductRequest> ParseProductRequest(const Request& req) {
  ProductRequest r;
  if (auto s = NonEmptyParam(req, "search")) r.search = FoldCase(*s);
  if (auto s = NonEmptyParam(req, "sort")) {
    auto sort = ParseProductSort(*s);
    if (!sort) return Status::InvalidArgument("sort: must be revenue, units, orders, customers or code");
    r.sort = *sort;
  }
  PP_ASSIGN_OR_RETURN(r.desc, DescendingParam(req));
  PP_ASSIGN_OR_RETURN(r.limit, LimitParam(req));
  PP_ASSIGN_OR_RETURN(r.after, ListCursorParam(req));
  return r;
}

// ProductCatalogue folded as the orders stream by, each contact's orders together (for
// the distinct customers): one aggregate per product in memory.
Result<std::vector<ProductAggregate>> CatalogueFromOrders(store::Store& st,
                                                          const std::string& client) {
  ProductFold fold;
  ContactRuns runs;
  PP_RETURN_IF_ERROR(st.ScanOrdersByContact(client, [&](Order&& o) {
    runs.Next(o.contact_id);
    fold.Add(o, runs.serial());
    return true;
  }));
  return fold.Take();
}

// The catalogue's page with the spec's names: every product named first when the search
// reads names, else only the page's.
Result<Listing<ProductAggregate>> NamedPage(store::Store& st, const std::string& client,
                                            std::vector<ProductAggregate> all,
                                            const ProductRequest& r) {
  if (!r.search.empty()) PP_RETURN_IF_ERROR(st.FillProductNames(client, &all));
  Listing<ProductAggregate> page =
      ListProducts(std::move(all), r.search, r.sort, r.desc, r.limit, r.after);
  if (r.search.empty()) PP_RETURN_IF_ERROR(st.FillProductNames(client, &page.items));
  return page;
}

// Quantity and revenue of `code` in one order (a code may appear on several lines).
json::object WithLine(const Order& o, const std::string& code) {
  json::object s = OrderSummaryJson(o);
  std::int64_t qty = 0;
  Cents revenue = 0;
  for (const auto& it : o.items) {
    if (it.code != code) continue;
    qty += it.quantity;
    revenue += it.Revenue();
  }
  s["quantity"] = qty;
  s["lineRevenue"] = CentsToJson(revenue);
  return s;
}

}  // namespace

Response HandleListProducts(ApiContext& ctx, Request& req, const Principal& p) {
  auto r = ParseProductRequest(req);
  if (!r.ok()) return JsonError(req, r.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  Result<Listing<ProductAggregate>> page = Status::Internal("unset");
  if (*path == ReadPath::kViews) {
    page = ctx.store->ListProductViews(
        p.client.client_id, store::ProductViewQuery{r->search, r->sort, r->desc, r->limit, r->after});
  } else {
    auto all = CatalogueFromOrders(*ctx.store, p.client.client_id);
    if (!all.ok()) return JsonError(req, all.status());
    page = NamedPage(*ctx.store, p.client.client_id, std::move(all).value(), *r);
  }
  if (!page.ok()) return JsonError(req, page.status());
  json::array items;
  for (const auto& x : page->items) items.push_back(ProductJson(x));
  json::object meta = PathMeta(*path);
  std::optional<std::string> next;
  if (page->more && !page->items.empty()) {
    next = EncodeCursor(CursorFields(ProductCursorOf(page->items.back(), r->sort)));
  }
  AddPageMeta(meta, items.size(), page->total, next);
  return JsonData(req, std::move(items), std::move(meta));
}

Response HandleProductOrders(ApiContext& ctx, Request& req, const Principal& p) {
  const std::string& code = req.path_params["code"];
  store::OrderQuery q;
  q.product_code = code;
  auto limit = LimitParam(req);
  if (!limit.ok()) return JsonError(req, limit.status());
  q.limit = *limit;
  auto after = OrderCursorParam(req);
  if (!after.ok()) return JsonError(req, after.status());
  q.after = *after;
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  Result<store::OrderPage> page = store::OrderPage{};
  std::optional<ProductAggregate> product;
  std::optional<std::optional<std::string>> name;  // read with the views
  if (*path == ReadPath::kViews) {  // the page, the product and its name in one snapshot
    auto read = ctx.store->ProductOrdersView(p.client.client_id, q);
    if (!read.ok()) return JsonError(req, read.status());
    page = std::move(read->page);
    product = std::move(read->product);
    name.emplace(std::move(read->name));
  } else {
    page = ctx.store->ListOrders(p.client.client_id, q);
    if (!page.ok()) return JsonError(req, page.status());
    auto all = CatalogueFromOrders(*ctx.store, p.client.client_id);
    if (!all.ok()) return JsonError(req, all.status());
    for (auto& x : *all) {
      if (x.code == code) product = std::move(x);
    }
  }
  if (!product && page->total == 0 && !q.after) {
    return JsonError(req, Status::NotFound("no product " + code));
  }
  if (!product) {  // only in orders that do not count
    product.emplace();
    product->code = code;
  }
  if (name) {
    product->name = std::move(*name);
  } else {
    std::vector<ProductAggregate> named{std::move(*product)};
    Status st = ctx.store->FillProductNames(p.client.client_id, &named);
    if (!st.ok()) return JsonError(req, st);
    product = std::move(named[0]);
  }
  json::array orders;
  for (const auto& o : page->orders) orders.push_back(WithLine(o, code));
  json::object meta = PathMeta(*path);
  AddPageMeta(meta, orders.size(), page->total, NextOrderCursor(*page));
  return JsonData(req, json::object{{"product", ProductJson(*product)}, {"orders", std::move(orders)}},
                  std::move(meta));
}

}  // namespace packprod::api

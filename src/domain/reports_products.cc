// Products: the all-time catalogue (/api/products) and the products report.
#include <algorithm>
#include <boost/json/array.hpp>
#include <map>
#include <string>
#include <tuple>
#include <unordered_set>

#include "domain/reports.h"
#include "domain/reports_internal.h"

namespace packprod {
namespace {

struct ProductAcc {
  ProductAggregate agg;
  std::unordered_set<std::string_view> contacts;
  const Order* named_by = nullptr;  // the latest order that gave a name
};

// Whether `o` is at or after `prev` by (createdAt, orderReference). "At" lets a later
// line of the same order override an earlier one.
bool NotBefore(const Order& o, const Order* prev) {
  return prev == nullptr ||
         std::tie(o.created_at, o.reference) >= std::tie(prev->created_at, prev->reference);
}

void AddLine(ProductAcc& a, const Order& o, const OrderItem& item, bool first_in_order) {
  ProductAggregate& p = a.agg;
  p.units += item.quantity;
  p.revenue += item.Revenue();
  if (first_in_order) ++p.orders;
  a.contacts.insert(o.contact_id);
  if (!p.first_ordered || o.created_at < *p.first_ordered) p.first_ordered = o.created_at;
  if (!p.last_ordered || o.created_at > *p.last_ordered) p.last_ordered = o.created_at;
  if (item.name && !item.name->empty() && NotBefore(o, a.named_by)) {
    p.name = item.name;
    a.named_by = &o;
  }
}

boost::json::value OptInstant(const std::optional<Millis>& t) {
  return t ? boost::json::value(FormatRfc3339(*t)) : boost::json::value(nullptr);
}

// The value a products report sorts by, or nullopt for an unknown sort.
std::optional<std::int64_t (*)(const ProductAggregate&)> SortKey(std::string_view sort) {
  if (sort == "revenue") return [](const ProductAggregate& p) { return p.revenue; };
  if (sort == "units") return [](const ProductAggregate& p) { return p.units; };
  if (sort == "orders") return [](const ProductAggregate& p) { return p.orders; };
  return std::nullopt;
}

}  // namespace

namespace reports_internal {

std::vector<ProductAggregate> ProductStats(const std::vector<const Order*>& orders) {
  std::map<std::string_view, ProductAcc> by_code;
  for (const Order* o : orders) {
    std::unordered_set<std::string_view> seen;
    for (const OrderItem& item : o->items) {
      auto [it, fresh] = by_code.try_emplace(item.code);
      if (fresh) it->second.agg.code = item.code;
      AddLine(it->second, *o, item, seen.insert(item.code).second);
    }
  }
  std::vector<ProductAggregate> out;
  out.reserve(by_code.size());
  for (auto& [code, a] : by_code) {
    a.agg.customers = static_cast<std::int64_t>(a.contacts.size());
    out.push_back(std::move(a.agg));
  }
  return out;
}

boost::json::object ReportProductJson(const ProductAggregate& p) {
  boost::json::object o;
  o["code"] = p.code;
  o["name"] = p.name ? boost::json::value(*p.name) : nullptr;
  o["units"] = p.units;
  o["revenue"] = CentsToJson(p.revenue);
  o["orders"] = p.orders;
  o["customers"] = p.customers;
  return o;
}

}  // namespace reports_internal

std::vector<ProductAggregate> ProductCatalogue(const std::vector<Order>& orders) {
  return reports_internal::ProductStats(reports_internal::CountedIn(orders, nullptr));
}

boost::json::object ProductJson(const ProductAggregate& p) {
  boost::json::object o = reports_internal::ReportProductJson(p);
  o["firstOrderedAt"] = OptInstant(p.first_ordered);
  o["lastOrderedAt"] = OptInstant(p.last_ordered);
  return o;
}

Result<boost::json::object> ProductsReport(const ReportInput& in, const Period& p,
                                           std::string_view sort, int limit) {
  auto key = SortKey(sort);
  if (!key) {
    return Status::InvalidArgument("sort: expected revenue, units or orders, got \"" +
                                   std::string(sort) + "\"");
  }
  if (limit < 1 || limit > 500) return Status::InvalidArgument("limit: must be 1-500");
  auto rows = reports_internal::ProductStats(reports_internal::CountedIn(*in.orders, &p));
  // Rows come sorted by code, so a stable sort leaves ties code-ascending.
  std::stable_sort(rows.begin(), rows.end(),
                   [k = *key](const auto& a, const auto& b) { return k(a) > k(b); });
  boost::json::array items;
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
    items.push_back(reports_internal::ReportProductJson(rows[i]));
  }
  boost::json::object o;
  o["period"] = PeriodJson(p);
  o["sort"] = sort;
  o["items"] = std::move(items);
  return o;
}

}  // namespace packprod

#include "domain/listing.h"

#include <algorithm>
#include <charconv>

#include "domain/text.h"

namespace packprod {
namespace {

// The sort key of a customer: null, an integer, or a string.
ListCursor CustomerKey(const CustomerAggregate& c, CustomerSort sort) {
  ListCursor k;
  k.id = c.contact_id;
  switch (sort) {
    case CustomerSort::kTotalSpend: k.int_key = c.total_spend; break;
    case CustomerSort::kOrderCount: k.int_key = c.order_count; break;
    case CustomerSort::kLastOrderDate:
      k.null_key = !c.last_order;
      k.int_key = c.last_order.value_or(0);
      break;
    case CustomerSort::kFirstOrderDate:
      k.null_key = !c.first_order;
      k.int_key = c.first_order.value_or(0);
      break;
    case CustomerSort::kName:
      k.null_key = !c.name;
      k.str_key = c.name ? FoldCase(*c.name) : "";
      break;
  }
  return k;
}

ListCursor ProductKey(const ProductAggregate& p, ProductSort sort) {
  ListCursor k;
  k.id = p.code;
  switch (sort) {
    case ProductSort::kRevenue: k.int_key = p.revenue; break;
    case ProductSort::kUnits: k.int_key = p.units; break;
    case ProductSort::kOrders: k.int_key = p.orders; break;
    case ProductSort::kCustomers: k.int_key = p.customers; break;
    case ProductSort::kCode: k.str_key = p.code; break;
  }
  return k;
}

// -1, 0, 1: how key a compares with key b in listing order (nulls last, then the sort
// direction, then id ascending).
int Compare(const ListCursor& a, const ListCursor& b, bool desc) {
  if (a.null_key != b.null_key) return a.null_key ? 1 : -1;
  if (!a.null_key) {
    int c = 0;
    if (a.int_key != b.int_key) c = a.int_key < b.int_key ? -1 : 1;
    if (c == 0 && a.str_key != b.str_key) c = a.str_key < b.str_key ? -1 : 1;
    if (c != 0) return desc ? -c : c;
  }
  if (a.id == b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

bool Contains(const std::optional<std::string>& field, const std::string& folded) {
  return field && FoldCase(*field).find(folded) != std::string::npos;
}

}  // namespace

std::optional<CustomerSort> ParseCustomerSort(std::string_view s) {
  if (s == "totalSpend") return CustomerSort::kTotalSpend;
  if (s == "orderCount") return CustomerSort::kOrderCount;
  if (s == "lastOrderDate") return CustomerSort::kLastOrderDate;
  if (s == "firstOrderDate") return CustomerSort::kFirstOrderDate;
  if (s == "name") return CustomerSort::kName;
  return std::nullopt;
}

bool CustomerMatches(const CustomerAggregate& c, const CustomerFilter& f,
                     const ClientSettings& settings) {
  if (!f.search.empty() && !Contains(c.name, f.search) && !Contains(c.company, f.search) &&
      c.email.find(f.search) == std::string::npos) {
    return false;
  }
  if (f.segments.empty()) return true;
  auto seg = DeriveSegment(c, f.as_of, settings);
  if (!seg) return false;
  for (Segment s : f.segments) {
    if (s == *seg) return true;
  }
  return false;
}

SegmentBounds SegmentBoundsAt(Millis as_of, const ClientSettings& settings) {
  // floor((as_of - t) / day) > D  <=>  t <= as_of - (D + 1) day, and <= N <=> t > as_of - (N + 1) day.
  return SegmentBounds{as_of - (settings.dormant_days + 1) * kDayMs,
                       as_of - (settings.new_days + 1) * kDayMs, settings.vip_spend,
                       settings.vip_orders};
}

bool CustomerBefore(const CustomerAggregate& a, const CustomerAggregate& b, CustomerSort sort,
                    bool desc) {
  return Compare(CustomerKey(a, sort), CustomerKey(b, sort), desc) < 0;
}

ListCursor CustomerCursorOf(const CustomerAggregate& c, CustomerSort sort) {
  return CustomerKey(c, sort);
}

bool CustomerAfter(const CustomerAggregate& c, const ListCursor& cur, CustomerSort sort,
                   bool desc) {
  return Compare(CustomerKey(c, sort), cur, desc) > 0;
}

std::optional<ProductSort> ParseProductSort(std::string_view s) {
  if (s == "revenue") return ProductSort::kRevenue;
  if (s == "units") return ProductSort::kUnits;
  if (s == "orders") return ProductSort::kOrders;
  if (s == "customers") return ProductSort::kCustomers;
  if (s == "code") return ProductSort::kCode;
  return std::nullopt;
}

bool ProductMatches(const ProductAggregate& p, const std::string& search) {
  if (search.empty()) return true;
  return FoldCase(p.code).starts_with(search) || Contains(p.name, search);
}

bool ProductBefore(const ProductAggregate& a, const ProductAggregate& b, ProductSort sort,
                   bool desc) {
  return Compare(ProductKey(a, sort), ProductKey(b, sort), desc) < 0;
}

ListCursor ProductCursorOf(const ProductAggregate& p, ProductSort sort) {
  return ProductKey(p, sort);
}

bool ProductAfter(const ProductAggregate& p, const ListCursor& cur, ProductSort sort, bool desc) {
  return Compare(ProductKey(p, sort), cur, desc) > 0;
}

namespace {

// Sorts with `before`, skips to after the cursor, and cuts a page of `limit`.
template <typename T, typename Before, typename After>
Listing<T> Page(std::vector<T> all, int limit, bool has_cursor, Before before, After after) {
  Listing<T> out;
  out.total = static_cast<std::int64_t>(all.size());
  std::sort(all.begin(), all.end(), before);
  auto it = has_cursor ? std::find_if(all.begin(), all.end(), after) : all.begin();
  for (; it != all.end(); ++it) {
    if (static_cast<int>(out.items.size()) == limit) {
      out.more = true;
      break;
    }
    out.items.push_back(std::move(*it));
  }
  return out;
}

}  // namespace

Listing<CustomerAggregate> ListCustomers(std::vector<CustomerAggregate> all,
                                         const CustomerFilter& f, const ClientSettings& settings,
                                         CustomerSort sort, bool desc, int limit,
                                         const std::optional<ListCursor>& after) {
  std::erase_if(all, [&](const CustomerAggregate& c) { return !CustomerMatches(c, f, settings); });
  return Page(
      std::move(all), limit, after.has_value(),
      [&](const auto& a, const auto& b) { return CustomerBefore(a, b, sort, desc); },
      [&](const auto& c) { return CustomerAfter(c, *after, sort, desc); });
}

Listing<ProductAggregate> ListProducts(std::vector<ProductAggregate> all,
                                       const std::string& search, ProductSort sort, bool desc,
                                       int limit, const std::optional<ListCursor>& after) {
  std::erase_if(all, [&](const ProductAggregate& p) { return !ProductMatches(p, search); });
  return Page(
      std::move(all), limit, after.has_value(),
      [&](const auto& a, const auto& b) { return ProductBefore(a, b, sort, desc); },
      [&](const auto& p) { return ProductAfter(p, *after, sort, desc); });
}

std::vector<std::string> CursorFields(const ListCursor& c) {
  return {c.null_key ? "n" : "v", std::to_string(c.int_key), c.str_key, c.id};
}

std::optional<ListCursor> CursorFromFields(const std::vector<std::string>& f) {
  if (f.size() != kCursorFieldCount || (f[0] != "n" && f[0] != "v")) return std::nullopt;
  ListCursor c;
  c.null_key = f[0] == "n";
  auto r = std::from_chars(f[1].data(), f[1].data() + f[1].size(), c.int_key);
  if (r.ec != std::errc() || r.ptr != f[1].data() + f[1].size()) return std::nullopt;
  c.str_key = f[2];
  c.id = f[3];
  return c;
}

}  // namespace packprod

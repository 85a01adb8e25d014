#include "stream/view_delta.h"

#include <tuple>

namespace packprod::stream {

void AddToCustomer(CustomerState& s, const OrderFacts& f) {
  CustomerAggregate& a = s.agg;
  ++a.order_count;
  a.total_spend += f.total;
  if (s.dates_stale) return;
  if (!a.first_order || f.created_at < *a.first_order) a.first_order = f.created_at;
  bool later = !a.last_order || f.created_at > *a.last_order ||
               (f.created_at == *a.last_order &&
                (!a.last_order_reference || f.reference > *a.last_order_reference));
  if (later) {
    a.last_order = f.created_at;
    a.last_order_reference = f.reference;
  }
}

void RemoveFromCustomer(CustomerState& s, const OrderFacts& f) {
  CustomerAggregate& a = s.agg;
  --a.order_count;
  a.total_spend -= f.total;
  if (a.order_count <= 0) {
    a.first_order.reset();
    a.last_order.reset();
    a.last_order_reference.reset();
    s.dates_stale = false;
    return;
  }
  if (a.first_order == f.created_at) s.dates_stale = true;
  if (a.last_order == f.created_at && a.last_order_reference == f.reference) {
    s.dates_stale = true;
  }
}

void SetCustomerDates(CustomerState& s, const store::OrderDates& d) {
  s.agg.first_order = d.first;
  s.agg.last_order = d.last;
  s.agg.last_order_reference = d.last_reference;
  s.dates_stale = false;
}

void AddToProduct(ProductState& s, const OrderFacts& f, const ProductLine& line) {
  ProductAggregate& p = s.view.totals;
  p.units += line.units;
  p.revenue += line.revenue;
  ++p.orders;
  if (!s.dates_stale) {
    if (!p.first_ordered || f.created_at < *p.first_ordered) p.first_ordered = f.created_at;
    if (!p.last_ordered || f.created_at > *p.last_ordered) p.last_ordered = f.created_at;
  }
  if (s.name_stale || !line.name) return;
  bool not_before = !s.view.name_at || std::tie(f.created_at, f.reference) >=
                                           std::tie(*s.view.name_at, *s.view.name_ref);
  if (not_before) {
    p.name = line.name;
    s.view.name_at = f.created_at;
    s.view.name_ref = f.reference;
  }
}

void RemoveFromProduct(ProductState& s, const OrderFacts& f, const ProductLine& line) {
  ProductAggregate& p = s.view.totals;
  p.units -= line.units;
  p.revenue -= line.revenue;
  --p.orders;
  if (p.orders <= 0) {
    p.first_ordered.reset();
    p.last_ordered.reset();
    p.name.reset();
    s.view.name_at.reset();
    s.view.name_ref.reset();
    s.dates_stale = s.name_stale = false;
    return;
  }
  if (p.first_ordered == f.created_at || p.last_ordered == f.created_at) s.dates_stale = true;
  if (s.view.name_at == f.created_at && s.view.name_ref == f.reference) s.name_stale = true;
}

void SetProductDates(ProductState& s, const store::ProductDates& d) {
  s.view.totals.first_ordered = d.first;
  s.view.totals.last_ordered = d.last;
  s.view.totals.name = d.name;
  s.view.name_at = d.name_at;
  s.view.name_ref = d.name_ref;
  s.dates_stale = false;
  s.name_stale = false;
}

void AddToRollUps(store::RollUps& r, const OrderFacts& f, int sign) {
  store::DaySums& day = r.sales[f.day];
  day.orders += sign;
  day.revenue += sign * f.total;
  day.units += sign * f.units;
  store::ContactDaySums& cd = r.contact_days[{f.day, f.contact_id}];
  cd.orders += sign;
  cd.revenue += sign * f.total;
  for (const ProductLine& p : f.products) {
    store::DaySums& pd = r.product_days[{f.day, p.code}];
    pd.orders += sign;
    pd.revenue += sign * p.revenue;
    pd.units += sign * p.units;
  }
}

bool SameCustomer(const CustomerAggregate& a, const CustomerAggregate& b) {
  return std::tie(a.contact_id, a.email, a.name, a.company, a.order_count, a.total_spend,
                  a.first_order, a.last_order, a.last_order_reference) ==
         std::tie(b.contact_id, b.email, b.name, b.company, b.order_count, b.total_spend,
                  b.first_order, b.last_order, b.last_order_reference);
}

bool SameProduct(const store::ProductView& a, const store::ProductView& b) {
  const ProductAggregate& x = a.totals;
  const ProductAggregate& y = b.totals;
  return std::tie(x.code, x.name, x.units, x.revenue, x.orders, x.customers, x.first_ordered,
                  x.last_ordered, a.name_at,
                  a.name_ref) == std::tie(y.code, y.name, y.units, y.revenue, y.orders, y.customers,
                                          y.first_ordered, y.last_ordered, b.name_at, b.name_ref);
}

}  // namespace packprod::stream

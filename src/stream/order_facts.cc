#include "stream/order_facts.h"

#include <map>

namespace packprod::stream {

std::optional<OrderFacts> FactsOf(const Order& o, const TimeZone& tz) {
  if (!Counts(o.status)) return std::nullopt;
  OrderFacts f;
  f.contact_id = o.contact_id;
  f.reference = o.reference;
  f.created_at = o.created_at;
  f.day = tz.LocalDay(o.created_at);
  f.total = o.total;
  std::map<std::string_view, ProductLine> by_code;
  for (const OrderItem& item : o.items) {
    f.units += item.quantity;
    ProductLine& p = by_code[item.code];
    p.units += item.quantity;
    p.revenue += item.Revenue();
    if (item.name && !item.name->empty()) p.name = item.name;
  }
  f.products.reserve(by_code.size());
  for (auto& [code, p] : by_code) {
    p.code = std::string(code);
    f.products.push_back(std::move(p));
  }
  return f;
}

ViewChange ChangeOf(const Order* before, const Order* after, const TimeZone& tz,
                    Millis committed_at) {
  ViewChange c;
  c.committed_at = committed_at;
  if (before) {
    c.before = FactsOf(*before, tz);
    c.contacts.push_back(before->contact_id);
  }
  if (after) {
    c.after = FactsOf(*after, tz);
    if (!before || before->contact_id != after->contact_id) {
      c.contacts.push_back(after->contact_id);
    }
  }
  if (c.before == c.after) {
    c.before.reset();
    c.after.reset();
  }
  return c;
}

}  // namespace packprod::stream

// The plain "Field: value" template (docs/email-format.md).
#include <boost/json.hpp>

#include "email/template_util.h"

namespace packprod::email::internal {
namespace json = boost::json;
namespace {

// Field names (lower case) and the order field each fills.
struct Alias {
  const char* key;
  const char* field;
};
constexpr Alias kAliases[] = {
    {"order", "orderReference"},
    {"order reference", "orderReference"},
    {"order number", "orderReference"},
    {"order ref", "orderReference"},
    {"reference", "orderReference"},
    {"date", "createdAt"},
    {"order date", "createdAt"},
    {"status", "status"},
    {"currency", "currency"},
    {"email", "email"},
    {"e-mail", "email"},
    {"name", "name"},
    {"customer", "name"},
    {"company", "company"},
    {"phone", "phone"},
    {"item", "item"},
    {"subtotal", "subtotal"},
    {"shipping", "shipping"},
    {"delivery", "shipping"},
    {"freight", "shipping"},
    {"gst", "tax"},
    {"tax", "tax"},
    {"total", "total"},
};

const char* FieldOf(const std::string& key) {
  for (const auto& a : kAliases) {
    if (key == a.key) return a.field;
  }
  return nullptr;
}

std::vector<std::string> SplitBars(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {
    std::size_t bar = s.find('|', pos);
    parts.push_back(Trim(s.substr(pos, bar == std::string::npos ? s.npos : bar - pos)));
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return parts;
}

json::object Item(const std::string& value) {
  auto p = SplitBars(value);
  json::object item;
  SetIf(item, "code", p[0]);
  if (p.size() > 1) SetIf(item, "name", p[1]);
  if (p.size() > 2 && !p[2].empty()) item["quantity"] = Quantity(p[2]);
  if (p.size() > 3) SetIf(item, "unitPrice", p[3]);
  if (p.size() > 4) SetIf(item, "lineTotal", p[4]);
  return item;
}

}  // namespace

bool LooksPlain(const std::vector<std::string>& lines) {
  bool email = false, order = false;
  for (const auto& l : lines) {
    auto kv = SplitKeyValue(l);
    if (!kv) continue;
    const char* f = FieldOf(kv->key);
    if (!f) continue;
    email = email || std::string_view(f) == "email";
    order = order || std::string_view(f) == "total" || std::string_view(f) == "item";
  }
  return email && order;
}

json::object ReadPlain(const EmailMessage& m, const std::vector<std::string>& lines) {
  json::object order, customer;
  json::array items;
  for (const auto& l : lines) {
    auto kv = SplitKeyValue(l);
    if (!kv || kv->value.empty()) continue;
    const char* f = FieldOf(kv->key);
    if (!f) continue;
    std::string_view field(f);
    if (field == "item") {
      items.push_back(Item(kv->value));
      continue;
    }
    bool is_customer =
        field == "email" || field == "name" || field == "company" || field == "phone";
    json::object& target = is_customer ? customer : order;
    if (!target.contains(field)) target[field] = kv->value;  // the first one counts
  }
  if (!order.contains("createdAt")) SetIf(order, "createdAt", HeaderDate(m));
  if (!customer.empty()) order["customer"] = std::move(customer);
  if (!items.empty()) order["items"] = std::move(items);
  return order;
}

}  // namespace packprod::email::internal

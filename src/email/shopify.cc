// The Shopify staff order notification ("Order #1001 placed by ..."), HTML or plain text.
#include <boost/json.hpp>
#include <regex>

#include "email/template_util.h"

namespace packprod::email::internal {
namespace json = boost::json;
namespace {

std::string Search(const std::string& s, const std::regex& re, int group = 1) {
  std::smatch m;
  return std::regex_search(s, m, re) ? Trim(m[group].str()) : "";
}

// The value of a labelled line: "Label: value", or "Label" with the value on the next line.
std::string Labelled(const std::vector<std::string>& lines, std::size_t i, const char* label) {
  auto kv = SplitKeyValue(lines[i]);
  if (kv && kv->key == label && !kv->value.empty()) return kv->value;
  if (AsciiLower(lines[i]) == label && i + 1 < lines.size()) return lines[i + 1];
  return "";
}

}  // namespace

json::object ReadShopify(const EmailMessage& m, const std::vector<std::string>& lines) {
  static const std::regex kPlaced(R"(Order #([^ ]+) placed by (.+)$)");
  static const std::regex kCancelledRef(R"(Order #([^ ]+) was cancelled)");
  static const std::regex kCancelledBy(R"(^(.+) cancelled order #)");
  static const std::regex kItem(R"(^(.+) × ([^ ]+)$)");
  static const std::regex kTaxes(R"(Including (.+) in taxes)");
  json::object order, customer;
  json::array items;
  std::string ref, name;
  bool cancelled = false, in_items = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::smatch mt;
    if (ref.empty() && std::regex_search(l, mt, kPlaced)) {
      ref = mt[1].str();
      name = Trim(mt[2].str());
    }
    if (ref.empty() && std::regex_search(l, mt, kCancelledRef)) {
      ref = mt[1].str();
      cancelled = true;
    }
    if (name.empty() && std::regex_search(l, mt, kCancelledBy)) name = Trim(mt[1].str());
    if (AsciiLower(l) == "order summary") {
      in_items = true;
      continue;
    }
    if (IStartsWith(l, "subtotal")) in_items = false;
    if (in_items) {
      if (std::regex_match(l, mt, kItem)) {
        json::object item;
        item["name"] = Trim(mt[1].str());
        item["quantity"] = Quantity(mt[2].str());
        items.push_back(std::move(item));
      } else if (!items.empty()) {
        json::object& item = items.back().as_object();
        auto kv = SplitKeyValue(l);
        if (kv && kv->key == "sku") {
          SetIf(item, "code", kv->value);
        } else if (IsMoneyLine(l) && !item.contains("lineTotal")) {
          item["lineTotal"] = *MoneyToken(l);
        }
      }
      continue;
    }
    for (const char* key : {"subtotal", "shipping", "total"}) {
      std::string v = Labelled(lines, i, key);
      if (v.empty() || order.contains(key)) continue;
      std::string currency;
      if (auto money = MoneyToken(v, &currency)) {
        order[key] = *money;
        if (!currency.empty() && std::string_view(key) == "total") order["currency"] = currency;
      }
    }
    if (!order.contains("tax")) {
      if (auto money = MoneyToken(Search(l, kTaxes))) order["tax"] = *money;
    }
    if (!customer.contains("email")) SetIf(customer, "email", Labelled(lines, i, "email"));
    if (!customer.contains("phone")) SetIf(customer, "phone", Labelled(lines, i, "phone"));
  }
  static const std::regex kSubjectRef(R"(Order #([A-Za-z0-9_/-]+))");
  if (ref.empty()) ref = Search(m.subject, kSubjectRef);
  cancelled = cancelled || IContains(m.subject, "was cancelled");
  SetIf(customer, "name", name);
  SetIf(order, "orderReference", ref);
  SetIf(order, "createdAt", HeaderDate(m));
  order["status"] = cancelled ? "cancelled" : "processing";
  if (!customer.empty()) order["customer"] = std::move(customer);
  if (!items.empty()) order["items"] = std::move(items);
  return order;
}

}  // namespace packprod::email::internal

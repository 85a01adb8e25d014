// The WooCommerce "New order" / "Cancelled order" admin e-mail, HTML or plain text.
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

bool IsPhone(const std::string& s) {
  static const std::regex kPhone(R"(^\+?[0-9 ()-]{8,}$)");
  return std::regex_match(s, kPhone);
}

bool IsEmail(const std::string& s) {
  static const std::regex kEmail(R"(^[^\s@]+@[^\s@]+\.[^\s@]+$)");
  return std::regex_match(s, kEmail);
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t pos = 0;
  while (true) {
    std::size_t tab = line.find('\t', pos);
    cells.push_back(line.substr(pos, tab == std::string::npos ? line.npos : tab - pos));
    if (tab == std::string::npos) return cells;
    pos = tab + 1;
  }
}

// One product: "Name (#SKU)", quantity, price (the line total). nullopt for the header row.
std::optional<json::object> Item(const std::string& name_sku, const std::string& qty,
                                 const std::string& price) {
  if (AsciiLower(name_sku) == "product") return std::nullopt;
  std::string name, code;
  SplitSku(name_sku, &name, &code);
  json::object item;
  SetIf(item, "code", code);
  SetIf(item, "name", name);
  item["quantity"] = Quantity(qty);
  if (auto money = MoneyToken(price)) item["lineTotal"] = *money;
  return item;
}

// The billing block: the lines after "Billing address" up to the next section.
std::vector<std::string> BillingBlock(const std::vector<std::string>& lines) {
  std::vector<std::string> block;
  bool in = false;
  for (const auto& l : lines) {
    if (!in) {
      in = AsciiLower(l) == "billing address";
      continue;
    }
    if (AsciiLower(l) == "shipping address" || IStartsWith(l, "congratulations") ||
        IContains(l, "built with") || l.starts_with("=") || block.size() >= 10) {
      break;
    }
    block.push_back(l);
  }
  return block;
}

}  // namespace

json::object ReadWooCommerce(const EmailMessage& m, const std::vector<std::string>& lines) {
  static const std::regex kRef(R"(\[Order #([^\]]+)\])");
  static const std::regex kSubjectRef(R"(Order #([A-Za-z0-9_/-]+))");
  static const std::regex kFrom(R"(received the following order from (.+):$)");
  static const std::regex kCancelledBy(R"(belonging to (.+) has been cancelled)");
  json::object order, customer;
  json::array items;
  std::string ref, name;
  bool cancelled = IContains(m.subject, "has been cancelled");
  bool in_items = false;
  // The product cell's first line when item meta (variation options) split its row: the
  // quantity and price then follow on a line of two cells.
  std::string pending;
  for (const auto& l : lines) {
    if (ref.empty()) ref = Search(l, kRef);
    if (name.empty()) name = Search(l, kFrom);
    if (name.empty()) name = Search(l, kCancelledBy);
    cancelled = cancelled || IContains(l, "has been cancelled");
    auto kv = SplitKeyValue(l);
    if (l.starts_with("[Order #")) {
      in_items = true;
      continue;
    }
    if (kv && kv->key == "subtotal") in_items = false;
    if (in_items) {
      static const std::regex kText(R"(^(.+) × ([^ ]+) = (.+)$)");
      std::vector<std::string> cells = Cells(l);
      std::smatch m;
      std::optional<json::object> item;
      if (cells.size() == 3) {
        item = Item(cells[0], cells[1], cells[2]);
        pending.clear();
      } else if (cells.size() == 2 && !pending.empty()) {
        item = Item(pending, cells[0], cells[1]);
        pending.clear();
      } else if (std::regex_match(l, m, kText)) {
        item = Item(m[1].str(), m[2].str(), m[3].str());
        pending.clear();
      } else if (pending.empty() && cells.size() == 1) {
        pending = l;
      }
      if (item) items.push_back(std::move(*item));
      continue;
    }
    if (!kv) continue;
    const char* field = kv->key == "subtotal"                  ? "subtotal"
                        : kv->key == "shipping"                ? "shipping"
                        : kv->key == "gst" || kv->key == "tax" ? "tax"
                        : kv->key == "total"                   ? "total"
                                                               : nullptr;
    if (!field || order.contains(field)) continue;
    if (auto money = MoneyToken(kv->value)) {
      order[field] = *money;
    } else if (std::string_view(field) == "shipping" && IContains(kv->value, "free")) {
      order[field] = "0.00";
    }
    if (std::string_view(field) == "total" && !order.contains("tax")) {
      static const std::regex kIncl(R"(includes (.+) GST)");
      std::string incl = Search(kv->value, kIncl);
      if (auto money = MoneyToken(incl)) order["tax"] = *money;
    }
  }
  if (ref.empty()) ref = Search(m.subject, kSubjectRef);
  std::vector<std::string> block = BillingBlock(lines);
  std::vector<std::string> address;
  for (const auto& l : block) {
    if (IsEmail(l)) {
      if (!customer.contains("email")) customer["email"] = l;
    } else if (IsPhone(l)) {
      if (!customer.contains("phone")) customer["phone"] = l;
    } else {
      address.push_back(l);
    }
  }
  if (name.empty() && !address.empty()) name = address[0];
  SetIf(customer, "name", name);
  // The line after the name is the company when it holds no digit and is not the last
  // two (suburb line and country).
  if (address.size() >= 5 && address[1].find_first_of("0123456789") == std::string::npos) {
    customer["company"] = address[1];
  }
  SetIf(order, "orderReference", ref);
  SetIf(order, "createdAt", HeaderDate(m));
  order["status"] = cancelled ? "cancelled" : "processing";
  if (!customer.empty()) order["customer"] = std::move(customer);
  if (!items.empty()) order["items"] = std::move(items);
  return order;
}

}  // namespace packprod::email::internal

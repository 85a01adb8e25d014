// The Shopify staff "New order" notification, the current default ("Order #1043 placed
// by Jane Smith", "$1.09 × 100" unit-price lines, "Large • SKU: X") and the older one
// ("Jane Smith placed order #1043 on Nov 20 at 2:07 pm", the customer's address only in
// Reply-To), HTML or plain text; also "Order #N was cancelled".
#include <boost/json.hpp>
#include <regex>

#include "domain/time.h"
#include "email/template_util.h"

namespace packprod::email::internal {
namespace json = boost::json;
namespace {

const std::regex& PlacedByRe() {
  static const std::regex k(R"(Order #([^ ]+) placed by (.+)$)");
  return k;
}
// "Jane Smith placed order #1043 on Nov 20 at 2:07 pm." (also "placed a new order").
const std::regex& PlacedOnRe() {
  static const std::regex k(
      R"(^(.+?) placed (?:a new )?order (?:\S+ )?#([^ ]+)(?: with your store)? on (.+?)\.?$)");
  return k;
}

// "Nov 20 at 2:07 pm" in the shop's zone, the year the one that puts it at or before the
// Date header (a notification is sent when the order is placed).
std::optional<Millis> PlacedAt(const std::string& when, const EmailMessage& m,
                               const std::string& zone) {
  static const std::regex kWhen(
      R"(^([A-Za-z]{3})[a-z]* (\d{1,2}),? (?:at )?(\d{1,2}):(\d{2}) ?([ap]m)$)", std::regex::icase);
  std::smatch w;
  if (!m.date || !std::regex_match(when, w, kWhen)) return std::nullopt;
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (AsciiLower(w[1].str()) == kMonths[i]) month = i + 1;
  }
  unsigned day = static_cast<unsigned>(std::stoi(w[2].str()));
  int hour = std::stoi(w[3].str()), minute = std::stoi(w[4].str());
  if (month == 0 || day < 1 || day > 31 || hour < 1 || hour > 12 || minute > 59) {
    return std::nullopt;
  }
  hour = hour % 12 + (AsciiLower(w[5].str()) == "pm" ? 12 : 0);
  std::int64_t ms = (hour * 3600LL + minute * 60LL) * 1000;
  std::optional<TimeZone> tz = zone.empty() ? std::nullopt : TimeZone::Find(zone);
  auto instant = [&](int year) -> Millis {
    DayNumber d = DaysFromCivil(year, month, day);
    if (tz) return tz->LocalToInstant(d, ms);
    return static_cast<Millis>(d) * 86400000LL + ms - m.date_offset_minutes * 60000LL;
  };
  int y = 0;
  unsigned hm = 0, hd = 0;
  DayNumber header_day =
      tz ? tz->LocalDay(*m.date)
         : static_cast<DayNumber>(FloorDiv(*m.date + m.date_offset_minutes * 60000LL, 86400000));
  CivilFromDays(header_day, &y, &hm, &hd);
  Millis t = instant(y);
  if (t > *m.date + 86400000LL) t = instant(y - 1);  // placed in December, sent in January
  return t;
}

// The customer block: the lines after "Customer" (or "Customer information", "Contact
// information") up to the next heading.
void CustomerBlock(const std::vector<std::string>& lines, std::size_t i, json::object& customer) {
  for (std::size_t k = i + 1; k < lines.size() && k <= i + 6; ++k) {
    std::string l = lines[k];
    if (auto kv = SplitKeyValue(l); kv && (kv->key == "email" || kv->key == "phone")) {
      l = kv->value;
    }
    if (LooksLikeEmail(l)) {
      if (!customer.contains("email")) customer["email"] = l;
    } else if (LooksLikePhone(l)) {
      if (!customer.contains("phone")) customer["phone"] = l;
    } else if (IContains(l, "address") || IContains(l, "method")) {
      break;
    }
  }
}

// The last money amount before " × N" at the end of a line ("$1.20 $1.09 × 100").
bool UnitPriceLine(const std::string& l, std::string* price, std::string* qty) {
  static const std::regex kUnit(R"((?:^| )((?:[A-Z]{1,3} ?)?\$ ?[0-9][0-9,]*(?:\.[0-9]+)?) × (\d+)$)");
  std::smatch m;
  if (!std::regex_search(l, m, kUnit)) return false;
  *price = m[1].str();
  *qty = m[2].str();
  return true;
}

}  // namespace

bool LooksShopify(const std::vector<std::string>& lines) {
  static const std::regex kCancelled(R"(Order #([^ ]+) was cancelled)");
  for (const auto& l : lines) {
    if (l.size() > 300) continue;
    if (std::regex_search(l, PlacedByRe()) || std::regex_search(l, PlacedOnRe()) ||
        std::regex_search(l, kCancelled)) {
      return true;
    }
  }
  return false;
}

json::object ReadShopify(const EmailMessage& m, const std::vector<std::string>& lines,
                         const std::string& zone, std::vector<Detail>* problems) {
  static const std::regex kCancelledRef(R"(Order #([^ ]+) was cancelled)");
  static const std::regex kCancelledBy(R"(^(.+) cancelled order #)");
  static const std::regex kItem(R"(^(.+) × ([^ ]+)$)");
  static const std::regex kTaxes(R"(Including (.+) in taxes)");
  json::object order, customer;
  json::array items;
  std::string ref, name, placed_on;
  bool cancelled = false;
  enum { kBefore, kItems, kTotals, kAfter } section = kBefore;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.size() > 1000) continue;
    std::smatch mt;
    if (ref.empty() && std::regex_search(l, mt, PlacedByRe())) {
      ref = mt[1].str();
      name = Trim(mt[2].str());
    }
    if (ref.empty() && std::regex_search(l, mt, PlacedOnRe())) {
      name = Trim(mt[1].str());
      ref = mt[2].str();
      placed_on = Trim(mt[3].str());
    }
    if (ref.empty() && std::regex_search(l, mt, kCancelledRef)) {
      ref = mt[1].str();
      cancelled = true;
    }
    if (name.empty() && std::regex_search(l, mt, kCancelledBy)) name = Trim(mt[1].str());
    std::string lower = AsciiLower(l);
    if (section == kBefore && lower == "order summary") {
      section = kItems;
      continue;
    }
    // A totals row: "Label<tab>value", "Label: value", or the label and its value on two
    // lines (the HTML puts each in a paragraph of its own).
    auto row = LabelledRow(l);
    if ((!row || row->value.empty()) && i + 1 < lines.size() && l.find('\t') == std::string::npos &&
        (IsMoneyLine(lines[i + 1]) || IsMoneyLine(Trim(lines[i + 1].substr(
                                          lines[i + 1].starts_with("-") ? 1 : 0))) ||
         AsciiLower(lines[i + 1]) == "free")) {
      std::string label = l;
      while (!label.empty() && label.back() == ':') label.pop_back();
      if (auto two = LabelledRow(label + "\t" + lines[i + 1])) row = two;
    }
    if (section == kItems && lower.starts_with("subtotal")) section = kTotals;
    if (section == kItems) {
      std::string price, qty;
      if (UnitPriceLine(l, &price, &qty)) {
        if (items.empty()) continue;
        json::object& item = items.back().as_object();
        item["unitPrice"] = price;
        if (!item.contains("quantity")) item["quantity"] = Quantity(qty);
      } else if (std::regex_match(l, mt, kItem)) {
        json::object item;
        item["name"] = Trim(mt[1].str());
        item["quantity"] = Quantity(mt[2].str());
        items.push_back(std::move(item));
      } else if (!items.empty()) {
        json::object& item = items.back().as_object();
        std::size_t sku = l.find("SKU:");
        if (sku != std::string::npos) {
          SetIf(item, "code", Trim(l.substr(sku + 4)));
        } else if (lower == "free") {
          item["lineTotal"] = "0.00";
          if (!item.contains("unitPrice")) item["unitPrice"] = "0.00";
        } else if (IsMoneyLine(l)) {
          item["lineTotal"] = *MoneyToken(l);  // the last one: a struck-out price comes first
        }
      }
      continue;
    }
    if (section == kTotals) {
      if (row && ReadTotalsRow(*row, order) == "total") section = kAfter;
      if (!order.contains("tax")) {
        if (auto money = MoneyToken(Search(l, kTaxes))) order["tax"] = *money;
      }
      // No "continue": a message without a Total row still has its customer block.
    }
    if (lower == "customer" || lower == "customer information" || lower == "contact information") {
      CustomerBlock(lines, i, customer);
    }
    if (auto kv = SplitKeyValue(l); kv && kv->key == "email" && LooksLikeEmail(kv->value)) {
      if (!customer.contains("email")) customer["email"] = kv->value;
    }
    if (auto kv = SplitKeyValue(l); kv && kv->key == "phone" && !customer.contains("phone")) {
      SetIf(customer, "phone", kv->value);
    }
  }
  if (section == kItems) {
    problems->push_back({"body", "the message is cut off inside its order summary"});
  }
  static const std::regex kSubjectRef(R"(Order #([A-Za-z0-9_/-]+))");
  if (ref.empty()) ref = Search(m.subject, kSubjectRef);
  cancelled = cancelled || IContains(m.subject, "was cancelled");
  // The staff notification is sent with the customer's address as Reply-To.
  if (!customer.contains("email") && LooksLikeEmail(m.reply_to) &&
      AsciiLower(m.reply_to) != AsciiLower(m.from)) {
    customer["email"] = m.reply_to;
  }
  SetIf(customer, "name", name);
  SetIf(order, "orderReference", ref);
  std::optional<Millis> placed = placed_on.empty() ? std::nullopt : PlacedAt(placed_on, m, zone);
  if (!placed_on.empty() && !placed) {
    problems->push_back({"/createdAt", "cannot read the order time \"" + placed_on + "\""});
  }
  SetIf(order, "createdAt", placed ? FormatRfc3339(*placed) : HeaderDate(m));
  order["status"] = cancelled ? "cancelled" : "processing";
  if (!customer.empty()) order["customer"] = std::move(customer);
  if (!items.empty()) order["items"] = std::move(items);
  return order;
}

}  // namespace packprod::email::internal

// The WooCommerce admin "New order" / "Cancelled order" e-mail in each layout it is sent
// in: the classic HTML table (8.x-9.x), the "email improvements" HTML (9.8+: "Order
// summary", product names in headings, "×3" quantities), and both plain-text forms
// (classic "[ORDER #N] (date)" with "Name (#SKU) X qty = $line" lines, improved
// "Order #N (date)" with padded "Name × qty   $line" lines), word-wrapped at 70 columns.
// The schema.org Order JSON-LD of an HTML mail is read too (woocommerce_jsonld.cc).
#include <boost/json.hpp>
#include <regex>

#include "domain/time.h"
#include "email/template_util.h"
#include "email/woocommerce_jsonld.h"

namespace packprod::email::internal {
namespace json = boost::json;
namespace {

// "[Order #10241] (20 October 2025)", "[ORDER #10241] (20/10/2025)", "Order #10241 (...)".
const std::regex& HeadingRe() {
  static const std::regex kHeading(R"(^\[?order #([^\]\s()]+)\]? ?\((.+)\)$)", std::regex::icase);
  return kHeading;
}

// One product line; quantity text is kept as found ("×3" loses its sign).
json::object Item(const std::string& name_sku, const std::string& qty, const std::string& price) {
  std::string name, code;
  SplitSku(name_sku, &name, &code);
  std::string q = Trim(qty);
  if (q.starts_with("\xC3\x97")) q = Trim(q.substr(2));  // "×"
  json::object item;
  SetIf(item, "code", code);
  SetIf(item, "name", name);
  item["quantity"] = Quantity(q);
  if (auto money = MoneyToken(price)) item["lineTotal"] = *money;
  return item;
}

// "(#SKU)" on a line of its own (the improved layouts put it after the name).
std::string SkuLine(const std::string& l) {
  static const std::regex kSku(R"(^\(#([^)]+)\)$)");
  std::smatch m;
  return std::regex_match(l, m, kSku) ? Trim(m[1].str()) : "";
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

// The product lines between the heading and the totals.
class ItemReader {
 public:
  explicit ItemReader(bool plain) : plain_(plain) {}

  void Line(const std::string& l) {
    if (std::string sku = SkuLine(l); !sku.empty()) {
      if (!pending_.empty()) {
        pending_ += " (#" + sku + ")";
      } else if (!items_.empty() && !items_.back().as_object().contains("code")) {
        items_.back().as_object()["code"] = sku;
      }
      return;
    }
    std::vector<std::string> cells = Cells(l);
    if (!plain_) {
      if (cells.size() == 3 && AsciiLower(cells[0]) == "product") return;  // header row
      if (cells.size() >= 3) {
        Emit(Item(cells[0], cells[cells.size() - 2], cells.back()));
      } else if (cells.size() == 2 && !pending_.empty()) {
        Emit(Item(pending_, cells[0], cells[1]));
      } else if (pending_.empty() && cells.size() == 1) {
        pending_ = l;  // the product cell's first line; meta lines follow
      }
      return;
    }
    // Plain text: a product line may be wrapped over several lines; meta lines ("- Size:
    // Large") follow it.
    if (buffer_.empty() && l.starts_with("- ")) return;
    buffer_ += buffer_.empty() ? l : " " + l;
    static const std::regex kClassic(R"(^(.*) (?:X|×) ([^ ]*) = (.+)$)");
    static const std::regex kImproved(R"(^(.*) × ([^ ]*) (\S+)$)");
    std::smatch m;
    if (buffer_.size() < 2000 && (std::regex_match(buffer_, m, kClassic) ||
                                  std::regex_match(buffer_, m, kImproved))) {
      Emit(Item(m[1].str(), m[2].str(), m[3].str()));
    } else if (buffer_.size() >= 2000) {
      buffer_.clear();
    }
  }

  // Whether a product line was started and not finished.
  bool Unfinished() const { return !buffer_.empty() || !pending_.empty(); }
  json::array Take() {
    json::array out;
    out.swap(items_);
    return out;
  }

 private:
  void Emit(json::object item) {
    items_.push_back(std::move(item));
    pending_.clear();
    buffer_.clear();
  }
  bool plain_;
  std::string pending_, buffer_;
  json::array items_;
};

}  // namespace

bool LooksWooCommerce(const EmailMessage& m, const std::vector<std::string>& lines) {
  if (FindOrderJsonLd(m.html)) return true;
  bool heading = false, product_line = false;
  for (const auto& l : lines) {
    if (l.size() < 200 && std::regex_match(l, HeadingRe())) heading = true;
    if (heading && (IContains(l, " X ") || l.find('\t') != std::string::npos ||
                    l.find("\xC3\x97") != std::string::npos)) {
      product_line = true;
    }
  }
  return heading && product_line;
}

json::object ReadWooCommerce(const EmailMessage& m, const std::vector<std::string>& lines,
                             std::vector<Detail>* problems) {
  static const std::regex kSubjectRef(R"(Order #([A-Za-z0-9_/-]+))");
  static const std::regex kFrom(R"(order from (.+):$)");
  static const std::regex kCancelledBy(R"(belonging to (.+) has been cancelled)");
  static const std::regex kCancelledRef(R"(order #([A-Za-z0-9_/-]+) belonging to)");
  json::object order, customer;
  std::string ref, name;
  bool cancelled = IContains(m.subject, "has been cancelled") || IContains(m.subject, "cancelled");
  enum { kBefore, kItems, kTotals, kAfter } section = kBefore;
  ItemReader items(m.html.empty());
  json::array products;
  bool ruled = false;
  for (const auto& l : lines) {
    if (l.size() > 1000) continue;
    if (name.empty()) name = Search(l, kFrom);
    if (name.empty()) name = Search(l, kCancelledBy);
    if (ref.empty()) ref = Search(l, kCancelledRef);
    cancelled = cancelled || IContains(l, "has been cancelled");
    std::smatch hm;
    if (section == kBefore && std::regex_match(l, hm, HeadingRe())) {
      ref = Trim(hm[1].str());
      section = kItems;
      continue;
    }
    if (section == kBefore || section == kAfter) continue;
    auto row = LabelledRow(l);
    if (section == kItems) {
      bool rule = l.starts_with("==========");
      if (rule && !ruled && products.empty() && !items.Unfinished()) {
        ruled = true;  // the improved plain layout rules off its heading too
        continue;
      }
      if (rule || (row && row->label.starts_with("subtotal"))) {
        for (auto& it : items.Take()) products.push_back(std::move(it));
        section = kTotals;
        if (rule) continue;
      } else {
        items.Line(l);
        continue;
      }
    }
    if (section == kTotals && row) {
      if (ReadTotalsRow(*row, order) == "total") section = kAfter;
    }
  }
  if (section == kItems) {
    problems->push_back({"body", "the message is cut off inside its order table"});
  }
  if (!products.empty()) order["items"] = std::move(products);
  if (ref.empty()) ref = Search(m.subject, kSubjectRef);
  std::vector<std::string> address;
  for (const auto& l : BillingBlock(lines)) {
    if (LooksLikeEmail(l)) {
      if (!customer.contains("email")) customer["email"] = l;
    } else if (LooksLikePhone(l)) {
      if (!customer.contains("phone")) customer["phone"] = l;
    } else {
      address.push_back(l);
    }
  }
  if (name.empty() && !address.empty()) name = address[0];
  SetIf(customer, "name", name);
  // The line after the name is the company when it holds no digit and the street line
  // after it does (the country is left out for the shop's own country).
  auto digits = [](const std::string& s) { return s.find_first_of("0123456789") != s.npos; };
  if (address.size() >= 4 && !digits(address[1]) && digits(address[2])) {
    customer["company"] = address[1];
  }
  SetIf(order, "orderReference", ref);
  // The exact time: the JSON-LD's orderDate or the heading's <time datetime>; else the
  // Date header (the plain layouts print only a date).
  std::optional<Millis> created;
  std::optional<JsonLdOrder> ld = FindOrderJsonLd(m.html);
  if (ld && !ld->order_date.empty()) created = ParseRfc3339(ld->order_date);
  if (!created) {
    static const std::regex kTime(R"re(<time[^>]*datetime="([^"]+)")re", std::regex::icase);
    std::string head = m.html.substr(0, std::min<std::size_t>(m.html.size(), 200000));
    std::string t = Search(head, kTime);
    if (!t.empty()) created = ParseRfc3339(t);
  }
  if (created) {
    order["createdAt"] = FormatRfc3339(*created);
  } else {
    SetIf(order, "createdAt", HeaderDate(m));
  }
  if (ld) {
    if (!customer.contains("email")) SetIf(customer, "email", ld->email);
    if (!customer.contains("phone")) SetIf(customer, "phone", ld->phone);
    if (!customer.contains("name")) SetIf(customer, "name", ld->name);
    CrossCheckJsonLd(*ld, order, problems);
  }
  order["status"] = cancelled ? "cancelled" : "processing";
  if (!customer.empty()) order["customer"] = std::move(customer);
  return order;
}

}  // namespace packprod::email::internal

#include "email/template_util.h"

#include <regex>

#include "domain/time.h"

namespace packprod::email::internal {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IContains(std::string_view hay, std::string_view needle) {
  return AsciiLower(hay).find(AsciiLower(needle)) != std::string::npos;
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && AsciiLower(s.substr(0, prefix.size())) == AsciiLower(prefix);
}

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string Search(const std::string& s, const std::regex& re, int group) {
  std::smatch m;
  return std::regex_search(s, m, re) ? Trim(m[group].str()) : "";
}

std::optional<KeyValue> SplitKeyValue(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 30) return std::nullopt;
  std::string key;
  for (char c : line.substr(0, colon)) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && c != ' ' && c != '-') return std::nullopt;
    if (c == ' ' && (key.empty() || key.back() == ' ')) continue;
    key += letter && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  if (key.empty()) return std::nullopt;
  std::string value(line.substr(colon + 1));
  for (char& c : value) {
    if (c == '\t') c = ' ';
  }
  return KeyValue{key, Trim(value)};
}

std::optional<std::string> MoneyToken(std::string_view s, std::string* currency_after) {
  static const std::regex kMoney(
      R"(((?:[A-Z]{3} ?|[A-Z]{1,2}(?=\$))?\$? ?[0-9][0-9,]*(?:\.[0-9]+)?)(?: ([A-Z]{3})(?![A-Za-z]))?)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(s.begin(), s.end(), m, kMoney)) return std::nullopt;
  if (currency_after && m[2].matched) *currency_after = m[2].str();
  return m[1].str();
}

bool IsMoneyLine(std::string_view s) {
  std::string cur;
  auto t = MoneyToken(s, &cur);
  if (!t) return false;
  return Trim(s) == (cur.empty() ? *t : *t + " " + cur);
}

boost::json::value Quantity(std::string_view s) {
  std::string t = Trim(s);
  bool digits =
      !t.empty() && t.size() <= 9 && t.find_first_not_of("0123456789") == std::string::npos;
  if (digits) return boost::json::value(std::stoll(t));
  return boost::json::value(t);
}

void SetIf(boost::json::object& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

std::string HeaderDate(const EmailMessage& m) { return m.date ? FormatRfc3339(*m.date) : ""; }

void SplitSku(std::string_view s, std::string* name, std::string* code) {
  static const std::regex kSku(R"(^(.*?) ?\(#([^)]+)\)$)");
  std::string str(s);
  std::smatch m;
  if (std::regex_match(str, m, kSku)) {
    *name = Trim(m[1].str());
    *code = Trim(m[2].str());
  } else {
    *name = Trim(str);
    code->clear();
  }
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

std::optional<Row> LabelledRow(const std::string& line) {
  Row r;
  std::size_t tab = line.find('\t');
  if (tab != std::string::npos) {
    r.label = Trim(line.substr(0, tab));
    std::string rest = line.substr(tab + 1);
    for (char& c : rest) {
      if (c == '\t') c = ' ';
    }
    r.value = Trim(rest);
  } else {
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) return std::nullopt;
    r.label = Trim(line.substr(0, colon));
    r.value = Trim(line.substr(colon + 1));
  }
  while (!r.label.empty() && r.label.back() == ':') r.label.pop_back();
  r.label = AsciiLower(Trim(r.label));
  if (r.label.empty() || r.label.size() > 60 || !(r.label[0] >= 'a' && r.label[0] <= 'z')) {
    return std::nullopt;
  }
  return r;
}

std::string ReadTotalsRow(const Row& row, boost::json::object& order) {
  const std::string& l = row.label;
  auto starts = [&](std::string_view p) { return l.starts_with(p); };
  const char* field = nullptr;
  if (starts("subtotal")) {
    field = "subtotal";
  } else if (starts("discount") || starts("order discount")) {
    field = "discount";
  } else if (starts("shipping") || starts("delivery")) {
    field = "shipping";
  } else if (starts("tax") || starts("gst") || starts("vat")) {
    field = "tax";
  } else if (l == "total" || l == "order total") {
    field = "total";
  }
  if (!field || order.contains(field)) return "";
  std::string currency;
  if (std::string_view(field) == "shipping" && AsciiLower(row.value).starts_with("free")) {
    order[field] = "0.00";
  } else if (auto money = MoneyToken(row.value, &currency)) {
    order[field] = *money;
  } else {
    return "";
  }
  if (std::string_view(field) == "total") {
    if (!currency.empty()) order["currency"] = currency;
    static const std::regex kIncl(R"(\(includes ([^)]*?) (?:GST|VAT|tax|Tax)[^)]*\))");
    std::smatch m;
    if (!order.contains("tax") && std::regex_search(row.value, m, kIncl)) {
      if (auto t = MoneyToken(m[1].str())) order["tax"] = *t;
    }
  }
  return field;
}

bool LooksLikeEmail(const std::string& s) {
  static const std::regex kEmail(R"(^[^\s@]+@[^\s@]+\.[^\s@]+$)");
  return s.size() < 300 && std::regex_match(s, kEmail);
}

bool LooksLikePhone(const std::string& s) {
  static const std::regex kPhone(R"(^\+?[0-9 ()-]{8,}$)");
  return s.size() < 40 && std::regex_match(s, kPhone);
}

bool HtmlCutOff(const EmailMessage& m) {
  if (m.html.empty()) return false;
  std::string lower = AsciiLower(m.html);
  return lower.find("<html") != std::string::npos && lower.find("</html") == std::string::npos;
}

}  // namespace packprod::email::internal

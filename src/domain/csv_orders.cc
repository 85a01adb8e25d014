#include "domain/csv_orders.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>

#include "domain/csv.h"
#include "domain/money.h"
#include "domain/text_encoding.h"
#include "domain/time.h"

namespace packprod {
namespace {

enum Field {
  kOrderReference,
  kCreatedAt,
  kStatus,
  kEmail,
  kName,
  kCompany,
  kPhone,
  kCode,
  kProductName,
  kQuantity,
  kUnitPrice,
  kLineTotal,
  kTotal,
  kShipping,
  kTax,
  kFieldCount,
};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "orderReference", "createdAt", "status",    "email",     "name",  "company",  "phone", "code",
    "productName",    "quantity",  "unitPrice", "lineTotal", "total", "shipping", "tax",
};
using Columns = std::array<int, kFieldCount>;  // column index per field, -1 if none

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// First column whose trimmed header equals `name` exactly, else ignoring ASCII case.
int FindColumn(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (Trim(header[i]) == name) return static_cast<int>(i);
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (EqualsIgnoreCase(Trim(header[i]), name)) return static_cast<int>(i);
  }
  return -1;
}

Status CheckRequiredColumns(const Columns& cols) {
  for (Field f : {kOrderReference, kCreatedAt, kEmail}) {
    if (cols[f] < 0) {
      return Status::InvalidArgument(
          fmt::format("no {0} column (name one \"{0}\" or use --map {0}=Header)", kFieldNames[f]));
    }
  }
  bool summable = cols[kCode] >= 0 &&
                  (cols[kLineTotal] >= 0 || (cols[kQuantity] >= 0 && cols[kUnitPrice] >= 0));
  if (cols[kTotal] < 0 && !summable) {
    return Status::InvalidArgument(
        "no total column, and no code with lineTotal or quantity and unitPrice to sum");
  }
  return Status::Ok();
}

Result<Columns> ResolveColumns(const std::vector<std::string>& header, const CsvOptions& options) {
  Columns cols;
  for (int f = 0; f < kFieldCount; ++f) cols[f] = FindColumn(header, kFieldNames[f]);
  for (const auto& [field, name] : options.map) {
    int f = 0;
    while (f < kFieldCount && !EqualsIgnoreCase(kFieldNames[f], Trim(field))) ++f;
    if (f == kFieldCount) {
      return Status::InvalidArgument(
          fmt::format("--map {}={}: unknown field \"{}\"", field, name, field));
    }
    cols[f] = Trim(name).empty() ? -1 : FindColumn(header, Trim(name));
    if (cols[f] < 0) {
      return Status::InvalidArgument(
          fmt::format("--map {}={}: no column \"{}\" in the header row", field, name, name));
    }
  }
  PP_RETURN_IF_ERROR(CheckRequiredColumns(cols));
  return cols;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------- money cells

// Digits after the decimal point of a money text ("1,234.567" -> 3).
std::size_t DecimalPlaces(std::string_view s) {
  std::size_t dot = s.rfind('.');
  if (dot == std::string_view::npos) return 0;
  std::size_t n = 0;
  while (dot + 1 + n < s.size() && IsDigit(s[dot + 1 + n])) ++n;
  return n;
}

std::optional<std::int64_t> ParseInteger(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// ---------------------------------------------------------------- orders

using Row = std::vector<std::string>;

struct PendingOrder {
  boost::json::object order;
  boost::json::array items;
  std::vector<int> item_lines;
  int line = 0;
  bool rejected = false;
  bool has_total = false;
  std::optional<Cents> sum = 0;  // line amounts + shipping; nullopt once one is unknown
};

class OrderBuilder {
 public:
  OrderBuilder(const Columns& cols, const CsvDateReader& dates, const CsvOptions& options,
               std::size_t header_size)
      : cols_(cols), dates_(dates), options_(options), header_size_(header_size) {}

  void AddRow(const Row& row, int line);
  CsvResult Finish() &&;

 private:
  std::string_view Cell(const Row& row, Field f) const {
    int c = cols_[f];
    return c >= 0 && static_cast<std::size_t>(c) < row.size() ? Trim(row[c]) : "";
  }
  bool StartOrder(const Row& row, int line, PendingOrder* o);
  void AddItem(const Row& row, int line, PendingOrder* o);
  void Reject(PendingOrder* o, int line, std::string_view reference, std::string reason);
  void SetMoney(boost::json::object& obj, std::string_view key, std::string_view cell) const;
  std::optional<Cents> CentsOf(std::string_view cell) const;

  const Columns& cols_;
  const CsvDateReader& dates_;
  const CsvOptions& options_;
  std::size_t header_size_;
  std::vector<PendingOrder> orders_;
  std::unordered_map<std::string, std::size_t> by_reference_;
  std::vector<CsvRejected> rejected_;
};

void SetString(boost::json::object& obj, std::string_view key, std::string_view cell) {
  if (!cell.empty()) obj[key] = cell;
}

void OrderBuilder::SetMoney(boost::json::object& obj, std::string_view key,
                            std::string_view cell) const {
  if (cell.empty()) return;
  if (options_.round_money && DecimalPlaces(cell) > 2) {
    if (auto c = ParseMoneyString(cell, options_.currency, MoneyRounding::kHalfAway, nullptr)) {
      obj[key] = FormatCents(*c);
      return;
    }
  }
  obj[key] = cell;
}

std::optional<Cents> OrderBuilder::CentsOf(std::string_view cell) const {
  auto rounding = options_.round_money ? MoneyRounding::kHalfAway : MoneyRounding::kReject;
  return ParseMoneyString(cell, options_.currency, rounding, nullptr);
}

void OrderBuilder::Reject(PendingOrder* o, int line, std::string_view reference,
                          std::string reason) {
  rejected_.push_back({line, std::move(reason), std::string(reference)});
  o->rejected = true;
  o->order = {};
  o->items = {};
  o->item_lines.clear();
}

void OrderBuilder::AddRow(const Row& row, int line) {
  bool blank = true;
  for (const std::string& cell : row) blank = blank && Trim(cell).empty();
  if (blank) return;
  std::string reference(Cell(row, kOrderReference));
  if (reference.empty()) {
    rejected_.push_back({line, "the row has no orderReference", ""});
    return;
  }
  auto [it, inserted] = by_reference_.try_emplace(reference, orders_.size());
  if (inserted) orders_.emplace_back().line = line;
  PendingOrder& o = orders_[it->second];
  if (o.rejected) return;
  for (std::size_t i = header_size_; i < row.size(); ++i) {
    if (Trim(row[i]).empty()) continue;
    Reject(&o, line, reference,
           fmt::format("the row has {} cells, the header {}", row.size(), header_size_));
    return;
  }
  if (inserted && !StartOrder(row, line, &o)) return;
  if (!Cell(row, kCode).empty()) AddItem(row, line, &o);
}

bool OrderBuilder::StartOrder(const Row& row, int line, PendingOrder* o) {
  boost::json::object& order = o->order;
  std::string_view reference = Cell(row, kOrderReference);
  order["orderReference"] = reference;
  std::string_view created = Cell(row, kCreatedAt);
  if (!created.empty()) {
    std::optional<Millis> t = dates_.Read(created);
    if (!t) {
      Reject(o, line, reference, fmt::format("createdAt \"{}\" {}", created, dates_.expectation()));
      return false;
    }
    order["createdAt"] = FormatRfc3339(*t);
  }
  SetString(order, "status", Cell(row, kStatus));
  boost::json::object customer;
  SetString(customer, "email", Cell(row, kEmail));
  SetString(customer, "name", Cell(row, kName));
  SetString(customer, "company", Cell(row, kCompany));
  SetString(customer, "phone", Cell(row, kPhone));
  order["customer"] = std::move(customer);
  std::string_view shipping = Cell(row, kShipping);
  SetMoney(order, "shipping", shipping);
  SetMoney(order, "tax", Cell(row, kTax));
  std::string_view total = Cell(row, kTotal);
  o->has_total = !total.empty();
  SetMoney(order, "total", total);
  if (!shipping.empty()) {
    std::optional<Cents> c = CentsOf(shipping);
    o->sum = c ? std::optional<Cents>(*o->sum + *c) : std::nullopt;
  }
  return true;
}

void OrderBuilder::AddItem(const Row& row, int line, PendingOrder* o) {
  boost::json::object item;
  item["code"] = Cell(row, kCode);
  SetString(item, "name", Cell(row, kProductName));
  std::string_view quantity_cell = Cell(row, kQuantity);
  std::optional<std::int64_t> quantity = ParseInteger(quantity_cell);
  if (quantity) {
    item["quantity"] = *quantity;
  } else {
    SetString(item, "quantity", quantity_cell);
  }
  std::string_view unit = Cell(row, kUnitPrice), line_total = Cell(row, kLineTotal);
  SetMoney(item, "unitPrice", unit);
  SetMoney(item, "lineTotal", line_total);
  o->items.push_back(std::move(item));
  o->item_lines.push_back(line);

  std::optional<Cents> amount;
  if (!line_total.empty()) {
    amount = CentsOf(line_total);
  } else if (std::optional<Cents> u = CentsOf(unit);
             u && quantity && *quantity >= 0 && *quantity <= kMaxCents / std::max<Cents>(*u, 1)) {
    amount = *quantity * *u;
  }
  o->sum = o->sum && amount && *o->sum + *amount <= kMaxCents
               ? std::optional<Cents>(*o->sum + *amount)
               : std::nullopt;
}

CsvResult OrderBuilder::Finish() && {
  CsvResult result;
  result.orders.reserve(orders_.size());
  for (PendingOrder& o : orders_) {
    if (o.rejected) continue;
    if (!o.items.empty()) o.order["items"] = std::move(o.items);
    if (!o.has_total && o.sum) o.order["total"] = FormatCents(*o.sum);
    result.orders.push_back({std::move(o.order), o.line, std::move(o.item_lines)});
  }
  result.rejected = std::move(rejected_);
  return result;
}

// ---------------------------------------------------------------- JSON money

void RoundMoneyValue(boost::json::value* v, std::string_view currency) {
  std::string text;
  if (v->is_string()) {
    text = v->get_string();
  } else if (v->is_double() && v->get_double() >= 0) {
    char buf[400];  // fixed notation of the largest double fits
    auto r = std::to_chars(buf, buf + sizeof buf, v->get_double(), std::chars_format::fixed);
    if (r.ec != std::errc()) return;
    text.assign(buf, r.ptr);
  } else {
    return;
  }
  if (DecimalPlaces(text) <= 2) return;
  std::optional<Cents> c = ParseMoneyString(text, currency, MoneyRounding::kHalfAway, nullptr);
  if (!c) return;
  *v = v->is_string() ? boost::json::value(FormatCents(*c)) : CentsToJson(*c);
}

void RoundMoneyIn(boost::json::object& obj, std::initializer_list<std::string_view> keys,
                  std::string_view currency) {
  for (std::string_view key : keys) {
    if (boost::json::value* v = obj.if_contains(key)) RoundMoneyValue(v, currency);
  }
}

}  // namespace

Result<CsvResult> CsvToOrders(std::string_view utf8_text, const CsvOptions& options) {
  std::string_view text = StripUtf8Bom(utf8_text);
  if (std::size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
    return Status::InvalidArgument(fmt::format(
        "line {}: not UTF-8 (for older exports use --encoding latin1 or cp1252)", line));
  }
  PP_ASSIGN_OR_RETURN(CsvDateReader dates,
                      CsvDateReader::Create(options.date_format, options.timezone));
  CsvReader reader(text);
  Row row;
  int line = 0;
  std::string error;
  if (!reader.Next(&row, &line, &error)) {
    return Status::InvalidArgument(error.empty() ? "no header row"
                                                 : fmt::format("line {}: {}", line, error));
  }
  PP_ASSIGN_OR_RETURN(Columns cols, ResolveColumns(row, options));
  OrderBuilder builder(cols, dates, options, row.size());
  while (reader.Next(&row, &line, &error)) builder.AddRow(row, line);
  if (!error.empty()) return Status::InvalidArgument(fmt::format("line {}: {}", line, error));
  return std::move(builder).Finish();
}

void RoundMoneyFields(boost::json::object& order, std::string_view currency) {
  RoundMoneyIn(order, {"subtotal", "shipping", "tax", "total"}, currency);
  boost::json::value* items = order.if_contains("items");
  if (items == nullptr || !items->is_array()) return;
  for (boost::json::value& item : items->get_array()) {
    if (item.is_object()) RoundMoneyIn(item.get_object(), {"unitPrice", "lineTotal"}, currency);
  }
}

}  // namespace packprod

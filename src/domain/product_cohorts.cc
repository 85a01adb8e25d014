#include "domain/product_cohorts.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

namespace packprod {

bool OrderBefore(Millis a_at, std::string_view a_ref, Millis b_at, std::string_view b_ref) {
  return a_at != b_at ? a_at < b_at : a_ref < b_ref;
}

std::string EncodeCodes(const std::vector<std::string>& codes) {
  boost::json::array a;
  for (const std::string& c : codes) a.emplace_back(c);
  return boost::json::serialize(a);
}

Result<std::vector<std::string>> DecodeCodes(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array())
    return Status::Internal("damaged first-order codes: " + std::string(text));
  std::vector<std::string> out;
  for (const boost::json::value& c : v.as_array()) {
    if (!c.is_string()) return Status::Internal("damaged first-order codes: " + std::string(text));
    out.emplace_back(c.as_string());
  }
  return out;
}

FirstOrder FirstOrderRow(const Order& o, const TimeZone& tz) {
  FirstOrder f;
  f.at = o.created_at;
  f.reference = o.reference;
  f.month = MonthOfDay(tz.LocalDay(o.created_at));
  std::set<std::string> codes;
  for (const OrderItem& item : o.items) codes.insert(item.code);
  f.codes.assign(codes.begin(), codes.end());
  return f;
}

void OfferFirstOrder(std::optional<FirstOrder>* first, const Order& o, const TimeZone& tz) {
  if (!Counts(o.status)) return;
  if (*first && !OrderBefore(o.created_at, o.reference, (*first)->at, (*first)->reference)) {
    return;
  }
  *first = FirstOrderRow(o, tz);
}

void AddProductCohortCells(ProductCohortCells& cells, const FirstOrder* first,
                           const SpendDays& days, int sign) {
  if (!first || days.empty()) return;
  // The contact's spend per month, then its share of each code's cohort.
  std::map<MonthNumber, Cents> months;
  for (const SpendDay& d : days.days()) months[MonthOfDay(d.day)] += d.spend;
  for (const std::string& code : first->codes) {
    for (const auto& [m, spend] : months) {
      CohortCell& c = cells[{code, first->month, m}];
      c.customers += sign;
      c.revenue += sign * spend;
    }
  }
}

std::vector<ProductCohort> ProductCohortsOf(const ProductCohortCells& cells, MonthNumber from,
                                            MonthNumber to, MonthNumber now, int limit) {
  struct Acc {
    MonthNumber earliest = 0;
    std::map<MonthNumber, CohortCell> by_offset;
  };
  std::map<std::string, Acc> codes;
  for (const auto& [key, cell] : cells) {
    const auto& [code, cohort, month] = key;
    if (cohort < from || cohort > to || month < cohort || month > now || cell.customers == 0) {
      continue;
    }
    auto [it, added] = codes.try_emplace(code);
    Acc& a = it->second;
    if (added || cohort < a.earliest) a.earliest = cohort;
    CohortCell& c = a.by_offset[month - cohort];
    c.customers += cell.customers;
    c.revenue += cell.revenue;
  }
  std::vector<ProductCohort> out;
  for (auto& [code, a] : codes) {
    ProductCohort p;
    p.code = code;
    auto zero = a.by_offset.find(0);
    if (zero == a.by_offset.end() || zero->second.customers <= 0) continue;
    p.customers = zero->second.customers;
    p.offsets.resize(static_cast<std::size_t>(now - a.earliest) + 1);
    for (const auto& [k, c] : a.by_offset) {
      p.offsets[static_cast<std::size_t>(k)] = c;
      p.revenue += c.revenue;
    }
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const ProductCohort& x, const ProductCohort& y) {
    return x.customers != y.customers ? x.customers > y.customers : x.code < y.code;
  });
  if (limit >= 0 && out.size() > static_cast<std::size_t>(limit)) out.resize(limit);
  return out;
}

}  // namespace packprod

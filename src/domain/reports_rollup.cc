#include "domain/reports_rollup.h"

#include <algorithm>
#include <map>

#include "domain/reports_internal.h"

namespace packprod {
namespace {

using reports_internal::Totals;

bool InDays(const Period& p, DayNumber d) { return p.from_day <= d && d <= p.to_day; }

// Totals of the days of `p`: orders, revenue and units from the sales roll-up, distinct
// customers from the contact-day roll-up. Views of `r` must outlive the result.
Totals SumDays(const Period& p, const DayRollups& r) {
  Totals t;
  for (const auto& s : r.sales) {
    if (!InDays(p, s.day)) continue;
    t.orders += s.orders;
    t.revenue += s.revenue;
    t.units += s.units;
  }
  for (const auto& c : r.contacts) {
    if (InDays(p, c.day)) t.customers.insert(c.contact_id);
  }
  return t;
}

}  // namespace

boost::json::object SummaryFromRollups(const Period& p, const DayRollups& r,
                                       std::int64_t new_customers) {
  Totals t = SumDays(p, r);
  boost::json::object o;
  o["period"] = PeriodJson(p);
  reports_internal::AppendTotals(t, o);
  o["newCustomers"] = new_customers;
  o["returningCustomers"] = static_cast<std::int64_t>(t.customers.size()) - new_customers;
  return o;
}

std::vector<ProductAggregate> RankProductDays(const Period& p, const DayRollups& r) {
  std::map<std::string, ProductAggregate> by_code;
  for (const auto& row : r.products) {
    if (!InDays(p, row.day)) continue;
    ProductAggregate& a = by_code[row.code];
    a.code = row.code;
    a.units += row.units;
    a.revenue += row.revenue;
    a.orders += row.orders;
  }
  std::vector<ProductAggregate> out;
  out.reserve(by_code.size());
  for (auto& [code, a] : by_code) out.push_back(std::move(a));
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.revenue > b.revenue;  // by code already: ties stay code-ascending
  });
  return out;
}

std::vector<boost::json::object> TopContactDays(const Period& p, const DayRollups& r,
                                                size_t k) {
  struct Row {
    Cents revenue = 0;
    std::int64_t orders = 0;
  };
  std::map<std::string_view, Row> by_contact;
  for (const auto& c : r.contacts) {
    if (!InDays(p, c.day)) continue;
    Row& row = by_contact[c.contact_id];
    row.revenue += c.revenue;
    row.orders += c.orders;
  }
  std::vector<std::pair<std::string_view, Row>> rows(by_contact.begin(), by_contact.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.revenue > b.second.revenue;
  });
  if (rows.size() > k) rows.resize(k);
  std::vector<boost::json::object> out;
  for (const auto& [id, row] : rows) {
    out.push_back(boost::json::object{{"contactID", id},
                                      {"revenue", CentsToJson(row.revenue)},
                                      {"orders", row.orders}});
  }
  return out;
}

Result<boost::json::object> SalesFromRollups(const Period& p, std::string_view interval,
                                             const DayRollups& r, const TimeZone& tz) {
  PP_ASSIGN_OR_RETURN(auto b, reports_internal::MakeSalesBuckets(p, interval, tz));
  std::vector<Totals> buckets(static_cast<std::size_t>(b.count));
  auto bucket_of = [&](DayNumber d) -> Totals* {
    if (!InDays(p, d)) return nullptr;
    return &buckets[static_cast<std::size_t>(b.IndexOf(d))];
  };
  for (const auto& s : r.sales) {
    if (Totals* t = bucket_of(s.day)) {
      t->orders += s.orders;
      t->revenue += s.revenue;
      t->units += s.units;
    }
  }
  for (const auto& c : r.contacts) {
    if (Totals* t = bucket_of(c.day)) t->customers.insert(c.contact_id);
  }
  return reports_internal::SalesJson(p, interval, b, buckets, SumDays(p, r));
}

}  // namespace packprod

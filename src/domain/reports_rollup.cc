#include "domain/reports_rollup.h"

#include <algorithm>
#include <map>

#include "domain/reports_internal.h"

namespace packprod {
namespace {

using reports_internal::Totals;

bool InDays(const Period& p, DayNumber d) { return p.from_day <= d && d <= p.to_day; }

// Totals of the days of `p`: orders, revenue and units from the sales roll-up, distinct
// customers from day_customers.
Totals SumDays(const Period& p, const DayRollups& r) {
  Totals t;
  for (const auto& s : r.sales) {
    if (!InDays(p, s.day)) continue;
    t.orders += s.orders;
    t.revenue += s.revenue;
    t.units += s.units;
  }
  t.customer_count = DistinctCustomers(r.day_customers, p.from_day, p.to_day);
  return t;
}

}  // namespace

boost::json::object SummaryFromRollups(const Period& p, const DayRollups& r) {
  Totals t = SumDays(p, r);
  const std::int64_t fresh = FirstCustomers(r.day_customers, p.from_day, p.to_day);
  boost::json::object o;
  o["period"] = PeriodJson(p);
  reports_internal::AppendTotals(t, o);
  o["newCustomers"] = fresh;
  o["returningCustomers"] = t.CustomerCount() - fresh;
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

boost::json::array TopCustomersJson(const std::vector<ContactSum>& top) {
  boost::json::array out;
  for (const ContactSum& c : top) {
    auto text = [](const std::optional<std::string>& v) {
      return v ? boost::json::value(*v) : boost::json::value(nullptr);
    };
    out.push_back(boost::json::object{{"contactID", c.contact_id},
                                      {"name", text(c.name)},
                                      {"email", text(c.email)},
                                      {"revenue", CentsToJson(c.revenue)},
                                      {"orders", c.orders}});
  }
  return out;
}

Result<boost::json::object> SalesFromRollups(const Period& p, std::string_view interval,
                                             const DayRollups& r, const TimeZone& tz) {
  PP_ASSIGN_OR_RETURN(auto b, reports_internal::MakeSalesBuckets(p, interval, tz));
  std::vector<Totals> buckets(static_cast<std::size_t>(b.count));
  std::vector<DayNumber> starts(buckets.size(), p.to_day + 1);  // first day of each bucket in p
  for (DayNumber d = p.from_day; d <= p.to_day; ++d) {
    auto i = static_cast<std::size_t>(b.IndexOf(d));
    starts[i] = std::min(starts[i], d);
  }
  auto bucket_of = [&](DayNumber d) { return static_cast<std::size_t>(b.IndexOf(d)); };
  for (const auto& s : r.sales) {
    if (!InDays(p, s.day)) continue;
    Totals& t = buckets[bucket_of(s.day)];
    t.orders += s.orders;
    t.revenue += s.revenue;
    t.units += s.units;
  }
  for (Totals& t : buckets) t.customer_count = 0;
  // A bucket is a range of consecutive days: a contact counts once, on its first day there.
  for (const DayCustomers& c : r.day_customers) {
    if (!InDays(p, c.day)) continue;
    const std::size_t i = bucket_of(c.day);
    buckets[i].customer_count += c.FirstSince(starts[i]);
  }
  return reports_internal::SalesJson(p, interval, b, buckets, SumDays(p, r));
}

}  // namespace packprod

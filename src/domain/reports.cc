// The overview report and the pieces every report shares.
#include "domain/reports.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <string>
#include <unordered_map>

#include "domain/reports_internal.h"

namespace packprod {
namespace reports_internal {

std::vector<const Order*> CountedIn(const std::vector<Order>& orders, const Period* p) {
  std::vector<const Order*> out;
  for (const Order& o : orders) {
    if (Counts(o.status) && (p == nullptr || p->Contains(o.created_at))) out.push_back(&o);
  }
  return out;
}

void Totals::Add(const Order& o) {
  ++orders;
  revenue += o.total;
  units += o.Units();
  customers.insert(o.contact_id);
}

Totals Sum(const std::vector<const Order*>& orders) {
  Totals t;
  for (const Order* o : orders) t.Add(*o);
  return t;
}

CountedTotals CountedTotals::Of(const Totals& t) {
  return CountedTotals{t.orders, t.revenue, t.units, t.CustomerCount()};
}

void AppendTotals(const Totals& t, boost::json::object& o) {
  AppendTotals(CountedTotals::Of(t), o);
}

void AppendTotals(const CountedTotals& t, boost::json::object& o) {
  o["orders"] = t.orders;
  o["revenue"] = CentsToJson(t.revenue);
  o["averageOrderValue"] = CentsToJson(AverageCents(t.revenue, t.orders));
  o["customers"] = t.customers;
  o["units"] = t.units;
}

}  // namespace reports_internal

namespace {

using reports_internal::CountedIn;
using reports_internal::Sum;
using reports_internal::Totals;

// contact id -> createdAt of the contact's first counted order ever.
using FirstOrders = std::unordered_map<std::string_view, Millis>;

FirstOrders FirstCountedOrders(const std::vector<Order>& orders) {
  FirstOrders first;
  for (const Order& o : orders) {
    if (!Counts(o.status)) continue;
    auto [it, inserted] = first.emplace(o.contact_id, o.created_at);
    if (!inserted) it->second = std::min(it->second, o.created_at);
  }
  return first;
}

// The summary fields of overview (and of its `previous`) for one period.
boost::json::object Summary(const ReportInput& in, const Period& p, const FirstOrders& first) {
  Totals t = Sum(CountedIn(*in.orders, &p));
  std::int64_t fresh = 0;
  for (std::string_view c : t.customers) {
    auto it = first.find(c);
    if (it != first.end() && p.Contains(it->second)) ++fresh;
  }
  boost::json::object o;
  o["period"] = PeriodJson(p);
  reports_internal::AppendTotals(t, o);
  o["newCustomers"] = fresh;
  o["returningCustomers"] = static_cast<std::int64_t>(t.customers.size()) - fresh;
  return o;
}

boost::json::array TopProducts(const std::vector<const Order*>& orders) {
  auto rows = reports_internal::ProductStats(orders);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.revenue > b.revenue;  // rows come sorted by code: ties stay code-ascending
  });
  boost::json::array out;
  for (std::size_t i = 0; i < rows.size() && i < kTopRows; ++i) {
    out.push_back(reports_internal::ReportProductJson(rows[i]));
  }
  return out;
}

struct CustomerRow {
  std::string_view contact_id;
  Cents revenue = 0;
  std::int64_t orders = 0;
};

boost::json::object CustomerRowJson(const CustomerRow& r, const ContactRecord* c) {
  boost::json::object o;
  o["contactID"] = r.contact_id;
  o["name"] = c != nullptr && c->name ? boost::json::value(*c->name) : nullptr;
  o["email"] = c != nullptr ? boost::json::value(c->email) : nullptr;
  o["revenue"] = CentsToJson(r.revenue);
  o["orders"] = r.orders;
  return o;
}

boost::json::array TopCustomers(const ReportInput& in, const std::vector<const Order*>& orders) {
  std::unordered_map<std::string_view, CustomerRow> by_contact;
  for (const Order* o : orders) {
    CustomerRow& r = by_contact[o->contact_id];
    r.contact_id = o->contact_id;
    r.revenue += o->total;
    ++r.orders;
  }
  std::vector<CustomerRow> rows;
  rows.reserve(by_contact.size());
  for (const auto& [id, r] : by_contact) rows.push_back(r);
  std::sort(rows.begin(), rows.end(), [](const CustomerRow& a, const CustomerRow& b) {
    return a.revenue != b.revenue ? a.revenue > b.revenue : a.contact_id < b.contact_id;
  });
  if (rows.size() > kTopRows) rows.resize(kTopRows);
  boost::json::array out;
  for (const CustomerRow& r : rows) {
    auto c = std::find_if(in.contacts->begin(), in.contacts->end(),
                          [&](const ContactRecord& x) { return x.contact_id == r.contact_id; });
    out.push_back(CustomerRowJson(r, c == in.contacts->end() ? nullptr : &*c));
  }
  return out;
}

}  // namespace

boost::json::object OverviewReport(const ReportInput& in, const Period& p) {
  FirstOrders first = FirstCountedOrders(*in.orders);
  boost::json::object o = Summary(in, p, first);
  o["previous"] = Summary(in, PreviousPeriod(p, *in.tz), first);
  auto orders = CountedIn(*in.orders, &p);
  o["topProducts"] = TopProducts(orders);
  o["topCustomers"] = TopCustomers(in, orders);
  o["segments"] =
      SegmentCounts(AggregateCustomers(*in.contacts, *in.orders), in.as_of, *in.settings);
  return o;
}

}  // namespace packprod

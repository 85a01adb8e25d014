// The roll-up reports (reports_rollup.h) against the reports from the orders (reports.h):
// random shops, every interval, periods that cut buckets; the roll-up rows are derived
// here from the orders as the views hold them.
#include "domain/reports_rollup.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <random>

#include "domain/reports_test_util.h"

namespace packprod {
namespace {

class RollupReportsTest : public testing_reports::Shop {
 protected:
  // A shop of `n` orders over 2024 by 15 contacts, some not counted.
  void MakeShop(std::uint32_t seed, int n) {
    std::mt19937 rng(seed);
    const Millis start = Ts("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; ++i) {
      const char contact = static_cast<char>('a' + rng() % 15);
      const Millis at = start + static_cast<Millis>(rng() % (366LL * 24)) * 3600 * 1000;
      const OrderStatus status =
          rng() % 6 == 0 ? OrderStatus::kCancelled : OrderStatus::kCompleted;
      Order& o = Add("R" + std::to_string(i), contact, FormatRfc3339(at).c_str(),
                     100 + static_cast<Cents>(rng() % 5000), status);
      Item(o, "P" + std::to_string(rng() % 4), 1 + static_cast<std::int64_t>(rng() % 3), 100);
    }
  }

  // The sales and day_customers rows of every day, from the counted orders.
  DayRollups Rollups() const {
    std::map<DayNumber, SalesDayRow> sales;
    std::map<std::string, std::vector<DayNumber>> days;
    for (const Order& o : orders_) {
      if (!Counts(o.status)) continue;
      const DayNumber d = tz_.LocalDay(o.created_at);
      SalesDayRow& s = sales[d];
      s.day = d;
      ++s.orders;
      s.revenue += o.total;
      s.units += o.Units();
      days[o.contact_id].push_back(d);
    }
    DayRollups r;
    for (const auto& [d, s] : sales) r.sales.push_back(s);
    r.day_customers = DayCustomersOf(days);
    return r;
  }
};

TEST_F(RollupReportsTest, SalesEqualTheOrders) {
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    orders_.clear();
    contacts_.clear();
    MakeShop(seed, 300);
    const DayRollups r = Rollups();
    for (const auto& [from, to] : std::vector<std::pair<const char*, const char*>>{
             {"2024-01-01", "2024-12-31"}, {"2024-02-07", "2024-05-19"},
             {"2024-03-03", "2024-03-03"}, {"2024-06-30", "2024-09-02"}}) {
      const Period p = MakeP(from, to);
      for (const char* interval : {"day", "week", "month"}) {
        auto want = SalesReport(Input(0), p, interval);
        auto have = SalesFromRollups(p, interval, r, tz_);
        ASSERT_TRUE(want.ok() && have.ok());
        EXPECT_EQ(boost::json::serialize(*have), boost::json::serialize(*want))
            << seed << " " << from << ".." << to << " " << interval;
      }
    }
  }
}

TEST_F(RollupReportsTest, SummaryEqualsTheOverview) {
  MakeShop(9, 400);
  const DayRollups r = Rollups();
  for (const auto& [from, to] : std::vector<std::pair<const char*, const char*>>{
           {"2024-03-01", "2024-03-30"}, {"2024-07-15", "2024-12-31"}}) {
    const Period p = MakeP(from, to);
    boost::json::object want = OverviewReport(Input(0), p);
    boost::json::object have = SummaryFromRollups(p, r);
    have["previous"] = SummaryFromRollups(PreviousPeriod(p, tz_), r);
    for (const char* key : {"period", "orders", "revenue", "averageOrderValue", "customers",
                            "units", "newCustomers", "returningCustomers", "previous"}) {
      EXPECT_EQ(boost::json::serialize(have.at(key)), boost::json::serialize(want.at(key)))
          << from << ".." << to << " " << key;
    }
  }
}

}  // namespace
}  // namespace packprod

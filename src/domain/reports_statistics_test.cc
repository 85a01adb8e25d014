// StatisticsBuilder (statistics from the orders' facts) against StatisticsReport.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <random>

#include "domain/reports_test_util.h"

namespace packprod {
namespace {

class StatisticsBuilderTest : public testing_reports::Shop {
 protected:
  // Random orders of 12 contacts over two years, every status, some equal totals.
  void RandomShop(unsigned seed) {
    std::mt19937 rng(seed);
    const Millis start = Ts("2024-01-01T00:00:00Z");
    for (int i = 0; i < 400; ++i) {
      char contact = static_cast<char>('a' + rng() % 12);
      Add("R" + std::to_string(i), contact, "2024-01-01T00:00:00Z",
          static_cast<Cents>(rng() % 50) * 250,
          static_cast<OrderStatus>(rng() % kOrderStatusCount));
      orders_.back().created_at = start + static_cast<Millis>(rng() % (730LL * 86400)) * 1000;
    }
  }

  std::string FromFacts(Millis as_of, const std::optional<Period>& p) {
    std::vector<const Order*> sorted;
    for (const Order& o : orders_) sorted.push_back(&o);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](auto* a, auto* b) { return a->contact_id < b->contact_id; });
    StatisticsBuilder b(settings_, tz_, as_of, p);
    for (const Order* o : sorted) b.Add(o->contact_id, o->created_at, o->status, o->total);
    return boost::json::serialize(b.Finish());
  }
};

TEST_F(StatisticsBuilderTest, EqualsTheReportFromWholeOrders) {
  for (unsigned seed : {1u, 2u, 3u}) {
    orders_.clear();
    contacts_.clear();
    RandomShop(seed);
    const Millis as_of = Ts("2025-12-31T00:00:00Z");
    EXPECT_EQ(FromFacts(as_of, std::nullopt),
              boost::json::serialize(StatisticsReport(Input(as_of), std::nullopt)));
    Period p = MakeP("2024-03-01", "2024-09-30");
    EXPECT_EQ(FromFacts(as_of, p), boost::json::serialize(StatisticsReport(Input(as_of), p)));
  }
}

TEST_F(StatisticsBuilderTest, NoOrdersIsAllZeros) {
  StatisticsBuilder b(settings_, tz_, 0, std::nullopt);
  EXPECT_EQ(boost::json::serialize(b.Finish()),
            boost::json::serialize(StatisticsReport(Input(0), std::nullopt)));
}

}  // namespace
}  // namespace packprod

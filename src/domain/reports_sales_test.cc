#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "domain/reports.h"
#include "domain/reports_test_util.h"

namespace packprod {
namespace {

using testing_reports::ToCents;

// The oracle selftest's buckets_across_dst: orders around the October 2024 DST start in
// Sydney (2024-10-06 02:00 AEST -> 03:00 AEDT).
class SalesReportTest : public testing_reports::Shop {
 protected:
  void SetUp() override {
    Add("B0", 'b', "2024-10-05T13:30:00Z", 1000);  // Sat 23:30 AEST
    Add("B1", 'b', "2024-10-05T14:30:00Z", 1100);  // Sun 00:30 AEST
    Add("B2", 'b', "2024-10-06T12:59:59Z", 1200);  // Sun 23:59:59 AEDT
    Add("B3", 'b', "2024-10-06T13:00:00Z", 1300);  // Mon 00:00 AEDT
  }

  // "period:orders" per bucket, comma separated.
  std::string Buckets(const Period& p, const char* interval) {
    auto r = SalesReport(Input(0), p, interval);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string out;
    for (const auto& b : r->at("buckets").as_array()) {
      if (!out.empty()) out += ",";
      out +=
          std::string(b.at("period").as_string()) + ":" + std::to_string(b.at("orders").as_int64());
    }
    return out;
  }
};

TEST_F(SalesReportTest, DayBucketsUseLocalDays) {
  auto r = SalesReport(Input(0), MakeP("2024-10-05", "2024-10-07"), "day");
  ASSERT_TRUE(r.ok());
  auto& b = r->at("buckets").as_array();
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(ToCents(b[0].at("revenue")), 1000);
  EXPECT_EQ(ToCents(b[1].at("revenue")), 2300);
  EXPECT_EQ(ToCents(b[1].at("averageOrderValue")), 1150);
  EXPECT_EQ(b[1].at("customers").as_int64(), 1);
  EXPECT_EQ(ToCents(b[2].at("revenue")), 1300);
  EXPECT_EQ(Buckets(MakeP("2024-10-05", "2024-10-07"), "day"),
            "2024-10-05:1,2024-10-06:2,2024-10-07:1");
  auto& t = r->at("totals").as_object();
  EXPECT_EQ(t.at("orders").as_int64(), 4);
  EXPECT_EQ(t.at("customers").as_int64(), 1);
  EXPECT_EQ(ToCents(t.at("revenue")), 4600);
  EXPECT_EQ(r->at("interval").as_string(), "day");
}

TEST_F(SalesReportTest, WeekBucketsStartOnLocalMonday) {
  EXPECT_EQ(Buckets(MakeP("2024-09-30", "2024-10-13"), "week"), "2024-09-30:3,2024-10-07:1");
  EXPECT_EQ(Buckets(MakeP("2024-09-04", "2024-10-09"), "week"),
            "2024-09-02:0,2024-09-09:0,2024-09-16:0,2024-09-23:0,2024-09-30:3,2024-10-07:1");
}

TEST_F(SalesReportTest, MonthBucketsAreCalendarMonths) {
  Add("M0", 'c', "2024-10-31T13:30:00Z", 100);  // 2024-11-01 local
  Add("M1", 'c', "2024-12-31T13:15:00Z", 100);  // 2025-01-01 local
  EXPECT_EQ(Buckets(MakeP("2024-10-15", "2025-01-10"), "month"),
            "2024-10-01:0,2024-11-01:1,2024-12-01:0,2025-01-01:1");
}

TEST_F(SalesReportTest, TimestampPeriodCoversItsLocalDays) {
  EXPECT_EQ(Buckets(MakeP("2024-10-05T14:00:00Z", "2024-10-06T13:00:00Z"), "day"), "2024-10-06:2");
  EXPECT_EQ(Buckets(MakeP("2024-10-05T05:00:00Z", "2024-10-07T05:00:00Z"), "day"),
            "2024-10-05:1,2024-10-06:2,2024-10-07:1");
}

TEST_F(SalesReportTest, EmptyPeriodHasNoBuckets) {
  EXPECT_EQ(Buckets(MakeP("2024-10-05T14:00:00Z", "2024-10-05T14:00:00Z"), "day"), "");
}

TEST_F(SalesReportTest, RejectsUnknownIntervalAndTooManyBuckets) {
  auto r = SalesReport(Input(0), MakeP("2024-10-05", "2024-10-07"), "year");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  // 5000 days are fine, 5001 are not; an open end is far too long.
  EXPECT_TRUE(SalesReport(Input(0), MakeP("2000-01-01", "2013-09-08"), "day").ok());
  EXPECT_FALSE(SalesReport(Input(0), MakeP("2000-01-01", "2013-09-09"), "day").ok());
  EXPECT_TRUE(SalesReport(Input(0), MakeP("2000-01-01", "2013-09-09"), "week").ok());
  auto open = *MakePeriod(std::string("2024-01-01"), std::nullopt, 0, tz_);
  EXPECT_FALSE(SalesReport(Input(0), open, "month").ok());
}

TEST_F(SalesReportTest, StatisticsWeekdayAndHourAreLocal) {
  auto s = StatisticsReport(Input(0), std::nullopt);
  EXPECT_EQ(boost::json::serialize(s["ordersByWeekday"]), "[1,0,0,0,0,1,2]");
  auto& h = s["ordersByHour"].as_array();
  ASSERT_EQ(h.size(), 24u);
  EXPECT_EQ(h[0].as_int64(), 2);
  EXPECT_EQ(h[23].as_int64(), 2);
  EXPECT_EQ(boost::json::serialize(s["period"]), R"({"from":null,"to":null})");
}

TEST_F(SalesReportTest, StatisticsHourAcrossAprilDstEnd) {
  Add("D0", 'd', "2025-04-05T15:30:00Z", 100);  // 02:30 AEDT
  Add("D1", 'd', "2025-04-05T16:30:00Z", 100);  // 02:30 AEST
  auto s = StatisticsReport(Input(0), MakeP("2025-04-05T13:00:00Z", "2025-04-07T14:00:00Z"));
  EXPECT_EQ(s["ordersByHour"].as_array()[2].as_int64(), 2);
  EXPECT_EQ(boost::json::serialize(s["ordersByWeekday"]), "[0,0,0,0,0,0,2]");
}

TEST(ReportPercentileTest, NearestRank) {
  std::vector<Cents> v = {15, 20, 35, 40, 50};
  for (auto [p, x] : {std::pair{25, 20},
                      {30, 20},
                      {40, 20},
                      {50, 35},
                      {75, 40},
                      {90, 50},
                      {99, 50},
                      {100, 50},
                      {1, 15}}) {
    EXPECT_EQ(PercentileNearestRank(v, p), x) << "p" << p;
  }
  EXPECT_EQ(PercentileNearestRank({}, 50), 0);
  EXPECT_EQ(PercentileNearestRank({7}, 99), 7);
  EXPECT_EQ(PercentileNearestRank({7}, 1), 7);
  std::vector<Cents> h;
  for (int i = 1; i <= 400; ++i) h.push_back(i);
  EXPECT_EQ(PercentileNearestRank(h, 99), 396);
  h.resize(100);
  for (int p : {25, 50, 75, 90, 99}) EXPECT_EQ(PercentileNearestRank(h, p), p);
}

class StatisticsReportTest : public testing_reports::Shop {};

// The oracle selftest's percentiles_nearest_rank (statistics part).
TEST_F(StatisticsReportTest, PercentilesAndStatusCounts) {
  const char* days[] = {"2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z",
                        "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z"};
  Cents totals[] = {1500, 2000, 3500, 4000, 5000};
  for (int i = 0; i < 5; ++i) Add("P" + std::to_string(i), 'p', days[i], totals[i]);
  Add("P9", 'p', "2025-01-09T00:00:00Z", 100, OrderStatus::kCancelled);
  auto s = StatisticsReport(Input(Ts("2025-02-01T00:00:00Z")), std::nullopt);
  auto& pct = s["orderValuePercentiles"].as_object();
  EXPECT_EQ(ToCents(pct.at("p25")), 2000);
  EXPECT_EQ(ToCents(pct.at("p50")), 3500);
  EXPECT_EQ(ToCents(pct.at("p75")), 4000);
  EXPECT_EQ(ToCents(pct.at("p90")), 5000);
  EXPECT_EQ(ToCents(pct.at("p99")), 5000);
  EXPECT_EQ(s["orders"].as_int64(), 5);
  EXPECT_EQ(ToCents(s["averageOrdersPerCustomer"]), 500);
  auto& sc = s["statusCounts"].as_object();
  EXPECT_EQ(sc.size(), 9u);
  EXPECT_EQ(sc.at("cancelled").as_int64(), 1);
  EXPECT_EQ(sc.at("processing").as_int64(), 0);
  EXPECT_EQ(sc.at("completed").as_int64(), 5);
  EXPECT_EQ(boost::json::serialize(s["segmentCounts"]),
            R"({"VIP":0,"Active":1,"New":0,"Dormant":0})");
  EXPECT_EQ(s["frequencyCounts"].as_object().size(), 6u);
  EXPECT_EQ(s["frequencyCounts"].at("Weekly").as_int64(), 1);
}

TEST_F(StatisticsReportTest, EmptyPeriodIsAllZeros) {
  Add("X", 'x', "2025-01-01T00:00:00Z", 100);
  auto s = StatisticsReport(Input(0), MakeP("2020-01-01", "2020-01-31"));
  EXPECT_EQ(s["orders"].as_int64(), 0);
  EXPECT_EQ(ToCents(s["averageOrderValue"]), 0);
  EXPECT_EQ(ToCents(s["averageOrdersPerCustomer"]), 0);
  EXPECT_EQ(ToCents(s["orderValuePercentiles"].at("p50")), 0);
}

TEST_F(StatisticsReportTest, AverageOrdersPerCustomerRoundsHalfAwayFromZero) {
  for (char c = 'a'; c < 'i'; ++c) Add(std::string(1, c), c, "2025-01-01T00:00:00Z", 100);
  Add("a2", 'a', "2025-01-02T00:00:00Z", 100);  // 9 orders / 8 customers = 1.125
  auto s = StatisticsReport(Input(0), std::nullopt);
  EXPECT_EQ(ToCents(s["averageOrdersPerCustomer"]), 113);
  EXPECT_EQ(boost::json::serialize(s["averageOrdersPerCustomer"]),
            boost::json::serialize(CentsToJson(113)));
}

}  // namespace
}  // namespace packprod

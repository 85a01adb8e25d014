#include "domain/reports.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "domain/reports_test_util.h"

namespace packprod {
namespace {

using testing_reports::ToCents;

class ReportsOverviewTest : public testing_reports::Shop {
 protected:
  // The oracle selftest's overview_hand_computed.
  void SetUp() override {
    Add("1", 'a', "2024-12-15T00:00:00Z", 10000);  // previous period; a is new there
    Item(Add("2", 'a', "2025-01-10T00:00:00Z", 5000), "Z", 2, 500);
    Item(Add("3", 'b', "2025-01-11T00:00:00Z", 7000), "Y", 1, 7000);
    Add("4", 'c', "2025-01-12T00:00:00Z", 7000, OrderStatus::kCancelled);
    Add("5", 'c', "2025-01-30T13:30:00Z", 3000);   // 2025-01-31 00:30 local
    Add("6", 'd', "2025-01-31T13:30:00Z", 99900);  // 2025-02-01 local: outside
  }
};

TEST_F(ReportsOverviewTest, HandComputedSummary) {
  auto o = OverviewReport(Input(Ts("2025-02-01T00:00:00Z")), MakeP("2025-01-01", "2025-01-31"));
  EXPECT_EQ(o["orders"].as_int64(), 3);
  EXPECT_EQ(ToCents(o["revenue"]), 15000);
  EXPECT_EQ(ToCents(o["averageOrderValue"]), 5000);
  EXPECT_EQ(o["customers"].as_int64(), 3);
  EXPECT_EQ(o["newCustomers"].as_int64(), 2);
  EXPECT_EQ(o["returningCustomers"].as_int64(), 1);
  EXPECT_EQ(o["units"].as_int64(), 3);
  EXPECT_EQ(boost::json::serialize(o["period"]), R"({"from":"2025-01-01","to":"2025-01-31"})");
}

TEST_F(ReportsOverviewTest, PreviousPeriod) {
  auto o = OverviewReport(Input(Ts("2025-02-01T00:00:00Z")), MakeP("2025-01-01", "2025-01-31"));
  auto& prev = o["previous"].as_object();
  EXPECT_EQ(prev["orders"].as_int64(), 1);
  EXPECT_EQ(prev["newCustomers"].as_int64(), 1);
  EXPECT_EQ(ToCents(prev["revenue"]), 10000);
  EXPECT_EQ(boost::json::serialize(prev["period"]), R"({"from":"2024-12-01","to":"2024-12-31"})");
}

TEST_F(ReportsOverviewTest, TopRowsAndSegments) {
  auto o = OverviewReport(Input(Ts("2025-02-01T00:00:00Z")), MakeP("2025-01-01", "2025-01-31"));
  auto& tp = o["topProducts"].as_array();
  ASSERT_EQ(tp.size(), 2u);
  EXPECT_EQ(tp[0].at("code").as_string(), "Y");
  EXPECT_EQ(tp[1].at("code").as_string(), "Z");
  EXPECT_EQ(tp[1].at("units").as_int64(), 2);
  auto& tc = o["topCustomers"].as_array();
  ASSERT_EQ(tc.size(), 3u);
  EXPECT_EQ(tc[0].at("contactID").as_string(), "id-b");
  EXPECT_EQ(tc[1].at("contactID").as_string(), "id-a");
  EXPECT_EQ(tc[2].at("contactID").as_string(), "id-c");
  EXPECT_EQ(tc[2].at("name").as_string(), "c");
  EXPECT_EQ(tc[2].at("orders").as_int64(), 1);  // the cancelled one does not count
  // a: first order 48 days before asOf -> Active; b, c, d -> New.
  EXPECT_EQ(boost::json::serialize(o["segments"]), R"({"VIP":0,"Active":1,"New":3,"Dormant":0})");
}

TEST_F(ReportsOverviewTest, TopRowsTieByIdAndStopAtFive) {
  for (char c = 'e'; c <= 'k'; ++c) {
    Item(Add(std::string("T") + c, c, "2025-01-20T00:00:00Z", 100), std::string("P") + c, 1, 100);
  }
  auto o = OverviewReport(Input(Ts("2025-02-01T00:00:00Z")), MakeP("2025-01-20", "2025-01-20"));
  auto& tc = o["topCustomers"].as_array();
  ASSERT_EQ(tc.size(), 5u);
  EXPECT_EQ(tc[0].at("contactID").as_string(), "id-e");
  EXPECT_EQ(tc[4].at("contactID").as_string(), "id-i");
  auto& tp = o["topProducts"].as_array();
  ASSERT_EQ(tp.size(), 5u);
  EXPECT_EQ(tp[0].at("code").as_string(), "Pe");
}

TEST_F(ReportsOverviewTest, ContactWithoutCountedOrdersHasNoSegment) {
  contacts_.push_back({"id-z", "z@x", std::nullopt, std::nullopt, std::nullopt, 0});
  auto o = OverviewReport(Input(Ts("2025-02-01T00:00:00Z")), MakeP("2025-01-01", "2025-01-31"));
  EXPECT_EQ(boost::json::serialize(o["segments"]), R"({"VIP":0,"Active":1,"New":3,"Dormant":0})");
}

class ReportsProductsTest : public testing_reports::Shop {};

TEST_F(ReportsProductsTest, CatalogueCountsDistinctOrdersAndCustomers) {
  Order& o1 = Add("A1", 'a', "2025-01-01T00:00:00Z", 0);
  Item(o1, "BOX", 2, 150, "Box old");
  Item(o1, "BOX", 3, 150, "Box old");  // same code twice: one order, units add up
  Order& o2 = Add("A2", 'b', "2025-01-05T00:00:00Z", 0);
  Item(o2, "BOX", 1, 150, "Box");
  o2.items[0].line_total = 140;
  Item(Add("A3", 'b', "2025-01-09T00:00:00Z", 0, OrderStatus::kRefunded), "BOX", 9, 1, "Gone");
  Item(Add("A4", 'c', "2025-01-03T00:00:00Z", 0, OrderStatus::kFailed), "ONLY-FAILED", 1, 1);
  auto cat = ProductCatalogue(orders_);
  ASSERT_EQ(cat.size(), 1u);
  const ProductAggregate& p = cat[0];
  EXPECT_EQ(p.units, 6);
  EXPECT_EQ(p.revenue, 5 * 150 + 140);
  EXPECT_EQ(p.orders, 2);
  EXPECT_EQ(p.customers, 2);
  EXPECT_EQ(p.name, "Box");  // latest counted order that names it
  auto j = ProductJson(p);
  EXPECT_EQ(j["firstOrderedAt"].as_string(), "2025-01-01T00:00:00Z");
  EXPECT_EQ(j["lastOrderedAt"].as_string(), "2025-01-05T00:00:00Z");
  EXPECT_EQ(ToCents(j["revenue"]), 890);
  EXPECT_EQ(j.size(), 8u);
}

TEST_F(ReportsProductsTest, NameTiesOnCreatedAtTakeGreaterReference) {
  Item(Add("R-2", 'a', "2025-01-01T00:00:00Z", 0), "X", 1, 1, "from R-2");
  Item(Add("R-1", 'a', "2025-01-01T00:00:00Z", 0), "X", 1, 1, "from R-1");
  Item(Add("R-3", 'a', "2025-01-01T00:00:00Z", 0), "X", 1, 1);  // no name: keeps the last one
  EXPECT_EQ(ProductCatalogue(orders_)[0].name, "from R-2");
}

TEST_F(ReportsProductsTest, ReportSortsByKeyThenCode) {
  Item(Add("1", 'a', "2025-01-01T00:00:00Z", 0), "B", 5, 100);
  Item(Add("2", 'a', "2025-01-02T00:00:00Z", 0), "A", 1, 500);
  Item(Add("3", 'b', "2025-01-02T00:00:00Z", 0), "C", 2, 100);
  Item(Add("4", 'b', "2025-01-03T00:00:00Z", 0), "C", 2, 100);
  Item(Add("5", 'b', "2024-12-01T00:00:00Z", 0), "D", 99, 100);  // outside
  auto codes = [&](const char* sort, int limit) {
    auto r = ProductsReport(Input(0), MakeP("2025-01-01", "2025-01-31"), sort, limit);
    EXPECT_TRUE(r.ok());
    std::string out;
    for (const auto& i : r->at("items").as_array()) out += i.at("code").as_string().c_str();
    return out;
  };
  EXPECT_EQ(codes("revenue", 500), "ABC");
  EXPECT_EQ(codes("units", 500), "BCA");
  EXPECT_EQ(codes("orders", 500), "CAB");
  EXPECT_EQ(codes("orders", 2), "CA");
  auto r = ProductsReport(Input(0), MakeP("2025-01-01", "2025-01-31"), "units", 1);
  const auto& item = r->at("items").as_array()[0].as_object();
  EXPECT_EQ(item.size(), 6u);
  EXPECT_EQ(item.at("customers").as_int64(), 1);
}

TEST_F(ReportsProductsTest, ReportRejectsBadSortAndLimit) {
  Period p = MakeP("2025-01-01", "2025-01-31");
  for (auto [sort, limit] : {std::pair{"colour", 10}, {"revenue", 0}, {"units", 501}}) {
    auto r = ProductsReport(Input(0), p, sort, limit);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  }
}

}  // namespace
}  // namespace packprod

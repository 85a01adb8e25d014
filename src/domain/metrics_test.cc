#include "domain/metrics.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <limits>
#include <random>
#include <string>

namespace packprod {
namespace {

constexpr Millis kHour = 3'600'000;
// 2025-06-30T14:00:00Z, the oracle selftest's asOf.
constexpr Millis kAsOf = 1'751'292'000'000;

CustomerAggregate Agg(std::int64_t n, Cents spend, Millis first, Millis last) {
  CustomerAggregate a;
  a.contact_id = "c";
  a.email = "c@x";
  a.order_count = n;
  a.total_spend = spend;
  a.first_order = first;
  a.last_order = last;
  a.last_order_reference = "R";
  return a;
}

std::optional<std::string> Seg(std::int64_t n, Cents spend, Millis first, Millis last) {
  auto s = DeriveSegment(Agg(n, spend, first, last), kAsOf, ClientSettings{});
  return s ? std::optional<std::string>(SegmentName(*s)) : std::nullopt;
}

std::optional<std::string> Freq(std::int64_t n, Millis first, Millis last) {
  auto f = DeriveFrequency(Agg(n, 0, first, last), ClientSettings{});
  return f ? std::optional<std::string>(FrequencyName(*f)) : std::nullopt;
}

Millis DaysAgo(std::int64_t d) { return kAsOf - d * kDayMs; }

Order MakeOrder(std::string ref, Millis created, OrderStatus status, Cents total) {
  Order o;
  o.reference = std::move(ref);
  o.contact_id = "c";
  o.created_at = created;
  o.status = status;
  o.total = total;
  return o;
}

TEST(MetricsSegmentTest, NoOrdersHasNoSegment) {
  CustomerAggregate a;
  EXPECT_FALSE(DeriveSegment(a, kAsOf, ClientSettings{}));
  EXPECT_FALSE(DeriveFrequency(a, ClientSettings{}));
}

TEST(MetricsSegmentTest, DormantEdgeIs181Days) {
  Millis t = DaysAgo(180) - 23 * kHour;  // 180 days 23 h ago: floor is 180
  EXPECT_EQ(Seg(1, 100, t, t), "Active");
  EXPECT_EQ(Seg(1, 100, DaysAgo(181), DaysAgo(181)), "Dormant");
  EXPECT_EQ(Seg(12, 900000, DaysAgo(600), DaysAgo(200)), "Dormant");  // before VIP
}

TEST(MetricsSegmentTest, VipBySpendOrCount) {
  EXPECT_EQ(Seg(2, 500000, DaysAgo(100), DaysAgo(20)), "VIP");
  EXPECT_EQ(Seg(2, 499999, DaysAgo(100), DaysAgo(20)), "Active");
  EXPECT_EQ(Seg(10, 1000, DaysAgo(170), DaysAgo(17)), "VIP");
  EXPECT_EQ(Seg(9, 1000, DaysAgo(160), DaysAgo(16)), "Active");
  EXPECT_EQ(Seg(1, 600000, DaysAgo(10), DaysAgo(10)), "VIP");  // before New
}

TEST(MetricsSegmentTest, NewEdgeIs30Days) {
  Millis t = DaysAgo(30) - 86'399'000;  // 30 days 23:59:59 ago
  EXPECT_EQ(Seg(1, 100, t, t), "New");
  EXPECT_EQ(Seg(1, 100, DaysAgo(31), DaysAgo(31)), "Active");
  EXPECT_EQ(Seg(2, 100, DaysAgo(20), DaysAgo(3)), "New");
}

TEST(MetricsSegmentTest, UsesClientThresholds) {
  ClientSettings s;
  s.dormant_days = 10;
  s.vip_orders = 2;
  EXPECT_EQ(DeriveSegment(Agg(1, 1, DaysAgo(11), DaysAgo(11)), kAsOf, s), Segment::kDormant);
  EXPECT_EQ(DeriveSegment(Agg(2, 1, DaysAgo(9), DaysAgo(9)), kAsOf, s), Segment::kVip);
}

TEST(MetricsSegmentTest, NamesRoundTripCaseSensitively) {
  for (Segment s : {Segment::kVip, Segment::kActive, Segment::kNew, Segment::kDormant}) {
    EXPECT_EQ(ParseSegment(SegmentName(s)), s);
  }
  EXPECT_FALSE(ParseSegment("vip"));
  EXPECT_FALSE(ParseSegment(""));
}

TEST(MetricsFrequencyTest, BoundsAreInclusiveAndExact) {
  const Millis d = kDayMs;
  EXPECT_EQ(Freq(1, kAsOf, kAsOf), "One-time");
  EXPECT_EQ(Freq(2, kAsOf - 60 * d, kAsOf - 50 * d), "Weekly");
  EXPECT_EQ(Freq(2, kAsOf - 60 * d - 1000, kAsOf - 50 * d), "Fortnightly");
  EXPECT_EQ(Freq(3, kAsOf - 90 * d, kAsOf - 50 * d), "Fortnightly");
  EXPECT_EQ(Freq(3, kAsOf - 90 * d - 1000, kAsOf - 50 * d), "Monthly");  // g = 20 d + 0.5 s
  EXPECT_EQ(Freq(3, kAsOf - 90 * d - 1, kAsOf - 50 * d), "Monthly");     // g = 20 d + 0.5 ms
  EXPECT_EQ(Freq(2, kAsOf - 100 * d, kAsOf - 55 * d), "Monthly");
  EXPECT_EQ(Freq(2, kAsOf - 100 * d - 1000, kAsOf - 55 * d), "Quarterly");
  EXPECT_EQ(Freq(2, kAsOf - 170 * d, kAsOf - 50 * d), "Quarterly");
  EXPECT_EQ(Freq(2, kAsOf - 170 * d - 1000, kAsOf - 50 * d), "Yearly");
  EXPECT_EQ(Freq(5, kAsOf, kAsOf), "Weekly");
}

TEST(MetricsDaysAgoTest, FloorsAndMayBeNegative) {
  auto a = Agg(1, 1, kAsOf - kDayMs + 1, kAsOf - kDayMs + 1);
  EXPECT_EQ(LastOrderDaysAgo(a, kAsOf), 0);
  EXPECT_EQ(LastOrderDaysAgo(a, kAsOf + 1), 1);
  EXPECT_EQ(LastOrderDaysAgo(a, kAsOf - kDayMs), -1);
  EXPECT_FALSE(LastOrderDaysAgo(CustomerAggregate{}, kAsOf));
}

// The oracle selftest's customer_metrics_hand_computed.
TEST(MetricsAggregateTest, HandComputedCustomer) {
  std::vector<Order> orders = {
      MakeOrder("H-1", 1'735'689'600'000, OrderStatus::kCompleted, 10000),  // 2025-01-01
      MakeOrder("H-2", 1'738'368'000'000, OrderStatus::kCancelled, 5000),   // 2025-02-01
      MakeOrder("H-3", 1'740'783'600'000, OrderStatus::kShipped, 2555),     // 2025-02-28T23Z
      MakeOrder("H-4", 1'735'686'000'000, OrderStatus::kRefunded, 999),     // 2024-12-31T23Z
  };
  std::vector<const Order*> ptrs;
  ptrs.reserve(orders.size());
  for (const Order& o : orders) ptrs.push_back(&o);
  ContactRecord c{"c", "hand@example.com", "Hand", std::nullopt, std::nullopt, 5};
  CustomerAggregate a = AggregateCustomer(c, ptrs);
  const Millis as_of = 1'743'379'200'000;  // 2025-03-31T00:00:00Z
  auto j = CustomerJson(a, as_of, ClientSettings{});
  EXPECT_EQ(j["orderCount"].as_int64(), 2);
  EXPECT_EQ(boost::json::serialize(j["averageOrderValue"]),
            boost::json::serialize(CentsToJson(6278)));
  EXPECT_EQ(j["firstOrderDate"].as_string(), "2025-01-01T00:00:00Z");
  EXPECT_EQ(j["lastOrderDate"].as_string(), "2025-02-28T23:00:00Z");
  EXPECT_EQ(j["lastOrderReference"].as_string(), "H-3");
  EXPECT_EQ(j["lastOrderDaysAgo"].as_int64(), 30);
  EXPECT_EQ(j["segment"].as_string(), "Active");
  EXPECT_EQ(j["purchaseFrequency"].as_string(), "Quarterly");
  EXPECT_EQ(j["name"].as_string(), "Hand");
  EXPECT_TRUE(j["company"].is_null());
  EXPECT_EQ(a.total_spend, 12555);
}

TEST(MetricsAggregateTest, TieOnCreatedAtTakesGreaterReference) {
  CustomerAggregate a;
  AddOrder(a, MakeOrder("H-3", 100, OrderStatus::kPaid, 1));
  AddOrder(a, MakeOrder("H-0", 100, OrderStatus::kPaid, 1));
  EXPECT_EQ(a.last_order_reference, "H-3");
  AddOrder(a, MakeOrder("H-5", 100, OrderStatus::kPaid, 1));
  EXPECT_EQ(a.last_order_reference, "H-5");
  AddOrder(a, MakeOrder("H-9", 200, OrderStatus::kFailed, 1));  // not counted
  EXPECT_EQ(a.last_order_reference, "H-5");
  EXPECT_EQ(a.order_count, 3);
}

TEST(MetricsJsonTest, ZeroOrderCustomerHasNulls) {
  ContactRecord c{"id", "z@x", std::nullopt, "Co", std::nullopt, 1'700'000'000'000};
  auto j = CustomerJson(AggregateCustomer(c, {}), kAsOf, ClientSettings{});
  for (const char* k : {"name", "firstOrderDate", "lastOrderDate", "lastOrderReference",
                        "lastOrderDaysAgo", "segment", "purchaseFrequency"}) {
    EXPECT_TRUE(j.at(k).is_null()) << k;
  }
  EXPECT_EQ(j["orderCount"].as_int64(), 0);
  EXPECT_EQ(j["totalSpend"].as_int64(), 0);
  EXPECT_EQ(j["averageOrderValue"].as_int64(), 0);
  EXPECT_EQ(j["company"].as_string(), "Co");
  EXPECT_EQ(j["lastUpdated"].as_string(), "2023-11-14T22:13:20Z");
  EXPECT_EQ(j.size(), 14u);
}

TEST(MetricsCountsTest, EveryKeyPresent) {
  std::vector<CustomerAggregate> cs = {Agg(1, 1, DaysAgo(1), DaysAgo(1)),
                                       Agg(1, 1, DaysAgo(200), DaysAgo(200)),
                                       Agg(3, 1, DaysAgo(100), DaysAgo(40)), CustomerAggregate{}};
  auto s = SegmentCounts(cs, kAsOf, ClientSettings{});
  EXPECT_EQ(boost::json::serialize(s), R"({"VIP":0,"Active":1,"New":1,"Dormant":1})");
  auto f = FrequencyCounts(cs, ClientSettings{});
  EXPECT_EQ(boost::json::serialize(f),
            R"({"Weekly":0,"Fortnightly":0,"Monthly":1,"Quarterly":0,"Yearly":0,"One-time":2})");
}

TEST(MetricsAggregateTest, AggregateCustomersMatchesByContactId) {
  std::vector<Order> orders = {MakeOrder("A", 10, OrderStatus::kPaid, 100),
                               MakeOrder("B", 20, OrderStatus::kPaid, 200)};
  orders[1].contact_id = "d";
  std::vector<ContactRecord> contacts(2);
  contacts[0].contact_id = "d";
  contacts[1].contact_id = "e";
  auto aggs = AggregateCustomers(contacts, orders);
  ASSERT_EQ(aggs.size(), 2u);
  EXPECT_EQ(aggs[0].total_spend, 200);
  EXPECT_EQ(aggs[1].order_count, 0);
}


// CustomerJson's answer holds from as_of until CustomerJsonChangesAt, and a day count
// steps there: what a kept answer relies on.
TEST(CustomerJsonChangesAtTest, TheAnswerHoldsUntilThenAndADayCountStepsThere) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<Millis> span(0, 400 * kDayMs);
  for (int i = 0; i < 2000; ++i) {
    Millis first = kAsOf - span(rng);
    Millis last = first + span(rng) / 4;
    CustomerAggregate agg = Agg(1 + static_cast<std::int64_t>(rng() % 20),
                                static_cast<Cents>(rng() % 1'000'000), first, last);
    Millis as_of = last + span(rng);
    Millis at = CustomerJsonChangesAt(agg, as_of);
    ASSERT_GT(at, as_of);
    ASSERT_LE(at, as_of + kDayMs);
    std::string now = boost::json::serialize(CustomerJson(agg, as_of, ClientSettings{}));
    for (Millis t : {as_of + (at - as_of) / 2, at - 1}) {
      EXPECT_EQ(boost::json::serialize(CustomerJson(agg, t, ClientSettings{})), now) << i;
    }
    bool steps = LastOrderDaysAgo(agg, at) != LastOrderDaysAgo(agg, at - 1) ||
                 FirstOrderDaysAgo(agg, at) != FirstOrderDaysAgo(agg, at - 1);
    EXPECT_TRUE(steps) << i;
  }
  CustomerAggregate none;  // no counted orders: nothing in the answer depends on the clock
  EXPECT_EQ(CustomerJsonChangesAt(none, kAsOf), std::numeric_limits<Millis>::max());
}

TEST(CustomerJsonChangesAtTest, TheSettingsKeyNamesEveryThresholdTheAnswerReads) {
  ClientSettings a, b;
  EXPECT_EQ(CustomerJsonSettingsKey(a), CustomerJsonSettingsKey(b));
  for (std::int64_t ClientSettings::*f :
       {&ClientSettings::vip_spend, &ClientSettings::vip_orders, &ClientSettings::dormant_days,
        &ClientSettings::new_days, &ClientSettings::weekly_days, &ClientSettings::fortnightly_days,
        &ClientSettings::monthly_days, &ClientSettings::quarterly_days}) {
    b = a;
    b.*f += 1;
    EXPECT_NE(CustomerJsonSettingsKey(a), CustomerJsonSettingsKey(b));
  }
}

}  // namespace
}  // namespace packprod

// Store::OverviewView on a SQLite file, SQLite in memory and PostgreSQL: the overview's
// figures from one snapshot equal what the separate reads give (ReadDayRollups,
// FillProductDays, CountSegmentsView), and its top contacts are the period's
// contact_days summed by hand, ranked by revenue then contactID, named from
// customer_metrics (null name and e-mail without a row), another client's rows apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "domain/listing.h"
#include "domain/reports_rollup.h"
#include "store/store.h"
#include "store/store_on_every_engine.h"

namespace packprod::store {
namespace {

CustomerAggregate Customer(const std::string& id, std::optional<std::string> name,
                           Cents spend, Millis first, Millis last) {
  CustomerAggregate c;
  c.contact_id = id;
  c.email = id + "@example.com";
  c.name = std::move(name);
  c.order_count = 1;
  c.total_spend = spend;
  c.first_order = first;
  c.last_order = last;
  c.last_order_reference = "R-" + id;
  c.last_updated = last;
  return c;
}

class OverviewViewStore : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    PutClients({"acme", "globex"});
    RollUps acme;
    for (DayNumber d = 20000; d < 20040; ++d) {
      acme.sales[d] = {d % 3 + 1, 1000 * (d - 19990), d % 5 + 1};
      acme.product_days[{d, "P" + std::to_string(d % 7)}] = {1, 500 + 10 * (d % 11), 2};
      acme.product_days[{d, "Q"}] = {1, 400, 1};
    }
    // Period [20010, 20019]: c-b 700 + 300 = 1000 (one row before the period, 5000, must
    // not count); c-a 1000 (ties with c-b: contactID ascending); c-c 900; c-d 800 (no
    // customer_metrics row); c-e 750 (a row without a name); c-f 100 (sixth, left out).
    auto contact = [&](DayNumber d, const std::string& id, Cents revenue) {
      acme.contact_days[{d, id}] = {1, revenue};
    };
    contact(20009, "c-b", 5000);
    contact(20010, "c-b", 700);
    contact(20019, "c-b", 300);
    contact(20012, "c-a", 600);
    contact(20013, "c-a", 400);
    contact(20015, "c-c", 900);
    contact(20011, "c-d", 800);
    contact(20014, "c-e", 750);
    contact(20016, "c-f", 100);
    contact(20020, "c-g", 99999);  // after the period
    ASSERT_TRUE(store_->WriteViews([&](WriteTx& tx) { return tx.AddRollUps("acme", acme); }).ok());
    RollUps globex;
    globex.contact_days[{20012, "c-z"}] = {1, 1000000};
    globex.sales[20012] = {1, 1000000, 1};
    globex.product_days[{20012, "Z"}] = {1, 1000000, 1};
    ASSERT_TRUE(
        store_->WriteViews([&](WriteTx& tx) { return tx.AddRollUps("globex", globex); }).ok());

    ASSERT_TRUE(
        store_
            ->WriteViews([&](WriteTx& tx) -> Status {
              const Millis day = 86400000;
              for (const CustomerAggregate& c :
                   {Customer("c-a", "Ann", 1000, 20012 * day, 20013 * day),
                    Customer("c-b", "Bob", 6000, 20009 * day, 20019 * day),
                    Customer("c-c", "Cid", 900, 19000 * day, 20015 * day),
                    Customer("c-e", std::nullopt, 750, 20014 * day, 20014 * day),
                    Customer("c-f", "Fay", 100, 20016 * day, 20016 * day),
                    Customer("c-g", "Gil", 99999, 20020 * day, 20020 * day)}) {
                PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", c, nullptr));
              }
              PP_RETURN_IF_ERROR(tx.PutDayCustomers("acme", DayCustomersRow(20001, 2, {})));
              PP_RETURN_IF_ERROR(tx.PutDayCustomers("acme", DayCustomersRow(20012, 1, {20001})));
              PP_RETURN_IF_ERROR(
                  tx.PutDayCustomers("acme", DayCustomersRow(20015, 1, {19000, 20012})));
              PP_RETURN_IF_ERROR(
                  tx.PutProductDayCustomers("acme", "Q", DayCustomersRow(20011, 2, {})));
              PP_RETURN_IF_ERROR(
                  tx.PutProductDayCustomers("acme", "Q", DayCustomersRow(20013, 1, {20011})));
              return tx.PutProductDayCustomers("acme", "P3", DayCustomersRow(20014, 1, {}));
            })
            .ok());
  }
};

TEST_P(OverviewViewStore, EqualsTheSeparateReads) {
  SegmentBounds bounds;
  bounds.dormant_last_max = 20012LL * 86400000;
  bounds.new_first_min = 20010LL * 86400000;
  bounds.vip_spend = 5000;
  bounds.vip_orders = 10;
  auto f = store_->OverviewView("acme", 20000, 20010, 20019, 5, bounds);
  ASSERT_TRUE(f.ok()) << f.status().ToString();

  // Top contacts, by hand.
  ASSERT_EQ(f->top_customers.size(), 5u);
  const std::vector<std::string> ids = {"c-a", "c-b", "c-c", "c-d", "c-e"};
  const std::vector<Cents> revenue = {1000, 1000, 900, 800, 750};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(f->top_customers[i].contact_id, ids[i]);
    EXPECT_EQ(f->top_customers[i].revenue, revenue[i]);
  }
  EXPECT_EQ(f->top_customers[0].orders, 2);
  EXPECT_EQ(f->top_customers[1].orders, 2);
  EXPECT_EQ(f->top_customers[0].name, std::optional<std::string>("Ann"));
  EXPECT_EQ(f->top_customers[0].email, std::optional<std::string>("c-a@example.com"));
  EXPECT_EQ(f->top_customers[1].name, std::optional<std::string>("Bob"));
  EXPECT_EQ(f->top_customers[3].name, std::nullopt);  // no customer_metrics row
  EXPECT_EQ(f->top_customers[3].email, std::nullopt);
  EXPECT_EQ(f->top_customers[4].name, std::nullopt);  // a row without a name
  EXPECT_EQ(f->top_customers[4].email, std::optional<std::string>("c-e@example.com"));

  // Totals: the sales and day_customers rows of [20000, 20019].
  auto totals = store_->ReadDayRollups("acme", 20000, 20019, kSalesRollup | kDayCustomersRollup);
  ASSERT_TRUE(totals.ok());
  auto by_day = [](std::vector<SalesDayRow> v) {
    std::vector<std::tuple<DayNumber, std::int64_t, Cents, std::int64_t>> out;
    for (const auto& s : v) out.emplace_back(s.day, s.orders, s.revenue, s.units);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(by_day(f->totals.sales), by_day(totals->sales));
  EXPECT_EQ(f->totals.sales.size(), 20u);
  EXPECT_EQ(f->totals.day_customers, totals->day_customers);
  EXPECT_EQ(f->totals.day_customers.size(), 3u);

  // Products: ranked from the period's sums, customers and names as FillProductDays.
  auto range = store_->ReadDayRollups("acme", 20010, 20019, kProductRangeRollup);
  ASSERT_TRUE(range.ok());
  Period p;
  p.from_day = 20010;
  p.to_day = 20019;
  std::vector<ProductAggregate> want = RankProductDays(p, *range);
  want.resize(5);
  ASSERT_TRUE(store_->FillProductDays("acme", 20010, 20019, &want).ok());
  ASSERT_EQ(f->top_products.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].code);
    EXPECT_EQ(f->top_products[i].code, want[i].code);
    EXPECT_EQ(f->top_products[i].revenue, want[i].revenue);
    EXPECT_EQ(f->top_products[i].units, want[i].units);
    EXPECT_EQ(f->top_products[i].orders, want[i].orders);
    EXPECT_EQ(f->top_products[i].customers, want[i].customers);
    EXPECT_EQ(f->top_products[i].name, want[i].name);
  }
  // Q sells 400 on each of the 10 days, ahead of every P code (at most 2 days each).
  EXPECT_EQ(f->top_products[0].code, "Q");
  EXPECT_EQ(f->top_products[0].customers, 3);

  auto seg = store_->CountSegmentsView("acme", bounds);
  ASSERT_TRUE(seg.ok());
  EXPECT_EQ(f->segments, *seg);
}

TEST_P(OverviewViewStore, EmptyPeriodAndFewerThanTop) {
  SegmentBounds bounds;
  auto empty = store_->OverviewView("acme", 21000, 21010, 21019, 5, bounds);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->top_customers.empty());
  EXPECT_TRUE(empty->top_products.empty());
  EXPECT_TRUE(empty->totals.sales.empty());

  auto one_day = store_->OverviewView("acme", 20015, 20016, 20016, 5, bounds);
  ASSERT_TRUE(one_day.ok()) << one_day.status().ToString();
  ASSERT_EQ(one_day->top_customers.size(), 1u);
  EXPECT_EQ(one_day->top_customers[0].contact_id, "c-f");
  EXPECT_EQ(one_day->top_customers[0].name, std::optional<std::string>("Fay"));

  auto globex = store_->OverviewView("globex", 20000, 20010, 20019, 5, bounds);
  ASSERT_TRUE(globex.ok());
  ASSERT_EQ(globex->top_customers.size(), 1u);
  EXPECT_EQ(globex->top_customers[0].contact_id, "c-z");
  EXPECT_EQ(globex->top_customers[0].name, std::nullopt);
}

// Thousands of contacts (more than the sums' first table holds, so it grows while the
// rows stream by), several rows each, many equal sums: the top 40 are the rows summed by
// hand, ranked by revenue then contactID, another period's rows apart.
TEST_P(OverviewViewStore, ManyContactsSummedAsByHand) {
  PutClients({"initech"});
  RollUps r;
  std::map<std::string, std::pair<Cents, std::int64_t>> want_sums;  // revenue, orders
  for (int c = 0; c < 6000; ++c) {
    const std::string id = "k-" + std::to_string((c * 7919) % 6000);
    for (int j = 0; j <= c % 4; ++j) {
      const DayNumber day = 20010 + (c + 3 * j) % 10;
      const Cents revenue = 100 * ((c * 31 + j * 17) % 97);  // few distinct sums: ties
      const std::int64_t orders = 1 + j;
      r.contact_days[{day, id}] = {orders, revenue};
      want_sums[id].first += revenue;
      want_sums[id].second += orders;
    }
    r.contact_days[{20009, id}] = {1, 1000000};  // before the period: not counted
  }
  ASSERT_TRUE(store_->WriteViews([&](WriteTx& tx) { return tx.AddRollUps("initech", r); }).ok());
  std::vector<std::tuple<Cents, std::string, std::int64_t>> want;
  for (const auto& [id, sum] : want_sums) want.emplace_back(-sum.first, id, sum.second);
  std::sort(want.begin(), want.end());
  want.resize(40);

  auto f = store_->OverviewView("initech", 20000, 20010, 20019, 40, SegmentBounds{});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->top_customers.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(f->top_customers[i].contact_id, std::get<1>(want[i]));
    EXPECT_EQ(f->top_customers[i].revenue, -std::get<0>(want[i]));
    EXPECT_EQ(f->top_customers[i].orders, std::get<2>(want[i]));
  }
  // Ties on revenue among the 40, broken by contactID.
  EXPECT_EQ(std::get<0>(want[0]), std::get<0>(want[1]));
}

INSTANTIATE_TEST_SUITE_P(Stores, OverviewViewStore,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store

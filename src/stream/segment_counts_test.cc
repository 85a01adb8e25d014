// segment_days and product_blocks on both stores: through random creates, status flips,
// edits of items, totals, instants and e-mails, and deletes over more than a year, applied
// by the processor in batches of random size,
// - the segment counts (Store::CountSegmentsView, answered from segment_days) equal
//   DeriveSegment over the customers aggregated from the orders as stored, for instants
//   on and beside the bounds of every contact's first and last order (days passing with
//   no order) and with other client settings' bounds falling back to the rows;
// - the products' sums of every range of days (ReadDayRollups' kProductRangeRollup, from
//   product_blocks and the edge days) equal a sum over the orders;
// and `verify` finds both tables exact, also after a rebuild.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "domain/segment_counts.h"
#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

using testing::CreateClient;
using testing::Differences;
using testing::Import;
using testing::NewOrder;
using testing::RandomOrders;
using testing::TempStore;

constexpr const char* kClient = "acme";
constexpr const char* kZone = "Australia/Sydney";
constexpr int kSpanDays = 420;
const std::vector<std::string> kCodes = {"A", "B", "C"};

class SegmentCountsTest : public ::testing::TestWithParam<testing::Engine> {
 protected:
  SegmentCountsTest() : rng_(GetParam() == testing::Engine::kSqlite ? 11 : 12) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::vector<Order> Orders(store::Store& st) {
    std::vector<Order> out;
    EXPECT_TRUE(st.ScanOrdersByContact(kClient, [&](Order&& o) {
                    out.push_back(std::move(o));
                    return true;
                  }).ok());
    return out;
  }

  // The counts at instants on, just before and just after each bound of every contact's
  // first and last order, and a few more, against DeriveSegment.
  void ExpectSegmentCountsExact(store::Store& st, const ClientSettings& settings, int round) {
    std::map<std::string, CustomerAggregate> customers;
    for (const Order& o : Orders(st)) {
      CustomerAggregate& c = customers[o.contact_id];
      c.contact_id = o.contact_id;
      AddOrder(c, o);
    }
    std::set<Millis> instants = {zone_.StartOfDay(first_day_) - kDayMs,
                                 zone_.StartOfDay(first_day_ + kSpanDays + 400)};
    for (const auto& [id, c] : customers) {
      if (!c.first_order) continue;
      for (Millis t : {*c.first_order + (settings.new_days + 1) * kDayMs,
                       *c.last_order + (settings.dormant_days + 1) * kDayMs}) {
        for (Millis d : {-1LL, 0LL, 1LL}) instants.insert(t + d);
      }
      instants.insert(*c.last_order);
    }
    int checked = 0;
    for (Millis t : instants) {
      if (Int(0, 3) != 0 && checked > 0) continue;  // a sample keeps the test quick
      ++checked;
      std::array<std::int64_t, 4> want{};
      for (const auto& [id, c] : customers) {
        auto seg = DeriveSegment(c, t, settings);
        if (seg) ++want[static_cast<std::size_t>(*seg)];
      }
      auto have = st.CountSegmentsView(kClient, SegmentBoundsAt(t, settings));
      ASSERT_TRUE(have.ok()) << have.status().ToString();
      // CountSegmentsView answers {VIP, Active, New, Dormant}, Segment's order.
      ASSERT_EQ(*have, want) << "round " << round << " at " << FormatRfc3339(t);
      // The statistics read counts them in its own snapshot (by Segment), the same.
      const SegmentBounds bounds = SegmentBoundsAt(t, settings);
      auto stats = st.StatisticsView(kClient, settings, std::nullopt, &bounds);
      ASSERT_TRUE(stats.ok()) << stats.status().ToString();
      for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(stats->segments[i], want[i]) << "segment " << i << " round " << round;
      }
      EXPECT_EQ(stats->customers, want[0] + want[1] + want[2] + want[3]);
    }
  }

  // The products' sums of every range of days within the span's first 70 days and of
  // long ranges, against the orders.
  void ExpectProductRangesExact(store::Store& st, int round) {
    std::map<std::pair<DayNumber, std::string>, DaySumsForTest> days;
    for (const Order& o : Orders(st)) {
      if (!Counts(o.status)) continue;
      const DayNumber day = zone_.LocalDay(o.created_at);
      std::set<std::string> codes;
      for (const OrderItem& i : o.items) {
        DaySumsForTest& d = days[{day, i.code}];
        d.units += i.quantity;
        d.revenue += i.line_total ? *i.line_total : i.quantity * i.unit_price;
        codes.insert(i.code);
      }
      for (const std::string& code : codes) ++days[{day, code}].orders;
    }
    std::vector<std::pair<DayNumber, DayNumber>> ranges;
    for (DayNumber a = first_day_ - 1; a <= first_day_ + 40; a += 3) {
      for (DayNumber b = a; b <= a + 40; b += Int(1, 5)) ranges.emplace_back(a, b);
    }
    ranges.emplace_back(first_day_, first_day_ + kSpanDays);
    ranges.emplace_back(first_day_ + 7, first_day_ + 7 + 364);
    for (const auto& [a, b] : ranges) {
      std::map<std::string, DaySumsForTest> want;
      for (const auto& [key, v] : days) {
        if (key.first < a || key.first > b) continue;
        DaySumsForTest& w = want[key.second];
        w.orders += v.orders;
        w.revenue += v.revenue;
        w.units += v.units;
      }
      auto r = st.ReadDayRollups(kClient, a, b, store::kProductRangeRollup);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      std::map<std::string, DaySumsForTest> have;
      for (const ProductDayRow& p : r->products) {
        EXPECT_EQ(p.day, a);
        have[p.code] = DaySumsForTest{p.orders, p.revenue, p.units};
      }
      ASSERT_EQ(have, want) << "round " << round << " days " << a << ".." << b;
    }
  }

  struct DaySumsForTest {
    std::int64_t orders = 0;
    Cents revenue = 0;
    std::int64_t units = 0;
    bool operator==(const DaySumsForTest&) const = default;
  };

  std::mt19937 rng_;
  TimeZone zone_ = *TimeZone::Find(kZone);
  DayNumber first_day_ = *ParseDate("2025-01-03");
  RandomOrders orders_{rng_, {kClient, zone_, first_day_, kSpanDays, kCodes, 2, 60, 12, 250000,
                              /*utc_midnights=*/true, /*edit_totals=*/true}};
};

TEST_P(SegmentCountsTest, ExactThroughRandomChangesAndDaysPassing) {
  TempStore tmp(GetParam());
  auto st = tmp.Open();
  CreateClient(*st, kClient, kZone);
  auto settings = st->GetClient(kClient);
  ASSERT_TRUE(settings.ok() && *settings);
  ProcessorOptions opts;
  for (int round = 0; round < 5; ++round) {
    for (int op = 0; op < 50; ++op) {
      ASSERT_NO_FATAL_FAILURE(orders_.Write(*st));
      if (Int(0, 4) == 0) {
        opts.batch_size = Int(1, 20);
        ASSERT_TRUE(Processor(*st, opts).ApplyBatch().ok());
      }
    }
    ASSERT_TRUE(Processor(*st).CatchUp().ok());
    ASSERT_NO_FATAL_FAILURE(ExpectSegmentCountsExact(*st, **settings, round));
    ASSERT_NO_FATAL_FAILURE(ExpectProductRangesExact(*st, round));
    EXPECT_EQ(Differences(*st, kClient), std::vector<std::string>{}) << "round " << round;
  }
  // Bounds the kept rows cannot answer (new days beyond dormant days) fall back to the
  // customer rows, still exact.
  ClientSettings odd = **settings;
  odd.new_days = odd.dormant_days + 20;
  ASSERT_NO_FATAL_FAILURE(ExpectSegmentCountsExact(*st, odd, -2));
  // A rebuild writes the same rows.
  ASSERT_TRUE(RebuildClient(*st, kClient, nullptr).ok());
  ASSERT_NO_FATAL_FAILURE(ExpectSegmentCountsExact(*st, **settings, -1));
  ASSERT_NO_FATAL_FAILURE(ExpectProductRangesExact(*st, -1));
  EXPECT_EQ(Differences(*st, kClient), std::vector<std::string>{});
}

// Rows changed behind the processor's back are differences `verify` names.
TEST_P(SegmentCountsTest, VerifyNamesDamagedRows) {
  TempStore tmp(GetParam());
  auto st = tmp.Open();
  CreateClient(*st, kClient, kZone);
  Order o = NewOrder(kClient, "R1", "a@shop.example", zone_.StartOfDay(first_day_) + 3600000,
                     500);
  OrderItem& item = o.items.emplace_back();
  item.code = "A";
  item.quantity = 1;
  item.unit_price = 500;
  ASSERT_TRUE(Import(*st, kClient, {o}).ok());
  ASSERT_TRUE(Processor(*st).CatchUp().ok());
  ASSERT_EQ(Differences(*st, kClient), std::vector<std::string>{});
  ASSERT_TRUE(st->WriteViews([&](store::WriteTx& tx) -> Status {
                  SegmentDayRows extra;
                  extra[{kLastVip, kSegmentAllDays}] = 1;
                  return tx.AddSegmentDays(kClient, extra);
                }).ok());
  auto diffs = Differences(*st, kClient);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("segment_days kind 1 all"), std::string::npos) << diffs[0];
}

INSTANTIATE_TEST_SUITE_P(Stores, SegmentCountsTest,
                         ::testing::Values(testing::Engine::kSqlite, testing::Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream

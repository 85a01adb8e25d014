// segment_counts.h: UTC days of instants either side of 1970, the rows a customer adds,
// and the four counts from the sums against DeriveSegment over a small population.
#include "domain/segment_counts.h"

#include <gtest/gtest.h>

namespace packprod {
namespace {

TEST(SegmentCounts, UtcDayFloorsOnBothSidesOfTheEpoch) {
  EXPECT_EQ(UtcDayOf(0), 0);
  EXPECT_EQ(UtcDayOf(kDayMs - 1), 0);
  EXPECT_EQ(UtcDayOf(kDayMs), 1);
  EXPECT_EQ(UtcDayOf(-1), -1);
  EXPECT_EQ(UtcDayOf(-kDayMs), -1);
  EXPECT_EQ(UtcDayOf(-kDayMs - 1), -2);
}

CustomerAggregate Customer(std::int64_t orders, Cents spend, Millis first, Millis last) {
  CustomerAggregate c;
  c.order_count = orders;
  c.total_spend = spend;
  c.first_order = first;
  c.last_order = last;
  return c;
}

TEST(SegmentCounts, RowsOfACustomer) {
  SegmentDayRows rows;
  AddSegmentDays(&rows, CustomerAggregate{}, 500000, 10, +1);  // no counted order: nothing
  EXPECT_TRUE(rows.empty());
  AddSegmentDays(&rows, Customer(2, 1000, 3 * kDayMs, 5 * kDayMs + 7), 500000, 10, +1);
  SegmentDayRows want = {{{kLastOther, 5}, 1},
                         {{kLastOther, kSegmentAllDays}, 1},
                         {{kFirstOther, 3}, 1},
                         {{kFirstOther, kSegmentAllDays}, 1}};
  EXPECT_EQ(rows, want);
  AddSegmentDays(&rows, Customer(10, 1000, 3 * kDayMs, 9 * kDayMs), 500000, 10, +1);  // VIP
  EXPECT_EQ((rows[{kLastVip, 9}]), 1);
  EXPECT_EQ((rows[{kLastVip, kSegmentAllDays}]), 1);
  EXPECT_EQ((rows[{kFirstOther, kSegmentAllDays}]), 1);  // VIPs have no first-order row
}

// The sums a store would read, computed here by brute force from the rows' definition.
TEST(SegmentCounts, CountsMatchDeriveSegment) {
  ClientSettings s;
  std::vector<CustomerAggregate> all;
  for (int i = 0; i < 400; ++i) {
    const Millis first = (i * 7919LL % 400) * kDayMs + (i * 104729LL % kDayMs);
    const Millis last = first + (i * 31LL % 300) * kDayMs + (i % 5) * 3600000;
    all.push_back(Customer(1 + i % 12, (i * 3571LL) % 700000, first, last));
  }
  for (Millis t = 0; t < 800 * kDayMs; t += kDayMs / 3 + 12345) {
    const SegmentBounds b = SegmentBoundsAt(t, s);
    SegmentDaySums sums;
    std::array<std::int64_t, 4> want{};
    for (const CustomerAggregate& c : all) {
      const bool vip = IsVipCustomer(c, s.vip_spend, s.vip_orders);
      ++sums.total[vip ? kLastVip : kLastOther];
      if (*c.last_order > b.dormant_last_max) ++sums.after[vip ? kLastVip : kLastOther];
      if (!vip) ++sums.total[kFirstOther];
      if (!vip && *c.first_order > b.new_first_min) ++sums.after[kFirstOther];
      ++want[static_cast<std::size_t>(*DeriveSegment(c, t, s))];
    }
    auto have = SegmentCountsOf(sums, b);
    ASSERT_TRUE(have.has_value());
    ASSERT_EQ(*have, want) << t;
  }
  s.new_days = s.dormant_days + 1;  // New outlasting Dormant: the rows cannot answer
  EXPECT_FALSE(SegmentCountsOf(SegmentDaySums{}, SegmentBoundsAt(0, s)).has_value());
}

}  // namespace
}  // namespace packprod

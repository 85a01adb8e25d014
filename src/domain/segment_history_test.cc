#include "domain/segment_history.h"

#include <random>

#include <gtest/gtest.h>

namespace packprod {
namespace {

TEST(SpendDaysTest, EncodingRoundTripsAndRejectsDamage) {
  SpendDays d;
  ASSERT_TRUE(d.Add(20010, 2, 1500).ok());
  ASSERT_TRUE(d.Add(-4, 1, 99).ok());
  EXPECT_EQ(d.Encode(), "-4:1:99;20010:2:1500");
  auto back = SpendDays::Decode(d.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, d);
  EXPECT_TRUE(SpendDays::Decode("").ok());
  EXPECT_FALSE(SpendDays::Decode("5:1:2;4:1:2").ok());
  EXPECT_FALSE(SpendDays::Decode("5:0:2").ok());
  EXPECT_FALSE(SpendDays::Decode("5:1").ok());
  EXPECT_FALSE(SpendDays::Decode("5:x:1").ok());
  ASSERT_TRUE(d.Add(20010, -2, -1500).ok());
  EXPECT_EQ(d.Encode(), "-4:1:99");
  EXPECT_FALSE(d.Add(7, -1, 0).ok());
}

TEST(SegmentMovesTest, TimeAloneMovesNewToActiveToDormant) {
  SegmentRules r;  // 180 / 5000.00 / 10 / 30
  SpendDays d;
  ASSERT_TRUE(d.Add(1000, 1, 2000).ok());
  ASSERT_TRUE(d.Add(1010, 1, 2000).ok());
  std::vector<SegmentMove> want{{1000, std::nullopt, Segment::kNew},
                                {1031, Segment::kNew, Segment::kActive},
                                {1191, Segment::kActive, Segment::kDormant}};
  EXPECT_EQ(SegmentMoves(d, r), want);
  // Crossing the spend bound makes a VIP that day; a later order wakes a dormant one.
  ASSERT_TRUE(d.Add(1020, 1, 496000).ok());  // 5000.00 in all
  ASSERT_TRUE(d.Add(1500, 1, 100).ok());
  want = {{1000, std::nullopt, Segment::kNew},
          {1020, Segment::kNew, Segment::kVip},
          {1201, Segment::kVip, Segment::kDormant},
          {1500, Segment::kDormant, Segment::kVip},
          {1681, Segment::kVip, Segment::kDormant}};
  EXPECT_EQ(SegmentMoves(d, r), want);
}

// Every move equals a change of DaySegment from one day to the next, and vice versa.
TEST(SegmentMovesTest, MatchesTheDayByDaySegments) {
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    SegmentRules r{std::uniform_int_distribution<Cents>(1, 20000)(rng),
                   std::uniform_int_distribution<std::int64_t>(1, 6)(rng),
                   std::uniform_int_distribution<std::int64_t>(0, 40)(rng),
                   std::uniform_int_distribution<std::int64_t>(0, 30)(rng)};
    SpendDays d;
    const int n = std::uniform_int_distribution<int>(0, 8)(rng);
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(d.Add(std::uniform_int_distribution<int>(0, 150)(rng), 1,
                        std::uniform_int_distribution<Cents>(0, 5000)(rng))
                      .ok());
    }
    std::vector<SegmentMove> want;
    std::optional<Segment> prev;
    for (DayNumber day = -1; day < 300; ++day) {
      auto seg = DaySegment(d, day, r);
      if (seg != prev) want.push_back({day, prev, *seg});
      prev = seg;
    }
    EXPECT_EQ(SegmentMoves(d, r), want) << d.Encode();
  }
}

TEST(CohortCellsTest, OneCustomerPerMonthAndItsSpend) {
  const DayNumber jan30 = DaysFromCivil(2025, 1, 30);
  SpendDays d;
  ASSERT_TRUE(d.Add(jan30, 1, 100).ok());
  ASSERT_TRUE(d.Add(jan30 + 1, 2, 300).ok());
  ASSERT_TRUE(d.Add(jan30 + 40, 1, 50).ok());  // 2025-03-11
  CohortCells cells;
  AddCohortCells(cells, d, +1);
  const MonthNumber jan = 2025 * 12;
  CohortCells want{{{jan, jan}, {1, 400}}, {{jan, jan + 2}, {1, 50}}};
  EXPECT_EQ(cells, want);
  EXPECT_EQ(FormatMonth(jan + 2), "2025-03");
  EXPECT_EQ(MonthStart(MonthOfDay(jan30)), DaysFromCivil(2025, 1, 1));
  EXPECT_EQ(FormatMonth(MonthOfDay(-1)), "1969-12");
  AddCohortCells(cells, d, -1);
  for (const auto& [key, c] : cells) EXPECT_EQ(c, CohortCell{});
}

}  // namespace
}  // namespace packprod

#include "domain/reorders.h"

#include <gtest/gtest.h>

namespace packprod {
namespace {

DayNumber D(const char* s) { return *ParseDate(s); }

TEST(MedianFloorTest, OddCountIsTheMiddleValue) {
  EXPECT_EQ(MedianFloor({30, 7, 14}), 14);
  EXPECT_EQ(MedianFloor({5}), 5);
}

TEST(MedianFloorTest, EvenCountIsTheMeanOfTheMiddleTwoRoundedDown) {
  EXPECT_EQ(MedianFloor({10, 20}), 15);
  EXPECT_EQ(MedianFloor({7, 100, 14, 1}), 10);  // (7 + 14) / 2 = 10.5 -> 10
  EXPECT_EQ(MedianFloor({0, 1}), 0);
}

TEST(CadenceTest, NoneBelowThreeOrders) {
  EXPECT_FALSE(CadenceOf({}).has_value());
  EXPECT_FALSE(CadenceOf({D("2026-01-01"), D("2026-02-01")}).has_value());
}

TEST(CadenceTest, MedianOfIntervalsBetweenConsecutiveOrdersInAnyInputOrder) {
  // Intervals 14, 21, 10 -> median 14; last order 2026-02-15.
  auto c = CadenceOf({D("2026-02-05"), D("2026-01-01"), D("2026-02-15"), D("2026-01-15")});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->order_count, 4);
  EXPECT_EQ(c->cadence_days, 14);
  EXPECT_EQ(c->last_day, D("2026-02-15"));
  EXPECT_EQ(c->expected_day, D("2026-03-01"));
}

TEST(CadenceTest, EvenNumberOfIntervalsAndSameDayOrders) {
  // Days 0, 0, 9, 20, 20: intervals 0, 9, 11, 0 -> sorted 0 0 9 11 -> (0 + 9) / 2 = 4.
  auto c = CadenceOf({D("2026-03-01"), D("2026-03-01"), D("2026-03-10"), D("2026-03-21"),
                      D("2026-03-21")});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->cadence_days, 4);
  EXPECT_EQ(c->expected_day, D("2026-03-25"));
}

ReorderCadence Cad(std::int64_t cadence, DayNumber expected) {
  ReorderCadence c;
  c.order_count = 3;
  c.cadence_days = cadence;
  c.expected_day = expected;
  c.last_day = static_cast<DayNumber>(expected - cadence);
  return c;
}

TEST(ReorderStatusTest, BoundariesWithTheDefaultSettings) {
  ReorderSettings s;  // window 7, tolerance max(3 days, 25 %), lapsed after 3 cadences
  const DayNumber e = D("2026-06-30");
  ReorderCadence c = Cad(20, e);  // tolerance max(3, 5) = 5 days
  EXPECT_EQ(ReorderStatusOf(c, e - 8, s), ReorderStatus::kOnTrack);
  EXPECT_EQ(ReorderStatusOf(c, e - 7, s), ReorderStatus::kDue);  // window inclusive
  EXPECT_EQ(ReorderStatusOf(c, e, s), ReorderStatus::kDue);
  EXPECT_EQ(ReorderStatusOf(c, e + 5, s), ReorderStatus::kDue);  // within the tolerance
  EXPECT_EQ(ReorderStatusOf(c, e + 6, s), ReorderStatus::kOverdue);
  EXPECT_EQ(ReorderStatusOf(c, e + 60, s), ReorderStatus::kOverdue);  // exactly 3 cadences
  EXPECT_EQ(ReorderStatusOf(c, e + 61, s), ReorderStatus::kLapsed);
}

TEST(ReorderStatusTest, ToleranceIsTheLargerOfDaysAndPercent) {
  ReorderSettings s;
  const DayNumber e = D("2026-06-30");
  ReorderCadence shortc = Cad(8, e);  // 25 % = 2 days < 3 days
  EXPECT_EQ(ReorderStatusOf(shortc, e + 3, s), ReorderStatus::kDue);
  EXPECT_EQ(ReorderStatusOf(shortc, e + 4, s), ReorderStatus::kOverdue);
  ReorderCadence longc = Cad(30, e);  // 25 % = 7.5 days: late 7 is not over, 8 is
  EXPECT_EQ(ReorderStatusOf(longc, e + 7, s), ReorderStatus::kDue);
  EXPECT_EQ(ReorderStatusOf(longc, e + 8, s), ReorderStatus::kOverdue);
}

TEST(ReorderStatusTest, ZeroCadenceLapsesOnceOverdue) {
  ReorderSettings s;
  const DayNumber e = D("2026-06-30");
  ReorderCadence c = Cad(0, e);
  EXPECT_EQ(ReorderStatusOf(c, e + 3, s), ReorderStatus::kDue);
  EXPECT_EQ(ReorderStatusOf(c, e + 4, s), ReorderStatus::kLapsed);
}

TEST(ReorderStatusTest, ClientSettingsApply) {
  ClientSettings cs;
  cs.reorder_window_days = 2;
  cs.reorder_tolerance_days = 10;
  cs.reorder_tolerance_pct = 0;
  ReorderSettings s = ReorderSettingsOf(cs);
  const DayNumber e = D("2026-06-30");
  ReorderCadence c = Cad(14, e);
  EXPECT_EQ(ReorderStatusOf(c, e - 3, s), ReorderStatus::kOnTrack);
  EXPECT_EQ(ReorderStatusOf(c, e - 2, s), ReorderStatus::kDue);
  EXPECT_EQ(ReorderStatusOf(c, e + 10, s), ReorderStatus::kDue);
  EXPECT_EQ(ReorderStatusOf(c, e + 11, s), ReorderStatus::kOverdue);
}

// The kept days agree with ReorderStatusOf on every day around the expected order, for
// cadences and settings on both sides of each rule's boundary.
TEST(ReorderDaysTest, StatusFromDaysEqualsStatusOf) {
  const DayNumber e = D("2026-06-30");
  for (std::int64_t window : {0, 1, 7, 30}) {
    for (std::int64_t tol_days : {0, 3, 10}) {
      for (std::int64_t tol_pct : {0, 25, 33, 100, 250}) {
        for (std::int64_t lapsed : {1, 3}) {
          ReorderSettings s{window, tol_days, tol_pct, lapsed};
          for (std::int64_t cadence : {0, 1, 2, 3, 7, 8, 13, 30, 91, 365}) {
            ReorderCadence c = Cad(cadence, e);
            ReorderDays d = ReorderDaysOf(c, s);
            ASSERT_LE(d.due_day, d.overdue_day);
            ASSERT_LE(d.overdue_day, d.lapse_day);
            for (DayNumber t = e - 400; t <= e + 1200; ++t) {
              ASSERT_EQ(ReorderStatusOn(d, t), ReorderStatusOf(c, t, s))
                  << "cadence " << cadence << " window " << window << " tol " << tol_days
                  << "/" << tol_pct << "% lapsed " << lapsed << " day " << t - e;
            }
          }
        }
      }
    }
  }
}

TEST(ReorderDaysTest, WorkedExample) {
  ReorderSettings s;  // 7 days, max(3 days, 25 %), 3 cadences
  const DayNumber e = D("2026-06-30");
  ReorderDays d = ReorderDaysOf(Cad(30, e), s);
  EXPECT_EQ(d.due_day, e - 7);
  EXPECT_EQ(d.overdue_day, e + 8);   // 25 % of 30 = 7.5: late 8 is over
  EXPECT_EQ(d.lapse_day, e + 91);    // late 91 > 90
}

TEST(ReorderStatusTest, NamesRoundTrip) {
  for (int i = 0; i < kReorderStatusCount; ++i) {
    auto s = static_cast<ReorderStatus>(i);
    EXPECT_EQ(ParseReorderStatus(ReorderStatusName(s)), s);
  }
  EXPECT_FALSE(ParseReorderStatus("Due").has_value());
  EXPECT_FALSE(ParseReorderStatus("").has_value());
}

}  // namespace
}  // namespace packprod

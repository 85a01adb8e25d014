#include "notify/rules.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace packprod::notify {
namespace {

Millis At(const char* s) { return *ParseRfc3339(s); }

TEST(BusinessHours, CountsOnlyOpenHoursOfOpenDaysInTheShopsZone) {
  auto tz = *TimeZone::Find("Australia/Sydney");  // UTC+11 in November
  BusinessHours bh;                                // Monday-Friday 9-17
  // Friday 2026-11-27 15:00 local to Monday 2026-11-30 11:00 local: 2 + 2 hours.
  EXPECT_DOUBLE_EQ(BusinessHoursBetween(At("2026-11-27T04:00:00Z"), At("2026-11-30T00:00:00Z"),
                                        tz, bh),
                   4.0);
  // Within one day, outside hours: nothing.
  EXPECT_DOUBLE_EQ(BusinessHoursBetween(At("2026-11-27T07:00:00Z"), At("2026-11-27T12:00:00Z"),
                                        tz, bh),
                   0.0);
  EXPECT_DOUBLE_EQ(BusinessHoursBetween(At("2026-11-30T00:00:00Z"), At("2026-11-27T04:00:00Z"),
                                        tz, bh),
                   0.0);
  bh.days.fill(true);
  bh.start = 0;
  bh.end = 24;
  EXPECT_DOUBLE_EQ(BusinessHoursBetween(At("2026-11-27T04:00:00Z"), At("2026-11-30T00:00:00Z"),
                                        tz, bh),
                   68.0);
}

TEST(Evaluate, ThresholdsOfEachKind) {
  auto tz = TimeZone::Utc();
  BusinessHours all;
  all.days.fill(true);
  all.start = 0;
  all.end = 24;
  Observations o;
  o.last_order = At("2026-11-30T00:00:00Z");
  o.email_failures = 3;
  o.stream_lag_s = 12.5;
  o.error_percent = 5.0;
  Millis now = At("2026-11-30T08:00:00Z");
  AlertRule quiet{"quiet", RuleKind::kNoOrders, 8, 0};
  EXPECT_TRUE(Evaluate(quiet, o, now, tz, all).breached);
  quiet.threshold = 8.5;
  Breach b = Evaluate(quiet, o, now, tz, all);
  EXPECT_FALSE(b.breached);
  EXPECT_DOUBLE_EQ(b.value, 8.0);
  EXPECT_FALSE(Evaluate(quiet, Observations{}, now, tz, all).breached);  // no order ever

  EXPECT_TRUE(Evaluate({"f", RuleKind::kEmailFailures, 3, 0}, o, now, tz, all).breached);
  EXPECT_FALSE(Evaluate({"f", RuleKind::kEmailFailures, 4, 0}, o, now, tz, all).breached);
  EXPECT_TRUE(Evaluate({"l", RuleKind::kStreamLag, 12, 5}, o, now, tz, all).breached);
  EXPECT_FALSE(Evaluate({"l", RuleKind::kStreamLag, 12.5, 5}, o, now, tz, all).breached);
  EXPECT_FALSE(Evaluate({"e", RuleKind::kErrorRate, 5, 5}, o, now, tz, all).breached);
  EXPECT_TRUE(Evaluate({"e", RuleKind::kErrorRate, 4.9, 5}, o, now, tz, all).breached);
  o.error_percent.reset();  // no requests: no rate
  EXPECT_FALSE(Evaluate({"e", RuleKind::kErrorRate, 0, 5}, o, now, tz, all).breached);
}

TEST(Step, FiresOnceAfterTheMinutesAndResolvesOnce) {
  AlertRule r{"lag", RuleKind::kStreamLag, 10, 2};
  RuleState s;
  Millis t = 1'000'000;
  EXPECT_EQ(Step(r, true, t, s), Transition::kNone);
  EXPECT_EQ(Step(r, true, t + 60'000, s), Transition::kNone);
  EXPECT_EQ(Step(r, true, t + 120'000, s), Transition::kFire);
  EXPECT_EQ(Step(r, true, t + 180'000, s), Transition::kNone);
  EXPECT_EQ(Step(r, false, t + 240'000, s), Transition::kResolve);
  EXPECT_EQ(Step(r, false, t + 300'000, s), Transition::kNone);
  // A breach that ends before the minutes pass never fires.
  EXPECT_EQ(Step(r, true, t + 360'000, s), Transition::kNone);
  EXPECT_EQ(Step(r, false, t + 400'000, s), Transition::kNone);
  EXPECT_EQ(Step(r, true, t + 420'000, s), Transition::kNone);
  EXPECT_EQ(Step(r, true, t + 500'000, s), Transition::kNone);
  // Zero minutes: at once.
  AlertRule now{"f", RuleKind::kEmailFailures, 1, 0};
  RuleState s2;
  EXPECT_EQ(Step(now, true, t, s2), Transition::kFire);
}

TEST(RequestTally, ErrorShareOverTheWindow) {
  RequestTally t;
  EXPECT_FALSE(t.ErrorPercent(60'000).has_value());
  t.Sample(0);
  for (int i = 0; i < 8; ++i) t.Record(200);
  t.Record(500);
  t.Record(503);
  t.Sample(30'000);
  EXPECT_DOUBLE_EQ(*t.ErrorPercent(60'000), 20.0);
  for (int i = 0; i < 10; ++i) t.Record(404);
  t.Sample(100'000);
  // The window's oldest sample is the one at 30 s: 10 requests since, no 5xx.
  EXPECT_DOUBLE_EQ(*t.ErrorPercent(80'000), 0.0);
  t.Sample(200'000);  // no request since the last sample
  EXPECT_FALSE(t.ErrorPercent(60'000).has_value());
}

}  // namespace
}  // namespace packprod::notify

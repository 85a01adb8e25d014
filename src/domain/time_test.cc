#include "domain/time.h"

#include <gtest/gtest.h>

namespace packprod {
namespace {

TEST(TimeTest, ParsesRfc3339WithZoneOrOffset) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2025-10-20T21:30:00+11:00"), ParseRfc3339("2025-10-20T10:30:00Z"));
  EXPECT_EQ(ParseRfc3339("2025-10-20T10:30:00.5Z"), *ParseRfc3339("2025-10-20T10:30:00Z") + 500);
  EXPECT_EQ(ParseRfc3339("2025-10-20T05:30:00-05:00"), ParseRfc3339("2025-10-20T10:30:00Z"));
  for (const char* bad : {"2025-05-01T10:00:00", "2025-05-01", "yesterday", "2025-02-30T00:00:00Z",
                          "2025-05-01T24:00:00Z", "2025-05-01T10:00:00+1100", "2025-05-01 10:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

// Regression: "9999-12-31T23:59:59-23:59" was accepted and came back as
// "10000-01-01T23:58:59Z", which is not RFC 3339. Accepted: the years 1970 to 9999 in UTC.
TEST(TimeTest, InstantsOutsideTheYears1970To9999InUtcAreRefused) {
  constexpr Millis kLast = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("9999-12-31T23:59:59.999Z"), kLast);
  EXPECT_EQ(FormatRfc3339(kLast), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(ParseRfc3339("1970-01-01T10:00:00+10:00"), 0);
  EXPECT_EQ(ParseRfc3339("9999-12-31T00:00:00-23:59"), kLast - 59'999);
  EXPECT_EQ(ParseRfc3339("9999-12-31T23:59:59+23:59"), kLast - 999 - (23 * 60 + 59) * 60'000);
  for (const char* out :
       {"9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-00:01", "1969-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00+00:01", "1970-01-01T09:59:59+10:00", "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(out).has_value()) << out;
  }
}

TEST(TimeTest, FormatsUtcWithMillisecondsOnlyWhenNonZero) {
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2025-10-20T10:30:00Z")), "2025-10-20T10:30:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2025-10-20T10:30:00.120Z")), "2025-10-20T10:30:00.120Z");
  EXPECT_EQ(FormatRfc3339(-1000), "1969-12-31T23:59:59Z");
}

TEST(TimeTest, SydneyLocalDaysFollowDaylightSaving) {
  TimeZone syd = *TimeZone::Find("Australia/Sydney");
  // 2024-10-06 00:00 AEST = 2024-10-05T14:00Z; 03:00 AEDT after the gap.
  DayNumber oct6 = *ParseDate("2024-10-06");
  EXPECT_EQ(syd.StartOfDay(oct6), *ParseRfc3339("2024-10-05T14:00:00Z"));
  EXPECT_EQ(syd.LocalDay(*ParseRfc3339("2024-10-06T12:59:59Z")), oct6);
  EXPECT_EQ(syd.LocalDay(*ParseRfc3339("2024-10-06T13:00:00Z")), oct6 + 1);
  EXPECT_EQ(syd.LocalWeekday(*ParseRfc3339("2024-10-06T13:00:00Z")), 0);  // Monday
  EXPECT_EQ(syd.LocalHour(*ParseRfc3339("2024-10-05T16:00:00Z")), 3);     // after the gap
  // A wall time inside the gap moves forward by the gap.
  EXPECT_EQ(syd.LocalToInstant(oct6, 2 * 3600 * 1000 + 30 * 60 * 1000),
            *ParseRfc3339("2024-10-05T16:30:00Z"));
  // An ambiguous wall time (clocks back on 2025-04-06) takes the earlier instant.
  EXPECT_EQ(syd.LocalToInstant(*ParseDate("2025-04-06"), 2 * 3600 * 1000 + 30 * 60 * 1000),
            *ParseRfc3339("2025-04-05T15:30:00Z"));
}

TEST(TimeTest, CivilHelpers) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseDate("2025-02-29").has_value());
  EXPECT_EQ(WeekdayOfDay(0), 3);  // Thursday
  EXPECT_FALSE(TimeZone::Find("Mars/Olympus").has_value());
}

}  // namespace
}  // namespace packprod

#include "domain/period.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace packprod {
namespace {

class PeriodTest : public ::testing::Test {
 protected:
  TimeZone tz_ = *TimeZone::Find("Australia/Sydney");

  static Millis Ts(const char* s) { return *ParseRfc3339(s); }

  Period Make(std::optional<std::string> from, std::optional<std::string> to, Millis as_of = 0) {
    auto p = MakePeriod(std::move(from), std::move(to), as_of, tz_);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Period{};
  }
};

TEST_F(PeriodTest, DateDaysAreWholeLocalDaysAcrossDst) {
  Period p = Make("2024-10-06", "2024-10-06");  // 23-hour day
  EXPECT_EQ(FormatRfc3339(p.from), "2024-10-05T14:00:00Z");
  EXPECT_EQ(FormatRfc3339(p.to), "2024-10-06T13:00:00Z");
  EXPECT_TRUE(p.dates);
  p = Make("2025-04-06", "2025-04-06");  // 25-hour day
  EXPECT_EQ(FormatRfc3339(p.from), "2025-04-05T13:00:00Z");
  EXPECT_EQ(FormatRfc3339(p.to), "2025-04-06T14:00:00Z");
  EXPECT_EQ(p.from_text, "2025-04-06");
}

TEST_F(PeriodTest, TimestampsAreHalfOpenAndEchoedAsGiven) {
  Period p = Make("2025-01-05T11:00:00+11:00", "2025-02-04T00:00:00Z");
  EXPECT_EQ(p.from, Ts("2025-01-05T00:00:00Z"));
  EXPECT_EQ(p.to, Ts("2025-02-04T00:00:00Z"));
  EXPECT_FALSE(p.dates);
  EXPECT_TRUE(p.Contains(p.from));
  EXPECT_FALSE(p.Contains(p.to));
  EXPECT_EQ(boost::json::serialize(PeriodJson(p)),
            R"({"from":"2025-01-05T11:00:00+11:00","to":"2025-02-04T00:00:00Z"})");
}

TEST_F(PeriodTest, MixedFormsAreAllowed) {
  Period p = Make("2025-01-01", "2025-01-10T00:00:00Z");
  EXPECT_EQ(p.from, Ts("2024-12-31T13:00:00Z"));
  EXPECT_EQ(p.to, Ts("2025-01-10T00:00:00Z"));
  EXPECT_FALSE(p.dates);
}

TEST_F(PeriodTest, DefaultIsThirtyLocalDaysEndingToday) {
  Period p = Make(std::nullopt, std::nullopt, Ts("2025-03-01T02:00:00Z"));
  EXPECT_EQ(p.from_text, "2025-01-31");
  EXPECT_EQ(p.to_text, "2025-03-01");
  EXPECT_TRUE(p.dates);
  EXPECT_EQ(p.from, Ts("2025-01-30T13:00:00Z"));
  EXPECT_EQ(p.to, Ts("2025-03-01T13:00:00Z"));
  // 13:30Z is already the next local day in Sydney.
  p = Make(std::nullopt, std::nullopt, Ts("2025-03-01T13:30:00Z"));
  EXPECT_EQ(p.to_text, "2025-03-02");
}

TEST_F(PeriodTest, WithoutDefaultBothMissingIsAllTime) {
  auto p = MakePeriod(std::nullopt, std::nullopt, 0, tz_, false);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->AllTime());
  EXPECT_EQ(boost::json::serialize(PeriodJson(*p)), R"({"from":null,"to":null})");
}

TEST_F(PeriodTest, OneMissingEndIsOpen) {
  Period p = Make("2025-01-01", std::nullopt);
  EXPECT_EQ(p.to, kPeriodMax);
  EXPECT_TRUE(p.Contains(Ts("9999-12-31T23:59:59Z")));
  EXPECT_FALSE(p.dates);
  p = Make(std::nullopt, "2025-01-01T00:00:00Z");
  EXPECT_EQ(p.from, kPeriodMin);
  EXPECT_TRUE(p.Contains(kPeriodMin));
}

TEST_F(PeriodTest, MalformedValuesNameTheParameter) {
  for (auto [from, to, name] : {std::tuple{"2025-02-30", "2025-03-01", "from"},
                                {"2025-01-01", "yesterday", "to"},
                                {"2025-10-20T10:30:00", "2025-10-21", "from"},
                                {"", "2025-10-21", "from"}}) {
    auto p = MakePeriod(from, to, 0, tz_);
    ASSERT_FALSE(p.ok()) << from << " " << to;
    EXPECT_EQ(p.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(p.status().message().rfind(name, 0), 0u) << p.status().message();
  }
}

TEST_F(PeriodTest, FromAfterToIsRejected) {
  EXPECT_FALSE(MakePeriod("2025-02-01", "2025-01-31", 0, tz_).ok());
  EXPECT_FALSE(MakePeriod("2025-02-01T00:00:01Z", "2025-02-01T00:00:00Z", 0, tz_).ok());
  EXPECT_TRUE(MakePeriod("2025-02-01T00:00:00Z", "2025-02-01T00:00:00Z", 0, tz_).ok());
}

TEST_F(PeriodTest, PreviousOfDatesIsSameNumberOfLocalDays) {
  Period q = PreviousPeriod(Make("2025-01-01", "2025-01-31"), tz_);
  EXPECT_EQ(q.from_text, "2024-12-01");
  EXPECT_EQ(q.to_text, "2024-12-31");
  EXPECT_EQ(q.from, Ts("2024-11-30T13:00:00Z"));
  EXPECT_EQ(q.to, Ts("2024-12-31T13:00:00Z"));
  // Across the October DST start: 7 local days, not 7 x 24 h.
  q = PreviousPeriod(Make("2024-10-07", "2024-10-13"), tz_);
  EXPECT_EQ(q.from_text, "2024-09-30");
  EXPECT_EQ(q.from, Ts("2024-09-29T14:00:00Z"));
  EXPECT_EQ(q.to, Ts("2024-10-06T13:00:00Z"));
}

TEST_F(PeriodTest, PreviousOfTimestampsIsSameDuration) {
  Period q = PreviousPeriod(Make("2025-01-05T00:00:00Z", "2025-02-04T00:00:00Z"), tz_);
  EXPECT_EQ(q.from_text, "2024-12-06T00:00:00Z");
  EXPECT_EQ(q.to_text, "2025-01-05T00:00:00Z");
  EXPECT_EQ(q.to - q.from, 30 * kDayMs);
}

TEST_F(PeriodTest, PreviousOfOpenPeriodsIsClamped) {
  Period q = PreviousPeriod(Make(std::nullopt, "2025-01-01T00:00:00Z"), tz_);
  EXPECT_EQ(q.from, kPeriodMin);
  EXPECT_EQ(q.to, kPeriodMin);
  q = PreviousPeriod(Make("2025-01-01T00:00:00Z", std::nullopt), tz_);
  EXPECT_EQ(q.from, kPeriodMin);
  EXPECT_EQ(q.to, Ts("2025-01-01T00:00:00Z"));
  EXPECT_TRUE(q.from_text.empty());
}

}  // namespace
}  // namespace packprod

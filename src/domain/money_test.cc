#include "domain/money.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace packprod {
namespace {

std::optional<Cents> Str(std::string_view s, MoneyRounding r = MoneyRounding::kReject) {
  std::string why;
  return ParseMoneyString(s, "AUD", r, &why);
}

std::optional<Cents> Json(std::string_view text) {
  std::string why;
  return ParseMoney(boost::json::parse(text), "AUD", MoneyRounding::kReject, &why);
}

TEST(MoneyTest, AcceptsEveryDocumentedStringForm) {
  EXPECT_EQ(Str("24.70"), 2470);
  EXPECT_EQ(Str("24.7"), 2470);
  EXPECT_EQ(Str("24"), 2400);
  EXPECT_EQ(Str("1,234.50"), 123450);
  EXPECT_EQ(Str("1,234,567"), 123456700);
  EXPECT_EQ(Str("$24.70"), 2470);
  EXPECT_EQ(Str("A$24.70"), 2470);
  EXPECT_EQ(Str("AUD 24.70"), 2470);
  EXPECT_EQ(Str("AUD24.70"), 2470);
  EXPECT_EQ(Str("0"), 0);
}

TEST(MoneyTest, RejectsEverythingElse) {
  for (const char* bad : {"", "abc", "24.705", "1e3", "24.70 AUD", "USD 5", "1,23.00", "12,34",
                          ",123", "1,2345", "24.", ".5", "-1.00", "ten dollars", "1 000"}) {
    EXPECT_FALSE(Str(bad).has_value()) << bad;
  }
}

// api.md: a money string with a leading or trailing space, three decimals or a sign is
// a validation failure, with a reason that says which.
TEST(MoneyTest, JsonStringsAreExact) {
  for (const char* bad : {R"(" 24.70")", R"("24.70 ")", R"("\t$24.70")", R"("24.705")",
                          R"("-0.00")", R"("+24.70")", R"("-24.70")", R"("$ 24.70")"}) {
    std::string why;
    EXPECT_FALSE(ParseMoney(boost::json::parse(bad), "AUD", MoneyRounding::kReject, &why)
                     .has_value())
        << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
  std::string why;
  ParseMoney(boost::json::parse(R"(" 1.00")"), "AUD", MoneyRounding::kReject, &why);
  EXPECT_EQ(why, "must not start or end with white space");
  ParseMoney(boost::json::parse(R"("-0.00")"), "AUD", MoneyRounding::kReject, &why);
  EXPECT_EQ(why, "must be >= 0 (no sign)");
  ParseMoney(boost::json::parse(R"("24.705")"), "AUD", MoneyRounding::kReject, &why);
  EXPECT_EQ(why, "at most two decimals");
  EXPECT_EQ(Json(R"("AUD 24.70")"), 2470);
}

TEST(MoneyTest, RoundsHalfAwayFromZeroWhenAsked) {
  EXPECT_EQ(Str("10.125", MoneyRounding::kHalfAway), 1013);
  EXPECT_EQ(Str("2.005", MoneyRounding::kHalfAway), 201);
  EXPECT_EQ(Str("2.0049", MoneyRounding::kHalfAway), 200);
}

TEST(MoneyTest, JsonNumbersUseTheirWrittenDecimals) {
  EXPECT_EQ(Json("24.7"), 2470);
  EXPECT_EQ(Json("24.70"), 2470);
  EXPECT_EQ(Json("1234"), 123400);
  EXPECT_EQ(Json("0.1"), 10);
  EXPECT_EQ(Json("9999999.99"), 999999999);
  EXPECT_FALSE(Json("24.705").has_value());
  EXPECT_FALSE(Json("-0.01").has_value());
  EXPECT_FALSE(Json("true").has_value());
  EXPECT_FALSE(Json("null").has_value());
  EXPECT_FALSE(Json("[1]").has_value());
}

TEST(MoneyTest, FormatsAndAverages) {
  EXPECT_EQ(FormatCents(123450), "1234.50");
  EXPECT_EQ(FormatCents(5), "0.05");
  EXPECT_EQ(FormatCents(-5), "-0.05");
  EXPECT_EQ(AverageCents(1000, 3), 333);
  EXPECT_EQ(AverageCents(1001, 2), 501);  // 500.5 rounds away from zero
  EXPECT_EQ(AverageCents(5, 0), 0);
  EXPECT_EQ(boost::json::serialize(CentsToJson(1200)), "12");
}

}  // namespace
}  // namespace packprod

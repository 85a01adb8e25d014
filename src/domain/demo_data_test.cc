#include "domain/demo_data.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "domain/order.h"
#include "domain/time.h"
#include "domain/validate.h"

namespace packprod {
namespace {

const DayNumber kEnd = DaysFromCivil(2025, 11, 25);

DemoOptions Options(std::int64_t orders, std::uint64_t seed = 1) {
  DemoOptions o;
  o.orders = orders;
  o.seed = seed;
  o.end_day = kEnd;
  return o;
}

std::vector<std::string> Generate(const DemoOptions& options) {
  DemoGenerator generator(options);
  std::vector<std::string> lines;
  std::string line;
  while (generator.Next(&line)) lines.push_back(line);
  EXPECT_TRUE(line.empty());
  return lines;
}

// The e-mail of a generated line, without parsing the JSON.
std::string EmailOf(const std::string& line) {
  std::size_t start = line.find("\"email\":\"") + 9;
  return line.substr(start, line.find('"', start) - start);
}

TEST(DemoDataTest, SameSeedGivesIdenticalBytes) {
  EXPECT_EQ(Generate(Options(2000, 7)), Generate(Options(2000, 7)));
}

TEST(DemoDataTest, DifferentSeedGivesDifferentOrders) {
  std::vector<std::string> a = Generate(Options(500, 1)), b = Generate(Options(500, 2));
  ASSERT_EQ(a.size(), b.size());
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  EXPECT_LT(same, 5);
}

TEST(DemoDataTest, EndDayShapesTheOutput) {
  DemoOptions other = Options(100);
  other.end_day = kEnd - 1;
  EXPECT_NE(Generate(Options(100)), Generate(other));
}

TEST(DemoDataTest, EveryOrderPassesImportValidationWithoutWarnings) {
  ClientSettings client;
  client.client_id = "demo";
  std::vector<std::string> lines = Generate(Options(3000, 3));
  ASSERT_EQ(lines.size(), 3000u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    boost::json::value v = boost::json::parse(lines[i]);
    std::vector<Detail> details;
    std::optional<ValidatedOrder> vo = ValidateOrder(v, client, "", &details);
    ASSERT_TRUE(vo.has_value()) << lines[i] << "\n"
                                << details[0].path << ": " << details[0].message;
    EXPECT_TRUE(vo->warnings.empty()) << lines[i] << "\n" << vo->warnings[0];
    const Order& o = vo->order;
    EXPECT_GE(o.items.size(), 1u);
    EXPECT_LE(o.items.size(), 6u);
    EXPECT_EQ(o.tax, (2 * o.total + 11) / 22) << "GST included: total / 11";
  }
}

TEST(DemoDataTest, OrdersComeInCreatedAtOrderWithSequentialReferences) {
  std::vector<std::string> lines = Generate(Options(5000, 5));
  Millis first = static_cast<Millis>(DaysFromCivil(2022, 11, 26)) * kDayMs;
  Millis end = static_cast<Millis>(kEnd + 1) * kDayMs;
  Millis previous = first;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    boost::json::object o = boost::json::parse(lines[i]).as_object();
    char ref[32];
    std::snprintf(ref, sizeof ref, "PP-%07zu", i + 1);
    EXPECT_EQ(o.at("orderReference").as_string(), ref);
    std::optional<Millis> t = ParseRfc3339(o.at("createdAt").as_string());
    ASSERT_TRUE(t.has_value());
    EXPECT_GE(*t, previous) << lines[i];
    EXPECT_LT(*t, end);
    previous = *t;
  }
}

TEST(DemoDataTest, YearsLimitThePeriod) {
  DemoOptions o = Options(1000);
  o.years = 1;
  std::vector<std::string> lines = Generate(o);
  Millis first = static_cast<Millis>(DaysFromCivil(2024, 11, 26)) * kDayMs;
  std::optional<Millis> t =
      ParseRfc3339(boost::json::parse(lines.front()).at("createdAt").as_string());
  ASSERT_TRUE(t.has_value());
  EXPECT_GE(*t, first);
  EXPECT_LT(*t, first + 60 * kDayMs) << "orders spread over the whole year";
}

TEST(DemoDataTest, AllNineStatusesAppearEvenInSmallShops) {
  std::set<std::string> statuses;
  for (const std::string& line : Generate(Options(200, 7))) {
    statuses.insert(std::string(boost::json::parse(line).at("status").as_string()));
  }
  EXPECT_EQ(statuses.size(), 9u);
}

TEST(DemoDataTest, CustomersAreSkewedLikeRealShops) {
  DemoGenerator generator(Options(100'000, 11));
  EXPECT_EQ(generator.customer_count(), 10'000);
  std::unordered_map<std::string, int> orders_by_email;
  std::string line;
  while (generator.Next(&line)) ++orders_by_email[EmailOf(line)];
  ASSERT_EQ(orders_by_email.size(), 10'000u) << "one e-mail per customer";
  int once = 0, most = 0;
  for (const auto& [email, n] : orders_by_email) {
    once += n == 1;
    most = std::max(most, n);
    EXPECT_EQ(email.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << email;
    EXPECT_TRUE(std::all_of(email.begin(), email.end(), [](char c) { return c > 0 && c < 127; }));
  }
  EXPECT_GT(once, 4'000) << "share of one-order customers";
  EXPECT_GT(most, 50) << "a few customers order hundreds of times";
  EXPECT_LT(most, 5'000);
}

TEST(DemoDataTest, ProductsOptionBoundsTheCatalogue) {
  DemoOptions o = Options(2000);
  o.products = 3;
  std::set<std::string> codes;
  for (const std::string& line : Generate(o)) {
    boost::json::value order = boost::json::parse(line);
    for (const auto& item : order.at("items").as_array()) {
      codes.insert(std::string(item.at("code").as_string()));
    }
  }
  EXPECT_LE(codes.size(), 3u);
  EXPECT_GE(codes.size(), 2u);
}

TEST(DemoDataTest, LargeCataloguesKeepCodesUniquePerProduct) {
  DemoOptions o = Options(20'000);
  o.products = 1500;  // more than the families' variants: later series get a suffix
  std::unordered_map<std::string, std::string> name_of_code;
  for (const std::string& line : Generate(o)) {
    boost::json::value order = boost::json::parse(line);
    for (const auto& item : order.at("items").as_array()) {
      std::string code(item.at("code").as_string()), name(item.at("name").as_string());
      auto [it, inserted] = name_of_code.emplace(code, name);
      EXPECT_EQ(it->second, name) << code;
      EXPECT_LE(code.size(), 64u);
    }
  }
  EXPECT_GT(name_of_code.size(), 600u);
}

TEST(DemoDataTest, CustomersBeyondOrdersAndZeroOrders) {
  DemoOptions o = Options(50);
  o.customers = 500;
  DemoGenerator many(o);
  EXPECT_EQ(many.customer_count(), 50);
  DemoGenerator none(Options(0));
  std::string line = "x";
  EXPECT_FALSE(none.Next(&line));
  EXPECT_TRUE(line.empty());
  EXPECT_EQ(none.customer_count(), 0);
}

TEST(DemoDataTest, ValidateRejectsOutOfRangeOptions) {
  EXPECT_TRUE(ValidateDemoOptions(Options(1000)).ok());
  auto invalid = [](auto change) {
    DemoOptions o = Options(1000);
    change(o);
    return ValidateDemoOptions(o).code() == Status::Code::kInvalidArgument;
  };
  EXPECT_TRUE(invalid([](DemoOptions& o) { o.orders = -1; }));
  EXPECT_TRUE(invalid([](DemoOptions& o) { o.customers = -1; }));
  EXPECT_TRUE(invalid([](DemoOptions& o) { o.products = 0; }));
  EXPECT_TRUE(invalid([](DemoOptions& o) { o.years = 0; }));
  EXPECT_TRUE(invalid([](DemoOptions& o) { o.end_day = DaysFromCivil(1800, 1, 1); }));
  EXPECT_TRUE(invalid([](DemoOptions& o) {
    o.end_day = DaysFromCivil(1972, 6, 1);
    o.years = 3;
  }));
}

}  // namespace
}  // namespace packprod

#include "domain/product_cohorts.h"

#include <gtest/gtest.h>

namespace packprod {
namespace {

Order MakeOrder(std::string ref, Millis at, std::vector<std::string> codes,
                OrderStatus status = OrderStatus::kCompleted) {
  Order o;
  o.reference = std::move(ref);
  o.created_at = at;
  o.status = status;
  for (auto& c : codes) o.items.push_back(OrderItem{std::move(c), std::nullopt, 1, 100, {}});
  return o;
}

TEST(ProductCohortsTest, FirstOrderIsTheLeastCreatedAtThenReference) {
  const TimeZone sydney = *TimeZone::Find("Australia/Sydney");
  // 2024-01-31T14:00Z is already 1 February in Sydney.
  const Millis feb1 = 1706709600000;
  std::optional<FirstOrder> first;
  OfferFirstOrder(&first, MakeOrder("B-2", feb1, {"TAPE", "BOX", "TAPE"}), sydney);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->codes, (std::vector<std::string>{"BOX", "TAPE"}));
  EXPECT_EQ(FormatMonth(first->month), "2024-02");
  // Same createdAt: the smaller reference is the first; a later one changes nothing.
  OfferFirstOrder(&first, MakeOrder("B-1", feb1, {"WRAP"}), sydney);
  OfferFirstOrder(&first, MakeOrder("A-9", feb1 + 1, {"LABEL"}), sydney);
  EXPECT_EQ(first->reference, "B-1");
  EXPECT_EQ(first->codes, std::vector<std::string>{"WRAP"});
  // An earlier cancelled order does not count.
  OfferFirstOrder(&first, MakeOrder("A-0", feb1 - 1, {"LABEL"}, OrderStatus::kCancelled), sydney);
  EXPECT_EQ(first->reference, "B-1");
  EXPECT_TRUE(OrderBefore(5, "B", 6, "A"));
  EXPECT_TRUE(OrderBefore(5, "A", 5, "B"));
  EXPECT_FALSE(OrderBefore(5, "B", 5, "B"));
}

TEST(ProductCohortsTest, CodesRoundTripAndRejectDamage) {
  std::vector<std::string> codes{"BOX \"L\"", "", "ÄRM,1"};
  auto back = DecodeCodes(EncodeCodes(codes));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, codes);
  EXPECT_EQ(EncodeCodes({}), "[]");
  EXPECT_FALSE(DecodeCodes("[1]").ok());
  EXPECT_FALSE(DecodeCodes("{").ok());
}

TEST(ProductCohortsTest, ContributionCountsEveryMonthForEachFirstCode) {
  const MonthNumber jan = 2024 * 12;
  SpendDays days;
  ASSERT_TRUE(days.Add(DaysFromCivil(2024, 1, 3), 1, 1000).ok());
  ASSERT_TRUE(days.Add(DaysFromCivil(2024, 1, 20), 2, 500).ok());
  ASSERT_TRUE(days.Add(DaysFromCivil(2024, 3, 1), 1, 250).ok());
  FirstOrder first{0, "R1", jan, {"BOX", "TAPE"}};
  ProductCohortCells cells;
  AddProductCohortCells(cells, &first, days, +1);
  ProductCohortCells want{{{"BOX", jan, jan}, {1, 1500}},
                          {{"BOX", jan, jan + 2}, {1, 250}},
                          {{"TAPE", jan, jan}, {1, 1500}},
                          {{"TAPE", jan, jan + 2}, {1, 250}}};
  EXPECT_EQ(cells, want);
  AddProductCohortCells(cells, &first, days, -1);
  for (const auto& [k, c] : cells) EXPECT_EQ(c, CohortCell{}) << std::get<0>(k);
  ProductCohortCells none;
  AddProductCohortCells(none, nullptr, days, +1);
  AddProductCohortCells(none, &first, SpendDays{}, +1);
  EXPECT_TRUE(none.empty());
}

TEST(ProductCohortsTest, ReportSumsCohortMonthsByOffsetSortedAndCapped) {
  const MonthNumber jan = 2024 * 12;
  ProductCohortCells cells{
      // BOX: 2 customers first in January (one back in March), 1 first in February.
      {{"BOX", jan, jan}, {2, 3000}},
      {{"BOX", jan, jan + 2}, {1, 700}},
      {{"BOX", jan + 1, jan + 1}, {1, 400}},
      {{"BOX", jan + 1, jan + 2}, {1, 50}},
      // TAPE: 3 customers first in March; a cell after `now` is left out.
      {{"TAPE", jan + 2, jan + 2}, {3, 900}},
      {{"TAPE", jan + 2, jan + 9}, {1, 10}},
      // WRAP: also 3, from before `from`, and in range.
      {{"WRAP", jan - 1, jan - 1}, {5, 1}},
      {{"WRAP", jan + 1, jan + 1}, {3, 300}},
      // A cell emptied to zero is no cohort.
      {{"ZERO", jan, jan}, {0, 0}},
  };
  auto got = ProductCohortsOf(cells, jan, jan + 2, jan + 3, 20);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].code, "BOX");
  EXPECT_EQ(got[0].customers, 3);
  EXPECT_EQ(got[0].revenue, 4150);
  std::vector<CohortCell> box{{3, 3400}, {1, 50}, {1, 700}, {0, 0}};
  EXPECT_EQ(got[0].offsets, box);
  // Ties on size by code: TAPE before WRAP.
  EXPECT_EQ(got[1].code, "TAPE");
  EXPECT_EQ(got[1].offsets, (std::vector<CohortCell>{{3, 900}, {0, 0}}));
  EXPECT_EQ(got[1].revenue, 900);
  EXPECT_EQ(got[2].code, "WRAP");
  EXPECT_EQ(got[2].customers, 3);
  EXPECT_EQ(got[2].offsets.size(), 3u);
  auto capped = ProductCohortsOf(cells, jan, jan + 2, jan + 3, 1);
  ASSERT_EQ(capped.size(), 1u);
  EXPECT_EQ(capped[0].code, "BOX");
  EXPECT_TRUE(ProductCohortsOf(cells, jan + 5, jan + 6, jan + 9, 20).empty());
}

}  // namespace
}  // namespace packprod

#include "domain/quantity_multiset.h"

#include <limits>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "domain/reorders.h"

namespace packprod {
namespace {

TEST(QuantityMultisetTest, EncodingIsPinned) {
  // Views written by one version are read by the next: the bytes must not change.
  QuantityMultiset s;
  ASSERT_TRUE(s.Add(20000, 1).ok());
  ASSERT_TRUE(s.Add(20007, 2).ok());
  ASSERT_TRUE(s.Add(3, 1).ok());
  // DayMultiset's scheme: 3 zigzag 6; +19997 (39994 = 0xBA 0xB8 0x02) count 1; +7 (14) 2.
  EXPECT_EQ(s.Encode(), std::string("\x06\x01\xba\xb8\x02\x01\x0e\x02", 8));
  EXPECT_EQ(QuantityMultiset().Encode(), "");
}

TEST(QuantityMultisetTest, ExtremeValuesRoundTripAndNegativeOnesAreRefused) {
  QuantityMultiset s;
  ASSERT_TRUE(s.Add(0, 1).ok());
  ASSERT_TRUE(s.Add(std::numeric_limits<std::int64_t>::max(), 3).ok());
  auto back = QuantityMultiset::Decode(s.Encode());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(s.Add(-1, 1).ok());
  EXPECT_FALSE(QuantityMultiset::Decode(std::string("\x01\x01", 2)).ok());  // -1
}

TEST(QuantityMultisetTest, RandomSetsRoundTripAndTheMedianMatchesMedianFloor) {
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    QuantityMultiset s;
    std::map<std::int64_t, std::int64_t> want;
    std::uniform_int_distribution<std::int64_t> value(1, 5 + round * 50);
    const int n = 1 + round % 17;
    for (int i = 0; i < n; ++i) {
      const std::int64_t v = value(rng);
      ASSERT_TRUE(s.Add(v, 1 + i % 2).ok());
      want[v] += 1 + i % 2;
    }
    auto back = QuantityMultiset::Decode(s.Encode());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, s);
    std::vector<std::int64_t> expanded;
    for (const auto& [v, c] : want) expanded.insert(expanded.end(), c, v);
    EXPECT_EQ(s.total(), static_cast<std::int64_t>(expanded.size()));
    EXPECT_EQ(s.MedianFloor(), MedianFloor(expanded));
  }
}

TEST(QuantityMultisetTest, MedianOfAnEvenCountIsTheFlooredMeanOfTheMiddleTwo) {
  QuantityMultiset s;
  EXPECT_EQ(s.MedianFloor(), 0);
  ASSERT_TRUE(s.Add(10, 1).ok());
  ASSERT_TRUE(s.Add(25, 1).ok());
  EXPECT_EQ(s.MedianFloor(), 17);
  ASSERT_TRUE(s.Add(100, 1).ok());
  EXPECT_EQ(s.MedianFloor(), 25);
}

TEST(QuantityMultisetTest, RemovingBelowZeroIsRefusedAndLeavesTheSet) {
  QuantityMultiset s;
  ASSERT_TRUE(s.Add(4, 2).ok());
  ASSERT_TRUE(s.Add(4, -1).ok());
  const QuantityMultiset before = s;
  EXPECT_FALSE(s.Add(4, -2).ok());
  EXPECT_FALSE(s.Add(5, -1).ok());
  EXPECT_EQ(s, before);
  ASSERT_TRUE(s.Add(4, -1).ok());
  EXPECT_TRUE(s.empty());
}

TEST(QuantityMultisetTest, DamagedEncodingsAreInternal) {
  EXPECT_FALSE(QuantityMultiset::Decode(std::string("\x05", 1)).ok());          // no count
  EXPECT_FALSE(QuantityMultiset::Decode(std::string("\x05\x00", 2)).ok());      // count 0
  EXPECT_FALSE(QuantityMultiset::Decode(std::string("\x04\x01\x00\x01", 4)).ok());  // not ascending
  EXPECT_FALSE(QuantityMultiset::Decode(std::string("\x80", 1)).ok());          // truncated
}

}  // namespace
}  // namespace packprod

#include "domain/day_multiset.h"

#include <limits>
#include <map>
#include <random>

#include <gtest/gtest.h>

namespace packprod {
namespace {

TEST(DayMultisetTest, EncodingIsPinned) {
  // Views written by one version are read by the next: the bytes must not change.
  DayMultiset s;
  ASSERT_TRUE(s.Add(20000, 1).ok());
  ASSERT_TRUE(s.Add(20007, 2).ok());
  ASSERT_TRUE(s.Add(-3, 1).ok());
  // -3: zigzag 5; then +20003 (zigzag 40006 = 0xC6 0xB8 0x02), count 1; then +7 (14), 2.
  EXPECT_EQ(s.Encode(), std::string("\x05\x01\xc6\xb8\x02\x01\x0e\x02", 8));
  EXPECT_EQ(DayMultiset().Encode(), "");
}

TEST(DayMultisetTest, RandomSetsRoundTripAndMatchAPlainMap) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    DayMultiset s;
    std::map<DayNumber, std::int64_t> want;
    std::uniform_int_distribution<int> day(-400, 3000 + round * 1000);
    for (int i = 0; i < 60; ++i) {
      const DayNumber d = day(rng);
      ASSERT_TRUE(s.Add(d, 1 + i % 3).ok());
      want[d] += 1 + i % 3;
    }
    auto back = DayMultiset::Decode(s.Encode());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, s);
    std::vector<DayMultiset::Entry> entries(want.begin(), want.end());
    EXPECT_EQ(s.entries(), entries);
    std::int64_t total = 0;
    for (const auto& [d, n] : want) total += n;
    EXPECT_EQ(s.total(), total);
    EXPECT_EQ(static_cast<std::int64_t>(s.Expanded().size()), total);
  }
}

TEST(DayMultisetTest, RemovingToZeroDropsTheDayAndBelowZeroIsRefused) {
  DayMultiset s;
  ASSERT_TRUE(s.Add(10, 2).ok());
  ASSERT_TRUE(s.Add(12, 1).ok());
  ASSERT_TRUE(s.Add(10, -1).ok());
  EXPECT_EQ(s.Expanded(), (std::vector<DayNumber>{10, 12}));
  ASSERT_TRUE(s.Add(10, -1).ok());
  EXPECT_EQ(s.Expanded(), (std::vector<DayNumber>{12}));
  const DayMultiset before = s;
  EXPECT_FALSE(s.Add(12, -2).ok());
  EXPECT_FALSE(s.Add(11, -1).ok());
  EXPECT_EQ(s, before);
  ASSERT_TRUE(s.Add(12, -1).ok());
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.Encode(), "");
}

TEST(DayMultisetTest, NeighboursOfADay) {
  DayMultiset s;
  for (DayNumber d : {5, 9, 9, 20}) ASSERT_TRUE(s.Add(d, 1).ok());
  EXPECT_EQ(s.Before(5), std::nullopt);
  EXPECT_EQ(s.Before(9), 5);
  EXPECT_EQ(s.Before(10), 9);
  EXPECT_EQ(s.After(9), 20);
  EXPECT_EQ(s.After(4), 5);
  EXPECT_EQ(s.After(20), std::nullopt);
}

TEST(DayMultisetTest, DamagedEncodingsAreRefused) {
  const std::string bad[] = {
      std::string("\x05", 1),                  // day without count
      std::string("\x05\x80", 2),              // count's varint cut short
      std::string("\x05\x00", 2),              // count 0
      std::string("\x05\x01\x00\x01", 4),      // same day twice (delta 0)
      std::string("\x05\x01\x03\x01", 4),      // going back (delta -2)
      std::string(11, '\xff'),                 // varint longer than 64 bits
      std::string("\xfe\xff\xff\xff\x1f\x01", 6),  // day beyond DayNumber
  };
  for (const std::string& b : bad) {
    auto r = DayMultiset::Decode(b);
    EXPECT_FALSE(r.ok()) << testing::PrintToString(b);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kInternal);
    }
    // Counting reads every entry when the bound lies past them all.
    auto n = DayMultiset::CountBefore(b, std::numeric_limits<DayNumber>::max());
    EXPECT_FALSE(n.ok()) << testing::PrintToString(b);
    if (!n.ok()) {
      EXPECT_EQ(n.status().code(), Status::Code::kInternal);
    }
  }
}

TEST(DayMultisetTest, CountBeforeMatchesTheDecodedSet) {
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    DayMultiset s;
    std::uniform_int_distribution<int> day(-50, 400);
    const int size = round % 40;
    for (int i = 0; i < size; ++i) ASSERT_TRUE(s.Add(day(rng), 1 + i % 4).ok());
    const std::string bytes = s.Encode();
    for (DayNumber bound = -60; bound <= 410; bound += 7) {
      std::int64_t want = 0;
      for (const auto& [d, count] : s.entries()) {
        if (d < bound) want += count;
      }
      auto got = DayMultiset::CountBefore(bytes, bound);
      ASSERT_TRUE(got.ok()) << got.status().message();
      EXPECT_EQ(*got, want) << "round " << round << " bound " << bound;
    }
  }
  // The entries past the bound are not read: a damaged tail after it goes unseen, one
  // before it is refused.
  const std::string tail_cut("\x05\x01\x0e", 3);  // day -3 (1 order), then a day cut short
  auto before = DayMultiset::CountBefore(tail_cut, -3);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before, 0);
  EXPECT_FALSE(DayMultiset::CountBefore(tail_cut, 100).ok());
}

}  // namespace
}  // namespace packprod

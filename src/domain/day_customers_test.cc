#include "domain/day_customers.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace packprod {
namespace {

using Days = std::map<std::string, std::vector<DayNumber>>;

std::int64_t BruteDistinct(const Days& days, DayNumber from, DayNumber to) {
  std::int64_t n = 0;
  for (const auto& [c, ds] : days) {
    for (DayNumber d : ds) {
      if (from <= d && d <= to) {
        ++n;
        break;
      }
    }
  }
  return n;
}

std::int64_t BruteFirsts(const Days& days, DayNumber from, DayNumber to) {
  std::int64_t n = 0;
  for (const auto& [c, ds] : days) {
    if (ds.empty()) continue;
    DayNumber first = *std::min_element(ds.begin(), ds.end());
    if (from <= first && first <= to) ++n;
  }
  return n;
}

TEST(DayCustomers, OneContactRows) {
  Days days{{"a", {10, 12, 12, 15}}};
  std::vector<DayCustomers> rows = DayCustomersOf(days);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].day, 10);
  EXPECT_EQ(rows[0].firsts, 1);
  EXPECT_TRUE(rows[0].previous.empty());
  EXPECT_EQ(rows[1].day, 12);
  EXPECT_EQ(rows[1].firsts, 0);
  EXPECT_EQ(rows[1].previous.entries(), (std::vector<DayMultiset::Entry>{{10, 1}}));
  EXPECT_EQ(rows[2].previous.entries(), (std::vector<DayMultiset::Entry>{{12, 1}}));
  EXPECT_EQ(DistinctCustomers(rows, 11, 20), 1);
  EXPECT_EQ(DistinctCustomers(rows, 13, 14), 0);
  EXPECT_EQ(DistinctCustomers(rows, 10, 15), 1);
  EXPECT_EQ(FirstCustomers(rows, 11, 20), 0);
  EXPECT_EQ(rows[1].FirstSince(11), 1);
  EXPECT_EQ(rows[1].FirstSince(10), 0);
}

TEST(DayCustomers, EveryRangeMatchesBruteForce) {
  std::mt19937 rng(7);
  Days days;
  for (int c = 0; c < 40; ++c) {
    auto& ds = days["c" + std::to_string(c)];
    const int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) ds.push_back(static_cast<DayNumber>(rng() % 30));
  }
  std::vector<DayCustomers> rows = DayCustomersOf(days);
  for (DayNumber a = 0; a < 30; ++a) {
    for (DayNumber b = a; b < 30; ++b) {
      ASSERT_EQ(DistinctCustomers(rows, a, b), BruteDistinct(days, a, b)) << a << ".." << b;
      ASSERT_EQ(FirstCustomers(rows, a, b), BruteFirsts(days, a, b)) << a << ".." << b;
    }
  }
}

// Rows kept by deltas through random additions and removals equal the recomputation.
TEST(DayCustomers, DeltasKeepRowsExact) {
  std::mt19937 rng(11);
  std::map<std::string, DayMultiset> sets;
  std::map<DayNumber, DayCustomers> kept;
  for (int step = 0; step < 400; ++step) {
    const std::string c = "c" + std::to_string(rng() % 12);
    DayMultiset before = sets[c];
    DayMultiset& after = sets[c];
    const int changes = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < changes; ++i) {
      const auto day = static_cast<DayNumber>(rng() % 20);
      if (rng() % 3 == 0 && !after.empty()) {
        const auto& e = after.entries()[rng() % after.entries().size()];
        ASSERT_TRUE(after.Add(e.first, -1).ok());
      } else {
        ASSERT_TRUE(after.Add(day, 1).ok());
      }
    }
    DayCustomersDeltas deltas;
    DayCustomersChange(before, after, &deltas);
    for (const auto& [day, d] : deltas) {
      DayCustomers& row = kept[day];
      row.day = day;
      ASSERT_TRUE(ApplyDayCustomersDelta(d, &row).ok());
      if (row.customers() == 0) kept.erase(day);
    }
    Days all;
    for (const auto& [id, s] : sets) all[id] = s.Expanded();
    std::vector<DayCustomers> want = DayCustomersOf(all);
    std::vector<DayCustomers> have;
    for (const auto& [day, row] : kept) have.push_back(row);
    ASSERT_EQ(have, want) << "step " << step;
  }
}

// Keyed rows (per product): each key's rows count its own contacts in every range, and
// deltas accumulated per key through random additions and removals of (contact, key)
// order days keep them equal to the recomputation.
TEST(DayCustomers, KeyedRowsEveryRangeAndDeltas) {
  std::mt19937 rng(13);
  const std::vector<std::string> keys = {"A", "B", "C"};
  std::map<std::pair<std::string, std::string>, DayMultiset> sets;  // (key, contact)
  std::map<std::string, std::map<DayNumber, DayCustomers>> kept;
  for (int step = 0; step < 300; ++step) {
    // One batch: several pairs change, their deltas accumulate into one keyed map.
    std::map<std::pair<std::string, std::string>, DayMultiset> before;
    for (int n = 1 + static_cast<int>(rng() % 4); n > 0; --n) {
      const std::pair<std::string, std::string> pair{keys[rng() % keys.size()],
                                                     "c" + std::to_string(rng() % 8)};
      before.emplace(pair, sets[pair]);
      DayMultiset& after = sets[pair];
      if (rng() % 3 == 0 && !after.empty()) {
        const auto& e = after.entries()[rng() % after.entries().size()];
        ASSERT_TRUE(after.Add(e.first, -1).ok());
      } else {
        ASSERT_TRUE(after.Add(static_cast<DayNumber>(rng() % 15), 1).ok());
      }
    }
    KeyedDayCustomersDeltas deltas;
    for (const auto& [pair, b] : before) DayCustomersChange(b, sets[pair], &deltas[pair.first]);
    for (const auto& [key, days] : deltas) {
      for (const auto& [day, d] : days) {
        DayCustomers& row = kept[key][day];
        row.day = day;
        ASSERT_TRUE(ApplyDayCustomersDelta(d, &row).ok());
        if (row.customers() == 0) kept[key].erase(day);
      }
    }
    std::map<std::string, Days> all;
    for (const auto& [pair, s] : sets) {
      if (!s.empty()) all[pair.first][pair.second] = s.Expanded();
    }
    KeyedDayCustomers want = DayCustomersByKey(all);
    KeyedDayCustomers have;
    for (const auto& [key, rows] : kept) {
      for (const auto& [day, row] : rows) have[key].push_back(row);
    }
    ASSERT_EQ(have, want) << "step " << step;
    if (step % 50 != 49) continue;
    for (const auto& [key, days] : all) {
      for (DayNumber a = 0; a < 15; ++a) {
        for (DayNumber b = a; b < 15; ++b) {
          ASSERT_EQ(DistinctCustomers(want[key], a, b), BruteDistinct(days, a, b))
              << key << " " << a << ".." << b;
        }
      }
    }
  }
}

TEST(DayCustomers, NegativeCountIsAnError) {
  DayCustomers row;
  row.day = 5;
  DayCustomersDelta d;
  d.firsts = -1;
  EXPECT_FALSE(ApplyDayCustomersDelta(d, &row).ok());
  DayCustomers row2;
  DayCustomersDelta d2;
  d2.previous[3] = -1;
  EXPECT_FALSE(ApplyDayCustomersDelta(d2, &row2).ok());
}

}  // namespace
}  // namespace packprod

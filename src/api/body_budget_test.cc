#include "api/body_budget.h"

#include <gtest/gtest.h>

#include <vector>

namespace packprod::api {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST(BodyBudget, GrantsUntilSpentAndTakesBackOnRelease) {
  BodyBudget budget(8 * kMiB, kMiB);
  EXPECT_EQ(budget.small_reserve(), 2 * kMiB);
  std::vector<BodyBudget::Lease> leases;
  for (int i = 0; i < 6; ++i) {
    auto lease = budget.TryAcquire(kMiB);
    ASSERT_TRUE(lease.has_value()) << i;
    leases.push_back(std::move(*lease));
  }
  EXPECT_EQ(budget.held(), 6 * kMiB);
  // Large bodies stop at total minus the small reserve...
  EXPECT_FALSE(budget.TryAcquire(kMiB).has_value());
  EXPECT_FALSE(budget.TryAcquire(BodyBudget::kSmallBody + 1).has_value());
  // ...small ones may use the rest.
  auto small = budget.TryAcquire(BodyBudget::kSmallBody);
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(budget.held(), 6 * kMiB + BodyBudget::kSmallBody);
  leases.pop_back();
  EXPECT_EQ(budget.held(), 5 * kMiB + BodyBudget::kSmallBody);
  EXPECT_FALSE(budget.TryAcquire(kMiB).has_value());  // the small body still counts
  small.reset();
  EXPECT_TRUE(budget.TryAcquire(kMiB).has_value());
  EXPECT_EQ(budget.held(), 5 * kMiB);  // that lease was a temporary
}

TEST(BodyBudget, SmallBodiesStopAtTheTotal) {
  BodyBudget budget(4 * BodyBudget::kSmallBody, BodyBudget::kSmallBody);
  std::vector<BodyBudget::Lease> leases;
  while (auto lease = budget.TryAcquire(BodyBudget::kSmallBody)) leases.push_back(std::move(*lease));
  EXPECT_EQ(leases.size(), 4u);
  EXPECT_EQ(budget.held(), budget.total());
  EXPECT_FALSE(budget.TryAcquire(1).has_value());
}

TEST(BodyBudget, ABudgetOfOneBodyKeepsNothingBack) {
  BodyBudget budget(kMiB, kMiB);
  EXPECT_EQ(budget.small_reserve(), 0u);
  auto lease = budget.TryAcquire(kMiB);
  ASSERT_TRUE(lease.has_value());
  EXPECT_FALSE(budget.TryAcquire(1).has_value());
  EXPECT_FALSE(budget.TryAcquire(2 * kMiB).has_value());
}

TEST(BodyBudget, MovedLeaseReleasesOnce) {
  BodyBudget budget(kMiB, kMiB);
  {
    auto lease = budget.TryAcquire(1000);
    ASSERT_TRUE(lease.has_value());
    BodyBudget::Lease moved(std::move(*lease));
    EXPECT_EQ(moved.bytes(), 1000u);
    EXPECT_EQ(budget.held(), 1000u);
  }
  EXPECT_EQ(budget.held(), 0u);
}

}  // namespace
}  // namespace packprod::api

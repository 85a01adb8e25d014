#include "api/auth_throttle.h"

#include <gtest/gtest.h>

namespace packprod::api {
namespace {

using Clock = AuthThrottle::Clock;
using std::chrono::seconds;

TEST(AuthThrottle, TwentyMissesThenWaitUntilATokenIsBack) {
  AuthThrottle t;  // 20, then one per 5 s
  Clock::time_point now{};
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(t.RetryAfter("10.0.0.1", now), 0) << i;
    t.RecordMiss("10.0.0.1", now);
  }
  EXPECT_EQ(t.RetryAfter("10.0.0.1", now), 5);
  EXPECT_EQ(t.RetryAfter("10.0.0.1", now + seconds(3)), 2);
  EXPECT_EQ(t.RetryAfter("10.0.0.1", now + seconds(5)), 0);
  t.RecordMiss("10.0.0.1", now + seconds(5));
  EXPECT_EQ(t.RetryAfter("10.0.0.1", now + seconds(5)), 5);
  // Other addresses are not affected.
  EXPECT_EQ(t.RetryAfter("10.0.0.2", now), 0);
  EXPECT_EQ(t.RetryAfter("::1", now), 0);
}

TEST(AuthThrottle, RefillsUpToTheBurstOnly) {
  AuthThrottle t({/*burst=*/3, /*refill_per_second=*/1, /*max_addresses=*/10});
  Clock::time_point now{};
  for (int i = 0; i < 3; ++i) t.RecordMiss("a", now);
  EXPECT_GT(t.RetryAfter("a", now), 0);
  now += seconds(3600);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("a", now), 0);
    t.RecordMiss("a", now);
  }
  EXPECT_EQ(t.RetryAfter("a", now), 1);
}

TEST(AuthThrottle, MemoryIsBoundedByDroppingRefilledBuckets) {
  AuthThrottle t({/*burst=*/2, /*refill_per_second=*/1, /*max_addresses=*/4});
  Clock::time_point now{};
  for (int i = 0; i < 4; ++i) t.RecordMiss("old" + std::to_string(i), now);
  EXPECT_EQ(t.size(), 4u);
  now += seconds(10);  // all refilled
  t.RecordMiss("new", now);
  EXPECT_EQ(t.size(), 1u);
  // When none has refilled, all go rather than grow past the bound.
  for (int i = 0; i < 3; ++i) t.RecordMiss("x" + std::to_string(i), now);
  EXPECT_EQ(t.size(), 4u);
  t.RecordMiss("y", now);
  EXPECT_LE(t.size(), 4u);
}

}  // namespace
}  // namespace packprod::api

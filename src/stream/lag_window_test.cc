#include "stream/lag_window.h"

#include <gtest/gtest.h>

namespace packprod::stream {
namespace {

TEST(StreamLagWindow, EmptyWindowIsZero) {
  LagWindow w(10);
  LagStats s = w.Stats();
  EXPECT_EQ(s.applied_events, 0);
  EXPECT_EQ(s.window, 0u);
  EXPECT_EQ(s.p50_ms, 0);
}

TEST(StreamLagWindow, PercentilesByNearestRankOverTheLastEvents) {
  LagWindow w(4);
  w.Record({1000, 990, 980}, 1000);  // lags 0, 10, 20
  w.Record({900, 1100}, 1000);       // lags 100, 0 (negative clamps); 0 evicted first
  LagStats s = w.Stats();
  EXPECT_EQ(s.applied_events, 5);
  EXPECT_EQ(s.window, 4u);  // 10, 20, 100, 0
  EXPECT_EQ(s.p50_ms, 10);
  EXPECT_EQ(s.p90_ms, 100);
  EXPECT_EQ(s.last_applied_at, 1000);
}

}  // namespace
}  // namespace packprod::stream

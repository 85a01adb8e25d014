#include "api/server_limits.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace packprod::api {
namespace {

TEST(ServerLimits, RaisesTheSoftFileLimitToTheHardOne) {
  rlimit lim{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &lim), 0);
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max > 64) {
    rlimit lowered = lim;
    lowered.rlim_cur = 64;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  }
  auto raised = RaiseFileLimit();
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &lim), 0);
  EXPECT_EQ(raised->soft, lim.rlim_cur);
  if (lim.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(lim.rlim_cur, lim.rlim_max);
    EXPECT_EQ(raised->hard, lim.rlim_max);
  }
  EXPECT_LE(raised->before, raised->soft);
}

TEST(ServerLimits, CapsConnectionsBelowTheLimitMinusTheReserve) {
  EXPECT_EQ(ConnectionCap(10000, 256, 64), 192u);
  EXPECT_EQ(ConnectionCap(100, 256, 64), 100u);
  EXPECT_EQ(ConnectionCap(10000, 1048576, 64), 10000u);
  EXPECT_EQ(ConnectionCap(10000, 32, 64), 1u);
}

}  // namespace
}  // namespace packprod::api

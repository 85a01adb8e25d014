// The PostgreSQL settings packprod advises on (settings_advice.h): the bounds themselves,
// and the store reading them from a real server (the test cluster runs with the
// recommended ones; a connection that turns wal_compression off sees that advice).
#include "store/postgres/settings_advice.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/postgres/test_db.h"
#include "store/store.h"

namespace packprod::store::postgres {
namespace {

TEST(PostgresSettingsAdvice, NamesEachSettingBelowItsBound) {
  // PostgreSQL's defaults: all three named, each with its value.
  auto all = WalSettingsAdvice({1024, 300, "off"});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_NE(all[0].find("max_wal_size is 1024MB"), std::string::npos) << all[0];
  EXPECT_NE(all[1].find("checkpoint_timeout is 300s"), std::string::npos) << all[1];
  EXPECT_NE(all[2].find("wal_compression is off"), std::string::npos) << all[2];
  for (const auto& line : all) {
    EXPECT_NE(line.find("docs/operations.md"), std::string::npos) << line;
  }
  // The recommended settings, and the bounds themselves: nothing.
  EXPECT_TRUE(WalSettingsAdvice({8192, 900, "lz4"}).empty());
  EXPECT_TRUE(WalSettingsAdvice({kAdviseMaxWalSizeMb, kAdviseCheckpointTimeoutS, "on"}).empty());
  // One below its bound: that one alone.
  auto wal = WalSettingsAdvice({kAdviseMaxWalSizeMb - 1, 900, "zstd"});
  ASSERT_EQ(wal.size(), 1u);
  EXPECT_NE(wal[0].find("max_wal_size is 4095MB"), std::string::npos) << wal[0];
  auto timeout = WalSettingsAdvice({8192, kAdviseCheckpointTimeoutS - 1, "pglz"});
  ASSERT_EQ(timeout.size(), 1u);
  EXPECT_NE(timeout[0].find("checkpoint_timeout is 599s"), std::string::npos) << timeout[0];
}

TEST(PostgresSettingsAdvice, ReadFromTheServer) {
  auto db = TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  {
    auto store = Store::Open((*db)->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto advice = (*store)->SettingsAdvice();
    ASSERT_TRUE(advice.ok()) << advice.status().ToString();
    EXPECT_TRUE(advice->empty()) << "the test cluster runs with the recommended settings: "
                                 << (advice->empty() ? "" : advice->front());
  }
  // wal_compression is the one of the three a connection may set for itself.
  auto store = Store::Open((*db)->url() + "?options=-c%20wal_compression%3Doff");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto advice = (*store)->SettingsAdvice();
  ASSERT_TRUE(advice.ok()) << advice.status().ToString();
  ASSERT_EQ(advice->size(), 1u);
  EXPECT_NE(advice->front().find("wal_compression is off"), std::string::npos) << advice->front();
}

}  // namespace
}  // namespace packprod::store::postgres

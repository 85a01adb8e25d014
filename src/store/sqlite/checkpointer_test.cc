#include "store/sqlite/checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "domain/ids.h"
#include "store/sqlite/db.h"

namespace packprod::store::sqlite {
namespace {

namespace fs = std::filesystem;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("packprod-checkpointer-" + RandomHex(6));
    fs::create_directories(dir_);
    path_ = (dir_ / "c.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(CheckpointerTest, CommitsOverTheThresholdAreCopiedIntoTheDatabaseByItsThread) {
  auto db = Db::Open(path_, false);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  // Nothing but the header and schema in the database file yet: they live in the WAL.
  const auto size_before = fs::file_size(path_);
  Checkpointer c(path_, 50);
  c.Attach((*db)->raw());
  for (int tx = 0; tx < 5; ++tx) {
    ASSERT_TRUE((*db)->Exec("BEGIN").ok());
    for (int i = 0; i < 500; ++i) {
      Stmt& s = (*db)->Prepare("INSERT INTO t VALUES (?)");
      s.Bind(1, RandomHex(32));
      ASSERT_TRUE(s.Run().ok());
    }
    ASSERT_TRUE((*db)->Exec("COMMIT").ok());
  }
  // Waits for the thread (no time is asserted; a round must simply happen).
  for (int i = 0; i < 600 && c.rounds() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(c.rounds(), 0);
  EXPECT_EQ(c.failures(), 0);
  EXPECT_GT(fs::file_size(path_), size_before);
  sqlite3_wal_hook((*db)->raw(), nullptr, nullptr);
}

TEST_F(CheckpointerTest, SmallCommitsLeaveTheWalAlone) {
  auto db = Db::Open(path_, false);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  Checkpointer c(path_, 100000);
  c.Attach((*db)->raw());
  ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES ('a')").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(c.rounds(), 0);
  sqlite3_wal_hook((*db)->raw(), nullptr, nullptr);
}

}  // namespace
}  // namespace packprod::store::sqlite

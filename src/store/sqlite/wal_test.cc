// The SQLite store's write-ahead log stays bounded under a sustained stream of write
// transactions with readers beside it: checkpoints must let the log start over, or the
// file grows with every write until the disk is full.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "domain/ids.h"
#include "store/store.h"

namespace packprod::store {
namespace {

namespace fs = std::filesystem;

// A SQLite file store in a fresh folder (removed afterwards) with clients c0..c{n-1}.
class SqliteWal : public ::testing::Test {
 protected:
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void OpenWithClients(int n) {
    fs::create_directories(dir_);
    auto store = Store::Open("sqlite:" + file_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    for (int c = 0; c < n; ++c) {
      ClientSettings settings;
      settings.client_id = "c" + std::to_string(c);
      settings.name = settings.client_id;
      settings.timezone = "UTC";
      settings.currency = "EUR";
      ASSERT_TRUE(store_->PutClient(settings).ok());
    }
  }
  const fs::path dir_ = fs::temp_directory_path() / ("packprod-wal-" + RandomHex(6));
  const std::string file_ = (dir_ / "w.db").string();
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteWal, StaysBoundedUnderSustainedWritesWithReadersBeside) {
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(50));
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) {
      (void)store_->ListWebhookSecrets();
    }
  });
  // Three writers back to back, 400 transactions of ~128 KB each: about 150 MB of log
  // if it never starts over.
  const std::string payload(128 * 1024, 'x');
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) {
        WebhookSecret w{"c" + std::to_string((t * 400 + i) % 50), "shopify",
                        payload + std::to_string(i), i};
        if (!store_->PutWebhookSecret(w).ok()) ++failed;
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  EXPECT_EQ(failed.load(), 0);
  const auto wal = fs::file_size(file_ + "-wal");
  EXPECT_LT(wal, 48u << 20) << "the log grew to " << wal << " bytes";
}

// A reader that keeps an old snapshot through many writes (a long report) makes the log
// grow while it reads; once it is done, the log starts over and its file comes back down.
TEST_F(SqliteWal, ComesBackDownAfterALongReader) {
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  // Each write changes every page of its 128 KB (SQLite rewrites only changed pages).
  int version = 0;
  auto write = [&](int n) {
    for (int i = 0; i < n; ++i, ++version) {
      const std::string secret(128 * 1024, static_cast<char>('a' + version % 26));
      ASSERT_TRUE(store_->PutWebhookSecret({"c0", "shopify", secret, version}).ok());
    }
  };
  write(10);
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(file_.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM clients;", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  write(500);  // about 64 MB of log that cannot start over while the reader reads
  const auto grown = fs::file_size(file_ + "-wal");
  EXPECT_GT(grown, 48u << 20) << "the reader did not hold the log";
  ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(reader);
  write(100);
  const auto wal = fs::file_size(file_ + "-wal");
  EXPECT_LT(wal, 48u << 20) << "the log stayed at " << wal << " bytes after the reader left";
}

}  // namespace
}  // namespace packprod::store

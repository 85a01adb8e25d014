// The SQLite store's write-ahead log stays bounded under a sustained stream of write
// transactions with readers beside it: checkpoints must let the log start over, or the
// file grows with every write until the disk is full.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "domain/ids.h"
#include "store/store.h"

namespace packprod::store {
namespace {

namespace fs = std::filesystem;

TEST(SqliteWal, StaysBoundedUnderSustainedWritesWithReadersBeside) {
  const fs::path dir = fs::temp_directory_path() / ("packprod-wal-" + RandomHex(6));
  fs::create_directories(dir);
  const std::string file = (dir / "w.db").string();
  {
    auto store = Store::Open("sqlite:" + file);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int c = 0; c < 50; ++c) {
      ClientSettings settings;
      settings.client_id = "c" + std::to_string(c);
      settings.name = settings.client_id;
      settings.timezone = "UTC";
      settings.currency = "EUR";
      ASSERT_TRUE((*store)->PutClient(settings).ok());
    }
    std::atomic<bool> done{false};
    std::thread reader([&] {
      while (!done) {
        (void)(*store)->ListWebhookSecrets();
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
          if (!(*store)->PutWebhookSecret(w).ok()) ++failed;
        }
      });
    }
    for (auto& w : writers) w.join();
    done = true;
    reader.join();
    EXPECT_EQ(failed.load(), 0);
    const auto wal = fs::file_size(file + "-wal");
    EXPECT_LT(wal, 48u << 20) << "the log grew to " << wal << " bytes";
  }
  fs::remove_all(dir);
}

// A reader that keeps an old snapshot through many writes (a long report) makes the log
// grow while it reads; once it is done, the log starts over and its file comes back down.
TEST(SqliteWal, ComesBackDownAfterALongReader) {
  const fs::path dir = fs::temp_directory_path() / ("packprod-wal-" + RandomHex(6));
  fs::create_directories(dir);
  const std::string file = (dir / "w.db").string();
  {
    auto store = Store::Open("sqlite:" + file);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ClientSettings settings;
    settings.client_id = "c";
    settings.name = "c";
    settings.timezone = "UTC";
    settings.currency = "EUR";
    ASSERT_TRUE((*store)->PutClient(settings).ok());
    // Each write changes every page of its 128 KB (SQLite rewrites only changed pages).
    int version = 0;
    auto write = [&](int n) {
      for (int i = 0; i < n; ++i, ++version) {
        const std::string secret(128 * 1024, static_cast<char>('a' + version % 26));
        ASSERT_TRUE((*store)->PutWebhookSecret({"c", "shopify", secret, version}).ok());
      }
    };
    write(10);
    sqlite3* reader = nullptr;
    ASSERT_EQ(sqlite3_open_v2(file.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM clients;", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    write(500);  // about 64 MB of log that cannot start over while the reader reads
    const auto grown = fs::file_size(file + "-wal");
    EXPECT_GT(grown, 48u << 20) << "the reader did not hold the log";
    ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(reader);
    write(100);
    const auto wal = fs::file_size(file + "-wal");
    EXPECT_LT(wal, 48u << 20) << "the log stayed at " << wal << " bytes after the reader left";
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace packprod::store

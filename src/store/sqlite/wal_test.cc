// The SQLite store's write-ahead log stays bounded under a sustained stream of write
// transactions with readers beside it: checkpoints must let the log start over, or the
// file grows with every write until the disk is full. The checkpoints run on a thread of
// their own: no commit waits for one.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/ids.h"
#include "store/sqlite/checkpointer.h"
#include "store/store.h"

namespace packprod::store {
namespace {

namespace fs = std::filesystem;
using sqlite::WalCheckpointer;

// A gate in front of the database files (not the logs): while closed, every write into a
// main database file waits at it. In WAL mode only a checkpoint writes there, so a
// thread waiting at the gate is a checkpoint provably in progress. The gate is a thin
// layer over the default VFS (the real files are written once it opens).
class CheckpointGate {
 public:
  static CheckpointGate& Get() {
    static CheckpointGate gate;
    return gate;
  }
  // Makes the gate the default VFS of this process (for the connections opened after).
  void Install() {
    std::call_once(installed_, [this] {
      real_ = sqlite3_vfs_find(nullptr);
      vfs_ = *real_;
      vfs_.zName = "checkpoint-gate";
      vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
      vfs_.xOpen = &Open;
      vfs_.pNext = nullptr;
      sqlite3_vfs_register(&vfs_, 1);
    });
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = false;
    }
    cv_.notify_all();
  }
  // While set, a database file opened by any thread but `only` fails to open (as in a
  // process out of file descriptors); unset, every open goes through.
  void OpenOnlyOn(std::optional<std::thread::id> only) {
    std::lock_guard<std::mutex> lock(mu_);
    open_only_on_ = only;
  }
  // Waits (up to a minute) until a thread waits at the gate; its id, or none.
  std::optional<std::thread::id> WaitForBlocked() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::minutes(1), [&] { return blocked_ > 0; })) {
      return std::nullopt;
    }
    return blocked_thread_;
  }
  int blocked() {
    std::lock_guard<std::mutex> lock(mu_);
    return blocked_;
  }

 private:
  struct File {
    sqlite3_file base;
    sqlite3_file* real;
    bool main_db;
  };
  static sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  static int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                  int* out_flags) {
    CheckpointGate& g = Get();
    auto* f = reinterpret_cast<File*>(file);
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    f->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    {
      std::lock_guard<std::mutex> lock(g.mu_);
      if (f->main_db && g.open_only_on_ && *g.open_only_on_ != std::this_thread::get_id()) {
        f->base.pMethods = nullptr;
        return SQLITE_CANTOPEN;
      }
    }
    const int rc = g.real_->xOpen(g.real_, name, f->real, flags, out_flags);
    f->base.pMethods = f->real->pMethods ? &Methods() : nullptr;
    return rc;
  }

  static int Write(sqlite3_file* file, const void* data, int n, sqlite3_int64 at) {
    auto* f = reinterpret_cast<File*>(file);
    if (f->main_db) {
      CheckpointGate& g = Get();
      std::unique_lock<std::mutex> lock(g.mu_);
      if (g.closed_) {
        ++g.blocked_;
        g.blocked_thread_ = std::this_thread::get_id();
        g.cv_.notify_all();
        g.cv_.wait(lock, [&] { return !g.closed_; });
        --g.blocked_;
      }
    }
    return f->real->pMethods->xWrite(f->real, data, n, at);
  }

  static const sqlite3_io_methods& Methods() {
    static const sqlite3_io_methods m = [] {
      sqlite3_io_methods x{};
      x.iVersion = 3;
      x.xClose = [](sqlite3_file* f) {
        int rc = Real(f)->pMethods->xClose(Real(f));
        f->pMethods = nullptr;
        return rc;
      };
      x.xRead = [](sqlite3_file* f, void* d, int n, sqlite3_int64 at) {
        return Real(f)->pMethods->xRead(Real(f), d, n, at);
      };
      x.xWrite = &Write;
      x.xTruncate = [](sqlite3_file* f, sqlite3_int64 n) {
        return Real(f)->pMethods->xTruncate(Real(f), n);
      };
      x.xSync = [](sqlite3_file* f, int flags) { return Real(f)->pMethods->xSync(Real(f), flags); };
      x.xFileSize = [](sqlite3_file* f, sqlite3_int64* n) {
        return Real(f)->pMethods->xFileSize(Real(f), n);
      };
      x.xLock = [](sqlite3_file* f, int l) { return Real(f)->pMethods->xLock(Real(f), l); };
      x.xUnlock = [](sqlite3_file* f, int l) { return Real(f)->pMethods->xUnlock(Real(f), l); };
      x.xCheckReservedLock = [](sqlite3_file* f, int* out) {
        return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
      };
      x.xFileControl = [](sqlite3_file* f, int op, void* arg) {
        return Real(f)->pMethods->xFileControl(Real(f), op, arg);
      };
      x.xSectorSize = [](sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); };
      x.xDeviceCharacteristics = [](sqlite3_file* f) {
        return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
      };
      x.xShmMap = [](sqlite3_file* f, int pg, int sz, int extend, void volatile** p) {
        return Real(f)->pMethods->xShmMap(Real(f), pg, sz, extend, p);
      };
      x.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
        return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
      };
      x.xShmBarrier = [](sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); };
      x.xShmUnmap = [](sqlite3_file* f, int del) {
        return Real(f)->pMethods->xShmUnmap(Real(f), del);
      };
      x.xFetch = [](sqlite3_file* f, sqlite3_int64 at, int n, void** p) {
        return Real(f)->pMethods->xFetch(Real(f), at, n, p);
      };
      x.xUnfetch = [](sqlite3_file* f, sqlite3_int64 at, void* p) {
        return Real(f)->pMethods->xUnfetch(Real(f), at, p);
      };
      return x;
    }();
    return m;
  }

  std::once_flag installed_;
  sqlite3_vfs* real_ = nullptr;
  sqlite3_vfs vfs_{};
  std::mutex mu_;
  std::condition_variable cv_;
  bool closed_ = false;
  int blocked_ = 0;
  std::thread::id blocked_thread_;
  std::optional<std::thread::id> open_only_on_;
};

// The longest the log file may be when no reader holds it: the writers' limit plus a
// transaction of the tests (128 KB, with its index pages), in frames of 4,096 + 24 bytes.
constexpr std::uintmax_t kBoundBytes =
    static_cast<std::uintmax_t>(WalCheckpointer::kHardLimitPages + 3 * 64) * (4096 + 24);

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
  // The log starts over on the checkpointer's thread, not in a commit: keep writing until
  // the file is cut back (at the first commit after), giving up after a minute.
  const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  auto wal = fs::file_size(file_ + "-wal");
  while (wal >= (48u << 20) && std::chrono::steady_clock::now() < until) {
    write(1);
    wal = fs::file_size(file_ + "-wal");
  }
  EXPECT_LT(wal, 48u << 20) << "the log stayed at " << wal << " bytes after the reader left";
}

// A commit never runs a checkpoint: with the checkpoint's copy stuck (its first write into
// the database file waits at the gate), commits go on and succeed.
TEST_F(SqliteWal, CommitsGoOnWhileACheckpointIsStuck) {
  CheckpointGate& gate = CheckpointGate::Get();
  gate.Install();
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  gate.Close();
  // One writer thread writes 128 KB transactions until a checkpoint waits at the gate
  // (each changes every page of its 128 KB: SQLite writes only the pages changed).
  std::atomic<int> version{0};
  auto secret = [](int v) { return std::string(128 * 1024, static_cast<char>('a' + v % 26)); };
  auto put = [&] {
    const int v = version++;
    return store_->PutWebhookSecret({"c0", "shopify", secret(v), v});
  };
  std::atomic<bool> failed{false};
  std::thread writer([&] {
    for (int i = 0; i < 2000 && gate.blocked() == 0; ++i) {
      if (!put().ok()) failed = true;
    }
  });
  const std::thread::id writer_id = writer.get_id();
  const auto stuck = gate.WaitForBlocked();
  if (!stuck || *stuck == writer_id) {
    gate.Open();
    writer.join();
    FAIL() << (stuck ? "the writer's commit ran the checkpoint" : "no checkpoint started");
  }
  writer.join();
  EXPECT_FALSE(failed.load());
  // The checkpoint is stuck; 20 commits (640 pages, far below the writers' limit) finish.
  static_assert(WalCheckpointer::kHardLimitPages > 2 * WalCheckpointer::kCheckpointPages);
  auto more = std::async(std::launch::async, [&] {
    for (int i = 0; i < 20; ++i) {
      if (!put().ok()) return false;
    }
    return true;
  });
  const bool finished = more.wait_for(std::chrono::minutes(1)) == std::future_status::ready;
  EXPECT_TRUE(finished) << "a commit waited for the checkpoint";
  EXPECT_EQ(gate.blocked(), 1) << "the checkpoint was not in progress throughout";
  gate.Open();
  EXPECT_TRUE(more.get());
  auto last = store_->GetWebhookSecret("c0", "shopify");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->secret, secret(version.load() - 1));
}

// When the copy falls behind the writers (here: it is stuck), the writers wait before
// their transaction once the log reaches its limit, and go on when it has started over.
TEST_F(SqliteWal, WritersWaitAtTheLimitWhenTheCopyFallsBehind) {
  CheckpointGate& gate = CheckpointGate::Get();
  gate.Install();
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  gate.Close();
  std::atomic<int> done{0};
  std::atomic<bool> failed{false};
  // Transactions of 32 pages each, half as much again as the limit.
  constexpr int kWrites = WalCheckpointer::kHardLimitPages * 3 / 2 / 32;
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      const std::string secret(128 * 1024, static_cast<char>('a' + i % 26));
      if (!store_->PutWebhookSecret({"c0", "shopify", secret, i}).ok()) {
        failed = true;
      }
      ++done;
    }
  });
  // Wait (up to a minute) until a writer waits for the log.
  bool waiting = false;
  for (int i = 0; i < 6000 && !waiting; ++i) {
    auto stats = WalCheckpointer::StatsOf(file_);
    waiting = stats && stats->writers_waiting > 0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto at_limit = fs::file_size(file_ + "-wal");
  const int done_at_limit = done.load();
  const int blocked = gate.blocked();
  gate.Open();
  writer.join();
  ASSERT_TRUE(waiting) << "no writer waited; " << done_at_limit << " transactions written";
  EXPECT_EQ(blocked, 1) << "the checkpoint was not stuck";
  EXPECT_LT(done_at_limit, kWrites);
  EXPECT_LE(at_limit, kBoundBytes) << "the log grew past the writers' limit";
  EXPECT_FALSE(failed.load());
  EXPECT_EQ(done.load(), kWrites);
  auto stats = WalCheckpointer::StatsOf(file_);
  ASSERT_TRUE(stats.has_value());
  EXPECT_GE(stats->writer_waits, 1);
}

// Under a continuous write load a reader holding one snapshot for a while makes the log
// grow (writers do not wait for it); after it ends, the log starts over while the writes
// go on, and stays within the bound from then on.
TEST_F(SqliteWal, StaysBoundedUnderContinuousWritesAroundALongReader) {
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::atomic<int> version{0};
  std::thread writer([&] {
    while (!stop) {
      const int v = version++;
      const std::string secret(128 * 1024, static_cast<char>('a' + v % 26));
      if (!store_->PutWebhookSecret({"c0", "shopify", secret, v}).ok()) failed = true;
    }
  });
  auto wal_size = [&] {
    std::error_code ec;
    auto n = fs::file_size(file_ + "-wal", ec);
    return ec ? std::uintmax_t{0} : n;
  };
  auto wait_for = [&](auto done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (!done() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
  };
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(file_.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  // Once the log has started over once, the reader takes its snapshot.
  EXPECT_TRUE(wait_for([&] {
    auto s = WalCheckpointer::StatsOf(file_);
    return s && s->restarts >= 1;
  }));
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM clients;", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  // The writes go on past the writers' limit: a reader's snapshot makes nobody wait.
  const bool grew = wait_for([&] { return wal_size() > kBoundBytes + (16u << 20); });
  const auto restarts_before = WalCheckpointer::StatsOf(file_)->restarts;
  ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(reader);
  EXPECT_TRUE(grew) << "the log did not grow past the limit while the reader read: "
                    << wal_size();
  // The log starts over and its file comes back down, while the writes go on.
  const bool down = wait_for([&] { return wal_size() < (48u << 20); });
  EXPECT_TRUE(down) << "the log stayed at " << wal_size() << " bytes after the reader left";
  // From then on it stays within the bound through several restarts.
  const auto restarts_after = WalCheckpointer::StatsOf(file_)->restarts;
  std::uintmax_t largest = 0;
  const bool more = wait_for([&] {
    largest = std::max(largest, wal_size());
    return WalCheckpointer::StatsOf(file_)->restarts >= restarts_after + 3;
  });
  stop = true;
  writer.join();
  EXPECT_GT(restarts_after, restarts_before);
  EXPECT_TRUE(more) << "the log did not start over again";
  EXPECT_LE(largest, kBoundBytes);
  EXPECT_FALSE(failed.load());
}

// Closing the store stops its checkpointer thread and checkpoints the log on the way out
// (the last connection deletes it), even right after a burst of writes.
TEST_F(SqliteWal, ClosingStopsTheCheckpointerAndCheckpointsTheLog) {
  auto threads = [] {
    return std::distance(fs::directory_iterator("/proc/self/task"), fs::directory_iterator{});
  };
  const auto before = threads();
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  EXPECT_TRUE(WalCheckpointer::StatsOf(file_).has_value());
  EXPECT_TRUE(WalCheckpointer::StatsOf(file_ + "-views").has_value());
  EXPECT_EQ(threads(), before + 2);  // one per file: the store's and its views'
  auto secret = [](int v) { return std::string(128 * 1024, static_cast<char>('a' + v % 26)); };
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(store_->PutWebhookSecret({"c0", "shopify", secret(i), i}).ok());
  }
  store_.reset();
  EXPECT_FALSE(WalCheckpointer::StatsOf(file_).has_value());
  EXPECT_FALSE(WalCheckpointer::StatsOf(file_ + "-views").has_value());
  EXPECT_EQ(threads(), before);
  EXPECT_FALSE(fs::exists(file_ + "-wal")) << "the log was not checkpointed on close";
  EXPECT_FALSE(fs::exists(file_ + "-views-wal")) << "the views' log was not checkpointed";
  auto reopened = Store::Open("sqlite:" + file_);
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(reopened).value();
  auto last = store_->GetWebhookSecret("c0", "shopify");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->secret, secret(199));
}

// /metrics's figures of the store follow the checkpointer's own: the log's length and
// the copies and restarts counted as the log grows past its threshold and starts over.
TEST_F(SqliteWal, EngineFiguresReportTheCheckpointersWork) {
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  auto figure = [&](const std::string& name) -> std::optional<double> {
    for (const auto& f : store_->EngineFigures()) {
      if (f.name == name) return f.value;
    }
    return std::nullopt;
  };
  for (const char* name :
       {"packprod_sqlite_writes_waiting", "packprod_sqlite_wal_pages",
        "packprod_sqlite_wal_restarts_total", "packprod_sqlite_wal_checkpoints_total",
        "packprod_sqlite_view_writes_waiting", "packprod_sqlite_views_wal_pages",
        "packprod_sqlite_views_wal_restarts_total",
        "packprod_sqlite_views_wal_checkpoints_total"}) {
    EXPECT_TRUE(figure(name).has_value()) << name;
  }
  const double restarts_before = *figure("packprod_sqlite_wal_restarts_total");
  for (int i = 0; i < 400; ++i) {  // about 13,000 pages of log
    const std::string secret(128 * 1024, static_cast<char>('a' + i % 26));
    ASSERT_TRUE(store_->PutWebhookSecret({"c0", "shopify", secret, i}).ok());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (*figure("packprod_sqlite_wal_restarts_total") <= restarts_before &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(*figure("packprod_sqlite_wal_restarts_total"), restarts_before);
  EXPECT_GT(*figure("packprod_sqlite_wal_checkpoints_total"), 0);
  const double reported = *figure("packprod_sqlite_wal_restarts_total");
  EXPECT_LE(reported, static_cast<double>(WalCheckpointer::StatsOf(file_)->restarts));
  EXPECT_EQ(*figure("packprod_sqlite_writes_waiting"), 0);
  auto memory = Store::Open("sqlite::memory:");
  ASSERT_TRUE(memory.ok());
  const auto in_memory = (*memory)->EngineFigures();
  ASSERT_EQ(in_memory.size(), 2u);  // no log, no checkpointer
  EXPECT_EQ(in_memory[0].name, "packprod_sqlite_writes_waiting");
  EXPECT_EQ(in_memory[1].name, "packprod_sqlite_view_writes_waiting");
}

// When the checkpointer's thread cannot open its connection, the writers take the
// copies back (SQLite's own checkpoint every kFallbackPages): the log still starts over
// rather than growing with every write until the store closes; /metrics says so.
TEST_F(SqliteWal, WritersCheckpointThemselvesWhenTheThreadCannotOpen) {
  CheckpointGate& gate = CheckpointGate::Get();
  gate.Install();
  gate.OpenOnlyOn(std::this_thread::get_id());
  ASSERT_NO_FATAL_FAILURE(OpenWithClients(1));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!WalCheckpointer::StatsOf(file_)->handed_back &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  gate.OpenOnlyOn(std::nullopt);
  ASSERT_TRUE(WalCheckpointer::StatsOf(file_)->handed_back);
  std::uintmax_t largest = 0;
  for (int i = 0; i < 400; ++i) {  // about 13,000 pages of log
    const std::string secret(128 * 1024, static_cast<char>('a' + i % 26));
    ASSERT_TRUE(store_->PutWebhookSecret({"c0", "shopify", secret, i}).ok());
    largest = std::max(largest, fs::file_size(file_ + "-wal"));
  }
  // One threshold and one transaction of log, in frames of 4,096 + 24 bytes.
  EXPECT_LE(largest, static_cast<std::uintmax_t>(WalCheckpointer::kFallbackPages + 3 * 64) *
                         (4096 + 24));
  bool reported = false;
  for (const auto& f : store_->EngineFigures()) {
    if (f.name == "packprod_sqlite_wal_checkpointer_up") reported = f.value == 0;
  }
  EXPECT_TRUE(reported);
  auto last = store_->GetWebhookSecret("c0", "shopify");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->secret, std::string(128 * 1024, static_cast<char>('a' + 399 % 26)));
}

}  // namespace
}  // namespace packprod::store

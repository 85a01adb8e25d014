// The SQLite store keeps its views in a file of their own beside the store file
// (store/sqlite/view_file.h): each file has its writer, each transaction writes one file,
// and a views file that is lost, of another store, or out of step with the change log is
// made anew and rebuilt (or refused) rather than trusted.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "domain/reorders.h"
#include "store/sqlite/db.h"
#include "stream/maintenance.h"
#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

namespace fs = std::filesystem;
using testing::CreateClient;
using testing::Differences;
using testing::Import;
using testing::NewOrder;
using testing::TempStore;

constexpr Millis kDay = 86'400'000;
constexpr Millis kT0 = 1'735'689'600'000;  // 2025-01-01T00:00:00Z

class ViewFileTest : public ::testing::Test {
 protected:
  std::string Path() const { return store_.url().substr(7); }
  std::string ViewsPath() const { return Path() + "-views"; }

  // Three customers, the first with enough orders for a reorder cadence; the views
  // applied.
  void Shop(store::Store& st) {
    CreateClient(st, "acme", "UTC");
    std::vector<Order> orders;
    for (int i = 0; i < 12; ++i) {
      const std::string email = "c" + std::to_string(i % 3) + "@shop.example";
      Order o =
          NewOrder("acme", "R-" + std::to_string(i), email, kT0 + i * 9 * kDay, 1000 + 100 * i);
      OrderItem item;
      item.code = "BOX-" + std::to_string(i % 4);
      item.name = "Box " + std::to_string(i % 4);
      item.quantity = 1 + i % 3;
      item.unit_price = (1000 + 100 * i) / item.quantity;
      o.total = item.unit_price * item.quantity;
      o.items.push_back(item);
      orders.push_back(o);
    }
    ASSERT_TRUE(Import(st, "acme", orders).ok());
    ASSERT_TRUE(Processor(st).CatchUp().ok());
    ASSERT_EQ(Differences(st, "acme"), std::vector<std::string>{});
  }

  // The tables of one SQLite file.
  static std::set<std::string> Tables(const std::string& path) {
    auto db = store::sqlite::Db::Open(path, true);
    EXPECT_TRUE(db.ok());
    std::set<std::string> out;
    store::sqlite::Stmt& s = (*db)->Prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (s.Step()) out.insert(s.Text(0));
    s.Reset();
    return out;
  }

  static std::int64_t Customers(store::Store& st) {
    store::CustomerViewQuery q;
    q.limit = 50;
    auto page = st.ListCustomerViews("acme", q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? static_cast<std::int64_t>(page->items.size()) : -1;
  }

  TempStore store_;
};

TEST_F(ViewFileTest, OrdersAndViewsLiveInTheirOwnFiles) {
  auto st = store_.Open();
  ASSERT_NO_FATAL_FAILURE(Shop(*st));
  const auto store_tables = Tables(Path());
  const auto view_tables = Tables(ViewsPath());
  for (const char* t :
       {"orders", "order_items", "contacts", "change_log", "clients", "client_stream"}) {
    EXPECT_TRUE(store_tables.count(t)) << t;
    EXPECT_FALSE(view_tables.count(t)) << t;
  }
  for (const char* t : {"customer_metrics", "customer_search", "product_totals", "stream_state",
                        "client_applied", "reorder_cadence", "account_rules", "view_link"}) {
    EXPECT_TRUE(view_tables.count(t)) << t;
    EXPECT_FALSE(store_tables.count(t)) << t;
  }
}

// The key property: an import commits while a transaction of views is open (before, the
// two took turns at one writer).
TEST_F(ViewFileTest, AnImportCommitsWhileAViewTransactionIsOpen) {
  auto st = store_.Open();
  ASSERT_NO_FATAL_FAILURE(Shop(*st));
  std::promise<void> inside, release;
  std::shared_future<void> go = release.get_future().share();
  std::thread views([&] {
    Status s = st->WriteViews([&](store::WriteTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(std::int64_t applied, tx.AppliedSeq());
      inside.set_value();
      go.wait();
      return tx.SetAppliedSeq(applied, NowMillis());
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
  });
  inside.get_future().wait();
  auto imported = std::async(std::launch::async, [&] {
    return Import(*st, "acme", {NewOrder("acme", "R-new", "new@shop.example", kT0, 500)});
  });
  const bool done = imported.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  release.set_value();
  views.join();
  EXPECT_TRUE(done) << "the import waited for the views' transaction";
  EXPECT_TRUE(imported.get().ok());
}

// A store whose views file was lost (deleted, or a store file copied alone) opens with a
// new views file that awaits a rebuild; the processor's start rebuilds it.
TEST_F(ViewFileTest, ALostViewsFileIsMadeAnewAndRebuilt) {
  {
    auto st = store_.Open();
    ASSERT_NO_FATAL_FAILURE(Shop(*st));
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(ViewsPath() + suffix);
  auto st = store_.Open();
  auto waiting = st->ViewsAwaitRebuild();
  ASSERT_TRUE(waiting.ok());
  EXPECT_TRUE(*waiting);
  EXPECT_EQ(Customers(*st), 0);
  auto rebuilt = BuildMissingViews(*st);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(*rebuilt, 1);
  EXPECT_EQ(Customers(*st), 3);
  EXPECT_EQ(Differences(*st, "acme"), std::vector<std::string>{});
  EXPECT_FALSE(*st->ViewsAwaitRebuild());
  auto again = BuildMissingViews(*st);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  // The backlog of the client is none: every record counted applied.
  auto pending = st->ClientPendingChanges("acme", *st->AppliedSeq());
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->count, 0);
}

// A views file ahead of its store file (the store file put back from a backup beside the
// live views): the views cannot follow the change log, so they are rebuilt.
TEST_F(ViewFileTest, ViewsAheadOfTheStoreFileAreRebuilt) {
  const std::string saved = Path() + ".saved";
  {
    auto st = store_.Open();
    ASSERT_NO_FATAL_FAILURE(Shop(*st));
    ASSERT_TRUE(st->Backup(saved).ok());
    ASSERT_TRUE(
        Import(*st, "acme", {NewOrder("acme", "R-later", "d@shop.example", kT0, 700)}).ok());
    ASSERT_TRUE(Processor(*st).CatchUp().ok());
    EXPECT_EQ(Customers(*st), 4);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(Path() + suffix);
  fs::rename(saved, Path());
  auto st = store_.Open();
  EXPECT_TRUE(*st->ViewsAwaitRebuild());
  ASSERT_TRUE(BuildMissingViews(*st).ok());
  EXPECT_EQ(Customers(*st), 3);
  EXPECT_EQ(Differences(*st, "acme"), std::vector<std::string>{});
}

// A rebuild runs beside imports (its transaction writes the views file, theirs the
// store file): it reads one snapshot of the store file, so no order imported meanwhile
// is both left out of the rebuilt views and counted applied.
TEST_F(ViewFileTest, ARebuildBesideImportsLosesNoOrder) {
  auto st = store_.Open();
  ASSERT_NO_FATAL_FAILURE(Shop(*st));
  std::vector<Order> many;
  for (int i = 0; i < 5000; ++i) {
    many.push_back(NewOrder("acme", "M-" + std::to_string(i),
                            "m" + std::to_string(i % 400) + "@shop.example", kT0 + i * 60'000,
                            100 + i % 50));
  }
  ASSERT_TRUE(Import(*st, "acme", many).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> imported{0};
  std::thread importer([&] {
    for (int b = 0; !stop.load() && b < 400; ++b) {
      std::vector<Order> batch;
      for (int k = 0; k < 5; ++k) {
        const int n = b * 5 + k;
        batch.push_back(NewOrder("acme", "N-" + std::to_string(n),
                                 "n" + std::to_string(n % 300) + "@shop.example", kT0 + n * 30'000,
                                 200));
      }
      EXPECT_TRUE(Import(*st, "acme", batch).ok());
      imported += 5;
    }
  });
  for (int r = 0; r < 3; ++r) {
    Status s = RebuildClient(*st, "acme", nullptr);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  stop = true;
  importer.join();
  EXPECT_GT(imported.load(), 0);
  ASSERT_TRUE(Processor(*st).CatchUp().ok());
  EXPECT_EQ(Differences(*st, "acme"), std::vector<std::string>{});
}

// The views file of another store is refused, named, and left as it was.
TEST_F(ViewFileTest, TheViewsFileOfAnotherStoreIsRefused) {
  TempStore other;
  {
    auto st = store_.Open();
    ASSERT_NO_FATAL_FAILURE(Shop(*st));
    auto o = other.Open();
    CreateClient(*o, "globex", "UTC");
  }
  const std::string other_views = other.url().substr(7) + "-views";
  fs::copy_file(other_views, ViewsPath(), fs::copy_options::overwrite_existing);
  fs::remove(ViewsPath() + "-wal");
  fs::remove(ViewsPath() + "-shm");
  const auto size = fs::file_size(ViewsPath());
  auto opened = store::Store::Open(store_.url());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find(ViewsPath()), std::string::npos)
      << opened.status().message();
  EXPECT_NE(opened.status().message().find("another store"), std::string::npos)
      << opened.status().message();
  EXPECT_EQ(fs::file_size(ViewsPath()), size);
}

// A change of a client's reorder settings is followed by its views in a transaction of
// their own; when a crash comes between the two, the processor's start follows it.
TEST_F(ViewFileTest, ReorderSettingsSavedWithoutTheirViewsAreFollowedAtStart) {
  auto st = store_.Open();
  ASSERT_NO_FATAL_FAILURE(Shop(*st));
  store::ReorderQuery any;
  any.limit = 10;
  auto rows = st->ListReorderViews("acme", any);
  ASSERT_TRUE(rows.ok());
  ASSERT_FALSE(rows->items.empty()) << "the shop has no reorder cadence";
  auto c = st->GetClient("acme");
  ASSERT_TRUE(c.ok() && *c);
  ClientSettings changed = **c;
  changed.reorder_tolerance_days = 40;
  changed.reorder_window_days = 20;
  // The client's row alone, as if the process died before its views followed.
  ASSERT_TRUE(st->Write([&](store::WriteTx& tx) { return tx.PutClient(changed); }).ok());
  EXPECT_NE(Differences(*st, "acme"), std::vector<std::string>{});
  ASSERT_TRUE(BuildMissingViews(*st).ok());
  EXPECT_EQ(Differences(*st, "acme"), std::vector<std::string>{});
}

}  // namespace
}  // namespace packprod::stream

// Upgrades of both stores: a store of every earlier schema version, holding a
// shop's data, opens in this version with nothing lost (same counts, listings' totals,
// keys, views that verify); a store of a newer version is refused with a clear message;
// a migration killed with SIGKILL leaves a store that opens and finishes migrating
// (SQLite; PostgreSQL runs each migration in one transaction the same way).
//
// An earlier version's store is made by applying only its first k migrations
// (sqlite::MigrateTo) and copying into it, table by table and column by column, the rows
// that a current store holds for the tables and columns that version had.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "store/copy.h"
#include "store/postgres/pg.h"
#include "store/postgres/schema.h"
#include "store/sqlite/db.h"
#include "store/sqlite/schema.h"
#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

// The reorder view (schema version 7) is added empty by its migration; the active
// processor (and `packprod init`) builds it once: BuildMissingViews.
void BuildViewsAddedEmpty(store::Store& st, std::int64_t from_version) {
  auto rebuilt = BuildMissingViews(st);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  auto again = BuildMissingViews(st);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "built twice, from " << from_version;
}

// The backlog an upgraded store reports for `client` (from client_stream, filled by its
// migration) is what a count over its change log after the checkpoint gives.
void ExpectBacklogAsCounted(store::Store& st, const std::string& client, std::int64_t want) {
  auto checkpoint = st.AppliedSeq();
  ASSERT_TRUE(checkpoint.ok());
  auto records = st.ReadChanges(*checkpoint, 100000);
  ASSERT_TRUE(records.ok());
  store::Store::PendingChanges counted;
  for (const store::ChangeRecord& r : *records) {
    if (r.client_id != client) continue;
    ++counted.count;
    counted.newest_seq = r.seq;
  }
  EXPECT_EQ(counted.count, want) << client;
  auto got = st.ClientPendingChanges(client, *checkpoint);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->count, counted.count) << client;
  EXPECT_EQ(got->newest_seq, counted.newest_seq) << client;
}

// Orders `first`..`first + n - 1` of `client` (one contact each of 5).
std::vector<Order> MoreOrders(const std::string& client, int first, int n) {
  std::vector<Order> out;
  for (int i = first; i < first + n; ++i) {
    out.push_back(testing::NewOrder(client, "MORE-" + std::to_string(i),
                           "m" + std::to_string(i % 5) + "@upgrade.example",
                           1735689600000 + i * 60000LL, 700 + i));
  }
  return out;
}

using testing::CreateClient;
using testing::Differences;
using testing::Import;
using testing::NewOrder;
using testing::TempStore;

std::vector<std::vector<std::string>> Rows(store::sqlite::Db& db, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  store::sqlite::Stmt& s = db.Prepare(sql);
  while (s.Step()) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(s.raw()); ++i) row.push_back(s.IsNull(i) ? "" : s.Text(i));
    rows.push_back(std::move(row));
  }
  EXPECT_TRUE(s.error().ok()) << sql << ": " << s.error().ToString();
  s.Reset();
  return rows;
}

// Copies into `db` (an earlier schema) the rows of the store file `from` for every table
// and column `db` has (FTS shadow tables come with their virtual table's rows). A table
// that a later migration dropped (a view whose rows are derived) stays empty.
void CopyRowsInto(store::sqlite::Db& db, const std::string& from) {
  // The current store keeps its views in a file of their own (sqlite/view_file.h).
  ASSERT_TRUE(db.Exec("ATTACH DATABASE '" + from + "' AS src").ok());
  ASSERT_TRUE(db.Exec("ATTACH DATABASE '" + from + "-views' AS srcv").ok());
  auto tables = Rows(db,
                     "SELECT m.name, m.sql, CASE WHEN m.name IN (SELECT name FROM "
                     "src.sqlite_master) THEN 'src' ELSE 'srcv' END FROM main.sqlite_master m "
                     "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name != "
                     "'schema_migrations' AND (m.name IN (SELECT name FROM src.sqlite_master "
                     "WHERE type = 'table') OR m.name IN (SELECT name FROM srcv.sqlite_master "
                     "WHERE type = 'table'))");
  std::vector<std::string> virtual_tables;
  for (const auto& t : tables) {
    if (t[1].starts_with("CREATE VIRTUAL")) virtual_tables.push_back(t[0]);
  }
  ASSERT_TRUE(db.Exec("BEGIN").ok());
  for (const auto& t : tables) {
    const std::string& name = t[0];
    const std::string& schema = t[2];
    bool shadow = false;
    for (const auto& v : virtual_tables) shadow |= name != v && name.starts_with(v + "_");
    if (shadow) continue;
    const bool rowid = t[1].find("WITHOUT ROWID") == std::string::npos;
    std::string cols = rowid ? "rowid" : "", values = rowid ? "s.rowid" : "";
    for (const auto& c : Rows(db, "SELECT name FROM pragma_table_info('" + name + "', 'main')")) {
      cols += (cols.empty() ? "" : ", ") + c[0];
      // Before schema 28 client_stream also held what client_applied holds now.
      const bool applied = name == "client_stream" && c[0] == "applied";
      values += (values.empty() ? "" : ", ") +
                (applied ? "COALESCE((SELECT a.applied FROM srcv.client_applied a WHERE "
                           "a.client_id = s.client_id), 0)"
                         : "s." + c[0]);
    }
    // OR REPLACE: rows a migration put there itself (the stream checkpoint).
    Status st = db.Exec("INSERT OR REPLACE INTO main." + name + " (" + cols + ") SELECT " + values +
                        " FROM " + schema + "." + name + " s");
    ASSERT_TRUE(st.ok()) << name << ": " << st.ToString();
  }
  ASSERT_TRUE(db.Exec("INSERT OR REPLACE INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence WHERE "
                      "name IN (SELECT name FROM main.sqlite_master)")
                  .ok());
  ASSERT_TRUE(db.Exec("COMMIT").ok());
  ASSERT_TRUE(db.Exec("DETACH DATABASE src").ok());
  ASSERT_TRUE(db.Exec("DETACH DATABASE srcv").ok());
}

struct Shape {
  store::StoreCounts counts;
  std::int64_t orders_total = 0, products_total = 0, customers_total = 0;
  // The listing's totals over a range with partial edge hours (order_hour_counts, filled
  // by its migration), without and with a status filter.
  std::int64_t range_total = 0, range_refunded_total = 0;
};

// A customer search through the trigram index once the views are built (SQLite: the
// index its join reads was replaced by migration 23): the total and the ids listed, by
// name.
struct SearchShape {
  std::int64_t total = 0;
  std::vector<std::string> ids;
};

SearchShape SearchOf(store::Store& st) {
  SearchShape s;
  store::CustomerViewQuery q;
  q.search = "1@upgrade";  // c1, c11, c21 and c31
  q.sort = CustomerSort::kName;
  q.limit = 3;
  auto found = st.ListCustomerViews("acme", q);
  EXPECT_TRUE(found.ok()) << found.status().ToString();
  if (found.ok()) {
    s.total = found->total;
    for (const auto& c : found->items) s.ids.push_back(c.contact_id);
  }
  return s;
}

Shape ShapeOf(store::Store& st) {
  Shape s;
  auto n = store::CountStore(st);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  if (n.ok()) s.counts = *n;
  store::OrderQuery oq;
  oq.limit = 1;
  auto orders = st.ListOrders("acme", oq);
  EXPECT_TRUE(orders.ok()) << orders.status().ToString();
  if (orders.ok()) s.orders_total = orders->total;
  oq.from = 1735689600000 + 10 * 3600000LL + 1800000;
  oq.to = 1735689600000 + 300 * 3600000LL + 900000;
  auto range = st.ListOrders("acme", oq);
  EXPECT_TRUE(range.ok()) << range.status().ToString();
  if (range.ok()) s.range_total = range->total;
  oq.statuses = {OrderStatus::kRefunded};
  auto refunded = st.ListOrders("acme", oq);
  EXPECT_TRUE(refunded.ok()) << refunded.status().ToString();
  if (refunded.ok()) s.range_refunded_total = refunded->total;
  return s;
}

// A current store with a shop in it: clients, keys, orders with items, views applied.
class UpgradeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = source_.Open();
    CreateClient(*st, "acme", "Australia/Sydney");
    CreateClient(*st, "other", "Europe/Berlin");
    store::ApiKey key;
    key.key_id = "key_upgrade";
    key.client_id = "acme";
    key.role = store::Role::kAdmin;
    key.created_at = 1;
    ASSERT_TRUE(st->CreateKey(key, "hash-of-the-key").ok());
    std::vector<Order> orders;
    for (int i = 0; i < 400; ++i) {
      Order o = NewOrder(i % 5 ? "acme" : "other", "UP-" + std::to_string(i),
                         "c" + std::to_string(i % 37) + "@upgrade.example",
                         1735689600000 + i * 3600000LL, 1000 + i,
                         i % 7 ? OrderStatus::kCompleted : OrderStatus::kRefunded);
      OrderItem item;
      item.code = "P" + std::to_string(i % 9);
      item.name = "Box " + std::to_string(i % 9);
      item.quantity = 1 + i % 3;
      item.unit_price = 250;
      item.line_total = item.quantity * item.unit_price;
      o.items.push_back(item);
      orders.push_back(std::move(o));
    }
    std::vector<Order> acme, other;
    for (auto& o : orders) (o.client_id == "acme" ? acme : other).push_back(std::move(o));
    ASSERT_TRUE(Import(*st, "acme", std::move(acme)).ok());
    ASSERT_TRUE(Import(*st, "other", std::move(other)).ok());
    Processor p(*st);
    ASSERT_TRUE(p.CatchUp().ok());
    expected_ = ShapeOf(*st);
    ASSERT_EQ(expected_.counts.orders, 400);
    // Orders hourly from hour 0 (4 of 5 acme's, every 7th refunded): hours 11..300 of
    // the range hold 232 of acme's, 33 of them refunded.
    ASSERT_EQ(expected_.range_total, 232);
    ASSERT_EQ(expected_.range_refunded_total, 33);
    expected_search_ = SearchOf(*st);
    ASSERT_EQ(expected_search_.total, 4);
    ASSERT_EQ(expected_search_.ids.size(), 3u);
    source_path_ = source_.url().substr(7);
  }

  // A store file at schema `version` holding the source's data.
  std::string MakeOldStore(std::int64_t version) {
    std::string path = dir_.string() + "/v" + std::to_string(version) + ".db";
    auto db = store::sqlite::Db::Open(path, false);
    EXPECT_TRUE(db.ok());
    EXPECT_TRUE(store::sqlite::MigrateTo(**db, version).ok());
    CopyRowsInto(**db, source_path_);
    return path;
  }

  void ExpectCurrentAndWhole(const std::string& path, std::int64_t from_version) {
    auto opened = store::Store::Open("sqlite:" + path);
    ASSERT_TRUE(opened.ok()) << "from version " << from_version << ": "
                             << opened.status().ToString();
    store::Store& st = **opened;
    Shape got = ShapeOf(st);
    EXPECT_EQ(got.counts, expected_.counts) << "from version " << from_version;
    EXPECT_EQ(got.orders_total, expected_.orders_total) << "from version " << from_version;
    EXPECT_EQ(got.range_total, expected_.range_total) << "from version " << from_version;
    EXPECT_EQ(got.range_refunded_total, expected_.range_refunded_total)
        << "from version " << from_version;
    auto key = st.FindKey("hash-of-the-key");
    ASSERT_TRUE(key.ok() && *key) << "the key is gone, from version " << from_version;
    // The views: carried over, or (before they existed) built by the processor from the
    // change log.
    Processor p(st);
    ASSERT_TRUE(p.CatchUp().ok());
    BuildViewsAddedEmpty(st, from_version);
    EXPECT_EQ(Differences(st, "acme"), std::vector<std::string>{}) << "from " << from_version;
    EXPECT_EQ(Differences(st, "other"), std::vector<std::string>{}) << "from " << from_version;
    const SearchShape search = SearchOf(st);
    EXPECT_EQ(search.total, expected_search_.total) << "from version " << from_version;
    EXPECT_EQ(search.ids, expected_search_.ids) << "from version " << from_version;
    auto db = store::sqlite::Db::Open(path, true);
    ASSERT_TRUE(db.ok());
    auto v = Rows(**db, "SELECT MAX(version) FROM schema_migrations");
    EXPECT_EQ(v[0][0], std::to_string(store::sqlite::LatestSchemaVersion()));
  }

  TempStore source_;
  std::string source_path_;
  Shape expected_;
  SearchShape expected_search_;
  std::filesystem::path dir_ = [] {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "packprod-upgrade-XXXXXX").string();
    return std::filesystem::path(mkdtemp(tmpl.data()));
  }();

  ~UpgradeTest() override { std::filesystem::remove_all(dir_); }
};

// PostgreSQL: a database at schema `version` holding the rows of the store at
// `source_url` for the tables and columns that version had (a table a later migration
// dropped stays empty).
void PgCopyRowsInto(const std::string& source_url, const std::string& target_url,
                    std::int64_t version) {
  namespace pg = store::postgres;
  auto src = pg::Conn::Open(source_url);
  auto dst = pg::Conn::Open(target_url);
  ASSERT_TRUE(src.ok() && dst.ok());
  ASSERT_TRUE(pg::MigrateTo(**dst, version).ok());
  auto tables = (*dst)->Exec(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND "
      "table_type = 'BASE TABLE' AND table_name != 'schema_migrations'");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  auto source_tables = (*src)->Exec(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND "
      "table_type = 'BASE TABLE'");
  ASSERT_TRUE(source_tables.ok()) << source_tables.status().ToString();
  std::set<std::string> in_source;
  for (int t = 0; t < source_tables->rows(); ++t) in_source.insert(source_tables->Text(t, 0));
  ASSERT_TRUE((*dst)->Simple("BEGIN").ok());
  // The catalogue lists the tables in no set order: foreign keys are not checked while
  // copying (the source satisfied them).
  ASSERT_TRUE((*dst)->Simple("SET LOCAL session_replication_role = replica").ok());
  for (int t = 0; t < tables->rows(); ++t) {
    const std::string name = tables->Text(t, 0);
    if (!in_source.contains(name)) continue;
    auto cols = (*dst)->Exec(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND "
        "table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
        pg::Params().Add(name));
    ASSERT_TRUE(cols.ok());
    std::string list, placeholders;
    for (int c = 0; c < cols->rows(); ++c) {
      list += (c ? ", " : "") + cols->Text(c, 0);
      placeholders += (c ? ", $" : "$") + std::to_string(c + 1);
    }
    // Before schema 26 client_stream also held what client_applied holds now.
    std::string select = list;
    if (name == "client_stream" && list.find("applied") != std::string::npos) {
      select.replace(select.find("applied"), 7,
                     "COALESCE((SELECT a.applied FROM client_applied a WHERE a.client_id = "
                     "client_stream.client_id), 0)");
    }
    auto rows = (*src)->Exec("SELECT " + select + " FROM " + name);
    ASSERT_TRUE(rows.ok()) << name << ": " << rows.status().ToString();
    // A migration may have put a row there itself (the stream checkpoint).
    ASSERT_TRUE((*dst)->Simple("DELETE FROM " + name).ok());
    for (int r = 0; r < rows->rows(); ++r) {
      pg::Params params;
      for (int c = 0; c < cols->rows(); ++c) params.Add(rows->OptText(r, c));
      auto ins = (*dst)->Exec("INSERT INTO " + name + " (" + list +
                                  ") OVERRIDING SYSTEM VALUE VALUES (" + placeholders + ")",
                              params);
      ASSERT_TRUE(ins.ok()) << name << ": " << ins.status().ToString();
    }
  }
  ASSERT_TRUE((*dst)->Simple("COMMIT").ok());
}

TEST(PostgresUpgrade, EveryEarlierSchemaVersionOpensWithItsData) {
  TempStore source(testing::Engine::kPostgres);
  Shape expected;
  {
    auto st = source.Open();
    CreateClient(*st, "acme", "Australia/Sydney");
    std::vector<Order> orders;
    for (int i = 0; i < 200; ++i) {
      Order o = NewOrder("acme", "PU-" + std::to_string(i), "c" + std::to_string(i % 23) + "@pg",
                         1735689600000 + i * 3600000LL, 500 + i);
      OrderItem item;
      item.code = "P" + std::to_string(i % 7);
      item.quantity = 1 + i % 4;
      item.unit_price = 125;
      o.items.push_back(item);
      orders.push_back(std::move(o));
    }
    ASSERT_TRUE(Import(*st, "acme", std::move(orders)).ok());
    Processor p(*st);
    ASSERT_TRUE(p.CatchUp().ok());
    expected = ShapeOf(*st);
    ASSERT_EQ(expected.counts.orders, 200);
  }
  for (std::int64_t v = 1; v < store::postgres::LatestSchemaVersion(); ++v) {
    TempStore old(testing::Engine::kPostgres);
    PgCopyRowsInto(source.url(), old.url(), v);
    auto st = old.Open();  // migrates v -> latest
    Shape got = ShapeOf(*st);
    EXPECT_EQ(got.counts, expected.counts) << "from version " << v;
    EXPECT_EQ(got.orders_total, expected.orders_total) << "from version " << v;
    EXPECT_EQ(got.range_total, expected.range_total) << "from version " << v;
    EXPECT_EQ(got.range_refunded_total, expected.range_refunded_total) << "from version " << v;
    Processor p(*st);
    ASSERT_TRUE(p.CatchUp().ok());
    BuildViewsAddedEmpty(*st, v);
    EXPECT_EQ(Differences(*st, "acme"), std::vector<std::string>{}) << "from version " << v;
  }
  // From before client_stream (19), with records pending: the backlog is right at once.
  {
    auto st = source.Open();
    ASSERT_TRUE(Import(*st, "acme", MoreOrders("acme", 0, 6)).ok());
    TempStore old(testing::Engine::kPostgres);
    PgCopyRowsInto(source.url(), old.url(), 19);
    auto upgraded = old.Open();
    ExpectBacklogAsCounted(*upgraded, "acme", 6);
    ExpectBacklogAsCounted(*upgraded, "nobody", 0);
    Processor p(*upgraded);
    ASSERT_TRUE(p.CatchUp().ok());
    ExpectBacklogAsCounted(*upgraded, "acme", 0);
  }
  // A database of a newer packprod is refused.
  auto conn = store::postgres::Conn::Open(source.url());
  ASSERT_TRUE(conn.ok());
  const std::int64_t newer = store::postgres::LatestSchemaVersion() + 1;
  ASSERT_TRUE((*conn)->Simple("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
                              ", 0)").ok());
  auto refused = store::Store::Open(source.url());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("newer than this packprod knows"), std::string::npos)
      << refused.status().message();
}

// A store from before client_stream (19), with records applied, pruned and pending for
// two clients, reports each client's backlog right as soon as it opens.
TEST_F(UpgradeTest, BacklogOfAStoreFromBeforeTheCountersIsRightAtOnce) {
  {
    auto st = source_.Open();
    ASSERT_TRUE(Import(*st, "acme", MoreOrders("acme", 0, 12)).ok());
    ASSERT_TRUE(Import(*st, "other", MoreOrders("other", 100, 3)).ok());
    ASSERT_TRUE(Import(*st, "acme", MoreOrders("acme", 200, 4)).ok());
    // The first import's records pruned; the other two's pending.
    auto head = st->HeadSeq();
    ASSERT_TRUE(head.ok());
    ASSERT_TRUE(
        st->WriteViews([&](store::WriteTx& tx) { return tx.SetAppliedSeq(*head - 7, 1); }).ok());
    ASSERT_TRUE(st->Write([&](store::WriteTx& tx) -> Status {
                    return tx.PruneChanges(*head - 7, NowMillis() + 1, 100000).status();
                  }).ok());
  }
  std::string path = MakeOldStore(19);
  auto opened = store::Store::Open("sqlite:" + path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ExpectBacklogAsCounted(**opened, "acme", 4);
  ExpectBacklogAsCounted(**opened, "other", 3);
  Processor p(**opened);
  ASSERT_TRUE(p.CatchUp().ok());
  ExpectBacklogAsCounted(**opened, "acme", 0);
  ExpectBacklogAsCounted(**opened, "other", 0);
}

TEST_F(UpgradeTest, EveryEarlierSchemaVersionOpensWithItsData) {
  ASSERT_GE(store::sqlite::LatestSchemaVersion(), 2);
  for (std::int64_t v = 1; v < store::sqlite::LatestSchemaVersion(); ++v) {
    ExpectCurrentAndWhole(MakeOldStore(v), v);
  }
}

TEST_F(UpgradeTest, StoreOfNewerVersionIsRefused) {
  auto db = store::sqlite::Db::Open(source_path_, false);
  ASSERT_TRUE(db.ok());
  const std::int64_t newer = store::sqlite::LatestSchemaVersion() + 1;
  ASSERT_TRUE((*db)->Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
                          ", 0)").ok());
  db->reset();
  auto opened = store::Store::Open(source_.url());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("schema version " + std::to_string(newer) +
                                           ", newer than this packprod knows"),
            std::string::npos)
      << opened.status().message();
}

// A child process opens (and so migrates) a version-1 store and is killed at a moment
// between 0 and ~40 ms in; whatever it had done, the store then opens and is whole.
TEST_F(UpgradeTest, MigrationKilledMidwayOpensAndFinishes) {
  for (int delay_ms : {0, 2, 5, 10, 20, 40}) {
    std::string path = MakeOldStore(1);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto s = store::Store::Open("sqlite:" + path);
      _exit(s.ok() ? 0 : 1);
    }
    usleep(static_cast<useconds_t>(delay_ms) * 1000);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ExpectCurrentAndWhole(path, 1);
    // The store file and the views file beside it (the next round makes a new store).
    for (const char* suffix : {"", "-wal", "-shm", "-views", "-views-wal", "-views-shm"}) {
      std::filesystem::remove(path + suffix);
    }
  }
}

}  // namespace
}  // namespace packprod::stream

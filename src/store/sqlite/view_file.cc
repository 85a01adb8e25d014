#include "store/sqlite/view_file.h"

#include <array>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/tables.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/session.h"
#include "store/sqlite/tables.h"

namespace packprod::store::sqlite {
namespace {

// The tables the stream processor writes (and the account rules its views group by):
// everything recomputed from the orders. The rest of the store (clients, keys, contacts,
// orders, items, the change log and the counters the imports keep beside them, e-mail
// ingestion, notifications) stays in the store file.
constexpr std::array<const char*, 29> kViewTables = {
    "stream_state",
    "client_applied",
    "customer_metrics",
    "customer_search",
    "customer_counts",
    "product_totals",
    "sales_daily",
    "product_daily",
    "contact_days",
    "reorder_cadence",
    "reorder_day_counts",
    "day_customers",
    "contact_spend_days",
    "segment_moves",
    "segment_days",
    "cohort_cells",
    "account_rules",
    "account_metrics",
    "account_members",
    "contact_products",
    "contact_first_orders",
    "product_cohort_cells",
    "product_day_customers",
    "product_block_customers",
    "product_blocks",
    "stats_cells",
    "stats_totals",
    "stats_buckets",
    "stats_gaps",
};

Result<std::vector<std::vector<std::string>>> Rows(Db& db, const std::string& sql,
                                                   const std::vector<std::string>& args = {}) {
  Stmt& s = db.Prepare(sql);
  for (std::size_t i = 0; i < args.size(); ++i) s.Bind(static_cast<int>(i + 1), args[i]);
  std::vector<std::vector<std::string>> out;
  const int cols = sqlite3_column_count(s.raw());
  while (s.Step()) {
    auto& row = out.emplace_back();
    for (int c = 0; c < cols; ++c) row.push_back(s.Text(c));
  }
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

Result<std::int64_t> Count(Db& db, const std::string& sql,
                           const std::vector<std::string>& args = {}) {
  PP_ASSIGN_OR_RETURN(auto rows, Rows(db, sql, args));
  return rows.empty() ? 0 : std::stoll(rows[0][0]);
}

// `ddl` (a CREATE statement of `name` as sqlite_master keeps it: without a schema) made
// to create it in the "views" schema.
Result<std::string> InViews(const std::string& ddl, const std::string& name) {
  const std::size_t at = ddl.find(" " + name);
  if (ddl.rfind("CREATE ", 0) != 0 || at == std::string::npos) {
    return Status::Internal("cannot place in the views file: " + ddl);
  }
  return ddl.substr(0, at + 1) + "views." + ddl.substr(at + 1);
}

bool WithoutRowid(const std::string& ddl) {
  std::string upper = ddl;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("WITHOUT ROWID") != std::string::npos;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Drops every table of the views schema (what an interrupted earlier run left).
Status DropViewsSchema(Db& db) {
  for (const char* kind : {"virtual", "table"}) {
    PP_ASSIGN_OR_RETURN(auto tables, Rows(db,
                                          "SELECT name FROM pragma_table_list "
                                          "WHERE schema = 'views' AND type = ?1 AND "
                                          "name NOT LIKE 'sqlite_%'",
                                          {kind}));
    for (const auto& t : tables) PP_RETURN_IF_ERROR(db.Exec("DROP TABLE views." + t[0]));
  }
  return Status::Ok();
}

// The path of the attached views file, for messages.
std::string ViewsFileOf(Db& db) {
  auto file = Rows(db, "SELECT file FROM pragma_database_list WHERE name = 'views'");
  return file.ok() && !file->empty() ? (*file)[0][0] : std::string("the views file");
}

Status Link(Db& db, const std::string& store_id, bool await_rebuild) {
  PP_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE views.view_link (id INTEGER PRIMARY KEY CHECK (id = 1), "
              "store_id TEXT NOT NULL, await_rebuild INTEGER NOT NULL)"));
  Stmt& s =
      db.Prepare("INSERT INTO views.view_link (id, store_id, await_rebuild) VALUES (1, ?, ?)");
  s.Bind(1, store_id).Bind(2, std::int64_t{await_rebuild ? 1 : 0});
  return s.Run();
}

// The views' checkpoint at the head of the change log, every record counted applied,
// and the views marked for a rebuild: what they hold (nothing, or an old state) no
// longer follows the log.
Status RestartViewsAtHead(Db& db) {
  PP_ASSIGN_OR_RETURN(std::int64_t head, ReadHeadSeq(db));
  Stmt& s = db.Prepare("UPDATE views.stream_state SET applied_seq = ? WHERE id = 1");
  s.Bind(1, head);
  PP_RETURN_IF_ERROR(s.Run());
  PP_RETURN_IF_ERROR(
      db.Exec("DELETE FROM views.client_applied; "
              "INSERT INTO views.client_applied (client_id, applied) "
              "SELECT client_id, appended FROM main.client_stream; "
              "UPDATE views.view_link SET await_rebuild = 1"));
  return Status::Ok();
}

// Creates the views schema of this version in `db`'s (empty) views file: the migrations
// run on an in-memory pair of files, and their views schema is created here.
Status CreateViewsSchema(Db& db, const std::string& store_id) {
  PP_ASSIGN_OR_RETURN(auto mem, Db::Open(":memory:", false));
  PP_RETURN_IF_ERROR(mem->Exec("ATTACH DATABASE ':memory:' AS views"));
  PP_RETURN_IF_ERROR(Migrate(*mem));
  PP_ASSIGN_OR_RETURN(auto shadows, Rows(*mem,
                                         "SELECT name FROM pragma_table_list "
                                         "WHERE schema = 'views' AND type = 'shadow'"));
  std::set<std::string> skip = {"view_link"};
  for (const auto& r : shadows) skip.insert(r[0]);
  PP_ASSIGN_OR_RETURN(auto objects, Rows(*mem,
                                         "SELECT type, name, sql FROM views.sqlite_master "
                                         "WHERE sql IS NOT NULL ORDER BY rowid"));
  for (const auto& o : objects) {
    if (skip.count(o[1]) || o[1].rfind("sqlite_", 0) == 0) continue;
    if (o[0] == "table" && o[1] != "stream_state") {
      PP_ASSIGN_OR_RETURN(std::int64_t rows, Count(*mem, "SELECT count(*) FROM views." + o[1]));
      // A migration that seeds a view table must be followed here.
      if (rows != 0) return Status::Internal("views schema: table " + o[1] + " is seeded");
    }
    PP_ASSIGN_OR_RETURN(std::string ddl, InViews(o[2], o[1]));
    PP_RETURN_IF_ERROR(db.Exec(ddl));
  }
  PP_RETURN_IF_ERROR(
      db.Exec("INSERT INTO views.stream_state (id, applied_seq, updated_at) VALUES (1, 0, 0)"));
  return Link(db, store_id, true);
}

}  // namespace

std::string ViewFilePath(const std::string& path) {
  return path == ":memory:" ? path : path + "-views";
}

Status AttachViewFile(Db& db, const std::string& views_path, int cache_kib, bool writer) {
  Stmt& s = db.Prepare("ATTACH DATABASE ? AS views");
  s.Bind(1, views_path);
  PP_RETURN_IF_ERROR(s.Run());
  if (writer && views_path != ":memory:") {
    PP_RETURN_IF_ERROR(db.Exec("PRAGMA views.journal_mode = WAL"));
    PP_RETURN_IF_ERROR(db.Exec("PRAGMA views.journal_size_limit = 33554432"));
  }
  if (writer) PP_RETURN_IF_ERROR(db.Exec("PRAGMA views.synchronous = FULL"));
  return db.Exec("PRAGMA views.cache_size = -" + std::to_string(cache_kib));
}

Status MoveViewsToTheirFile(Db& db) {
  PP_RETURN_IF_ERROR(DropViewsSchema(db));
  for (const char* table : kViewTables) {
    const std::string t = table;
    PP_ASSIGN_OR_RETURN(auto ddl, Rows(db,
                                       "SELECT sql FROM main.sqlite_master "
                                       "WHERE type = 'table' AND name = ?1",
                                       {t}));
    if (ddl.empty()) return Status::Internal("moving the views: no table " + t);
    PP_ASSIGN_OR_RETURN(std::string create, InViews(ddl[0][0], t));
    PP_RETURN_IF_ERROR(db.Exec(create));
    PP_ASSIGN_OR_RETURN(auto cols, Rows(db, "SELECT name FROM pragma_table_info(?1, 'main')", {t}));
    std::vector<std::string> names;
    if (!WithoutRowid(ddl[0][0])) names.push_back("rowid");  // kept: customer_search's
    for (const auto& c : cols) names.push_back(c[0]);
    PP_RETURN_IF_ERROR(db.Exec("INSERT INTO views." + t + " (" + Join(names) + ") SELECT " +
                               Join(names) + " FROM main." + t));
    PP_ASSIGN_OR_RETURN(auto indexes, Rows(db,
                                           "SELECT name, sql FROM main.sqlite_master "
                                           "WHERE type = 'index' AND tbl_name = ?1 AND "
                                           "sql IS NOT NULL ORDER BY rowid",
                                           {t}));
    PP_ASSIGN_OR_RETURN(std::int64_t triggers, Count(db,
                                                     "SELECT count(*) FROM main.sqlite_master "
                                                     "WHERE type = 'trigger' AND tbl_name = ?1",
                                                     {t}));
    if (triggers != 0) return Status::Internal("moving the views: table " + t + " has triggers");
    PP_RETURN_IF_ERROR(db.Exec("DROP TABLE main." + t));
    for (const auto& ix : indexes) {
      PP_ASSIGN_OR_RETURN(std::string index, InViews(ix[1], ix[0]));
      PP_RETURN_IF_ERROR(db.Exec(index));
    }
  }
  PP_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE main.store_meta (id INTEGER PRIMARY KEY CHECK (id = 1), "
              "store_id TEXT NOT NULL); "
              "INSERT INTO main.store_meta (id, store_id) VALUES (1, lower(hex(randomblob(16))))"));
  PP_ASSIGN_OR_RETURN(auto id, Rows(db, "SELECT store_id FROM main.store_meta"));
  return Link(db, id.at(0).at(0), false);
}

Result<bool> OpenViewFile(Db& db) {
  PP_ASSIGN_OR_RETURN(auto id, Rows(db, "SELECT store_id FROM main.store_meta WHERE id = 1"));
  if (id.empty()) return Status::Internal("the store file has no store id");
  const std::string store_id = id[0][0];
  PP_ASSIGN_OR_RETURN(std::int64_t linked, Count(db,
                                                 "SELECT count(*) FROM views.sqlite_master "
                                                 "WHERE type = 'table' AND name = 'view_link'"));
  if (linked == 0) {
    PP_ASSIGN_OR_RETURN(std::int64_t other, Count(db, "SELECT count(*) FROM views.sqlite_master"));
    if (other != 0) {
      return Status::InvalidArgument(ViewsFileOf(db) +
                                     " is not a packprod views file; move "
                                     "it away (the views are rebuilt from the orders)");
    }
    PP_RETURN_IF_ERROR(CreateViewsSchema(db, store_id));
    PP_RETURN_IF_ERROR(RestartViewsAtHead(db));
    return true;
  }
  PP_ASSIGN_OR_RETURN(auto link, Rows(db, "SELECT store_id, await_rebuild FROM views.view_link"));
  if (link.empty() || link[0][0] != store_id) {
    return Status::InvalidArgument(ViewsFileOf(db) +
                                   " holds the views of another store; move it away (the "
                                   "views of this one are rebuilt from its orders)");
  }
  if (link[0][1] != "0") return true;
  // The records past the checkpoint are never pruned: the next one must be there.
  PP_ASSIGN_OR_RETURN(std::int64_t head, ReadHeadSeq(db));
  SqliteSession session(db);
  PP_ASSIGN_OR_RETURN(std::int64_t applied, sql::ReadAppliedSeq(session));
  bool follows = applied == head;
  if (applied < head) {
    PP_ASSIGN_OR_RETURN(std::int64_t next, Count(db,
                                                 "SELECT count(*) FROM main.change_log "
                                                 "WHERE seq = ?1",
                                                 {std::to_string(applied + 1)}));
    follows = next == 1;
  }
  if (follows) return false;
  PP_RETURN_IF_ERROR(RestartViewsAtHead(db));
  return true;
}

// Unqualified: on the views' writer their file is the main one.
Result<bool> ViewsAwaitRebuild(Db& db) {
  PP_ASSIGN_OR_RETURN(std::int64_t n,
                      Count(db, "SELECT await_rebuild FROM view_link WHERE id = 1"));
  return n != 0;
}

Status ClearViewsAwaitRebuild(Db& db) {
  return db.Exec("UPDATE view_link SET await_rebuild = 0 WHERE id = 1");
}

}  // namespace packprod::store::sqlite

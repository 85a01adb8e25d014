#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "domain/text.h"
#include "store/change_stamp.h"
#include "store/sql/sql_store.h"
#include "store/sql/tables.h"
#include "store/sqlite/backup.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/db.h"
#include "store/sqlite/order_counts.h"
#include "store/sqlite/processor_lease.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/session.h"
#include "store/sqlite/tables.h"
#include "store/sqlite/view_file.h"
#include "store/sqlite/views.h"
#include "store/sqlite/writer_queue.h"

namespace packprod::store::sqlite {
namespace {

// Page caches (KiB): the store file's writer keeps what the one writer of one file had
// (its scattered order and contact keys); the views file's writer half of that; a reader
// half of what it had for each file.
constexpr int kStoreWriterCacheKib = 131072;
constexpr int kViewsWriterCacheKib = 65536;
constexpr int kReaderCacheKib = 8192;

// The view methods come from ViewTx (views.h). `db` is the transaction's connection; a
// transaction of the views' writer (its file alone) reads the store file's tables on
// `store_file`, one statement at a time (SqlTx::store_sql).
class SqliteWriteTx : public ViewTx {
 public:
  explicit SqliteWriteTx(Db& db, Db* store_file = nullptr)
      : ViewTx(db),
        db_(store_file ? *store_file : db),
        store_session_(store_file ? std::make_unique<SqliteSession>(*store_file) : nullptr) {}
  // An import asks for each order and contact of its batch: one cached statement each,
  // the document parsed in place (not through the engine-neutral session's rows).
  Result<std::optional<Order>> GetOrder(const std::string& client,
                                        const std::string& order_id) override {
    Stmt& s = db_.Prepare("SELECT doc FROM orders WHERE client_id = ? AND order_id = ?");
    s.Bind(1, client).Bind(2, order_id);
    std::optional<Order> o;
    bool corrupt = false;
    if (s.Step()) {
      o = OrderFromImage(s.TextView(0));
      corrupt = !o;
    }
    Status st = s.error();
    s.Reset();
    PP_RETURN_IF_ERROR(st);
    if (corrupt) return Status::Internal("corrupt order document");
    return o;
  }
  Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                  const std::string& contact_id) override {
    if (auto* hit = Cached(&ViewCache::contacts, client, contact_id)) return *hit;
    Stmt& s = db_.Prepare(
        "SELECT contact_id, email, name, company, phone, updated_at FROM contacts "
        "WHERE client_id = ? AND contact_id = ?");
    s.Bind(1, client).Bind(2, contact_id);
    std::optional<ContactRecord> c;
    if (s.Step()) {
      c.emplace();
      c->contact_id = s.Text(0);
      c->email = s.Text(1);
      c->name = s.OptText(2);
      c->company = s.OptText(3);
      c->phone = s.OptText(4);
      c->updated_at = s.Int(5);
    }
    Status st = s.error();
    s.Reset();
    PP_RETURN_IF_ERROR(st);
    return c;
  }
  Status PutContact(const std::string& client, const ContactRecord& c) override {
    Forget(&ViewCache::contacts, client, c.contact_id);
    return sql::WriteContact(sql(), client, c);
  }
  Status PutOrder(const Order& o, const std::string& image, bool replace) override {
    return WriteOrder(db_, o, image, replace, &counts_[o.client_id]);
  }
  Status DeleteOrder(const std::string& client, const std::string& order_id) override {
    PP_RETURN_IF_ERROR(UncountStoredOrder(db_, client, order_id, &counts_[client]));
    Stmt& s = db_.Prepare("DELETE FROM orders WHERE client_id = ? AND order_id = ?");
    s.Bind(1, client).Bind(2, order_id);
    return s.Run();
  }
  Result<std::int64_t> AppendChange(const ChangeRecord& c) override {
    Stmt& s = db_.Prepare(
        "INSERT INTO change_log (client_id, order_id, op, old_image, new_image, committed_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, c.client_id).Bind(2, c.order_id).Bind(3, ChangeOpName(c.op));
    s.Bind(4, c.old_image).Bind(5, c.new_image).Bind(6, c.committed_at);
    PP_RETURN_IF_ERROR(s.Run());
    const std::int64_t seq = db_.LastInsertRowid();
    if (c.committed_at == kStampAtCommit) {
      if (stamp_from_ == 0) stamp_from_ = seq;
      stamp_to_ = seq;
    }
    Appended& mine = appended_[c.client_id];
    ++mine.records;
    mine.newest_seq = seq;
    return seq;
  }
  Result<std::int64_t> HeadSeq() override { return ReadHeadSeq(db_); }
  sql::Session& store_sql() override { return store_session_ ? *store_session_ : sql(); }
  // A transaction of views: the store file's tables from one snapshot (a read transaction
  // on its reader, begun by its first read), ended by the caller (EndStoreSnapshot).
  Status LockWrites() override {
    if (!store_session_ || sqlite3_get_autocommit(db_.raw()) == 0) return Status::Ok();
    PP_RETURN_IF_ERROR(db_.Exec("BEGIN"));
    return ReadHeadSeq(db_).status();
  }
  void EndStoreSnapshot() {
    if (store_session_ && sqlite3_get_autocommit(db_.raw()) == 0) db_.Exec("COMMIT");
  }
  // A transaction of the views' own writer, whose checkpoint lives beside the views
  // (Store::SyncViews before a prune of the change log): the caller returns without
  // fsyncing the views file's log after the commit (Transact).
  Status CommitWithoutWaitingForDisk() override {
    lazy_commit_ = true;
    return Status::Ok();
  }
  bool lazy_commit() const { return lazy_commit_; }

  // Before the commit: the order counts of the orders written (order_counts.h), the
  // records appended, counted once per client (client_stream),
  // and those to be stamped at the commit given the clock now (store.h kStampAtCommit).
  Status FlushAppended() {
    for (const auto& [client, d] : counts_) PP_RETURN_IF_ERROR(ApplyCountDeltas(db_, client, d));
    counts_.clear();
    for (const auto& [client, a] : appended_) {
      PP_RETURN_IF_ERROR(sql::AddAppended(sql(), client, a.records, a.newest_seq));
    }
    appended_.clear();
    if (stamp_from_ == 0) return Status::Ok();
    Stmt& s = db_.Prepare(
        "UPDATE change_log SET committed_at = ? WHERE seq BETWEEN ? AND ? AND committed_at = ?");
    s.Bind(1, NowMillis()).Bind(2, stamp_from_).Bind(3, stamp_to_).Bind(4, kStampAtCommit);
    stamp_from_ = stamp_to_ = 0;
    return s.Run();
  }

 private:
  struct Appended {
    std::int64_t records = 0;
    std::int64_t newest_seq = 0;
  };
  Db& db_;  // the store file's tables: orders, contacts, the change log
  std::unique_ptr<SqliteSession> store_session_;  // on db_ when it is not sql()'s
  std::map<std::string, Appended> appended_;
  std::map<std::string, CountDeltas> counts_;  // by client
  bool lazy_commit_ = false;
  std::int64_t stamp_from_ = 0, stamp_to_ = 0;  // seqs to stamp at the commit (0: none)
};

class SqliteStore : public sql::SqlStore {
 public:
  // `views_writer`: the views' writer (view_file.h), null in memory, where `writer`
  // holds both files.
  SqliteStore(std::string path, std::unique_ptr<Db> writer, std::unique_ptr<Db> views_writer)
      : path_(std::move(path)),
        views_path_(ViewFilePath(path_)),
        views_writer_(std::move(views_writer)),
        writer_(std::move(writer)),
        memory_(path_ == ":memory:"),
        lease_(ProcessorLockPath(path_)) {
    // The writers never checkpoint: a thread of its own does, per file (checkpointer.h).
    if (!memory_) {
      checkpointer_ = WalCheckpointer::For(path_);
      checkpointer_->Attach(writer_->raw(), &write_mu_);
      views_checkpointer_ = WalCheckpointer::For(views_path_);
      views_checkpointer_->Attach(views_writer_->raw(), &views_mu_);
    }
  }
  ~SqliteStore() override {
    // The threads stop (if no other store of this process uses the file) before the
    // writers close: a writer, closing last, checkpoints its log as before.
    if (checkpointer_) {
      checkpointer_->Detach(writer_->raw(), &write_mu_);
      checkpointer_.reset();
    }
    if (views_checkpointer_) {
      views_checkpointer_->Detach(views_writer_->raw(), &views_mu_);
      views_checkpointer_.reset();
    }
  }

  // The store file alone: the views are rebuilt from its orders where it is restored
  // (a new views file awaits a rebuild: view_file.h).
  Status Backup(const std::string& to) override {
    if (memory_) return Status::InvalidArgument("an in-memory store cannot be backed up");
    return CopyDatabase(path_, to);
  }

  Status Write(const std::function<Status(WriteTx&)>& fn) override {
    return Transact(fn, false, false);
  }
  Status WriteViews(const std::function<Status(WriteTx&)>& fn, bool ahead) override {
    return Transact(fn, ahead, true);
  }

  // The views' writer commits the processor's batches without an fsync (above): fsync
  // its log now, which holds every commit since the last checkpoint copied the log into
  // the file and synced it.
  Status SyncViews() override {
    if (!views_writer_) return Status::Ok();
    return SyncPath(views_path_ + "-wal", O_RDONLY);
  }

  Result<bool> ViewsAwaitRebuild() override {
    return WithReader([](Db& db) { return sqlite::ViewsAwaitRebuild(db); });
  }
  Status ViewsRebuilt() override {
    return WriteViews([&](WriteTx&) { return ClearViewsAwaitRebuild(ViewsDb()); }, false);
  }

  // One write transaction, when its turn comes (writer_queue.h): of the store file on
  // its writer, or (`views`) of the views file on theirs.
  Status Transact(const std::function<Status(WriteTx&)>& fn, bool ahead, bool views) {
    Status st;
    bool reads_unchanged = false;
    const bool own = views && views_writer_;
    WalCheckpointer* checkpointer = own ? views_checkpointer_.get() : checkpointer_.get();
    if (checkpointer) checkpointer->BeforeWrite();
    // The views' writer has their file alone; it reads the store file's tables on a
    // reader connection outside any transaction (SqliteWriteTx).
    std::unique_ptr<Db> store_file;
    if (own) {
      store_file = TakeReader();
      if (!store_file) return Status::Unavailable("cannot open a reader on " + path_);
    }
    {
      WriterQueue::Hold turn(own ? view_writers_ : writers_, ahead);
      std::lock_guard<std::mutex> lock(own ? views_mu_ : write_mu_);
      Db& db = own ? *views_writer_ : *writer_;
      PP_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
      SqliteWriteTx tx(db, store_file.get());
      try {
        st = fn(tx);
      } catch (...) {
        db.Exec("ROLLBACK");
        throw;
      }
      if (st.ok()) st = tx.FlushAppended();
      if (st.ok()) st = db.Exec("COMMIT");
      if (!st.ok()) {
        db.Exec("ROLLBACK");
        return st;
      }
      // The views file's log is written with synchronous = NORMAL (OpenSqliteStore): a
      // commit is in the log, which a crash of this process keeps, but not fsync'd. Every
      // transaction but the processor's batches is made durable here, before it returns.
      if (own && !tx.lazy_commit()) st = SyncViews();
      reads_unchanged = tx.reads_unchanged();
      tx.EndStoreSnapshot();
    }
    if (store_file) GiveReader(std::move(store_file));
    if (reads_unchanged) return st;
    std::vector<std::function<void()>> listeners;
    {
      std::lock_guard<std::mutex> lock(listen_mu_);
      listeners = listeners_;
    }
    for (auto& l : listeners) l();
    return st;
  }

  std::vector<EngineFigure> EngineFigures() override {
    std::vector<EngineFigure> out;
    auto add = [&out](std::string name, std::string help, bool counter, double value) {
      out.push_back(EngineFigure{std::move(name), std::move(help), counter, value});
    };
    add("packprod_sqlite_writes_waiting",
        "Write transactions of this process waiting for the store file's single writer.", false,
        writers_.Waiting());
    add("packprod_sqlite_view_writes_waiting",
        "Write transactions of this process waiting for the views file's single writer.", false,
        view_writers_.Waiting());
    if (!checkpointer_) return out;
    // The store file's log (packprod_sqlite_wal_*), then the views file's
    // (packprod_sqlite_views_wal_*).
    auto wal = [&](const std::string& prefix, const std::string& of, const CheckpointerStats& c) {
      add(prefix + "checkpointer_up",
          "1 while the checkpointer thread copies the log" + of +
              "; 0 when its connection could not open and the writers checkpoint their own "
              "commits.",
          false, c.handed_back ? 0 : 1);
      add(prefix + "pages", "Pages in the write-ahead log" + of + ", as last seen.", false,
          c.log_pages);
      add(prefix + "stalled",
          "1 while a reader (or another process) keeps the log" + of + " from starting over.",
          false, c.stalled ? 1 : 0);
      add(prefix + "checkpoints_total", "PASSIVE copies of the log" + of + " into its file.", true,
          static_cast<double>(c.passive));
      add(prefix + "restarts_total", "Times the log" + of + " was started over.", true,
          static_cast<double>(c.restarts));
      add(prefix + "restart_misses_total",
          "Tries to start the log" + of + " over that found readers still in it.", true,
          static_cast<double>(c.restart_misses));
      add(prefix + "writer_waits_total",
          "Writes that waited for a long log" + of + " to start over (back-pressure).", true,
          static_cast<double>(c.writer_waits));
      add(prefix + "writers_held_seconds_total",
          "Time the checkpointer held this process's writers to start the log" + of + " over.",
          true, static_cast<double>(c.held_us_total) / 1e6);
    };
    wal("packprod_sqlite_wal_", "", checkpointer_->Stats());
    wal("packprod_sqlite_views_wal_", " of the views file", views_checkpointer_->Stats());
    return out;
  }

  void OnCommit(std::function<void()> listener) override {
    std::lock_guard<std::mutex> lock(listen_mu_);
    listeners_.push_back(std::move(listener));
  }
  // Several processes may open one store: the one holding its lock file applies (one
  // applier keeps the batches and the lag whole).
  Result<bool> HoldProcessorLease() override { return memory_ ? true : lease_.TryHold(); }
  void ReleaseProcessorLease() override {
    if (!memory_) lease_.Release();
  }


  Status ScanOrderFacts(const std::string& client,
                        const std::function<void(const OrderFact&)>& fn) override {
    return WithReader([&](Db& db) -> Result<bool> {
             PP_RETURN_IF_ERROR(ScanOrderFactRows(db, client, fn));
             return true;
           }).status();
  }
  Result<std::vector<ProductAggregate>> ContactProducts(const std::string& client,
                                                       const std::string& contact_id) override {
    return WithReader([&](Db& db) { return ReadContactProducts(db, client, contact_id); });
  }
  Result<std::int64_t> HeadSeq() override {
    return WithReader([&](Db& db) { return ReadHeadSeq(db); });
  }
  // ---- views (stream processor)
  Result<std::int64_t> AppliedSeq() override {
    return WithReader([&](Db& db) {
      SqliteSession s(db);
      return sql::ReadAppliedSeq(s);
    });
  }
  Status Read(const std::function<Status(ReadTx&)>& fn) override {
    auto r = WithReader([&](Db& db) -> Result<bool> {
      SqliteWriteTx tx(db);
      PP_RETURN_IF_ERROR(fn(tx));
      return true;
    });
    return r.status();
  }

  Result<IntegrityReport> CheckIntegrity(bool full) override {
    IntegrityReport out;
    out.ran = true;
    out.check = full ? "PRAGMA integrity_check" : "PRAGMA quick_check";
    // Its own connection: the check reads every page and must not hold the writer.
    auto opened = Db::Open(path_, true);
    if (!opened.ok()) return opened.status();
    Db& db = **opened;
    PP_RETURN_IF_ERROR(AttachViewFile(db, views_path_, kReaderCacheKib, false));
    Stmt& s = db.Prepare(full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)");
    while (s.Step()) {
      std::string line = s.Text(0);
      if (line != "ok") out.problems.push_back(std::move(line));
    }
    Status st = s.error();
    s.Reset();
    if (!st.ok()) {
      if (st.code() == Status::Code::kUnavailable) return st;
      out.problems.push_back(st.message());  // the check itself met a damaged page
    }
    return out;
  }

  bool DamageSeen() override {
    return sqlite::DamageSeen(writer_->raw()) ||
           (views_writer_ && sqlite::DamageSeen(views_writer_->raw()));
  }

  Status Ping() override {
    auto r = WithReader([&](Db& db) -> Result<bool> {
      PP_RETURN_IF_ERROR(db.Exec("SELECT 1"));
      return true;
    });
    return r.status();
  }

  // ---- views (read side)
  Result<std::optional<NotifyDoc>> GetNotifyDoc(const std::string& client,
                                                const std::string& name) override {
    return WithReader([&](Db& db) -> Result<std::optional<NotifyDoc>> {
      Stmt& s = db.Prepare("SELECT body, version FROM notify_docs WHERE client_id = ? AND name = ?");
      s.Bind(1, client).Bind(2, name);
      std::optional<NotifyDoc> out;
      if (s.Step()) out = NotifyDoc{s.Text(0), s.Int(1)};
      PP_RETURN_IF_ERROR(s.error());
      s.Reset();
      return out;
    });
  }
  Result<bool> PutNotifyDoc(const std::string& client, const std::string& name,
                            const std::string& body, std::int64_t expected, Millis at) override {
    if (checkpointer_) checkpointer_->BeforeWrite();
    std::lock_guard<std::mutex> lock(write_mu_);
    Stmt& s = expected == 0
                  ? writer_->Prepare("INSERT INTO notify_docs (client_id, name, body, version, "
                                     "updated_at) VALUES (?1, ?2, ?3, 1, ?5) "
                                     "ON CONFLICT (client_id, name) DO NOTHING")
                  : writer_->Prepare("UPDATE notify_docs SET body = ?3, version = version + 1, "
                                     "updated_at = ?5 WHERE client_id = ?1 AND name = ?2 AND "
                                     "version = ?4");
    s.Bind(1, client).Bind(2, name).Bind(3, body).Bind(4, expected).Bind(5, at);
    PP_RETURN_IF_ERROR(s.Run());
    return writer_->Changes() == 1;
  }


 protected:
  Status OnWrite(const std::function<Status(sql::Session&)>& fn) override {
    return Write([&](WriteTx&) {
      SqliteSession s(*writer_);
      return fn(s);
    });
  }
  Status OnSnapshot(const std::function<Status(sql::Session&)>& fn) override {
    return WithReader([&](Db& db) {
      SqliteSession s(db);
      return fn(s);
    });
  }

 private:
  // Runs `fn` on a reader connection inside one read transaction (a consistent snapshot).
  template <typename Fn>
  auto WithReader(Fn&& fn) -> decltype(fn(std::declval<Db&>())) {
    if (memory_) {
      std::lock_guard<std::mutex> lock(write_mu_);
      return fn(*writer_);
    }
    std::unique_ptr<Db> db = TakeReader();
    if (!db) return Status::Unavailable("cannot open a reader on " + path_);
    Status begin = db->Exec("BEGIN");
    if (!begin.ok()) return begin;
    auto r = fn(*db);
    db->Exec("COMMIT");
    GiveReader(std::move(db));
    return r;
  }

  std::unique_ptr<Db> TakeReader() {
    {
      std::lock_guard<std::mutex> lock(pool_mu_);
      if (!pool_.empty()) {
        auto db = std::move(pool_.back());
        pool_.pop_back();
        return db;
      }
    }
    auto r = Db::Open(path_, false);
    if (!r.ok()) return nullptr;
    auto db = std::move(r).value();
    if (!AttachViewFile(*db, views_path_, kReaderCacheKib, false).ok()) return nullptr;
    // No memory-mapped reads: each connection's mapping of the file counts every page it
    // touched in serve's resident set (a reader that once scanned the orders kept up to
    // 256 MiB). Reads through the page cache (16 MiB per reader then; 8 for each file now)
    // cost about the same: on a 300,000-order store every read endpoint's median stayed
    // within 3 %, except the customer search (+7 %, 0.2 ms), whose full-text pages mmap
    // spared a copy.
    db->Exec("PRAGMA query_only = ON; PRAGMA main.cache_size = -" +
             std::to_string(kReaderCacheKib) + "; PRAGMA mmap_size = 0");
    return db;
  }

  void GiveReader(std::unique_ptr<Db> db) {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (pool_.size() < 64) pool_.push_back(std::move(db));
  }

  Db& ViewsDb() { return views_writer_ ? *views_writer_ : *writer_; }

  std::string path_;
  std::string views_path_;
  WriterQueue writers_;               // whose write transaction of the store file is next
  WriterQueue view_writers_;          // and of the views file
  std::mutex views_mu_;               // guards views_writer_ as write_mu_ guards writer_
  std::unique_ptr<Db> views_writer_;  // null in memory
  std::shared_ptr<WalCheckpointer> views_checkpointer_;  // null in memory
  // Guards writer_: held by the write whose turn it is, by PutNotifyDoc, and by the
  // checkpointer for a moment between two writes.
  std::mutex write_mu_;
  std::unique_ptr<Db> writer_;
  bool memory_;
  FileLease lease_;  // the processor lease (not used in memory)
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Db>> pool_;
  std::mutex listen_mu_;
  std::vector<std::function<void()>> listeners_;
  std::shared_ptr<WalCheckpointer> checkpointer_;  // null in memory
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  const bool memory = path == ":memory:";
  const std::string views_path = ViewFilePath(path);
  PP_ASSIGN_OR_RETURN(auto db, Db::Open(path, false));
  if (!memory) {
    // WAL: readers never block the writer; synchronous=FULL: a commit is on disk (WAL
    // fsync'd) before it returns, so an acknowledged import survives a crash.
    PP_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
    // When the log starts over after it grew past this, its file is cut back to it.
    PP_RETURN_IF_ERROR(db->Exec("PRAGMA journal_size_limit = 33554432"));
  }
  PP_RETURN_IF_ERROR(
      db->Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -" +
               std::to_string(kStoreWriterCacheKib) + "; PRAGMA temp_store = MEMORY"));
  // The migrations and the views file's checks see both files (view_file.h).
  PP_RETURN_IF_ERROR(AttachViewFile(*db, views_path, kViewsWriterCacheKib, true));
  PP_RETURN_IF_ERROR(Migrate(*db));
  PP_RETURN_IF_ERROR(db->Exec("BEGIN IMMEDIATE"));
  Result<bool> opened = OpenViewFile(*db);
  PP_RETURN_IF_ERROR(db->Exec(opened.ok() ? "COMMIT" : "ROLLBACK"));
  PP_RETURN_IF_ERROR(opened.status());
  if (memory) return std::unique_ptr<Store>(new SqliteStore(path, std::move(db), nullptr));
  // Each writer sees its own file alone: a view written in an import's transaction, or
  // an order in a transaction of views, fails at once.
  PP_RETURN_IF_ERROR(db->Exec("DETACH DATABASE views"));
  PP_ASSIGN_OR_RETURN(auto views, Db::Open(views_path, false));
  PP_RETURN_IF_ERROR(
      views->Exec("PRAGMA journal_size_limit = 33554432; PRAGMA synchronous = NORMAL; "
                  "PRAGMA cache_size = -" +
                  std::to_string(kViewsWriterCacheKib) + "; PRAGMA temp_store = MEMORY"));
  return std::unique_ptr<Store>(new SqliteStore(path, std::move(db), std::move(views)));
}

}  // namespace packprod::store::sqlite

#include "store/sqlite/sqlite_store.h"

#include <mutex>
#include <vector>

#include "domain/text.h"
#include "store/sqlite/backup.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/db.h"
#include "store/sqlite/ingest_tables.h"
#include "store/sqlite/order_counts.h"
#include "store/sqlite/processor_lease.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/tables.h"
#include "store/sqlite/views.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/session.h"
#include "store/sqlite/webhook_tables.h"

namespace packprod::store::sqlite {
namespace {

// The view methods come from ViewTx (views.h).
class SqliteWriteTx : public ViewTx {
 public:
  explicit SqliteWriteTx(Db& db) : ViewTx(db), db_(db) {}
  Result<std::optional<Order>> GetOrder(const std::string& client,
                                        const std::string& order_id) override {
    return ReadOrder(db_, client, order_id);
  }
  Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                  const std::string& contact_id) override {
    return ReadContact(db_, client, contact_id);
  }
  Status PutContact(const std::string& client, const ContactRecord& c) override {
    Stmt& s = db_.Prepare(
        "INSERT INTO contacts (client_id, contact_id, email, name, company, phone, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (client_id, contact_id) DO UPDATE SET "
        "email = ?3, name = ?4, company = ?5, phone = ?6, updated_at = ?7");
    s.Bind(1, client).Bind(2, c.contact_id).Bind(3, c.email).Bind(4, c.name);
    s.Bind(5, c.company).Bind(6, c.phone).Bind(7, c.updated_at);
    return s.Run();
  }
  Status PutOrder(const Order& o, const std::string& image, bool replace) override {
    return WriteOrder(db_, o, image, replace);
  }
  Status DeleteOrder(const std::string& client, const std::string& order_id) override {
    PP_RETURN_IF_ERROR(SubtractStoredOrder(db_, client, order_id));
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
    return db_.LastInsertRowid();
  }
  Result<std::int64_t> HeadSeq() override { return ReadHeadSeq(db_); }

  // ---- order e-mail ingestion (ingest_tables.h)
  Result<std::optional<std::string>> IngestedOrder(const std::string& client,
                                                  const std::string& key) override {
    return ReadIngested(db_, client, key);
  }
  Status PutIngested(const std::string& client, const std::string& key,
                     const std::string& order_id, Millis at) override {
    return WriteIngested(db_, client, key, order_id, at);
  }
  Result<std::int64_t> PutIngestFailure(const IngestFailure& f) override {
    return WriteIngestFailure(db_, f);
  }
  Status DeleteIngestFailure(const std::string& client, std::int64_t id) override {
    return RemoveIngestFailure(db_, client, id);
  }
  Result<IngestFailurePage> ListIngestFailures(const std::string& client, int limit,
                                               std::int64_t after) override {
    return QueryIngestFailures(db_, client, limit, after);
  }
  Result<std::optional<IngestFailure>> GetIngestFailure(const std::string& client,
                                                        std::int64_t id) override {
    return ReadIngestFailure(db_, client, id);
  }
  Result<std::optional<std::string>> GetEmailRules(const std::string& client) override {
    return ReadEmailRules(db_, client);
  }
  Status PutEmailRules(const std::string& client, const std::string& json, Millis at) override {
    return WriteEmailRules(db_, client, json, at);
  }

 private:
  Db& db_;
};

class SqliteStore : public sql::SqlStore {
 public:
  SqliteStore(std::string path, std::unique_ptr<Db> writer)
      : path_(std::move(path)),
        writer_(std::move(writer)),
        memory_(path_ == ":memory:"),
        lease_(ProcessorLockPath(path_)) {
    if (!memory_) {
      checkpointer_ = std::make_unique<Checkpointer>(path_, kCheckpointPages);
      checkpointer_->Attach(writer_->raw());
    }
  }
  ~SqliteStore() override {
    if (checkpointer_) sqlite3_wal_hook(writer_->raw(), nullptr, nullptr);
  }

  Status Backup(const std::string& to) override {
    if (memory_) return Status::InvalidArgument("an in-memory store cannot be backed up");
    return CopyDatabase(path_, to);
  }

  Status Write(const std::function<Status(WriteTx&)>& fn) override {
    Status st;
    {
      std::lock_guard<std::mutex> lock(write_mu_);
      PP_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
      SqliteWriteTx tx(*writer_);
      try {
        st = fn(tx);
      } catch (...) {
        writer_->Exec("ROLLBACK");
        throw;
      }
      if (st.ok()) st = writer_->Exec("COMMIT");
      if (!st.ok()) {
        writer_->Exec("ROLLBACK");
        return st;
      }
    }
    std::vector<std::function<void()>> listeners;
    {
      std::lock_guard<std::mutex> lock(listen_mu_);
      listeners = listeners_;
    }
    for (auto& l : listeners) l();
    return st;
  }

  void OnCommit(std::function<void()> listener) override {
    std::lock_guard<std::mutex> lock(listen_mu_);
    listeners_.push_back(std::move(listener));
  }
  // Several processes may open one file: the one holding its lock file applies (every
  // write is serialised anyway, but one applier keeps the batches and the lag whole).
  Result<bool> HoldProcessorLease() override { return memory_ ? true : lease_.TryHold(); }
  void ReleaseProcessorLease() override {
    if (!memory_) lease_.Release();
  }

  Result<std::optional<ClientSettings>> GetClient(const std::string& id) override {
    return WithReader([&](Db& db) { return ReadClient(db, id); });
  }
  Result<std::vector<ClientSettings>> ListClients() override {
    return WithReader([&](Db& db) { return ReadClients(db); });
  }
  Status PutClient(const ClientSettings& c) override {
    return Write([&](WriteTx&) { return WriteClient(*writer_, c); });
  }
  Status CreateKey(const ApiKey& k, const std::string& hash) override {
    return Write([&](WriteTx&) { return WriteKey(*writer_, k, hash); });
  }
  Result<std::optional<ApiKey>> FindKey(const std::string& hash) override {
    return WithReader([&](Db& db) { return ReadKeyByHash(db, hash); });
  }
  Result<std::vector<ApiKey>> ListKeys() override {
    return WithReader([&](Db& db) { return ReadKeys(db); });
  }
  Result<std::vector<std::pair<ApiKey, std::string>>> ExportKeys() override {
    return WithReader([&](Db& db) { return ReadKeysWithHashes(db); });
  }
  Status RevokeKey(const std::string& key_id, Millis at) override {
    return Write([&](WriteTx&) { return WriteRevoke(*writer_, key_id, at); });
  }
  Status TouchKey(const std::string& key_id, Millis at) override {
    return Write([&](WriteTx&) { return WriteTouch(*writer_, key_id, at); });
  }

  Result<std::optional<Order>> GetOrder(const std::string& client,
                                        const std::string& order_id) override {
    return WithReader([&](Db& db) { return ReadOrder(db, client, order_id); });
  }
  Result<OrderPage> ListOrders(const std::string& client, const OrderQuery& q) override {
    return WithReader([&](Db& db) { return QueryOrders(db, client, q); });
  }
  Status ScanOrders(const std::string& client,
                    const std::function<bool(Order&&)>& fn) override {
    auto r = WithReader([&](Db& db) -> Result<bool> {
      PP_RETURN_IF_ERROR(ScanOrderDocs(db, client, fn));
      return true;
    });
    return r.status();
  }
  Status ScanOrdersByContact(const std::string& client,
                             const std::function<bool(Order&&)>& fn) override {
    return WithReader([&](Db& db) -> Result<bool> {
             PP_RETURN_IF_ERROR(ScanOrderDocsByContact(db, client, fn));
             return true;
           }).status();
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
  Result<std::vector<ContactRecord>> ListContacts(const std::string& client) override {
    return WithReader([&](Db& db) { return ReadContacts(db, client); });
  }
  Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                  const std::string& contact_id) override {
    return WithReader([&](Db& db) { return ReadContact(db, client, contact_id); });
  }
  Result<std::int64_t> HeadSeq() override {
    return WithReader([&](Db& db) { return ReadHeadSeq(db); });
  }
  Result<PendingChanges> ClientPendingChanges(const std::string& client,
                                              std::int64_t after) override {
    return WithReader([&](Db& db) { return ReadClientPending(db, client, after); });
  }
  Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) override {
    return WithReader([&](Db& db) { return ReadChangeLog(db, after, limit); });
  }
  // ---- views (stream processor)
  Result<std::int64_t> AppliedSeq() override {
    return WithReader([&](Db& db) { return ReadAppliedSeq(db); });
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

  bool DamageSeen() override { return sqlite::DamageSeen(writer_->raw()); }

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

  // ---- shop platform webhooks (webhook_tables.h)
  Status PutWebhookSecret(const WebhookSecret& w) override {
    return Write([&](WriteTx&) { return WriteWebhookSecret(*writer_, w); });
  }
  Result<std::optional<WebhookSecret>> GetWebhookSecret(const std::string& client,
                                                        const std::string& platform) override {
    return WithReader([&](Db& db) { return ReadWebhookSecret(db, client, platform); });
  }
  Result<std::vector<WebhookSecret>> ListWebhookSecrets() override {
    return WithReader([&](Db& db) { return ReadWebhookSecrets(db); });
  }
  Status DeleteWebhookSecret(const std::string& client, const std::string& platform) override {
    return Write([&](WriteTx&) { return RemoveWebhookSecret(*writer_, client, platform); });
  }

 protected:
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
    db->Exec("PRAGMA query_only = ON; PRAGMA cache_size = -16384; PRAGMA mmap_size = 268435456");
    return db;
  }

  void GiveReader(std::unique_ptr<Db> db) {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (pool_.size() < 64) pool_.push_back(std::move(db));
  }

  // WAL pages after a commit that wake the checkpointer (as wal_autocheckpoint did).
  static constexpr int kCheckpointPages = 4000;

  std::string path_;
  std::mutex write_mu_;  // guards writer_
  std::unique_ptr<Db> writer_;
  bool memory_;
  std::unique_ptr<Checkpointer> checkpointer_;  // file stores
  FileLease lease_;  // the processor lease (not used in memory)
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Db>> pool_;
  std::mutex listen_mu_;
  std::vector<std::function<void()>> listeners_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  PP_ASSIGN_OR_RETURN(auto db, Db::Open(path, false));
  if (path != ":memory:") {
    // WAL: readers never block the writer; synchronous=FULL: a commit is on disk (WAL
    // fsync'd) before it returns, so an acknowledged import survives a crash.
    PP_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
  }
  PP_RETURN_IF_ERROR(db->Exec(
      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -131072; "
      "PRAGMA temp_store = MEMORY"));
  PP_RETURN_IF_ERROR(Migrate(*db));
  return std::unique_ptr<Store>(new SqliteStore(path, std::move(db)));
}

}  // namespace packprod::store::sqlite

#include "store/postgres/pg_store.h"

#include <charconv>
#include <chrono>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "domain/reports.h"
#include "store/postgres/coordination.h"
#include "store/postgres/pool.h"
#include "store/postgres/schema.h"
#include "store/postgres/session.h"
#include "store/postgres/settings_advice.h"
#include "store/postgres/tables.h"
#include "store/postgres/tx.h"
#include "store/sql/sql_store.h"
#include "store/sql/tables.h"

namespace packprod::store::postgres {
namespace {

// Write transactions take their advisory locks as they go (tx.h).
const std::string kBeginWrite = "BEGIN";
const std::string kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr int kFactsPage = 5000;  // rows per page of ScanOrderFacts
// A write transaction that lost a conflict (Conn::LastErrorRetryable) runs again, at most
// this many times in all, after a random pause of up to kRetryPauseMs << attempt.
constexpr int kWriteAttempts = 8;
constexpr int kRetryPauseMs = 4;

// A random pause before attempt `attempt` (1, 2, ...): contenders spread out.
void PauseBeforeRetry(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const int ceiling = kRetryPauseMs << std::min(attempt, 6);
  std::uniform_int_distribution<int> ms(1, ceiling);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms(rng)));
}

class PgStore : public sql::SqlStore {
 public:
  explicit PgStore(std::string url) : pool_(url), lease_(url) {}

  Status Backup(const std::string& to) override {
    return Status::InvalidArgument(
        "a PostgreSQL store is backed up with pg_dump --format=custom and restored with "
        "pg_restore (docs/operations.md)");
  }

  ~PgStore() override {
    std::unique_ptr<ChangeListener> listener;
    {
      std::lock_guard<std::mutex> lock(listen_mu_);
      listener = std::move(listener_);
    }
    listener.reset();  // joins its thread, which may be calling CallListeners
  }

  // Runs `fn` again (store.h) while its transaction loses a conflict with another one.
  Status Write(const std::function<Status(WriteTx&)>& fn) override {
    for (int attempt = 1;; ++attempt) {
      bool retryable = false;
      Status st = WriteOnce(fn, &retryable);
      if (st.ok() || !retryable || attempt >= kWriteAttempts) return st;
      PauseBeforeRetry(attempt);
    }
  }

  // One attempt of Write; *retryable when it failed on a transient conflict.
  Status WriteOnce(const std::function<Status(WriteTx&)>& fn, bool* retryable) {
    PP_ASSIGN_OR_RETURN(auto conn, Begin(kBeginWrite));
    conn->ClearLastError();
    PgTx tx(*conn, /*locking=*/true);
    Status st;
    try {
      st = fn(tx);
    } catch (...) {
      conn->Simple("ROLLBACK");
      throw;
    }
    if (st.ok()) st = tx.FlushChanges();
    if (st.ok() && tx.appended()) {
      // Delivered to every LISTENing processor when (and only if) this commits.
      st = conn->Simple(std::string("NOTIFY ") + kChangesChannel);
    }
    if (st.ok()) st = conn->Simple("COMMIT");
    if (!st.ok()) {
      *retryable = conn->LastErrorRetryable();
      conn->Simple("ROLLBACK");
      pool_.Give(std::move(conn));
      return st;
    }
    pool_.Give(std::move(conn));
    if (!tx.reads_unchanged()) CallListeners();
    return st;
  }

  void OnCommit(std::function<void()> listener) override {
    std::lock_guard<std::mutex> lock(listen_mu_);
    listeners_.push_back(std::move(listener));
    if (!listener_) {
      listener_ = std::make_unique<ChangeListener>(pool_.url(), [this] { CallListeners(); });
    }
  }
  bool HearsOtherCommits() const override { return true; }
  Result<bool> HoldProcessorLease() override { return lease_.TryHold(); }
  void ReleaseProcessorLease() override { lease_.Release(); }


  Status ScanOrderFacts(const std::string& client,
                        const std::function<void(const OrderFact&)>& fn) override {
    return WithSnapshot([&](Conn& c) -> Result<bool> {
             // Pages in (contact_id, order_id) order: each contact's orders together.
             std::string contact, order;
             OrderFact f;
             while (true) {
               PP_ASSIGN_OR_RETURN(
                   Res r, c.Q("SELECT contact_id, order_id, created_at, status, total FROM orders "
                              "WHERE client_id = $1 AND (contact_id, order_id) > ($2, $3) "
                              "ORDER BY contact_id, order_id LIMIT $4",
                              client, contact, order, kFactsPage));
               for (int i = 0; i < r.rows(); ++i) {
                 f.contact_id = r.Text(i, 0);
                 f.created_at = r.Int(i, 2);
                 auto status = ParseOrderStatus(r.Text(i, 3));
                 if (!status) return Status::Internal("corrupt order status in the store");
                 f.status = *status;
                 f.total = r.Int(i, 4);
                 fn(f);
               }
               if (r.rows() < kFactsPage) return true;
               contact = r.Text(r.rows() - 1, 0);
               order = r.Text(r.rows() - 1, 1);
             }
           })
        .status();
  }
  Result<std::vector<ProductAggregate>> ContactProducts(const std::string& client,
                                                       const std::string& contact_id) override {
    // From the contact's orders (one snapshot), by the catalogue's own rules.
    OrderQuery q;
    q.contact_id = contact_id;
    q.limit = std::numeric_limits<int>::max() - 1;
    q.count_total = false;
    PP_ASSIGN_OR_RETURN(OrderPage page, ListOrders(client, q));
    return ProductCatalogue(page.orders);
  }


  Result<std::int64_t> HeadSeq() override {
    return WithConn([&](Conn& c) { return ReadHeadSeq(c); });
  }
  Result<IntegrityReport> CheckIntegrity(bool) override {
    IntegrityReport out;
    out.check =
        "none: PostgreSQL has no page check here; its own data checksums (initdb "
        "--data-checksums) guard the pages";
    return out;
  }

  Status Ping() override {
    return WithConn([&](Conn& c) -> Result<bool> {
             PP_RETURN_IF_ERROR(c.Simple("SELECT 1"));
             return true;
           })
        .status();
  }
  Result<std::int64_t> AppliedSeq() override {
    return WithConn([&](Conn& c) {
      PgSession s(c);
      return sql::ReadAppliedSeq(s);
    });
  }
  Status Read(const std::function<Status(ReadTx&)>& fn) override {
    return WithSnapshot([&](Conn& c) -> Result<bool> {
             PgTx tx(c);
             PP_RETURN_IF_ERROR(fn(tx));
             return true;
           })
        .status();
  }
  Result<std::optional<NotifyDoc>> GetNotifyDoc(const std::string& client,
                                                const std::string& name) override {
    return WithConn([&](Conn& c) -> Result<std::optional<NotifyDoc>> {
      PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT body, version FROM notify_docs "
                                     "WHERE client_id = $1 AND name = $2",
                                     client, name));
      if (r.rows() == 0) return std::optional<NotifyDoc>();
      return std::optional<NotifyDoc>(NotifyDoc{r.Text(0, 0), r.Int(0, 1)});
    });
  }
  Result<bool> PutNotifyDoc(const std::string& client, const std::string& name,
                            const std::string& body, std::int64_t expected, Millis at) override {
    return WithConn([&](Conn& c) -> Result<bool> {
      Result<Res> r =
          expected == 0
              ? c.Q("INSERT INTO notify_docs (client_id, name, body, version, updated_at) "
                    "VALUES ($1, $2, $3, 1, $4) ON CONFLICT (client_id, name) DO NOTHING",
                    client, name, body, at)
              : c.Q("UPDATE notify_docs SET body = $3, version = version + 1, updated_at = $5 "
                    "WHERE client_id = $1 AND name = $2 AND version = $4",
                    client, name, body, expected, at);
      if (!r.ok()) return r.status();
      return r->Affected() == 1;
    });
  }


 private:
  // A pooled connection inside a transaction opened by `begin`. A pooled connection
  // found broken (the server restarted) is replaced once.
  Result<std::unique_ptr<Conn>> Begin(const std::string& begin) {
    for (int attempt = 0;; ++attempt) {
      PP_ASSIGN_OR_RETURN(auto conn, pool_.Take());
      Status st = conn->Simple(begin);
      if (st.ok()) return conn;
      if (conn->ok() || attempt > 0) {
        conn->Simple("ROLLBACK");
        pool_.Give(std::move(conn));
        return st;
      }
      pool_.Clear();
    }
  }

  // Runs `fn` on a pooled connection, outside any transaction (each statement alone).
  template <typename Fn>
  auto WithConn(Fn&& fn) -> decltype(fn(std::declval<Conn&>())) {
    for (int attempt = 0;; ++attempt) {
      auto conn = pool_.Take();
      if (!conn.ok()) return conn.status();
      auto r = fn(**conn);
      if (!r.ok() && !(*conn)->ok() && attempt == 0) {
        pool_.Clear();  // a stale connection: once more on a fresh one
        continue;
      }
      pool_.Give(std::move(conn).value());
      return r;
    }
  }

  Status OnWrite(const std::function<Status(sql::Session&)>& fn) override {
    return OnConnection(fn);
  }
  Result<std::vector<std::string>> SettingsAdvice() override {
    return WithConn([&](Conn& c) -> Result<std::vector<std::string>> {
      PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT name, setting FROM pg_settings WHERE name IN "
                                     "('max_wal_size', 'checkpoint_timeout', 'wal_compression')"));
      WalSettings s;
      for (int i = 0; i < r.rows(); ++i) {
        const std::string name = r.Text(i, 0), value = r.Text(i, 1);
        if (name == "wal_compression") {
          s.wal_compression = value;
          continue;
        }
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size()) {
          return Status::Internal("pg_settings." + name + " is not a number: " + value);
        }
        (name == "max_wal_size" ? s.max_wal_size_mb : s.checkpoint_timeout_s) = n;
      }
      return WalSettingsAdvice(s);
    });
  }
  Status OnConnection(const std::function<Status(sql::Session&)>& fn) override {
    return WithConn([&](Conn& c) {
      PgSession s(c);
      return fn(s);
    });
  }
  Status OnSnapshot(const std::function<Status(sql::Session&)>& fn) override {
    return WithSnapshot([&](Conn& c) {
      PgSession s(c);
      return fn(s);
    });
  }

  // Runs `fn` inside one read-only snapshot (REPEATABLE READ) transaction.
  template <typename Fn>
  auto WithSnapshot(Fn&& fn) -> decltype(fn(std::declval<Conn&>())) {
    auto conn = Begin(kBeginSnapshot);
    if (!conn.ok()) return conn.status();
    auto r = fn(**conn);
    (*conn)->Simple(r.ok() ? "COMMIT" : "ROLLBACK");
    pool_.Give(std::move(conn).value());
    return r;
  }

  void CallListeners() {
    std::vector<std::function<void()>> listeners;
    {
      std::lock_guard<std::mutex> lock(listen_mu_);
      listeners = listeners_;
    }
    for (auto& l : listeners) l();
  }

  Pool pool_;
  ProcessorLease lease_;
  std::mutex listen_mu_;  // guards listeners_ and listener_
  std::vector<std::function<void()>> listeners_;
  std::unique_ptr<ChangeListener> listener_;
};

}  // namespace

namespace {

// `url` without its password (postgresql://user:***@host/db), for messages.
std::string WithoutPassword(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, bool create) {
  PP_ASSIGN_OR_RETURN(auto conn, Conn::Open(url));
  if (!create) {
    PP_ASSIGN_OR_RETURN(Res r, conn->Exec("SELECT to_regclass('schema_migrations') IS NULL"));
    if (r.Text(0, 0) == "t") {
      return Status::NotFound("the store " + WithoutPassword(url) +
                              " does not exist (the database has no packprod tables)");
    }
  }
  PP_RETURN_IF_ERROR(Migrate(*conn));
  auto store = std::make_unique<PgStore>(url);
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace packprod::store::postgres

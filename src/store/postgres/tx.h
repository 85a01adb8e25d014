// PgTx: every WriteTx operation over one PostgreSQL connection inside the caller's
// transaction (pg_store.cc opens it: a READ COMMITTED write transaction, or a read-only
// REPEATABLE READ snapshot for Store::Read, where the writes fail).
//
// Locks of a write transaction, taken at the first operation that needs each and held
// to its end (transaction-level advisory locks, store-wide):
//  - the write lock before writing orders, contacts or change records, and before
//    reading orders, contacts or the head as a whole (ScanOrders, ListContacts, HeadSeq):
//    writers of the log are serialised, so seqs commit in order and a processor never
//    passes a seq that commits later; a rebuild or verify sees no import meanwhile;
//  - the view lock before the checkpoint, the change log or a view is read or written:
//    two processors never apply one record twice.
// An import takes only the first and a processor batch only the second, so they run
// side by side. A transaction that takes both takes the view lock first (rebuild,
// verify): no two orders of locking, no deadlock.
// Used only by store/postgres.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/pg.h"
#include "store/postgres/session.h"
#include "store/sql/sql_tx.h"
#include "store/sql/tables.h"
#include "store/store.h"

namespace packprod::store::postgres {

class PgTx : public sql::SqlTx {
 public:
  // `locking`: a write transaction (takes the locks above); false in a read-only one.
  explicit PgTx(Conn& c, bool locking = false) : c_(c), session_(c), locking_(locking) {}

  // Whether AppendChange ran (the commit then NOTIFYs the processors).
  bool appended() const { return appended_; }
  // Writes the change records appended since the last flush, and the order counts'
  // changes (one statement per table, not one per order). The transaction's owner
  // calls it before COMMIT; reads of the change log inside the transaction flush first.
  Status FlushChanges();

  // ---- tx.cc: orders, contacts, the change log, the checkpoint
  Status LockWrites() override { return WriteLock(); }
  Status CommitWithoutWaitingForDisk() override {
    return c_.Simple("SET LOCAL synchronous_commit = off");
  }
  Status Prefetch(const std::string& client, const std::vector<std::string>& order_ids,
                  const std::vector<std::string>& contact_ids) override;
  Result<std::optional<Order>> GetOrder(const std::string& client,
                                        const std::string& order_id) override;
  Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                  const std::string& contact_id) override;
  Status PutContact(const std::string& client, const ContactRecord& c) override;
  Status PutOrder(const Order& o, const std::string& image, bool replace) override;
  Status DeleteOrder(const std::string& client, const std::string& order_id) override;
  Result<std::int64_t> AppendChange(const ChangeRecord& c) override;
  Result<std::int64_t> HeadSeq() override;




 protected:
  sql::Session& sql() override { return session_; }
  // views.cc: the search index is customer_metrics' own column.
  Result<std::optional<std::int64_t>> IndexNewCustomer(const std::string& client,
                                                       const std::string& contact_id,
                                                       const std::string& search) override;
  Status ReindexCustomer(const std::string& client, const std::string& contact_id,
                         const std::string& search) override;
  Status ClearSearchIndex(const std::string& client) override;
  Status ReadSearchIndex(const std::string& client, ClientViews* v) override;
  Status BeforeViews() override { return ViewLock(); }
  Status BeforeChangeLog() override {
    PP_RETURN_IF_ERROR(ViewLock());
    return FlushChanges();
  }
  Status BeforeWholeReads() override { return WriteLock(); }

 private:
  Status WriteLock() { return Lock(write_locked_, "write"); }
  Status ViewLock() { return Lock(view_locked_, "view"); }
  Status Lock(bool& held, const char* which);

  Conn& c_;
  PgSession session_;
  const bool locking_;
  bool write_locked_ = false, view_locked_ = false;
  bool appended_ = false;
  // Change records not yet written, and the head seq (valid once head_known_). The
  // write transaction holds the store-wide write lock, so no other transaction appends
  // meanwhile: seqs are assigned here and written in one statement per flush.
  std::vector<ChangeRecord> pending_;
  // What Prefetch read for client prefetched_ (absent ones as nullopt), kept up to date
  // by this transaction's writes; GetOrder / GetContact answer from it.
  // The order counts' changes not yet written, per client: its orders, per code, per
  // (UTC hour, status name).
  Status CountOrder(const std::string& client, const std::string& order_id, const Order* now,
                    bool maybe_stored);
  std::map<std::string, sql::OrderCountDeltas> counts_;  // by client
  std::string prefetched_;
  std::map<std::string, std::optional<Order>, std::less<>> orders_;
  std::map<std::string, std::optional<ContactRecord>, std::less<>> contacts_;
  std::int64_t head_ = 0;
  bool head_known_ = false;
};

}  // namespace packprod::store::postgres

// PgTx: orders, contacts, the change log and the checkpoint.
#include "store/postgres/tx.h"

#include "store/postgres/tables.h"

namespace packprod::store::postgres {

Result<std::int64_t> ReadAppliedSeq(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec("SELECT applied_seq FROM stream_state WHERE id = 1"));
  return r.rows() ? r.Int(0, 0) : 0;
}

Result<std::optional<Order>> PgTx::GetOrder(const std::string& client,
                                            const std::string& order_id) {
  return ReadOrder(c_, client, order_id);
}

Result<std::optional<ContactRecord>> PgTx::GetContact(const std::string& client,
                                                      const std::string& contact_id) {
  return ReadContact(c_, client, contact_id);
}

Status PgTx::PutContact(const std::string& client, const ContactRecord& c) {
  return WriteContact(c_, client, c);
}

Status PgTx::PutOrder(const Order& o, const std::string& image, bool replace) {
  return WriteOrder(c_, o, image, replace);
}

Status PgTx::DeleteOrder(const std::string& client, const std::string& order_id) {
  return RemoveOrder(c_, client, order_id);
}

Result<std::int64_t> PgTx::AppendChange(const ChangeRecord& c) {
  PP_ASSIGN_OR_RETURN(std::int64_t seq, AppendChangeRecord(c_, c));
  appended_ = true;
  return seq;
}

Result<std::int64_t> PgTx::HeadSeq() { return ReadHeadSeq(c_); }

Result<std::int64_t> PgTx::AppliedSeq() { return ReadAppliedSeq(c_); }

Status PgTx::SetAppliedSeq(std::int64_t seq, Millis at) {
  return c_.Q("UPDATE stream_state SET applied_seq = $1, updated_at = $2 WHERE id = 1", seq, at)
      .status();
}

Result<std::vector<ChangeRecord>> PgTx::ReadChanges(std::int64_t after, int limit) {
  return ReadChangeLog(c_, after, limit);
}

Result<std::optional<ClientSettings>> PgTx::GetClient(const std::string& client) {
  return ReadClient(c_, client);
}

Result<std::vector<ContactRecord>> PgTx::ListContacts(const std::string& client) {
  return ReadContacts(c_, client);
}

Status PgTx::ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) {
  return ScanOrderDocs(c_, client, fn);
}

Result<int> PgTx::PruneChanges(std::int64_t up_to, Millis before, int limit) {
  // The prefix of the log up to `up_to` that is older than `before`, in one statement.
  PP_ASSIGN_OR_RETURN(
      Res r, c_.Q("SELECT seq, committed_at FROM change_log WHERE seq <= $1 ORDER BY seq "
                  "LIMIT $2",
                  up_to, limit));
  std::int64_t last = -1;
  int n = 0;
  for (int i = 0; i < r.rows() && r.Int(i, 1) < before; ++i) {
    last = r.Int(i, 0);
    ++n;
  }
  if (n == 0) return 0;
  PP_RETURN_IF_ERROR(c_.Q("DELETE FROM change_log WHERE seq <= $1", last).status());
  return n;
}

}  // namespace packprod::store::postgres

// SqlTx: the views' checkpoint, the change log as the processor reads and prunes it,
// and the whole-client reads of orders and contacts a rebuild makes.
#include "store/sql/tables.h"
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {

Result<std::int64_t> ReadAppliedSeq(Session& s) {
  std::int64_t seq = 0;
  PP_RETURN_IF_ERROR(s.Query("SELECT applied_seq FROM stream_state WHERE id = 1", {},
                             [&](const Row& r) {
                               seq = r.Int(0);
                               return Status::Ok();
                             }));
  return seq;
}

Result<std::int64_t> SqlTx::AppliedSeq() { return ReadAppliedSeq(sql()); }

Status SqlTx::SetAppliedSeq(std::int64_t seq, Millis at) {
  PP_RETURN_IF_ERROR(BeforeChangeLog());  // this transaction's own records are in the log
  PP_ASSIGN_OR_RETURN(std::int64_t old, ReadAppliedSeq(sql()));
  PP_RETURN_IF_ERROR(MoveApplied(store_sql(), sql(), old, seq));
  return sql().Run("UPDATE stream_state SET applied_seq = ?, updated_at = ? WHERE id = 1",
                   {seq, at});
}

Result<std::vector<ChangeRecord>> SqlTx::ReadChanges(std::int64_t after, int limit) {
  PP_RETURN_IF_ERROR(BeforeChangeLog());
  return ReadChangeLog(store_sql(), after, limit);
}

Result<int> SqlTx::PruneChanges(std::int64_t up_to, Millis before, int limit) {
  PP_RETURN_IF_ERROR(BeforeChangeLog());
  std::int64_t last = -1;
  int n = 0;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT seq, committed_at FROM change_log WHERE seq <= ? ORDER BY seq LIMIT ?",
      {up_to, static_cast<std::int64_t>(limit)}, [&](const Row& r) {
        if (r.Int(1) >= before) return StopRows();
        last = r.Int(0);
        ++n;
        return Status::Ok();
      }));
  if (n == 0) return 0;
  PP_RETURN_IF_ERROR(sql().Run("DELETE FROM change_log WHERE seq <= ?", {last}));
  return n;
}

Result<std::optional<ClientSettings>> SqlTx::GetClient(const std::string& client) {
  return ReadClient(store_sql(), client);
}

Result<std::vector<ContactRecord>> SqlTx::ListContacts(const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeWholeReads());
  return ReadContacts(store_sql(), client);
}

Status SqlTx::ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) {
  PP_RETURN_IF_ERROR(BeforeWholeReads());
  return ScanOrderDocs(store_sql(), client, fn);
}

}  // namespace packprod::store::sql

// SqlTx and the read side for day_customers (domain/day_customers.h): one row per local
// day holding its first-order count and the histogram of its customers' previous order days.
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {

Result<DayCustomers> DayCustomersFromRow(const Row& r) {
  DayCustomers row;
  row.day = static_cast<DayNumber>(r.Int(0));
  row.firsts = r.Int(1);
  PP_ASSIGN_OR_RETURN(row.previous, DayMultiset::Decode(r.Bytes(2)));
  return row;
}

Result<std::optional<DayCustomers>> SqlTx::GetDayCustomers(const std::string& client,
                                                           DayNumber day) {
  PP_RETURN_IF_ERROR(BeforeViews());
  PP_ASSIGN_OR_RETURN(auto rows,
                      sql().QueryAll<DayCustomers>(
                          "SELECT day, firsts, previous FROM day_customers WHERE client_id = ? AND "
                          "day = ?",
                          {client, std::int64_t{day}}, DayCustomersFromRow));
  if (rows.empty()) return std::optional<DayCustomers>();
  return std::optional<DayCustomers>(std::move(rows.front()));
}

Status SqlTx::PutDayCustomers(const std::string& client, const DayCustomers& row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (row.customers() == 0) {
    return sql().Send("DELETE FROM day_customers WHERE client_id = ? AND day = ?",
                     {client, std::int64_t{row.day}});
  }
  static const std::string kSql =
      UpsertSql("day_customers", {"client_id", "day"}, {"firsts", "customers", "previous"});
  return sql().Send(kSql, {client, std::int64_t{row.day}, row.firsts, row.customers(),
                          Bytes{row.previous.Encode()}});
}

Status ReadDayCustomerRows(Session& s, const std::string& client, DayNumber from, DayNumber to,
                           std::vector<DayCustomers>* out) {
  PP_ASSIGN_OR_RETURN(
      auto rows, s.QueryAll<DayCustomers>("SELECT day, firsts, previous FROM day_customers WHERE "
                                          "client_id = ? AND day BETWEEN ? AND ? ORDER BY day",
                                          {client, std::int64_t{from}, std::int64_t{to}},
                                          DayCustomersFromRow));
  out->insert(out->end(), std::make_move_iterator(rows.begin()),
              std::make_move_iterator(rows.end()));
  return Status::Ok();
}

}  // namespace packprod::store::sql

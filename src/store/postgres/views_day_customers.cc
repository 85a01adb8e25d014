// PgTx and the read side for day_customers (domain/day_customers.h): one row per local
// day holding its first-order count and the histogram of its customers' previous order days.
#include "store/postgres/tx.h"
#include "store/postgres/view_queries.h"

namespace packprod::store::postgres {
namespace {

// Columns day, firsts, encode(previous, 'hex') of row `i`.
Result<DayCustomers> RowFrom(const Res& r, int i) {
  DayCustomers row;
  row.day = static_cast<DayNumber>(r.Int(i, 0));
  row.firsts = r.Int(i, 1);
  PP_ASSIGN_OR_RETURN(std::string bytes, FromHex(r.Text(i, 2)));
  PP_ASSIGN_OR_RETURN(row.previous, DayMultiset::Decode(bytes));
  return row;
}

}  // namespace

Result<std::optional<DayCustomers>> PgTx::GetDayCustomers(const std::string& client,
                                                          DayNumber day) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT day, firsts, encode(previous, 'hex') FROM "
                                  "day_customers WHERE client_id = $1 AND day = $2",
                                  client, std::int64_t{day}));
  if (!r.rows()) return std::optional<DayCustomers>();
  PP_ASSIGN_OR_RETURN(DayCustomers row, RowFrom(r, 0));
  return std::optional<DayCustomers>(std::move(row));
}

Status PgTx::PutDayCustomers(const std::string& client, const DayCustomers& row) {
  PP_RETURN_IF_ERROR(ViewLock());
  if (row.customers() == 0) {
    return c_
        .Q("DELETE FROM day_customers WHERE client_id = $1 AND day = $2", client,
           std::int64_t{row.day})
        .status();
  }
  return c_
      .Q("INSERT INTO day_customers (client_id, day, firsts, customers, previous) "
         "VALUES ($1, $2, $3, $4, decode($5, 'hex')) ON CONFLICT (client_id, day) DO UPDATE "
         "SET firsts = EXCLUDED.firsts, customers = EXCLUDED.customers, "
         "previous = EXCLUDED.previous",
         client, std::int64_t{row.day}, row.firsts, row.customers(),
         ToHex(row.previous.Encode()))
      .status();
}

Status ReadDayCustomerRows(Conn& c, const std::string& client, DayNumber from, DayNumber to,
                           std::vector<DayCustomers>* out) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT day, firsts, encode(previous, 'hex') FROM "
                                 "day_customers WHERE client_id = $1 AND day BETWEEN $2 AND $3 "
                                 "ORDER BY day",
                                 client, std::int64_t{from}, std::int64_t{to}));
  for (int i = 0; i < r.rows(); ++i) {
    PP_ASSIGN_OR_RETURN(DayCustomers row, RowFrom(r, i));
    out->push_back(std::move(row));
  }
  return Status::Ok();
}

}  // namespace packprod::store::postgres

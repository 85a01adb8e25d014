// ViewTx and the read side for day_customers (domain/day_customers.h): one row per local
// day holding its first-order count and the histogram of its customers' previous order days.
#include "store/sqlite/view_queries.h"
#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {

Result<DayCustomers> RowFrom(const Stmt& s) {
  DayCustomers row;
  row.day = static_cast<DayNumber>(s.Int(0));
  row.firsts = s.Int(1);
  PP_ASSIGN_OR_RETURN(row.previous, DayMultiset::Decode(s.Blob(2)));
  return row;
}

}  // namespace

Result<std::optional<DayCustomers>> ViewTx::GetDayCustomers(const std::string& client,
                                                            DayNumber day) {
  Stmt& s = vdb_.Prepare(
      "SELECT day, firsts, previous FROM day_customers WHERE client_id = ? AND day = ?");
  s.Bind(1, client).Bind(2, std::int64_t{day});
  std::optional<DayCustomers> out;
  Status st;
  if (s.Step()) {
    auto row = RowFrom(s);
    if (row.ok()) {
      out = std::move(row).value();
    } else {
      st = row.status();
    }
  }
  if (st.ok()) st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

Status ViewTx::PutDayCustomers(const std::string& client, const DayCustomers& row) {
  if (row.customers() == 0) {
    Stmt& s = vdb_.Prepare("DELETE FROM day_customers WHERE client_id = ? AND day = ?");
    s.Bind(1, client).Bind(2, std::int64_t{row.day});
    return s.Run();
  }
  Stmt& s = vdb_.Prepare(
      "INSERT OR REPLACE INTO day_customers (client_id, day, firsts, customers, previous) "
      "VALUES (?, ?, ?, ?, ?)");
  s.Bind(1, client)
      .Bind(2, std::int64_t{row.day})
      .Bind(3, row.firsts)
      .Bind(4, row.customers())
      .BindBlob(5, row.previous.Encode());
  return s.Run();
}

Status ReadDayCustomerRows(Db& db, const std::string& client, DayNumber from, DayNumber to,
                           std::vector<DayCustomers>* out) {
  Stmt& s = db.Prepare(
      "SELECT day, firsts, previous FROM day_customers WHERE client_id = ? AND day BETWEEN ? "
      "AND ? ORDER BY day");
  s.Bind(1, client).Bind(2, std::int64_t{from}).Bind(3, std::int64_t{to});
  Status st;
  while (st.ok() && s.Step()) {
    auto row = RowFrom(s);
    if (row.ok()) {
      out->push_back(std::move(row).value());
    } else {
      st = row.status();
    }
  }
  if (st.ok()) st = s.error();
  s.Reset();
  return st;
}

}  // namespace packprod::store::sqlite

// SqlTx' product_day_customers rows (domain/day_customers.h, keyed by product code):
// per product and local day, the contacts whose first counted order of the product is that
// day and the histogram of the other customers' previous order day of the product.
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {
namespace {

constexpr const char* kColumns = "day, firsts, previous";

}  // namespace

Result<std::optional<DayCustomers>> SqlTx::GetProductDayCustomers(const std::string& client,
                                                                  const std::string& code,
                                                                  DayNumber day) {
  PP_RETURN_IF_ERROR(BeforeViews());
  PP_ASSIGN_OR_RETURN(auto rows, sql().QueryAll<DayCustomers>(
                                     std::string("SELECT ") + kColumns +
                                         " FROM product_day_customers WHERE client_id = ? AND "
                                         "code = ? AND day = ?",
                                     {client, code, std::int64_t{day}}, DayCustomersFromRow));
  if (rows.empty()) return std::optional<DayCustomers>();
  return std::optional<DayCustomers>(std::move(rows.front()));
}

Result<std::vector<DayCustomers>> SqlTx::ReadProductDayCustomers(const std::string& client,
                                                                 const std::string& code,
                                                                 DayNumber from, DayNumber to) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return sql().QueryAll<DayCustomers>(std::string("SELECT ") + kColumns +
                                          " FROM product_day_customers WHERE client_id = ? AND "
                                          "code = ? AND day BETWEEN ? AND ? ORDER BY day",
                                      {client, code, std::int64_t{from}, std::int64_t{to}},
                                      DayCustomersFromRow);
}

Status SqlTx::PutProductDayCustomers(const std::string& client, const std::string& code,
                                     const DayCustomers& row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (row.customers() == 0) {
    return sql().Run(
        "DELETE FROM product_day_customers WHERE client_id = ? AND code = ? AND day = ?",
        {client, code, std::int64_t{row.day}});
  }
  static const std::string kSql = UpsertSql("product_day_customers", {"client_id", "code", "day"},
                                            {"firsts", "customers", "previous"});
  return sql().Run(kSql, {client, code, std::int64_t{row.day}, row.firsts, row.customers(),
                          Bytes{row.previous.Encode()}});
}

Status SqlTx::ReadAllProductDayCustomers(const std::string& client, KeyedDayCustomers* out) {
  return sql().Query(
      "SELECT code, day, firsts, previous FROM product_day_customers WHERE client_id = ? "
      "ORDER BY code, day",
      {client}, [&](const Row& r) -> Status {
        DayCustomers row;
        row.day = static_cast<DayNumber>(r.Int(1));
        row.firsts = r.Int(2);
        PP_ASSIGN_OR_RETURN(row.previous, DayMultiset::Decode(r.Bytes(3)));
        (*out)[r.Text(0)].push_back(std::move(row));
        return Status::Ok();
      });
}

}  // namespace packprod::store::sql

// SqlTx::PrefetchViews: the rows a stream batch reads one by one, read ahead with a few
// "<key> IN (...)" statements per table (a round trip per row on PostgreSQL otherwise),
// and the customer, contact and product parts of it. The other tables' parts live in
// their own files beside their row readers.
#include <algorithm>

#include "store/sql/sql_tx.h"
#include "store/sql/tables.h"
#include "store/sql/view_queries.h"
#include "store/view_sql.h"

namespace packprod::store::sql {
namespace {

// `v` sorted without repeats.
std::vector<std::string> Distinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

Status ForEachIn(Session& s, const std::string& select, const std::string& client,
                 const std::vector<std::string>& keys, const RowFn& fn) {
  for (std::size_t done = 0; done < keys.size();) {
    std::size_t n = s.MaxRowsPerStatement();
    while (n > keys.size() - done) n /= 2;
    std::string sql = select + "(?";
    for (std::size_t i = 1; i < n; ++i) sql += ", ?";
    sql += ")";
    Args args = {client};
    args.insert(args.end(), keys.begin() + done, keys.begin() + done + n);
    PP_RETURN_IF_ERROR(s.Query(sql, args, fn));
    done += n;
  }
  return Status::Ok();
}

Status SqlTx::PrefetchViews(const std::string& client, const ViewKeys& keys) {
  // A hint that only an engine whose batch reads pay takes (Session::BatchReadsPay).
  if (!BatchReadsPay()) return Status::Ok();
  PP_RETURN_IF_ERROR(BeforeViews());
  const std::vector<std::string> contacts = Distinct(keys.contacts);
  if (!contacts.empty()) {
    PP_RETURN_IF_ERROR(PrefetchCustomers(client, contacts));
    PP_RETURN_IF_ERROR(PrefetchContacts(client, contacts));
    PP_RETURN_IF_ERROR(PrefetchSpendDays(client, contacts));
    PP_RETURN_IF_ERROR(PrefetchAccountOf(client, contacts));
    PP_RETURN_IF_ERROR(PrefetchFirstOrders(client, contacts));
  }
  if (!keys.contact_products.empty()) {
    PP_RETURN_IF_ERROR(PrefetchContactProducts(client, keys.contact_products));
  }
  const std::vector<std::string> codes = Distinct(keys.codes);
  if (!codes.empty()) PP_RETURN_IF_ERROR(PrefetchProducts(client, codes));
  if (!keys.product_days.empty()) PP_RETURN_IF_ERROR(PrefetchProductDays(client, keys.product_days));
  if (!keys.product_blocks.empty()) {
    PP_RETURN_IF_ERROR(PrefetchProductDays(client, keys.product_blocks, true));
  }
  const std::vector<std::string> accounts = Distinct(keys.accounts);
  if (!accounts.empty()) PP_RETURN_IF_ERROR(PrefetchAccounts(client, accounts));
  return Status::Ok();
}

Status SqlTx::PrefetchCustomers(const std::string& client, const std::vector<std::string>& ids) {
  using Entry = std::pair<std::string, std::optional<CustomerAggregate>>;
  return PrefetchInto(cache_[client].customers,
                      std::string("SELECT ") + kCustomerViewCols +
                          " FROM customer_metrics WHERE client_id = ? AND contact_id IN ",
                      client, ids, [](const Row& r) -> Result<Entry> {
                        return Entry(r.Text(0), CustomerFromRow(r));
                      });
}

Status SqlTx::PrefetchContacts(const std::string& client, const std::vector<std::string>& ids) {
  using Entry = std::pair<std::string, std::optional<ContactRecord>>;
  return PrefetchInto(cache_[client].contacts,
                      std::string("SELECT ") + kContactCols +
                          " FROM contacts WHERE client_id = ? AND contact_id IN ",
                      client, ids, [](const Row& r) -> Result<Entry> {
                        return Entry(r.Text(0), ContactFromRow(r));
                      });
}

Status SqlTx::PrefetchProducts(const std::string& client, const std::vector<std::string>& codes) {
  using Entry = std::pair<std::string, std::optional<ProductView>>;
  return PrefetchInto(cache_[client].products,
                      std::string("SELECT ") + kProductViewCols +
                          " FROM product_totals WHERE client_id = ? AND code IN ",
                      client, codes, [](const Row& r) -> Result<Entry> {
                        return Entry(r.Text(0), ProductViewFromRow(r));
                      });
}

}  // namespace packprod::store::sql

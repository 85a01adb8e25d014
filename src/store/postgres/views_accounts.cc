// PgTx and the read side for the account tables (docs/metrics.md "Accounts"):
// account_rules, account_members, account_metrics and its listing.
#include "store/account_sql.h"
#include "store/postgres/tx.h"
#include "store/postgres/view_queries.h"

namespace packprod::store::postgres {
namespace {

// One result row seen through the column readers AccountFromColumns uses.
struct RowOf {
  const Res& r;
  int i;
  std::string Text(int c) const { return r.Text(i, c); }
  std::int64_t Int(int c) const { return r.Int(i, c); }
  std::optional<std::int64_t> OptInt(int c) const { return r.OptInt(i, c); }
  std::optional<std::string> OptText(int c) const { return r.OptText(i, c); }
};

// WHERE conditions of an account listing, without the cursor.
void AccountFilters(Query& q, const std::string& client, const CustomerViewQuery& v) {
  q.Sql(" WHERE client_id = ").Text(client);
  if (!v.search.empty()) q.Sql(" AND search_text LIKE ").Arg("%" + LikeEscape(v.search) + "%");
  AppendSegmentFilter(q, v);
}

Status ReadAccountPart(Conn& c, const std::string& client, const CustomerViewQuery& v,
                       bool null_part, int want, std::vector<Account>* out) {
  Query q;
  q.Sql("SELECT ").Sql(kAccountViewCols).Sql(" FROM account_metrics");
  AccountFilters(q, client, v);
  AppendCustomerPart(q, v, null_part, want, false, "account_id");
  PP_ASSIGN_OR_RETURN(Res r, q.Run(c));
  for (int i = 0; i < r.rows(); ++i) out->push_back(AccountFromColumns(RowOf{r, i}));
  return Status::Ok();
}

}  // namespace

Result<std::optional<std::string>> PgTx::GetAccountRules(const std::string& client) {
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT rules FROM account_rules WHERE client_id = $1", client));
  if (r.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(r.Text(0, 0));
}

Status PgTx::PutAccountRules(const std::string& client, const std::string& json, Millis at) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("INSERT INTO account_rules (client_id, rules, updated_at) VALUES ($1, $2, $3) "
         "ON CONFLICT (client_id) DO UPDATE SET rules = $2, updated_at = $3",
         client, json, at)
      .status();
}

Result<std::optional<std::string>> PgTx::GetAccountOf(const std::string& client,
                                                      const std::string& contact_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT account_id FROM account_members WHERE client_id = $1 "
                                  "AND contact_id = $2",
                                  client, contact_id));
  if (r.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(r.Text(0, 0));
}

Result<std::vector<std::string>> PgTx::AccountMembers(const std::string& client,
                                                      const std::string& account_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT contact_id FROM account_members WHERE client_id = $1 "
                                  "AND account_id = $2 ORDER BY contact_id",
                                  client, account_id));
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Text(i, 0));
  return out;
}

Status PgTx::PutAccountMember(const std::string& client, const std::string& contact_id,
                              const std::string& account_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("INSERT INTO account_members (client_id, contact_id, account_id) VALUES ($1, $2, $3) "
         "ON CONFLICT (client_id, contact_id) DO UPDATE SET account_id = EXCLUDED.account_id",
         client, contact_id, account_id)
      .status();
}

Result<std::optional<Account>> PgTx::GetAccountView(const std::string& client,
                                                    const std::string& account_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kAccountViewCols +
                                      " FROM account_metrics WHERE client_id = $1 AND "
                                      "account_id = $2",
                                  client, account_id));
  if (r.rows() == 0) return std::optional<Account>();
  return std::optional<Account>(AccountFromColumns(RowOf{r, 0}));
}

Status PgTx::PutAccountView(const std::string& client, const Account& a) {
  PP_RETURN_IF_ERROR(ViewLock());
  Params p;
  p.Add(client).Add(a.account_id).Add(a.key).Add(a.totals.name.value_or(""));
  p.Add(a.contacts).Add(a.totals.order_count).Add(a.totals.total_spend);
  p.Add(a.totals.first_order).Add(a.totals.last_order).Add(a.totals.last_order_reference);
  p.Add(CadenceColumn(a, 0)).Add(CadenceColumn(a, 1)).Add(CadenceColumn(a, 2));
  p.Add(a.totals.last_updated).Add(FoldCase(a.totals.name.value_or("")));
  p.Add(AccountSearchText(a));
  return c_
      .Exec(std::string("INSERT INTO account_metrics (client_id, ") + kAccountViewCols +
                ", name_folded, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                "$11, $12, $13, $14, $15, $16) ON CONFLICT (client_id, account_id) DO UPDATE "
                "SET account_key = $3, name = $4, contacts = $5, order_count = $6, "
                "total_spend = $7, first_order = $8, last_order = $9, "
                "last_order_reference = $10, cadence_days = $11, cadence_last_day = $12, "
                "expected_day = $13, last_updated = $14, name_folded = $15, search_text = $16",
            p)
      .status();
}

Status PgTx::DeleteAccountView(const std::string& client, const std::string& account_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("DELETE FROM account_metrics WHERE client_id = $1 AND account_id = $2", client, account_id)
      .status();
}

Status ReadAccountViews(Conn& c, const std::string& client, ClientViews* out) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q(std::string("SELECT ") + kAccountViewCols +
                                     " FROM account_metrics WHERE client_id = $1 "
                                     "ORDER BY account_id",
                                 client));
  for (int i = 0; i < r.rows(); ++i) out->accounts.push_back(AccountFromColumns(RowOf{r, i}));
  PP_ASSIGN_OR_RETURN(Res m, c.Q("SELECT contact_id, account_id FROM account_members "
                                 "WHERE client_id = $1 ORDER BY contact_id",
                                 client));
  for (int i = 0; i < m.rows(); ++i) out->account_members.emplace_back(m.Text(i, 0), m.Text(i, 1));
  return Status::Ok();
}

Result<AccountPage> QueryAccountViews(Conn& c, const std::string& client,
                                      const CustomerViewQuery& v) {
  AccountPage page;
  Query count;
  count.Sql("SELECT COUNT(*) FROM account_metrics");
  AccountFilters(count, client, v);
  PP_ASSIGN_OR_RETURN(Res n, count.Run(c));
  page.total = n.Int(0, 0);
  const int want = v.limit + 1;  // one more tells whether a page follows
  if (!(v.after && v.after->null_key)) {
    PP_RETURN_IF_ERROR(ReadAccountPart(c, client, v, false, want, &page.items));
  }
  if (CustomerSortNullable(v.sort) && static_cast<int>(page.items.size()) < want) {
    PP_RETURN_IF_ERROR(ReadAccountPart(c, client, v, true,
                                       want - static_cast<int>(page.items.size()), &page.items));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(static_cast<std::size_t>(v.limit));
    page.more = true;
  }
  return page;
}

}  // namespace packprod::store::postgres

// ViewTx and the read side for the account tables (docs/metrics.md "Accounts"):
// account_rules, account_members, account_metrics and its listing.
#include "store/account_sql.h"
#include "store/sqlite/view_queries.h"
#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {

// Strings of one column, one per row.
Result<std::vector<std::string>> Texts(Stmt& s) {
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

// WHERE conditions of an account listing, without the cursor.
void AccountFilters(Query& q, const std::string& client, const CustomerViewQuery& v) {
  q.Sql(" WHERE client_id = ").Text(client);
  if (!v.search.empty()) q.Sql(" AND instr(search_text, ").Text(v.search).Sql(") > 0");
  AppendSegmentFilter(q, v);
}

Status ReadAccountPart(Db& db, const std::string& client, const CustomerViewQuery& v,
                       bool null_part, int want, std::vector<Account>* out) {
  Query q;
  q.Sql("SELECT ").Sql(kAccountViewCols).Sql(" FROM account_metrics");
  AccountFilters(q, client, v);
  AppendCustomerPart(q, v, null_part, want, false, "account_id");
  Stmt& s = q.Prepare(db);
  while (s.Step()) out->push_back(AccountFromColumns(s));
  Status st = s.error();
  s.Reset();
  return st;
}

}  // namespace

Result<std::optional<std::string>> ViewTx::GetAccountRules(const std::string& client) {
  Stmt& s = vdb_.Prepare("SELECT rules FROM account_rules WHERE client_id = ?");
  s.Bind(1, client);
  std::optional<std::string> out;
  if (s.Step()) out = s.Text(0);
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

Status ViewTx::PutAccountRules(const std::string& client, const std::string& rules_json,
                               Millis at) {
  Stmt& s = vdb_.Prepare(
      "INSERT OR REPLACE INTO account_rules (client_id, rules, updated_at) VALUES (?, ?, ?)");
  s.Bind(1, client).Bind(2, rules_json).Bind(3, at);
  return s.Run();
}

Result<std::optional<std::string>> ViewTx::GetAccountOf(const std::string& client,
                                                        const std::string& contact_id) {
  Stmt& s =
      vdb_.Prepare("SELECT account_id FROM account_members WHERE client_id = ? AND contact_id = ?");
  s.Bind(1, client).Bind(2, contact_id);
  PP_ASSIGN_OR_RETURN(auto ids, Texts(s));
  if (ids.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(ids[0]));
}

Result<std::vector<std::string>> ViewTx::AccountMembers(const std::string& client,
                                                        const std::string& account_id) {
  Stmt& s = vdb_.Prepare(
      "SELECT contact_id FROM account_members WHERE client_id = ? AND account_id = ? "
      "ORDER BY contact_id");
  s.Bind(1, client).Bind(2, account_id);
  return Texts(s);
}

Status ViewTx::PutAccountMember(const std::string& client, const std::string& contact_id,
                                const std::string& account_id) {
  Stmt& s = vdb_.Prepare(
      "INSERT OR REPLACE INTO account_members (client_id, contact_id, account_id) "
      "VALUES (?, ?, ?)");
  s.Bind(1, client).Bind(2, contact_id).Bind(3, account_id);
  return s.Run();
}

Result<std::optional<Account>> ViewTx::GetAccountView(const std::string& client,
                                                      const std::string& account_id) {
  Stmt& s = vdb_.Prepare(std::string("SELECT ") + kAccountViewCols +
                         " FROM account_metrics WHERE client_id = ? AND account_id = ?");
  s.Bind(1, client).Bind(2, account_id);
  std::optional<Account> out;
  if (s.Step()) out = AccountFromColumns(s);
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

Status ViewTx::PutAccountView(const std::string& client, const Account& a) {
  Stmt& s = vdb_.Prepare(std::string("INSERT OR REPLACE INTO account_metrics (client_id, ") +
                         kAccountViewCols +
                         ", name_folded, search_text) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, client).Bind(2, a.account_id).Bind(3, a.key).Bind(4, a.totals.name.value_or(""));
  s.Bind(5, a.contacts).Bind(6, a.totals.order_count).Bind(7, a.totals.total_spend);
  s.Bind(8, a.totals.first_order).Bind(9, a.totals.last_order);
  s.Bind(10, a.totals.last_order_reference);
  s.Bind(11, CadenceColumn(a, 0)).Bind(12, CadenceColumn(a, 1)).Bind(13, CadenceColumn(a, 2));
  s.Bind(14, a.totals.last_updated).Bind(15, FoldCase(a.totals.name.value_or("")));
  s.Bind(16, AccountSearchText(a));
  return s.Run();
}

Status ViewTx::DeleteAccountView(const std::string& client, const std::string& account_id) {
  Stmt& s = vdb_.Prepare("DELETE FROM account_metrics WHERE client_id = ? AND account_id = ?");
  s.Bind(1, client).Bind(2, account_id);
  return s.Run();
}

Status ReadAccountViews(Db& db, const std::string& client, ClientViews* out) {
  {
    Stmt& s = db.Prepare(std::string("SELECT ") + kAccountViewCols +
                         " FROM account_metrics WHERE client_id = ? ORDER BY account_id");
    s.Bind(1, client);
    while (s.Step()) out->accounts.push_back(AccountFromColumns(s));
    Status st = s.error();
    s.Reset();
    PP_RETURN_IF_ERROR(st);
  }
  Stmt& s = db.Prepare(
      "SELECT contact_id, account_id FROM account_members WHERE client_id = ? "
      "ORDER BY contact_id");
  s.Bind(1, client);
  while (s.Step()) out->account_members.emplace_back(s.Text(0), s.Text(1));
  Status st = s.error();
  s.Reset();
  return st;
}

Result<AccountPage> QueryAccountViews(Db& db, const std::string& client,
                                      const CustomerViewQuery& v) {
  AccountPage page;
  {
    Query q;
    q.Sql("SELECT COUNT(*) FROM account_metrics");
    AccountFilters(q, client, v);
    Stmt& s = q.Prepare(db);
    if (s.Step()) page.total = s.Int(0);
    Status st = s.error();
    s.Reset();
    PP_RETURN_IF_ERROR(st);
  }
  const int want = v.limit + 1;  // one more tells whether a page follows
  if (!(v.after && v.after->null_key)) {
    PP_RETURN_IF_ERROR(ReadAccountPart(db, client, v, false, want, &page.items));
  }
  if (CustomerSortNullable(v.sort) && static_cast<int>(page.items.size()) < want) {
    PP_RETURN_IF_ERROR(ReadAccountPart(db, client, v, true,
                                       want - static_cast<int>(page.items.size()), &page.items));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(static_cast<std::size_t>(v.limit));
    page.more = true;
  }
  return page;
}

}  // namespace packprod::store::sqlite

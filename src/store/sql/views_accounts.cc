// SqlTx and the read side for the account tables (docs/metrics.md "Accounts"):
// account_rules, account_members, account_metrics and its listing.
#include "store/account_sql.h"
#include "store/sql/view_queries.h"
#include "store/sql/sql_tx.h"
#include "store/view_sql.h"

namespace packprod::store::sql {
namespace {

// Strings of the first column, one per row.
Result<std::vector<std::string>> Texts(Session& s, std::string_view sql, const Args& args) {
  return s.QueryAll<std::string>(sql, args,
                                 [](const Row& r) -> Result<std::string> { return r.Text(0); });
}

// WHERE conditions of an account listing, without the cursor.
void AccountFilters(Session& s, Query& q, const std::string& client, const CustomerViewQuery& v) {
  q.Sql(" WHERE client_id = ").Text(client);
  if (!v.search.empty()) AppendContains(q, s.engine(), "search_text", v.search);
  AppendSegmentFilter(q, v);
}

Status ReadAccountPart(Session& s, const std::string& client, const CustomerViewQuery& v,
                       bool null_part, int want, std::vector<Account>* out) {
  Query q;
  q.Sql("SELECT ").Sql(kAccountViewCols).Sql(" FROM account_metrics");
  AccountFilters(s, q, client, v);
  AppendCustomerPart(q, v, null_part, want, false, "account_id");
  return s.Query(q, [&](const Row& r) {
    out->push_back(AccountFromColumns(r));
    return Status::Ok();
  });
}

std::optional<std::string> First(std::vector<std::string> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

}  // namespace

Result<std::optional<std::string>> SqlTx::GetAccountRules(const std::string& client) {
  PP_ASSIGN_OR_RETURN(auto rules,
                      Texts(sql(), "SELECT rules FROM account_rules WHERE client_id = ?", {client}));
  return First(std::move(rules));
}

Status SqlTx::PutAccountRules(const std::string& client, const std::string& rules_json,
                                   Millis at) {
  PP_RETURN_IF_ERROR(BeforeViews());
  static const std::string kSql =
      UpsertSql("account_rules", {"client_id"}, {"rules", "updated_at"});
  return sql().Send(kSql, {client, rules_json, at});
}

Result<std::optional<std::string>> SqlTx::GetAccountOf(const std::string& client,
                                                            const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::account_of, client, contact_id)) return *hit;
  PP_ASSIGN_OR_RETURN(auto ids, Texts(sql(),
                                      "SELECT account_id FROM account_members WHERE "
                                      "client_id = ? AND contact_id = ?",
                                      {client, contact_id}));
  return First(std::move(ids));
}

Result<std::vector<std::string>> SqlTx::AccountMembers(const std::string& client,
                                                            const std::string& account_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return Texts(sql(),
               "SELECT contact_id FROM account_members WHERE client_id = ? AND account_id = ? "
               "ORDER BY contact_id",
               {client, account_id});
}

Status SqlTx::PutAccountMember(const std::string& client, const std::string& contact_id,
                                    const std::string& account_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::account_of, client, contact_id);
  static const std::string kSql =
      UpsertSql("account_members", {"client_id", "contact_id"}, {"account_id"});
  return sql().Send(kSql, {client, contact_id, account_id});
}

Result<std::optional<Account>> SqlTx::GetAccountView(const std::string& client,
                                                          const std::string& account_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::accounts, client, account_id)) return *hit;
  std::optional<Account> out;
  PP_RETURN_IF_ERROR(sql()
                         .QueryOne(std::string("SELECT ") + kAccountRowCols +
                                       " FROM account_metrics WHERE client_id = ? AND "
                                       "account_id = ?",
                                   {client, account_id},
                                   [&](const Row& r) {
                                     out = AccountFromColumns(r, true);
                                     return Status::Ok();
                                   })
                         .status());
  return out;
}

Status SqlTx::PutAccountView(const std::string& client, const Account& a) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::accounts, client, a.account_id);
  static const std::string kSql = UpsertSql(
      "account_metrics", {"client_id", "account_id"},
      {"account_key", "name", "contacts", "order_count", "total_spend", "first_order",
       "last_order", "last_order_reference", "cadence_days", "cadence_last_day",
       "expected_day", "last_updated", "name_folded", "search_text", "days", "name_contact"});
  const Arg days = a.days ? Arg(Bytes{a.days->Encode()}) : Arg();
  return sql().Send(kSql, {client, a.account_id, a.key, a.totals.name.value_or(""), a.contacts,
                          a.totals.order_count, a.totals.total_spend, a.totals.first_order,
                          a.totals.last_order, a.totals.last_order_reference,
                          CadenceColumn(a, 0), CadenceColumn(a, 1), CadenceColumn(a, 2),
                          a.totals.last_updated, FoldCase(a.totals.name.value_or("")),
                          AccountSearchText(a), days, a.name_contact});
}

Status SqlTx::DeleteAccountView(const std::string& client, const std::string& account_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::accounts, client, account_id);
  return sql().Send("DELETE FROM account_metrics WHERE client_id = ? AND account_id = ?",
                   {client, account_id});
}

Status ReadAccountViews(Session& s, const std::string& client, ClientViews* out) {
  PP_RETURN_IF_ERROR(s.Query(std::string("SELECT ") + kAccountRowCols +
                                 " FROM account_metrics WHERE client_id = ? ORDER BY account_id",
                             {client}, [&](const Row& r) {
                               out->accounts.push_back(AccountFromColumns(r, true));
                               return Status::Ok();
                             }));
  return s.Query(
      "SELECT contact_id, account_id FROM account_members WHERE client_id = ? "
      "ORDER BY contact_id",
      {client}, [&](const Row& r) {
        out->account_members.emplace_back(r.Text(0), r.Text(1));
        return Status::Ok();
      });
}

Result<AccountPage> QueryAccountViews(Session& s, const std::string& client,
                                      const CustomerViewQuery& v) {
  AccountPage page;
  Query count;
  count.Sql("SELECT COUNT(*) FROM account_metrics");
  AccountFilters(s, count, client, v);
  PP_RETURN_IF_ERROR(s.Query(count, [&](const Row& r) {
    page.total = r.Int(0);
    return Status::Ok();
  }));
  const int want = v.limit + 1;  // one more tells whether a page follows
  if (!(v.after && v.after->null_key)) {
    PP_RETURN_IF_ERROR(ReadAccountPart(s, client, v, false, want, &page.items));
  }
  if (CustomerSortNullable(v.sort) && static_cast<int>(page.items.size()) < want) {
    PP_RETURN_IF_ERROR(ReadAccountPart(s, client, v, true,
                                       want - static_cast<int>(page.items.size()), &page.items));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(static_cast<std::size_t>(v.limit));
    page.more = true;
  }
  return page;
}

Status SqlTx::PrefetchAccountOf(const std::string& client, const std::vector<std::string>& ids) {
  using Entry = std::pair<std::string, std::optional<std::string>>;
  return PrefetchInto(cache_[client].account_of,
                      "SELECT contact_id, account_id FROM account_members WHERE client_id = ? "
                      "AND contact_id IN ",
                      client, ids,
                      [](const Row& r) -> Result<Entry> { return Entry(r.Text(0), r.Text(1)); });
}

Status SqlTx::PrefetchAccounts(const std::string& client, const std::vector<std::string>& ids) {
  using Entry = std::pair<std::string, std::optional<Account>>;
  return PrefetchInto(cache_[client].accounts,
                      std::string("SELECT ") + kAccountRowCols +
                          " FROM account_metrics WHERE client_id = ? AND account_id IN ",
                      client, ids, [](const Row& r) -> Result<Entry> {
                        Account a = AccountFromColumns(r, true);
                        std::string id = a.account_id;
                        return Entry(std::move(id), std::move(a));
                      });
}

}  // namespace packprod::store::sql

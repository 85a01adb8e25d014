#include "stream/accounts.h"

#include <algorithm>
#include <deque>
#include <set>

#include "domain/time.h"
#include "stream/segment_views.h"

namespace packprod::stream {
namespace {

// A member's counted order days: the batch's, else its contact_spend_days row's.
Result<std::vector<DayNumber>> MemberDays(store::WriteTx& tx, const std::string& client,
                                          const std::string& contact_id,
                                          const TouchedContact* touched) {
  if (touched && touched->days) return touched->days->Expanded();
  PP_ASSIGN_OR_RETURN(DayMultiset set, StoredOrderDays(tx, client, contact_id));
  return set.Expanded();
}

// Recomputes one account from its members (deletes it when it has none).
Status RecomputeAccount(store::WriteTx& tx, const std::string& client,
                        const std::string& account_id, const AccountRules& rules,
                        const std::map<std::string, TouchedContact>& touched) {
  PP_ASSIGN_OR_RETURN(std::vector<std::string> ids, tx.AccountMembers(client, account_id));
  if (ids.empty()) return tx.DeleteAccountView(client, account_id);
  std::deque<CustomerAggregate> read;  // members not touched by the batch (stable addresses)
  std::vector<AccountMember> members;
  members.reserve(ids.size());
  for (const std::string& id : ids) {
    auto t = touched.find(id);
    const TouchedContact* tc = t == touched.end() ? nullptr : &t->second;
    AccountMember m;
    if (tc && tc->customer) {
      m.customer = tc->customer;
    } else {
      PP_ASSIGN_OR_RETURN(auto row, tx.GetCustomerView(client, id));
      if (!row) {
        return Status::Internal("account_members names contact " + id +
                                " without a customer_metrics row: rebuild the views");
      }
      read.push_back(std::move(*row));
      m.customer = &read.back();
    }
    PP_ASSIGN_OR_RETURN(m.days, MemberDays(tx, client, id, tc));
    members.push_back(std::move(m));
  }
  const CustomerAggregate& first = *members.front().customer;
  const std::string key = ResolveAccountKey(
      rules, first.contact_id, NaturalAccountKey(first.contact_id, first.email, first.company));
  Account a = AggregateAccount(client, key, members);
  if (a.account_id != account_id) {
    return Status::Internal("account " + account_id + " holds contact " + first.contact_id +
                            " of another account: rebuild the views");
  }
  PP_ASSIGN_OR_RETURN(auto stored, tx.GetAccountView(client, account_id));
  if (stored && *stored == a) return Status::Ok();
  return tx.PutAccountView(client, a);
}

// How an account is brought up to date: by its touched contacts' changes, or (full) from
// all its contacts.
struct AccountPlan {
  bool full = false;
  std::vector<AccountMemberChange> changes;
};

Status Refresh(store::WriteTx& tx, const std::string& client, const std::vector<std::string>& ids,
               const std::map<std::string, TouchedContact>& touched) {
  PP_ASSIGN_OR_RETURN(AccountRules rules, LoadAccountRules(tx, client));
  // Each contact's account now and before; then their rows read ahead in a few statements
  // (one round trip each otherwise, on PostgreSQL) before the accounts are brought up to date.
  struct Member {
    const std::string* id;
    std::string account;
    std::optional<std::string> old;
  };
  std::vector<Member> members;
  members.reserve(ids.size());
  store::WriteTx::ViewKeys keys;
  for (const std::string& id : ids) {
    std::optional<CustomerAggregate> read;
    const CustomerAggregate* c = nullptr;
    if (auto t = touched.find(id); t != touched.end() && t->second.customer) {
      c = t->second.customer;
    } else {
      PP_ASSIGN_OR_RETURN(read, tx.GetCustomerView(client, id));
      if (!read) continue;  // not applied yet: grouped when its row is made
      c = &*read;
    }
    const std::string key =
        ResolveAccountKey(rules, id, NaturalAccountKey(id, c->email, c->company));
    Member m{&id, AccountIdOf(client, key), std::nullopt};
    PP_ASSIGN_OR_RETURN(m.old, tx.GetAccountOf(client, id));
    keys.accounts.push_back(m.account);
    if (m.old) keys.accounts.push_back(*m.old);
    members.push_back(std::move(m));
  }
  PP_RETURN_IF_ERROR(tx.PrefetchViews(client, keys));
  std::map<std::string, AccountPlan> affected;
  for (const Member& m : members) {
    const std::string& id = *m.id;
    const std::string& account = m.account;
    const std::optional<std::string>& old = m.old;
    auto t = touched.find(id);
    const TouchedContact* tc = t == touched.end() ? nullptr : &t->second;
    AccountPlan& plan = affected[account];
    if (old != account) {
      PP_RETURN_IF_ERROR(tx.PutAccountMember(client, id, account));
      if (old) affected[*old].full = true;
    }
    if (!tc || !tc->customer) {
      plan.full = true;
    } else if (old == account && tc->before) {  // stays
      plan.changes.push_back({tc->before, tc->customer, tc->days_before, tc->days});
    } else if (!old && !tc->before) {  // a new customer joins (days null: none counted)
      plan.changes.push_back({nullptr, tc->customer, nullptr, tc->days});
    } else {
      plan.full = true;
    }
  }
  for (const auto& [account, plan] : affected) {
    if (!plan.full) {
      PP_ASSIGN_OR_RETURN(auto stored, tx.GetAccountView(client, account));
      if (stored) {
        Account a = *stored;
        if (ChangeAccount(a, plan.changes)) {
          if (a == *stored) continue;
          PP_RETURN_IF_ERROR(tx.PutAccountView(client, a));
          continue;
        }
      }
    }
    PP_RETURN_IF_ERROR(RecomputeAccount(tx, client, account, rules, touched));
  }
  return Status::Ok();
}

}  // namespace

Result<AccountRules> LoadAccountRules(store::ReadTx& tx, const std::string& client) {
  PP_ASSIGN_OR_RETURN(auto json, tx.GetAccountRules(client));
  return ParseAccountRules(json.value_or(""));
}

Status RefreshAccounts(store::WriteTx& tx, const std::string& client,
                       const std::map<std::string, TouchedContact>& touched) {
  std::vector<std::string> ids;
  ids.reserve(touched.size());
  for (const auto& [id, t] : touched) ids.push_back(id);
  return Refresh(tx, client, ids, touched);
}

Status RefreshAccounts(store::WriteTx& tx, const std::string& client,
                       const std::vector<std::string>& contact_ids) {
  return Refresh(tx, client, contact_ids, {});
}

Result<Account> MergeAccounts(store::Store& store, const std::string& client,
                              const std::string& into, const std::vector<std::string>& from) {
  if (from.empty()) return Status::InvalidArgument("accounts: name at least one account to merge");
  std::optional<Account> out;
  PP_RETURN_IF_ERROR(store.WriteViews([&](store::WriteTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(auto target, tx.GetAccountView(client, into));
    if (!target) return Status::NotFound("into: no account '" + into + "'");
    PP_ASSIGN_OR_RETURN(AccountRules rules, LoadAccountRules(tx, client));
    std::vector<std::string> moved;
    for (const std::string& id : from) {
      if (id == into) {
        return Status::InvalidArgument("accounts: account '" + id +
                                       "' cannot be merged into itself");
      }
      PP_ASSIGN_OR_RETURN(auto source, tx.GetAccountView(client, id));
      if (!source) return Status::NotFound("accounts: no account '" + id + "'");
      PP_RETURN_IF_ERROR(AddMerge(rules, source->key, target->key));
      PP_ASSIGN_OR_RETURN(auto members, tx.AccountMembers(client, id));
      moved.insert(moved.end(), members.begin(), members.end());
    }
    PP_RETURN_IF_ERROR(tx.PutAccountRules(client, AccountRulesJson(rules), NowMillis()));
    PP_RETURN_IF_ERROR(RefreshAccounts(tx, client, moved));
    PP_ASSIGN_OR_RETURN(out, tx.GetAccountView(client, into));
    if (!out) return Status::Internal("the merged account vanished");
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<std::vector<Account>> SplitAccount(store::Store& store, const std::string& client,
                                          const std::string& account_id,
                                          const std::vector<std::string>& contacts) {
  std::vector<Account> out;
  PP_RETURN_IF_ERROR(store.WriteViews([&](store::WriteTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(auto account, tx.GetAccountView(client, account_id));
    if (!account) return Status::NotFound("no account '" + account_id + "'");
    PP_ASSIGN_OR_RETURN(auto members, tx.AccountMembers(client, account_id));
    if (members.size() < 2) {
      return Status::InvalidArgument("account '" + account_id +
                                     "' has one contact: there is nothing to split");
    }
    std::vector<std::string> chosen = contacts.empty() ? members : contacts;
    for (const std::string& c : chosen) {
      if (!std::binary_search(members.begin(), members.end(), c)) {
        return Status::InvalidArgument("contacts: contact '" + c + "' is not in account '" +
                                       account_id + "'");
      }
    }
    PP_ASSIGN_OR_RETURN(AccountRules rules, LoadAccountRules(tx, client));
    for (const std::string& c : chosen) AddSplit(rules, c);
    PP_RETURN_IF_ERROR(tx.PutAccountRules(client, AccountRulesJson(rules), NowMillis()));
    PP_RETURN_IF_ERROR(RefreshAccounts(tx, client, members));
    std::set<std::string> ids;
    for (const std::string& c : members) {
      PP_ASSIGN_OR_RETURN(auto id, tx.GetAccountOf(client, c));
      if (id) ids.insert(*id);
    }
    for (const std::string& id : ids) {
      PP_ASSIGN_OR_RETURN(auto a, tx.GetAccountView(client, id));
      if (a) out.push_back(std::move(*a));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace packprod::stream

// Account maintenance (docs/metrics.md "Accounts"): account_members and account_metrics
// kept from the customer_metrics rows of their contacts, and the manual merge and split
// that record a rule (account_rules, which `rebuild` keeps) and regroup at once.
//
// An account row is recomputed from its members' customer_metrics and contact_spend_days
// rows whenever one of its contacts' rows changes (the batch applier's hook), or a rule
// moves contacts; never from the orders.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts.h"
#include "domain/day_multiset.h"
#include "store/store.h"

namespace packprod::stream {

// A contact whose customer_metrics row this batch wrote: that row as written, and its
// order days when the batch computed them (null: read from the store); the row before the
// batch (null: none) and the days before when the batch changed them.
struct TouchedContact {
  const CustomerAggregate* customer = nullptr;
  const DayMultiset* days = nullptr;
  const CustomerAggregate* before = nullptr;
  const DayMultiset* days_before = nullptr;
};

// Re-resolves each contact's account under the client's rules, moves it when its
// account changed, and brings every account it left or is in up to date (deleted when
// left without contacts). Contacts are given by id (their rows are read) or as touched
// rows. A touched contact that stays in its account, or joins one as a new customer,
// changes the account's row by its own before/after (domain ChangeAccount: no other
// contact is read, so the cost does not grow with the account); otherwise, or when that
// cannot be exact, the account is recomputed from all its contacts' rows.
Status RefreshAccounts(store::WriteTx& tx, const std::string& client,
                       const std::map<std::string, TouchedContact>& touched);
Status RefreshAccounts(store::WriteTx& tx, const std::string& client,
                       const std::vector<std::string>& contact_ids);

// Merges the accounts `from` into `into` (ids of existing accounts, none equal to
// `into`): records the rules and regroups. Returns the merged account. NotFound naming
// an unknown id; InvalidArgument for an account merged into itself or no `from`.
Result<Account> MergeAccounts(store::Store& store, const std::string& client,
                              const std::string& into, const std::vector<std::string>& from);

// Splits contacts out of an account, each an account alone (all its contacts when
// `contacts` is empty): records the rules and regroups. Returns the accounts its contacts
// are in afterwards, by id. NotFound for an unknown account; InvalidArgument for an
// account of one contact or a contact not in it.
Result<std::vector<Account>> SplitAccount(store::Store& store, const std::string& client,
                                          const std::string& account_id,
                                          const std::vector<std::string>& contacts);

// The client's rules as stored (none: empty rules).
Result<AccountRules> LoadAccountRules(store::ReadTx& tx, const std::string& client);

}  // namespace packprod::stream

// Company accounts (docs/metrics.md "Accounts"): which account a contact belongs to, the
// manual merge and split rules that override it, and an account's figures over its
// contacts' customer metrics.
//
// Pure functions; no I/O. The views (stream/accounts.h) and the independent recomputation
// of `verify` (stream/expected_views.h) both group with these, so both agree.
//
// A contact's natural key: "company:<NormaliseCompany(company)>" when that is not empty,
// else "domain:<e-mail domain>" unless the domain is a free-mail one (IsFreeMailDomain),
// else "contact:<contactID>". The rules then apply: a split contact's key is
// "contact:<contactID>" whatever its natural key; a merged key is replaced by the key it
// was merged into, transitively. The account id is UUIDv5(clientID + "/account/" + key).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/day_multiset.h"
#include "domain/metrics.h"
#include "domain/order.h"
#include "domain/reorders.h"
#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

// Case-folded; '.', '\'' and U+2019 removed; '&' read as "and"; every other ASCII character
// that is not a letter or digit is a space; runs of spaces collapse; a leading "the" and
// trailing legal forms ("ltd", "pty", "inc", "llc", "gmbh", ...) are dropped while a word
// remains. "" when nothing is left (no company).
std::string NormaliseCompany(std::string_view company);

// The folded part after the last '@' (without a trailing '.'); "" when there is none.
std::string EmailDomain(std::string_view email);

// Whether `domain` (folded) is on the free-mail list (src/domain/free_mail_domains.inc).
bool IsFreeMailDomain(std::string_view domain);

// The contact's natural key (see above).
std::string NaturalAccountKey(std::string_view contact_id, std::string_view email,
                              const std::optional<std::string>& company);

// The account id of a key within a client.
std::string AccountIdOf(std::string_view client, std::string_view key);

// "company", "domain" or "contact": the kind of a key.
std::string_view AccountKeyKind(std::string_view key);

// The manual rules of one client, kept by the store as JSON (AccountRulesJson) and never
// touched by `rebuild`. merged_into: key -> the key its contacts go to (no cycles: a merge
// only points a final key at another final key); split: contacts that are accounts alone.
struct AccountRules {
  std::map<std::string, std::string> merged_into;
  std::set<std::string> split;
  bool operator==(const AccountRules&) const = default;
};
// {"merges":[{"from":key,"into":key}...],"splits":[contactID...]}, sorted.
std::string AccountRulesJson(const AccountRules& r);
// The inverse; empty text is no rules. InvalidArgument naming what is wrong.
Result<AccountRules> ParseAccountRules(std::string_view json);

// The key after the rules: split contacts alone, merged keys followed to the end.
std::string ResolveAccountKey(const AccountRules& r, std::string_view contact_id,
                              std::string_view natural_key);

// Records "the accounts of `from` go into `into`" (both final keys, as AccountView::key).
// InvalidArgument when they are the same key.
Status AddMerge(AccountRules& r, const std::string& from, const std::string& into);
// Records that the contact is an account alone (and undoes a merge of that lone account).
void AddSplit(AccountRules& r, const std::string& contact_id);

// An account: its key, its figures over its contacts as one CustomerAggregate (contact_id
// = account id, name = the display name, email empty, company = the display name when the
// key is a company), how many contacts, and its reorder cadence over the union of their
// counted order days (nullopt below kReorderMinOrders).
struct Account {
  std::string account_id, key;
  std::int64_t contacts = 0;
  CustomerAggregate totals;
  std::optional<ReorderCadence> cadence;
  // What the stream processor needs to change the account by one contact's change
  // without reading its other contacts (not in the API): the union of their counted
  // order days (nullopt: not known, a row from before these were kept), and the contact
  // whose company names the account (nullopt: none has a company).
  std::optional<DayMultiset> days;
  std::optional<std::string> name_contact;
  bool operator==(const Account& o) const;
};

// One member as the grouping needs it: its customer metrics and its counted order days.
struct AccountMember {
  const CustomerAggregate* customer = nullptr;
  std::vector<DayNumber> days;  // one entry per counted order, any order
};

// The account of `key` over its members (at least one). Orders and spend are summed,
// first/last are the earliest/latest, the latest reference goes with the latest
// (lastOrder, reference); the display name is the company as written by the member with
// the smallest contact id among those with a company (NormaliseCompany not empty), else
// the domain of a domain key, else that member's e-mail. last_updated: the members' latest.
Account AggregateAccount(std::string_view client, const std::string& key,
                         const std::vector<AccountMember>& members);

// One contact's change as the stream processor sees it: its customer row before and after
// a batch (`before` null: it joins the account) and its counted order days before and
// after (both null: unchanged; null `days_after` of a joining contact: it has no counted
// order).
struct AccountMemberChange {
  const CustomerAggregate* before = nullptr;
  const CustomerAggregate* after = nullptr;
  const DayMultiset* days_before = nullptr;
  const DayMultiset* days_after = nullptr;
};

// Changes `a` (an account row with its days known) by its contacts' changes (one per
// contact), exactly as AggregateAccount over all its contacts would, without reading the
// others; the cadence is recomputed once, after all of them. False when that cannot be
// known from the row: a contact's e-mail or company changed, it held the account's first
// or last order and moved off it, a row without days, or a contact without a company
// joining an account named by its smallest contact's e-mail; the caller then recomputes
// the account from all its contacts (`a` is then unspecified).
bool ChangeAccount(Account& a, const std::vector<AccountMemberChange>& changes);

// Every account of a client from every contact's customer metrics and order days
// (contact id -> days), by account id; `membership` (may be null) gets contact id ->
// account id.
std::vector<Account> GroupAccounts(std::string_view client,
                                   const std::vector<CustomerAggregate>& customers,
                                   const std::map<std::string, std::vector<DayNumber>>& days,
                                   const AccountRules& rules,
                                   std::map<std::string, std::string>* membership);

// docs/api.md's account object: accountID, name, kind, contactCount, the customer figures
// (orderCount ... purchaseFrequency, as CustomerJson) and `reorder` (null without a
// cadence, else cadenceDays, expectedDate, daysOverdue, status as of local day `today`).
boost::json::object AccountJson(const Account& a, Millis as_of, DayNumber today,
                                const ClientSettings& settings);

}  // namespace packprod

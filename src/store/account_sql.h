// SQL shared by the stores' account tables (docs/metrics.md "Accounts"): account_metrics'
// column list in the order each store reads and writes it, and the values derived from
// an Account for its row. Engine-neutral; the listing's sort and cursor conditions are
// the customer listing's (store/view_sql.h AppendCustomerPart with id "account_id").
#pragma once

#include <optional>
#include <string>

#include "domain/accounts.h"
#include "domain/text.h"

namespace packprod::store {

// The columns a listing reads; kAccountRowCols adds what only the stream processor's
// upkeep of the row needs (its contacts' order days, its naming contact).
#define PP_ACCOUNT_VIEW_COLS                                                              \
  "account_id, account_key, name, contacts, order_count, total_spend, first_order, "     \
  "last_order, last_order_reference, cadence_days, cadence_last_day, expected_day, "     \
  "last_updated"
inline constexpr const char* kAccountViewCols = PP_ACCOUNT_VIEW_COLS;
inline constexpr const char* kAccountRowCols = PP_ACCOUNT_VIEW_COLS ", days, name_contact";
#undef PP_ACCOUNT_VIEW_COLS

// The text `search` matches: the folded display name, then the key.
inline std::string AccountSearchText(const Account& a) {
  return FoldCase(a.totals.name.value_or("")) + "\n" + a.key;
}

// The cadence columns (cadence_days, cadence_last_day, expected_day), NULL without one.
inline std::optional<std::int64_t> CadenceColumn(const Account& a, int which) {
  if (!a.cadence) return std::nullopt;
  if (which == 0) return a.cadence->cadence_days;
  if (which == 1) return std::int64_t{a.cadence->last_day};
  return std::int64_t{a.cadence->expected_day};
}

// Fills an Account from its columns in kAccountViewCols order (`upkeep`: kAccountRowCols);
// `get` reads the columns: Text(i), Int(i), OptInt(i), OptText(i), IsNull(i), Bytes(i). A
// damaged `days` is read as not known (the processor then recomputes the account from its
// contacts).
template <class Row>
Account AccountFromColumns(const Row& r, bool upkeep = false) {
  Account a;
  a.account_id = r.Text(0);
  a.key = r.Text(1);
  a.totals.contact_id = a.account_id;
  a.totals.name = r.Text(2);
  if (AccountKeyKind(a.key) == "company") a.totals.company = a.totals.name;
  a.contacts = r.Int(3);
  a.totals.order_count = r.Int(4);
  a.totals.total_spend = r.Int(5);
  a.totals.first_order = r.OptInt(6);
  a.totals.last_order = r.OptInt(7);
  a.totals.last_order_reference = r.OptText(8);
  if (auto cadence = r.OptInt(9)) {
    ReorderCadence c;
    c.order_count = a.totals.order_count;
    c.cadence_days = *cadence;
    c.last_day = static_cast<DayNumber>(r.OptInt(10).value_or(0));
    c.expected_day = static_cast<DayNumber>(r.OptInt(11).value_or(0));
    a.cadence = c;
  }
  a.totals.last_updated = r.Int(12);
  if (!upkeep) return a;
  if (!r.IsNull(13)) {
    auto days = DayMultiset::Decode(r.Bytes(13));
    if (days.ok()) a.days = std::move(*days);
  }
  a.name_contact = r.OptText(14);
  return a;
}

}  // namespace packprod::store

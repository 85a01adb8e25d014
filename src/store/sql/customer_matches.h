// A page of the customer listing cut in memory from the sort keys of every row that
// matches its filters (a search's few matches, read in one statement): the total, the
// ids of the rows after the cursor in the listing's SQL order, and whether a page
// follows. The page's rows are read afterwards by key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"

namespace packprod::store::sql {

// One matching customer_metrics row: its contact_id and the listing sort's key (the
// integer column, or name_folded for the name sort; null_key when that is NULL).
struct CustomerMatch {
  std::string contact_id;
  bool null_key = false;
  std::int64_t int_key = 0;
  std::string str_key;  // the name sort only
};

// The page's rows by contact_id, in listing order.
struct MatchPage {
  std::int64_t total = 0;
  std::vector<std::string> ids;
  bool more = false;
};

// The page of `v` (sort, direction, cursor, limit; its filters are already applied) from
// all of the matches, ordered as the SQL listing orders them (view_sql.h
// AppendCustomerPart): rows with a sort key first, by the key in v.desc's direction, then
// the keyless rows; ties by contact_id ascending (bytewise, as SQLite's BINARY and
// PostgreSQL's "C" collations). `total` counts every match, the cursor ignored.
MatchPage PageOfMatches(const std::vector<CustomerMatch>& matches, const CustomerViewQuery& v);

}  // namespace packprod::store::sql

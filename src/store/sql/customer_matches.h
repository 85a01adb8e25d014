// A page of the customer listing cut in memory from every row that matches its filters
// (a search's few matches, read in one statement): the total, the rows after the cursor
// in the listing's SQL order, and whether a page follows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace packprod::store::sql {

// One matching customer_metrics row and its stored name_folded (the name sort's key).
struct CustomerMatch {
  CustomerAggregate row;
  std::optional<std::string> name_folded;
};

// The page of `v` (sort, direction, cursor, limit; its filters are already applied) from
// all of the matches, ordered as the SQL listing orders them (view_sql.h
// AppendCustomerPart): rows with a sort key first, by the key in v.desc's direction, then
// the keyless rows; ties by contact_id ascending (bytewise, as SQLite's BINARY
// collation). `total` counts every match, the cursor ignored.
CustomerViewPage PageOfMatches(std::vector<CustomerMatch> matches, const CustomerViewQuery& v);

}  // namespace packprod::store::sql

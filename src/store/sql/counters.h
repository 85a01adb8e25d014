// Tables of counters changed by signed deltas (the statistics counters, cohort cells,
// segment days, reorder day counts): a batch's changes to one table upserted many rows per
// statement, the new counts checked, and the rows that reached zero removed. Written once
// for every such table; a row at a time cost a round trip per row on PostgreSQL.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/sql/session.h"

namespace packprod::store::sql {

// A counter table: its key columns after client_id, and its count columns.
struct CounterTable {
  // kFirstZero: the first count is a number of things (never below 0) and the others
  // sums that may be negative (revenue); the row goes when the first reaches 0, and every
  // other must be 0 then. kAllZero: every count is a number of things (never below 0);
  // the row goes when all are 0.
  enum class Remove { kFirstZero, kAllZero };
  std::string name;
  std::vector<std::string> keys;
  std::vector<std::string> counts;
  Remove remove = Remove::kFirstZero;
};

// One row's change: its key values (integers or text, in `keys` order) and one delta per
// count column.
struct CounterChange {
  Args key;
  std::vector<std::int64_t> deltas;
};

// Called with each changed row as stored after the change: the key columns, then the
// counts.
using CounterRowFn = std::function<void(const Row&)>;

// Adds every change whose deltas are not all zero to its row (made when absent), with
// multi-row INSERT ... ON CONFLICT DO UPDATE ... RETURNING statements, then deletes the
// rows that reached zero. Keys must be distinct. Internal "<table> below zero: rebuild the
// views" when a count goes below zero or a row is out of step (nothing is then committed:
// the caller's transaction fails).
Status AddCounters(Session& s, const std::string& client, const CounterTable& t,
                   const std::vector<CounterChange>& changes, const CounterRowFn& on_row = {});

}  // namespace packprod::store::sql

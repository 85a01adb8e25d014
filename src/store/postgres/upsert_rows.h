// Single-row upserts written as multi-row statements: Conn::Send keeps the rows of each
// such statement (by text) and writes them together when a statement that may touch their
// table is sent (see OnlyTableOf), when anything is run or synced, and before COMMIT. So
// each table's statements reach the server in the order sent; statements of different
// tables may not, which is the same as long as no foreign key joins the tables written by
// Send (the stream's views: none does). A stream batch writes thousands of view rows of a
// few tables this way (contact_products, product_day_customers, contact_spend_days, ...);
// one statement per row cost a parse, a plan and an execution each on the server.
//
// Only statements whose meaning does not change when rows are merged qualify:
//   INSERT INTO t (c1, ..., cn) VALUES ($1, ..., $n) ON CONFLICT (keys) DO UPDATE SET
//   x = excluded.x, ...   (every SET assigns its own excluded column; no WHERE, no
//   RETURNING; every key among the columns)
// Run one by one, such rows leave each key holding its last row's values; the merged
// statement keeps only the last row of each key (PostgreSQL refuses one statement that
// updates a row twice), so the result is the same.
// Used only by store/postgres (pg.cc).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace packprod::store::postgres {

// The shape of a statement that qualifies.
struct UpsertShape {
  std::string table;
  std::string head;  // "INSERT INTO t (c1, ..., cn) VALUES "
  std::string tail;  // " ON CONFLICT (...) DO UPDATE SET ..."
  std::size_t columns = 0;
  std::vector<std::size_t> key_columns;  // indexes into the column list
};

// The shape of `sql` ($n placeholders), or nullopt when it does not qualify.
std::optional<UpsertShape> ParseUpsert(const std::string& sql);

// The one table `sql` writes when it reads no other table's rows, else nullopt: INSERT INTO
// t (...) VALUES, UPDATE t SET ... WHERE, DELETE FROM t WHERE, none with a SELECT, an
// UPDATE's FROM or a DELETE's USING. Such a statement commutes with rows kept for other
// tables, so only t's kept rows need to go before it.
std::optional<std::string> OnlyTableOf(const std::string& sql);

// The statement for `rows` rows of `shape`, numbered $1 .. $(rows * columns).
std::string MultiRowUpsert(const UpsertShape& shape, std::size_t rows);

// Rows of one statement gathered for a multi-row write: one per key, the last one sent.
class UpsertRows {
 public:
  using Values = std::vector<std::optional<std::string>>;
  explicit UpsertRows(const UpsertShape* shape) : shape_(shape) {}
  // `values`: one row's parameters (shape's column count of them).
  void Add(Values values);
  std::size_t size() const { return rows_.size(); }
  const UpsertShape& shape() const { return *shape_; }
  // The rows in the order their keys were first sent.
  const std::vector<Values>& rows() const { return rows_; }

 private:
  const UpsertShape* shape_;
  std::vector<Values> rows_;
  std::map<Values, std::size_t> by_key_;  // key values -> index in rows_
};

}  // namespace packprod::store::postgres

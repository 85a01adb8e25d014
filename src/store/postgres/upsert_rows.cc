#include "store/postgres/upsert_rows.h"

#include <string_view>

namespace packprod::store::postgres {
namespace {

// `s` split at ", ".
std::vector<std::string_view> SplitList(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t at = s.find(", ");
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 2);
  }
}

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// Consumes `prefix` from the front of `s`.
bool Eat(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// The text up to `end` (consumed with it).
std::optional<std::string_view> Until(std::string_view& s, std::string_view end) {
  const std::size_t at = s.find(end);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view out = s.substr(0, at);
  s.remove_prefix(at + end.size());
  return out;
}

}  // namespace

std::optional<UpsertShape> ParseUpsert(const std::string& sql) {
  std::string_view s = sql;
  if (!Eat(s, "INSERT INTO ")) return std::nullopt;
  const auto table = Until(s, " (");
  if (!table || !IsIdentifier(*table)) return std::nullopt;
  const auto column_list = Until(s, ") VALUES (");
  if (!column_list) return std::nullopt;
  const std::vector<std::string_view> columns = SplitList(*column_list);
  for (std::string_view c : columns) {
    if (!IsIdentifier(c)) return std::nullopt;
  }
  UpsertShape shape;
  shape.table = std::string(*table);
  shape.head = "INSERT INTO " + std::string(*table) + " (" + std::string(*column_list) +
               ") VALUES ";
  shape.columns = columns.size();
  // ($1, $2, ..., $n) in order.
  const auto marks = Until(s, ") ON CONFLICT (");
  if (!marks) return std::nullopt;
  const std::vector<std::string_view> params = SplitList(*marks);
  if (params.size() != columns.size()) return std::nullopt;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i] != "$" + std::to_string(i + 1)) return std::nullopt;
  }
  const std::string_view tail_start = s;
  const auto key_list = Until(s, ") DO UPDATE SET ");
  if (!key_list) return std::nullopt;
  for (std::string_view k : SplitList(*key_list)) {
    std::size_t i = 0;
    while (i < columns.size() && columns[i] != k) ++i;
    if (i == columns.size()) return std::nullopt;
    shape.key_columns.push_back(i);
  }
  for (std::string_view set : SplitList(s)) {
    const auto column = Until(set, " = excluded.");
    if (!column || !IsIdentifier(*column) || set != *column) return std::nullopt;
  }
  shape.tail = " ON CONFLICT (" + std::string(tail_start);
  return shape;
}

std::optional<std::string> OnlyTableOf(const std::string& sql) {
  std::string upper(sql.size(), ' ');
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    upper[i] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (upper.find("SELECT") != std::string::npos) return std::nullopt;
  std::string_view s = sql;
  std::optional<std::string_view> table;
  if (Eat(s, "INSERT INTO ")) {
    table = Until(s, " (");
    if (table && s.find(") VALUES (") == std::string_view::npos) return std::nullopt;
  } else if (Eat(s, "UPDATE ")) {
    table = Until(s, " SET ");
    if (upper.find(" FROM ") != std::string::npos) return std::nullopt;
  } else if (Eat(s, "DELETE FROM ")) {
    table = Until(s, " WHERE ");
    if (upper.find(" USING ") != std::string::npos) return std::nullopt;
  }
  if (!table || !IsIdentifier(*table)) return std::nullopt;
  return std::string(*table);
}

std::string MultiRowUpsert(const UpsertShape& shape, std::size_t rows) {
  std::string sql = shape.head;
  sql.reserve(sql.size() + rows * shape.columns * 6 + shape.tail.size());
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t c = 0; c < shape.columns; ++c) {
      if (c) sql += ", ";
      sql += '$';
      sql += std::to_string(++n);
    }
    sql += ')';
  }
  return sql + shape.tail;
}

void UpsertRows::Add(Values values) {
  Values key;
  key.reserve(shape_->key_columns.size());
  for (std::size_t k : shape_->key_columns) key.push_back(values[k]);
  auto [it, fresh] = by_key_.try_emplace(std::move(key), rows_.size());
  if (fresh) {
    rows_.push_back(std::move(values));
  } else {
    rows_[it->second] = std::move(values);
  }
}

}  // namespace packprod::store::postgres

#include "store/sqlite/session.h"

#include <type_traits>

namespace packprod::store::sqlite {
namespace {

using sql::IsStopRows;

class StmtRow final : public sql::Row {
 public:
  explicit StmtRow(const Stmt& s) : s_(s) {}
  bool IsNull(int col) const override { return s_.IsNull(col); }
  std::int64_t Int(int col) const override { return s_.Int(col); }
  std::string Text(int col) const override { return s_.Text(col); }
  std::string_view TextView(int col) const override { return s_.TextView(col); }
  std::string Bytes(int col) const override { return s_.Blob(col); }
  bool Bool(int col) const override { return s_.Int(col) != 0; }

 private:
  const Stmt& s_;
};

}  // namespace

Stmt& SqliteSession::Bound(std::string_view sql, const sql::Args& args) {
  Stmt& s = db_.Prepare(sql);
  int i = 1;
  for (const sql::Arg& a : args) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::monostate>) {
            s.BindNull(i);
          } else if constexpr (std::is_same_v<V, sql::Bytes>) {
            s.BindBlob(i, v.data);
          } else {
            s.Bind(i, v);
          }
        },
        a.value());
    ++i;
  }
  return s;
}

Status SqliteSession::Query(std::string_view sql, const sql::Args& args, const sql::RowFn& row) {
  Stmt& s = Bound(sql, args);
  StmtRow r(s);
  Status st;
  while (st.ok() && s.Step()) st = row(r);
  if (IsStopRows(st)) st = Status::Ok();
  if (st.ok()) st = s.error();
  s.Reset();
  return st;
}

Result<std::int64_t> SqliteSession::Exec(std::string_view sql, const sql::Args& args) {
  Stmt& s = Bound(sql, args);
  PP_RETURN_IF_ERROR(s.Run());
  return std::int64_t{db_.Changes()};
}

}  // namespace packprod::store::sqlite

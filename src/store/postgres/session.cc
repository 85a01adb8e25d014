#include "store/postgres/session.h"

#include <type_traits>

namespace packprod::store::postgres {
namespace {

class ResRow final : public sql::Row {
 public:
  ResRow(const Res& r, int row) : r_(r), row_(row) {}
  bool IsNull(int col) const override { return r_.IsNull(row_, col); }
  std::int64_t Int(int col) const override { return IsNull(col) ? 0 : r_.Int(row_, col); }
  std::string Text(int col) const override { return r_.Text(row_, col); }
  std::string_view TextView(int col) const override { return r_.TextView(row_, col); }
  std::string Bytes(int col) const override {
    std::string text = r_.Text(row_, col);
    Result<std::string> bytes = FromByteaHex(text);
    // Not BYTEA's hex form (a text column read as bytes): the characters themselves.
    return bytes.ok() ? std::move(*bytes) : text;
  }
  bool Bool(int col) const override {
    std::string t = r_.Text(row_, col);
    return t == "t" || t == "true" || t == "1";
  }

 private:
  const Res& r_;
  int row_;
};

int Digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string ByteaHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

Result<std::string> FromByteaHex(std::string_view text) {
  if (text.substr(0, 2) != "\\x" || text.size() % 2) {
    return Status::Internal("bytes from the store: not BYTEA's hex form");
  }
  std::string out((text.size() - 2) / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = Digit(text[2 + 2 * i]), lo = Digit(text[3 + 2 * i]);
    if (hi < 0 || lo < 0) return Status::Internal("bytes from the store: not hex");
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Params PgSession::ParamsOf(const sql::Args& args) {
  Params p;
  for (const sql::Arg& a : args) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::monostate>) {
            p.Add(std::optional<std::string>());
          } else if constexpr (std::is_same_v<V, sql::Bytes>) {
            p.Add(ByteaHex(v.data));
          } else {
            p.Add(v);
          }
        },
        a.value());
  }
  return p;
}

Result<Res> PgSession::Run(std::string_view sql, const sql::Args& args) {
  return c_.Exec(sql::NumberPlaceholders(sql), ParamsOf(args));
}

Status PgSession::Send(std::string_view sql, const sql::Args& args) {
  return c_.Send(sql::NumberPlaceholders(sql), ParamsOf(args));
}

Status PgSession::Query(std::string_view sql, const sql::Args& args, const sql::RowFn& row) {
  PP_ASSIGN_OR_RETURN(Res r, Run(sql, args));
  for (int i = 0; i < r.rows(); ++i) {
    Status st = row(ResRow(r, i));
    if (sql::IsStopRows(st)) break;
    PP_RETURN_IF_ERROR(st);
  }
  return Status::Ok();
}

Result<std::int64_t> PgSession::Exec(std::string_view sql, const sql::Args& args) {
  PP_ASSIGN_OR_RETURN(Res r, Run(sql, args));
  return r.Affected();
}

}  // namespace packprod::store::postgres

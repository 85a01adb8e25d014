// PgTx and the read side for reorder_cadence (docs/metrics.md "Reorders"): the days a
// contact's cadence is computed from, its row, and the listing (store/reorder_sql.h).
#include "store/postgres/tx.h"
#include "store/postgres/view_queries.h"
#include "store/reorder_sql.h"

namespace packprod::store::postgres {
namespace {


ReorderView ReorderFromRow(const Res& r, int i) {
  ReorderView v;
  v.contact_id = r.Text(i, 0);
  v.cadence.order_count = r.Int(i, 1);
  v.cadence.cadence_days = r.Int(i, 2);
  v.cadence.last_day = static_cast<DayNumber>(r.Int(i, 3));
  v.cadence.expected_day = static_cast<DayNumber>(r.Int(i, 4));
  v.average_order_value = r.Int(i, 5);
  return v;
}

}  // namespace

Result<std::vector<DayNumber>> PgTx::ContactOrderDays(const std::string& client,
                                                      const std::string& contact_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT day, orders FROM contact_days WHERE client_id = $1 "
                                  "AND contact_id = $2 ORDER BY day",
                                  client, contact_id));
  std::vector<DayNumber> days;
  for (int i = 0; i < r.rows(); ++i) {
    days.insert(days.end(), r.Int(i, 1), static_cast<DayNumber>(r.Int(i, 0)));
  }
  return days;
}

Status PgTx::PutReorderView(const std::string& client, const ReorderView& row) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("INSERT INTO reorder_cadence (client_id, contact_id, order_count, cadence_days, "
         "last_day, expected_day, average_order_value) VALUES ($1, $2, $3, $4, $5, $6, $7) "
         "ON CONFLICT (client_id, contact_id) DO UPDATE SET order_count = EXCLUDED.order_count, "
         "cadence_days = EXCLUDED.cadence_days, last_day = EXCLUDED.last_day, "
         "expected_day = EXCLUDED.expected_day, "
         "average_order_value = EXCLUDED.average_order_value",
         client, row.contact_id, row.cadence.order_count, row.cadence.cadence_days,
         std::int64_t{row.cadence.last_day}, std::int64_t{row.cadence.expected_day},
         row.average_order_value)
      .status();
}

Status PgTx::DeleteReorderView(const std::string& client, const std::string& contact_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("DELETE FROM reorder_cadence WHERE client_id = $1 AND contact_id = $2", client,
         contact_id)
      .status();
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2) return Status::Internal("bytes from the store: odd hex length");
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Internal("bytes from the store: not hex");
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<std::optional<std::string>> PgTx::GetContactDaySet(const std::string& client,
                                                          const std::string& contact_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT encode(days, 'hex') FROM contact_order_days "
                                  "WHERE client_id = $1 AND contact_id = $2",
                                  client, contact_id));
  if (!r.rows()) return std::optional<std::string>();
  PP_ASSIGN_OR_RETURN(std::string bytes, FromHex(r.Text(0, 0)));
  return std::optional<std::string>(std::move(bytes));
}

Status PgTx::PutContactDaySet(const std::string& client, const std::string& contact_id,
                              const std::string& encoded) {
  PP_RETURN_IF_ERROR(ViewLock());
  if (encoded.empty()) {
    return c_
        .Q("DELETE FROM contact_order_days WHERE client_id = $1 AND contact_id = $2", client,
           contact_id)
        .status();
  }
  return c_
      .Q("INSERT INTO contact_order_days (client_id, contact_id, days) "
         "VALUES ($1, $2, decode($3, 'hex')) "
         "ON CONFLICT (client_id, contact_id) DO UPDATE SET days = EXCLUDED.days",
         client, contact_id, ToHex(encoded))
      .status();
}

Status ReadContactDaySets(Conn& c, const std::string& client,
                          std::vector<std::pair<std::string, std::string>>* out) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT contact_id, encode(days, 'hex') FROM "
                                 "contact_order_days WHERE client_id = $1 ORDER BY contact_id",
                                 client));
  for (int i = 0; i < r.rows(); ++i) {
    PP_ASSIGN_OR_RETURN(std::string bytes, FromHex(r.Text(i, 1)));
    out->emplace_back(r.Text(i, 0), std::move(bytes));
  }
  return Status::Ok();
}

Status ReadReorderViews(Conn& c, const std::string& client, std::vector<ReorderView>* out) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT contact_id, order_count, cadence_days, last_day, "
                                 "expected_day, average_order_value FROM reorder_cadence "
                                 "WHERE client_id = $1 ORDER BY contact_id",
                                 client));
  for (int i = 0; i < r.rows(); ++i) out->push_back(ReorderFromRow(r, i));
  return Status::Ok();
}

Result<ReorderPage> QueryReorderViews(Conn& c, const std::string& client, const ReorderQuery& q) {
  ReorderPage page;
  Query rows;
  AppendReorderPage(rows, client, q);
  PP_ASSIGN_OR_RETURN(Res r, rows.Run(c));
  for (int i = 0; i < r.rows(); ++i) {
    ReorderRow row;
    row.view = ReorderFromRow(r, i);
    row.email = r.Text(i, 6);
    row.name = r.OptText(i, 7);
    row.company = r.OptText(i, 8);
    page.items.push_back(std::move(row));
  }
  if (static_cast<int>(page.items.size()) > q.limit) {
    page.items.resize(q.limit);
    page.more = true;
  }
  Query count;
  AppendReorderCount(count, client, q);
  PP_ASSIGN_OR_RETURN(Res n, count.Run(c));
  page.total = n.Int(0, 0);
  return page;
}

}  // namespace packprod::store::postgres

#include "store/sqlite/tables.h"

#include "domain/text.h"
#include "store/sqlite/order_counts.h"

namespace packprod::store::sqlite {
Status WriteOrder(Db& db, const Order& o, const std::string& image, bool replace,
                  CountDeltas* counts) {
  if (replace) PP_RETURN_IF_ERROR(UncountStoredOrder(db, o.client_id, o.order_id, counts));
  Stmt& s = db.Prepare(
      "INSERT OR REPLACE INTO orders (client_id, order_id, reference, contact_id, created_at, "
      "status, total, ref_folded, who_folded, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, o.client_id).Bind(2, o.order_id).Bind(3, o.reference).Bind(4, o.contact_id);
  s.Bind(5, o.created_at).Bind(6, OrderStatusName(o.status)).Bind(7, o.total);
  s.Bind(8, FoldCase(o.reference));
  s.Bind(9, FoldCase(o.customer.name.value_or("")) + "\n" + o.customer.email);
  s.Bind(10, image);
  PP_RETURN_IF_ERROR(s.Run());
  if (replace) {
    Stmt& del = db.Prepare("DELETE FROM order_items WHERE client_id = ? AND order_id = ?");
    del.Bind(1, o.client_id).Bind(2, o.order_id);
    PP_RETURN_IF_ERROR(del.Run());
  }
  Stmt& ins = db.Prepare(
      "INSERT INTO order_items (client_id, order_id, line_no, code, name, quantity, revenue, "
      "created_at, contact_id, counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < o.items.size(); ++i) {
    const auto& it = o.items[i];
    ins.Bind(1, o.client_id).Bind(2, o.order_id).Bind(3, static_cast<std::int64_t>(i));
    ins.Bind(4, it.code).Bind(5, it.name).Bind(6, it.quantity).Bind(7, it.Revenue());
    ins.Bind(8, o.created_at).Bind(9, o.contact_id).Bind(10, Counts(o.status) ? 1 : 0);
    PP_RETURN_IF_ERROR(ins.Run());
  }
  CountOrder(o, +1, counts);
  return Status::Ok();
}

namespace {

}  // namespace

Result<std::int64_t> ReadHeadSeq(Db& db) {
  Stmt& s = db.Prepare("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'");
  std::int64_t seq = 0;
  if (s.Step()) seq = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return seq;
}

}  // namespace packprod::store::sqlite

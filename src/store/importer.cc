#include "store/importer.h"

namespace packprod::store {
namespace {

// The contact keeps the non-empty name, company and phone of the latest imported order.
bool MergeContact(ContactRecord& c, const CustomerSnapshot& s) {
  bool changed = false;
  auto take = [&](std::optional<std::string>& field, const std::optional<std::string>& v) {
    if (v && !v->empty() && field != v) {
      field = v;
      changed = true;
    }
  };
  take(c.name, s.name);
  take(c.company, s.company);
  take(c.phone, s.phone);
  return changed;
}

Millis StampOf(ChangeStamp stamp, Millis now) {
  return stamp == ChangeStamp::kCommit ? kStampAtCommit : now;
}

Status ImportOne(WriteTx& tx, ValidatedOrder& v, Millis now, ChangeStamp stamp,
                 ImportOutcome* out) {
  Order& o = v.order;
  ImportItem item{o.order_id, o.contact_id, ImportResult::kCreated, false, v.warnings};
  PP_ASSIGN_OR_RETURN(auto contact, tx.GetContact(o.client_id, o.contact_id));
  if (!contact) {
    item.contact_created = true;
    contact = ContactRecord{o.contact_id, o.customer.email, {}, {}, {}, now};
  }
  PP_ASSIGN_OR_RETURN(auto existing, tx.GetOrder(o.client_id, o.order_id));
  if (existing && existing->SameContent(o)) {
    item.result = ImportResult::kUnchanged;
  } else {
    item.result = existing ? ImportResult::kUpdated : ImportResult::kCreated;
    o.imported_at = existing ? existing->imported_at : now;
    o.updated_at = now;
    if (MergeContact(*contact, o.customer) || item.contact_created) {
      contact->updated_at = now;
      PP_RETURN_IF_ERROR(tx.PutContact(o.client_id, *contact));
    }
    ChangeRecord rec;
    rec.client_id = o.client_id;
    rec.order_id = o.order_id;
    rec.op = existing ? ChangeOp::kModify : ChangeOp::kInsert;
    if (existing) rec.old_image = OrderToImage(*existing);
    rec.new_image = OrderToImage(o);
    PP_RETURN_IF_ERROR(tx.PutOrder(o, *rec.new_image, existing.has_value()));
    rec.committed_at = StampOf(stamp, now);
    PP_ASSIGN_OR_RETURN(out->seq, tx.AppendChange(rec));
  }
  switch (item.result) {
    case ImportResult::kCreated: ++out->created; break;
    case ImportResult::kUpdated: ++out->updated; break;
    case ImportResult::kUnchanged: ++out->unchanged; break;
  }
  out->items.push_back(std::move(item));
  return Status::Ok();
}

}  // namespace

const char* ImportResultName(ImportResult r) {
  switch (r) {
    case ImportResult::kCreated: return "created";
    case ImportResult::kUpdated: return "updated";
    case ImportResult::kUnchanged: return "unchanged";
  }
  return "created";
}

Status ImportOrdersInTx(WriteTx& tx, const std::string& client,
                        std::vector<ValidatedOrder>& orders, Millis now, ImportOutcome* out,
                        ChangeStamp stamp) {
  out->items.reserve(out->items.size() + orders.size());
  // Read under the writers' lock: a concurrent import of the same order or contact has
  // committed before these reads, or starts after this transaction commits.
  PP_RETURN_IF_ERROR(tx.LockWrites());
  if (tx.BatchReadsPay()) {  // the batch's ids only where the store reads ahead with them
    std::vector<std::string> order_ids, contact_ids;
    for (const auto& v : orders) {
      order_ids.push_back(v.order.order_id);
      contact_ids.push_back(v.order.contact_id);
    }
    PP_RETURN_IF_ERROR(tx.Prefetch(client, order_ids, contact_ids));
  }
  for (auto& v : orders) {
    v.order.client_id = client;
    PP_RETURN_IF_ERROR(ImportOne(tx, v, now, stamp, out));
  }
  if (out->seq == 0) {
    PP_ASSIGN_OR_RETURN(out->seq, tx.HeadSeq());
  }
  return Status::Ok();
}

Result<ImportOutcome> ImportOrders(Store& store, const std::string& client,
                                   std::vector<ValidatedOrder> orders, Millis now,
                                   ChangeStamp stamp) {
  ImportOutcome out;
  Status st = store.Write([&](WriteTx& tx) -> Status {
    out = ImportOutcome{};
    return ImportOrdersInTx(tx, client, orders, now, &out, stamp);
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::int64_t> DeleteOrder(Store& store, const std::string& client,
                                 const std::string& order_id, Millis now, ChangeStamp stamp) {
  std::int64_t seq = 0;
  Status st = store.Write([&](WriteTx& tx) -> Status {
    PP_RETURN_IF_ERROR(tx.LockWrites());
    PP_ASSIGN_OR_RETURN(auto existing, tx.GetOrder(client, order_id));
    if (!existing) return Status::NotFound("no order " + order_id);
    PP_RETURN_IF_ERROR(tx.DeleteOrder(client, order_id));
    ChangeRecord rec;
    rec.client_id = client;
    rec.order_id = order_id;
    rec.op = ChangeOp::kRemove;
    rec.old_image = OrderToImage(*existing);
    rec.committed_at = StampOf(stamp, now);
    PP_ASSIGN_OR_RETURN(seq, tx.AppendChange(rec));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return seq;
}

}  // namespace packprod::store

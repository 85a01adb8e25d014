// PgTx: orders, contacts, the change log and the checkpoint.
#include "store/postgres/tx.h"

#include "store/change_stamp.h"
#include "store/postgres/schema.h"
#include "store/postgres/tables.h"
#include "store/sql/tables.h"

namespace packprod::store::postgres {

Status PgTx::Lock(bool& held, const char* which) {
  if (!locking_ || held) return Status::Ok();
  const std::int64_t key = &held == &write_locked_ ? kWriteLock : kViewLock;
  PP_RETURN_IF_ERROR(c_.Q("SELECT pg_advisory_xact_lock($1)", key).status());
  held = true;
  return Status::Ok();
}

Status PgTx::Prefetch(const std::string& client, const std::vector<std::string>& order_ids,
                      const std::vector<std::string>& contact_ids) {
  PP_RETURN_IF_ERROR(WriteLock());  // what is read stays true to the commit
  prefetched_ = client;
  orders_.clear();
  contacts_.clear();
  for (const auto& id : order_ids) orders_.emplace(id, std::nullopt);
  for (const auto& id : contact_ids) contacts_.emplace(id, std::nullopt);
  PP_ASSIGN_OR_RETURN(auto orders, ReadOrdersByIds(c_, client, order_ids));
  for (auto& o : orders) orders_[o.order_id] = std::move(o);
  PP_ASSIGN_OR_RETURN(auto contacts, ReadContactsByIds(c_, client, contact_ids));
  for (auto& c : contacts) contacts_[c.contact_id] = std::move(c);
  return Status::Ok();
}

Result<std::optional<Order>> PgTx::GetOrder(const std::string& client,
                                            const std::string& order_id) {
  if (client == prefetched_) {
    if (auto it = orders_.find(order_id); it != orders_.end()) return it->second;
  }
  return sql::ReadOrder(session_, client, order_id);
}

Result<std::optional<ContactRecord>> PgTx::GetContact(const std::string& client,
                                                      const std::string& contact_id) {
  if (client == prefetched_) {
    if (auto it = contacts_.find(contact_id); it != contacts_.end()) return it->second;
  }
  if (auto* hit = Cached(&ViewCache::contacts, client, contact_id)) return *hit;
  return sql::ReadContact(session_, client, contact_id);
}

Status PgTx::PutContact(const std::string& client, const ContactRecord& c) {
  PP_RETURN_IF_ERROR(WriteLock());
  PP_RETURN_IF_ERROR(sql::WriteContact(session_, client, c));
  if (client == prefetched_) contacts_[c.contact_id] = c;
  Forget(&ViewCache::contacts, client, c.contact_id);
  return Status::Ok();
}

Status PgTx::PutOrder(const Order& o, const std::string& image, bool replace) {
  PP_RETURN_IF_ERROR(WriteLock());
  PP_RETURN_IF_ERROR(CountOrder(o.client_id, o.order_id, &o, replace));
  PP_RETURN_IF_ERROR(WriteOrder(c_, o, image, replace));
  if (o.client_id == prefetched_) orders_[o.order_id] = o;
  return Status::Ok();
}

Status PgTx::DeleteOrder(const std::string& client, const std::string& order_id) {
  PP_RETURN_IF_ERROR(WriteLock());
  PP_RETURN_IF_ERROR(CountOrder(client, order_id, nullptr, true));
  PP_RETURN_IF_ERROR(RemoveOrder(c_, client, order_id));
  if (client == prefetched_) orders_[order_id] = std::nullopt;
  return Status::Ok();
}

Result<std::int64_t> PgTx::AppendChange(const ChangeRecord& c) {
  PP_RETURN_IF_ERROR(WriteLock());
  if (!head_known_) {
    PP_ASSIGN_OR_RETURN(head_, ReadHeadSeq(c_));
    head_known_ = true;
  }
  pending_.push_back(c);
  pending_.back().seq = ++head_;
  appended_ = true;
  return head_;
}

Status PgTx::FlushChanges() {
  for (const auto& [client, n] : counts_) {
    PP_RETURN_IF_ERROR(AddOrderCounts(c_, client, n.orders, n.products));
    PP_RETURN_IF_ERROR(sql::AddHourCounts(session_, client, n));
  }
  counts_.clear();
  if (pending_.empty()) return Status::Ok();
  const Millis stamp = NowMillis();  // change_stamp.h: the clock before the commit
  for (ChangeRecord& r : pending_) {
    if (r.committed_at == kStampAtCommit) r.committed_at = stamp;
  }
  PP_RETURN_IF_ERROR(AppendChangeRecords(c_, pending_));
  pending_.clear();
  return Status::Ok();
}

// Before order_id is written (`now`: the new order) or removed (nullptr): the stored
// order (looked up only when `maybe_stored`) leaves the counts, the new one enters them.
Status PgTx::CountOrder(const std::string& client, const std::string& order_id, const Order* now,
                        bool maybe_stored) {
  std::optional<CountedOrder> before;
  auto it = client == prefetched_ ? orders_.find(order_id) : orders_.end();
  if (!maybe_stored) {
    // A new order (PutOrder without replace): nothing stored leaves.
  } else if (it != orders_.end()) {
    if (it->second) {
      before.emplace();
      before->created_at = it->second->created_at;
      before->status = it->second->status;
      for (const auto& item : it->second->items) before->codes.push_back(item.code);
    }
  } else {
    PP_ASSIGN_OR_RETURN(before, ReadCountedOrder(c_, client, order_id));
  }
  sql::OrderCountDeltas& counts = counts_[client];
  if (before) counts.Add(before->created_at, before->status, std::move(before->codes), -1);
  if (now) {
    std::vector<std::string> codes;
    for (const auto& item : now->items) codes.push_back(item.code);
    counts.Add(now->created_at, now->status, std::move(codes), +1);
  }
  return Status::Ok();
}

Result<std::int64_t> PgTx::HeadSeq() {
  PP_RETURN_IF_ERROR(WriteLock());
  if (head_known_) return head_;
  return ReadHeadSeq(c_);
}

}  // namespace packprod::store::postgres

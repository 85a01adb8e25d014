// PgTx: orders, contacts, the change log and the checkpoint.
#include "store/postgres/tx.h"

#include <algorithm>

#include "store/postgres/schema.h"
#include "store/postgres/tables.h"
#include "store/sql/tables.h"

namespace packprod::store::postgres {

Result<std::int64_t> ReadAppliedSeq(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec("SELECT applied_seq FROM stream_state WHERE id = 1"));
  return r.rows() ? r.Int(0, 0) : 0;
}

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
  return sql::ReadContact(session_, client, contact_id);
}

Status PgTx::PutContact(const std::string& client, const ContactRecord& c) {
  PP_RETURN_IF_ERROR(WriteLock());
  PP_RETURN_IF_ERROR(sql::WriteContact(session_, client, c));
  if (client == prefetched_) contacts_[c.contact_id] = c;
  return Status::Ok();
}

Status PgTx::PutOrder(const Order& o, const std::string& image, bool replace) {
  PP_RETURN_IF_ERROR(WriteLock());
  PP_RETURN_IF_ERROR(CountOrder(o.client_id, o.order_id, &o.items, replace));
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
    PP_RETURN_IF_ERROR(AddOrderCounts(c_, client, n.first, n.second));
  }
  counts_.clear();
  if (pending_.empty()) return Status::Ok();
  PP_RETURN_IF_ERROR(AppendChangeRecords(c_, pending_));
  pending_.clear();
  return Status::Ok();
}

// Before order_id is written (`now`: its new items) or removed (nullptr): the stored
// order (looked up only when `maybe_stored`) leaves the counts, the new one enters them.
Status PgTx::CountOrder(const std::string& client, const std::string& order_id,
                        const std::vector<OrderItem>* now, bool maybe_stored) {
  std::optional<std::vector<std::string>> before;
  auto it = client == prefetched_ ? orders_.find(order_id) : orders_.end();
  if (!maybe_stored) {
    // A new order (PutOrder without replace): nothing stored leaves.
  } else if (it != orders_.end()) {
    if (it->second) {
      before.emplace();
      for (const auto& item : it->second->items) before->push_back(item.code);
    }
  } else {
    PP_ASSIGN_OR_RETURN(before, ReadOrderCodes(c_, client, order_id));
  }
  // Named references, not a structured binding: clang (the fuzz build) cannot capture one.
  std::int64_t& orders = counts_[client].first;
  std::map<std::string, std::int64_t>& products = counts_[client].second;
  auto add = [&](std::vector<std::string> codes, std::int64_t d) {
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    for (const auto& code : codes) products[code] += d;
  };
  if (before) {
    orders -= 1;
    add(*before, -1);
  }
  if (now) {
    orders += 1;
    std::vector<std::string> codes;
    for (const auto& item : *now) codes.push_back(item.code);
    add(std::move(codes), +1);
  }
  return Status::Ok();
}

Result<std::int64_t> PgTx::HeadSeq() {
  PP_RETURN_IF_ERROR(WriteLock());
  if (head_known_) return head_;
  return ReadHeadSeq(c_);
}

Result<std::int64_t> PgTx::AppliedSeq() { return ReadAppliedSeq(c_); }

Status PgTx::SetAppliedSeq(std::int64_t seq, Millis at) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_RETURN_IF_ERROR(ViewLock());
  return c_.Q("UPDATE stream_state SET applied_seq = $1, updated_at = $2 WHERE id = 1", seq, at)
      .status();
}

Result<std::vector<ChangeRecord>> PgTx::ReadChanges(std::int64_t after, int limit) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_RETURN_IF_ERROR(FlushChanges());
  return sql::ReadChangeLog(session_, after, limit);
}

Result<std::optional<ClientSettings>> PgTx::GetClient(const std::string& client) {
  return sql::ReadClient(session_, client);
}

Result<std::vector<ContactRecord>> PgTx::ListContacts(const std::string& client) {
  PP_RETURN_IF_ERROR(WriteLock());
  return sql::ReadContacts(session_, client);
}

Status PgTx::ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) {
  PP_RETURN_IF_ERROR(WriteLock());
  return sql::ScanOrderDocs(session_, client, fn);
}

Result<int> PgTx::PruneChanges(std::int64_t up_to, Millis before, int limit) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_RETURN_IF_ERROR(FlushChanges());
  PP_ASSIGN_OR_RETURN(Res r,
                      c_.Q("SELECT seq, committed_at FROM change_log WHERE seq <= $1 ORDER BY seq "
                           "LIMIT $2",
                           up_to, limit));
  std::int64_t last = -1;
  int n = 0;
  for (int i = 0; i < r.rows() && r.Int(i, 1) < before; ++i) {
    last = r.Int(i, 0);
    ++n;
  }
  if (n == 0) return 0;
  PP_RETURN_IF_ERROR(c_.Q("DELETE FROM change_log WHERE seq <= $1", last).status());
  return n;
}

}  // namespace packprod::store::postgres

#include "stream/batch_applier.h"

#include <algorithm>

#include "stream/day_customers_view.h"
#include "stream/segment_views.h"
#include "stream/accounts.h"

namespace packprod::stream {
namespace {

Result<std::optional<Order>> ParseImage(const std::optional<std::string>& image,
                                        const store::ChangeRecord& rec) {
  if (!image) return std::optional<Order>();
  auto o = OrderFromImage(*image);
  if (!o) return Status::Internal("corrupt image in change record " + std::to_string(rec.seq));
  return o;
}

}  // namespace

Result<const TimeZone*> ZoneCache::For(store::ReadTx& tx, const std::string& client) {
  auto it = zones_.find(client);
  if (it != zones_.end()) return &it->second;
  PP_ASSIGN_OR_RETURN(auto settings, tx.GetClient(client));
  std::string name = settings ? settings->timezone : ClientSettings{}.timezone;
  auto tz = TimeZone::Find(name);
  if (!tz) tz = TimeZone::Find(ClientSettings{}.timezone);
  if (!tz) return Status::Internal("time zone data missing: " + name);
  return &zones_.emplace(client, *tz).first->second;
}

Status BatchApplier::Add(const store::ChangeRecord& rec) {
  PP_ASSIGN_OR_RETURN(auto before, ParseImage(rec.old_image, rec));
  PP_ASSIGN_OR_RETURN(auto after, ParseImage(rec.new_image, rec));
  PP_ASSIGN_OR_RETURN(const TimeZone* tz, zones_.For(tx_, rec.client_id));
  const Order* b = before ? &*before : nullptr;
  const Order* a = after ? &*after : nullptr;
  stats_.AddChange(rec.client_id, b, a, *tz);  // hook of stream/stats_view.h
  queued_.emplace_back(rec.client_id, ChangeOf(b, a, *tz, rec.committed_at));
  return Status::Ok();
}

Status BatchApplier::AddOrder(const Order& o, Millis at) {
  PP_ASSIGN_OR_RETURN(const TimeZone* tz, zones_.For(tx_, o.client_id));
  stats_.AddChange(o.client_id, nullptr, &o, *tz);  // hook of stream/stats_view.h
  queued_.emplace_back(o.client_id, ChangeOf(nullptr, &o, *tz, at));
  return Status::Ok();
}

Status BatchApplier::Prepare() {
  if (queued_.empty()) return Status::Ok();
  // The keys of the read-ahead (contacts, codes, (contact, code) pairs), gathered only
  // where the store reads ahead with them (WriteTx::BatchReadsPay: not SQLite).
  if (tx_.BatchReadsPay()) {
    std::map<std::string, store::WriteTx::ViewKeys> keys;
    for (const auto& [client, c] : queued_) {
      store::WriteTx::ViewKeys& k = keys[client];
      k.contacts.insert(k.contacts.end(), c.contacts.begin(), c.contacts.end());
      for (const auto* f : {c.before ? &*c.before : nullptr, c.after ? &*c.after : nullptr}) {
        if (f == nullptr) continue;
        k.contacts.push_back(f->contact_id);
        for (const ProductLine& line : f->products) {
          k.codes.push_back(line.code);
          k.contact_products.emplace_back(f->contact_id, line.code);
        }
      }
    }
    for (const auto& [client, k] : keys) PP_RETURN_IF_ERROR(tx_.PrefetchViews(client, k));
  }
  for (const auto& [client, c] : queued_) PP_RETURN_IF_ERROR(Apply(client, c));
  queued_.clear();
  return Status::Ok();
}

Status BatchApplier::TouchContact(const std::string& client, const std::string& contact_id,
                                  Millis at) {
  PP_ASSIGN_OR_RETURN(CustomerSlot * slot, Customer(client, contact_id));
  slot->touched_at = std::max(slot->touched_at, at);
  return Status::Ok();
}

Status BatchApplier::Apply(const std::string& client, const ViewChange& c) {
  for (const std::string& contact : c.contacts) {
    PP_RETURN_IF_ERROR(TouchContact(client, contact, c.committed_at));
  }
  ClientRows& rows = clients_[client];
  if (c.before) {
    const OrderFacts& f = *c.before;
    PP_ASSIGN_OR_RETURN(CustomerSlot * cs, Customer(client, f.contact_id));
    RemoveFromCustomer(cs->state, f);
    cs->orders_changed = true;
    for (const ProductLine& line : f.products) {
      PP_ASSIGN_OR_RETURN(ProductSlot * ps, Product(client, line.code));
      RemoveFromProduct(ps->state, f, line);
    }
    AddToRollUps(rows.deltas, f, -1);
    PP_RETURN_IF_ERROR(contact_products_.Add(tx_, client, f, -1));
    PP_RETURN_IF_ERROR(first_orders_.Add(tx_, client, f, -1));
  }
  if (c.after) {
    const OrderFacts& f = *c.after;
    PP_ASSIGN_OR_RETURN(CustomerSlot * cs, Customer(client, f.contact_id));
    AddToCustomer(cs->state, f);
    cs->orders_changed = true;
    for (const ProductLine& line : f.products) {
      PP_ASSIGN_OR_RETURN(ProductSlot * ps, Product(client, line.code));
      AddToProduct(ps->state, f, line);
    }
    AddToRollUps(rows.deltas, f, +1);
    PP_RETURN_IF_ERROR(contact_products_.Add(tx_, client, f, +1));
    PP_RETURN_IF_ERROR(first_orders_.Add(tx_, client, f, +1));
  }
  return Status::Ok();
}

Result<BatchApplier::CustomerSlot*> BatchApplier::Customer(const std::string& client,
                                                           const std::string& contact_id) {
  auto& customers = clients_[client].customers;
  auto it = customers.find(contact_id);
  if (it != customers.end()) return &it->second;
  PP_ASSIGN_OR_RETURN(auto stored, tx_.GetCustomerView(client, contact_id));
  CustomerSlot slot;
  if (stored) {
    slot.state.agg = *stored;
  } else {
    slot.state.agg.contact_id = contact_id;
  }
  slot.stored = std::move(stored);
  return &customers.emplace(contact_id, std::move(slot)).first->second;
}

Result<BatchApplier::ProductSlot*> BatchApplier::Product(const std::string& client,
                                                         const std::string& code) {
  auto& products = clients_[client].products;
  auto it = products.find(code);
  if (it != products.end()) return &it->second;
  PP_ASSIGN_OR_RETURN(auto stored, tx_.GetProductView(client, code));
  ProductSlot slot;
  if (stored) {
    slot.state.view = *stored;
  } else {
    slot.state.view.totals.code = code;
  }
  slot.stored = std::move(stored);
  return &products.emplace(code, std::move(slot)).first->second;
}

std::size_t BatchApplier::pending_rows() const {
  std::size_t n = queued_.size() + contact_products_.pending_rows() + first_orders_.pending_rows() +
                  stats_.pending_rows();
  for (const auto& [client, rows] : clients_) {
    const store::RollUps& d = rows.deltas;
    n += rows.customers.size() + rows.products.size() + d.sales.size() + d.product_days.size() +
         d.contact_days.size();
  }
  return n;
}

Status BatchApplier::Flush() {
  PP_RETURN_IF_ERROR(Prepare());
  for (auto& [client, rows] : clients_) PP_RETURN_IF_ERROR(FlushClient(client, rows));
  clients_.clear();
  return Status::Ok();
}

Status BatchApplier::FlushClient(const std::string& client, ClientRows& rows) {
  PP_RETURN_IF_ERROR(LoadDays(client, rows));
  // day_customers (day_customers_view.h): from each changed contact's days before/after.
  DayCustomersDeltas day_customers;
  for (const auto& [id, slot] : rows.customers) {
    if (slot.orders_changed) DayCustomersChange(slot.days_before, slot.days_after, &day_customers);
  }
  PP_RETURN_IF_ERROR(WriteDayCustomers(tx_, client, day_customers));
  {  // segment movements and cohorts (segment_views.h), from the contact_days deltas;
     // product cohorts (product_cohorts.h) from the same spend days
    std::map<std::string, ChangedContact> changed;
    for (const auto& [id, slot] : rows.customers) {
      if (slot.orders_changed) {
        changed.emplace(id, ChangedContact{&slot.state.agg, &slot.spend_before});
      }
    }
    std::map<std::string, SpendDaysChange> spend;
    PP_RETURN_IF_ERROR(FlushSegmentViews(tx_, client, rows.deltas.contact_days, changed, &spend));
    PP_ASSIGN_OR_RETURN(const TimeZone* tz, zones_.For(tx_, client));
    PP_RETURN_IF_ERROR(first_orders_.Flush(tx_, client, *tz, spend));
  }
  PP_RETURN_IF_ERROR(FlushRollUps(client, rows));
  for (auto& [code, slot] : rows.products) PP_RETURN_IF_ERROR(FlushProduct(client, slot));
  reorder_puts_.clear();
  reorder_deletes_.clear();
  customer_puts_.clear();
  for (auto& [id, slot] : rows.customers) PP_RETURN_IF_ERROR(FlushCustomer(client, slot));
  PP_RETURN_IF_ERROR(tx_.PutCustomerViews(client, customer_puts_));
  PP_RETURN_IF_ERROR(tx_.ChangeReorderViews(client, reorder_puts_, reorder_deletes_));
  {  // contact_products, and product_day_customers (and their blocks' rows) from its
     // pairs' days before/after
    KeyedDayCustomersDeltas product_days;
    PP_RETURN_IF_ERROR(contact_products_.Flush(tx_, client, &product_days));
    const KeyedDayCustomersDeltas product_blocks = store::ProductBlockDeltasOf(product_days);
    if (tx_.BatchReadsPay()) {
      store::WriteTx::ViewKeys keys;
      for (const auto& [code, days] : product_days) {
        for (const auto& [day, delta] : days) keys.product_days.emplace_back(code, day);
      }
      for (const auto& [code, blocks] : product_blocks) {
        for (const auto& [block, delta] : blocks) {
          if (!delta.empty()) keys.product_blocks.emplace_back(code, block);
        }
      }
      PP_RETURN_IF_ERROR(tx_.PrefetchViews(client, keys));
    }
    PP_RETURN_IF_ERROR(WriteProductDayCustomers(tx_, client, product_days, product_blocks));
  }
  PP_RETURN_IF_ERROR(stats_.Flush(tx_, client));  // after FlushCustomer's MoveCustomer
  PP_RETURN_IF_ERROR(segment_counts_.Flush(tx_, client));  // likewise
  return FlushAccounts(client, rows);
}

// Hook of stream/accounts.h: the accounts of the contacts whose rows were flushed.
Status BatchApplier::FlushAccounts(const std::string& client, ClientRows& rows) {
  std::map<std::string, TouchedContact> touched;
  for (auto& [id, slot] : rows.customers) {
    touched.emplace(id, TouchedContact{&slot.state.agg,
                                       slot.orders_changed ? &slot.days_after : nullptr,
                                       slot.stored ? &*slot.stored : nullptr,
                                       slot.orders_changed ? &slot.days_before : nullptr});
  }
  return RefreshAccounts(tx_, client, touched);
}

// The roll-ups by their deltas; a contact_products row appearing or vanishing moves its
// product's `customers` by one.
Status BatchApplier::FlushRollUps(const std::string& client, ClientRows& rows) {
  PP_RETURN_IF_ERROR(tx_.AddRollUps(client, rows.deltas));
  for (const auto& [code, n] : contact_products_.CustomerChanges(client)) {
    if (n == 0) continue;
    PP_ASSIGN_OR_RETURN(ProductSlot * ps, Product(client, code));
    ps->state.view.totals.customers += n;
  }
  return Status::Ok();
}

Status BatchApplier::FlushProduct(const std::string& client, ProductSlot& slot) {
  ProductState& s = slot.state;
  const std::string& code = s.view.totals.code;
  if (s.view.totals.orders < 0 || s.view.totals.customers < 0) {
    return Status::Internal("product_totals below zero for " + code + ": rebuild the views");
  }
  if (s.view.totals.orders == 0) {
    return slot.stored ? tx_.DeleteProductView(client, code) : Status::Ok();
  }
  if (s.dates_stale || s.name_stale) {
    PP_ASSIGN_OR_RETURN(auto dates, tx_.CountedProductDates(client, code));
    SetProductDates(s, dates);
  }
  if (slot.stored && SameProduct(*slot.stored, s.view)) return Status::Ok();
  return tx_.PutProductView(client, s.view);
}

Status BatchApplier::FlushCustomer(const std::string& client, CustomerSlot& slot) {
  CustomerAggregate& a = slot.state.agg;
  if (a.order_count < 0) {
    return Status::Internal("customer_metrics below zero for " + a.contact_id +
                            ": rebuild the views");
  }
  PP_ASSIGN_OR_RETURN(auto contact, tx_.GetContact(client, a.contact_id));
  if (contact) {
    a.email = contact->email;
    a.name = contact->name;
    a.company = contact->company;
  }
  if (slot.state.dates_stale) {
    PP_ASSIGN_OR_RETURN(auto dates, tx_.CountedOrderDates(client, a.contact_id));
    SetCustomerDates(slot.state, dates);
  }
  if (slot.orders_changed) PP_RETURN_IF_ERROR(FlushDays(client, slot));
  stats_.MoveCustomer(client, slot.stored ? &*slot.stored : nullptr, a);  // stats_gaps
  segment_counts_.MoveCustomer(client, slot.stored ? &*slot.stored : nullptr, a);
  if (slot.stored && SameCustomer(*slot.stored, a)) return Status::Ok();
  a.last_updated = std::max(slot.stored ? slot.stored->last_updated : 0, slot.touched_at);
  // Written with the client's other rows after its customers (PutCustomerViews).
  customer_puts_.push_back({&a, slot.stored ? &*slot.stored : nullptr});
  return Status::Ok();
}

Status BatchApplier::LoadDays(const std::string& client, ClientRows& rows) {
  std::map<std::string_view, std::vector<std::pair<DayNumber, std::int64_t>>> deltas;
  for (const auto& [key, sums] : rows.deltas.contact_days) {
    if (sums.orders != 0) deltas[key.second].emplace_back(key.first, sums.orders);
  }
  for (auto& [id, slot] : rows.customers) {
    if (!slot.orders_changed) continue;
    PP_ASSIGN_OR_RETURN(slot.spend_before, StoredSpendDays(tx_, client, id));
    slot.days_before = slot.spend_before.OrderDays();
    slot.days_after = slot.days_before;
    auto it = deltas.find(id);
    if (it == deltas.end()) continue;
    for (const auto& [day, n] : it->second) PP_RETURN_IF_ERROR(slot.days_after.Add(day, n));
  }
  return Status::Ok();
}

Status BatchApplier::FlushDays(const std::string& client, CustomerSlot& slot) {
  const CustomerAggregate& a = slot.state.agg;
  if (slot.days_after.total() != a.order_count) return SpendDaysDisagree(a.contact_id);
  // Written with the client's other rows after its customers (ChangeReorderViews).
  std::optional<ReorderCadence> cadence;
  if (a.order_count >= kReorderMinOrders) cadence = CadenceOf(slot.days_after.Expanded());
  if (!cadence) {
    reorder_deletes_.push_back(a.contact_id);
  } else {
    reorder_puts_.push_back(
        store::ReorderView{a.contact_id, *cadence, AverageCents(a.total_spend, a.order_count)});
  }
  return Status::Ok();
}

std::map<std::string, std::vector<std::string>> BatchApplier::PendingContacts() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [client, rows] : clients_) {
    auto& ids = out[client];
    for (const auto& [contact, slot] : rows.customers) ids.push_back(contact);
  }
  return out;
}

}  // namespace packprod::stream

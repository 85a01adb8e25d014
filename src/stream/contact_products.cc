#include "stream/contact_products.h"

#include <tuple>

namespace packprod::stream {
namespace {

ProductInOrder InOrder(const OrderFacts& f, const ProductLine& line) {
  ProductInOrder p;
  p.created_at = f.created_at;
  p.reference = f.reference;
  p.day = f.day;
  p.quantity = line.units;
  p.revenue = line.revenue;
  p.name = line.name;
  return p;
}

Status BelowZero(const ContactProduct& row) {
  return Status::Internal("contact_products below zero for " + row.contact_id + " " + row.code +
                          ": rebuild the views");
}

}  // namespace

Status RemoveProductOrder(ContactProduct& row, const ProductInOrder& p, bool* stale) {
  if (row.orders < 1 || !row.quantities.Add(p.quantity, -1).ok() ||
      !row.days.Add(p.day, -1).ok()) {
    return BelowZero(row);
  }
  row.units -= p.quantity;
  row.revenue -= p.revenue;
  --row.orders;
  const auto key = std::tie(p.created_at, p.reference);
  if (key == std::tie(row.first_at, row.first_ref) || key == std::tie(row.last_at, row.last_ref) ||
      (row.name_at && p.created_at == *row.name_at && p.reference == row.name_ref)) {
    *stale = true;
  }
  return Status::Ok();
}

void SetProductOrderBounds(ContactProduct& row, const std::vector<ProductInOrder>& orders) {
  if (orders.empty()) return;
  ContactProduct bounds;
  for (const ProductInOrder& p : orders) (void)AddProductOrder(bounds, p);
  row.first_at = bounds.first_at;
  row.first_ref = bounds.first_ref;
  row.last_at = bounds.last_at;
  row.last_ref = bounds.last_ref;
  row.last_quantity = bounds.last_quantity;
  row.last_unit_price = bounds.last_unit_price;
  row.name = bounds.name;
  row.name_at = bounds.name_at;
  row.name_ref = bounds.name_ref;
}

Status ContactProductsFold::Add(store::WriteTx& tx, const std::string& client,
                                const OrderFacts& f, int sign) {
  auto& rows = clients_[client];
  for (const ProductLine& line : f.products) {
    Key key{f.contact_id, line.code};
    auto it = rows.find(key);
    if (it == rows.end()) {
      Slot slot;
      PP_ASSIGN_OR_RETURN(slot.stored, tx.GetContactProduct(client, f.contact_id, line.code));
      if (slot.stored) {
        slot.row = *slot.stored;
      } else {
        slot.row.contact_id = f.contact_id;
        slot.row.code = line.code;
      }
      it = rows.emplace(std::move(key), std::move(slot)).first;
    }
    Slot& slot = it->second;
    const ProductInOrder p = InOrder(f, line);
    if (sign > 0) {
      PP_RETURN_IF_ERROR(AddProductOrder(slot.row, p));
    } else {
      PP_RETURN_IF_ERROR(RemoveProductOrder(slot.row, p, &slot.stale));
    }
  }
  return Status::Ok();
}

Status ContactProductsFold::Flush(store::WriteTx& tx, const std::string& client,
                                  KeyedDayCustomersDeltas* product_days) {
  auto it = clients_.find(client);
  if (it == clients_.end()) return Status::Ok();
  for (auto& [key, slot] : it->second) {
    ContactProduct& row = slot.row;
    if (product_days && (!slot.stored || slot.stored->days != row.days)) {
      DayCustomersChange(slot.stored ? slot.stored->days : DayMultiset{}, row.days,
                         &(*product_days)[key.second]);
    }
    if (row.orders == 0) {
      if (!row.quantities.empty() || !row.days.empty()) return BelowZero(row);
      if (slot.stored) PP_RETURN_IF_ERROR(tx.DeleteContactProduct(client, key.first, key.second));
      continue;
    }
    if (slot.stale) {
      PP_ASSIGN_OR_RETURN(auto orders, tx.ContactProductOrders(client, key.first, key.second));
      SetProductOrderBounds(row, orders);
    }
    FinishContactProduct(row);
    if (slot.stored && *slot.stored == row) continue;
    PP_RETURN_IF_ERROR(tx.PutContactProduct(client, row));
  }
  clients_.erase(it);
  return Status::Ok();
}

std::map<std::string, std::int64_t> ContactProductsFold::CustomerChanges(
    const std::string& client) const {
  std::map<std::string, std::int64_t> out;
  auto it = clients_.find(client);
  if (it == clients_.end()) return out;
  for (const auto& [key, slot] : it->second) {
    const int was = slot.stored && slot.stored->orders > 0;
    const int now = slot.row.orders > 0;
    if (now != was) out[key.second] += now - was;
  }
  return out;
}

std::size_t ContactProductsFold::pending_rows() const {
  std::size_t n = 0;
  for (const auto& [client, rows] : clients_) n += rows.size();
  return n;
}

}  // namespace packprod::stream

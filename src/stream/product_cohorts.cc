#include "stream/product_cohorts.h"

namespace packprod::stream {
namespace {

FirstOrder FromFacts(const OrderFacts& f) {
  FirstOrder r;
  r.at = f.created_at;
  r.reference = f.reference;
  r.month = MonthOfDay(f.day);
  r.codes.reserve(f.products.size());
  for (const ProductLine& p : f.products) r.codes.push_back(p.code);  // distinct, ascending
  return r;
}

}  // namespace

Status FirstOrderFold::Add(store::WriteTx& tx, const std::string& client, const OrderFacts& f,
                           int sign) {
  auto& slots = clients_[client];
  auto it = slots.find(f.contact_id);
  if (it == slots.end()) {
    Slot slot;
    PP_ASSIGN_OR_RETURN(slot.stored, tx.GetFirstOrder(client, f.contact_id));
    slot.row = slot.stored;
    it = slots.emplace(f.contact_id, std::move(slot)).first;
  }
  Slot& s = it->second;
  if (s.stale) return Status::Ok();  // the recomputation covers it
  const bool before_row =
      !s.row || OrderBefore(f.created_at, f.reference, s.row->at, s.row->reference);
  const bool at_row = s.row && f.created_at == s.row->at && f.reference == s.row->reference;
  if (sign > 0 && before_row) {
    s.row = FromFacts(f);
  } else if (at_row || (sign < 0 && before_row)) {
    s.stale = true;
  }
  return Status::Ok();
}

Status FirstOrderFold::Flush(store::WriteTx& tx, const std::string& client, const TimeZone& tz,
                             const std::map<std::string, SpendDaysChange>& spend) {
  auto it = clients_.find(client);
  if (it == clients_.end()) return Status::Ok();
  ProductCohortCells cells;
  for (auto& [contact, s] : it->second) {
    if (s.stale) {
      PP_ASSIGN_OR_RETURN(s.row, tx.FirstCountedOrder(client, contact));
      if (s.row) s.row->month = MonthOfDay(tz.LocalDay(s.row->at));
    }
    SpendDaysChange days;
    if (auto d = spend.find(contact); d != spend.end()) {
      days = d->second;
    } else if (s.row == s.stored) {
      continue;  // neither its first order nor its spend days moved: no cell changes
    } else {
      PP_ASSIGN_OR_RETURN(std::optional<std::string> stored, tx.GetSpendDays(client, contact));
      PP_ASSIGN_OR_RETURN(days.before, SpendDays::Decode(stored.value_or("")));
      days.after = days.before;
    }
    if (s.row == s.stored && days.before == days.after) continue;
    AddProductCohortCells(cells, s.stored ? &*s.stored : nullptr, days.before, -1);
    AddProductCohortCells(cells, s.row ? &*s.row : nullptr, days.after, +1);
    if (s.row != s.stored) {
      PP_RETURN_IF_ERROR(tx.PutFirstOrder(client, contact, s.row ? &*s.row : nullptr));
    }
  }
  clients_.erase(it);
  return tx.AddProductCohortCells(client, cells);
}

std::size_t FirstOrderFold::pending_rows() const {
  std::size_t n = 0;
  for (const auto& [client, slots] : clients_) n += slots.size();
  return n;
}

}  // namespace packprod::stream

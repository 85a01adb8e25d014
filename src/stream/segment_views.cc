#include "stream/segment_views.h"

#include "domain/segment_history.h"

namespace packprod::stream {

Status SpendDaysDisagree(const std::string& contact_id) {
  return Status::Internal("contact_spend_days and customer_metrics disagree for " + contact_id +
                          ": rebuild the views");
}

Result<SpendDays> StoredSpendDays(store::WriteTx& tx, const std::string& client,
                                  const std::string& contact_id) {
  PP_ASSIGN_OR_RETURN(std::optional<std::string> stored, tx.GetSpendDays(client, contact_id));
  if (!stored) return SpendDays();
  return SpendDays::Decode(*stored);
}

Result<DayMultiset> StoredOrderDays(store::WriteTx& tx, const std::string& client,
                                    const std::string& contact_id) {
  PP_ASSIGN_OR_RETURN(SpendDays days, StoredSpendDays(tx, client, contact_id));
  return days.OrderDays();
}

Status FlushSegmentViews(
    store::WriteTx& tx, const std::string& client,
    const std::map<std::pair<DayNumber, std::string>, store::ContactDaySums>& deltas,
    const std::map<std::string, ChangedContact>& changed,
    std::map<std::string, SpendDaysChange>* spend_changes) {
  std::map<std::string_view, std::vector<std::pair<DayNumber, store::ContactDaySums>>> by_contact;
  for (const auto& [key, sums] : deltas) {
    if (sums.orders != 0 || sums.revenue != 0) by_contact[key.second].emplace_back(key.first, sums);
  }
  if (by_contact.empty()) return Status::Ok();
  PP_ASSIGN_OR_RETURN(auto settings, tx.GetClient(client));
  const SegmentRules rules = SegmentRulesOf(settings ? *settings : ClientSettings{});
  CohortCells cells;
  std::vector<store::WriteTx::SegmentMovesChange> moves;  // written together below
  for (const auto& [id, changes] : by_contact) {
    const std::string contact(id);
    auto it = changed.find(contact);
    if (it == changed.end()) return SpendDaysDisagree(contact);
    const SpendDays& before = *it->second.stored;
    SpendDays now = before;
    for (const auto& [day, sums] : changes) {
      PP_RETURN_IF_ERROR(now.Add(day, sums.orders, sums.revenue));
    }
    std::int64_t orders = 0;
    Cents spend = 0;
    for (const SpendDay& d : now.days()) orders += d.orders, spend += d.spend;
    if (it->second.after->order_count != orders || it->second.after->total_spend != spend) {
      return SpendDaysDisagree(contact);
    }
    if (spend_changes) (*spend_changes)[contact] = SpendDaysChange{before, now};
    if (now == before) continue;
    PP_RETURN_IF_ERROR(tx.PutSpendDays(client, contact, now.Encode()));
    moves.push_back({contact, SegmentMoves(before, rules), SegmentMoves(now, rules)});
    AddCohortCells(cells, before, -1);
    AddCohortCells(cells, now, +1);
  }
  PP_RETURN_IF_ERROR(tx.ChangeSegmentMoves(client, moves));
  return tx.AddCohortCells(client, cells);
}

}  // namespace packprod::stream

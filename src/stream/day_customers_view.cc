#include "stream/day_customers_view.h"

namespace packprod::stream {
namespace {

// Applies each day's delta to its row as `get` reads it and hands the result to `put`
// (which deletes a row left without customers); a day without a row that stays without
// customers is not written.
template <typename Get, typename Put>
Status ApplyDeltas(const DayCustomersDeltas& deltas, Get get, Put put) {
  for (const auto& [day, delta] : deltas) {
    if (delta.empty()) continue;
    PP_ASSIGN_OR_RETURN(std::optional<DayCustomers> stored, get(day));
    DayCustomers row = stored.value_or(DayCustomers{});
    row.day = day;
    PP_RETURN_IF_ERROR(ApplyDayCustomersDelta(delta, &row));
    if (!stored && row.customers() == 0) continue;
    PP_RETURN_IF_ERROR(put(row));
  }
  return Status::Ok();
}

}  // namespace

Status WriteDayCustomers(store::WriteTx& tx, const std::string& client,
                         const DayCustomersDeltas& deltas) {
  return ApplyDeltas(
      deltas, [&](DayNumber day) { return tx.GetDayCustomers(client, day); },
      [&](const DayCustomers& row) { return tx.PutDayCustomers(client, row); });
}

Status WriteProductDayCustomers(store::WriteTx& tx, const std::string& client,
                                const KeyedDayCustomersDeltas& deltas,
                                const KeyedDayCustomersDeltas& block_deltas) {
  for (const auto& [code, days] : deltas) {
    PP_RETURN_IF_ERROR(ApplyDeltas(
        days, [&](DayNumber day) { return tx.GetProductDayCustomers(client, code, day); },
        [&](const DayCustomers& row) { return tx.PutProductDayCustomers(client, code, row); }));
  }
  for (const auto& [code, blocks] : block_deltas) {
    PP_RETURN_IF_ERROR(ApplyDeltas(
        blocks,
        [&](DayNumber block) { return tx.GetProductBlockCustomers(client, code, block); },
        [&](const DayCustomers& row) { return tx.PutProductBlockCustomers(client, code, row); }));
  }
  return Status::Ok();
}

}  // namespace packprod::stream

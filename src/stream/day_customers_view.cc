#include "stream/day_customers_view.h"

namespace packprod::stream {

Status WriteDayCustomers(store::WriteTx& tx, const std::string& client,
                         const DayCustomersDeltas& deltas) {
  for (const auto& [day, delta] : deltas) {
    if (delta.empty()) continue;
    PP_ASSIGN_OR_RETURN(std::optional<DayCustomers> stored, tx.GetDayCustomers(client, day));
    DayCustomers row = stored.value_or(DayCustomers{});
    row.day = day;
    PP_RETURN_IF_ERROR(ApplyDayCustomersDelta(delta, &row));
    if (!stored && row.customers() == 0) continue;
    PP_RETURN_IF_ERROR(tx.PutDayCustomers(client, row));
  }
  return Status::Ok();
}

}  // namespace packprod::stream

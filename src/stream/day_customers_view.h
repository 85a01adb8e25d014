// The stream processor's side of day_customers and product_day_customers
// (domain/day_customers.h): the rows of the days (per product: of the (code, day) pairs)
// whose distinct-customer counts a batch changed, each read once, changed and written once.
#pragma once

#include <string>

#include "domain/day_customers.h"
#include "store/store.h"

namespace packprod::stream {

// Applies `deltas` (from DayCustomersChange of every contact whose order days changed)
// to the client's day_customers rows. Internal when a count would go below zero (the
// views are out of step with the change log: `packprod rebuild`).
Status WriteDayCustomers(store::WriteTx& tx, const std::string& client,
                         const DayCustomersDeltas& deltas);

// The same for product_day_customers: `deltas` by product code, from DayCustomersChange of
// every (contact, product) pair whose order days of the product changed
// (ContactProductsFold::Flush); and for product_block_customers, `block_deltas` being
// store::ProductBlockDeltasOf(deltas) (each block's row read and written once).
Status WriteProductDayCustomers(store::WriteTx& tx, const std::string& client,
                                const KeyedDayCustomersDeltas& deltas,
                                const KeyedDayCustomersDeltas& block_deltas);

}  // namespace packprod::stream

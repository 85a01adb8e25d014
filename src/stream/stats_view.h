// The statistics counters' maintenance (domain/order_stats.h): a batch's signed deltas
// of stats_cells, stats_totals, stats_buckets (from the orders' images, every status) and
// stats_gaps (from the customer rows as flushed), written once per batch.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/order_stats.h"
#include "store/store.h"

namespace packprod::stream {

class StatsFold {
 public:
  // One change of an order (either image may be null: insert / remove).
  void AddChange(const std::string& client, const Order* before, const Order* after,
                 const TimeZone& tz);
  // A customer row going from `before` (null: none) to `after`.
  void MoveCustomer(const std::string& client, const CustomerAggregate* before,
                    const CustomerAggregate& after);
  // Writes the client's deltas (WriteTx::AddStatsRows) and forgets them.
  Status Flush(store::WriteTx& tx, const std::string& client);
  std::size_t pending_rows() const;

 private:
  std::map<std::string, StatsRows> clients_;
};

// verify's side: the counters recomputed from scratch from every order of the client
// (any status) and its customers (AggregateCustomers).
StatsRows ExpectedStats(const std::vector<Order>& orders,
                        const std::vector<CustomerAggregate>& customers, const TimeZone& tz);
// One line per row that differs between the stored counters and the recomputed ones
// ("stats_totals 2025-03-01 1999: views 2, orders 3"; all-time rows say "all time").
void DiffStats(std::vector<std::string>& out, const StatsRows& have, const StatsRows& want);

}  // namespace packprod::stream

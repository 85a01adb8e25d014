// segment_days' maintenance (domain/segment_counts.h): the customer rows as a batch
// flushes them, turned into signed deltas under the client's VIP settings and written
// once per batch.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/segment_counts.h"
#include "store/store.h"

namespace packprod::stream {

class SegmentCountsFold {
 public:
  // A customer row going from `before` (null: none) to `after`.
  void MoveCustomer(const std::string& client, const CustomerAggregate* before,
                    const CustomerAggregate& after);
  // Writes the client's deltas (WriteTx::AddSegmentDays) and forgets them.
  Status Flush(store::WriteTx& tx, const std::string& client);

 private:
  // What segment_days reads of a customer row.
  struct Facts {
    std::int64_t orders = 0;
    Cents spend = 0;
    std::optional<Millis> first, last;
    bool operator==(const Facts&) const = default;
  };
  static Facts FactsOf(const CustomerAggregate& c);
  std::map<std::string, std::vector<std::pair<std::optional<Facts>, Facts>>> moves_;
};

// verify's side: segment_days of the customers recomputed from the orders.
SegmentDayRows ExpectedSegmentDays(const std::vector<CustomerAggregate>& customers,
                                   Cents vip_spend, std::int64_t vip_orders);

}  // namespace packprod::stream

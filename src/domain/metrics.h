// Customer metrics (docs/metrics.md "Customer metrics"): the time-independent per-contact
// aggregates that the views store, and the rules that derive the time-dependent fields
// (days ago, segment, purchase frequency) from them at read time for an `asOf`.
//
// Pure functions; no I/O. Both the slow path (computing from the orders) and the
// incremental views use these, so both give identical answers.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/money.h"
#include "domain/order.h"
#include "domain/time.h"

namespace packprod {

// Time-independent aggregates of one contact over its COUNTED orders.
struct CustomerAggregate {
  std::string contact_id, email;
  std::optional<std::string> name, company;
  std::int64_t order_count = 0;
  Cents total_spend = 0;
  std::optional<Millis> first_order, last_order;  // earliest / latest createdAt
  std::optional<std::string> last_order_reference;
  Millis last_updated = 0;  // when this customer's row last changed
};

// The contact record: identity plus the latest non-empty name, company and phone.
struct ContactRecord {
  std::string contact_id, email;
  std::optional<std::string> name, company, phone;
  Millis updated_at = 0;
};

// Folds one order into `agg`. Orders that do not count (Counts(status) is false) are
// ignored. The latest order is the greatest (createdAt, orderReference). Does not touch
// identity fields or last_updated.
void AddOrder(CustomerAggregate& agg, const Order& order);

// AddOrder, and last_updated raised to the order's imported_at/updated_at: one step of
// AggregateCustomer (any order of arrival gives the same aggregate).
void FoldOrder(CustomerAggregate& agg, const Order& order);

// The aggregate of one contact from its record and its orders (any status; only the
// counted ones contribute). last_updated is the latest of the record's updated_at and
// the orders' imported_at/updated_at.
CustomerAggregate AggregateCustomer(const ContactRecord& contact,
                                    const std::vector<const Order*>& orders_of_contact);

// One aggregate per contact, in the order of `contacts`; orders are matched by
// contact_id (orders of contacts not listed are ignored).
std::vector<CustomerAggregate> AggregateCustomers(const std::vector<ContactRecord>& contacts,
                                                  const std::vector<Order>& orders);

// AggregateCustomers fed one order at a time, in any order: memory is one aggregate per
// contact, never one per order. Orders of contacts not in `contacts` are ignored;
// `contacts` must outlive the aggregator.
class CustomerAggregator {
 public:
  explicit CustomerAggregator(const std::vector<ContactRecord>& contacts);
  void Add(const Order& order);
  // One aggregate per contact, in the order of `contacts` (as AggregateCustomers).
  std::vector<CustomerAggregate> Take() { return std::move(out_); }

 private:
  std::unordered_map<std::string_view, std::size_t> index_;
  std::vector<CustomerAggregate> out_;
};

enum class Segment { kVip, kActive, kNew, kDormant };
inline constexpr int kSegmentCount = 4;
// "VIP", "Active", "New", "Dormant".
const char* SegmentName(Segment s);
// Case-sensitive inverse of SegmentName; nullopt for anything else.
std::optional<Segment> ParseSegment(std::string_view s);

enum class Frequency { kWeekly, kFortnightly, kMonthly, kQuarterly, kYearly, kOneTime };
inline constexpr int kFrequencyCount = 6;
// "Weekly", "Fortnightly", "Monthly", "Quarterly", "Yearly", "One-time".
const char* FrequencyName(Frequency f);

// floor((as_of - lastOrderDate) / 24 h); negative when as_of is before the last order;
// nullopt without counted orders.
std::optional<std::int64_t> LastOrderDaysAgo(const CustomerAggregate& agg, Millis as_of);
// floor((as_of - firstOrderDate) / 24 h), as above.
std::optional<std::int64_t> FirstOrderDaysAgo(const CustomerAggregate& agg, Millis as_of);

// The first rule of docs/metrics.md that holds: no counted order -> nullopt; last order more
// than dormant_days ago -> Dormant; spend >= vip_spend or orders >= vip_orders -> VIP;
// first order at most new_days ago -> New; else Active.
std::optional<Segment> DeriveSegment(const CustomerAggregate& agg, Millis as_of,
                                     const ClientSettings& settings);

// nullopt without counted orders; One-time for one; otherwise by the mean gap
// g = (last - first) / (orderCount - 1), compared exactly against the bounds in days.
std::optional<Frequency> DeriveFrequency(const CustomerAggregate& agg,
                                         const ClientSettings& settings);

// docs/api.md's customer object: every field, nulls for a customer without counted orders,
// money via CentsToJson, instants via FormatRfc3339.
boost::json::object CustomerJson(const CustomerAggregate& agg, Millis as_of,
                                 const ClientSettings& settings);
// What CustomerJson's answer depends on besides `agg`, for keeping an answer (api's
// response cache): the first instant after `as_of` at which it can change (a day count,
// lastOrderDaysAgo or the segment's, steps up), and the settings it reads, as a key.
Millis CustomerJsonChangesAt(const CustomerAggregate& agg, Millis as_of);
std::string CustomerJsonSettingsKey(const ClientSettings& settings);

// Contacts per segment as of `as_of`: {"VIP", "Active", "New", "Dormant"}, every key
// present; customers without a segment are not counted.
boost::json::object SegmentCounts(const std::vector<CustomerAggregate>& customers, Millis as_of,
                                  const ClientSettings& settings);

// Contacts per purchase frequency, every key present (including "One-time").
boost::json::object FrequencyCounts(const std::vector<CustomerAggregate>& customers,
                                    const ClientSettings& settings);

}  // namespace packprod

// Segment counts (docs/metrics.md "Reports": `segments`, `segmentCounts`) from rows kept
// per client, exact for any asOf without reading every customer.
//
// Each contact with a counted order is counted under (kind, UTC day):
//   kLastOther / kLastVip: the UTC day of its last order, by whether it is VIP
//     (total spend >= vipSpend or orders >= vipOrders: static between orders);
//   kFirstOther: the UTC day of its first order, non-VIP contacts only;
// and each kind once more under kSegmentAllDays (its total). For asOf's bounds
// (SegmentBoundsAt): Dormant = last <= dormant_last_max, VIP = VIP and not Dormant,
// New = non-VIP with first > new_first_min (which implies not Dormant when
// new_first_min >= dormant_last_max, i.e. newDays <= dormantDays), Active = the other
// non-Dormant non-VIP ones. A count "last > bound" sums the whole days after the bound's
// day and counts the contacts of the bound's own day from their rows (SegmentCountsOf).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include "domain/listing.h"
#include "domain/metrics.h"

namespace packprod {

enum SegmentDayKind : int { kLastOther = 0, kLastVip = 1, kFirstOther = 2 };
inline constexpr DayNumber kSegmentAllDays = std::numeric_limits<DayNumber>::min();

// (kind, UTC day or kSegmentAllDays) -> contacts.
using SegmentDayRows = std::map<std::pair<int, DayNumber>, std::int64_t>;

// floor(t / 24 h): the UTC day of an instant.
DayNumber UtcDayOf(Millis t);
bool IsVipCustomer(const CustomerAggregate& c, Cents vip_spend, std::int64_t vip_orders);
// Adds `sign` x the contact's rows (none when it has no counted order).
void AddSegmentDays(SegmentDayRows* rows, const CustomerAggregate& c, Cents vip_spend,
                    std::int64_t vip_orders, int sign);

// What a read gathers for bounds `b`: per kind, the total and the contacts whose day is
// after the bound's day (kinds 0, 1: dormant_last_max's day; kind 2: new_first_min's),
// plus the contacts of the bound's own day past the bound itself.
struct SegmentDaySums {
  std::array<std::int64_t, 3> total{};
  std::array<std::int64_t, 3> after{};
};
// {VIP, Active, New, Dormant} from the sums; nullopt when the kept rows cannot answer
// (new_first_min < dormant_last_max).
std::optional<std::array<std::int64_t, 4>> SegmentCountsOf(const SegmentDaySums& s,
                                                           const SegmentBounds& b);

}  // namespace packprod

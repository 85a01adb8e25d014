#include "domain/segment_counts.h"

namespace packprod {

DayNumber UtcDayOf(Millis t) {
  Millis d = t / kDayMs;
  if (t % kDayMs != 0 && t < 0) --d;
  return static_cast<DayNumber>(d);
}

bool IsVipCustomer(const CustomerAggregate& c, Cents vip_spend, std::int64_t vip_orders) {
  return c.total_spend >= vip_spend || c.order_count >= vip_orders;
}

void AddSegmentDays(SegmentDayRows* rows, const CustomerAggregate& c, Cents vip_spend,
                    std::int64_t vip_orders, int sign) {
  if (c.order_count <= 0 || !c.first_order || !c.last_order) return;
  const bool vip = IsVipCustomer(c, vip_spend, vip_orders);
  const int last_kind = vip ? kLastVip : kLastOther;
  (*rows)[{last_kind, UtcDayOf(*c.last_order)}] += sign;
  (*rows)[{last_kind, kSegmentAllDays}] += sign;
  if (vip) return;
  (*rows)[{kFirstOther, UtcDayOf(*c.first_order)}] += sign;
  (*rows)[{kFirstOther, kSegmentAllDays}] += sign;
}

std::optional<std::array<std::int64_t, 4>> SegmentCountsOf(const SegmentDaySums& s,
                                                           const SegmentBounds& b) {
  if (b.new_first_min < b.dormant_last_max) return std::nullopt;
  const std::int64_t vip = s.after[kLastVip];
  const std::int64_t fresh = s.after[kFirstOther];
  const std::int64_t active = s.after[kLastOther] - fresh;
  const std::int64_t dormant =
      s.total[kLastOther] + s.total[kLastVip] - s.after[kLastOther] - s.after[kLastVip];
  return std::array<std::int64_t, 4>{vip, active, fresh, dormant};
}

}  // namespace packprod

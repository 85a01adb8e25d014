#include "domain/metrics.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <unordered_map>

namespace packprod {
namespace {

constexpr std::array<const char*, kSegmentCount> kSegmentNames = {"VIP", "Active", "New",
                                                                  "Dormant"};
constexpr std::array<const char*, kFrequencyCount> kFrequencyNames = {
    "Weekly", "Fortnightly", "Monthly", "Quarterly", "Yearly", "One-time"};

boost::json::value OptString(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

boost::json::value OptInstant(const std::optional<Millis>& t) {
  return t ? boost::json::value(FormatRfc3339(*t)) : boost::json::value(nullptr);
}

boost::json::value OptInt(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// Whether `span` / `n` <= `bound_days` days, exactly: span <= bound * day * n is the same
// as ceil(span / n) <= bound * day for a positive n.
bool MeanGapAtMost(Millis span, std::int64_t n, std::int64_t bound_days) {
  std::int64_t ceil_gap = FloorDiv(span + n - 1, n);
  return ceil_gap <= bound_days * kDayMs;
}

}  // namespace

void AddOrder(CustomerAggregate& agg, const Order& order) {
  if (!Counts(order.status)) return;
  ++agg.order_count;
  agg.total_spend += order.total;
  if (!agg.first_order || order.created_at < *agg.first_order) {
    agg.first_order = order.created_at;
  }
  bool later = !agg.last_order || order.created_at > *agg.last_order ||
               (order.created_at == *agg.last_order &&
                (!agg.last_order_reference || order.reference > *agg.last_order_reference));
  if (later) {
    agg.last_order = order.created_at;
    agg.last_order_reference = order.reference;
  }
}

CustomerAggregate AggregateCustomer(const ContactRecord& contact,
                                    const std::vector<const Order*>& orders_of_contact) {
  CustomerAggregate agg;
  agg.contact_id = contact.contact_id;
  agg.email = contact.email;
  agg.name = contact.name;
  agg.company = contact.company;
  agg.last_updated = contact.updated_at;
  for (const Order* o : orders_of_contact) FoldOrder(agg, *o);
  return agg;
}

void FoldOrder(CustomerAggregate& agg, const Order& order) {
  AddOrder(agg, order);
  agg.last_updated = std::max({agg.last_updated, order.imported_at, order.updated_at});
}

CustomerAggregator::CustomerAggregator(const std::vector<ContactRecord>& contacts) {
  static const std::vector<const Order*> kNone;
  out_.reserve(contacts.size());
  index_.reserve(contacts.size());
  for (const ContactRecord& c : contacts) {
    index_.emplace(c.contact_id, out_.size());
    out_.push_back(AggregateCustomer(c, kNone));
  }
}

void CustomerAggregator::Add(const Order& order) {
  auto it = index_.find(order.contact_id);
  if (it != index_.end()) FoldOrder(out_[it->second], order);
}

std::vector<CustomerAggregate> AggregateCustomers(const std::vector<ContactRecord>& contacts,
                                                  const std::vector<Order>& orders) {
  std::unordered_map<std::string_view, std::vector<const Order*>> by_contact;
  for (const Order& o : orders) by_contact[o.contact_id].push_back(&o);
  std::vector<CustomerAggregate> out;
  out.reserve(contacts.size());
  static const std::vector<const Order*> kNone;
  for (const ContactRecord& c : contacts) {
    auto it = by_contact.find(c.contact_id);
    out.push_back(AggregateCustomer(c, it == by_contact.end() ? kNone : it->second));
  }
  return out;
}

const char* SegmentName(Segment s) { return kSegmentNames[static_cast<int>(s)]; }

std::optional<Segment> ParseSegment(std::string_view s) {
  for (int i = 0; i < kSegmentCount; ++i) {
    if (s == kSegmentNames[i]) return static_cast<Segment>(i);
  }
  return std::nullopt;
}

const char* FrequencyName(Frequency f) { return kFrequencyNames[static_cast<int>(f)]; }

std::optional<std::int64_t> LastOrderDaysAgo(const CustomerAggregate& agg, Millis as_of) {
  if (!agg.last_order) return std::nullopt;
  return FloorDiv(as_of - *agg.last_order, kDayMs);
}

std::optional<std::int64_t> FirstOrderDaysAgo(const CustomerAggregate& agg, Millis as_of) {
  if (!agg.first_order) return std::nullopt;
  return FloorDiv(as_of - *agg.first_order, kDayMs);
}

std::optional<Segment> DeriveSegment(const CustomerAggregate& agg, Millis as_of,
                                     const ClientSettings& settings) {
  if (agg.order_count == 0 || !agg.first_order || !agg.last_order) return std::nullopt;
  if (*LastOrderDaysAgo(agg, as_of) > settings.dormant_days) return Segment::kDormant;
  if (agg.total_spend >= settings.vip_spend || agg.order_count >= settings.vip_orders) {
    return Segment::kVip;
  }
  if (*FirstOrderDaysAgo(agg, as_of) <= settings.new_days) return Segment::kNew;
  return Segment::kActive;
}

std::optional<Frequency> DeriveFrequency(const CustomerAggregate& agg,
                                         const ClientSettings& settings) {
  if (agg.order_count == 0 || !agg.first_order || !agg.last_order) return std::nullopt;
  if (agg.order_count == 1) return Frequency::kOneTime;
  Millis span = *agg.last_order - *agg.first_order;
  std::int64_t n = agg.order_count - 1;
  if (MeanGapAtMost(span, n, settings.weekly_days)) return Frequency::kWeekly;
  if (MeanGapAtMost(span, n, settings.fortnightly_days)) return Frequency::kFortnightly;
  if (MeanGapAtMost(span, n, settings.monthly_days)) return Frequency::kMonthly;
  if (MeanGapAtMost(span, n, settings.quarterly_days)) return Frequency::kQuarterly;
  return Frequency::kYearly;
}

boost::json::object CustomerJson(const CustomerAggregate& agg, Millis as_of,
                                 const ClientSettings& settings) {
  auto segment = DeriveSegment(agg, as_of, settings);
  auto frequency = DeriveFrequency(agg, settings);
  boost::json::object o;
  o["contactID"] = agg.contact_id;
  o["name"] = OptString(agg.name);
  o["email"] = agg.email;
  o["company"] = OptString(agg.company);
  o["orderCount"] = agg.order_count;
  o["totalSpend"] = CentsToJson(agg.total_spend);
  o["averageOrderValue"] = CentsToJson(AverageCents(agg.total_spend, agg.order_count));
  o["firstOrderDate"] = OptInstant(agg.first_order);
  o["lastOrderDate"] = OptInstant(agg.last_order);
  o["lastOrderReference"] = OptString(agg.last_order_reference);
  o["lastOrderDaysAgo"] = OptInt(LastOrderDaysAgo(agg, as_of));
  o["segment"] = segment ? boost::json::value(SegmentName(*segment)) : nullptr;
  o["purchaseFrequency"] = frequency ? boost::json::value(FrequencyName(*frequency)) : nullptr;
  o["lastUpdated"] = FormatRfc3339(agg.last_updated);
  return o;
}

Millis CustomerJsonChangesAt(const CustomerAggregate& agg, Millis as_of) {
  Millis at = std::numeric_limits<Millis>::max();
  for (const std::optional<Millis>& t : {agg.first_order, agg.last_order}) {
    if (t) at = std::min(at, *t + (FloorDiv(as_of - *t, kDayMs) + 1) * kDayMs);
  }
  return at;
}

std::string CustomerJsonSettingsKey(const ClientSettings& s) {
  // DeriveSegment's and DeriveFrequency's thresholds.
  std::string key;
  for (std::int64_t v : {s.vip_spend, s.vip_orders, s.dormant_days, s.new_days, s.weekly_days,
                         s.fortnightly_days, s.monthly_days, s.quarterly_days}) {
    key += std::to_string(v);
    key += ',';
  }
  return key;
}

boost::json::object SegmentCounts(const std::vector<CustomerAggregate>& customers, Millis as_of,
                                  const ClientSettings& settings) {
  std::array<std::int64_t, kSegmentCount> n{};
  for (const CustomerAggregate& c : customers) {
    if (auto s = DeriveSegment(c, as_of, settings)) ++n[static_cast<int>(*s)];
  }
  boost::json::object o;
  for (int i = 0; i < kSegmentCount; ++i) o[kSegmentNames[i]] = n[i];
  return o;
}

boost::json::object FrequencyCounts(const std::vector<CustomerAggregate>& customers,
                                    const ClientSettings& settings) {
  std::array<std::int64_t, kFrequencyCount> n{};
  for (const CustomerAggregate& c : customers) {
    if (auto f = DeriveFrequency(c, settings)) ++n[static_cast<int>(*f)];
  }
  boost::json::object o;
  for (int i = 0; i < kFrequencyCount; ++i) o[kFrequencyNames[i]] = n[i];
  return o;
}

}  // namespace packprod

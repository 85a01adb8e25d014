#include "notify/rules.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

namespace packprod::notify {
namespace {

constexpr Millis kHourMs = 3600 * 1000;

std::string Round1(double v) { return fmt::format("{:.1f}", v); }

std::string Plain(double v) {
  return v == std::floor(v) && std::abs(v) < 1e15 ? fmt::format("{:.0f}", v) : Round1(v);
}

}  // namespace

double BusinessHoursBetween(Millis from, Millis to, const TimeZone& tz, const BusinessHours& bh) {
  if (to <= from) return 0;
  Millis total = 0;
  // Day by day; at most a year back is looked at (longer is far past any threshold).
  DayNumber first = std::max(tz.LocalDay(from), tz.LocalDay(to) - 366);
  for (DayNumber d = first; d <= tz.LocalDay(to); ++d) {
    if (!bh.days[WeekdayOfDay(d)]) continue;
    Millis open = tz.LocalToInstant(d, static_cast<std::int64_t>(bh.start) * kHourMs);
    Millis close = tz.LocalToInstant(d, static_cast<std::int64_t>(bh.end) * kHourMs);
    Millis a = std::max(open, from), b = std::min(close, to);
    if (b > a) total += b - a;
  }
  return static_cast<double>(total) / kHourMs;
}

Breach Evaluate(const AlertRule& r, const Observations& o, Millis now, const TimeZone& tz,
                const BusinessHours& bh) {
  Breach b;
  const std::string t = Plain(r.threshold);
  switch (r.kind) {
    case RuleKind::kNoOrders:
      if (!o.last_order) {
        b.message = "No order yet";
        return b;
      }
      b.value = std::floor(BusinessHoursBetween(*o.last_order, now, tz, bh) * 10) / 10;
      b.breached = b.value >= r.threshold;
      b.message = fmt::format("No order for {} business hours (threshold {}); the last was at {}",
                              Round1(b.value), t, FormatRfc3339(*o.last_order));
      return b;
    case RuleKind::kEmailFailures:
      b.value = static_cast<double>(o.email_failures);
      b.breached = b.value >= r.threshold;
      b.message = fmt::format("{} order e-mails in the failure queue (threshold {})",
                              o.email_failures, t);
      return b;
    case RuleKind::kStreamLag:
      b.value = std::floor(o.stream_lag_s * 10) / 10;
      b.breached = o.stream_lag_s > r.threshold;
      b.message = fmt::format("Stream processor {} s behind (threshold {} s for {} min)",
                              Round1(b.value), t, Plain(r.minutes));
      return b;
    case RuleKind::kErrorRate:
      b.value = o.error_percent ? std::round(*o.error_percent * 10) / 10 : 0;
      b.breached = o.error_percent && *o.error_percent > r.threshold;
      b.message = fmt::format("{}% of requests answered 5xx in the last minute (threshold {}% "
                              "for {} min)",
                              Round1(b.value), t, Plain(r.minutes));
      return b;
  }
  return b;
}

Transition Step(const AlertRule& r, bool breached, Millis now, RuleState& s) {
  if (!breached) {
    s.breach_since.reset();
    if (!s.firing) return Transition::kNone;
    s.firing = false;
    return Transition::kResolve;
  }
  if (!s.breach_since) s.breach_since = now;
  if (s.firing) return Transition::kNone;
  if (static_cast<double>(now - *s.breach_since) < r.minutes * 60000.0) return Transition::kNone;
  s.firing = true;
  return Transition::kFire;
}

void RequestTally::Record(unsigned status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++total_;
  if (status >= 500 && status <= 599) ++errors_;
}

void RequestTally::Sample(Millis now) {
  std::lock_guard<std::mutex> lock(mu_);
  samples_.push_back({now, total_, errors_});
  while (samples_.size() > 2 && samples_.front().at < now - kHourMs) samples_.pop_front();
}

std::optional<double> RequestTally::ErrorPercent(Millis window) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (samples_.size() < 2) return std::nullopt;
  const Point& last = samples_.back();
  const Point* first = &samples_.front();
  for (const Point& p : samples_) {
    if (p.at >= last.at - window) {
      first = &p;
      break;
    }
  }
  if (first == &last) first = &samples_[samples_.size() - 2];
  std::uint64_t total = last.total - first->total;
  if (total == 0) return std::nullopt;
  return 100.0 * static_cast<double>(last.errors - first->errors) / static_cast<double>(total);
}

}  // namespace packprod::notify

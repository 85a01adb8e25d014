// Alert rules, evaluated: pure functions from what was observed to whether a rule is in
// breach, and the per-rule state machine that makes each alert fire once and resolve
// once. The notifier (notifier.h) observes, keeps the state and delivers.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "domain/time.h"
#include "notify/settings.h"

namespace packprod::notify {

// Hours of [from, to) that fall inside the business hours (local days and hours in
// `tz`); 0 when to <= from.
double BusinessHoursBetween(Millis from, Millis to, const TimeZone& tz, const BusinessHours& bh);

// What the notifier saw at one moment for one client.
struct Observations {
  std::optional<Millis> last_order;      // createdAt of the newest order, if any
  std::int64_t email_failures = 0;       // order e-mails in the failure queue
  double stream_lag_s = 0;               // age of the oldest change not yet applied
  std::optional<double> error_percent;   // 5xx share of the last minute's requests
};

struct Breach {
  bool breached = false;
  double value = 0;  // the figure compared with the threshold
  std::string message;  // for a person: "No order for 9.5 business hours (threshold 8)"
};
Breach Evaluate(const AlertRule& r, const Observations& o, Millis now, const TimeZone& tz,
                const BusinessHours& bh);

// One rule's state between evaluations: since when it has been in breach (for the
// rule's minutes), and whether its alert is firing.
struct RuleState {
  std::optional<Millis> breach_since;
  bool firing = false;
};
enum class Transition { kNone, kFire, kResolve };
// Advances `s` by one evaluation: kFire once the breach has lasted the rule's minutes,
// kResolve on the first evaluation without breach after firing.
Transition Step(const AlertRule& r, bool breached, Millis now, RuleState& s);

// Requests answered by this process, all and 5xx, sampled by the notifier: the source
// of the errorRate rule. Thread-safe.
class RequestTally {
 public:
  void Record(unsigned status);
  // Keeps (now, counts) for ErrorPercent; samples older than an hour are dropped.
  void Sample(Millis now);
  // 5xx share (0-100) of the requests between the oldest sample within `window` before
  // the latest sample and the latest; nullopt without such requests.
  std::optional<double> ErrorPercent(Millis window) const;

 private:
  struct Point {
    Millis at;
    std::uint64_t total, errors;
  };
  mutable std::mutex mu_;
  std::uint64_t total_ = 0, errors_ = 0;  // guarded by mu_
  std::deque<Point> samples_;             // guarded by mu_
};

}  // namespace packprod::notify

// Report periods (docs/api.md "Pagination and common parameters", "Default period").
//
// A period is a half-open interval of instants [from, to). `from`/`to` are given either
// as local dates YYYY-MM-DD (whole local days in the client's zone, both inclusive) or
// as RFC 3339 instants (half-open); the two forms may be mixed. A missing end is open:
// it extends to the edge of representable order times (kPeriodMin / kPeriodMax).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: every RFC 3339 instant lies inside.
inline constexpr Millis kPeriodMin = -62'135'596'800'000;
inline constexpr Millis kPeriodMax = 253'402'300'800'000;

// Local days in the default report period ("the 30 local days ending today").
inline constexpr int kDefaultPeriodDays = 30;

struct Period {
  Millis from = kPeriodMin;  // inclusive
  Millis to = kPeriodMax;    // exclusive
  // True when both ends are local dates (given as dates, or defaulted); from_day and
  // to_day (inclusive) are then meaningful.
  bool dates = false;
  DayNumber from_day = 0, to_day = 0;
  // The ends as given, or as local dates when defaulted; empty for an open end.
  std::string from_text, to_text;

  bool Contains(Millis t) const { return from <= t && t < to; }
  // Both ends open: every order is inside.
  bool AllTime() const { return from <= kPeriodMin && to >= kPeriodMax; }
};

// Builds the period of a report request.
// - both missing: the 30 local days ending on the local date of `as_of` when
//   `default_30_days`, else all time (both ends open);
// - one missing: that end is open;
// - a date end covers its whole local day; an RFC 3339 end is used as is.
// Returns InvalidArgument naming the parameter ("from"/"to") when a value is neither
// form (or not a real date, e.g. 2025-02-30), and when from is after to.
Result<Period> MakePeriod(std::optional<std::string> from, std::optional<std::string> to,
                          Millis as_of, const TimeZone& tz, bool default_30_days = true);

// The equal-length period just before `p`, ending where `p` starts: the same number of
// local days for a date period (texts are the dates), the same duration otherwise
// (texts are RFC 3339 UTC). Clamped at kPeriodMin (an open start is left open).
Period PreviousPeriod(const Period& p, const TimeZone& tz);

// {"from": ..., "to": ...}: the texts, null for an open end.
boost::json::object PeriodJson(const Period& p);

}  // namespace packprod

#include "domain/period.h"

#include <algorithm>
#include <utility>

namespace packprod {
namespace {

// One end of a period as parsed.
struct End {
  Millis instant = 0;
  bool is_date = false;
  DayNumber day = 0;
};

// Parses one end. A date `from` starts at its local midnight; a date `to` ends at the
// next local midnight (whole days, inclusive).
Result<End> ParseEnd(const char* param, const std::string& text, bool is_to, const TimeZone& tz) {
  if (auto day = ParseDate(text)) {
    return End{tz.StartOfDay(is_to ? *day + 1 : *day), true, *day};
  }
  if (auto t = ParseRfc3339(text)) {
    return End{*t, false, 0};
  }
  return Status::InvalidArgument(std::string(param) +
                                 ": expected YYYY-MM-DD or an RFC 3339 time, got \"" + text + "\"");
}

Period DefaultPeriod(Millis as_of, const TimeZone& tz) {
  DayNumber today = tz.LocalDay(as_of);
  Period p;
  p.dates = true;
  p.from_day = today - (kDefaultPeriodDays - 1);
  p.to_day = today;
  p.from = tz.StartOfDay(p.from_day);
  p.to = tz.StartOfDay(p.to_day + 1);
  p.from_text = FormatDate(p.from_day);
  p.to_text = FormatDate(p.to_day);
  return p;
}

}  // namespace

Result<Period> MakePeriod(std::optional<std::string> from, std::optional<std::string> to,
                          Millis as_of, const TimeZone& tz, bool default_30_days) {
  if (!from && !to) {
    return default_30_days ? DefaultPeriod(as_of, tz) : Period{};
  }
  Period p;
  std::optional<End> f, t;
  if (from) {
    PP_ASSIGN_OR_RETURN(f, ParseEnd("from", *from, false, tz));
    p.from = f->instant;
    p.from_text = std::move(*from);
  }
  if (to) {
    PP_ASSIGN_OR_RETURN(t, ParseEnd("to", *to, true, tz));
    p.to = t->instant;
    p.to_text = std::move(*to);
  }
  if (f && t && f->is_date && t->is_date) {
    p.dates = true;
    p.from_day = f->day;
    p.to_day = t->day;
    if (p.from_day > p.to_day) return Status::InvalidArgument("from: after to");
  }
  if (p.from > p.to) return Status::InvalidArgument("from: after to");
  return p;
}

Period PreviousPeriod(const Period& p, const TimeZone& tz) {
  Period q;
  q.to = p.from;
  if (p.dates) {
    DayNumber n = p.to_day - p.from_day + 1;
    q.dates = true;
    q.from_day = p.from_day - n;
    q.to_day = p.from_day - 1;
    q.from = tz.StartOfDay(q.from_day);
    q.from_text = FormatDate(q.from_day);
    q.to_text = FormatDate(q.to_day);
    return q;
  }
  if (p.from <= kPeriodMin) {
    q.from = q.to = kPeriodMin;
    return q;
  }
  q.from = std::max(kPeriodMin, p.from - (p.to - p.from));
  if (q.from > kPeriodMin) q.from_text = FormatRfc3339(q.from);
  q.to_text = FormatRfc3339(q.to);
  return q;
}

boost::json::object PeriodJson(const Period& p) {
  boost::json::object o;
  o["from"] = p.from_text.empty() ? boost::json::value(nullptr) : boost::json::value(p.from_text);
  o["to"] = p.to_text.empty() ? boost::json::value(nullptr) : boost::json::value(p.to_text);
  return o;
}

}  // namespace packprod

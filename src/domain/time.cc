#include "domain/time.h"

#include <chrono>
#include <cstdio>

#include <date/date.h>
#include <date/tz.h>

namespace packprod {
namespace {

using std::chrono::milliseconds;
using SysMs = date::sys_time<milliseconds>;
using LocalMs = date::local_time<milliseconds>;

const date::time_zone* Zone(const void* z) { return static_cast<const date::time_zone*>(z); }

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Millis NowMillis() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void CivilFromDays(DayNumber d, int* y, unsigned* m, unsigned* dd) {
  date::year_month_day ymd{date::sys_days{date::days{d}}};
  *y = static_cast<int>(ymd.year());
  *m = static_cast<unsigned>(ymd.month());
  *dd = static_cast<unsigned>(ymd.day());
}

DayNumber DaysFromCivil(int y, unsigned m, unsigned d) {
  return static_cast<DayNumber>(
      date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count());
}

int WeekdayOfDay(DayNumber d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return static_cast<int>(((static_cast<std::int64_t>(d) % 7) + 7 + 3) % 7);
}

std::optional<DayNumber> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &y) ||
      !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d))
    return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

// The instants a timestamp may name: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z
// (after the offset is applied), so that every accepted time formats back as RFC 3339.
constexpr Millis kMinInstant = 0;
constexpr Millis kMaxInstant = 253'402'300'799'999;

std::optional<Millis> ParseRfc3339(std::string_view s) {
  int hh, mi, ss;
  if (s.size() < 20) return std::nullopt;
  auto day = ParseDate(s.substr(0, 10));
  if (!day || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' ||
      !Digits(s, 11, 2, &hh) || !Digits(s, 14, 2, &mi) || !Digits(s, 17, 2, &ss))
    return std::nullopt;
  if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
  if (ss == 60) ss = 59;  // a leap second is the last second of its minute
  size_t pos = 19;
  Millis ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  std::int64_t offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (pos + 6 != s.size() || s[pos + 3] != ':' || !Digits(s, pos + 1, 2, &oh) ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  Millis t = static_cast<Millis>(*day) * kDayMs + (hh * 3600LL + mi * 60LL + ss) * 1000 + ms -
             offset_min * 60000;
  if (t < kMinInstant || t > kMaxInstant) return std::nullopt;
  return t;
}

std::string FormatRfc3339(Millis t) {
  DayNumber day = static_cast<DayNumber>(FloorDiv(t, kDayMs));
  Millis in_day = t - static_cast<Millis>(day) * kDayMs;
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  int secs = static_cast<int>(in_day / 1000), ms = static_cast<int>(in_day % 1000);
  char buf[40];
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, secs / 3600,
                  secs / 60 % 60, secs % 60, ms);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, secs / 3600,
                  secs / 60 % 60, secs % 60);
  }
  return buf;
}

std::string FormatDate(DayNumber day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::optional<TimeZone> TimeZone::Find(std::string_view name) {
  if (name == "UTC" || name == "Etc/UTC") return Utc();
  try {
    const date::time_zone* z = date::locate_zone(name);
    return TimeZone(z, std::string(name));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

TimeZone TimeZone::Utc() { return TimeZone(nullptr, "UTC"); }

namespace {
Millis LocalMsOf(const void* zone, Millis t) {
  if (zone == nullptr) return t;
  auto info = Zone(zone)->get_info(SysMs{milliseconds{t}});
  return t + std::chrono::duration_cast<milliseconds>(info.offset).count();
}
}  // namespace

DayNumber TimeZone::LocalDay(Millis t) const {
  return static_cast<DayNumber>(FloorDiv(LocalMsOf(zone_, t), kDayMs));
}

int TimeZone::LocalWeekday(Millis t) const { return WeekdayOfDay(LocalDay(t)); }

int TimeZone::LocalHour(Millis t) const {
  Millis local = LocalMsOf(zone_, t);
  return static_cast<int>((local - FloorDiv(local, kDayMs) * kDayMs) / 3'600'000);
}

Millis TimeZone::LocalToInstant(DayNumber day, std::int64_t ms_of_day) const {
  Millis local = static_cast<Millis>(day) * kDayMs + ms_of_day;
  if (zone_ == nullptr) return local;
  LocalMs lt{milliseconds{local}};
  auto info = Zone(zone_)->get_info(date::floor<std::chrono::seconds>(lt));
  // Unique and ambiguous times take the first (earlier) offset; a time inside a gap
  // read with the offset before the gap lands the gap's length later (shift forward).
  return local - std::chrono::duration_cast<milliseconds>(info.first.offset).count();
}

Millis TimeZone::StartOfDay(DayNumber day) const { return LocalToInstant(day, 0); }

}  // namespace packprod

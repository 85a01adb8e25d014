// Time: instants are int64 milliseconds since the Unix epoch (UTC). Local calendar
// logic goes through an IANA zone (Howard Hinnant's date/tz over the OS tz database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace packprod {

using Millis = std::int64_t;
inline constexpr Millis kDayMs = 86'400'000;

// Days since 1970-01-01 of a civil (local) date.
using DayNumber = std::int32_t;

Millis NowMillis();

// RFC 3339, `Z` or a numeric offset; nullopt when malformed or not in 1970-9999 once in UTC.
std::optional<Millis> ParseRfc3339(std::string_view s);

// "YYYY-MM-DD" -> day number; nullopt when malformed or not a real date.
std::optional<DayNumber> ParseDate(std::string_view s);

// 2025-10-20T10:30:00Z, milliseconds only when non-zero.
std::string FormatRfc3339(Millis t);
// YYYY-MM-DD of a day number.
std::string FormatDate(DayNumber d);

// A time zone by IANA name. Cheap to copy; the zone data is process-wide.
class TimeZone {
 public:
  // nullopt when the name is not a known zone.
  static std::optional<TimeZone> Find(std::string_view name);
  static TimeZone Utc();

  const std::string& name() const { return name_; }
  // The local civil day of an instant.
  DayNumber LocalDay(Millis t) const;
  // Local weekday (0 = Monday .. 6 = Sunday) and hour (0..23) of an instant.
  int LocalWeekday(Millis t) const;
  int LocalHour(Millis t) const;
  // The instant of local midnight starting `day` (earliest, if ambiguous; the first
  // valid instant after the gap if midnight does not exist).
  Millis StartOfDay(DayNumber day) const;
  // A local wall time (seconds since local midnight of `day` plus ms) to an instant:
  // ambiguous times take the earlier instant, non-existent ones shift forward.
  Millis LocalToInstant(DayNumber day, std::int64_t ms_of_day) const;

 private:
  explicit TimeZone(const void* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const void* zone_;  // const date::time_zone*; nullptr means UTC
  std::string name_;
};

// Civil helpers (proleptic Gregorian).
void CivilFromDays(DayNumber d, int* y, unsigned* m, unsigned* dd);
DayNumber DaysFromCivil(int y, unsigned m, unsigned d);
// 0 = Monday .. 6 = Sunday.
int WeekdayOfDay(DayNumber d);

// floor division for instants.
inline std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace packprod

// Money: integer cents inside, parsed from docs/api.md's input forms, printed with two decimals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace packprod {

using Cents = std::int64_t;

// Largest amount accepted on input (10^13 cents): well inside exact double range.
inline constexpr Cents kMaxCents = 10'000'000'000'000LL;

enum class MoneyRounding {
  kReject,     // more than two decimals is an error (the API's rule)
  kHalfAway,   // round to the cent, half away from zero (`import --round-money`)
};

// Parses a money string: optional prefix `$`, `A$` or `currency` (then one optional
// space), digits optionally grouped by `,` in threes, optionally `.` and 1-2 digits
// (more with kHalfAway). Returns the reason on failure in *why. Never negative:
// a leading '-' is reported as "must be >= 0" via *negative when given.
std::optional<Cents> ParseMoneyString(std::string_view s, std::string_view currency,
                                      MoneyRounding rounding, std::string* why,
                                      bool* negative = nullptr);

// Parses a JSON money value (number or string). Numbers are checked against their
// shortest round-trip decimal form, so 24.705 is rejected and 24.70 accepted.
// On failure returns nullopt and sets *why ("must be >= 0", "at most two decimals", ...).
std::optional<Cents> ParseMoney(const boost::json::value& v, std::string_view currency,
                                MoneyRounding rounding, std::string* why);

// 1234.5 -> "1234.50"; -5 -> "-0.05".
std::string FormatCents(Cents c);

// A JSON number with at most two decimals, exact (serialised as e.g. 1234.56).
boost::json::value CentsToJson(Cents c);

// total / n rounded to the cent, half away from zero; 0 when n == 0.
Cents AverageCents(Cents total, std::int64_t n);

}  // namespace packprod

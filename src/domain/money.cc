#include "domain/money.h"

#include <charconv>
#include <cstdlib>

namespace packprod {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strips an accepted prefix: "$", "A$" or the currency code, then one optional space.
std::string_view StripPrefix(std::string_view s, std::string_view currency) {
  if (s.starts_with("A$")) {
    s.remove_prefix(2);
  } else if (s.starts_with("$")) {
    s.remove_prefix(1);
  } else if (!currency.empty() && s.starts_with(currency)) {
    s.remove_prefix(currency.size());
    if (s.starts_with(' ')) s.remove_prefix(1);
  }
  return s;
}

// Integer part: plain digits, or digits grouped by ',' in threes (first group 1-3).
bool ParseWhole(std::string_view w, Cents* out) {
  if (w.empty()) return false;
  bool grouped = w.find(',') != std::string_view::npos;
  Cents v = 0;
  size_t run = 0;     // digits since the last ','
  size_t groups = 0;  // ',' seen
  for (char c : w) {
    if (c == ',') {
      if (run == 0 || run > 3 || (groups > 0 && run != 3)) return false;
      ++groups;
      run = 0;
      continue;
    }
    if (!IsDigit(c)) return false;
    ++run;
    v = v * 10 + (c - '0');
    if (v > kMaxCents / 100) return false;
  }
  if (grouped && run != 3) return false;
  *out = v;
  return true;
}

}  // namespace

std::optional<Cents> ParseMoneyString(std::string_view s, std::string_view currency,
                                      MoneyRounding rounding, std::string* why,
                                      bool* negative) {
  auto fail = [&](const char* m) -> std::optional<Cents> {
    if (why) *why = m;
    return std::nullopt;
  };
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  bool neg = false;
  if (s.starts_with('-')) {
    neg = true;
    s.remove_prefix(1);
  }
  s = StripPrefix(s, currency);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  Cents w = 0;
  if (!ParseWhole(whole, &w)) return fail("not a money amount (digits, optional ',' groups and '.' with two decimals)");
  if (dot != std::string_view::npos && frac.empty()) return fail("not a money amount");
  for (char c : frac) {
    if (!IsDigit(c)) return fail("not a money amount");
  }
  Cents cents = w * 100;
  if (!frac.empty()) cents += (frac[0] - '0') * 10;
  if (frac.size() >= 2) cents += frac[1] - '0';
  if (frac.size() > 2) {
    if (rounding == MoneyRounding::kReject) return fail("at most two decimals");
    if (frac[2] >= '5') cents += 1;  // half away from zero on the magnitude
  }
  if (cents > kMaxCents) return fail("amount too large");
  if (negative) *negative = neg;
  if (neg && cents != 0) return fail("must be >= 0");
  return cents;
}

std::optional<Cents> ParseMoney(const boost::json::value& v, std::string_view currency,
                                MoneyRounding rounding, std::string* why) {
  if (v.is_string()) {
    // The API's money strings are exact (api.md): no surrounding white space and no sign,
    // not even "-0.00" or "+1.00" (ParseMoneyString is lenient there for CSV cells).
    std::string_view s(v.get_string().data(), v.get_string().size());
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    if (!s.empty() && (space(s.front()) || space(s.back()))) {
      if (why) *why = "must not start or end with white space";
      return std::nullopt;
    }
    if (s.starts_with('-') || s.starts_with('+')) {
      if (why) *why = s.starts_with('-') ? "must be >= 0 (no sign)" : "must not have a sign";
      return std::nullopt;
    }
    return ParseMoneyString(s, currency, rounding, why);
  }
  if (v.is_int64() || v.is_uint64()) {
    if (v.is_int64() && v.get_int64() < 0) {
      if (why) *why = "must be >= 0";
      return std::nullopt;
    }
    std::uint64_t u = v.is_int64() ? static_cast<std::uint64_t>(v.get_int64()) : v.get_uint64();
    if (u > static_cast<std::uint64_t>(kMaxCents / 100)) {
      if (why) *why = "amount too large";
      return std::nullopt;
    }
    return static_cast<Cents>(u) * 100;
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (d < 0) {
      if (why) *why = "must be >= 0";
      return std::nullopt;
    }
    // The shortest decimal that round-trips is what the sender wrote (for <= 15
    // significant digits), so its decimals decide.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    if (r.ec != std::errc()) {
      if (why) *why = "not a money amount";
      return std::nullopt;
    }
    return ParseMoneyString(std::string_view(buf, r.ptr - buf), "", rounding, why);
  }
  if (why) *why = "must be a number or a money string";
  return std::nullopt;
}

std::string FormatCents(Cents c) {
  std::string sign = c < 0 ? "-" : "";
  std::uint64_t a = c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return sign + std::to_string(a / 100) + "." + frac;
}

boost::json::value CentsToJson(Cents c) {
  if (c % 100 == 0) return boost::json::value(static_cast<std::int64_t>(c / 100));
  return boost::json::value(static_cast<double>(c) / 100.0);
}

Cents AverageCents(Cents total, std::int64_t n) {
  if (n == 0) return 0;
  bool neg = (total < 0) != (n < 0);
  std::int64_t a = total < 0 ? -total : total;
  std::int64_t b = n < 0 ? -n : n;
  std::int64_t q = (2 * a + b) / (2 * b);
  return neg ? -q : q;
}

}  // namespace packprod

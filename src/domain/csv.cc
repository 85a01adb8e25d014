#include "domain/csv.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace packprod {
namespace {

// ---------------------------------------------------------------- date forms

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

struct DateParts {
  int year = -1, month = -1, day = -1;
  int hour = -1, minute = 0, second = 0, millis = 0;
  int pm = -1;  // %p: 0 AM, 1 PM, -1 not given
  std::optional<int> offset_min;
};

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool ReadInt(std::string_view s, std::size_t* pos, int max_digits, int* out) {
  int v = 0, n = 0;
  for (; n < max_digits && *pos < s.size() && IsDigit(s[*pos]); ++n, ++*pos) {
    v = v * 10 + (s[*pos] - '0');
  }
  *out = v;
  return n > 0;
}

// An English name, in full or its first three letters, ignoring case.
template <std::size_t N>
bool ReadName(std::string_view s, std::size_t* pos, const std::array<std::string_view, N>& names,
              int* index) {
  std::string_view rest = s.substr(*pos);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t len : {names[i].size(), std::size_t{3}}) {
      if (rest.size() >= len && EqualsIgnoreCase(rest.substr(0, len), names[i].substr(0, len))) {
        *pos += len;
        *index = static_cast<int>(i);
        return true;
      }
    }
  }
  return false;
}

bool ReadSeconds(std::string_view s, std::size_t* pos, DateParts* p) {
  if (!ReadInt(s, pos, 2, &p->second)) return false;
  if (*pos + 1 >= s.size() || s[*pos] != '.' || !IsDigit(s[*pos + 1])) return true;
  ++*pos;
  for (int scale = 100; *pos < s.size() && IsDigit(s[*pos]); ++*pos, scale /= 10) {
    p->millis += (s[*pos] - '0') * scale;
  }
  return true;
}

bool ReadAmPm(std::string_view s, std::size_t* pos, int* pm) {
  std::string_view rest = s.substr(*pos, 2);
  if (EqualsIgnoreCase(rest, "am") || EqualsIgnoreCase(rest, "pm")) {
    *pm = (rest[0] == 'p' || rest[0] == 'P') ? 1 : 0;
    *pos += 2;
    return true;
  }
  return false;
}

// "Z", "+hh", "+hhmm" or "+hh:mm" (or '-').
bool ReadOffset(std::string_view s, std::size_t* pos, std::optional<int>* minutes) {
  if (*pos < s.size() && (s[*pos] == 'Z' || s[*pos] == 'z')) {
    ++*pos;
    *minutes = 0;
    return true;
  }
  if (*pos >= s.size() || (s[*pos] != '+' && s[*pos] != '-')) return false;
  int sign = s[(*pos)++] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  std::size_t start = *pos;
  if (!ReadInt(s, pos, 2, &hh) || *pos - start != 2) return false;
  if (*pos < s.size() && s[*pos] == ':') ++*pos;
  start = *pos;
  if (ReadInt(s, pos, 2, &mm) && *pos - start != 2) return false;
  if (hh > 23 || mm > 59) return false;
  *minutes = sign * (hh * 60 + mm);
  return true;
}

bool ReadConversion(char c, std::string_view s, std::size_t* pos, DateParts* p) {
  int ignored = 0;
  switch (c) {
    case 'Y':
      return ReadInt(s, pos, 4, &p->year);
    case 'y':
      if (!ReadInt(s, pos, 2, &p->year)) return false;
      p->year += p->year < 69 ? 2000 : 1900;  // POSIX
      return true;
    case 'm':
      return ReadInt(s, pos, 2, &p->month);
    case 'd':
    case 'e':
      return ReadInt(s, pos, 2, &p->day);
    case 'b':
    case 'B':
    case 'h':
      if (!ReadName(s, pos, kMonths, &p->month)) return false;
      ++p->month;
      return true;
    case 'a':
    case 'A':
      return ReadName(s, pos, kWeekdays, &ignored);
    case 'H':
    case 'I':
      return ReadInt(s, pos, 2, &p->hour);
    case 'M':
      return ReadInt(s, pos, 2, &p->minute);
    case 'S':
      return ReadSeconds(s, pos, p);
    case 'p':
      return ReadAmPm(s, pos, &p->pm);
    case 'z':
      return ReadOffset(s, pos, &p->offset_min);
    case '%':
      return *pos < s.size() && s[(*pos)++] == '%';
    default:
      return false;
  }
}

bool ParseWithFormat(std::string_view format, std::string_view s, DateParts* p) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char f = format[i];
    if (f == '%' && i + 1 < format.size()) {
      if (!ReadConversion(format[++i], s, &pos, p)) return false;
    } else if (IsSpace(f)) {
      while (pos < s.size() && IsSpace(s[pos])) ++pos;
    } else if (pos < s.size() && s[pos] == f) {
      ++pos;
    } else {
      return false;
    }
  }
  return pos == s.size();
}

int DaysInMonth(int y, int m) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<Millis> ToInstant(DateParts p, const TimeZone& zone) {
  if (p.pm >= 0) {
    if (p.hour < 1 || p.hour > 12) return std::nullopt;
    p.hour = p.hour % 12 + 12 * p.pm;
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > DaysInMonth(p.year, p.month) ||
      p.hour > 23 || p.minute > 59 || p.second > 59) {
    return std::nullopt;
  }
  DayNumber day = DaysFromCivil(p.year, p.month, p.day);
  if (p.hour < 0 && !p.offset_min) return zone.StartOfDay(day);
  Millis ms = ((std::max(p.hour, 0) * 60LL + p.minute) * 60 + p.second) * 1000 + p.millis;
  if (p.offset_min) return day * kDayMs + ms - *p.offset_min * 60000LL;
  return zone.LocalToInstant(day, ms);
}

// %F, %T and %R spelled out; InvalidArgument for an unsupported conversion or a format
// without year, month and day.
Result<std::string> ExpandFormat(std::string_view format) {
  std::string out;
  bool year = false, month = false, day = false;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out.push_back(format[i]);
      continue;
    }
    char c = i + 1 < format.size() ? format[++i] : '\0';
    std::string_view spelled = c == 'F'   ? "%Y-%m-%d"
                               : c == 'T' ? "%H:%M:%S"
                               : c == 'R' ? "%H:%M"
                                          : "";
    if (spelled.empty() &&
        std::string_view("YymdebBhaAHIMSpz%").find(c) == std::string_view::npos) {
      return Status::InvalidArgument(
          fmt::format("--date-format \"{}\": unsupported conversion %{}", format, c));
    }
    out += spelled.empty() ? std::string{'%', c} : std::string(spelled);
    year |= c == 'Y' || c == 'y' || c == 'F';
    month |= c == 'm' || c == 'b' || c == 'B' || c == 'h' || c == 'F';
    day |= c == 'd' || c == 'e' || c == 'F';
  }
  if (!year || !month || !day) {
    return Status::InvalidArgument(
        fmt::format("--date-format \"{}\" needs a year, a month and a day", format));
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- CsvReader

bool CsvReader::AtLineBreak() const {
  return pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r');
}

void CsvReader::ConsumeLineBreak() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

CsvReader::FieldEnd CsvReader::ConsumeSeparator() {
  if (pos_ >= text_.size()) return FieldEnd::kRecord;
  if (text_[pos_] == ',') {
    ++pos_;
    return FieldEnd::kComma;
  }
  ConsumeLineBreak();
  return FieldEnd::kRecord;
}

CsvReader::FieldEnd CsvReader::ReadUnquoted(std::string* field, std::string* error) {
  std::size_t start = pos_;
  while (pos_ < text_.size() && text_[pos_] != ',' && !AtLineBreak()) {
    if (text_[pos_] == '"') {
      *error = "a quote inside an unquoted field (quote the whole field and double the quote)";
      return FieldEnd::kError;
    }
    ++pos_;
  }
  field->assign(text_.substr(start, pos_ - start));
  return ConsumeSeparator();
}

CsvReader::FieldEnd CsvReader::ReadQuoted(std::string* field, std::string* error) {
  int opened_at = line_;
  ++pos_;  // the opening quote
  field->clear();
  while (true) {
    std::size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      line_ = opened_at;
      *error = "a quoted field is never closed";
      return FieldEnd::kError;
    }
    std::string_view chunk = text_.substr(pos_, quote - pos_);
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      bool crlf = chunk[i] == '\r' && i + 1 < chunk.size() && chunk[i + 1] == '\n';
      if ((chunk[i] == '\n' || chunk[i] == '\r') && !crlf) ++line_;
    }
    field->append(chunk);
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field->push_back('"');
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && !AtLineBreak()) {
    *error = "text after the closing quote of a field";
    return FieldEnd::kError;
  }
  return ConsumeSeparator();
}

bool CsvReader::Next(std::vector<std::string>* fields, int* line, std::string* error) {
  fields->clear();
  error->clear();
  *line = line_;
  if (pos_ >= text_.size()) return false;
  FieldEnd end = FieldEnd::kComma;
  while (end == FieldEnd::kComma) {
    fields->emplace_back();
    bool quoted = pos_ < text_.size() && text_[pos_] == '"';
    end = quoted ? ReadQuoted(&fields->back(), error) : ReadUnquoted(&fields->back(), error);
  }
  if (end == FieldEnd::kError) {
    *line = line_;
    pos_ = text_.size();
    fields->clear();
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- CsvDateReader

Result<CsvDateReader> CsvDateReader::Create(std::string_view format, std::string_view timezone) {
  std::optional<TimeZone> zone = timezone.empty() ? TimeZone::Utc() : TimeZone::Find(timezone);
  if (!zone) return Status::InvalidArgument(fmt::format("unknown time zone \"{}\"", timezone));
  if (format.empty()) {
    return CsvDateReader(*zone,
                         {"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S",
                          "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"},
                         "is not RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]]");
  }
  PP_ASSIGN_OR_RETURN(std::string expanded, ExpandFormat(format));
  return CsvDateReader(*zone, {expanded}, fmt::format("does not match --date-format {}", format));
}

std::optional<Millis> CsvDateReader::Read(std::string_view cell) const {
  if (std::optional<Millis> t = ParseRfc3339(cell)) return t;
  for (const std::string& format : formats_) {
    DateParts parts;
    if (ParseWithFormat(format, cell, &parts)) return ToInstant(parts, zone_);
  }
  return std::nullopt;
}

}  // namespace packprod

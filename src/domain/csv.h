// Reading CSV exports held in memory: an RFC 4180 record reader, and a reader for the
// date forms such exports use.
//
// CsvReader: records are separated by CRLF, LF or a lone CR; the last record may end
// without one. A field is either unquoted (no '"' inside) or quoted: wrapped in '"',
// with '""' for a quote and commas and line breaks allowed inside (kept as written). A
// blank physical line is a record of one empty field. Nothing is trimmed; no field
// count is enforced.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

class CsvReader {
 public:
  // `text` must outlive the reader.
  explicit CsvReader(std::string_view text) : text_(text) {}

  // Reads the next record into *fields (replacing its contents) and sets *line to the
  // 1-based physical line where the record starts. Returns true on a record; false at
  // the end of the text (with *error empty) or on malformed input: then *error says
  // what and *line is the line of the problem (a quote inside an unquoted field, text
  // after a closing quote, or a quote never closed: the line where it opened). After
  // an error the reader stays at the end.
  bool Next(std::vector<std::string>* fields, int* line, std::string* error);

 private:
  enum class FieldEnd { kComma, kRecord, kError };

  FieldEnd ReadUnquoted(std::string* field, std::string* error);
  FieldEnd ReadQuoted(std::string* field, std::string* error);
  // After a field: consumes ',' or a line break, or reports the end of the text.
  FieldEnd ConsumeSeparator();
  bool AtLineBreak() const;
  void ConsumeLineBreak();

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// Reads date cells as instants. Accepted, in this order: RFC 3339 with `Z` or an offset
// (always); then either the strftime-style `format` or, when it is empty, ISO local
// forms YYYY-MM-DD, YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with an optional offset.
// Conversions: %Y (1-4 digits) %y (69-99 -> 19xx) %m %d %e %H %I %M (1-2 digits) %S
// (with an optional .fraction) %b %B %h (English month name or its first three
// letters) %a %A (weekday, ignored) %p (AM/PM, makes %I 12-hour) %z (Z, +hh, +hhmm,
// +hh:mm) %F %T %R %%; white space matches any run of spaces or tabs; other characters
// match themselves; the whole cell must be consumed.
// A date without a time is local midnight in the zone (TimeZone::StartOfDay); a
// date-time without an offset is local wall time (TimeZone::LocalToInstant).
// Copyable; Read is const and thread-compatible.
class CsvDateReader {
 public:
  // `timezone`: IANA name, empty for UTC. InvalidArgument for an unknown zone, an
  // unsupported conversion, or a format without year, month and day.
  static Result<CsvDateReader> Create(std::string_view format, std::string_view timezone);

  // The instant, or nullopt when the cell matches no accepted form or is not a real
  // date or time of day (02/30, 25:00).
  std::optional<Millis> Read(std::string_view cell) const;

  // What a rejected cell should have looked like, e.g. "does not match --date-format %d.%m.%Y".
  const std::string& expectation() const { return expectation_; }

 private:
  CsvDateReader(TimeZone zone, std::vector<std::string> formats, std::string expectation)
      : zone_(std::move(zone)),
        formats_(std::move(formats)),
        expectation_(std::move(expectation)) {}

  TimeZone zone_;
  std::vector<std::string> formats_;  // conversions %F %T %R already spelled out
  std::string expectation_;
};

}  // namespace packprod

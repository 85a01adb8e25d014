// CSV order import (docs/cli.md "CSV import", "Import details"): CSV text with a header row,
// one row per order line, turned into order objects in docs/api.md's import shape. Pure: no
// file access; the caller decodes the file to UTF-8 and validates every order object
// afterwards (money, e-mail, quantity rules are the validator's, not this module's).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"

namespace packprod {

struct CsvOptions {
  // --map field=Header pairs. A field is one of orderReference, createdAt, status,
  // email, name, company, phone, code, productName, quantity, unitPrice, lineTotal,
  // total, shipping, tax; a mapping overrides the column of that name.
  std::vector<std::pair<std::string, std::string>> map;
  // strftime-style format of createdAt cells, e.g. "%m/%d/%Y" (CsvDateReader in
  // domain/csv.h lists the conversions). Empty: RFC 3339 or ISO YYYY-MM-DD[ HH:MM[:SS]].
  std::string date_format;
  // IANA zone placing dates and date-times without an offset. Empty: UTC.
  std::string timezone;
  // Round money cells with more than two decimals to the cent, half away from zero.
  bool round_money = false;
  // The client's currency: accepted as a money prefix ("AUD 24.70") when summing.
  std::string currency = "AUD";
};

// One order object, in file order of its first row.
struct CsvOrder {
  boost::json::object order;
  int line = 0;                 // physical line of the order's first row (header = 1)
  std::vector<int> item_lines;  // line of the row behind order["items"][i]
};

// An order (or a row without orderReference) that could not be put into the order shape.
struct CsvRejected {
  int line = 0;  // the row at fault
  std::string reason;
  std::string reference;  // empty for a row without orderReference
};

struct CsvResult {
  std::vector<CsvOrder> orders;
  std::vector<CsvRejected> rejected;
};

// Turns CSV text (a header row, then one row per order line; a leading BOM is ignored)
// into order objects. Columns are found by header name (trimmed, ASCII case ignored) or
// by options.map. Cells are trimmed of spaces and tabs. Rows are grouped by
// orderReference (orders in order of first appearance; rows of one order need not be
// adjacent). Order-level fields (createdAt, status, customer, total, shipping, tax)
// come from the order's first row; every row with a non-empty code adds an item {code,
// name, quantity, unitPrice, lineTotal}. Empty (or all-blank) cells are absent fields;
// all-empty rows are skipped. createdAt is emitted as RFC 3339 UTC; money cells stay
// strings as written (rounded to a 2-decimal string with round_money); quantity is a
// JSON integer when the cell is one, else the cell text. When the first row has no
// total, the total is the sum of the line totals (lineTotal, else quantity x unitPrice)
// plus shipping, as a 2-decimal string; it is left out when some line amount cannot be
// read (the validator then reports the item).
// An order whose createdAt cannot be read, or with a row holding more cells than the
// header, is rejected whole with that row's line.
// Errors (InvalidArgument, nothing returned): text not UTF-8, malformed CSV (with its
// line), no header, an unknown --map field or header, a required column missing
// (orderReference, createdAt, email, and total unless code with lineTotal or
// quantity+unitPrice), an unsupported date_format or an unknown timezone.
Result<CsvResult> CsvToOrders(std::string_view utf8_text, const CsvOptions& options);

// For JSON Lines import with --round-money: rounds the money fields subtotal, shipping,
// tax, total, items[].unitPrice and items[].lineTotal that have more than two decimals
// to the cent, half away from zero, decimal-exact. A JSON number becomes a number
// (exact, at most two decimals); a money string becomes a plain "1234.57" string.
// Values that are not valid money (negative, malformed, wrong type) are left for the
// validator to reject.
void RoundMoneyFields(boost::json::object& order, std::string_view currency = "AUD");

}  // namespace packprod

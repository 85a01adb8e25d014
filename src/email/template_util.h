// Helpers shared by the order templates (internal to src/email).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"
#include "email/mime.h"

namespace packprod::email::internal {

std::string AsciiLower(std::string_view s);
bool IContains(std::string_view hay, std::string_view needle);
bool IStartsWith(std::string_view s, std::string_view prefix);
std::string Trim(std::string_view s);
// The trimmed text of `re`'s capture `group` at its first match in `s`; "" without one.
std::string Search(const std::string& s, const std::regex& re, int group = 1);

// "Key: value" (or "Key:<tab>value"): the key, lower-cased with spaces collapsed, when it
// is 1-30 letters, spaces or hyphens; and the trimmed value (tabs become spaces).
struct KeyValue {
  std::string key, value;
};
std::optional<KeyValue> SplitKeyValue(std::string_view line);

// The first money amount in `s`: an optional prefix ("$", "A$", "US$", "AUD "), digits
// with ',' groups and an optional fraction. A three-letter code right after it ("$70.40
// AUD") goes to *currency_after when given. nullopt when there is no digit run.
std::optional<std::string> MoneyToken(std::string_view s, std::string* currency_after = nullptr);
// The whole line is one money amount.
bool IsMoneyLine(std::string_view s);

// A quantity: an integer JSON number when all digits (at most 9), else the text itself
// (the import then reports it).
boost::json::value Quantity(std::string_view s);

// Sets obj[key] = value when value is non-empty.
void SetIf(boost::json::object& obj, const char* key, const std::string& value);

// The message's Date header as RFC 3339 UTC ("" when absent).
std::string HeaderDate(const EmailMessage& m);

// Splits "Product name (#SKU)" into name and code (code empty when there is none).
void SplitSku(std::string_view s, std::string* name, std::string* code);

// A line's tab-separated cells.
std::vector<std::string> Cells(const std::string& line);

// A labelled row of a totals table: "Label:<tab>value", "Label<tab>value" or
// "Label: value". The label is lower-cased, its trailing colon dropped; nullopt when the
// line has no label of 1-60 characters starting with a letter.
struct Row {
  std::string label, value;
};
std::optional<Row> LabelledRow(const std::string& line);

// Fills subtotal, discount, shipping, tax or total (and currency from "$335.04 AUD") of
// `order` from a totals row, the first of each kind counting ("Free" shipping is $0.00;
// "(includes $x GST)" in the total is the tax). Returns the field set ("" if none).
std::string ReadTotalsRow(const Row& row, boost::json::object& order);

bool LooksLikeEmail(const std::string& s);
bool LooksLikePhone(const std::string& s);

// Whether an HTML body ends before its closing </html> (a message cut off in transit).
bool HtmlCutOff(const EmailMessage& m);

// The templates (one file each). `lines` are BodyLines(m). Each returns the order object
// it read and adds to *problems what makes the message untrustworthy (cut off, its parts
// disagree). `zone` is the shop's IANA zone, for layouts that print a local time without
// a year or zone ("" reads such times in the Date header's offset).
boost::json::object ReadWooCommerce(const EmailMessage& m, const std::vector<std::string>& lines,
                                    std::vector<Detail>* problems);
boost::json::object ReadShopify(const EmailMessage& m, const std::vector<std::string>& lines,
                                const std::string& zone, std::vector<Detail>* problems);
boost::json::object ReadPlain(const EmailMessage& m, const std::vector<std::string>& lines);
// Whether the lines look like each layout (structure and markers, not the sender).
bool LooksWooCommerce(const EmailMessage& m, const std::vector<std::string>& lines);
bool LooksShopify(const std::vector<std::string>& lines);
// Whether the lines look like the plain format: an "Email:" line and a "Total:" or
// "Item:" line.
bool LooksPlain(const std::vector<std::string>& lines);

}  // namespace packprod::email::internal

// The text an order template reads: an HTML body turned into lines (block elements end a
// line, table cells are separated by a tab) or a plain-text body, normalised.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "email/mime.h"

namespace packprod::email {

// HTML to text: <head>, <style>, <script>, <title> and comments are dropped; white space
// in the source is a space; <br> and the open or close tag of p, div, tr, table, thead,
// tbody, tfoot, h1-h6, li, ul, ol, address end a line; </td> and </th> add a tab; other
// tags vanish. Character references (named ones common in shop mail, and numeric) are
// decoded; &nbsp; is a space.
std::string HtmlToText(std::string_view html);

// Splits into lines; in each, cells (split on tabs) get runs of white space (also
// U+00A0) collapsed to one space and are trimmed; empty cells and empty lines are dropped;
// cells are joined again with one tab. Lines longer than kMaxLineBytes (no order data is)
// are dropped, which bounds the work of the templates' patterns.
inline constexpr std::size_t kMaxLineBytes = 4000;
std::vector<std::string> NormaliseLines(std::string_view text);

// The lines of a message: its HTML body when it has one, else its text body.
std::vector<std::string> BodyLines(const EmailMessage& m);

}  // namespace packprod::email

// Unicode text rules shared by import and search: e-mail normalisation, case folding,
// lengths in code points. Input is valid UTF-8 (the JSON parser guarantees it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace packprod {

// Number of Unicode code points.
std::size_t CodePoints(std::string_view utf8);

// Lower case with Unicode simple case mapping (one code point to one).
std::string FoldCase(std::string_view utf8);

// Strips leading and trailing Unicode white space.
std::string_view TrimSpace(std::string_view utf8);

// An e-mail as stored and compared: trimmed, folded.
inline std::string NormaliseEmail(std::string_view email) { return FoldCase(TrimSpace(email)); }

}  // namespace packprod

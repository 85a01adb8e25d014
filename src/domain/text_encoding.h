// Byte-level text encodings for imported files: legacy single-byte encodings to UTF-8,
// UTF-8 validation and the byte-order mark. Pure functions; no allocation beyond the
// returned string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace packprod {

// ISO-8859-1: every byte is the code point of the same value. Never fails.
std::string Latin1ToUtf8(std::string_view bytes);

// Windows-1252: as Latin-1 except 0x80-0x9F, which map to the cp1252 table (euro sign,
// curly quotes, dashes, ...). The five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F,
// 0x90, 0x9D) become U+FFFD. Never fails.
std::string Cp1252ToUtf8(std::string_view bytes);

// True when `bytes` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates,
// nothing above U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view bytes);

// Offset of the first byte that does not start a well-formed UTF-8 sequence, or
// std::string_view::npos when `bytes` is valid UTF-8.
std::size_t FindInvalidUtf8(std::string_view bytes);

// `text` without a leading UTF-8 byte-order mark (EF BB BF), if it has one. The result
// views the same memory as `text`.
std::string_view StripUtf8Bom(std::string_view text);

}  // namespace packprod

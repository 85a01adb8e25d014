// LEB128 varints and zigzag signed integers: the compact encodings of the views' per-row
// sets (day_multiset.h, quantity_multiset.h). The bytes are a compatibility promise:
// stored rows are read back by later versions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace packprod::varint {

// Appends `v`, 7 bits per byte, least significant first, high bit set on all but the last.
void Put(std::string& out, std::uint64_t v);
// Reads one varint from the front of `in` (advancing it). False when `in` ends inside it
// or it does not fit 64 bits.
bool Get(std::string_view& in, std::uint64_t* v);

inline std::uint64_t ZigZag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t UnZigZag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

}  // namespace packprod::varint

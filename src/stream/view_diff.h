// The one comparison verify makes of a keyed view table: every key whose value differs
// between the views and the recomputation from the orders (an absent key is "no row"),
// as "<table> <key>: views <value>, orders <value>". Used only by src/stream.
#pragma once

#include <fmt/core.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace packprod::stream {

template <typename K, typename V, typename KeyText, typename ValueText>
void DiffKeyed(std::vector<std::string>& out, const char* table, const std::map<K, V>& view,
               const std::map<K, V>& want, KeyText key_text, ValueText value_text) {
  std::set<K> keys;
  for (const auto& [k, v] : view) keys.insert(k);
  for (const auto& [k, v] : want) keys.insert(k);
  for (const K& k : keys) {
    auto a = view.find(k);
    auto b = want.find(k);
    if (a != view.end() && b != want.end() && a->second == b->second) continue;
    out.push_back(fmt::format("{} {}: views {}, orders {}", table, key_text(k),
                              a == view.end() ? "no row" : value_text(a->second),
                              b == want.end() ? "no row" : value_text(b->second)));
  }
}

}  // namespace packprod::stream

#include "store/sql/customer_matches.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace packprod::store::sql {
namespace {

// A row's position in the listing: whether its sort key is null, the key (an integer, or
// the folded name for the name sort), its contact_id.
struct Position {
  bool null_key = false;
  std::int64_t int_key = 0;
  const std::string* str_key = nullptr;  // the name sort only
  const std::string* id = nullptr;
};

Position PositionOf(const CustomerMatch& m, CustomerSort sort) {
  Position p;
  p.id = &m.contact_id;
  p.null_key = m.null_key;
  if (sort == CustomerSort::kName) {
    if (!m.null_key) p.str_key = &m.str_key;
  } else {
    p.int_key = m.int_key;
  }
  return p;
}

// The cursor as a position (only the key of the sort's type counts, as in SQL).
Position PositionOf(const ListCursor& c, CustomerSort sort) {
  Position p;
  p.null_key = c.null_key;
  p.id = &c.id;
  if (sort == CustomerSort::kName) {
    p.str_key = &c.str_key;
  } else {
    p.int_key = c.int_key;
  }
  return p;
}

// Whether a is listed before b.
bool Before(const Position& a, const Position& b, bool desc) {
  if (a.null_key != b.null_key) return b.null_key;
  if (!a.null_key) {
    int c = 0;
    if (a.str_key && b.str_key) {
      c = a.str_key->compare(*b.str_key);
    } else if (a.int_key != b.int_key) {
      c = a.int_key < b.int_key ? -1 : 1;
    }
    if (c != 0) return desc ? c > 0 : c < 0;
  }
  return *a.id < *b.id;
}

}  // namespace

MatchPage PageOfMatches(const std::vector<CustomerMatch>& matches, const CustomerViewQuery& v) {
  MatchPage page;
  page.total = static_cast<std::int64_t>(matches.size());
  std::vector<Position> listed;
  listed.reserve(matches.size());
  std::optional<Position> after;
  if (v.after) after = PositionOf(*v.after, v.sort);
  for (const CustomerMatch& m : matches) {
    Position p = PositionOf(m, v.sort);
    if (!after || Before(*after, p, v.desc)) listed.push_back(p);
  }
  const size_t want = std::min(listed.size(), static_cast<size_t>(std::max(v.limit, 0)) + 1);
  std::partial_sort(listed.begin(), listed.begin() + static_cast<std::ptrdiff_t>(want),
                    listed.end(), [&](const Position& a, const Position& b) {
                      return Before(a, b, v.desc);
                    });
  for (size_t i = 0; i < want; ++i) {
    if (static_cast<int>(page.ids.size()) == v.limit) {
      page.more = true;
      break;
    }
    page.ids.push_back(*listed[i].id);
  }
  return page;
}

}  // namespace packprod::store::sql

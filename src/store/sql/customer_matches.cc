#include "store/sql/customer_matches.h"

#include <algorithm>
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
  p.id = &m.row.contact_id;
  auto opt = [&](const std::optional<Millis>& t) {
    p.null_key = !t;
    p.int_key = t.value_or(0);
  };
  switch (sort) {
    case CustomerSort::kTotalSpend: p.int_key = m.row.total_spend; break;
    case CustomerSort::kOrderCount: p.int_key = m.row.order_count; break;
    case CustomerSort::kLastOrderDate: opt(m.row.last_order); break;
    case CustomerSort::kFirstOrderDate: opt(m.row.first_order); break;
    case CustomerSort::kName:
      p.null_key = !m.name_folded;
      if (m.name_folded) p.str_key = &*m.name_folded;
      break;
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

CustomerViewPage PageOfMatches(std::vector<CustomerMatch> matches, const CustomerViewQuery& v) {
  CustomerViewPage page;
  page.total = static_cast<std::int64_t>(matches.size());
  std::vector<std::pair<Position, size_t>> listed;
  listed.reserve(matches.size());
  std::optional<Position> after;
  if (v.after) after = PositionOf(*v.after, v.sort);
  for (size_t i = 0; i < matches.size(); ++i) {
    Position p = PositionOf(matches[i], v.sort);
    if (!after || Before(*after, p, v.desc)) listed.emplace_back(p, i);
  }
  const size_t want = std::min(listed.size(), static_cast<size_t>(std::max(v.limit, 0)) + 1);
  std::partial_sort(listed.begin(), listed.begin() + static_cast<std::ptrdiff_t>(want),
                    listed.end(), [&](const auto& a, const auto& b) {
                      return Before(a.first, b.first, v.desc);
                    });
  for (size_t i = 0; i < want; ++i) {
    if (static_cast<int>(page.items.size()) == v.limit) {
      page.more = true;
      break;
    }
    page.items.push_back(std::move(matches[listed[i].second].row));
  }
  return page;
}

}  // namespace packprod::store::sql

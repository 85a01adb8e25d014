// The read side of customer_metrics, product_totals and the roll-ups over sql::Session:
// row mappers, the customer listing and its segment counts, product totals, and the
// day roll-ups of a period.
#include "store/sql/view_queries.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "domain/text.h"
#include "store/sql/customer_matches.h"
#include "store/view_sql.h"

namespace packprod::store::sql {
namespace {

// Matches of a search up to which a listing reads their sort keys and pages them in
// memory (PageOfFewMatches).
constexpr std::int64_t kFewMatches = 10000;

// SQLite's index of customer_metrics by search_rowid that covers the listing's sort keys,
// its segment conditions and search_text: a search's matches are joined, tested, counted
// and ranked from its entries alone.
constexpr std::string_view kSearchKeysIndex = "customer_metrics_search_keys";

// Whether Filters narrows by SQLite's trigram index (a search of three or more characters).
bool UsesSearchIndex(Engine e, const CustomerViewQuery& v) {
  return e == Engine::kSqlite && !v.search.empty() && CodePoints(v.search) >= 3;
}

// Whether a search narrows by a trigram index on its engine (SQLite's FTS5 table,
// PostgreSQL's pg_trgm GIN index): three or more characters.
bool SearchesByTrigrams(const CustomerViewQuery& v) {
  return !v.search.empty() && CodePoints(v.search) >= 3;
}

// WHERE conditions of a customer listing, without the cursor. The search is the one
// place the engines differ: SQLite narrows by its FTS5 trigram table first, joining its
// matches (of every client) by rowid through kSearchKeysIndex (client_id, search_rowid,
// ...), so no match's FTS5 content row is read; the exact substring test on search_text
// follows. PostgreSQL's pg_trgm GIN index over search_text answers the LIKE
// itself.
void Filters(Engine e, Query& q, const std::string& client, const CustomerViewQuery& v) {
  q.Sql(" WHERE client_id = ").Text(client);
  if (UsesSearchIndex(e, v)) {
    std::string phrase = "\"";
    for (char c : v.search) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
    phrase += "\"";
    q.Sql(" AND search_rowid IN (SELECT rowid FROM customer_search WHERE "
          "customer_search MATCH ")
        .Text(phrase)
        .Sql(")");
  }
  if (!v.search.empty()) AppendContains(q, e, "search_text", v.search);
  AppendSegmentFilter(q, v);
}

// Appends up to `want` rows of one part of the listing (the non-null keys, or the
// null ones, which always come last).
Status ReadPart(Session& s, const std::string& client, const CustomerViewQuery& v,
                bool null_part, int want, std::vector<CustomerAggregate>* out) {
  Query q;
  q.Sql("SELECT ").Sql(kCustomerViewCols).Sql(" FROM customer_metrics");
  Filters(s.engine(), q, client, v);
  AppendCustomerPart(q, v, null_part, want);
  return s.Query(q, [&](const Row& r) {
    out->push_back(CustomerFromRow(r));
    return Status::Ok();
  });
}

// A search through a trigram index whose matches are few (at most kFewMatches): one
// statement reads every match's contact_id and sort key (on SQLite from the index
// kSearchKeysIndex alone, no table row), the total and the page's ids come from memory
// (PageOfMatches, the SQL listing order), and a second statement reads the page's rows by
// key. nullopt: more matches than that; the caller counts them and pages in SQL along the
// sort index.
Result<std::optional<CustomerViewPage>> PageOfFewMatches(Session& s, const std::string& client,
                                                         const CustomerViewQuery& v) {
  using Out = std::optional<CustomerViewPage>;
  const bool by_name = v.sort == CustomerSort::kName;
  Query q;
  q.Sql("SELECT contact_id, ").Sql(CustomerSortColumn(v.sort)).Sql(" FROM customer_metrics");
  if (UsesSearchIndex(s.engine(), v)) q.Sql(s.IndexedBy(kSearchKeysIndex));
  Filters(s.engine(), q, client, v);
  q.Sql(" LIMIT ").Int(kFewMatches + 1);
  std::vector<CustomerMatch> matches;
  PP_RETURN_IF_ERROR(s.Query(q, [&](const Row& r) {
    CustomerMatch m;
    m.contact_id = r.Text(0);
    m.null_key = r.IsNull(1);
    if (!m.null_key && by_name) m.str_key = r.Text(1);
    if (!m.null_key && !by_name) m.int_key = r.Int(1);
    matches.push_back(std::move(m));
    return Status::Ok();
  }));
  if (static_cast<std::int64_t>(matches.size()) > kFewMatches) return Out();
  const MatchPage ids = PageOfMatches(matches, v);
  CustomerViewPage page;
  page.total = ids.total;
  page.more = ids.more;
  if (ids.ids.empty()) return Out(std::move(page));
  Query rows;
  rows.Sql("SELECT ")
      .Sql(kCustomerViewCols)
      .Sql(" FROM customer_metrics WHERE client_id = ")
      .Text(client)
      .Sql(" AND contact_id IN (");
  for (std::size_t i = 0; i < ids.ids.size(); ++i) rows.Sql(i ? ", " : "").Text(ids.ids[i]);
  rows.Sql(")");
  std::map<std::string, CustomerAggregate, std::less<>> by_id;
  PP_RETURN_IF_ERROR(s.Query(rows, [&](const Row& r) {
    CustomerAggregate c = CustomerFromRow(r);
    std::string id = c.contact_id;
    by_id.emplace(std::move(id), std::move(c));
    return Status::Ok();
  }));
  for (const std::string& id : ids.ids) {
    auto it = by_id.find(id);
    // The rows were read in the same snapshot as their keys.
    if (it == by_id.end()) return Status::Internal("customer row " + id + " vanished mid-read");
    page.items.push_back(std::move(it->second));
  }
  return Out(std::move(page));
}

Status OneInt(Session& s, const Query& q, std::int64_t* out) {
  return s.Query(q, [&](const Row& r) {
    *out = r.Int(0);
    return Status::Ok();
  });
}

}  // namespace

CustomerAggregate CustomerFromRow(const Row& r) {
  CustomerAggregate c;
  c.contact_id = r.Text(0);
  c.email = r.Text(1);
  c.name = r.OptText(2);
  c.company = r.OptText(3);
  c.order_count = r.Int(4);
  c.total_spend = r.Int(5);
  c.first_order = r.OptInt(6);
  c.last_order = r.OptInt(7);
  c.last_order_reference = r.OptText(8);
  c.last_updated = r.Int(9);
  return c;
}

ProductView ProductViewFromRow(const Row& r) {
  ProductView v;
  ProductAggregate& p = v.totals;
  p.code = r.Text(0);
  p.name = r.OptText(1);
  v.name_at = r.OptInt(2);
  v.name_ref = r.OptText(3);
  p.units = r.Int(4);
  p.revenue = r.Int(5);
  p.orders = r.Int(6);
  p.customers = r.Int(7);
  p.first_ordered = r.OptInt(8);
  p.last_ordered = r.OptInt(9);
  return v;
}

Result<std::optional<CustomerViewPage>> QueryCustomerPageAlone(Session& s,
                                                               const std::string& client,
                                                               const CustomerViewQuery& v) {
  using Out = std::optional<CustomerViewPage>;
  if (!v.search.empty() || !v.segments.empty() || CustomerSortNullable(v.sort)) return Out();
  // The kept count rides along on every row (a scalar subquery, read once). One plan
  // whatever the values, the sort's index (PostgreSQL planned it each time in twice the
  // time it ran): planned once per connection.
  CustomerViewPage page;
  Query q;
  q.Sql(kGenericPlan)
      .Sql("SELECT ")
      .Sql(kCustomerViewCols)
      .Sql(", (SELECT customers FROM customer_counts WHERE client_id = ")
      .Text(client)
      .Sql(") FROM customer_metrics");
  Filters(s.engine(), q, client, v);
  AppendCustomerPart(q, v, false, v.limit + 1);
  PP_RETURN_IF_ERROR(s.Query(q, [&](const Row& r) {
    if (static_cast<int>(page.items.size()) == v.limit) {
      page.more = true;
      return StopRows();
    }
    page.total = r.Int(10);
    page.items.push_back(CustomerFromRow(r));
    return Status::Ok();
  }));
  if (page.items.empty()) return Out();
  return Out(std::move(page));
}

Result<CustomerViewPage> QueryCustomerViews(Session& s, const std::string& client,
                                            const CustomerViewQuery& v) {
  if (SearchesByTrigrams(v)) {
    PP_ASSIGN_OR_RETURN(std::optional<CustomerViewPage> few, PageOfFewMatches(s, client, v));
    if (few) return std::move(*few);
  }
  CustomerViewPage page;
  Query count;
  if (v.search.empty() && v.segments.empty()) {
    // Every customer: the count kept beside the rows, not a count over them.
    count.Sql("SELECT customers FROM customer_counts WHERE client_id = ").Text(client);
  } else {
    count.Sql("SELECT COUNT(*) FROM customer_metrics");
    // Many search matches: still counted by key (without statistics SQLite's planner
    // would read every row of the client and test each against the matches).
    if (UsesSearchIndex(s.engine(), v)) count.Sql(s.IndexedBy(kSearchKeysIndex));
    Filters(s.engine(), count, client, v);
  }
  PP_RETURN_IF_ERROR(OneInt(s, count, &page.total));
  const int want = v.limit + 1;  // one more tells whether a page follows
  const bool in_null_part = v.after && v.after->null_key;
  if (!in_null_part) {
    PP_RETURN_IF_ERROR(ReadPart(s, client, v, false, want, &page.items));
  }
  if (CustomerSortNullable(v.sort) && static_cast<int>(page.items.size()) < want) {
    PP_RETURN_IF_ERROR(ReadPart(s, client, v, true, want - static_cast<int>(page.items.size()),
                                &page.items));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(static_cast<size_t>(v.limit));
    page.more = true;
  }
  return page;
}

Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Session& s, const std::string& client,
                                                       const SegmentBounds& b) {
  // From the kept per-day counts when they can answer (a few hundred rows).
  PP_ASSIGN_OR_RETURN(auto kept, QueryKeptSegmentCounts(s, client, b));
  if (kept) return *kept;
  std::array<std::int64_t, 4> out{};
  const Segment order[] = {Segment::kVip, Segment::kActive, Segment::kNew, Segment::kDormant};
  // One pass over the client's rows, all four counts at once.
  Query q;
  q.Sql("SELECT ");
  for (int i = 0; i < 4; ++i) {
    q.Sql(i ? ", " : "").Sql("COALESCE(SUM(CASE WHEN ");
    AppendSegmentCondition(q, order[i], b);
    q.Sql(" THEN 1 ELSE 0 END), 0)");
  }
  q.Sql(" FROM customer_metrics WHERE client_id = ").Text(client);
  PP_RETURN_IF_ERROR(s.Query(q, [&](const Row& r) {
    for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = r.Int(i);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<ProductAggregate>> QueryProductTotals(Session& s, const std::string& client) {
  return s.QueryAll<ProductAggregate>(
      "SELECT code, name, units, revenue, orders, customers, first_ordered, last_ordered "
      "FROM product_totals WHERE client_id = ?",
      {client}, [](const Row& r) -> Result<ProductAggregate> {
        ProductAggregate p;
        p.code = r.Text(0);
        p.name = r.OptText(1);
        p.units = r.Int(2);
        p.revenue = r.Int(3);
        p.orders = r.Int(4);
        p.customers = r.Int(5);
        p.first_ordered = r.OptInt(6);
        p.last_ordered = r.OptInt(7);
        return p;
      });
}

Result<DayRollups> QueryDayRollups(Session& s, const std::string& client, DayNumber from,
                                   DayNumber to, int parts) {
  DayRollups out;
  const Args range = {client, std::int64_t{from}, std::int64_t{to}};
  if (parts & kSalesRollup) {
    PP_RETURN_IF_ERROR(s.Query(
        "SELECT day, orders, revenue, units FROM sales_daily WHERE client_id = ? AND day "
        "BETWEEN ? AND ?",
        range, [&](const Row& r) {
          out.sales.push_back(
              SalesDayRow{static_cast<DayNumber>(r.Int(0)), r.Int(1), r.Int(2), r.Int(3)});
          return Status::Ok();
        }));
  }
  if (parts & kProductRollup) {
    PP_RETURN_IF_ERROR(s.Query(
        "SELECT day, code, units, revenue, orders FROM product_daily WHERE client_id = ? AND "
        "day BETWEEN ? AND ?",
        range, [&](const Row& r) {
          out.products.push_back(ProductDayRow{static_cast<DayNumber>(r.Int(0)), r.Text(1),
                                               r.Int(2), r.Int(3), r.Int(4)});
          return Status::Ok();
        }));
  }
  if (parts & kProductRangeRollup) {
    PP_ASSIGN_OR_RETURN(std::vector<ProductAggregate> sums,
                        QueryProductRange(s, client, from, to));
    for (ProductAggregate& p : sums) {
      out.products.push_back(ProductDayRow{from, std::move(p.code), p.units, p.revenue, p.orders});
    }
  }
  if (parts & kDayCustomersRollup) {
    PP_RETURN_IF_ERROR(ReadDayCustomerRows(s, client, from, to, &out.day_customers));
  }
  return out;
}

namespace {

// contact_days rows summed per contact as they stream by, with no allocation per row: each
// contact's id is copied once into one buffer, and an open-addressing table (linear
// probing, a power of two of slots, at most half full) of indexes into the contacts finds
// a row's contact by its id's hash. A 30-day overview at 1,000,000 orders sums 42,000 rows
// of 19,000 contacts; a string per row kept in a vector and then summed in a map keyed by
// views of them spent more time in malloc, free and the map than SQLite spent reading.
// The buffers (about 1.6 MB there) are kept per thread between calls, cleared rather than
// freed, up to kKeepBytes: memory fresh from the system costs a page fault per 4 KiB
// touched, which was a tenth of the request while the buffers grew anew each time.
class ContactRowSums {
 public:
  ContactRowSums() : b_(Claim()) {
    b_.slots.assign(kFirstSlots, kEmpty);
    b_.contacts.clear();
    b_.ids.clear();
  }
  ~ContactRowSums() {
    const std::size_t bytes = b_.slots.capacity() * sizeof(std::uint32_t) +
                              b_.contacts.capacity() * sizeof(Contact) + b_.ids.capacity();
    if (bytes > kKeepBytes) b_ = Buffers{};
    if (&b_ == &Kept()) KeptInUse() = false;
  }
  ContactRowSums(const ContactRowSums&) = delete;
  ContactRowSums& operator=(const ContactRowSums&) = delete;

  void Add(std::string_view id, std::int64_t orders, Cents revenue) {
    const std::size_t hash = std::hash<std::string_view>{}(id);
    const std::size_t mask = b_.slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t at = b_.slots[i];
      if (at == kEmpty) {
        b_.slots[i] = static_cast<std::uint32_t>(b_.contacts.size());
        b_.contacts.push_back(Contact{hash, b_.ids.size(), id.size(), revenue, orders});
        b_.ids.append(id);
        if (b_.contacts.size() * 2 > b_.slots.size()) Grow();
        return;
      }
      Contact& c = b_.contacts[at];
      if (c.hash == hash && Id(c) == id) {
        c.revenue += revenue;
        c.orders += orders;
        return;
      }
    }
  }

  // At most `k` contacts by revenue desc, contactID asc.
  std::vector<ContactSum> Top(std::size_t k) const {
    const std::vector<Contact>& contacts = b_.contacts;
    std::vector<std::uint32_t> ranked(contacts.size());
    for (std::uint32_t i = 0; i < ranked.size(); ++i) ranked[i] = i;
    const std::size_t keep = std::min(k, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                      ranked.end(), [&](std::uint32_t a, std::uint32_t b) {
                        const Contact& x = contacts[a];
                        const Contact& y = contacts[b];
                        if (x.revenue != y.revenue) return x.revenue > y.revenue;
                        return Id(x) < Id(y);
                      });
    std::vector<ContactSum> out(keep);
    for (std::size_t i = 0; i < keep; ++i) {
      const Contact& c = contacts[ranked[i]];
      out[i].contact_id = std::string(Id(c));
      out[i].revenue = c.revenue;
      out[i].orders = c.orders;
    }
    return out;
  }

 private:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  static constexpr std::size_t kFirstSlots = std::size_t{1} << 12;
  static constexpr std::size_t kKeepBytes = std::size_t{4} << 20;
  struct Contact {
    std::size_t hash;
    std::size_t offset;  // of its id in ids
    std::size_t size;
    Cents revenue;
    std::int64_t orders;
  };
  struct Buffers {
    std::vector<std::uint32_t> slots;
    std::vector<Contact> contacts;
    std::string ids;
  };

  static Buffers& Kept() {
    thread_local Buffers kept;
    return kept;
  }
  static bool& KeptInUse() {
    thread_local bool in_use = false;
    return in_use;
  }
  // The thread's kept buffers, or (should a sum ever run inside another on one thread) an
  // instance's own.
  Buffers& Claim() {
    if (KeptInUse()) return own_;
    KeptInUse() = true;
    return Kept();
  }

  std::string_view Id(const Contact& c) const {
    return std::string_view(b_.ids).substr(c.offset, c.size);
  }

  void Grow() {
    b_.slots.assign(b_.slots.size() * 2, kEmpty);
    const std::size_t mask = b_.slots.size() - 1;
    for (std::uint32_t at = 0; at < b_.contacts.size(); ++at) {
      std::size_t i = b_.contacts[at].hash & mask;
      while (b_.slots[i] != kEmpty) i = (i + 1) & mask;
      b_.slots[i] = at;
    }
  }

  Buffers own_;
  Buffers& b_;
};

}  // namespace

Result<std::vector<ContactSum>> QueryTopContacts(Session& s, const std::string& client,
                                                 DayNumber from, DayNumber to, std::size_t k) {
  ContactRowSums sums;
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT contact_id, orders, revenue FROM contact_days WHERE client_id = ? AND day "
      "BETWEEN ? AND ?",
      {client, std::int64_t{from}, std::int64_t{to}}, [&](const Row& r) {
        sums.Add(r.TextView(0), r.Int(1), r.Int(2));
        return Status::Ok();
      }));
  std::vector<ContactSum> top = sums.Top(k);
  if (top.empty()) return top;
  std::string text = std::string(kGenericPlan) +
                     "SELECT contact_id, name, email FROM customer_metrics WHERE client_id = ? "
                     "AND contact_id IN (?";
  Args args = {client, top[0].contact_id};
  for (std::size_t i = 1; i < top.size(); ++i) {
    text += ", ?";
    args.emplace_back(top[i].contact_id);
  }
  text += ")";
  PP_RETURN_IF_ERROR(s.Query(text, args, [&](const Row& r) {
    const std::string id = r.Text(0);
    for (ContactSum& c : top) {
      if (c.contact_id != id) continue;
      c.name = r.OptText(1);
      c.email = r.Text(2);
    }
    return Status::Ok();
  }));
  return top;
}

Result<std::int64_t> QueryFirstOrders(Session& s, const std::string& client, Millis from,
                                      Millis to) {
  Query q;
  q.Sql("SELECT COUNT(*) FROM customer_metrics WHERE client_id = ")
      .Text(client)
      .Sql(" AND first_order >= ")
      .Int(from)
      .Sql(" AND first_order < ")
      .Int(to);
  std::int64_t n = 0;
  PP_RETURN_IF_ERROR(OneInt(s, q, &n));
  return n;
}

Status ReadRollUps(Session& s, const std::string& client, RollUps* r) {
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT day, orders, revenue, units FROM sales_daily WHERE client_id = ?", {client},
      [&](const Row& row) {
        r->sales[static_cast<DayNumber>(row.Int(0))] = {row.Int(1), row.Int(2), row.Int(3)};
        return Status::Ok();
      }));
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT day, code, orders, revenue, units FROM product_daily WHERE client_id = ?",
      {client}, [&](const Row& row) {
        r->product_days[{static_cast<DayNumber>(row.Int(0)), row.Text(1)}] = {
            row.Int(2), row.Int(3), row.Int(4)};
        return Status::Ok();
      }));
  return s.Query(
      "SELECT day, contact_id, orders, revenue FROM contact_days WHERE client_id = ?", {client},
      [&](const Row& row) {
        r->contact_days[{static_cast<DayNumber>(row.Int(0)), row.Text(1)}] = {row.Int(2),
                                                                              row.Int(3)};
        return Status::Ok();
      });
}

}  // namespace packprod::store::sql

namespace packprod::store::sql {
namespace {

// Products' names (Store::FillProductNames): the name of the latest (createdAt,
// orderReference, line) line of each code that has one, any status. One statement per
// batch of codes: per code, the newest instant holding a named line (its index walked down
// from the newest line, stopping at the first named one), then the named lines of that
// instant with their orders' references (only ties there need them). Bounded in SQL, not by
// stopping a row callback: PostgreSQL sends a statement's whole result before the first
// row is seen.
Status NameBatch(Session& s, const std::string& client, const std::vector<std::string>& codes,
                 std::map<std::string, std::vector<ProductAggregate*>, std::less<>>& wanted) {
  const std::string index = s.IndexedBy("order_items_by_code");
  std::string text =
      std::string(kGenericPlan) +
      "WITH newest AS MATERIALIZED (SELECT c.column1 AS code, (SELECT j.created_at FROM "
      "order_items AS j" +
      index +
      " WHERE j.client_id = ? AND j.code = c.column1 AND j.name <> '' ORDER BY j.created_at "
      "DESC LIMIT 1) AS at FROM (VALUES (?)";
  for (std::size_t i = 1; i < codes.size(); ++i) text += ", (?)";
  text += ") AS c) SELECT newest.code, i.name, o.reference, i.line_no FROM newest "
          "JOIN order_items AS i" +
          index +
          " ON i.client_id = ? AND i.code = newest.code AND i.created_at = newest.at AND "
          "i.name <> '' LEFT JOIN orders AS o ON o.client_id = i.client_id AND o.order_id = "
          "i.order_id";
  Args args = {client};
  for (const std::string& code : codes) args.emplace_back(code);
  args.emplace_back(client);
  struct Best {
    std::string reference;
    std::int64_t line = 0;
  };
  std::map<std::string, Best, std::less<>> best;  // code -> the latest line's key so far
  return s.Query(text, args, [&](const Row& r) -> Status {
    std::string code = r.Text(0);
    Best key{r.Text(2), r.Int(3)};
    auto [it, fresh] = best.try_emplace(code, key);
    if (!fresh &&
        std::tie(key.reference, key.line) <= std::tie(it->second.reference, it->second.line)) {
      return Status::Ok();
    }
    it->second = std::move(key);
    auto w = wanted.find(code);
    if (w != wanted.end()) {
      for (ProductAggregate* p : w->second) p->name = r.Text(1);
    }
    return Status::Ok();
  });
}

}  // namespace

Status QueryProductPeriod(Session& s, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products) {
  for (ProductAggregate& p : *products) {
    PP_RETURN_IF_ERROR(s.Query(
        "SELECT COUNT(DISTINCT contact_id) FROM order_items WHERE client_id = ? AND code = ? "
        "AND created_at >= ? AND created_at < ? AND counted = TRUE",
        {client, p.code, from, to}, [&](const Row& r) {
          p.customers = r.Int(0);
          return Status::Ok();
        }));
  }
  return QueryProductNames(s, client, products);
}

Status QueryProductNames(Session& s, const std::string& client,
                         std::vector<ProductAggregate>* products) {
  std::map<std::string, std::vector<ProductAggregate*>, std::less<>> wanted;
  for (ProductAggregate& p : *products) {
    p.name.reset();
    wanted[p.code].push_back(&p);
  }
  std::vector<std::string> codes;
  for (const auto& [code, ps] : wanted) codes.push_back(code);
  return ForBatches(s, codes, [&](const std::vector<std::string>& batch) {
    return NameBatch(s, client, batch, wanted);
  });
}

Result<std::optional<CustomerAggregate>> GetCustomerRow(Session& s, const std::string& client,
                                                        const std::string& contact_id) {
  std::optional<CustomerAggregate> out;
  PP_RETURN_IF_ERROR(s.QueryOne(std::string(kGenericPlan) + "SELECT " + kCustomerViewCols +
                                    " FROM customer_metrics WHERE client_id = ? AND "
                                    "contact_id = ?",
                                {client, contact_id},
                                [&](const Row& r) {
                                  out = CustomerFromRow(r);
                                  return Status::Ok();
                                })
                         .status());
  return out;
}

Result<std::optional<ProductView>> GetProductRow(Session& s, const std::string& client,
                                                 const std::string& code) {
  std::optional<ProductView> out;
  PP_RETURN_IF_ERROR(s.QueryOne(std::string("SELECT ") + kProductViewCols +
                                    " FROM product_totals WHERE client_id = ? AND code = ?",
                                {client, code},
                                [&](const Row& r) {
                                  out = ProductViewFromRow(r);
                                  return Status::Ok();
                                })
                         .status());
  return out;
}

Result<std::optional<ProductAggregate>> QueryProductAndOrderCount(Session& s,
                                                                  const std::string& client,
                                                                  const std::string& code,
                                                                  std::int64_t* orders) {
  std::optional<ProductAggregate> out;
  if (orders == nullptr) {
    PP_ASSIGN_OR_RETURN(auto v, GetProductRow(s, client, code));
    if (v) out = std::move(v->totals);
    return out;
  }
  // One row whether or not the product has one: the count beside it. Two key lookups:
  // planned once per connection.
  PP_RETURN_IF_ERROR(s.Query(
      std::string(kGenericPlan) + "SELECT " + kProductViewCols +
          ", COALESCE((SELECT orders FROM product_order_counts WHERE client_id = ? AND code = "
          "?), 0) FROM (SELECT 1 AS one) x LEFT JOIN product_totals ON client_id = ? AND code "
          "= ?",
      {client, code, client, code}, [&](const Row& r) {
        if (!r.IsNull(0)) out = ProductViewFromRow(r).totals;
        *orders = r.Int(10);
        return Status::Ok();
      }));
  return out;
}

}  // namespace packprod::store::sql

#include "stream/expected_views.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "domain/day_multiset.h"
#include "stream/segment_counts.h"
#include "stream/stats_view.h"
#include "stream/view_diff.h"

namespace packprod::stream {
namespace {

std::string Show(std::int64_t v) { return std::to_string(v); }
std::string Show(const std::string& s) { return "\"" + s + "\""; }
template <typename T>
std::string Show(const std::optional<T>& v) {
  return v ? Show(*v) : std::string("null");
}

// Appends "<what>: <field>: views X, orders Y" when the values differ.
template <typename T>
void Field(std::vector<std::string>& out, const std::string& what, const char* field, const T& view,
           const T& want) {
  if (view == want) return;
  out.push_back(fmt::format("{}: {}: views {}, orders {}", what, field, Show(view), Show(want)));
}

void AddRollUps(store::RollUps& r, const Order& o, DayNumber day) {
  store::DaySums& s = r.sales[day];
  ++s.orders;
  s.revenue += o.total;
  s.units += o.Units();
  store::ContactDaySums& c = r.contact_days[{day, o.contact_id}];
  ++c.orders;
  c.revenue += o.total;
  std::set<std::string> codes;
  for (const OrderItem& item : o.items) {
    store::DaySums& p = r.product_days[{day, item.code}];
    p.units += item.quantity;
    p.revenue += item.Revenue();
    if (codes.insert(item.code).second) ++p.orders;
  }
}

void DiffCustomer(std::vector<std::string>& out, const CustomerAggregate& v,
                  const CustomerAggregate& w, const std::string& search,
                  const std::optional<std::string>& indexed) {
  const std::string what = "customer " + w.contact_id + " (" + w.email + ")";
  Field(out, what, "email", v.email, w.email);
  Field(out, what, "name", v.name, w.name);
  Field(out, what, "company", v.company, w.company);
  Field(out, what, "orderCount", v.order_count, w.order_count);
  Field(out, what, "totalSpend", v.total_spend, w.total_spend);
  Field(out, what, "firstOrderDate", v.first_order, w.first_order);
  Field(out, what, "lastOrderDate", v.last_order, w.last_order);
  Field(out, what, "lastOrderReference", v.last_order_reference, w.last_order_reference);
  const std::string want_search = store::CustomerSearchText(w);
  Field(out, what, "search_text", search, want_search);
  Field(out, what, "search index", indexed, std::optional<std::string>(want_search));
}

void DiffCustomers(std::vector<std::string>& out, const ExpectedViews& want,
                   const store::ClientViews& have) {
  std::map<std::string_view, std::size_t> stored;
  for (std::size_t i = 0; i < have.customers.size(); ++i) {
    stored[have.customers[i].contact_id] = i;
  }
  for (const CustomerAggregate& w : want.customers) {
    auto it = stored.find(w.contact_id);
    if (it == stored.end()) {
      out.push_back("customer " + w.contact_id + " (" + w.email + "): missing from the views");
      continue;
    }
    std::size_t i = it->second;
    DiffCustomer(out, have.customers[i], w, have.search_texts[i], have.indexed_texts[i]);
    stored.erase(it);
  }
  for (const auto& [id, i] : stored) {
    out.push_back("customer " + std::string(id) + ": in the views but not a contact");
  }
  Field(out, "search index", "entries", have.search_rows,
        static_cast<std::int64_t>(want.customers.size()));
}

void DiffProduct(std::vector<std::string>& out, const ProductAggregate& v,
                 const ProductAggregate& w) {
  const std::string what = "product " + w.code;
  Field(out, what, "name", v.name, w.name);
  Field(out, what, "units", v.units, w.units);
  Field(out, what, "revenue", v.revenue, w.revenue);
  Field(out, what, "orders", v.orders, w.orders);
  Field(out, what, "customers", v.customers, w.customers);
  Field(out, what, "firstOrderedAt", v.first_ordered, w.first_ordered);
  Field(out, what, "lastOrderedAt", v.last_ordered, w.last_ordered);
}

void DiffProducts(std::vector<std::string>& out, const ExpectedViews& want,
                  const store::ClientViews& have) {
  std::map<std::string_view, const ProductAggregate*> stored;
  for (const store::ProductView& p : have.products) stored[p.totals.code] = &p.totals;
  for (const ProductAggregate& w : want.products) {
    auto it = stored.find(w.code);
    if (it == stored.end()) {
      out.push_back("product " + w.code + ": missing from the views");
      continue;
    }
    DiffProduct(out, *it->second, w);
    stored.erase(it);
  }
  for (const auto& [code, p] : stored) {
    out.push_back("product " + std::string(code) + ": in the views without a counted order");
  }
}

void DiffReorders(std::vector<std::string>& out, const ExpectedViews& want,
                  const store::ClientViews& have) {
  std::map<std::string_view, const store::ReorderView*> stored;
  for (const store::ReorderView& r : have.reorders) stored[r.contact_id] = &r;
  for (const store::ReorderView& w : want.reorders) {
    const std::string what = "reorder_cadence " + w.contact_id;
    auto it = stored.find(w.contact_id);
    if (it == stored.end()) {
      out.push_back(what + ": missing from the views");
      continue;
    }
    const store::ReorderView& v = *it->second;
    Field(out, what, "orderCount", v.cadence.order_count, w.cadence.order_count);
    Field(out, what, "cadenceDays", v.cadence.cadence_days, w.cadence.cadence_days);
    Field(out, what, "lastDay", std::int64_t{v.cadence.last_day}, std::int64_t{w.cadence.last_day});
    Field(out, what, "expectedDay", std::int64_t{v.cadence.expected_day},
          std::int64_t{w.cadence.expected_day});
    Field(out, what, "averageOrderValue", v.average_order_value, w.average_order_value);
    stored.erase(it);
  }
  for (const auto& [id, r] : stored) {
    out.push_back("reorder_cadence " + std::string(id) + ": in the views without 3 counted orders");
  }
}

// day_customers (or one product's product_day_customers, `what` naming it): every day
// whose row differs (absent = no row), both sides by day.
void DiffDayRows(std::vector<std::string>& out, const std::string& what,
                 const std::vector<DayCustomers>& have, const std::vector<DayCustomers>& want) {
  std::map<DayNumber, const DayCustomers*> view, orders;
  for (const DayCustomers& r : have) view[r.day] = &r;
  for (const DayCustomers& r : want) orders[r.day] = &r;
  auto text = [](const DayCustomers* r) {
    return r ? fmt::format("{} customers ({} first, {} previous days)", r->customers(), r->firsts,
                           r->previous.entries().size())
             : std::string("no row");
  };
  for (const auto& [day, r] : view) {
    auto it = orders.find(day);
    const DayCustomers* w = it == orders.end() ? nullptr : it->second;
    if (w && *w == *r) continue;
    out.push_back(
        fmt::format("{} {}: views {}, orders {}", what, FormatDate(day), text(r), text(w)));
  }
  for (const auto& [day, w] : orders) {
    if (view.count(day)) continue;
    out.push_back(fmt::format("{} {}: views no row, orders {}", what, FormatDate(day), text(w)));
  }
}

void DiffDayCustomers(std::vector<std::string>& out, const ExpectedViews& want,
                      const store::ClientViews& have) {
  DiffDayRows(out, "day_customers", have.day_customers, want.day_customers);
  std::set<std::string> codes;
  for (const auto& [code, rows] : have.product_day_customers) codes.insert(code);
  for (const auto& [code, rows] : want.product_day_customers) codes.insert(code);
  const std::vector<DayCustomers> none;
  for (const std::string& code : codes) {
    auto a = have.product_day_customers.find(code);
    auto b = want.product_day_customers.find(code);
    DiffDayRows(out, "product_day_customers " + code,
                a == have.product_day_customers.end() ? none : a->second,
                b == want.product_day_customers.end() ? none : b->second);
  }
  // The blocks' rows, each named by its block's first day.
  auto by_first_day = [](const KeyedDayCustomers& blocks) {
    KeyedDayCustomers out = blocks;
    for (auto& [code, rows] : out) {
      for (DayCustomers& r : rows) r.day *= store::kProductBlockDays;
    }
    return out;
  };
  const KeyedDayCustomers have_blocks = by_first_day(have.product_block_customers);
  const KeyedDayCustomers want_blocks = by_first_day(want.product_block_customers);
  codes.clear();
  for (const auto& [code, rows] : have_blocks) codes.insert(code);
  for (const auto& [code, rows] : want_blocks) codes.insert(code);
  for (const std::string& code : codes) {
    auto a = have_blocks.find(code);
    auto b = want_blocks.find(code);
    DiffDayRows(out, "product_block_customers " + code + " block from",
                a == have_blocks.end() ? none : a->second,
                b == want_blocks.end() ? none : b->second);
  }
}

void DiffSegmentViews(std::vector<std::string>& out, const ExpectedViews& want,
                      const store::ClientViews& have) {
  std::map<std::string, std::string> stored(have.spend_days.begin(), have.spend_days.end());
  std::set<std::string> ids;
  for (const auto& [id, d] : stored) ids.insert(id);
  for (const auto& [id, d] : want.spend_days) ids.insert(id);
  for (const std::string& id : ids) {
    auto a = stored.find(id);
    auto b = want.spend_days.find(id);
    const std::string v = a == stored.end() ? "no row" : a->second;
    const std::string w = b == want.spend_days.end() ? "no row" : b->second.Encode();
    if (v != w) out.push_back(fmt::format("contact_spend_days {}: views {}, orders {}", id, v, w));
  }
  std::map<std::string, std::vector<SegmentMove>> moves;
  for (const auto& [id, m] : have.segment_moves) moves[id].push_back(m);
  auto text = [](const std::vector<SegmentMove>& ms) {
    std::string t;
    for (const SegmentMove& m : ms) {
      t += fmt::format("{}{} {}->{}", t.empty() ? "" : ", ", FormatDate(m.day),
                       MoveSegmentName(m.from), SegmentName(m.to));
    }
    return t.empty() ? std::string("none") : t;
  };
  ids.clear();
  for (const auto& [id, m] : moves) ids.insert(id);
  for (const auto& [id, m] : want.segment_moves) ids.insert(id);
  for (const std::string& id : ids) {
    auto a = moves.find(id);
    auto b = want.segment_moves.find(id);
    const std::vector<SegmentMove> none;
    const auto& v = a == moves.end() ? none : a->second;
    const auto& w = b == want.segment_moves.end() ? none : b->second;
    if (v != w) {
      out.push_back(fmt::format("segment_moves {}: views {}; orders {}", id, text(v), text(w)));
    }
  }
  std::set<std::pair<MonthNumber, MonthNumber>> cells;
  for (const auto& [k, c] : have.cohort_cells) cells.insert(k);
  for (const auto& [k, c] : want.cohort_cells) cells.insert(k);
  for (const auto& k : cells) {
    auto a = have.cohort_cells.find(k);
    auto b = want.cohort_cells.find(k);
    const CohortCell v = a == have.cohort_cells.end() ? CohortCell{} : a->second;
    const CohortCell w = b == want.cohort_cells.end() ? CohortCell{} : b->second;
    if (v == w && (a != have.cohort_cells.end()) == (b != want.cohort_cells.end())) continue;
    out.push_back(
        fmt::format("cohort_cells {} {}: views customers {} revenue {}{}, orders "
                    "customers {} revenue {}",
                    FormatMonth(k.first), FormatMonth(k.second), v.customers, v.revenue,
                    a == have.cohort_cells.end() ? " (no row)" : "", w.customers, w.revenue));
  }
}

std::string OptText(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : "null";
}
std::string OptText(const std::optional<std::string>& v) { return v ? *v : "null"; }
std::string CadenceText(const std::optional<ReorderCadence>& c) {
  if (!c) return "none";
  return fmt::format("every {} days, last {}, expected {}", c->cadence_days,
                     FormatDate(c->last_day), FormatDate(c->expected_day));
}

// account_metrics and account_members against GroupAccounts.
void DiffAccounts(std::vector<std::string>& out, const ExpectedViews& want,
                  const store::ClientViews& have) {
  std::map<std::string_view, const Account*> stored;
  for (const Account& a : have.accounts) stored[a.account_id] = &a;
  for (const Account& w : want.accounts) {
    const std::string what = "account_metrics " + w.account_id + " (" + w.key + ")";
    auto it = stored.find(w.account_id);
    if (it == stored.end()) {
      out.push_back(what + ": missing from the views");
      continue;
    }
    const Account& v = *it->second;
    auto field = [&](const char* name, const std::string& view, const std::string& orders) {
      if (view == orders) return;
      out.push_back(fmt::format("{}: {}: views {}, orders {}", what, name, view, orders));
    };
    field("key", v.key, w.key);
    field("name", OptText(v.totals.name), OptText(w.totals.name));
    field("contactCount", std::to_string(v.contacts), std::to_string(w.contacts));
    field("orderCount", std::to_string(v.totals.order_count), std::to_string(w.totals.order_count));
    field("totalSpend", std::to_string(v.totals.total_spend), std::to_string(w.totals.total_spend));
    field("firstOrder", OptText(v.totals.first_order), OptText(w.totals.first_order));
    field("lastOrder", OptText(v.totals.last_order), OptText(w.totals.last_order));
    field("lastOrderReference", OptText(v.totals.last_order_reference),
          OptText(w.totals.last_order_reference));
    field("cadence", CadenceText(v.cadence), CadenceText(w.cadence));
    stored.erase(it);
  }
  for (const auto& [id, a] : stored) {
    out.push_back("account_metrics " + std::string(id) + " (" + a->key +
                  "): in the views without a contact");
  }
  std::map<std::string, std::string> members(have.account_members.begin(),
                                             have.account_members.end());
  for (const auto& [contact, account] : want.account_members) {
    auto it = members.find(contact);
    const std::string view = it == members.end() ? "none" : it->second;
    if (view != account) {
      out.push_back(fmt::format("account_members {}: views {}, orders {}", contact, view, account));
    }
    if (it != members.end()) members.erase(it);
  }
  for (const auto& [contact, account] : members) {
    out.push_back("account_members " + contact + ": in the views without a customer");
  }
}

std::string Show(const DayMultiset& d) {
  return fmt::format("{} days of {} orders", d.entries().size(), d.total());
}
std::string Show(const QuantityMultiset& q) {
  return fmt::format("{} quantities of {} orders", q.entries().size(), q.total());
}

void DiffContactProduct(std::vector<std::string>& out, const ContactProduct& v,
                        const ContactProduct& w) {
  const std::string what = "contact_products " + w.contact_id + " " + w.code;
  Field(out, what, "name", v.name, w.name);
  Field(out, what, "units", v.units, w.units);
  Field(out, what, "revenue", v.revenue, w.revenue);
  Field(out, what, "orders", v.orders, w.orders);
  Field(out, what, "firstAt", v.first_at, w.first_at);
  Field(out, what, "firstRef", v.first_ref, w.first_ref);
  Field(out, what, "lastAt", v.last_at, w.last_at);
  Field(out, what, "lastRef", v.last_ref, w.last_ref);
  Field(out, what, "lastQuantity", v.last_quantity, w.last_quantity);
  Field(out, what, "lastUnitPrice", v.last_unit_price, w.last_unit_price);
  Field(out, what, "medianQuantity", v.median_quantity, w.median_quantity);
  Field(out, what, "cadenceDays", v.cadence_days, w.cadence_days);
  if (v.quantities != w.quantities) {
    out.push_back(fmt::format("{}: quantities: views {}, orders {}", what, Show(v.quantities),
                              Show(w.quantities)));
  }
  if (v.days != w.days) {
    out.push_back(fmt::format("{}: days: views {}, orders {}", what, Show(v.days), Show(w.days)));
  }
}

void DiffContactProducts(std::vector<std::string>& out, const ExpectedViews& want,
                         const store::ClientViews& have) {
  std::map<std::pair<std::string_view, std::string_view>, const ContactProduct*> stored;
  for (const ContactProduct& p : have.contact_products) stored[{p.contact_id, p.code}] = &p;
  for (const ContactProduct& w : want.contact_products) {
    auto it = stored.find({w.contact_id, w.code});
    if (it == stored.end()) {
      out.push_back("contact_products " + w.contact_id + " " + w.code + ": missing from the views");
      continue;
    }
    DiffContactProduct(out, *it->second, w);
    stored.erase(it);
  }
  for (const auto& [key, p] : stored) {
    out.push_back("contact_products " + std::string(key.first) + " " + std::string(key.second) +
                  ": in the views without a counted order");
  }
}

std::string FirstOrderText(const FirstOrder& f) {
  return fmt::format("{} at {} ({}) codes {}", f.reference, f.at, FormatMonth(f.month),
                     EncodeCodes(f.codes));
}

// contact_first_orders and product_cohort_cells against the orders' first orders.
void DiffProductCohorts(std::vector<std::string>& out, const ExpectedViews& want,
                        const store::ClientViews& have) {
  std::map<std::string, const FirstOrder*> stored;
  for (const auto& [id, f] : have.first_orders) stored[id] = &f;
  std::set<std::string> ids;
  for (const auto& [id, f] : stored) ids.insert(id);
  for (const auto& [id, f] : want.first_orders) ids.insert(id);
  for (const std::string& id : ids) {
    auto a = stored.find(id);
    auto b = want.first_orders.find(id);
    const bool has_a = a != stored.end(), has_b = b != want.first_orders.end();
    if (has_a && has_b && *a->second == b->second) continue;
    out.push_back(fmt::format("contact_first_orders {}: views {}, orders {}", id,
                              has_a ? FirstOrderText(*a->second) : "no row",
                              has_b ? FirstOrderText(b->second) : "no row"));
  }
  std::set<ProductCohortKey> keys;
  for (const auto& [k, c] : have.product_cohort_cells) keys.insert(k);
  for (const auto& [k, c] : want.product_cohort_cells) keys.insert(k);
  for (const ProductCohortKey& k : keys) {
    auto a = have.product_cohort_cells.find(k);
    auto b = want.product_cohort_cells.find(k);
    const bool has_a = a != have.product_cohort_cells.end();
    const CohortCell v = has_a ? a->second : CohortCell{};
    const CohortCell w = b == want.product_cohort_cells.end() ? CohortCell{} : b->second;
    if (v == w && has_a == (b != want.product_cohort_cells.end())) continue;
    out.push_back(
        fmt::format("product_cohort_cells {} {} {}: views customers {} revenue {}{}, "
                    "orders customers {} revenue {}",
                    std::get<0>(k), FormatMonth(std::get<1>(k)), FormatMonth(std::get<2>(k)),
                    v.customers, v.revenue, has_a ? "" : " (no row)", w.customers, w.revenue));
  }
}

std::string KeyText(DayNumber d) { return FormatDate(d); }
std::string KeyText(const std::pair<DayNumber, std::string>& k) {
  return FormatDate(k.first) + " " + k.second;
}
std::string SumsText(const store::DaySums& s) {
  return fmt::format("orders {} revenue {} units {}", s.orders, s.revenue, s.units);
}
std::string SumsText(const store::ContactDaySums& s) {
  return fmt::format("orders {} revenue {}", s.orders, s.revenue);
}

template <typename K, typename V>
void DiffTable(std::vector<std::string>& out, const char* table, const std::map<K, V>& view,
               const std::map<K, V>& want) {
  DiffKeyed(
      out, table, view, want, [](const K& k) { return KeyText(k); },
      [](const V& v) { return SumsText(v); });
}

}  // namespace

ExpectedViews ComputeExpected(const std::vector<ContactRecord>& contacts,
                              const std::vector<Order>& orders, const TimeZone& tz,
                              const SegmentRules& segment_rules, const std::string& client,
                              const AccountRules& rules) {
  ExpectedViews e;
  e.customers = AggregateCustomers(contacts, orders);
  std::sort(e.customers.begin(), e.customers.end(),
            [](const auto& a, const auto& b) { return a.contact_id < b.contact_id; });
  e.products = ProductCatalogue(orders);
  std::map<std::string, std::vector<DayNumber>> days;  // per contact, counted orders
  // per code, per contact: the days of its counted orders holding the code
  std::map<std::string, std::map<std::string, std::vector<DayNumber>>> product_days;
  for (const Order& o : orders) {
    if (!Counts(o.status)) continue;
    const DayNumber day = tz.LocalDay(o.created_at);
    AddRollUps(e.rollups, o, day);
    days[o.contact_id].push_back(day);
    for (const OrderItem& item : o.items) product_days[item.code][o.contact_id].push_back(day);
    (void)e.spend_days[o.contact_id].Add(day, 1, o.total);  // adds: cannot fail
  }
  for (const auto& [id, d] : e.spend_days) {
    e.segment_moves[id] = SegmentMoves(d, segment_rules);
    AddCohortCells(e.cohort_cells, d, +1);
  }
  for (const CustomerAggregate& c : e.customers) {  // by contact id
    auto it = days.find(c.contact_id);
    if (it == days.end()) continue;
    auto cadence = CadenceOf(it->second);
    if (!cadence) continue;
    e.reorders.push_back({c.contact_id, *cadence, AverageCents(c.total_spend, c.order_count)});
  }
  for (auto& [id, d] : days) std::sort(d.begin(), d.end());
  e.accounts = GroupAccounts(client, e.customers, days, rules, &e.account_members);
  e.order_days = std::move(days);
  e.day_customers = DayCustomersOf(e.order_days);
  e.contact_products = ContactProductsOf(orders, tz);
  std::map<std::string, std::optional<FirstOrder>> firsts;
  for (const Order& o : orders) OfferFirstOrder(&firsts[o.contact_id], o, tz);
  for (auto& [id, f] : firsts) {
    if (!f) continue;
    auto d = e.spend_days.find(id);
    if (d != e.spend_days.end()) AddProductCohortCells(e.product_cohort_cells, &*f, d->second, +1);
    e.first_orders.emplace(id, std::move(*f));
  }
  e.product_day_customers = DayCustomersByKey(product_days);
  e.product_block_customers = store::ProductBlockCustomersOf(e.product_day_customers);
  e.stats = ExpectedStats(orders, e.customers, tz);
  e.segment_days =
      ExpectedSegmentDays(e.customers, segment_rules.vip_spend, segment_rules.vip_orders);
  e.product_blocks = store::ProductBlocksOf(e.rollups.product_days);
  return e;
}

// segment_days and product_blocks (stream/segment_counts.h, store/view_rows.h).
static void DiffSegmentCounts(std::vector<std::string>& out, const ExpectedViews& want,
                       const store::ClientViews& have) {
  DiffKeyed(
      out, "segment_days", have.segment_days, want.segment_days,
      [](const std::pair<int, DayNumber>& k) {
        return fmt::format("kind {} {}", k.first,
                           k.second == kSegmentAllDays ? std::string("all") : FormatDate(k.second));
      },
      [](std::int64_t n) { return std::to_string(n); });
  DiffKeyed(
      out, "product_blocks", have.product_blocks, want.product_blocks,
      [](const std::pair<DayNumber, std::string>& k) {
        return fmt::format("{} from {}", k.second, FormatDate(k.first * store::kProductBlockDays));
      },
      [](const store::DaySums& v) {
        return fmt::format("{} orders, {} revenue, {} units", v.orders, v.revenue, v.units);
      });
}

std::vector<std::string> DiffViews(const ExpectedViews& want, const store::ClientViews& have) {
  std::vector<std::string> out;
  DiffCustomers(out, want, have);
  DiffProducts(out, want, have);
  DiffReorders(out, want, have);
  DiffDayCustomers(out, want, have);
  DiffSegmentViews(out, want, have);
  DiffAccounts(out, want, have);
  DiffContactProducts(out, want, have);
  DiffProductCohorts(out, want, have);
  DiffStats(out, have.stats, want.stats);
  DiffSegmentCounts(out, want, have);
  DiffTable(out, "sales_daily", have.rollups.sales, want.rollups.sales);
  DiffTable(out, "product_daily", have.rollups.product_days, want.rollups.product_days);
  DiffTable(out, "contact_days", have.rollups.contact_days, want.rollups.contact_days);
  return out;
}

}  // namespace packprod::stream

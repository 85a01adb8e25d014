// View maintenance for one change event: order facts, customer and product rows,
// roll-ups (pure functions, no store).
#include "stream/view_delta.h"

#include <gtest/gtest.h>

#include "stream/order_facts.h"

namespace packprod::stream {
namespace {

constexpr Millis kT = 1'750'000'000'000;  // 2025-06-15T15:06:40Z

Order MakeOrder(std::string ref, Millis at, Cents total, OrderStatus status = OrderStatus::kPaid) {
  Order o;
  o.client_id = "c";
  o.order_id = "id-" + ref;
  o.contact_id = "alice";
  o.reference = std::move(ref);
  o.created_at = at;
  o.status = status;
  o.total = total;
  return o;
}

OrderItem Item(std::string code, std::int64_t qty, Cents price, std::optional<std::string> name) {
  OrderItem i;
  i.code = std::move(code);
  i.quantity = qty;
  i.unit_price = price;
  i.name = std::move(name);
  return i;
}

OrderFacts Facts(const Order& o) { return *FactsOf(o, TimeZone::Utc()); }

TEST(StreamDelta, UncountedOrderHasNoFacts) {
  for (OrderStatus s : {OrderStatus::kCancelled, OrderStatus::kRefunded, OrderStatus::kFailed}) {
    EXPECT_FALSE(FactsOf(MakeOrder("R", kT, 100, s), TimeZone::Utc()));
  }
  EXPECT_TRUE(FactsOf(MakeOrder("R", kT, 100, OrderStatus::kOnHold), TimeZone::Utc()));
}

TEST(StreamDelta, FactsMergeLinesPerCodeAndKeepTheLastName) {
  Order o = MakeOrder("R1", kT, 5000);
  o.items = {Item("B", 2, 100, "Box"), Item("A", 1, 50, std::nullopt), Item("B", 3, 100, ""),
             Item("B", 1, 100, "Big box")};
  OrderFacts f = Facts(o);
  EXPECT_EQ(f.units, 7);
  ASSERT_EQ(f.products.size(), 2u);
  EXPECT_EQ(f.products[0].code, "A");
  EXPECT_FALSE(f.products[0].name);
  EXPECT_EQ(f.products[1].code, "B");
  EXPECT_EQ(f.products[1].units, 6);
  EXPECT_EQ(f.products[1].revenue, 600);
  EXPECT_EQ(f.products[1].name, "Big box");
}

TEST(StreamDelta, DayIsTheLocalDayOfTheClientZone) {
  auto sydney = *TimeZone::Find("Australia/Sydney");
  // 2025-04-05T13:30:00Z is 2025-04-06 00:30 in Sydney (AEDT, +11).
  Millis at = *ParseRfc3339("2025-04-05T13:30:00Z");
  EXPECT_EQ(FormatDate(FactsOf(MakeOrder("R", at, 1), sydney)->day), "2025-04-06");
  EXPECT_EQ(FormatDate(FactsOf(MakeOrder("R", at, 1), TimeZone::Utc())->day), "2025-04-05");
}

TEST(StreamDelta, ChangeWithEqualFactsOnlyTouchesTheContact) {
  Order a = MakeOrder("R", kT, 100, OrderStatus::kProcessing);
  Order b = a;
  b.status = OrderStatus::kCompleted;
  b.customer.name = "New name";
  ViewChange c = ChangeOf(&a, &b, TimeZone::Utc(), kT);
  EXPECT_FALSE(c.before);
  EXPECT_FALSE(c.after);
  EXPECT_EQ(c.contacts, std::vector<std::string>{"alice"});
}

TEST(StreamDelta, ChangedEmailTouchesBothContacts) {
  Order a = MakeOrder("R", kT, 100);
  Order b = a;
  b.contact_id = "bob";
  ViewChange c = ChangeOf(&a, &b, TimeZone::Utc(), kT);
  ASSERT_TRUE(c.before && c.after);
  EXPECT_EQ(c.contacts, (std::vector<std::string>{"alice", "bob"}));
}

TEST(StreamDelta, CustomerAddUsesTheReferenceTieRule) {
  CustomerState s;
  AddToCustomer(s, Facts(MakeOrder("B", kT, 100)));
  AddToCustomer(s, Facts(MakeOrder("A", kT, 200)));
  AddToCustomer(s, Facts(MakeOrder("C", kT - 1, 300)));
  EXPECT_EQ(s.agg.order_count, 3);
  EXPECT_EQ(s.agg.total_spend, 600);
  EXPECT_EQ(s.agg.first_order, kT - 1);
  EXPECT_EQ(s.agg.last_order, kT);
  EXPECT_EQ(s.agg.last_order_reference, "B");
  EXPECT_FALSE(s.dates_stale);
}

TEST(StreamDelta, RemovingTheLatestOrderMarksDatesStale) {
  CustomerState s;
  AddToCustomer(s, Facts(MakeOrder("A", kT, 100)));
  AddToCustomer(s, Facts(MakeOrder("B", kT + 5, 100)));
  AddToCustomer(s, Facts(MakeOrder("AA", kT + 5, 100)));  // same time, smaller reference
  RemoveFromCustomer(s, Facts(MakeOrder("AA", kT + 5, 100)));
  EXPECT_FALSE(s.dates_stale);
  RemoveFromCustomer(s, Facts(MakeOrder("B", kT + 5, 100)));
  EXPECT_TRUE(s.dates_stale);
  AddToCustomer(s, Facts(MakeOrder("Z", kT + 9, 1)));  // ignored until recomputed
  EXPECT_EQ(s.agg.last_order, kT + 5);
  SetCustomerDates(s, {kT, kT + 9, "Z"});
  EXPECT_FALSE(s.dates_stale);
  EXPECT_EQ(s.agg.last_order_reference, "Z");
}

TEST(StreamDelta, RemovingTheFirstOrderMarksDatesStale) {
  CustomerState s;
  AddToCustomer(s, Facts(MakeOrder("A", kT, 100)));
  AddToCustomer(s, Facts(MakeOrder("B", kT + 5, 100)));
  RemoveFromCustomer(s, Facts(MakeOrder("A", kT, 100)));
  EXPECT_TRUE(s.dates_stale);
}

TEST(StreamDelta, CustomerWithoutOrdersGetsNullDatesAtOnce) {
  CustomerState s;
  OrderFacts f = Facts(MakeOrder("A", kT, 100));
  AddToCustomer(s, f);
  RemoveFromCustomer(s, f);
  EXPECT_EQ(s.agg.order_count, 0);
  EXPECT_EQ(s.agg.total_spend, 0);
  EXPECT_FALSE(s.agg.first_order || s.agg.last_order || s.agg.last_order_reference);
  EXPECT_FALSE(s.dates_stale);
  AddToCustomer(s, Facts(MakeOrder("B", kT + 1, 7)));
  EXPECT_EQ(s.agg.first_order, kT + 1);
  EXPECT_EQ(s.agg.last_order_reference, "B");
}

ProductLine Line(const OrderFacts& f) { return f.products.at(0); }

TEST(StreamDelta, ProductNameComesFromTheLatestNamedOrder) {
  ProductState s;
  Order a = MakeOrder("A", kT, 100);
  a.items = {Item("P", 1, 100, "Old")};
  Order b = MakeOrder("B", kT - 10, 100);
  b.items = {Item("P", 2, 100, "Older")};
  Order c = MakeOrder("C", kT + 10, 100);
  c.items = {Item("P", 1, 100, std::nullopt)};
  Order d = MakeOrder("D", kT, 100);  // same time as A, greater reference
  d.items = {Item("P", 1, 100, "Newest")};
  for (const Order* o : {&a, &b, &c, &d}) AddToProduct(s, Facts(*o), Line(Facts(*o)));
  EXPECT_EQ(s.view.totals.name, "Newest");
  EXPECT_EQ(s.view.name_ref, "D");
  EXPECT_EQ(s.view.totals.units, 5);
  EXPECT_EQ(s.view.totals.orders, 4);
  EXPECT_EQ(s.view.totals.first_ordered, kT - 10);
  EXPECT_EQ(s.view.totals.last_ordered, kT + 10);
  RemoveFromProduct(s, Facts(a), Line(Facts(a)));
  EXPECT_FALSE(s.name_stale);
  EXPECT_FALSE(s.dates_stale);
  RemoveFromProduct(s, Facts(d), Line(Facts(d)));
  EXPECT_TRUE(s.name_stale);
  RemoveFromProduct(s, Facts(c), Line(Facts(c)));
  EXPECT_TRUE(s.dates_stale);
}

TEST(StreamDelta, ProductWithoutOrdersIsReset) {
  ProductState s;
  Order a = MakeOrder("A", kT, 100);
  a.items = {Item("P", 3, 100, "Name")};
  AddToProduct(s, Facts(a), Line(Facts(a)));
  RemoveFromProduct(s, Facts(a), Line(Facts(a)));
  EXPECT_EQ(s.view.totals.orders, 0);
  EXPECT_EQ(s.view.totals.units, 0);
  EXPECT_FALSE(s.view.totals.name || s.view.name_at || s.view.totals.first_ordered);
  EXPECT_FALSE(s.name_stale || s.dates_stale);
}

TEST(StreamDelta, RollUpsAddAndCancel) {
  Order a = MakeOrder("A", kT, 1000);
  a.items = {Item("P", 2, 100, "x"), Item("Q", 1, 50, "y"), Item("P", 1, 100, "x")};
  OrderFacts f = Facts(a);
  store::RollUps r;
  AddToRollUps(r, f, +1);
  DayNumber day = TimeZone::Utc().LocalDay(kT);
  EXPECT_EQ(r.sales[day], (store::DaySums{1, 1000, 4}));
  EXPECT_EQ((r.product_days[{day, "P"}]), (store::DaySums{1, 300, 3}));
  EXPECT_EQ((r.contact_days[{day, "alice"}]), (store::ContactDaySums{1, 1000}));
  AddToRollUps(r, f, -1);
  EXPECT_EQ(r.sales[day], store::DaySums{});
  EXPECT_EQ((r.product_days[{day, "Q"}]), store::DaySums{});
}

}  // namespace
}  // namespace packprod::stream

#include "domain/usual_basket.h"

#include <gtest/gtest.h>

namespace packprod {
namespace {

constexpr Millis kDay = 86400000;

Order MakeOrder(const std::string& contact, const std::string& ref, Millis at,
                std::vector<OrderItem> items, OrderStatus status = OrderStatus::kCompleted) {
  Order o;
  o.client_id = "acme";
  o.order_id = ref;
  o.contact_id = contact;
  o.reference = ref;
  o.created_at = at;
  o.status = status;
  o.items = std::move(items);
  return o;
}

OrderItem Item(const std::string& code, std::int64_t qty, Cents price,
               std::optional<std::string> name = std::nullopt) {
  OrderItem i;
  i.code = code;
  i.quantity = qty;
  i.unit_price = price;
  i.name = std::move(name);
  return i;
}

TEST(ContactProductsOfTest, SumsMedianCadenceLastAndNameOverCountedOrdersOnly) {
  const TimeZone utc = TimeZone::Utc();
  std::vector<Order> orders = {
      MakeOrder("c1", "A", 0 * kDay, {Item("TAPE", 2, 300, "Tape"), Item("BOX", 1, 100)}),
      MakeOrder("c1", "B", 10 * kDay, {Item("TAPE", 4, 300), Item("TAPE", 1, 250, "Tape v2")}),
      MakeOrder("c1", "C", 24 * kDay, {Item("TAPE", 6, 310)}),
      MakeOrder("c1", "D", 30 * kDay, {Item("TAPE", 50, 1)}, OrderStatus::kCancelled),
      MakeOrder("c2", "E", 5 * kDay, {Item("TAPE", 1, 300)}),
  };
  auto rows = ContactProductsOf(orders, utc);
  ASSERT_EQ(rows.size(), 3u);  // (c1, BOX), (c1, TAPE), (c2, TAPE)
  EXPECT_EQ(rows[0].code, "BOX");
  EXPECT_FALSE(rows[0].cadence_days.has_value());
  const ContactProduct& tape = rows[1];
  EXPECT_EQ(tape.contact_id, "c1");
  EXPECT_EQ(tape.orders, 3);
  EXPECT_EQ(tape.units, 13);
  EXPECT_EQ(tape.revenue, 600 + 1450 + 1860);
  EXPECT_EQ(tape.median_quantity, 5);  // quantities 2, 5, 6
  EXPECT_EQ(tape.last_quantity, 6);
  EXPECT_EQ(tape.last_unit_price, 310);
  EXPECT_EQ(tape.last_ref, "C");
  EXPECT_EQ(tape.first_ref, "A");
  EXPECT_EQ(tape.cadence_days, 12);  // intervals 10 and 14
  EXPECT_EQ(tape.name, "Tape v2");   // B is the latest order naming it; C has no name
  EXPECT_EQ(rows[2].contact_id, "c2");
}

TEST(ContactProductsOfTest, LastUnitPriceIsTheLatestOrdersRevenuePerUnitRounded) {
  std::vector<Order> orders = {
      MakeOrder("c1", "A", 0, {Item("BAG", 2, 100), Item("BAG", 1, 101)}),
  };
  auto rows = ContactProductsOf(orders, TimeZone::Utc());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_quantity, 3);
  EXPECT_EQ(rows[0].last_unit_price, 100);  // 301 / 3 = 100.33
}

TEST(ContactProductsOfTest, TiesOnCreatedAtGoToTheGreaterReference) {
  std::vector<Order> orders = {
      MakeOrder("c1", "B", 5, {Item("BAG", 7, 100, "Bag B")}),
      MakeOrder("c1", "A", 5, {Item("BAG", 3, 100, "Bag A")}),
  };
  auto rows = ContactProductsOf(orders, TimeZone::Utc());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_ref, "B");
  EXPECT_EQ(rows[0].first_ref, "A");
  EXPECT_EQ(rows[0].last_quantity, 7);
  EXPECT_EQ(rows[0].name, "Bag B");
}

TEST(BasketSummaryTest, CadenceAndRecencyInWholeUnits) {
  EXPECT_EQ(BasketSummary(5, 35, 42), "usually every 5 weeks; last 6 weeks ago");
  EXPECT_EQ(BasketSummary(4, 7, 0), "usually every 7 days; last today");
  EXPECT_EQ(BasketSummary(4, 14, 0), "usually every 2 weeks; last today");
  EXPECT_EQ(BasketSummary(3, 1, 1), "usually every day; last yesterday");
  EXPECT_EQ(BasketSummary(3, 0, 3), "usually several times a day; last 3 days ago");
  EXPECT_EQ(BasketSummary(9, 90, 400), "usually every 3 months; last 13 months ago");
  EXPECT_EQ(BasketSummary(1, std::nullopt, 800), "ordered once; last 2 years ago");
  EXPECT_EQ(BasketSummary(2, std::nullopt, 13), "ordered 2 times; last 13 days ago");
}

TEST(UsualBasketJsonTest, ByTimesOrderedThenLatestThenCode) {
  std::vector<Order> orders = {
      MakeOrder("c1", "A", 0, {Item("X", 1, 100), Item("Y", 1, 100), Item("Z", 1, 100)}),
      MakeOrder("c1", "B", kDay, {Item("Z", 2, 100), Item("W", 1, 100)}),
      MakeOrder("c1", "C", 2 * kDay, {Item("Y", 1, 100)}),
  };
  auto rows = ContactProductsOf(orders, TimeZone::Utc());
  std::vector<const ContactProduct*> ptrs;
  for (const auto& r : rows) ptrs.push_back(&r);
  auto basket = UsualBasketJson(ptrs, 10, TimeZone::Utc());
  std::vector<std::string> codes;
  for (const auto& v : basket) codes.emplace_back(v.at("code").as_string());
  EXPECT_EQ(codes, (std::vector<std::string>{"Y", "Z", "W", "X"}));
  EXPECT_EQ(basket[0].at("timesOrdered").as_int64(), 2);
  EXPECT_EQ(basket[0].at("daysSinceLast").as_int64(), 8);
  EXPECT_TRUE(basket[0].at("cadenceDays").is_null());
  EXPECT_EQ(basket[0].at("summary").as_string(), "ordered 2 times; last 8 days ago");
  auto top = TopProductsJson(ptrs);
  ASSERT_EQ(top.size(), 4u);
  EXPECT_EQ(top[0].at("code").as_string(), "Z");  // revenue 3.00, then ties by code
  EXPECT_EQ(top[1].at("code").as_string(), "Y");
  EXPECT_EQ(top[2].at("code").as_string(), "W");
}

TEST(UsualBasketJsonTest, LimitKeepsTheFirstInOrder) {
  std::vector<Order> orders = {
      MakeOrder("c1", "A", 0, {Item("X", 1, 100), Item("Y", 1, 100), Item("Z", 1, 100)}),
      MakeOrder("c1", "B", kDay, {Item("Z", 2, 100), Item("W", 1, 100)}),
      MakeOrder("c1", "C", 2 * kDay, {Item("Y", 1, 100)}),
  };
  auto rows = ContactProductsOf(orders, TimeZone::Utc());
  std::vector<const ContactProduct*> ptrs;
  for (const auto& r : rows) ptrs.push_back(&r);
  auto codes_of = [](const boost::json::array& a) {
    std::vector<std::string> out;
    for (const auto& v : a) out.emplace_back(v.at("code").as_string());
    return out;
  };
  EXPECT_EQ(codes_of(UsualBasketJson(ptrs, 10, TimeZone::Utc(), 2)),
            (std::vector<std::string>{"Y", "Z"}));
  EXPECT_EQ(codes_of(UsualBasketJson(ptrs, 10, TimeZone::Utc(), 3)),
            (std::vector<std::string>{"Y", "Z", "W"}));
  EXPECT_EQ(UsualBasketJson(ptrs, 10, TimeZone::Utc(), 100).size(), 4u);
}

}  // namespace
}  // namespace packprod

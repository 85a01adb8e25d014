#include "domain/listing.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace packprod {
namespace {

CustomerAggregate C(std::string id, Cents spend, std::optional<Millis> last,
                    std::optional<std::string> name = std::nullopt) {
  CustomerAggregate c;
  c.contact_id = std::move(id);
  c.total_spend = spend;
  c.last_order = last;
  c.first_order = last;
  c.order_count = last ? 1 : 0;
  c.name = std::move(name);
  c.email = c.contact_id + "@x.y";
  return c;
}

std::vector<std::string> Ids(std::vector<CustomerAggregate> v, CustomerSort s, bool desc) {
  std::sort(v.begin(), v.end(), [&](auto& a, auto& b) { return CustomerBefore(a, b, s, desc); });
  std::vector<std::string> out;
  for (auto& c : v) out.push_back(c.contact_id);
  return out;
}

TEST(ListingTest, TiesByIdAscendingAndNullsLastInBothDirections) {
  std::vector<CustomerAggregate> v = {C("b", 5, 10), C("a", 5, 20), C("c", 9, std::nullopt),
                                      C("d", 1, std::nullopt)};
  EXPECT_EQ(Ids(v, CustomerSort::kTotalSpend, true), (std::vector<std::string>{"c", "a", "b", "d"}));
  EXPECT_EQ(Ids(v, CustomerSort::kTotalSpend, false), (std::vector<std::string>{"d", "a", "b", "c"}));
  EXPECT_EQ(Ids(v, CustomerSort::kLastOrderDate, true), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(Ids(v, CustomerSort::kLastOrderDate, false), (std::vector<std::string>{"b", "a", "c", "d"}));
}

TEST(ListingTest, NameSortsFoldedAndCursorResumesAfterTheLastItem) {
  std::vector<CustomerAggregate> v = {C("1", 0, 1, "bob"), C("2", 0, 1, "Alice"),
                                      C("3", 0, 1, "alice"), C("4", 0, 1)};
  EXPECT_EQ(Ids(v, CustomerSort::kName, false), (std::vector<std::string>{"2", "3", "1", "4"}));
  ListCursor cur = CustomerCursorOf(v[1], CustomerSort::kName);  // "2": Alice
  auto round = CursorFromFields(CursorFields(cur));
  ASSERT_TRUE(round.has_value());
  std::vector<std::string> after;
  for (auto& c : v) {
    if (CustomerAfter(c, *round, CustomerSort::kName, false)) after.push_back(c.contact_id);
  }
  EXPECT_EQ(after, (std::vector<std::string>{"1", "3", "4"}));
}

TEST(ListingTest, SearchAndSegmentFilters) {
  ClientSettings s;
  CustomerAggregate c = C("x", 600000, 1000, "Zoë Brown");
  c.company = "Acme Boxes";
  CustomerFilter f;
  f.as_of = 1000 + kDayMs;
  f.search = "zoë";
  EXPECT_TRUE(CustomerMatches(c, f, s));
  f.search = "boxes";
  EXPECT_TRUE(CustomerMatches(c, f, s));
  f.search = "x@x";
  EXPECT_TRUE(CustomerMatches(c, f, s));
  f.search = "nobody";
  EXPECT_FALSE(CustomerMatches(c, f, s));
  f.search.clear();
  f.segments = {Segment::kVip};
  EXPECT_TRUE(CustomerMatches(c, f, s));
  f.segments = {Segment::kNew, Segment::kDormant};
  EXPECT_FALSE(CustomerMatches(c, f, s));
  EXPECT_FALSE(CursorFromFields({"v", "12x", "", "id"}).has_value());
}

TEST(ListingTest, SegmentBoundsAgreeWithTheRules) {
  ClientSettings s;
  Millis as_of = 1'000'000'000'000;
  SegmentBounds b = SegmentBoundsAt(as_of, s);
  for (Millis back : std::initializer_list<Millis>{180 * kDayMs, 181 * kDayMs - 1, 181 * kDayMs, 30 * kDayMs, 31 * kDayMs - 1,
                      31 * kDayMs, Millis{0}}) {
    CustomerAggregate c = C("x", 100, as_of - back);
    auto seg = DeriveSegment(c, as_of, s);
    bool dormant = *c.last_order <= b.dormant_last_max;
    bool is_new = !dormant && *c.first_order > b.new_first_min;
    EXPECT_EQ(seg == Segment::kDormant, dormant) << back;
    EXPECT_EQ(seg == Segment::kNew, is_new) << back;
  }
}

TEST(ListingTest, ProductsByCodePrefixOrNameSubstring) {
  ProductAggregate p;
  p.code = "BOX-3020";
  p.name = "Shipping Box 30x20";
  EXPECT_TRUE(ProductMatches(p, "box-"));
  EXPECT_TRUE(ProductMatches(p, "30x20"));
  EXPECT_FALSE(ProductMatches(p, "3020"));
}

}  // namespace
}  // namespace packprod

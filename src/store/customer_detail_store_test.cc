// Store::CustomerDetailView and the product names read for many codes at once
// (FillProductNames), on a SQLite file, SQLite in memory and PostgreSQL: the contact, its
// newest orders, its customer row and its top contact_products rows, named by the
// products' rule (the latest named line of the code, any status; ties at one instant to
// the greater orderReference, then line); more codes than one statement carries.
#include <gtest/gtest.h>

#include "store/store_on_every_engine.h"

#include <string>
#include <vector>

#include "domain/ids.h"
#include "store/importer.h"
#include "store/store.h"

namespace packprod::store {
namespace {

constexpr Millis kT0 = 1'700'000'000'000;

ValidatedOrder MakeOrder(const std::string& ref, const std::string& email, Millis t,
                         std::vector<OrderItem> items,
                         OrderStatus st = OrderStatus::kCompleted) {
  Order o;
  o.client_id = "acme";
  o.reference = ref;
  o.order_id = OrderId("acme", ref);
  o.customer.email = email;
  o.customer.name = "Name " + email;
  o.contact_id = ContactId("acme", email);
  o.created_at = t;
  o.status = st;
  o.currency = "AUD";
  for (const OrderItem& i : items) o.total += i.Revenue();
  o.items = std::move(items);
  return ValidatedOrder{o, {}};
}

OrderItem Line(const std::string& code, std::optional<std::string> name) {
  return OrderItem{code, std::move(name), 1, 100, std::nullopt};
}

class CustomerDetailStore : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    ClientSettings c;
    c.client_id = "acme";
    ASSERT_TRUE(store_->PutClient(c).ok());
  }
  void Import(std::vector<ValidatedOrder> v) {
    auto r = ImportOrders(*store_, "acme", std::move(v), kT0);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  Status PutRows(const std::string& contact_id, const std::vector<ContactProduct>& rows) {
    return store_->WriteViews([&](WriteTx& tx) -> Status {
      CustomerAggregate c;
      c.contact_id = contact_id;
      c.email = "ann@x.y";
      c.order_count = 12;
      c.total_spend = 4200;
      PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", c, nullptr));
      for (const ContactProduct& p : rows) PP_RETURN_IF_ERROR(tx.PutContactProduct("acme", p));
      return Status::Ok();
    });
  }
};

ContactProduct Row(const std::string& contact_id, const std::string& code, Cents revenue) {
  ContactProduct p;
  p.contact_id = contact_id;
  p.code = code;
  p.units = revenue / 100;
  p.revenue = revenue;
  p.orders = 1;
  p.first_ref = p.last_ref = "R";
  return p;
}

TEST_P(CustomerDetailStore, OneSnapshotHoldsContactOrdersRowAndNamedTopProducts) {
  // Ann: 12 orders, one a minute; P1..P6 on them. P2's latest named line is a cancelled
  // order's; P3's latest line has no name (the one before names it); P4 is named twice at
  // one instant (the greater reference wins); P6 is never named.
  std::vector<ValidatedOrder> orders;
  for (int i = 0; i < 12; ++i) {
    orders.push_back(MakeOrder("A" + std::to_string(10 + i), "ann@x.y", kT0 + i * 60'000,
                               {Line("P1", "Box " + std::to_string(i))}));
  }
  orders.push_back(MakeOrder("B1", "bob@x.y", kT0, {Line("P2", "Tape"), Line("P3", "Wrap")}));
  orders.push_back(MakeOrder("B2", "bob@x.y", kT0 + 1'000'000, {Line("P2", "Tape v2")},
                             OrderStatus::kCancelled));
  orders.push_back(MakeOrder("B3", "bob@x.y", kT0 + 2'000'000, {Line("P3", std::nullopt)}));
  orders.push_back(MakeOrder("B4", "bob@x.y", kT0 + 3'000'000,
                             {Line("P4", "Lid old"), Line("P4", "Lid line 2")}));
  orders.push_back(MakeOrder("B5", "bob@x.y", kT0 + 3'000'000, {Line("P4", "Lid new")}));
  orders.push_back(MakeOrder("B6", "bob@x.y", kT0, {Line("P5", "Foam"), Line("P6", "")}));
  Import(std::move(orders));
  const std::string ann = ContactId("acme", "ann@x.y");
  // Revenue: P3 and P4 tie (code ascending), P5 is sixth and left out.
  ASSERT_TRUE(PutRows(ann, {Row(ann, "P1", 1200), Row(ann, "P2", 900), Row(ann, "P3", 500),
                            Row(ann, "P4", 500), Row(ann, "P6", 400), Row(ann, "P5", 100)})
                  .ok());

  auto d = store_->CustomerDetailView("acme", ann, 10, 5);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_TRUE(d->contact.has_value());
  EXPECT_EQ(d->contact->email, "ann@x.y");
  ASSERT_EQ(d->recent_orders.size(), 10u);
  EXPECT_EQ(d->recent_orders.front().reference, "A21");  // newest first
  EXPECT_EQ(d->recent_orders.back().reference, "A12");
  ASSERT_TRUE(d->view.has_value());
  EXPECT_EQ(d->view->total_spend, 4200);
  std::vector<std::string> codes, names;
  for (const ProductAggregate& p : d->top_products) {
    codes.push_back(p.code);
    names.push_back(p.name.value_or("(none)"));
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"P1", "P2", "P3", "P4", "P6"}));
  EXPECT_EQ(names, (std::vector<std::string>{"Box 11", "Tape v2", "Wrap", "Lid new", "(none)"}));
  EXPECT_EQ(d->top_products[0].units, 12);
  EXPECT_EQ(d->top_products[0].revenue, 1200);

  // Bob has orders but no customer row yet: no products read. No such contact: nothing.
  auto bob = store_->CustomerDetailView("acme", ContactId("acme", "bob@x.y"), 10, 5);
  ASSERT_TRUE(bob.ok());
  ASSERT_TRUE(bob->contact.has_value());
  EXPECT_EQ(bob->recent_orders.size(), 6u);
  EXPECT_FALSE(bob->view.has_value());
  EXPECT_TRUE(bob->top_products.empty());
  auto none = store_->CustomerDetailView("acme", "no-such-contact", 10, 5);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->contact.has_value());
  auto other = store_->CustomerDetailView("globex", ann, 10, 5);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->contact.has_value());
}

// ProductOrdersView: a product's page of orders (any status, newest first), its total,
// its product_totals row and its name, as ListOrders, FindProductView and
// FillProductNames answer them one by one.
TEST_P(CustomerDetailStore, ProductOrdersViewReadsPageTotalRowAndName) {
  Import({MakeOrder("B1", "bob@x.y", kT0, {Line("P2", "Tape"), Line("P3", "Wrap")}),
          MakeOrder("B2", "bob@x.y", kT0 + 1'000'000, {Line("P2", "Tape v2")},
                    OrderStatus::kCancelled),
          MakeOrder("B3", "bob@x.y", kT0 + 2'000'000, {Line("P3", std::nullopt)}),
          MakeOrder("C1", "cat@x.y", kT0 + 3'000'000, {Line("P2", std::nullopt)})});
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) {
                    ProductView v;
                    v.totals.code = "P2";
                    v.totals.name = "Tape";
                    v.totals.orders = 2;
                    v.totals.revenue = 200;
                    v.totals.units = 2;
                    return tx.PutProductView("acme", v);
                  })
                  .ok());
  auto one_by_one = [&](const OrderQuery& q) {
    ProductOrders out;
    auto page = store_->ListOrders("acme", q);
    EXPECT_TRUE(page.ok());
    if (page.ok()) out.page = std::move(*page);
    auto product = store_->FindProductView("acme", *q.product_code);
    EXPECT_TRUE(product.ok());
    if (product.ok()) out.product = std::move(*product);
    std::vector<ProductAggregate> named(1);
    named[0].code = *q.product_code;
    EXPECT_TRUE(store_->FillProductNames("acme", &named).ok());
    out.name = named[0].name;
    return out;
  };
  auto refs = [](const OrderPage& p) {
    std::vector<std::string> out;
    for (const Order& o : p.orders) out.push_back(o.reference);
    return out;
  };
  for (const char* code : {"P2", "P3", "P9"}) {
    for (int limit : {1, 2, 50}) {
      OrderQuery q;
      q.product_code = code;
      q.limit = limit;
      auto read = store_->ProductOrdersView("acme", q);
      ASSERT_TRUE(read.ok()) << read.status().ToString();
      ProductOrders want = one_by_one(q);
      EXPECT_EQ(refs(read->page), refs(want.page)) << code << " limit " << limit;
      EXPECT_EQ(read->page.total, want.page.total) << code;
      EXPECT_EQ(read->page.more, want.page.more) << code << " limit " << limit;
      EXPECT_EQ(read->product.has_value(), want.product.has_value()) << code;
      if (read->product && want.product) {
        EXPECT_EQ(read->product->revenue, want.product->revenue) << code;
      }
      EXPECT_EQ(read->name, want.name) << code;
    }
  }
  OrderQuery q;
  q.product_code = "P2";
  q.limit = 2;
  auto p2 = store_->ProductOrdersView("acme", q);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(refs(p2->page), (std::vector<std::string>{"C1", "B2"}));
  EXPECT_EQ(p2->page.total, 3);
  EXPECT_TRUE(p2->page.more);
  ASSERT_TRUE(p2->product.has_value());
  EXPECT_EQ(p2->product->orders, 2);
  EXPECT_EQ(p2->name, "Tape v2");  // the latest named line, any status
  q.product_code = "P3";
  auto p3 = store_->ProductOrdersView("acme", q);
  ASSERT_TRUE(p3.ok());
  EXPECT_EQ(p3->page.total, 2);
  EXPECT_FALSE(p3->product.has_value());  // no row: the processor has not made one
  EXPECT_EQ(p3->name, "Wrap");
  q.product_code = "P9";
  auto none = store_->ProductOrdersView("acme", q);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->page.total, 0);
  EXPECT_TRUE(none->page.orders.empty());
  EXPECT_FALSE(none->product.has_value());
  EXPECT_FALSE(none->name.has_value());
}

TEST_P(CustomerDetailStore, NamesOfMoreCodesThanOneStatementCarries) {
  // 600 codes (more than a statement's batch on either engine), each named by its newest
  // line; asked with a code given twice and one never ordered.
  std::vector<ValidatedOrder> orders;
  for (int i = 0; i < 600; ++i) {
    const std::string code = "C" + std::to_string(1000 + i);
    orders.push_back(MakeOrder("N" + std::to_string(i), "ann@x.y", kT0 + i,
                               {Line(code, "old " + code)}));
    orders.push_back(MakeOrder("M" + std::to_string(i), "bob@x.y", kT0 + 10'000 + i,
                               {Line(code, "new " + code)}));
  }
  Import(std::move(orders));
  std::vector<ProductAggregate> products(603);
  for (int i = 0; i < 600; ++i) products[i].code = "C" + std::to_string(1000 + (i * 7) % 600);
  products[600].code = "C1003";
  products[601].code = "NEVER";
  products[602].code = "C1599";
  products[601].name = "stale";
  ASSERT_TRUE(store_->FillProductNames("acme", &products).ok());
  for (int i = 0; i < 600; ++i) {
    EXPECT_EQ(products[i].name, std::optional<std::string>("new " + products[i].code));
  }
  EXPECT_EQ(products[600].name, std::optional<std::string>("new C1003"));
  EXPECT_EQ(products[601].name, std::nullopt);
  EXPECT_EQ(products[602].name, std::optional<std::string>("new C1599"));
}

INSTANTIATE_TEST_SUITE_P(Stores, CustomerDetailStore,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store

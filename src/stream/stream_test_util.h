// Helpers for the stream tests: a real store (a SQLite file in a temp dir, or a fresh
// database on the test PostgreSQL cluster), clients, orders.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/ids.h"
#include "store/importer.h"
#include "store/postgres/test_db.h"
#include "store/store.h"
#include "stream/maintenance.h"

namespace packprod::stream::testing {

enum class Engine { kSqlite, kPostgres };

inline std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

// A fresh store removed on destruction: a SQLite file in a temp directory, or a
// PostgreSQL database (postgres/test_db.h). Open() may be called more than once (several
// Store objects on one store, as several processes).
class TempStore {
 public:
  explicit TempStore(Engine engine = Engine::kSqlite) {
    if (engine == Engine::kPostgres) {
      auto db = store::postgres::TestDatabase::Create();
      EXPECT_TRUE(db.ok()) << db.status().ToString();
      if (db.ok()) {
        pg_ = std::move(db).value();
        url_ = pg_->url();
      }
      return;
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "packprod-stream-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    url_ = "sqlite:" + dir_ + "/views.db";
  }
  ~TempStore() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  const std::string& url() const { return url_; }
  std::unique_ptr<store::Store> Open() const {
    auto s = store::Store::Open(url_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) throw std::runtime_error("cannot open the test store " + url_);
    return std::move(s).value();
  }

 private:
  std::unique_ptr<store::postgres::TestDatabase> pg_;
  std::string dir_, url_;
};

inline void CreateClient(store::Store& st, const std::string& id, const std::string& tz) {
  ClientSettings c;
  c.client_id = id;
  c.name = id;
  c.timezone = tz;
  ASSERT_TRUE(st.PutClient(c).ok());
}

// An order of `client` with ids derived like the import's.
inline Order NewOrder(const std::string& client, const std::string& ref, const std::string& email,
                      Millis at, Cents total, OrderStatus status = OrderStatus::kPaid) {
  Order o;
  o.client_id = client;
  o.reference = ref;
  o.order_id = OrderId(client, ref);
  o.customer.email = email;
  o.contact_id = ContactId(client, email);
  o.created_at = at;
  o.status = status;
  o.currency = "AUD";
  o.total = total;
  return o;
}

inline Status Import(store::Store& st, const std::string& client, std::vector<Order> orders,
                     Millis now = NowMillis()) {
  std::vector<ValidatedOrder> v;
  for (auto& o : orders) v.push_back(ValidatedOrder{std::move(o), {}});
  return store::ImportOrders(st, client, std::move(v), now).status();
}

// The shape of RandomOrders' writes to one client's orders.
struct RandomOrdersShape {
  std::string client;
  TimeZone zone;
  DayNumber first_day = 0;  // instants fall on local days first_day + [0, days)
  int days = 1;
  std::vector<std::string> codes;  // an order has 0..max_items lines of these
  int max_items = 0;
  int references = 1;  // orders R0..R<references-1>
  int emails = 1;      // contacts c0..c<emails-1>@shop.example
  Cents max_total = 100;
  bool utc_midnights = false;  // instants a millisecond from a UTC midnight too
  bool edit_totals = false;    // an edit may change the total
};

// Random writes for the stream's property tests, drawn from the caller's generator: a new
// order, or an existing one deleted or given new items, instant, e-mail (so contact),
// total (when the shape allows) or status.
class RandomOrders {
 public:
  RandomOrders(std::mt19937& rng, RandomOrdersShape shape) : rng_(rng), s_(std::move(shape)) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  // An instant on one of the shape's days, often a millisecond from a local midnight.
  Millis Instant() {
    const Millis start = s_.zone.StartOfDay(s_.first_day + Int(0, s_.days - 1));
    switch (Int(0, s_.utc_midnights ? 4 : 3)) {
      case 0: return start;
      case 1: return start + kDayMs - 1;
      case 2:
        if (s_.utc_midnights) return (start / kDayMs) * kDayMs + (Int(0, 1) ? 0 : kDayMs - 1);
        [[fallthrough]];
      default: return start + Int(0, 86'399) * 1000LL;
    }
  }
  std::string Email() { return "c" + std::to_string(Int(0, s_.emails - 1)) + "@shop.example"; }
  std::vector<OrderItem> Items() {
    std::vector<OrderItem> items(static_cast<std::size_t>(Int(0, s_.max_items)));
    for (OrderItem& i : items) {
      i.code = s_.codes[static_cast<std::size_t>(Int(0, static_cast<int>(s_.codes.size()) - 1))];
      i.quantity = Int(1, 4);
      i.unit_price = Int(100, 900);
    }
    return items;
  }
  OrderStatus Status() { return static_cast<OrderStatus>(Int(0, kOrderStatusCount - 1)); }

  // One random write, imported (or deleted) through the store as the API would.
  void Write(store::Store& st) {
    const std::string ref = "R" + std::to_string(Int(0, s_.references - 1));
    const std::string id = OrderId(s_.client, ref);
    auto existing = st.GetOrder(s_.client, id);
    ASSERT_TRUE(existing.ok());
    if (!*existing) {
      Order o = NewOrder(s_.client, ref, Email(), Instant(),
                         Int(100, static_cast<int>(s_.max_total)), Status());
      o.items = Items();
      ASSERT_TRUE(Import(st, s_.client, {std::move(o)}).ok());
      return;
    }
    Order o = **existing;
    switch (Int(0, s_.edit_totals ? 6 : 5)) {
      case 0:
        (void)store::DeleteOrder(st, s_.client, id, NowMillis());
        return;
      case 1:
        o.items = Items();
        break;
      case 2:
        o.created_at = Instant();
        break;
      case 3:
        o.customer.email = Email();
        o.contact_id = ContactId(s_.client, o.customer.email);
        break;
      case 4:
        if (s_.edit_totals) {
          o.total = Int(100, static_cast<int>(s_.max_total));
          break;
        }
        [[fallthrough]];
      default:
        o.status = Status();
        break;
    }
    ASSERT_TRUE(Import(st, s_.client, {std::move(o)}).ok());
  }

 private:
  std::mt19937& rng_;
  RandomOrdersShape s_;
};

// verify's differences for one client (asserting that verify itself works).
inline std::vector<std::string> Differences(store::Store& st, const std::string& client) {
  auto c = st.GetClient(client);
  EXPECT_TRUE(c.ok() && *c);
  auto r = VerifyClient(st, **c, nullptr);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->differences : std::vector<std::string>{"verify failed"};
}

// Every view row of one client, as stored (asserting that the read works).
inline store::ClientViews StoredViews(store::Store& st, const std::string& client) {
  store::ClientViews v;
  EXPECT_TRUE(st.Read([&](store::ReadTx& tx) -> Status {
                  PP_ASSIGN_OR_RETURN(v, tx.ReadViews(client));
                  return Status::Ok();
                }).ok());
  return v;
}

}  // namespace packprod::stream::testing

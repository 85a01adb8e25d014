// Helpers for the stream tests: a real store (a SQLite file in a temp dir, or a fresh
// database on the test PostgreSQL cluster), clients, orders.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
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

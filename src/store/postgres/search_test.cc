// Customer search on PostgreSQL is answered by the pg_trgm GIN index
// (customer_metrics_search), not by reading every row: on a shop large enough for the
// planner to prefer it, a search through the Store bumps the index's scan counter.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/postgres/pg.h"
#include "store/postgres/test_db.h"
#include "store/store.h"

namespace packprod::store::postgres {
namespace {

std::int64_t IndexScans(Conn& c) {
  c.Simple("SELECT pg_stat_clear_snapshot()");
  auto r = c.Exec(
      "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'customer_metrics_search'");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && r->rows() ? r->Int(0, 0) : -1;
}

TEST(PostgresSearch, CustomerSearchUsesTheTrigramIndex) {
  auto db = TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto store = Store::Open((*db)->url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ClientSettings acme;
  acme.client_id = "acme";
  ASSERT_TRUE((*store)->PutClient(acme).ok());
  auto conn = Conn::Open((*db)->url());
  ASSERT_TRUE(conn.ok());
  Conn& c = **conn;
  // 60000 customers, 3 of them named "Zanzibar": a needle the index finds at once.
  ASSERT_TRUE(c.Simple("INSERT INTO customer_metrics (client_id, contact_id, email, name, "
                       "name_folded, search_text, order_count, total_spend, last_updated) "
                       "SELECT 'acme', 'c' || i, 'p' || i || '@example.com', 'Person ' || i, "
                       "'person ' || i, 'person ' || i || E'\\np' || i || '@example.com\\n', "
                       "1, 100, 0 FROM generate_series(1, 60000) AS i")
                  .ok());
  ASSERT_TRUE(c.Simple("UPDATE customer_metrics SET name = 'Zanzibar ' || contact_id, "
                       "search_text = 'zanzibar ' || contact_id || E'\\n\\n' "
                       "WHERE contact_id IN ('c7', 'c70', 'c700')")
                  .ok());
  ASSERT_TRUE(c.Simple("ANALYZE customer_metrics").ok());
  const std::int64_t before = IndexScans(c);
  ASSERT_GE(before, 0);

  CustomerViewQuery q;
  q.search = "zanzib";
  q.limit = 10;
  auto page = (*store)->ListCustomerViews("acme", q);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 3u);

  // A backend's statistics reach the shared counters when it goes idle: at once, or
  // within PostgreSQL's idle interval (10 s) when it flushed less than a second ago.
  std::int64_t after = before;
  for (int i = 0; i < 200 && after == before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = IndexScans(c);
  }
  EXPECT_GT(after, before) << "the search did not use customer_metrics_search";
}

}  // namespace
}  // namespace packprod::store::postgres

// Conn::Exec of a statement marked sql::kGenericPlan on the test PostgreSQL cluster: its
// rows come back like any statement's; the connection's plan_cache_mode is
// force_custom_plan again after it, whether it succeeded or failed, inside a transaction
// or not, and with writes pipelined before it.
#include <gtest/gtest.h>

#include <string>

#include "store/postgres/pg.h"
#include "store/postgres/test_db.h"
#include "store/sql/session.h"

namespace packprod::store::postgres {
namespace {

std::string Mode(Conn& c) {
  auto r = c.Exec("SHOW plan_cache_mode");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && r->rows() == 1 ? r->Text(0, 0) : std::string();
}

TEST(PostgresGenericPlan, MarkedStatementsRunAndLeaveCustomPlansOn) {
  auto db = TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Conn::Open((*db)->url());
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  Conn& c = **conn;
  ASSERT_TRUE(c.Simple("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL); "
                       "INSERT INTO t VALUES ('a', 1), ('b', 2)")
                  .ok());
  EXPECT_EQ(Mode(c), "force_custom_plan");
  const std::string lookup = std::string(sql::kGenericPlan) + "SELECT v FROM t WHERE k = $1";

  // Outside a transaction, several runs (prepared once, then reused).
  for (const auto& [k, v] : {std::pair<const char*, int>{"a", 1}, {"b", 2}, {"a", 1}}) {
    auto r = c.Q(lookup, std::string(k));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->rows(), 1);
    EXPECT_EQ(r->Int(0, 0), v);
    EXPECT_EQ(Mode(c), "force_custom_plan");
  }
  auto none = c.Q(lookup, std::string("zz"));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->rows(), 0);

  // A failing marked statement (a value that is no BIGINT), outside a transaction.
  const std::string bad = std::string(sql::kGenericPlan) + "SELECT k FROM t WHERE v = $1";
  EXPECT_FALSE(c.Q(bad, std::string("not a number")).ok());
  EXPECT_EQ(Mode(c), "force_custom_plan");

  // Inside a transaction, after pipelined writes: they travel with it and are applied.
  ASSERT_TRUE(c.Simple("BEGIN").ok());
  ASSERT_TRUE(c.Send("INSERT INTO t VALUES ($1, $2)", Params().Add("c").Add(3)).ok());
  auto r = c.Q(lookup, std::string("c"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Int(0, 0), 3);
  EXPECT_EQ(Mode(c), "force_custom_plan");
  // A failure there aborts the transaction; after ROLLBACK custom plans are on again.
  EXPECT_FALSE(c.Q(bad, std::string("x")).ok());
  ASSERT_TRUE(c.Simple("ROLLBACK").ok());
  EXPECT_EQ(Mode(c), "force_custom_plan");
  auto gone = c.Q(lookup, std::string("c"));
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->rows(), 0);
}

}  // namespace
}  // namespace packprod::store::postgres

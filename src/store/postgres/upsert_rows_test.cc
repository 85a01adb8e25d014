// upsert_rows.h: which statements Conn::Send keeps rows of, the multi-row statement, and
// (on the test PostgreSQL cluster) that kept rows reach the table as the single-row
// statements run one by one would have left it.
#include "store/postgres/upsert_rows.h"

#include <gtest/gtest.h>

#include <string>

#include "store/postgres/pg.h"
#include "store/postgres/test_db.h"

namespace packprod::store::postgres {
namespace {

const std::string kUpsert =
    "INSERT INTO t (k1, k2, v, w) VALUES ($1, $2, $3, $4) ON CONFLICT (k1, k2) DO UPDATE SET "
    "v = excluded.v, w = excluded.w";

TEST(UpsertRows, ParsesOnlyWholeRowUpserts) {
  auto shape = ParseUpsert(kUpsert);
  ASSERT_TRUE(shape.has_value());
  EXPECT_EQ(shape->table, "t");
  EXPECT_EQ(shape->columns, 4u);
  EXPECT_EQ(shape->key_columns, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(MultiRowUpsert(*shape, 1), kUpsert);
  EXPECT_EQ(MultiRowUpsert(*shape, 2),
            "INSERT INTO t (k1, k2, v, w) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) ON CONFLICT "
            "(k1, k2) DO UPDATE SET v = excluded.v, w = excluded.w");
  // Counters (the row's own value takes part), other values, DO NOTHING, RETURNING, two rows.
  for (const char* sql :
       {"INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = t.n + excluded.n",
        "INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = excluded.m",
        "INSERT INTO t (k, n) VALUES ($1, 1) ON CONFLICT (k) DO UPDATE SET n = excluded.n",
        "INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING",
        "INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = excluded.n "
        "RETURNING n",
        "INSERT INTO t (k, n) VALUES ($1, $2), ($3, $4) ON CONFLICT (k) DO UPDATE SET n = "
        "excluded.n",
        "INSERT INTO t (k, n) VALUES ($1, $2) ON CONFLICT (x) DO UPDATE SET n = excluded.n",
        "UPDATE t SET n = $1 WHERE k = $2"}) {
    EXPECT_FALSE(ParseUpsert(sql).has_value()) << sql;
  }
}

TEST(UpsertRows, KeepsTheLastRowOfEachKey) {
  auto shape = ParseUpsert(kUpsert);
  ASSERT_TRUE(shape.has_value());
  UpsertRows rows(&*shape);
  rows.Add({"a", "1", "x", "y"});
  rows.Add({"b", "1", "p", std::nullopt});
  rows.Add({"a", "1", "z", "w"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.rows()[0], (UpsertRows::Values{"a", "1", "z", "w"}));
  EXPECT_EQ(rows.rows()[1], (UpsertRows::Values{"b", "1", "p", std::nullopt}));
}

TEST(UpsertRows, OnlyTableOfSimpleWrites) {
  EXPECT_EQ(OnlyTableOf("DELETE FROM t WHERE k = $1"), "t");
  EXPECT_EQ(OnlyTableOf("UPDATE t SET n = $1 WHERE k = $2"), "t");
  EXPECT_EQ(OnlyTableOf("INSERT INTO t (k, n) VALUES ($1, 1) ON CONFLICT (k) DO UPDATE SET "
                        "n = t.n + 1"),
            "t");
  for (const char* sql : {"INSERT INTO t (k, n) SELECT k, n FROM u",
                          "UPDATE t SET n = (select n FROM u) WHERE k = $1",
                          "UPDATE t SET n = u.n FROM u WHERE t.k = u.k",
                          "DELETE FROM t USING u WHERE t.k = u.k", "SELECT 1",
                          "WITH a AS (DELETE FROM u) DELETE FROM t WHERE k = 1"}) {
    EXPECT_FALSE(OnlyTableOf(sql).has_value()) << sql;
  }
}

int Count(Conn& c, const std::string& sql) {
  auto r = c.Exec(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && r->rows() == 1 ? static_cast<int>(r->Int(0, 0)) : -1;
}

Params Row(const std::string& k1, int k2, const std::string& v, int w) {
  Params p;
  p.Add(k1).Add(k2).Add(v).Add(w);
  return p;
}

TEST(UpsertRowsOnPostgres, KeptRowsLeaveWhatOneByOneWould) {
  auto db = TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Conn::Open((*db)->url());
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  Conn& c = **conn;
  ASSERT_TRUE(c.Simple("CREATE TABLE t (k1 TEXT, k2 BIGINT, v TEXT, w BIGINT, "
                       "PRIMARY KEY (k1, k2)); CREATE TABLE u (k TEXT PRIMARY KEY, n BIGINT)")
                  .ok());
  ASSERT_TRUE(c.Simple("BEGIN").ok());
  // 600 rows (more than one statement's worth), each key sent twice: the last one stays.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 600; ++i) {
      ASSERT_TRUE(c.Send(kUpsert, Row("a", i, round ? "second" : "first", i + round)).ok());
    }
  }
  // Another table's write between them, then a delete of t: t's kept rows go first.
  ASSERT_TRUE(c.Send("INSERT INTO u (k, n) VALUES ($1, 1)", [] {
                 Params p;
                 p.Add("x");
                 return p;
               }()).ok());
  ASSERT_TRUE(c.Send("DELETE FROM t WHERE k1 = 'a' AND k2 >= 500").ok());
  ASSERT_TRUE(c.Send(kUpsert, Row("a", 550, "after delete", 0)).ok());
  // A read sees every row sent before it.
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM t"), 501);
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM t WHERE v = 'second' AND w = k2 + 1"), 500);
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM t WHERE v = 'after delete' AND k2 = 550"), 1);
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM u"), 1);
  ASSERT_TRUE(c.Simple("COMMIT").ok());

  // Kept rows of a transaction rolled back are dropped, not written later.
  ASSERT_TRUE(c.Simple("BEGIN").ok());
  ASSERT_TRUE(c.Send(kUpsert, Row("b", 1, "gone", 1)).ok());
  ASSERT_TRUE(c.Simple("ROLLBACK").ok());
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM t WHERE k1 = 'b'"), 0);

  // A write of one table sends that table's kept rows only; the others stay kept and
  // still land as sent one by one would leave them.
  ASSERT_TRUE(c.Simple("BEGIN").ok());
  const std::string upsert_u =
      "INSERT INTO u (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = excluded.n";
  auto u_row = [](const std::string& k, std::int64_t n) {
    Params p;
    p.Add(k).Add(n);
    return p;
  };
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(c.Send(kUpsert, Row("c", i, "kept", i)).ok());
    ASSERT_TRUE(c.Send(upsert_u, u_row("y" + std::to_string(i), i)).ok());
    ASSERT_TRUE(c.Send("DELETE FROM u WHERE k = $1", [&] {
                   Params p;
                   p.Add("y" + std::to_string(i - 1));
                   return p;
                 }()).ok());
  }
  ASSERT_TRUE(c.Send("DELETE FROM t WHERE k1 = 'c' AND k2 < 10").ok());
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM t WHERE k1 = 'c' AND v = 'kept' AND w = k2"), 30);
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM u WHERE k LIKE 'y%'"), 1);
  EXPECT_EQ(Count(c, "SELECT n FROM u WHERE k = 'y39'"), 39);
  ASSERT_TRUE(c.Simple("ROLLBACK").ok());

  // A failing kept row fails the transaction at its next sync (a NOT NULL key).
  ASSERT_TRUE(c.Simple("BEGIN").ok());
  Params bad;
  bad.Add(std::optional<std::string>()).Add(1).Add("v").Add(1);
  ASSERT_TRUE(c.Send(kUpsert, bad).ok());
  EXPECT_FALSE(c.Sync().ok());
  ASSERT_TRUE(c.Simple("ROLLBACK").ok());
  EXPECT_EQ(Count(c, "SELECT COUNT(*) FROM t"), 501);
}

}  // namespace
}  // namespace packprod::store::postgres

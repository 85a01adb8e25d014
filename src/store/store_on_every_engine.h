// The store tests' fixture: a fresh Store on the engine its parameter names ("file": a
// SQLite file in a temporary folder; "sqlite::memory:"; "postgres": a fresh database on
// the test PostgreSQL cluster, postgres/test_db.h), removed after the test. Tests only.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "domain/ids.h"
#include "store/postgres/test_db.h"
#include "store/store.h"

namespace packprod::store {

// A day_customers-shaped row (DayCustomers): `firsts` first occurrences on `day`, and one
// customer whose previous occurrence was each of `previous`.
inline DayCustomers DayCustomersRow(DayNumber day, std::int64_t firsts,
                                    std::vector<DayNumber> previous) {
  DayCustomers r;
  r.day = day;
  r.firsts = firsts;
  for (DayNumber p : previous) EXPECT_TRUE(r.previous.Add(p, 1).ok());
  return r;
}

class StoreOnEveryEngine : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = GetParam();
    if (url == "file") {
      dir_ = std::filesystem::temp_directory_path() / ("packprod-store-test-" + RandomHex(6));
      url = "sqlite:" + (dir_ / "t.db").string();
    } else if (url == "postgres") {
      auto db = postgres::TestDatabase::Create();
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      pg_ = std::move(db).value();
      url = pg_->url();
    }
    auto s = Store::Open(url);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  // Registers clients with default settings (for fixtures' SetUp).
  void PutClients(std::initializer_list<const char*> ids) {
    for (const char* id : ids) {
      ClientSettings c;
      c.client_id = id;
      ASSERT_TRUE(store_->PutClient(c).ok()) << id;
    }
  }
  void TearDown() override {
    store_.reset();
    pg_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<postgres::TestDatabase> pg_;
  std::unique_ptr<Store> store_;
};

// The test name of an engine parameter: SqliteFile, SqliteMemory or Postgres.
inline std::string EngineName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "file"       ? std::string("SqliteFile")
         : info.param == "postgres" ? std::string("Postgres")
                                    : std::string("SqliteMemory");
}

}  // namespace packprod::store

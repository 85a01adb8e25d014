// For tests: a fresh, empty database on the throw-away cluster that
// scripts/with-postgres runs (`make test` starts one as a CTest fixture), dropped again
// at destruction. The cluster is named by PACKPROD_PG_ADMIN_URL, or by the file that
// PACKPROD_PG_ENV names (lines KEY=VALUE, as `with-postgres --start` writes them), by
// default the fixture's (PACKPROD_TEST_PG_ENV, defined by the build).
// Without either, Create fails and says how to get one: PostgreSQL tests fail loudly
// rather than skip.
#pragma once

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "domain/status.h"

namespace packprod::store::postgres {

class TestDatabase {
 public:
  static Result<std::unique_ptr<TestDatabase>> Create() {
    std::string admin = AdminUrl();
    if (admin.empty()) {
      return Status::Unavailable(
          "no PostgreSQL cluster for the tests: run them through ctest (its fixture starts "
          "one), or under scripts/with-postgres, or set PACKPROD_PG_ADMIN_URL");
    }
    std::mt19937_64 rng(std::random_device{}());
    std::string name = "packprod_test_" + std::to_string(rng() % 1000000000000ULL);
    PP_RETURN_IF_ERROR(Admin(admin, "CREATE DATABASE " + name));
    auto slash = admin.rfind('/');
    std::string url = admin.substr(0, slash + 1) + name;
    return std::unique_ptr<TestDatabase>(new TestDatabase(admin, name, url));
  }
  ~TestDatabase() { Admin(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  const std::string& url() const { return url_; }

 private:
  TestDatabase(std::string admin, std::string name, std::string url)
      : admin_(std::move(admin)), name_(std::move(name)), url_(std::move(url)) {}

  static std::string AdminUrl() {
    if (const char* u = std::getenv("PACKPROD_PG_ADMIN_URL"); u && *u) return u;
    const char* file = std::getenv("PACKPROD_PG_ENV");
#ifdef PACKPROD_TEST_PG_ENV
    if (!file || !*file) file = PACKPROD_TEST_PG_ENV;
#endif
    if (!file || !*file) return "";
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      const std::string key = "PACKPROD_PG_ADMIN_URL=";
      if (line.rfind(key, 0) == 0) return line.substr(key.size());
    }
    return "";
  }

  static Status Admin(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    Status st;
    if (PQstatus(c) != CONNECTION_OK) {
      st = Status::Unavailable("cannot reach the test cluster: " + std::string(PQerrorMessage(c)));
    } else {
      PGresult* r = PQexec(c, sql.c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        st = Status::Internal(sql + ": " + PQresultErrorMessage(r));
      }
      PQclear(r);
    }
    PQfinish(c);
    return st;
  }

  std::string admin_, name_, url_;
};

}  // namespace packprod::store::postgres

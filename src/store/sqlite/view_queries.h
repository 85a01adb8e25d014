// Reads of the views for the query API (store.h "views (read side)"), on one
// connection inside the caller's read transaction. Used only by store/sqlite.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"
#include "store/view_sql.h"

namespace packprod::store::sqlite {

// SQL text with its bindings, built together so the two never disagree.
class Query {
 public:
  Query& Sql(std::string_view s) {
    sql_ += s;
    return *this;
  }
  Query& Int(std::int64_t v) {
    sql_ += "?";
    args_.emplace_back(v);
    return *this;
  }
  Query& Text(std::string v) {
    sql_ += "?";
    args_.emplace_back(std::move(v));
    return *this;
  }
  Stmt& Prepare(Db& db) const {
    Stmt& s = db.Prepare(sql_);
    int i = 1;
    for (const auto& a : args_) {
      if (std::holds_alternative<std::int64_t>(a)) {
        s.Bind(i++, std::get<std::int64_t>(a));
      } else {
        s.Bind(i++, std::get<std::string>(a));
      }
    }
    return s;
  }

 private:
  std::string sql_;
  std::vector<std::variant<std::int64_t, std::string>> args_;
};

CustomerAggregate CustomerFromViewRow(const Stmt& s);

Result<CustomerViewPage> QueryCustomerViews(Db& db, const std::string& client,
                                            const CustomerViewQuery& q);
Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Db& db, const std::string& client,
                                                       const SegmentBounds& b);
Result<DayRollups> QueryDayRollups(Db& db, const std::string& client, DayNumber from,
                                   DayNumber to, int parts);
Result<std::int64_t> QueryFirstOrders(Db& db, const std::string& client, Millis from, Millis to);
Status QueryProductPeriod(Db& db, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products);
// Store::FillProductNames: each product's name from its latest named line, any status.
Status QueryProductNames(Db& db, const std::string& client,
                         std::vector<ProductAggregate>* products);
// Every product_totals row of the client.
Result<std::vector<ProductAggregate>> QueryProductTotals(Db& db, const std::string& client);

}  // namespace packprod::store::sqlite

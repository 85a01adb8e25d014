// Reads of the views for the query API (store.h "views (read side)"), on one
// connection inside the caller's read transaction. Used only by store/postgres.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "store/postgres/pg.h"
#include "store/store.h"
#include "store/view_sql.h"

namespace packprod::store::postgres {

// SQL text with its parameters, built together so the two never disagree.
class Query {
 public:
  Query& Sql(std::string_view s) {
    sql_ += s;
    return *this;
  }
  template <typename T>
  Query& Arg(const T& v) {
    sql_ += "$" + std::to_string(p_.Next());
    p_.Add(v);
    return *this;
  }
  // A bigint parameter, typed so that arithmetic on it needs no inference.
  Query& Int(std::int64_t v) {
    Arg(v);
    sql_ += "::bigint";
    return *this;
  }
  Query& Text(std::string v) { return Arg(v); }
  Result<Res> Run(Conn& c) const { return c.Exec(sql_, p_); }

 private:
  std::string sql_;
  Params p_;
};

CustomerAggregate CustomerFromViewRow(const Res& r, int row);

Result<CustomerViewPage> QueryCustomerViews(Conn& c, const std::string& client,
                                            const CustomerViewQuery& q);
Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Conn& c, const std::string& client,
                                                       const SegmentBounds& b);
Result<DayRollups> QueryDayRollups(Conn& c, const std::string& client, DayNumber from,
                                   DayNumber to, int parts);
Result<std::int64_t> QueryFirstOrders(Conn& c, const std::string& client, Millis from, Millis to);
Status QueryProductPeriod(Conn& c, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products);
// Store::FillProductNames: each product's name from its latest named line, any status.
Status QueryProductNames(Conn& c, const std::string& client,
                         std::vector<ProductAggregate>* products);
// Every product_totals row of the client.
Result<std::vector<ProductAggregate>> QueryProductTotals(Conn& c, const std::string& client);

}  // namespace packprod::store::postgres

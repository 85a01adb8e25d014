// SqlStore: the Store read methods written once over sql::Session. SQLite's and
// PostgreSQL's stores derive from it and supply OnSnapshot; everything else of Store
// (writes, coordination, the engine's own reads) stays theirs. Used only by store/sqlite
// and store/postgres.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

class SqlStore : public Store {
 public:
  Result<AccountPage> ListAccountViews(const std::string& client,
                                       const CustomerViewQuery& q) override;
  Result<ReorderPage> ListReorderViews(const std::string& client, const ReorderQuery& q) override;
  Result<std::vector<SegmentMoveCount>> CountSegmentMoves(const std::string& client,
                                                          DayNumber from_day,
                                                          DayNumber to_day) override;
  Result<SegmentMovePage> ListSegmentMoves(const std::string& client,
                                           const SegmentMoveQuery& q) override;
  Result<CohortCells> ReadCohortCells(const std::string& client, MonthNumber from,
                                      MonthNumber to) override;

 protected:
  // Runs `fn` on one consistent snapshot of the store: a reader connection inside one
  // read transaction (SQLite), a read-only REPEATABLE READ transaction (PostgreSQL).
  virtual Status OnSnapshot(const std::function<Status(Session&)>& fn) = 0;

  // OnSnapshot for a function returning Result<T>.
  template <typename T, typename Fn>
  Result<T> Snapshot(Fn&& fn) {
    std::optional<T> out;
    Status st = OnSnapshot([&](Session& s) -> Status {
      Result<T> r = fn(s);
      if (!r.ok()) return r.status();
      out.emplace(std::move(*r));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return std::move(*out);
  }
};

}  // namespace packprod::store::sql

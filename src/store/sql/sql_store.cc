#include "store/sql/sql_store.h"

#include "store/sql/view_queries.h"

namespace packprod::store::sql {

Result<AccountPage> SqlStore::ListAccountViews(const std::string& client,
                                               const CustomerViewQuery& q) {
  return Snapshot<AccountPage>([&](Session& s) { return QueryAccountViews(s, client, q); });
}

Result<ReorderPage> SqlStore::ListReorderViews(const std::string& client,
                                               const ReorderQuery& q) {
  return Snapshot<ReorderPage>([&](Session& s) { return QueryReorderViews(s, client, q); });
}

Result<std::vector<SegmentMoveCount>> SqlStore::CountSegmentMoves(const std::string& client,
                                                                  DayNumber from_day,
                                                                  DayNumber to_day) {
  return Snapshot<std::vector<SegmentMoveCount>>(
      [&](Session& s) { return QuerySegmentMoveCounts(s, client, from_day, to_day); });
}

Result<SegmentMovePage> SqlStore::ListSegmentMoves(const std::string& client,
                                                   const SegmentMoveQuery& q) {
  return Snapshot<SegmentMovePage>([&](Session& s) { return QuerySegmentMoves(s, client, q); });
}

Result<CohortCells> SqlStore::ReadCohortCells(const std::string& client, MonthNumber from,
                                              MonthNumber to) {
  return Snapshot<CohortCells>([&](Session& s) { return QueryCohortCells(s, client, from, to); });
}

}  // namespace packprod::store::sql

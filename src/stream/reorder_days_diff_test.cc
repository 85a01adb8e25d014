// verify's reorder-days check (stream/reorder_days_diff.h): exact stored days and counts
// give no difference; a row's wrong day, a wrong count, a missing and an extra day row are
// each named.
#include "stream/reorder_days_diff.h"

#include <gtest/gtest.h>

namespace packprod::stream {
namespace {

store::ReorderView Row(const std::string& id, std::int64_t cadence, DayNumber expected) {
  store::ReorderView v;
  v.contact_id = id;
  v.cadence = {3, cadence, static_cast<DayNumber>(expected - cadence), expected};
  return v;
}

TEST(ReorderDaysDiffTest, ExactRowsAndCountsHaveNoDifference) {
  const ReorderSettings s;
  std::vector<store::ReorderView> want = {Row("a", 30, 20000), Row("b", 30, 20000),
                                          Row("c", 7, 20010)};
  store::ClientViews have;
  for (store::ReorderView v : want) {
    v.days = ReorderDaysOf(v.cadence, s);
    have.reorders.push_back(v);
  }
  have.reorder_days = ExpectedReorderDayCounts(want, s);
  // a and b share all three days: one row each for their due, overdue and lapse day.
  const ReorderDays d = ReorderDaysOf(want[0].cadence, s);
  EXPECT_EQ(have.reorder_days.front(), (store::ReorderDayCount{d.due_day, 2, 0, 0}));
  std::vector<std::string> out;
  DiffReorderDays(out, want, have, s);
  EXPECT_EQ(out, std::vector<std::string>{});
}

TEST(ReorderDaysDiffTest, NamesAWrongDayAWrongCountAndMissingOrExtraDayRows) {
  const ReorderSettings s;
  std::vector<store::ReorderView> want = {Row("a", 30, 20000), Row("c", 7, 20010)};
  store::ClientViews have;
  for (store::ReorderView v : want) {
    v.days = ReorderDaysOf(v.cadence, s);
    have.reorders.push_back(v);
  }
  have.reorders[1].days.overdue_day += 1;
  have.reorder_days = ExpectedReorderDayCounts(want, s);
  have.reorder_days[0].due += 1;                    // wrong count
  have.reorder_days.erase(have.reorder_days.begin() + 1);  // missing day row
  have.reorder_days.push_back({30000, 0, 0, 1});    // a day row without a reorder row
  std::vector<std::string> out;
  DiffReorderDays(out, want, have, s);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_NE(out[0].find("reorder_cadence c: overdueDay"), std::string::npos) << out[0];
  EXPECT_NE(out[1].find("reorder_day_counts"), std::string::npos) << out[1];
  EXPECT_NE(out[1].find("views (due 2"), std::string::npos) << out[1];
  EXPECT_NE(out[2].find("views (due 0, overdue 0, lapsed 0)"), std::string::npos) << out[2];
  EXPECT_NE(out[3].find("without a reorder row"), std::string::npos) << out[3];
}

}  // namespace
}  // namespace packprod::stream

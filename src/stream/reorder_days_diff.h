// `verify`'s check of the reorder days (docs/metrics.md "Reorders"): each stored
// reorder_cadence row's days are ReorderDaysOf(its cadence, the client's settings), and
// reorder_day_counts holds, per day, how many of the expected rows have it as their due,
// overdue and lapse day. Pure; no I/O.
#pragma once

#include <string>
#include <vector>

#include "domain/reorders.h"
#include "store/view_rows.h"

namespace packprod::stream {

// The expected reorder_day_counts of `rows` (their cadences) under `s`, by day; no
// all-zero rows.
std::vector<store::ReorderDayCount> ExpectedReorderDayCounts(
    const std::vector<store::ReorderView>& rows, const ReorderSettings& s);

// Appends one line per difference. `want`: the expected reorder rows (ComputeExpected's
// reorders; their cadences are compared by DiffViews).
void DiffReorderDays(std::vector<std::string>& out, const std::vector<store::ReorderView>& want,
                     const store::ClientViews& have, const ReorderSettings& s);

}  // namespace packprod::stream

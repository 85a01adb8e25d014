#include "stream/reorder_days_diff.h"

#include <map>

namespace packprod::stream {
namespace {

std::string DayText(DayNumber d) { return FormatDate(d); }

void DayField(std::vector<std::string>& out, const std::string& what, const char* field,
              DayNumber have, DayNumber want) {
  if (have == want) return;
  out.push_back(what + ": " + field + ": views " + DayText(have) + ", orders " + DayText(want));
}

}  // namespace

std::vector<store::ReorderDayCount> ExpectedReorderDayCounts(
    const std::vector<store::ReorderView>& rows, const ReorderSettings& s) {
  std::map<DayNumber, store::ReorderDayCount> by_day;
  for (const store::ReorderView& r : rows) {
    const ReorderDays d = ReorderDaysOf(r.cadence, s);
    ++by_day[d.due_day].due;
    ++by_day[d.overdue_day].overdue;
    ++by_day[d.lapse_day].lapsed;
  }
  std::vector<store::ReorderDayCount> out;
  out.reserve(by_day.size());
  for (auto& [day, c] : by_day) {
    c.day = day;
    out.push_back(c);
  }
  return out;
}

void DiffReorderDays(std::vector<std::string>& out, const std::vector<store::ReorderView>& want,
                     const store::ClientViews& have, const ReorderSettings& s) {
  for (const store::ReorderView& v : have.reorders) {
    const ReorderDays d = ReorderDaysOf(v.cadence, s);
    const std::string what = "reorder_cadence " + v.contact_id;
    DayField(out, what, "dueDay", v.days.due_day, d.due_day);
    DayField(out, what, "overdueDay", v.days.overdue_day, d.overdue_day);
    DayField(out, what, "lapseDay", v.days.lapse_day, d.lapse_day);
  }
  std::map<DayNumber, store::ReorderDayCount> stored;
  for (const store::ReorderDayCount& c : have.reorder_days) stored[c.day] = c;
  for (const store::ReorderDayCount& w : ExpectedReorderDayCounts(want, s)) {
    auto it = stored.find(w.day);
    const store::ReorderDayCount h = it == stored.end() ? store::ReorderDayCount{w.day} : it->second;
    if (it != stored.end()) stored.erase(it);
    if (h == w) continue;
    out.push_back("reorder_day_counts " + DayText(w.day) + ": views (due " +
                  std::to_string(h.due) + ", overdue " + std::to_string(h.overdue) +
                  ", lapsed " + std::to_string(h.lapsed) + "), orders (due " +
                  std::to_string(w.due) + ", overdue " + std::to_string(w.overdue) +
                  ", lapsed " + std::to_string(w.lapsed) + ")");
  }
  for (const auto& [day, h] : stored) {
    out.push_back("reorder_day_counts " + DayText(day) + ": in the views without a reorder row (due " +
                  std::to_string(h.due) + ", overdue " + std::to_string(h.overdue) +
                  ", lapsed " + std::to_string(h.lapsed) + ")");
  }
}

}  // namespace packprod::stream

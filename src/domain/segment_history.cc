#include "domain/segment_history.h"

#include <algorithm>
#include <charconv>
#include <fmt/core.h>

namespace packprod {
namespace {

Status Damaged(const char* why) {
  return Status::Internal(std::string("damaged spend-day row in the views (") + why +
                          "): rebuild the views");
}

bool ParseInt(std::string_view s, std::int64_t* v) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Days after `from` clamped to DayNumber's range (the bounds are int64 settings).
DayNumber DayAfter(DayNumber from, std::int64_t days) {
  const std::int64_t d = std::int64_t{from} + days + 1;
  return static_cast<DayNumber>(std::clamp<std::int64_t>(d, INT32_MIN, INT32_MAX));
}

// The cumulative state at the end of an order day.
struct Running {
  std::int64_t orders = 0;
  Cents spend = 0;
  DayNumber first = 0, last = 0;
};

std::optional<Segment> SegmentOf(const Running& s, DayNumber day, const SegmentRules& r) {
  if (s.orders == 0) return std::nullopt;
  if (std::int64_t{day} - s.last > r.dormant_days) return Segment::kDormant;
  if (s.spend >= r.vip_spend || s.orders >= r.vip_orders) return Segment::kVip;
  if (std::int64_t{day} - s.first <= r.new_days) return Segment::kNew;
  return Segment::kActive;
}

}  // namespace

Result<SpendDays> SpendDays::Decode(std::string_view text) {
  SpendDays out;
  while (!text.empty()) {
    const std::size_t semi = text.find(';');
    std::string_view one = text.substr(0, semi);
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const std::size_t c1 = one.find(':');
    const std::size_t c2 = c1 == std::string_view::npos ? c1 : one.find(':', c1 + 1);
    if (c2 == std::string_view::npos) return Damaged("malformed entry");
    std::int64_t day = 0, orders = 0, spend = 0;
    if (!ParseInt(one.substr(0, c1), &day) || !ParseInt(one.substr(c1 + 1, c2 - c1 - 1), &orders) ||
        !ParseInt(one.substr(c2 + 1), &spend)) {
      return Damaged("malformed number");
    }
    if (day < INT32_MIN || day > INT32_MAX) return Damaged("day out of range");
    if (orders < 1) return Damaged("orders below 1");
    if (!out.days_.empty() && day <= out.days_.back().day) return Damaged("days not ascending");
    out.days_.push_back({static_cast<DayNumber>(day), orders, spend});
  }
  return out;
}

DayMultiset SpendDays::OrderDays() const {
  DayMultiset out;
  for (const SpendDay& d : days_) (void)out.Add(d.day, d.orders);  // orders >= 1: cannot fail
  return out;
}

std::string SpendDays::Encode() const {
  std::string out;
  for (const SpendDay& d : days_) {
    if (!out.empty()) out += ';';
    out += fmt::format("{}:{}:{}", d.day, d.orders, d.spend);
  }
  return out;
}

Status SpendDays::Add(DayNumber day, std::int64_t orders, Cents spend) {
  auto it = std::lower_bound(days_.begin(), days_.end(), day,
                             [](const SpendDay& e, DayNumber d) { return e.day < d; });
  const bool found = it != days_.end() && it->day == day;
  const std::int64_t now = (found ? it->orders : 0) + orders;
  if (now < 0) {
    return Status::Internal("spend days below zero on " + FormatDate(day) +
                            ": rebuild the views");
  }
  if (now == 0) {
    if (found) days_.erase(it);
    return Status::Ok();
  }
  if (found) {
    it->orders = now;
    it->spend += spend;
  } else {
    days_.insert(it, SpendDay{day, now, spend});
  }
  return Status::Ok();
}

SegmentRules SegmentRulesOf(const ClientSettings& s) {
  return SegmentRules{s.vip_spend, s.vip_orders, s.dormant_days, s.new_days};
}

std::optional<Segment> DaySegment(const SpendDays& d, DayNumber day, const SegmentRules& r) {
  Running s;
  for (const SpendDay& e : d.days()) {
    if (e.day > day) break;
    if (s.orders == 0) s.first = e.day;
    s.orders += e.orders;
    s.spend += e.spend;
    s.last = e.day;
  }
  return SegmentOf(s, day, r);
}

std::vector<SegmentMove> SegmentMoves(const SpendDays& d, const SegmentRules& r) {
  std::vector<SegmentMove> out;
  std::optional<Segment> current;
  auto at = [&](const Running& s, DayNumber day) {
    std::optional<Segment> seg = SegmentOf(s, day, r);
    if (seg != current && seg) out.push_back({day, current, *seg});
    current = seg;
  };
  Running s;
  const auto& days = d.days();
  for (std::size_t i = 0; i < days.size(); ++i) {
    const SpendDay& e = days[i];
    if (s.orders == 0) s.first = e.day;
    s.orders += e.orders;
    s.spend += e.spend;
    s.last = e.day;
    at(s, e.day);
    // Until the next order day only time moves the segment: the end of New and the
    // start of Dormant.
    std::vector<DayNumber> ahead{DayAfter(s.first, r.new_days), DayAfter(s.last, r.dormant_days)};
    std::sort(ahead.begin(), ahead.end());
    for (DayNumber day : ahead) {
      if (day <= e.day || (i + 1 < days.size() && day >= days[i + 1].day)) continue;
      at(s, day);
    }
  }
  return out;
}

std::string MoveSegmentName(const std::optional<Segment>& s) {
  return s ? SegmentName(*s) : "none";
}

std::optional<std::optional<Segment>> ParseMoveSegment(std::string_view s) {
  if (s == "none") return std::optional<Segment>();
  auto seg = ParseSegment(s);
  if (!seg) return std::nullopt;
  return std::optional<Segment>(*seg);
}

MonthNumber MonthOfDay(DayNumber day) {
  int y = 0;
  unsigned m = 0, dd = 0;
  CivilFromDays(day, &y, &m, &dd);
  return static_cast<MonthNumber>(y * 12 + static_cast<int>(m) - 1);
}

DayNumber MonthStart(MonthNumber m) {
  const int y = m >= 0 ? m / 12 : (m - 11) / 12;
  return DaysFromCivil(y, static_cast<unsigned>(m - y * 12 + 1), 1);
}

std::string FormatMonth(MonthNumber m) { return FormatDate(MonthStart(m)).substr(0, 7); }

void AddCohortCells(CohortCells& cells, const SpendDays& d, int sign) {
  if (d.empty()) return;
  const MonthNumber cohort = MonthOfDay(d.days().front().day);
  std::optional<MonthNumber> month;
  for (const SpendDay& e : d.days()) {
    const MonthNumber m = MonthOfDay(e.day);
    CohortCell& c = cells[{cohort, m}];
    if (m != month) c.customers += sign;
    c.revenue += sign * e.spend;
    month = m;
  }
}

}  // namespace packprod

// GET /api/segments/movements and GET /api/reports/cohorts (docs/api.md, docs/metrics.md
// "Segment movements", "Cohorts"): served from segment_moves and cohort_cells (by=product:
// product_cohorts_handler.h); the slow path (cache=bypass, or no processor) computes the
// same from the orders.
#include <algorithm>
#include <cmath>
#include <map>

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/product_cohorts_handler.h"
#include "api/read_path.h"
#include "domain/period.h"
#include "domain/segment_history.h"
#include "store/store.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

json::value SegmentJson(const std::optional<Segment>& s) {
  return s ? json::value(SegmentName(*s)) : json::value(nullptr);
}

// `name` as a YYYY-MM-DD date, or nullopt when absent.
Result<std::optional<DayNumber>> DateParam(const Request& req, const char* name) {
  auto v = NonEmptyParam(req, name);
  if (!v) return std::optional<DayNumber>();
  auto d = ParseDate(*v);
  if (!d) return Status::InvalidArgument(std::string(name) + ": must be a date YYYY-MM-DD");
  return std::optional<DayNumber>(*d);
}

// The local days [from, to]: both given, or the 30 days ending on as_of's day.
Result<std::pair<DayNumber, DayNumber>> DaysParam(const Request& req, DayNumber today,
                                                  int default_days) {
  PP_ASSIGN_OR_RETURN(auto from, DateParam(req, "from"));
  PP_ASSIGN_OR_RETURN(auto to, DateParam(req, "to"));
  const DayNumber end = to.value_or(today);
  const DayNumber start = from.value_or(end - (default_days - 1));
  if (start > end) return Status::InvalidArgument("from: must not be after to");
  return std::make_pair(start, end);
}

// Each contact's SpendDays from the orders themselves (the slow path), streamed: memory
// grows with the contacts' order days, not with the orders.
Result<std::map<std::string, SpendDays>> SpendDaysFromOrders(ApiContext& ctx, const Principal& p) {
  std::map<std::string, SpendDays> out;
  Status added;
  PP_RETURN_IF_ERROR(ctx.store->ScanOrdersByContact(p.client.client_id, [&](Order&& o) {
    if (!Counts(o.status)) return true;
    added = out[o.contact_id].Add(p.tz.LocalDay(o.created_at), 1, o.total);
    return added.ok();
  }));
  PP_RETURN_IF_ERROR(added);
  return out;
}

struct MoveArgs {
  DayNumber from = 0, to = 0;  // `to` already capped at asOf's day
  std::optional<store::SegmentMoveQuery> listing;
};

Result<MoveArgs> ParseMoveArgs(const Request& req, DayNumber today) {
  MoveArgs a;
  PP_ASSIGN_OR_RETURN(auto days, DaysParam(req, today, kDefaultPeriodDays));
  a.from = days.first;
  a.to = std::min(days.second, today);
  auto from_seg = NonEmptyParam(req, "fromSegment");
  auto to_seg = NonEmptyParam(req, "toSegment");
  if (!from_seg && !to_seg) return a;
  if (!from_seg || !to_seg) {
    return Status::InvalidArgument(std::string(from_seg ? "toSegment" : "fromSegment") +
                                   ": give both fromSegment and toSegment to list contacts");
  }
  store::SegmentMoveQuery q;
  auto f = ParseMoveSegment(*from_seg);
  if (!f) return Status::InvalidArgument("fromSegment: must be none, VIP, Active, New or Dormant");
  auto t = ParseSegment(*to_seg);
  if (!t) return Status::InvalidArgument("toSegment: must be VIP, Active, New or Dormant");
  q.from = *f;
  q.to = *t;
  q.from_day = a.from;
  q.to_day = a.to;
  PP_ASSIGN_OR_RETURN(q.limit, LimitParam(req));
  if (auto c = NonEmptyParam(req, "cursor")) {
    PP_ASSIGN_OR_RETURN(auto fields, DecodeCursor(*c, 2));
    auto day = ParseDate(fields[0]);
    if (!day) return Status::InvalidArgument("cursor: not a cursor from meta.nextCursor");
    q.after = ListCursor{false, *day, "", fields[1]};
  }
  a.listing = std::move(q);
  return a;
}

// The slow path's counts and page, like the store's.
void MovesFromOrders(const std::map<std::string, SpendDays>& spend,
                     const std::vector<ContactRecord>& contact_records,
                     const SegmentRules& rules, const MoveArgs& a,
                     std::vector<store::SegmentMoveCount>* counts, store::SegmentMovePage* page) {
  std::map<std::pair<int, int>, std::int64_t> n;
  std::vector<store::SegmentMoveRow> rows;
  std::map<std::string_view, const ContactRecord*> contacts;
  for (const ContactRecord& c : contact_records) contacts[c.contact_id] = &c;
  for (const auto& [id, d] : spend) {
    for (const SegmentMove& m : SegmentMoves(d, rules)) {
      if (m.day < a.from || m.day > a.to) continue;
      ++n[{m.from ? static_cast<int>(*m.from) : -1, static_cast<int>(m.to)}];
      if (!a.listing || m.from != a.listing->from || m.to != a.listing->to) continue;
      store::SegmentMoveRow r{id, m, "", std::nullopt, std::nullopt};
      if (auto it = contacts.find(id); it != contacts.end()) {
        r.email = it->second->email;
        r.name = it->second->name;
        r.company = it->second->company;
      }
      rows.push_back(std::move(r));
    }
  }
  for (const auto& [k, v] : n) {
    counts->push_back({k.first < 0 ? std::nullopt : std::optional<Segment>(Segment(k.first)),
                       Segment(k.second), v});
  }
  if (!a.listing) return;
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return std::tie(x.move.day, x.contact_id) < std::tie(y.move.day, y.contact_id);
  });
  page->total = static_cast<std::int64_t>(rows.size());
  const auto& after = a.listing->after;
  for (auto& r : rows) {
    if (after && std::make_pair(std::int64_t{r.move.day}, r.contact_id) <=
                     std::make_pair(after->int_key, after->id)) {
      continue;
    }
    if (static_cast<int>(page->items.size()) == a.listing->limit) {
      page->more = true;
      break;
    }
    page->items.push_back(std::move(r));
  }
}

// Rank of a move's from segment for sorting: none first, then the Segment order.
int FromRank(const std::optional<Segment>& s) { return s ? static_cast<int>(*s) + 1 : 0; }

}  // namespace

Response HandleSegmentMovements(ApiContext& ctx, Request& req, const Principal& p) {
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto args = ParseMoveArgs(req, p.tz.LocalDay(*as_of));
  if (!args.ok()) return JsonError(req, args.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  std::vector<store::SegmentMoveCount> counts;
  store::SegmentMovePage page;
  if (*path == ReadPath::kViews) {
    auto c = ctx.store->CountSegmentMoves(p.client.client_id, args->from, args->to);
    if (!c.ok()) return JsonError(req, c.status());
    counts = std::move(*c);
    if (args->listing) {
      auto pg = ctx.store->ListSegmentMoves(p.client.client_id, *args->listing);
      if (!pg.ok()) return JsonError(req, pg.status());
      page = std::move(*pg);
    }
  } else {
    auto spend = SpendDaysFromOrders(ctx, p);
    if (!spend.ok()) return JsonError(req, spend.status());
    auto contacts = ctx.store->ListContacts(p.client.client_id);
    if (!contacts.ok()) return JsonError(req, contacts.status());
    MovesFromOrders(*spend, *contacts, SegmentRulesOf(p.client), *args, &counts, &page);
  }
  std::sort(counts.begin(), counts.end(), [](const auto& x, const auto& y) {
    return std::make_pair(FromRank(x.from), static_cast<int>(x.to)) <
           std::make_pair(FromRank(y.from), static_cast<int>(y.to));
  });
  json::array moves;
  std::int64_t total = 0;
  for (const auto& c : counts) {
    moves.push_back(json::object{
        {"from", SegmentJson(c.from)}, {"to", SegmentName(c.to)}, {"contacts", c.contacts}});
    total += c.contacts;
  }
  json::object data{{"from", FormatDate(args->from)},
                    {"to", FormatDate(args->to)},
                    {"movements", std::move(moves)},
                    {"total", total}};
  json::object meta = PathMeta(*path);
  meta["asOf"] = FormatRfc3339(*as_of);
  if (args->listing) {
    json::array contacts;
    for (const auto& r : page.items) {
      auto opt = [](const std::optional<std::string>& v) {
        return v ? json::value(*v) : json::value(nullptr);
      };
      contacts.push_back(json::object{{"contactID", r.contact_id},
                                      {"name", opt(r.name)},
                                      {"email", r.email},
                                      {"company", opt(r.company)},
                                      {"date", FormatDate(r.move.day)},
                                      {"from", SegmentJson(r.move.from)},
                                      {"to", SegmentName(r.move.to)}});
    }
    std::optional<std::string> next;
    if (page.more && !page.items.empty()) {
      const auto& last = page.items.back();
      next = EncodeCursor({FormatDate(last.move.day), last.contact_id});
    }
    AddPageMeta(meta, contacts.size(), page.total, next);
    data["contacts"] = std::move(contacts);
  }
  return JsonData(req, std::move(data), std::move(meta));
}

Response HandleCohorts(ApiContext& ctx, Request& req, const Principal& p) {
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  const std::string metric = NonEmptyParam(req, "metric").value_or("customers");
  if (metric != "customers" && metric != "revenue") {
    return JsonError(req, Status::InvalidArgument("metric: must be customers or revenue"));
  }
  const std::string by = NonEmptyParam(req, "by").value_or("month");
  if (by != "month" && by != "product") {
    return JsonError(req, Status::InvalidArgument("by: must be month or product"));
  }
  const MonthNumber now = MonthOfDay(p.tz.LocalDay(*as_of));
  auto days = DaysParam(req, p.tz.LocalDay(*as_of), 366);
  if (!days.ok()) return JsonError(req, days.status());
  const MonthNumber first = MonthOfDay(days->first);
  const MonthNumber last = std::min(MonthOfDay(days->second), now);
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  if (by == "product") {
    return ProductCohortsResponse(ctx, req, p, CohortArgs{metric, first, last, now, *as_of, *path});
  }
  CohortCells cells;
  if (*path == ReadPath::kViews) {
    auto c = ctx.store->ReadCohortCells(p.client.client_id, first, last);
    if (!c.ok()) return JsonError(req, c.status());
    cells = std::move(*c);
  } else {
    auto spend = SpendDaysFromOrders(ctx, p);
    if (!spend.ok()) return JsonError(req, spend.status());
    for (const auto& [id, d] : *spend) AddCohortCells(cells, d, +1);
  }
  json::array cohorts;
  for (MonthNumber cohort = first; cohort <= last; ++cohort) {
    auto size_it = cells.find({cohort, cohort});
    if (size_it == cells.end() || size_it->second.customers == 0) continue;
    const std::int64_t size = size_it->second.customers;
    Cents revenue = 0;
    json::array row;
    for (MonthNumber m = cohort; m <= now; ++m) {
      auto it = cells.find({cohort, m});
      const CohortCell c = it == cells.end() ? CohortCell{} : it->second;
      revenue += c.revenue;
      const double share = std::round(10000.0 * c.customers / size) / 10000.0;
      row.push_back(json::object{{"month", FormatMonth(m)},
                                 {"offset", m - cohort},
                                 {"customers", c.customers},
                                 {"share", share},
                                 {"revenue", CentsToJson(c.revenue)},
                                 {"value", metric == "revenue" ? CentsToJson(c.revenue)
                                                               : json::value(share)}});
    }
    cohorts.push_back(json::object{{"cohort", FormatMonth(cohort)},
                                   {"customers", size},
                                   {"revenue", CentsToJson(revenue)},
                                   {"months", std::move(row)}});
  }
  json::object data{{"by", by},
                    {"metric", metric},
                    {"from", FormatMonth(first)},
                    {"to", FormatMonth(std::max(first, last))},
                    {"through", FormatMonth(now)},
                    {"cohorts", std::move(cohorts)}};
  json::object meta = PathMeta(*path);
  meta["asOf"] = FormatRfc3339(*as_of);
  return JsonData(req, std::move(data), std::move(meta));
}

}  // namespace packprod::api

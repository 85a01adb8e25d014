// GET /api/reports/overview|sales|products|statistics: from the daily roll-ups for
// periods of whole local days, else computed from the orders as they stream by
// (domain/reports_stream.h); statistics from the kept counters (domain/order_stats.h)
// for all time and periods whose ends are local dates or open, else (and on the orders'
// path) from the orders' facts (StatisticsBuilder).
#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/day_customers.h"
#include "domain/order_stats.h"
#include "domain/period.h"
#include "domain/reports.h"
#include "domain/reports_internal.h"
#include "domain/reports_rollup.h"
#include "domain/reports_stream.h"
#include "store/store.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

enum class Report { kOverview, kSales, kProducts, kStatistics };

struct ReportArgs {
  Period period;
  std::string interval = "day";
  std::string sort = "revenue";
  int limit = 50;
};

Result<ReportArgs> ParseArgs(Report which, const Request& req, Millis as_of, const TimeZone& tz) {
  ReportArgs a;
  std::optional<std::string> from = NonEmptyParam(req, "from");
  std::optional<std::string> to = NonEmptyParam(req, "to");
  if (which != Report::kStatistics && from.has_value() != to.has_value()) {
    // One end given: the other makes a 30-day period (ending today when `to` is missing).
    PP_ASSIGN_OR_RETURN(Period given, MakePeriod(from, to, as_of, tz, false));
    if (!to) {
      to = given.dates ? FormatDate(tz.LocalDay(as_of)) : FormatRfc3339(as_of);
    } else {
      from = given.dates ? FormatDate(given.to_day - (kDefaultPeriodDays - 1))
                         : FormatRfc3339(given.to - kDefaultPeriodDays * kDayMs);
    }
  }
  PP_ASSIGN_OR_RETURN(a.period, MakePeriod(from, to, as_of, tz, which != Report::kStatistics));
  a.interval = NonEmptyParam(req, "interval").value_or("day");
  if (a.interval != "day" && a.interval != "week" && a.interval != "month") {
    return Status::InvalidArgument("interval: must be day, week or month");
  }
  a.sort = NonEmptyParam(req, "sort").value_or("revenue");
  if (which == Report::kProducts && a.sort != "revenue" && a.sort != "units" &&
      a.sort != "orders") {
    return Status::InvalidArgument("sort: must be revenue, units or orders");
  }
  PP_ASSIGN_OR_RETURN(a.limit, LimitParam(req));
  return a;
}

// Feeds every order of the client to `b`, each contact's orders together, and finishes it.
template <typename Builder>
Result<json::object> Fold(store::Store& st, const std::string& client, Builder& b) {
  PP_RETURN_IF_ERROR(st.ScanOrdersByContact(client, [&b](Order&& o) {
    b.Add(o);
    return true;
  }));
  return b.Finish();
}

// Overview, sales or the products report computed from the orders as they stream by
// (domain/reports_stream.h): the answer's aggregates in memory, never the orders.
Result<json::object> FromOrders(Report which, ApiContext& ctx, const Principal& pr,
                                const ReportArgs& a, Millis as_of) {
  const std::string& client = pr.client.client_id;
  std::vector<ContactRecord> contacts;  // only overview names contacts
  if (which == Report::kOverview) {
    PP_ASSIGN_OR_RETURN(contacts, ctx.store->ListContacts(client));
  }
  const StreamInput in{&contacts, &pr.client, &pr.tz, as_of};
  json::object out;
  switch (which) {
    case Report::kOverview: {
      OverviewBuilder b(in, a.period);
      PP_ASSIGN_OR_RETURN(out, Fold(*ctx.store, client, b));
      PP_RETURN_IF_ERROR(NameProducts(*ctx.store, client, out["topProducts"].as_array()));
      return out;
    }
    case Report::kSales: {
      PP_ASSIGN_OR_RETURN(SalesBuilder b, SalesBuilder::Make(in, a.period, a.interval));
      return Fold(*ctx.store, client, b);
    }
    case Report::kProducts: {
      PP_ASSIGN_OR_RETURN(ProductsReportBuilder b,
                          ProductsReportBuilder::Make(a.period, a.sort, a.limit));
      PP_ASSIGN_OR_RETURN(out, Fold(*ctx.store, client, b));
      PP_RETURN_IF_ERROR(NameProducts(*ctx.store, client, out["items"].as_array()));
      return out;
    }
    case Report::kStatistics:
      break;
  }
  return Status::Internal("unknown report");
}

// Ranks the period's products (whole local days) by `sort` (desc, code asc), keeps
// `limit`, and fills the per-period customers (product_day_customers: one row per day and
// kept product, whatever the orders) and name from the store.
Result<json::array> PeriodProducts(store::Store& st, const std::string& client, const Period& p,
                                   const DayRollups& r, std::string_view sort, size_t limit) {
  std::vector<ProductAggregate> rows = RankProductDays(p, r);
  auto key = [sort](const ProductAggregate& x) {
    return sort == "units" ? x.units : sort == "orders" ? x.orders : x.revenue;
  };
  std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return key(a) != key(b) ? key(a) > key(b) : a.code < b.code;
  });
  if (rows.size() > limit) rows.resize(limit);
  PP_RETURN_IF_ERROR(st.FillProductDays(client, p.from_day, p.to_day, &rows));
  json::array out;
  for (const auto& x : rows) out.push_back(reports_internal::ReportProductJson(x));
  return out;
}

// The overview from the views: every figure from one snapshot (Store::OverviewView).
Result<json::object> Overview(ApiContext& ctx, const Principal& pr, const Period& p,
                              Millis as_of) {
  Period prev = PreviousPeriod(p, pr.tz);
  PP_ASSIGN_OR_RETURN(store::OverviewFigures f,
                      ctx.store->OverviewView(pr.client.client_id, prev.from_day, p.from_day,
                                              p.to_day, kTopRows,
                                              SegmentBoundsAt(as_of, pr.client)));
  // Totals and distinct customers of both periods from sales_daily and day_customers.
  json::object o = SummaryFromRollups(p, f.totals);
  o["previous"] = SummaryFromRollups(prev, f.totals);
  json::array products;
  for (const auto& x : f.top_products) products.push_back(reports_internal::ReportProductJson(x));
  o["topProducts"] = std::move(products);
  o["topCustomers"] = TopCustomersJson(f.top_customers);
  o["segments"] = json::object{{"VIP", f.segments[0]}, {"Active", f.segments[1]},
                               {"New", f.segments[2]}, {"Dormant", f.segments[3]}};
  return o;
}

// The report from the views, or nullopt when the roll-ups cannot answer it exactly.
Result<std::optional<json::object>> FromViews(Report which, ApiContext& ctx,
                                              const Principal& pr, const ReportArgs& a,
                                              Millis as_of) {
  const Period& p = a.period;
  if (!p.dates || which == Report::kStatistics) return std::optional<json::object>();
  const std::string& client = pr.client.client_id;
  if (which == Report::kOverview) {
    PP_ASSIGN_OR_RETURN(json::object o, Overview(ctx, pr, p, as_of));
    return std::optional<json::object>(std::move(o));
  }
  // Sales: its totals and distinct customers; the products report: the product rows.
  const int parts = which == Report::kSales ? store::kSalesRollup | store::kDayCustomersRollup
                                            : store::kProductRangeRollup;
  PP_ASSIGN_OR_RETURN(DayRollups r,
                      ctx.store->ReadDayRollups(client, p.from_day, p.to_day, parts));
  if (which == Report::kSales) {
    PP_ASSIGN_OR_RETURN(json::object o, SalesFromRollups(p, a.interval, r, pr.tz));
    return std::optional<json::object>(std::move(o));
  }
  PP_ASSIGN_OR_RETURN(json::array items,
                      PeriodProducts(*ctx.store, client, p, r, a.sort, static_cast<size_t>(a.limit)));
  return std::optional<json::object>(
      json::object{{"period", PeriodJson(p)}, {"sort", a.sort}, {"items", std::move(items)}});
}

// The local days [first, last] a statistics period covers when each end is a local date
// or open (all time: kStatsAllTime twice); nullopt when an end is an instant.
std::optional<std::pair<DayNumber, DayNumber>> StatisticsDays(const Period& p) {
  if (p.AllTime()) return std::make_pair(kStatsAllTime, kStatsAllTime);
  if (p.dates) return std::make_pair(p.from_day, p.to_day);
  auto end = [](const std::string& text, DayNumber open) -> std::optional<DayNumber> {
    if (text.empty()) return open;
    return ParseDate(text);
  };
  std::optional<DayNumber> from = end(p.from_text, kStatsAllTime + 1);
  std::optional<DayNumber> to = end(p.to_text, std::numeric_limits<DayNumber>::max());
  if (!from || !to) return std::nullopt;
  return std::make_pair(*from, *to);
}

// The statistics report from the kept counters: the period's figures and segmentCounts
// from customer_metrics' kept counts in one snapshot (StatisticsView), distinct customers
// (all time: every contact with a segment, i.e. with a counted order; a period: from
// day_customers).
Result<json::object> StatisticsFromViews(ApiContext& ctx, const Principal& pr, const Period& p,
                                         std::pair<DayNumber, DayNumber> days, Millis as_of) {
  const std::string& client = pr.client.client_id;
  const bool all_time = days.first == kStatsAllTime;
  const SegmentBounds bounds = SegmentBoundsAt(as_of, pr.client);
  PP_ASSIGN_OR_RETURN(StatisticsFigures f,
                      ctx.store->StatisticsView(client, pr.client,
                                                all_time ? std::nullopt : std::optional(days),
                                                &bounds));
  if (!all_time) {
    PP_ASSIGN_OR_RETURN(DayRollups r, ctx.store->ReadDayRollups(client, days.first, days.second,
                                                                store::kDayCustomersRollup));
    f.customers = DistinctCustomers(r.day_customers, days.first, days.second);
  }
  return StatisticsJson(all_time ? std::nullopt : std::optional<Period>(p), f);
}

Response Serve(Report which, ApiContext& ctx, Request& req, const Principal& p) {
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto args = ParseArgs(which, req, *as_of, p.tz);
  if (!args.ok()) return JsonError(req, args.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto meta = [&](ReadPath served) {
    json::object m = PathMeta(served);
    m["asOf"] = FormatRfc3339(*as_of);
    return m;
  };
  if (which == Report::kStatistics) {
    auto days = StatisticsDays(args->period);
    if (*path == ReadPath::kViews && days) {
      auto out = StatisticsFromViews(ctx, p, args->period, *days, *as_of);
      if (!out.ok()) return JsonError(req, out.status());
      return JsonData(req, std::move(out).value(), meta(ReadPath::kViews));
    }
    // From the orders' facts (an index scan, no order document, memory bounded by one
    // total per counted order in the period).
    StatisticsBuilder b(p.client, p.tz, *as_of,
                        args->period.AllTime() ? std::nullopt : std::optional<Period>(args->period));
    Status st = ctx.store->ScanOrderFacts(p.client.client_id, [&b](const store::OrderFact& f) {
      b.Add(f.contact_id, f.created_at, f.status, f.total);
    });
    if (!st.ok()) return JsonError(req, st);
    return JsonData(req, b.Finish(), meta(ReadPath::kOrders));
  }
  if (*path == ReadPath::kViews) {
    auto out = FromViews(which, ctx, p, *args, *as_of);
    if (!out.ok()) return JsonError(req, out.status());
    if (*out) return JsonData(req, std::move(**out), meta(ReadPath::kViews));
  }
  auto out = FromOrders(which, ctx, p, *args, *as_of);
  if (!out.ok()) return JsonError(req, out.status());
  return JsonData(req, std::move(out).value(), meta(ReadPath::kOrders));
}

}  // namespace

Response HandleOverview(ApiContext& ctx, Request& req, const Principal& p) {
  return Serve(Report::kOverview, ctx, req, p);
}
Response HandleSales(ApiContext& ctx, Request& req, const Principal& p) {
  return Serve(Report::kSales, ctx, req, p);
}
Response HandleProductsReport(ApiContext& ctx, Request& req, const Principal& p) {
  return Serve(Report::kProducts, ctx, req, p);
}
Response HandleStatistics(ApiContext& ctx, Request& req, const Principal& p) {
  return Serve(Report::kStatistics, ctx, req, p);
}

}  // namespace packprod::api

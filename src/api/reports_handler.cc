// GET /api/reports/overview|sales|products|statistics.
#include <boost/json.hpp>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/read_path.h"
#include "domain/period.h"
#include "domain/reports.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

enum class Report { kOverview, kSales, kProducts, kStatistics };

Result<json::object> Compute(Report which, const Request& req, const ReportInput& in) {
  const bool stats = which == Report::kStatistics;
  PP_ASSIGN_OR_RETURN(Period p, MakePeriod(NonEmptyParam(req, "from"), NonEmptyParam(req, "to"),
                                           in.as_of, *in.tz, !stats));
  switch (which) {
    case Report::kOverview:
      return OverviewReport(in, p);
    case Report::kSales: {
      std::string interval = NonEmptyParam(req, "interval").value_or("day");
      if (interval != "day" && interval != "week" && interval != "month") {
        return Status::InvalidArgument("interval: must be day, week or month");
      }
      return SalesReport(in, p, interval);
    }
    case Report::kProducts: {
      std::string sort = NonEmptyParam(req, "sort").value_or("revenue");
      if (sort != "revenue" && sort != "units" && sort != "orders") {
        return Status::InvalidArgument("sort: must be revenue, units or orders");
      }
      PP_ASSIGN_OR_RETURN(int limit, LimitParam(req));
      return ProductsReport(in, p, sort, limit);
    }
    case Report::kStatistics:
      return StatisticsReport(in, p.AllTime() ? std::nullopt : std::optional<Period>(p));
  }
  return Status::Internal("unknown report");
}

Response Serve(Report which, ApiContext& ctx, Request& req, const Principal& p) {
  auto as_of = AsOfParam(req, NowMillis());
  if (!as_of.ok()) return JsonError(req, as_of.status());
  auto path = ChooseReadPath(ctx, req);
  if (!path.ok()) return JsonError(req, path.status());
  auto data = LoadClientData(*ctx.store, p.client.client_id);
  if (!data.ok()) return JsonError(req, data.status());
  ReportInput in{&data->orders, &data->contacts, &p.client, &p.tz, *as_of};
  auto out = Compute(which, req, in);
  if (!out.ok()) return JsonError(req, out.status());
  json::object meta = PathMeta(ReadPath::kOrders);
  meta["asOf"] = FormatRfc3339(*as_of);
  return JsonData(req, std::move(out).value(), std::move(meta));
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

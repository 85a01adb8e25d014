// GET /api/reports/cohorts?by=product (docs/metrics.md "Cohorts", by first product): the
// product cohorts from product_cohort_cells, or on the slow path from the orders, streamed
// by contact. Called by HandleCohorts (segments_handler.cc) once the shared parameters are
// parsed.
#pragma once

#include <string>

#include "api/context.h"
#include "api/http.h"
#include "api/read_path.h"
#include "domain/segment_history.h"

namespace packprod::api {

struct CohortArgs {
  std::string metric;               // customers | revenue
  MonthNumber first = 0, last = 0;  // the first-order months asked for
  MonthNumber now = 0;              // asOf's month
  Millis as_of = 0;
  ReadPath path = ReadPath::kViews;
};

// The answer: {by: "product", metric, from, to, through, cohorts: [{cohort: code, name,
// customers, revenue, months: [{offset, customers, share, revenue, value}]}]}; `limit`
// (1-200, default 20) caps the cohorts, largest first.
Response ProductCohortsResponse(ApiContext& ctx, Request& req, const Principal& p,
                                const CohortArgs& a);

}  // namespace packprod::api

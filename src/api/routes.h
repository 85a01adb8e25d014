// The route table of `packprod serve`: every endpoint of docs/api.md with its access rule.
#pragma once

#include "api/context.h"
#include "api/router.h"

namespace packprod::api {

// Builds the router. `ctx` must outlive it. Routes under /api/ and /admin/ require a
// key (admin routes an admin key); /healthz and the dashboard are open. /metrics takes
// ctx.metrics_token when one is set (API keys are then refused), else any key; with
// ctx.metrics_elsewhere it is 404 here (served by BuildMetricsRouter's listener).
Router BuildRouter(ApiContext& ctx);

// The router of the separate metrics listener (`serve --metrics-listen`): only
// GET /metrics, open unless ctx.metrics_token is set.
Router BuildMetricsRouter(ApiContext& ctx);

}  // namespace packprod::api

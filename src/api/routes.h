// The route table of `packprod serve`: every endpoint of docs/api.md with its access rule.
#pragma once

#include "api/context.h"
#include "api/router.h"

namespace packprod::api {

// Builds the router. `ctx` must outlive it. Routes under /api/, /admin/ and /metrics
// require a key (admin routes an admin key); /healthz and the dashboard are open.
Router BuildRouter(ApiContext& ctx);

}  // namespace packprod::api

// GET /api/alerts: the caller's client's active and recent alerts (src/notify), each with
// its deliveries (state, attempts, last error, next retry), and the weekly digest's last
// sending or failure. Any role.
#pragma once

#include "api/context.h"
#include "api/http.h"

namespace packprod::api {

Response HandleAlerts(ApiContext& ctx, Request& req, const Principal& p);

}  // namespace packprod::api

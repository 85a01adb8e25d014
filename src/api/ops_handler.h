// The operations endpoints (docs/api.md "Operations") and the hooks that feed them.
//
//   GET /metrics           Prometheus text 0.0.4 from ctx.metrics (any key)
//   GET /api/performance   per-route figures, stream and imports over ?window=1m..24h
//   GET /api/events        server-sent events of the key's client from ctx.events
//
// Each works without its part of the context (ctx.metrics, ctx.events null): 503
// `unavailable`; ObserveRequest and the Note* hooks then only log or do nothing.
// All functions may be called from any server thread.
#pragma once

#include <boost/json/value.hpp>

#include "api/context.h"
#include "api/http.h"
#include "store/importer.h"

namespace packprod::api {

Response HandleMetrics(ApiContext& ctx, Request& req, const Principal& p);
Response HandlePerformance(ApiContext& ctx, Request& req, const Principal& p);
// A streaming response: `: connected` and the current position (`id:`), then the
// client's events as they are published, a heartbeat comment every 15 s of silence. With
// a Last-Event-ID header, first the events after it (or a `reset` event), see
// ops/events.h. A non-numeric Last-Event-ID is 400 `invalid_argument`.
Response HandleEvents(ApiContext& ctx, Request& req, const Principal& p);

// The server's per-request hook: one log line with the request id, the request metrics,
// and over ctx.slow_ms a `SLOW QUERY: <route> took <n>ms (<method> <target>)` line.
void ObserveRequest(ApiContext& ctx, const Request& req, const Response& res, double ms);

// After an import committed: counts its outcomes and, when it changed something,
// publishes an `order` event {seq, orderIDs, contactIDs, created, updated} to the client.
void NoteImported(ApiContext& ctx, const Principal& p, const store::ImportOutcome& out);
// After an import was refused as a whole: counts its orders (those of `body`'s `orders`
// array, else 1) as rejected. `body` may be null (unreadable).
void NoteImportRejected(ApiContext& ctx, const boost::json::value* body);

}  // namespace packprod::api

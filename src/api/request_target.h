// The request target (RFC 9112 origin-form: path and query) split into what handlers
// read. The server calls this for every request before routing; it is the first parser
// of outside input after the HTTP header parser.
//
// Pure; safe to call from any thread.
#pragma once

#include "api/http.h"
#include "domain/status.h"

namespace packprod::api {

// Fills req->raw_path (the path as sent, still percent-encoded), req->path (decoded)
// and req->query (decoded key/value pairs, in order) from req->target. InvalidArgument
// "malformed request target" when the target is not origin-form ("/path?query"): an
// absolute URL, "*", a bad percent escape or a character not allowed in a URL; the
// request fields are then left as they were.
Status ParseRequestTarget(Request* req);

}  // namespace packprod::api

// The dashboard's files: served from a folder (web/dist), open to everyone. Other paths
// get index.html (client-side routes such as /customers/{id}), except those that ask
// for a file: under /assets/ or with a type the dashboard ships (.js, .css, .png ...),
// which are a 404 when missing.
#pragma once

#include <string>
#include <utility>

#include "api/http.h"

namespace packprod::api {

// Sent with every response of the dashboard handler (files, index.html, its 404s): a
// strict Content-Security-Policy (everything from this origin only, no inline script or
// style, no plugins, never framed), and no MIME sniffing, framing or referrer.
inline constexpr std::pair<const char*, const char*> kDashboardHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
     "form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
};

// A GET handler serving `dir`; the request path goes through ResolveStaticPath
// (api/static_path.h), so only regular files inside `dir` are ever read. A path that is
// not clean or leads outside `dir` is a 404, never index.html. Paths under /api/,
// /admin/ and /metrics that reach it are unknown routes (JSON 404). When `dir` has no
// index.html, `/` answers a small page saying the dashboard is not built. Every
// response carries kDashboardHeaders.
Handler StaticFiles(std::string dir);

// The default dashboard folder: web/dist next to the binary, or in the source tree the
// binary was built in, or under the working directory; empty when none exists.
std::string DefaultWebDir(const std::string& argv0);

}  // namespace packprod::api

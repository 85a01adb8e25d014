#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/envelope.h"
#include "api/static_path.h"

namespace packprod::api {
namespace fs = std::filesystem;
namespace {

constexpr std::pair<const char*, const char*> kTypes[] = {{".html", "text/html; charset=utf-8"},
                                                          {".js", "text/javascript; charset=utf-8"},
                                                          {".css", "text/css; charset=utf-8"},
                                                          {".json", "application/json"},
                                                          {".svg", "image/svg+xml"},
                                                          {".png", "image/png"},
                                                          {".ico", "image/x-icon"},
                                                          {".woff2", "font/woff2"},
                                                          {".txt", "text/plain; charset=utf-8"},
                                                          {".map", "application/json"}};

const char* KnownType(const fs::path& p) {
  std::string ext = p.extension().string();
  for (const auto& [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return nullptr;
}

std::string MimeOf(const fs::path& p) {
  const char* t = KnownType(p);
  return t ? t : "application/octet-stream";
}

// A request for a file (a missing one is a 404) rather than a client-side route: under
// /assets/, or ending in a type the dashboard ships. Other dotted paths are routes (a
// product code may hold a dot: /products/A4.80GSM).
bool AsksForFile(const std::string& path) {
  return path.starts_with("/assets/") || KnownType(fs::path(path)) != nullptr;
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

constexpr const char* kNotBuilt =
    "<!doctype html><meta charset=utf-8><title>packprod</title>"
    "<body>"
    "<h1>packprod</h1><p>The API is running. The dashboard has not been built: run "
    "<code>make run</code> from the source tree (or <code>npm run build</code> in "
    "<code>web/</code>) and reload.</p><p>Health: <a href=\"/healthz\">/healthz</a></p>";

// What a path from the wire names in `dir` (ResolveStaticPath decides; this reads it).
Response Serve(const std::string& dir, Request& req) {
  std::error_code ec;
  if (dir.empty() || !fs::exists(fs::path(dir) / "index.html", ec)) {
    if (req.path != "/") return JsonError(req, Status::NotFound("no such file"));
    return Response{200, kNotBuilt, "text/html; charset=utf-8", {}};
  }
  // The path as sent (percent-encoded): the resolver decodes it once itself.
  std::string_view raw = req.raw_path.empty() ? std::string_view(req.path) : req.raw_path;
  StaticTarget target = ResolveStaticPath(dir, raw);
  if (target.kind == StaticTarget::Kind::kRefused) {
    return JsonError(req, Status::NotFound("no such file"));
  }
  if (target.kind == StaticTarget::Kind::kMissing) {
    if (AsksForFile(req.path)) return JsonError(req, Status::NotFound("no such file"));
    target = ResolveStaticPath(dir, "/index.html");  // a client-side route
    if (target.kind != StaticTarget::Kind::kFile) {
      return JsonError(req, Status::NotFound("no such file"));
    }
  }
  Response res;
  if (!ReadFile(target.file, &res.body)) return JsonError(req, Status::NotFound("no such file"));
  res.content_type = MimeOf(target.file);
  bool hashed = raw.starts_with("/assets/");
  res.headers.emplace_back("Cache-Control",
                           hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return res;
}

}  // namespace

Handler StaticFiles(std::string dir) {
  return [dir = std::move(dir)](Request& req) -> Response {
    const std::string& path = req.path;
    if (path.starts_with("/api/") || path.starts_with("/admin/") || path == "/metrics" ||
        path == "/api" || path == "/admin") {
      return JsonError(req, Status::NotFound("no such route"));
    }
    Response res = Serve(dir, req);
    for (const auto& [name, value] : kDashboardHeaders) res.headers.emplace_back(name, value);
    return res;
  };
}

std::string DefaultWebDir(const std::string& argv0) {
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  fs::path bin_dir = exe.parent_path();
  for (const fs::path& candidate :
       {bin_dir / "web" / "dist", bin_dir / ".." / ".." / "web" / "dist", fs::path("web/dist")}) {
    if (fs::exists(candidate / "index.html", ec)) return fs::weakly_canonical(candidate).string();
  }
  return "";
}

}  // namespace packprod::api

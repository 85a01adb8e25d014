#include "api/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace packprod::api {
namespace {

namespace fs = std::filesystem;

// A dashboard folder in a temp dir: index.html and one hashed asset.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("packprod-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "index.html") << "<!doctype html><div id=root></div>";
    std::ofstream(dir_ / "assets" / "index-abc.js") << "console.log(1)";
    handler_ = StaticFiles(dir_.string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  Response Get(const std::string& path) {
    Request req;
    req.path = path;
    req.raw_path = path;
    req.target = path;
    return handler_(req);
  }

  fs::path dir_;
  Handler handler_;
};

TEST_F(StaticFilesTest, ServesIndexAndAssets) {
  Response root = Get("/");
  EXPECT_EQ(root.status, 200);
  EXPECT_NE(root.body.find("id=root"), std::string::npos);
  Response js = Get("/assets/index-abc.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
}

TEST_F(StaticFilesTest, DeepLinksToClientRoutesGetIndexHtml) {
  for (const char* path :
       {"/customers", "/customers/0b5e1c9e-1f0a-5d7e-9a43-2a1f0e6c7d11", "/orders/abc",
        "/products/BOX-2520D", "/products/A4.80GSM", "/reports/", "/performance"}) {
    Response res = Get(path);
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_NE(res.body.find("id=root"), std::string::npos) << path;
    EXPECT_EQ(res.content_type, "text/html; charset=utf-8") << path;
  }
}

TEST_F(StaticFilesTest, MissingFilesAreNotFound) {
  EXPECT_EQ(Get("/assets/gone.js").status, 404);
  EXPECT_EQ(Get("/assets/route-like").status, 404);
  EXPECT_EQ(Get("/favicon.ico").status, 404);
  EXPECT_EQ(Get("/app.css").status, 404);
  EXPECT_EQ(Get("/api/nothing").status, 404);
  EXPECT_EQ(Get("/admin/nothing").status, 404);
  EXPECT_EQ(Get("/metrics").status, 404);
  EXPECT_EQ(Get("/../etc/passwd").status, 404);
}

// Regression: `//etc/passwd`, `/%2Fetc%2Fpasswd` and the like used to serve any file
// (`root / "/etc/passwd"` is "/etc/passwd"). Each is a 404, not the file and not
// index.html; a clean path to where nothing is gets index.html (a client-side route).
TEST_F(StaticFilesTest, PathsLeavingTheFolderAreNotFound) {
  std::ofstream(dir_.parent_path() / (dir_.filename().string() + "-secret")) << "SECRET";
  std::string secret = (dir_.parent_path() / (dir_.filename().string() + "-secret")).string();
  std::string encoded;
  for (char c : secret) encoded += c == '/' ? std::string("%2F") : std::string(1, c);
  std::string name = dir_.filename().string() + "-secret";
  for (const std::string& path :
       {"/" + secret, "//" + secret, "///" + secret, "/" + encoded, "/%2F" + encoded.substr(3),
        "/../" + name, "/%2e%2e/" + name, "/.%2e/" + name, "/%2e%2e%2f" + name, "/%2e%2e%5c" + name,
        "/..\\" + name, "/%c0%ae%c0%ae/" + name, "/assets/../../" + name,
        std::string("//etc/passwd"), std::string("/%2Fetc%2Fpasswd"), std::string("///etc/passwd"),
        std::string("//proc/self/environ"), std::string("/index.html%00.js")}) {
    Response res = Get(path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.body.find("SECRET"), std::string::npos) << path;
    EXPECT_EQ(res.body.find("id=root"), std::string::npos) << path;
  }
  fs::remove(secret);
}

std::string HeaderOf(const Response& res, std::string_view name) {
  for (const auto& [key, value] : res.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST_F(StaticFilesTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const char* path : {"/", "/assets/index-abc.js", "/customers/abc", "/assets/gone.js",
                           "//etc/passwd", "/index.html"}) {
    Response res = Get(path);
    std::string csp = HeaderOf(res, "Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << path;
    EXPECT_EQ(HeaderOf(res, "X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(HeaderOf(res, "X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(HeaderOf(res, "Referrer-Policy"), "no-referrer") << path;
  }
  Request root;
  root.path = "/";
  Response not_built = StaticFiles("")(root);
  EXPECT_EQ(HeaderOf(not_built, "X-Frame-Options"), "DENY");
  EXPECT_EQ(not_built.body.find("style="), std::string::npos);  // no inline style under CSP
}

TEST_F(StaticFilesTest, NotBuiltAnswersAPageAtTheRootOnly) {
  Handler none = StaticFiles("");
  Request root;
  root.path = "/";
  Response res = none(root);
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("has not been built"), std::string::npos);
  Request deep;
  deep.path = "/customers/abc";
  EXPECT_EQ(none(deep).status, 404);
}

}  // namespace
}  // namespace packprod::api

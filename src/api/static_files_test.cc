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

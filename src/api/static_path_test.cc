#include "api/static_path.h"

#include <gtest/gtest.h>

#include <fstream>

namespace packprod::api {
namespace {

namespace fs = std::filesystem;
using Kind = StaticTarget::Kind;

// Every form the probe used to read a file outside the dashboard, and more:
// slashes, encoded separators, dot-segments in every encoding, overlong UTF-8, NUL and
// control characters, malformed escapes.
constexpr const char* kUncleanPaths[] = {
    "",
    "index.html",
    "//etc/passwd",
    "///etc/passwd",
    "//proc/self/environ",
    "/assets//index-abc.js",
    "/%2Fetc%2Fpasswd",
    "/%2fetc%2fpasswd",
    "/assets%2Findex-abc.js",
    "/%5Cetc%5Cpasswd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/\\etc\\passwd",
    "/..\\..\\etc\\passwd",
    "/..",
    "/../",
    "/../etc/passwd",
    "/assets/../../etc/passwd",
    "/assets/../index.html",
    "/./index.html",
    "/.",
    "/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/.%2e/etc/passwd",
    "/%2e./etc/passwd",
    "/%2e/index.html",
    "/..%2Fetc%2Fpasswd",
    "/..%2f..%2fetc%2fpasswd",
    "/%252e%252e%252f/../etc",
    "/%c0%ae%c0%ae/etc/passwd",
    "/%C0%AE%C0%AE%C0%AF%C0%AE%C0%AEetc",
    "/%c0%af",
    "/%e0%80%ae%e0%80%ae/etc/passwd",
    "/%c1%9c..",
    "/%ed%a0%80",
    "/%ff%fe",
    "/index.html%00",
    "/index.html%00.js",
    "/%00/etc/passwd",
    "/a%0ab",
    "/a%0d%0aSet-Cookie:x",
    "/a%09b",
    "/a%7fb",
    "/%",
    "/%2",
    "/%zz",
    "/a%g1",
};

TEST(CleanPathSegmentsTest, SplitsAndDecodesCleanPaths) {
  using V = std::vector<std::string>;
  EXPECT_EQ(CleanPathSegments("/"), V{});
  EXPECT_EQ(CleanPathSegments("/index.html"), V{"index.html"});
  EXPECT_EQ(CleanPathSegments("/reports/"), V{"reports"});
  EXPECT_EQ(CleanPathSegments("/products/A4.80GSM"), (V{"products", "A4.80GSM"}));
  EXPECT_EQ(CleanPathSegments("/a/b%20c/"), (V{"a", "b c"}));
  EXPECT_EQ(CleanPathSegments("/customers/%C3%A9t%C3%A9"), (V{"customers", "\xC3\xA9t\xC3\xA9"}));
  EXPECT_EQ(CleanPathSegments("/..."), V{"..."});                     // a name, not a dot-segment
  EXPECT_EQ(CleanPathSegments("/etc/passwd"), (V{"etc", "passwd"}));  // relative to the root
}

TEST(CleanPathSegmentsTest, RefusesEveryTrick) {
  for (const char* path : kUncleanPaths) {
    EXPECT_EQ(CleanPathSegments(path), std::nullopt) << path;
  }
  // An embedded NUL, with the bytes after it.
  EXPECT_EQ(CleanPathSegments(std::string_view("/index.html\0.js", 15)), std::nullopt);
}

// A dashboard folder with an asset, and beside it (outside) a secret file and folder;
// symlinks inside point both inside and outside.
class ResolveStaticPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("packprod-static-path-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    fs::create_directories(base_ / "private");
    std::ofstream(root_ / "index.html") << "index";
    std::ofstream(root_ / "assets" / "index-abc.js") << "js";
    std::ofstream(base_ / "secret.txt") << "secret";
    std::ofstream(base_ / "private" / "store.db") << "store";
    fs::create_symlink(base_ / "secret.txt", root_ / "secret-link");
    fs::create_symlink("../../secret.txt", root_ / "assets" / "relative-link.js");
    fs::create_directory_symlink(base_ / "private", root_ / "private-link");
    fs::create_symlink(root_ / "assets" / "index-abc.js", root_ / "inside-link.js");
    fs::create_symlink(base_ / "gone", root_ / "dangling");
  }
  void TearDown() override { fs::remove_all(base_); }

  Kind KindOf(std::string_view path) { return ResolveStaticPath(root_, path).kind; }

  fs::path base_;
  fs::path root_;
};

TEST_F(ResolveStaticPathTest, ServesFilesInsideTheRoot) {
  StaticTarget t = ResolveStaticPath(root_, "/assets/index-abc.js");
  ASSERT_EQ(t.kind, Kind::kFile);
  EXPECT_EQ(t.file, fs::canonical(root_ / "assets" / "index-abc.js"));
  EXPECT_EQ(KindOf("/index.html"), Kind::kFile);
  EXPECT_EQ(KindOf("/assets/index%2Dabc.js"), Kind::kFile);  // an encoded '-' is a '-'
}

TEST_F(ResolveStaticPathTest, CleanPathsNamingNothingAreMissing) {
  for (const char* path :
       {"/", "/customers/abc", "/reports/", "/assets", "/assets/", "/assets/index-abc.js/",
        "/etc/passwd", "/proc/self/environ", "/dangling", "/index.html/x"}) {
    EXPECT_EQ(KindOf(path), Kind::kMissing) << path;
  }
}

TEST_F(ResolveStaticPathTest, UncleanPathsAreRefused) {
  for (const char* path : kUncleanPaths) {
    EXPECT_EQ(KindOf(path), Kind::kRefused) << path;
  }
  // Absolute paths of the files beside the root, in every spelling.
  std::string secret = (base_ / "secret.txt").string();
  std::string encoded;
  for (char c : secret) encoded += c == '/' ? std::string("%2F") : std::string(1, c);
  for (const std::string& path : {"/" + secret, "//" + secret, "/" + encoded, encoded}) {
    EXPECT_EQ(KindOf(path), Kind::kRefused) << path;
  }
}

TEST_F(ResolveStaticPathTest, SymlinksOutOfTheRootAreRefused) {
  EXPECT_EQ(KindOf("/secret-link"), Kind::kRefused);
  EXPECT_EQ(KindOf("/assets/relative-link.js"), Kind::kRefused);
  EXPECT_EQ(KindOf("/private-link"), Kind::kRefused);
  EXPECT_EQ(KindOf("/private-link/store.db"), Kind::kRefused);
  StaticTarget inside = ResolveStaticPath(root_, "/inside-link.js");
  ASSERT_EQ(inside.kind, Kind::kFile);
  EXPECT_EQ(inside.file, fs::canonical(root_ / "assets" / "index-abc.js"));
}

TEST_F(ResolveStaticPathTest, RootMayBeRelativeOrASymlink) {
  fs::path saved = fs::current_path();
  fs::current_path(base_);
  EXPECT_EQ(ResolveStaticPath("dist", "/assets/index-abc.js").kind, Kind::kFile);
  EXPECT_EQ(ResolveStaticPath("./dist/", "/index.html").kind, Kind::kFile);
  EXPECT_EQ(ResolveStaticPath("dist", "/../secret.txt").kind, Kind::kRefused);
  EXPECT_EQ(ResolveStaticPath("dist", "/secret-link").kind, Kind::kRefused);
  EXPECT_EQ(ResolveStaticPath("dist", "//" + (base_ / "secret.txt").string()).kind, Kind::kRefused);
  fs::current_path(saved);
  fs::create_directory_symlink(root_, base_ / "dist-link");
  EXPECT_EQ(ResolveStaticPath(base_ / "dist-link", "/index.html").kind, Kind::kFile);
  EXPECT_EQ(ResolveStaticPath(base_ / "dist-link", "/secret-link").kind, Kind::kRefused);
  EXPECT_EQ(ResolveStaticPath(base_ / "no-such-dir", "/index.html").kind, Kind::kMissing);
}

}  // namespace
}  // namespace packprod::api

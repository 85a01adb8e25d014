// Fuzz target: the dashboard's path resolver (api/static_path.h), fed the bytes of a
// request path as sent. Properties: a clean path's segments are plain names (non-empty,
// not "." or "..", no '/', '\', NUL or control character, valid UTF-8); a path with a
// doubled slash, an encoded '/' or '\' or a dot-segment is never clean; and whatever the
// path, a resolved file lies inside the canonical dashboard folder and is never the
// secret beside it, whichever way a symlink in the folder points.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "api/static_path.h"
#include "domain/text_encoding.h"
#include "fuzz_check.h"

namespace {

namespace fs = std::filesystem;

// A folder per process: root/{index.html, assets/app.js, out -> ../secret.txt,
// up -> ..} and base/secret.txt beside root. Removed at exit.
struct Tree {
  fs::path base, root, secret;
  Tree() {
    base = fs::temp_directory_path() / ("packprod-fuzz-static-" + std::to_string(::getpid()));
    root = base / "dist";
    fs::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "index";
    std::ofstream(root / "assets" / "app.js") << "js";
    secret = base / "secret.txt";
    std::ofstream(secret) << "secret";
    std::error_code ec;
    fs::create_symlink("../secret.txt", root / "out", ec);
    fs::create_directory_symlink("..", root / "up", ec);
    root = fs::canonical(root);
    secret = fs::canonical(secret);
  }
  ~Tree() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Inside(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace packprod;
  using packprod::fuzz::Check;
  static const Tree tree;
  std::string_view path(reinterpret_cast<const char*>(data), size);
  auto segments = api::CleanPathSegments(path);
  if (segments) {
    Check(path.starts_with('/'), "a clean path starts with '/'");
    std::string lower = Lower(path);
    Check(path.find("//") == std::string_view::npos, "a clean path has no empty segment");
    Check(lower.find("%2f") == std::string::npos && lower.find("%5c") == std::string::npos,
          "a clean path has no encoded separator");
    for (const std::string& seg : *segments) {
      Check(!seg.empty() && seg != "." && seg != "..", "a segment is a name");
      Check(std::none_of(seg.begin(), seg.end(),
                         [](char c) {
                           auto u = static_cast<unsigned char>(c);
                           return c == '/' || c == '\\' || u < 0x20 || u == 0x7f;
                         }),
            "a segment has no separator or control character");
      Check(IsValidUtf8(seg), "a segment is valid UTF-8");
    }
  }
  api::StaticTarget t = api::ResolveStaticPath(tree.root, path);
  Check(segments || t.kind == api::StaticTarget::Kind::kRefused, "an unclean path is refused");
  if (t.kind == api::StaticTarget::Kind::kFile) {
    Check(Inside(tree.root, t.file), "a resolved file lies inside the root");
    Check(t.file != tree.secret, "the secret beside the root is never resolved");
    Check(fs::is_regular_file(t.file), "a resolved file is a regular file");
  } else {
    Check(t.file.empty(), "only a file carries a path");
  }
  return 0;
}

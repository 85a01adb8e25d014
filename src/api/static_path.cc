#include "api/static_path.h"

#include <algorithm>

#include "domain/text_encoding.h"

namespace packprod::api {
namespace fs = std::filesystem;
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one segment; nullopt on a malformed escape.
std::optional<std::string> DecodeSegment(std::string_view seg) {
  std::string out;
  out.reserve(seg.size());
  for (size_t i = 0; i < seg.size(); ++i) {
    if (seg[i] != '%') {
      out.push_back(seg[i]);
      continue;
    }
    if (i + 2 >= seg.size()) return std::nullopt;
    int hi = HexValue(seg[i + 1]);
    int lo = HexValue(seg[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// A decoded segment that names one entry of a folder and nothing else.
bool CleanSegment(const std::string& seg) {
  if (seg.empty() || seg == "." || seg == "..") return false;
  bool plain = std::none_of(seg.begin(), seg.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return c == '/' || c == '\\' || u < 0x20 || u == 0x7f;
  });
  return plain && IsValidUtf8(seg);
}

// True when `p` is `root` or lies below it; both canonical.
bool Within(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

}  // namespace

std::optional<std::vector<std::string>> CleanPathSegments(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  raw_path.remove_prefix(1);
  std::vector<std::string> segments;
  while (!raw_path.empty()) {
    size_t slash = raw_path.find('/');
    std::string_view raw = raw_path.substr(0, slash);
    auto seg = DecodeSegment(raw);
    if (!seg || !CleanSegment(*seg)) return std::nullopt;
    segments.push_back(std::move(*seg));
    if (slash == std::string_view::npos) break;
    raw_path.remove_prefix(slash + 1);  // a trailing '/' leaves it empty: the loop ends
  }
  return segments;
}

StaticTarget ResolveStaticPath(const fs::path& root, std::string_view raw_path) {
  auto segments = CleanPathSegments(raw_path);
  if (!segments) return {};
  StaticTarget missing{StaticTarget::Kind::kMissing, {}};
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return missing;
  fs::path candidate = canonical_root;
  for (const std::string& seg : *segments) candidate /= seg;  // each a plain relative name
  fs::path resolved = fs::canonical(candidate, ec);
  if (ec) return missing;  // names nothing (or a dangling link, or unreadable)
  if (!Within(canonical_root, resolved)) return {};
  if (raw_path.ends_with('/') || !fs::is_regular_file(resolved, ec)) return missing;
  return {StaticTarget::Kind::kFile, std::move(resolved)};
}

}  // namespace packprod::api

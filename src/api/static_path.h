// Where a request path may lead inside the dashboard folder. The only place that turns a
// path from the wire into a file name: StaticFiles serves what this resolves, nothing else.
//
// A path is *clean* when, split on '/', it starts with '/', has no empty segment except
// one trailing (so "//", "///" and "/a//b" are not clean), and every segment, once
// percent-decoded, is non-empty valid UTF-8 (RFC 3629: overlong forms such as %C0%AE are
// invalid) that is neither "." nor ".." and holds no '/', '\', NUL or other control
// character. A malformed escape ("%", "%zz") is not clean either. Pure syntax: whatever
// decoding happened before, a clean path joined onto a folder stays in that folder.
//
// Thread-safety: both functions are free of shared state; ResolveStaticPath reads the
// file system (canonical paths, file types) and nothing else.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace packprod::api {

// The decoded segments of a clean `raw_path` (still percent-encoded, as sent), without
// the trailing empty one: "/" -> {}, "/a/b%20c/" -> {"a", "b c"}. nullopt when the path
// is not clean.
std::optional<std::vector<std::string>> CleanPathSegments(std::string_view raw_path);

struct StaticTarget {
  enum class Kind {
    kFile,     // `file` is a regular file inside the root
    kMissing,  // a clean path naming nothing (or a directory) inside the root
    kRefused,  // not clean, or leads outside the root (a symlink): always a 404
  };
  Kind kind = Kind::kRefused;
  // For kFile: the canonical path (symlinks resolved) of the file, inside the canonical
  // root. Empty otherwise.
  std::filesystem::path file;
};

// Resolves `raw_path` against the folder `root` (relative or absolute; its symlinks are
// resolved too). kFile only when the path is clean, does not end in '/', and its
// canonical form is a regular file within the canonical root; a clean path whose target
// exists outside the root (through a symlink) is kRefused; anything else clean is
// kMissing, including when `root` itself does not exist.
StaticTarget ResolveStaticPath(const std::filesystem::path& root, std::string_view raw_path);

}  // namespace packprod::api

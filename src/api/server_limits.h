// The process's open-file limit and what it allows the server to hold.
//
// RaiseFileLimit() raises the soft RLIMIT_NOFILE to the hard one (bounded by the
// kernel's fs.nr_open when the hard one is unlimited). ConnectionCap() is how many
// connections fit under a limit once `reserve` descriptors are kept for the store, log
// and the listener's own. The server (api/server.h) applies both in Listen() and logs
// what it changed, so that it never runs into "Too many open files" on accept.
#pragma once

#include <cstddef>
#include <cstdint>

#include "domain/status.h"

namespace packprod::api {

struct FileLimit {
  std::uint64_t before = 0;  // soft limit found
  std::uint64_t soft = 0;    // soft limit now
  std::uint64_t hard = 0;
};

// Raises the soft limit as far as allowed. Unavailable when the limits cannot be read;
// a refused raise is not an error (the result then has soft == before).
Result<FileLimit> RaiseFileLimit();

// Connections at most under `soft` descriptors, keeping `reserve`: min(wanted,
// soft - reserve), and at least 1.
std::size_t ConnectionCap(std::size_t wanted, std::uint64_t soft, std::size_t reserve);

}  // namespace packprod::api

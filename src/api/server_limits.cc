#include "api/server_limits.h"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace packprod::api {
namespace {

// The kernel's ceiling for RLIMIT_NOFILE (fs.nr_open), 1048576 if unreadable.
std::uint64_t KernelMaxFiles() {
  std::ifstream in("/proc/sys/fs/nr_open");
  std::uint64_t n = 0;
  if (in >> n && n > 0) return n;
  return 1048576;
}

}  // namespace

Result<FileLimit> RaiseFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    return Status::Unavailable(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
  }
  FileLimit out;
  out.before = out.soft = lim.rlim_cur;
  out.hard = lim.rlim_max == RLIM_INFINITY ? KernelMaxFiles() : lim.rlim_max;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < out.hard) {
    rlimit raised = lim;
    raised.rlim_cur = out.hard;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) out.soft = out.hard;
  }
  if (out.soft == RLIM_INFINITY) out.soft = out.hard;
  return out;
}

std::size_t ConnectionCap(std::size_t wanted, std::uint64_t soft, std::size_t reserve) {
  std::uint64_t room = soft > reserve ? soft - reserve : 1;
  return static_cast<std::size_t>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(wanted, room)));
}

}  // namespace packprod::api

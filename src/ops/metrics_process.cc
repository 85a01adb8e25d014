#include "ops/metrics_process.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace packprod::ops {
namespace {

// The fields of /proc/self/stat after the command name, numbered as in proc(5) from 3.
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields(3);  // pad so that fields[n] is field n of proc(5)
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

double OpenFds() {
  std::error_code ec;
  double n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++n;
  }
  return n;
}

}  // namespace

ProcessStats ReadProcessStats() {
  ProcessStats s;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  std::vector<std::string> f = StatFields();
  if (f.size() > 22 && ticks > 0) {
    s.cpu_seconds = (std::stod(f[14]) + std::stod(f[15])) / ticks;
    s.start_time_seconds = BootTimeSeconds() + std::stod(f[22]) / ticks;
  }
  std::ifstream statm("/proc/self/statm");
  double size = 0, resident = 0;
  if (statm >> size >> resident) {
    s.virtual_bytes = size * page;
    s.resident_bytes = resident * page;
  }
  s.open_fds = OpenFds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) s.max_fds = static_cast<double>(limit.rlim_cur);
  return s;
}

void AddProcessMetrics(Registry& r) {
  r.AddCallback("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                MetricType::kCounter, [] { return ReadProcessStats().cpu_seconds; });
  r.AddCallback("process_resident_memory_bytes", "Resident memory size in bytes.",
                MetricType::kGauge, [] { return ReadProcessStats().resident_bytes; });
  r.AddCallback("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::kGauge,
                [] { return ReadProcessStats().virtual_bytes; });
  r.AddCallback("process_open_fds", "Number of open file descriptors.", MetricType::kGauge,
                [] { return ReadProcessStats().open_fds; });
  r.AddCallback("process_max_fds", "Maximum number of open file descriptors.", MetricType::kGauge,
                [] { return ReadProcessStats().max_fds; });
  r.AddCallback("process_start_time_seconds",
                "Start time of the process since unix epoch in seconds.", MetricType::kGauge,
                [] { return ReadProcessStats().start_time_seconds; });
}

}  // namespace packprod::ops

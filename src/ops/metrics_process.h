// Process figures from /proc/self (Linux), and the standard Prometheus process metrics
// built on them: process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds,
// process_start_time_seconds.
#pragma once

#include "ops/metrics.h"

namespace packprod::ops {

struct ProcessStats {
  double cpu_seconds = 0;     // user + system
  double resident_bytes = 0;  // /proc/self/statm resident pages x page size
  double virtual_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;             // soft RLIMIT_NOFILE
  double start_time_seconds = 0;  // since the Unix epoch
};

// Reads the figures now; a field stays 0 when its source cannot be read. Thread-safe.
ProcessStats ReadProcessStats();

// Registers the metrics above; each scrape reads /proc again.
void AddProcessMetrics(Registry& registry);

}  // namespace packprod::ops

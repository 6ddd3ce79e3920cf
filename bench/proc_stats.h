// ProcStats: what the benchmarks read about the server process from /proc —
// resident memory (VmRSS, VmHWM), CPU time consumed, time spent runnable but
// waiting for a CPU, and thread count. Values are 0 when the process or field
// cannot be read.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace stead::bench {

struct ProcSample {
  int64_t rss_kib = 0;
  int64_t hwm_kib = 0;  // peak RSS
  int64_t threads = 0;
  double cpu_seconds = 0;  // user + system, clock-tick resolution, all threads ever
  // From /proc/PID/task/*/schedstat: nanosecond totals over the threads
  // alive now. Wait is time runnable but not running — what a busy machine
  // adds to a measurement.
  int64_t run_ns = 0;
  int64_t runqueue_wait_ns = 0;
};

ProcSample ReadProc(pid_t pid);

}  // namespace stead::bench

#include "proc_stats.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace stead::bench {

ProcSample ReadProc(pid_t pid) {
  ProcSample s;
  const std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream status(dir + "/status");
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream in(line);
    std::string key;
    int64_t value = 0;
    in >> key >> value;
    if (key == "VmRSS:") s.rss_kib = value;
    if (key == "VmHWM:") s.hwm_kib = value;
    if (key == "Threads:") s.threads = value;
  }
  std::ifstream stat(dir + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // The command name may hold spaces; fields are counted after its ')'.
  auto paren = all.rfind(')');
  if (paren != std::string::npos) {
    std::istringstream in(all.substr(paren + 2));
    std::string field;
    int64_t utime = 0, stime = 0;
    // Fields 3..13 precede utime (14) and stime (15).
    for (int i = 3; i <= 13 && in >> field; ++i) {
    }
    in >> utime >> stime;
    s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(dir + "/task", ec)) {
    std::ifstream sched(task.path() / "schedstat");
    int64_t run = 0, wait = 0;
    if (sched >> run >> wait) {
      s.run_ns += run;
      s.runqueue_wait_ns += wait;
    }
  }
  return s;
}

}  // namespace stead::bench

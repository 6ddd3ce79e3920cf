// WatcherPool: many concurrent Kubernetes watch requests, each on its own
// keep-alive connection, driven by Asio on a few threads. Each watcher reads
// the chunked stream of newline-delimited events and, for every ADDED event
// whose object is named `<prefix><n>` (n < max_objects), stores the
// steady-clock time it arrived. Watchers touch only their own row of the
// arrival table, so the table needs no lock; read it after Stop().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "kubeconfig.h"

namespace stead::bench {

class WatcherPool {
 public:
  WatcherPool(Endpoint endpoint, std::string target, int watchers, std::string name_prefix,
              size_t max_objects, int io_threads);
  ~WatcherPool();
  WatcherPool(const WatcherPool&) = delete;
  WatcherPool& operator=(const WatcherPool&) = delete;

  // Opens every watch; returns once each has its response header (or failed),
  // or after `timeout`. Returns how many are streaming.
  int Start(std::chrono::milliseconds timeout);
  // Waits until `expected` ADDED events arrived in total or `timeout` passed.
  void WaitForEvents(int64_t expected, std::chrono::milliseconds timeout);
  void Stop();

  int watchers() const { return watchers_; }
  int64_t events() const { return events_.load(); }
  int failures() const { return failures_.load(); }
  // Arrival time (steady_clock nanoseconds) of object n at watcher w; 0 if
  // it never arrived.
  int64_t ArrivalNanos(int w, size_t n) const { return arrivals_[w * max_objects_ + n]; }

 private:
  struct Session;
  friend struct Session;

  const Endpoint endpoint_;
  const std::string target_;
  const int watchers_;
  const std::string needle_;  // "name":"<prefix>
  const size_t max_objects_;
  const int io_threads_;

  std::vector<int64_t> arrivals_;  // row per watcher, written by its session only
  std::atomic<int64_t> events_{0};
  std::atomic<int> streaming_{0};
  std::atomic<int> failures_{0};

  struct Io;
  std::unique_ptr<Io> io_;
  std::vector<std::shared_ptr<Session>> sessions_;
  std::vector<std::thread> threads_;
};

}  // namespace stead::bench

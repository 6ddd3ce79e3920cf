// WatchManager: owns the active HTTP watches. One thread ends watches at
// their deadline (timeoutSeconds), sends periodic BOOKMARK events to clients
// that allow them, and reaps watches whose client went away — so neither a
// worker thread nor the watch cache's dispatch thread is ever tied to a
// watch's lifetime. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

#include "apiserver/http/http_server.h"
#include "apiserver/resource_store.h"

namespace stead::apiserver {

class WatchManager {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::chrono::milliseconds bookmark_interval{std::chrono::seconds(30)};
    std::chrono::milliseconds tick{std::chrono::milliseconds(250)};
  };

  explicit WatchManager(const Options& options);
  ~WatchManager();

  // Takes ownership of an active watch writing to `out`. `bookmark` (may be
  // empty) renders a BOOKMARK event line for a resourceVersion.
  void Add(std::unique_ptr<WatchStream> watch, std::shared_ptr<http::ResponseStream> out,
           Clock::time_point deadline, std::function<std::string(int64_t)> bookmark);
  size_t active() const;
  // Closes every watch and stops the thread.
  void Stop();

 private:
  struct Entry {
    std::unique_ptr<WatchStream> watch;
    std::shared_ptr<http::ResponseStream> out;
    Clock::time_point deadline;
    Clock::time_point next_bookmark;
    std::function<std::string(int64_t)> bookmark;
    int64_t last_bookmark = 0;
  };
  void Loop();

  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::list<Entry> entries_;  // guarded by mu_
  bool stopping_ = false;     // guarded by mu_
  std::thread thread_;
};

}  // namespace stead::apiserver

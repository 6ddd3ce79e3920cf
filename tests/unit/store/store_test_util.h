// Helpers shared by the store tests: a temporary directory and a watch
// callback that records events.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace stead::store::testing {

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "stead-store-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Collects every event a watch delivers.
class Recorder {
 public:
  EventsCallback Callback() {
    return [this](const std::vector<Event>& events) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.insert(events_.end(), events.begin(), events.end());
      ++calls_;
      cv_.notify_all();
    };
  }

  // Waits (bounded, generously) until at least `n` events arrived.
  bool WaitFor(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return events_.size() >= n; });
  }

  std::vector<Event> events() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }

  std::vector<int64_t> revisions() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<int64_t> out;
    for (const Event& e : events_) out.push_back(e.kv.mod_revision);
    return out;
  }

  std::vector<std::string> keys() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const Event& e : events_) out.push_back(e.kv.key);
    return out;
  }

  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Event> events_;
  int calls_ = 0;
};

// [from, to] as a vector.
inline std::vector<int64_t> Range(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t r = from; r <= to; ++r) out.push_back(r);
  return out;
}

}  // namespace stead::store::testing

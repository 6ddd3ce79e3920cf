#include "apiserver/watch_manager.h"

namespace stead::apiserver {

WatchManager::WatchManager(const Options& options) : options_(options) {
  thread_ = std::thread([this] { Loop(); });
}

WatchManager::~WatchManager() { Stop(); }

void WatchManager::Add(std::unique_ptr<WatchStream> watch,
                       std::shared_ptr<http::ResponseStream> out, Clock::time_point deadline,
                       std::function<std::string(int64_t)> bookmark) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) {
    out->Close();
    return;
  }
  Entry e;
  e.watch = std::move(watch);
  e.out = std::move(out);
  e.deadline = deadline;
  e.next_bookmark = Clock::now() + options_.bookmark_interval;
  e.bookmark = std::move(bookmark);
  entries_.push_back(std::move(e));
}

size_t WatchManager::active() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

void WatchManager::Stop() {
  std::list<Entry> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    doomed.swap(entries_);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& e : doomed) {
    e.watch.reset();
    e.out->Close();
  }
}

void WatchManager::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, options_.tick);
    if (stopping_) break;
    auto now = Clock::now();
    std::list<Entry> done;
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->out->closed() || now >= it->deadline) {
        auto next = std::next(it);
        done.splice(done.end(), entries_, it);
        it = next;
        continue;
      }
      if (it->bookmark && now >= it->next_bookmark) {
        int64_t rv = it->watch->Progress();
        if (rv > 0) it->out->Write(it->bookmark(rv));
        it->next_bookmark = now + options_.bookmark_interval;
      }
      ++it;
    }
    if (done.empty()) continue;
    // Destroying a watch waits for its in-flight callback: do it unlocked.
    lock.unlock();
    for (auto& e : done) {
      e.watch.reset();
      e.out->Close();
    }
    done.clear();
    lock.lock();
  }
}

}  // namespace stead::apiserver

#include "store/watch_cache.h"

#include <algorithm>

#include "core/log.h"

namespace stead::store {

struct WatchCache::Watcher {
  uint64_t id = 0;
  std::string prefix;
  int64_t delivered = 0;  // last revision delivered (or skipped); guarded by WatchCache::mu_
  CacheEventsCallback callback;
  // Serializes callback invocations with handle destruction.
  mutable std::mutex callback_mu;
  bool cancelled = false;  // guarded by callback_mu
  int64_t completed = 0;   // guarded by callback_mu
  // Initial state still to deliver; guarded by WatchCache::mu_.
  std::vector<CacheEvent> backlog;
};

class WatchCache::Handle : public CacheWatcher {
 public:
  Handle(WatchCache* cache, std::shared_ptr<Watcher> watcher)
      : cache_(cache), watcher_(std::move(watcher)) {}
  ~Handle() override {
    cache_->RemoveWatcher(watcher_->id);
    // Wait for an in-flight callback, then make sure no new one starts.
    std::lock_guard<std::mutex> lock(watcher_->callback_mu);
    watcher_->cancelled = true;
  }
  int64_t Progress() const override {
    std::lock_guard<std::mutex> lock(watcher_->callback_mu);
    return watcher_->completed;
  }

 private:
  WatchCache* cache_;
  std::shared_ptr<Watcher> watcher_;
};

WatchCache::WatchCache(const Options& options) : options_(options) {}

Result<Json> WatchCache::DecodeValue(std::string_view value, int64_t mod_revision) {
  STEAD_ASSIGN_OR_RETURN(Json obj, ParseJson(value));
  if (!obj.is_object()) return Status::Internal("stored value is not an object");
  obj["metadata"]["resourceVersion"] = std::to_string(mod_revision);
  return obj;
}

Result<std::unique_ptr<WatchCache>> WatchCache::Start(Store* store, const Options& options) {
  std::unique_ptr<WatchCache> cache(new WatchCache(options));
  ListOptions lo;
  STEAD_ASSIGN_OR_RETURN(ListResult list, store->List(lo));
  {
    std::lock_guard<std::mutex> lock(cache->mu_);
    for (auto& kv : list.kvs) {
      auto obj = DecodeValue(kv.value, kv.mod_revision);
      if (!obj.ok()) {
        LOG_ERROR("watchcache", "skipping undecodable object", {{"key", kv.key},
                  {"error", obj.status().message()}});
        continue;
      }
      cache->objects_.emplace(
          kv.key, CachedObject{kv.key, std::make_shared<const Json>(std::move(*obj)),
                               kv.mod_revision});
    }
    cache->revision_ = list.revision;
    cache->history_start_ = list.revision;
  }
  WatchCache* raw = cache.get();
  STEAD_ASSIGN_OR_RETURN(cache->store_watch_,
                         store->Watch("", list.revision, [raw](const std::vector<Event>& events) {
                           raw->OnStoreEvents(events);
                         }));
  cache->dispatcher_ = std::thread([raw] { raw->DispatchLoop(); });
  return cache;
}

WatchCache::~WatchCache() {
  store_watch_.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  dispatch_cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
}

void WatchCache::OnStoreEvents(const std::vector<Event>& events) {
  std::vector<CacheEvent> decoded;
  decoded.reserve(events.size());
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Event& e : events) {
      CacheEvent ce;
      ce.key = e.kv.key;
      ce.revision = e.kv.mod_revision;
      auto it = objects_.find(e.kv.key);
      if (it != objects_.end()) ce.prev_object = it->second.object;
      if (e.type == Event::Type::kPut) {
        auto obj = DecodeValue(e.kv.value, e.kv.mod_revision);
        if (!obj.ok()) {
          LOG_ERROR("watchcache", "skipping undecodable object", {{"key", e.kv.key},
                    {"error", obj.status().message()}});
          revision_ = e.kv.mod_revision;
          continue;
        }
        ce.object = std::make_shared<const Json>(std::move(*obj));
        ce.type = ce.prev_object ? CacheEvent::Type::kModified : CacheEvent::Type::kAdded;
        objects_[e.kv.key] = CachedObject{e.kv.key, ce.object, e.kv.mod_revision};
      } else {
        if (!ce.prev_object) {
          revision_ = e.kv.mod_revision;
          continue;
        }
        Json last = *ce.prev_object;
        last["metadata"]["resourceVersion"] = std::to_string(e.kv.mod_revision);
        ce.object = std::make_shared<const Json>(std::move(last));
        ce.type = CacheEvent::Type::kDeleted;
        objects_.erase(it);
      }
      revision_ = e.kv.mod_revision;
      history_.push_back(std::move(ce));
    }
    // Trim the window, but never past an event some watcher still needs.
    int64_t min_needed = revision_;
    for (const auto& [id, w] : watchers_) min_needed = std::min(min_needed, w->delivered);
    while (history_.size() > options_.history_capacity &&
           history_.front().revision <= min_needed) {
      history_start_ = history_.front().revision;
      history_.pop_front();
    }
  }
  revision_cv_.notify_all();
  dispatch_cv_.notify_one();
}

void WatchCache::DispatchLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  int64_t dispatched = revision_;
  while (true) {
    dispatch_cv_.wait(lock, [&] {
      if (stopping_) return true;
      if (revision_ > dispatched) return true;
      for (const auto& [id, w] : watchers_) {
        if (w->delivered < revision_ || !w->backlog.empty()) return true;
      }
      return false;
    });
    if (stopping_) return;
    int64_t horizon = revision_;
    // Collect per-watcher batches under the lock, deliver outside it.
    std::vector<std::pair<std::shared_ptr<Watcher>, std::vector<CacheEvent>>> work;
    std::vector<std::shared_ptr<Watcher>> idle;
    for (auto& [id, w] : watchers_) {
      if (w->delivered >= horizon && w->backlog.empty()) continue;
      auto begin = std::upper_bound(
          history_.begin(), history_.end(), w->delivered,
          [](int64_t rev, const CacheEvent& e) { return rev < e.revision; });
      std::vector<CacheEvent> batch = std::move(w->backlog);
      w->backlog.clear();
      for (auto it = begin; it != history_.end() && it->revision <= horizon; ++it) {
        if (it->key.compare(0, w->prefix.size(), w->prefix) == 0) batch.push_back(*it);
      }
      w->delivered = horizon;
      if (batch.empty()) {
        idle.push_back(w);
      } else {
        work.emplace_back(w, std::move(batch));
      }
    }
    dispatched = horizon;
    lock.unlock();
    for (auto& [w, batch] : work) {
      std::lock_guard<std::mutex> cb_lock(w->callback_mu);
      if (!w->cancelled) w->callback(batch);
      w->completed = horizon;
    }
    for (auto& w : idle) {
      std::lock_guard<std::mutex> cb_lock(w->callback_mu);
      w->completed = horizon;
    }
    lock.lock();
  }
}

void WatchCache::RemoveWatcher(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  watchers_.erase(id);
}

int64_t WatchCache::Revision() const {
  std::lock_guard<std::mutex> lock(mu_);
  return revision_;
}

Status WatchCache::WaitForRevision(int64_t revision, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  if (!revision_cv_.wait_for(lock, timeout, [&] { return revision_ >= revision; })) {
    return Status::Timeout("Too large resource version: " + std::to_string(revision) +
                           ", current: " + std::to_string(revision_));
  }
  return Status::OK();
}

std::optional<CachedObject> WatchCache::Get(std::string_view key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::vector<CachedObject> WatchCache::List(std::string_view prefix, std::string_view start_key,
                                           int64_t* revision) const {
  std::vector<CachedObject> out;
  std::lock_guard<std::mutex> lock(mu_);
  std::string_view from = start_key > prefix ? start_key : prefix;
  for (auto it = objects_.lower_bound(from); it != objects_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(it->second);
  }
  if (revision) *revision = revision_;
  return out;
}

size_t WatchCache::Count(std::string_view prefix) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    ++n;
  }
  return n;
}

int64_t WatchCache::OldestWatchableRevision() const {
  std::lock_guard<std::mutex> lock(mu_);
  return history_start_;
}

Result<std::unique_ptr<CacheWatcher>> WatchCache::Watch(std::string_view prefix,
                                                        int64_t after_revision,
                                                        CacheEventsCallback callback,
                                                        bool initial_state) {
  auto w = std::make_shared<Watcher>();
  w->prefix = std::string(prefix);
  w->callback = std::move(callback);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (initial_state) {
      for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
        if (it->first.compare(0, prefix.size(), prefix) != 0) break;
        CacheEvent e;
        e.type = CacheEvent::Type::kAdded;
        e.key = it->first;
        e.revision = it->second.mod_revision;
        e.object = it->second.object;
        w->backlog.push_back(std::move(e));
      }
      CacheEvent end;
      end.type = CacheEvent::Type::kInitialEnd;
      end.revision = revision_;
      w->backlog.push_back(std::move(end));
      after_revision = revision_;
    } else if (after_revision < history_start_) {
      return Status::Expired("too old resource version: " + std::to_string(after_revision) +
                             " (" + std::to_string(history_start_) + ")");
    }
    w->delivered = after_revision;
    w->completed = after_revision;
    w->id = next_watcher_id_++;
    watchers_[w->id] = w;
  }
  dispatch_cv_.notify_one();
  return std::unique_ptr<CacheWatcher>(new Handle(this, w));
}

}  // namespace stead::store

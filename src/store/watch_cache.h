// WatchCache: the decoded, in-memory view of the whole store that serves
// every get, list and watch of the API server and the in-process informers.
//
// It is fed by a single Store::Watch. Objects are decoded once (JSON with
// metadata.resourceVersion set to the key's mod_revision) and shared as
// immutable snapshots (`std::shared_ptr<const Json>`). The map is updated on
// the store's commit thread before the writer is acknowledged, so a caller
// that saw its write succeed reads it back here (read-your-writes). Events
// are fanned out to watchers on the cache's own dispatch thread, so slow
// watcher code never delays writers; watcher callbacks must not block (they
// queue).
//
// A bounded window of recent events lets watchers start from a recent
// resourceVersion; older ones get 410 Expired ("too old resource version").
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/json.h"
#include "store/store.h"

namespace stead::store {

using ObjectPtr = std::shared_ptr<const Json>;

struct CachedObject {
  std::string key;
  ObjectPtr object;
  int64_t mod_revision = 0;
};

struct CacheEvent {
  // kInitialEnd marks the end of the initial state of a watch started with
  // initial_state=true (no key/object).
  enum class Type { kAdded, kModified, kDeleted, kInitialEnd };
  Type type = Type::kAdded;
  std::string key;
  int64_t revision = 0;
  ObjectPtr object;       // new state; for kDeleted the last state (rv = deletion revision)
  ObjectPtr prev_object;  // state before this event (nullptr for kAdded)
};

class CacheWatcher {
 public:
  virtual ~CacheWatcher() = default;
  // The revision up to which every matching event has been handed to the
  // callback: a safe resourceVersion for a watch bookmark.
  virtual int64_t Progress() const = 0;
};

// Receives batches of events in revision order. Must not block.
using CacheEventsCallback = std::function<void(const std::vector<CacheEvent>& events)>;

class WatchCache {
 public:
  struct Options {
    size_t history_capacity = 20000;  // events kept for watch-from-revision
  };

  // Lists the store and starts watching it. The store must outlive the cache.
  static Result<std::unique_ptr<WatchCache>> Start(Store* store, const Options& options);
  ~WatchCache();

  WatchCache(const WatchCache&) = delete;
  WatchCache& operator=(const WatchCache&) = delete;

  // The revision the cache reflects.
  int64_t Revision() const;
  // Blocks until Revision() >= revision or the timeout passes (then
  // Timeout status).
  Status WaitForRevision(int64_t revision, std::chrono::milliseconds timeout) const;

  std::optional<CachedObject> Get(std::string_view key) const;
  // All objects whose key starts with prefix, sorted by key, and the
  // revision of this snapshot. Keys >= start_key only, if non-empty.
  std::vector<CachedObject> List(std::string_view prefix, std::string_view start_key,
                                 int64_t* revision) const;
  // Number of objects under a prefix.
  size_t Count(std::string_view prefix) const;

  // Delivers events with revision > after_revision for keys under prefix.
  // With initial_state, after_revision is ignored: the watch first delivers
  // one kAdded event per object under prefix at the current revision, then
  // a kInitialEnd marker, then every later change — "list then watch"
  // without a gap, in one step.
  // Expired (410) if after_revision is older than the event window.
  Result<std::unique_ptr<CacheWatcher>> Watch(std::string_view prefix, int64_t after_revision,
                                              CacheEventsCallback callback,
                                              bool initial_state = false);

  // Oldest revision from which Watch can start.
  int64_t OldestWatchableRevision() const;

  // Decodes a stored value: parses JSON and sets metadata.resourceVersion.
  static Result<Json> DecodeValue(std::string_view value, int64_t mod_revision);

 private:
  struct Watcher;
  class Handle;
  explicit WatchCache(const Options& options);
  void OnStoreEvents(const std::vector<Event>& events);
  void DispatchLoop();
  void RemoveWatcher(uint64_t id);

  const Options options_;

  mutable std::mutex mu_;
  mutable std::condition_variable revision_cv_;
  std::map<std::string, CachedObject, std::less<>> objects_;  // guarded by mu_
  int64_t revision_ = 0;                                      // guarded by mu_
  std::deque<CacheEvent> history_;                            // guarded by mu_
  int64_t history_start_ = 0;  // events with revision > this are in history_; guarded by mu_
  std::map<uint64_t, std::shared_ptr<Watcher>> watchers_;     // guarded by mu_
  uint64_t next_watcher_id_ = 1;                              // guarded by mu_
  std::deque<CacheEvent> pending_;  // events not yet dispatched; guarded by mu_
  std::condition_variable dispatch_cv_;
  bool stopping_ = false;  // guarded by mu_

  std::unique_ptr<WatchHandle> store_watch_;
  std::thread dispatcher_;
};

}  // namespace stead::store

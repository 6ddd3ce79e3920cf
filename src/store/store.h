// Store: a revisioned key/value store with etcd v3 semantics. It is the only
// durable state of stead; the API server keeps Kubernetes objects in it under
// keys like "/registry/pods/default/web-0".
//
// Semantics (shared by every backend; tests in tests/unit/store run against
// all of them):
//  * One global revision counter. Every successful write (create, update,
//    delete) increments it by one; the new value is the key's mod_revision
//    and becomes the object's resourceVersion.
//  * Writes are linearizable and durable: a write call returns only after
//    the change is on disk (backends may batch concurrent writers into one
//    sync — group commit). If a write returns an error nothing was written.
//  * Preconditions: Update/Delete take the mod_revision the caller last saw;
//    0 means unconditional. Mismatch -> Conflict; missing key -> NotFound.
//    Create on an existing key -> AlreadyExists.
//  * History: old versions are kept until compacted. List at an older
//    revision and Watch from an older revision are served from history;
//    asking for history the compaction removed (List at a revision below the
//    compacted revision, Watch with after_revision below it) gives 410
//    Expired. List at a revision above the current one gives 504 Timeout
//    "Too large resource version" (as the Kubernetes API server).
//  * Watch delivers every change of keys under a prefix in revision order,
//    first the history after `after_revision`, then live changes, without
//    gaps or duplicates. Callbacks for one committed batch run before the
//    writers of that batch are acknowledged, so a caller that saw a write
//    succeed and then reads a watch-fed cache sees its own write.
//
// Thread-safe. Callbacks run on a store-owned thread and must not call back
// into the store's write methods or block for long.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stead::store {

struct KeyValue {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
};

struct Event {
  enum class Type { kPut, kDelete };
  Type type = Type::kPut;
  // For kPut: the new value; create_revision == mod_revision on creation.
  // For kDelete: key, mod_revision = the revision of the deletion, value =
  // the last value before deletion, create_revision of that value.
  KeyValue kv;
  // The mod_revision of the previous version (0 when created).
  int64_t prev_revision = 0;
};

struct ListOptions {
  std::string prefix{};     // keys starting with this
  std::string start_key{};  // if non-empty, only keys >= start_key (pagination)
  int64_t revision = 0;   // 0 = latest
  int64_t limit = 0;      // 0 = no limit
};

struct ListResult {
  std::vector<KeyValue> kvs;  // sorted by key
  int64_t revision = 0;       // the revision the list reflects
  bool more = false;          // true if limit cut the result
};

struct StoreStats {
  int64_t revision = 0;
  int64_t compacted_revision = 0;
  int64_t keys = 0;            // live keys
  int64_t history_rows = 0;    // stored versions including history
  int64_t db_size_bytes = 0;   // file size, 0 for in-memory backends
};

// Handle for an active watch; destroying it stops delivery (after any
// in-flight callback returns).
class WatchHandle {
 public:
  virtual ~WatchHandle() = default;
};

using EventsCallback = std::function<void(const std::vector<Event>& events)>;

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Returns the revision of the write.
  virtual Result<int64_t> Create(std::string_view key, std::string_view value) = 0;
  virtual Result<int64_t> Update(std::string_view key, std::string_view value,
                                 int64_t expected_mod_revision) = 0;
  virtual Result<int64_t> Delete(std::string_view key, int64_t expected_mod_revision) = 0;

  // Latest version of a key; NotFound if absent.
  virtual Result<KeyValue> Get(std::string_view key) = 0;
  virtual Result<ListResult> List(const ListOptions& options) = 0;

  // Streams events for keys under `prefix` with revision > after_revision.
  // Expired if after_revision < compacted revision.
  virtual Result<std::unique_ptr<WatchHandle>> Watch(std::string_view prefix,
                                                     int64_t after_revision,
                                                     EventsCallback callback) = 0;

  virtual int64_t CurrentRevision() = 0;
  virtual int64_t CompactedRevision() = 0;
  // Drops history at or below `revision` (never the latest version of a live
  // key). Works in bounded steps so writers are not stalled.
  virtual Status Compact(int64_t revision) = 0;
  virtual StoreStats Stats() = 0;
};

// Smallest key greater than every key with this prefix ("" if none).
std::string PrefixEnd(std::string_view prefix);

}  // namespace stead::store

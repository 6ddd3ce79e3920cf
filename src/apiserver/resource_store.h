// ResourceStore: the REST semantics of every served resource — what the
// Kubernetes API server's generic registry does — on top of the Store and
// its WatchCache:
//   * create: decode, generateName, uid/creationTimestamp, namespace checks,
//     defaults, validation, ClusterIP allocation, optimistic write;
//   * get/list: served from the watch cache (consistent: the cache has seen
//     every acknowledged write), label/field selectors, limit/continue;
//   * update/patch: resourceVersion preconditions (409 Conflict), spec/status
//     separation, generation, immutable metadata, no-op detection (an
//     unchanged object keeps its resourceVersion);
//   * delete: preconditions, graceful deletion for pods, finalizers and
//     deletionTimestamp, propagation policy as finalizers for the garbage
//     collector;
//   * watch: filtered event streams from any revision in the cache window.
// Used by the HTTP handlers and by the in-process client alike, so that both
// have exactly the same behaviour. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/registry.h"
#include "api/resource.h"
#include "apiserver/request_options.h"
#include "apiserver/service_ip_allocator.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"
#include "store/watch_cache.h"

namespace stead::apiserver {

// kFinalize is namespaces/<name>/finalize: only spec.finalizers is taken
// from the written object.
enum class Subresource { kNone, kStatus, kScale, kFinalize };

enum class PatchKind { kJson, kMerge, kStrategicMerge, kApply };

struct ListResult {
  std::vector<store::ObjectPtr> items;
  std::string resource_version;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
};

struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark, kError };
  Type type = Type::kAdded;
  store::ObjectPtr object;  // for kError a metav1.Status; for kBookmark see below
  // For kBookmark: the resourceVersion, and whether it marks the end of the
  // initial events (sendInitialEvents=true).
  std::string bookmark_revision;
  bool initial_events_end = false;
  static const char* TypeName(Type t);
};

// An active watch; destroying it stops delivery. Must not be destroyed from
// inside its own sink.
class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // resourceVersion up to which every event has been handed to the sink
  // (safe for a BOOKMARK).
  virtual int64_t Progress() const = 0;
};

// Result of a delete: the body to return (the object, or a Status) and the
// HTTP code (200, or 202 when upstream answers Accepted).
struct DeleteResult {
  Json body;
  int code = 200;
  bool deleted = false;  // removed from the store (vs. marked for deletion)
};

// Per-write outcome details the HTTP layer reports (warnings header, 201).
struct WriteResult {
  Json object;
  bool created = false;
  std::vector<std::string> warnings;
};

class ResourceStore {
 public:
  struct Options {
    std::string service_cidr = "10.96.0.0/12";
    // Upper bound on waiting for the cache to catch up with a write.
    std::chrono::milliseconds cache_wait{5000};
  };

  ResourceStore(store::Store* store, store::WatchCache* cache,
                const api::ResourceRegistry* registry, const Clock* clock,
                const Options& options);
  ~ResourceStore();

  const api::ResourceRegistry& registry() const { return *registry_; }
  const Clock& clock() const { return *clock_; }
  store::WatchCache& cache() { return *cache_; }

  Result<WriteResult> Create(const api::ResourceType& type, const std::string& ns, Json obj,
                             const WriteOptions& options);
  Result<store::ObjectPtr> Get(const api::ResourceType& type, const std::string& ns,
                               const std::string& name);
  Result<ListResult> List(const api::ResourceType& type, const std::string& ns,
                          const ListOptions& options);
  // PUT. For Subresource::kStatus only the status is taken from `obj`.
  Result<WriteResult> Update(const api::ResourceType& type, const std::string& ns,
                             const std::string& name, Json obj, const WriteOptions& options,
                             Subresource sub = Subresource::kNone);
  Result<WriteResult> Patch(const api::ResourceType& type, const std::string& ns,
                            const std::string& name, PatchKind kind, std::string_view body,
                            const WriteOptions& options, Subresource sub = Subresource::kNone);
  Result<DeleteResult> Delete(const api::ResourceType& type, const std::string& ns,
                              const std::string& name, const DeleteOptions& options);
  // Deletes every object matching the list options; returns the list of
  // what was deleted (or marked for deletion).
  Result<ListResult> DeleteCollection(const api::ResourceType& type, const std::string& ns,
                                       const ListOptions& list_options,
                                       const DeleteOptions& options);
  // Streams events matching the options to `sink` (which must not block).
  // Initial ADDED events as upstream for resourceVersion "" / "0".
  Result<std::unique_ptr<WatchStream>> Watch(const api::ResourceType& type,
                                             const std::string& ns, const ListOptions& options,
                                             std::function<void(const WatchEvent&)> sink);

  // Subresources.
  Result<Json> GetScale(const api::ResourceType& type, const std::string& ns,
                        const std::string& name);
  Result<Json> UpdateScale(const api::ResourceType& type, const std::string& ns,
                           const std::string& name, Json scale, const WriteOptions& options);
  Result<Json> PatchScale(const api::ResourceType& type, const std::string& ns,
                          const std::string& name, PatchKind kind, std::string_view body,
                          const WriteOptions& options);
  // POST pods/<name>/binding.
  Result<Json> BindPod(const std::string& ns, const std::string& name, Json binding,
                       const WriteOptions& options);

  // Read-modify-write with retries on conflict: `mutate` edits a copy of the
  // current object (returning an error aborts). Runs the full update path
  // (defaults, validation, preconditions on the mutated object's uid).
  Result<WriteResult> GuaranteedUpdate(const api::ResourceType& type, const std::string& ns,
                                       const std::string& name,
                                       const std::function<Status(Json& obj)>& mutate,
                                       const WriteOptions& options,
                                       Subresource sub = Subresource::kNone);

 private:
  struct Filter;
  class Watcher;

  Result<Json> Decode(const api::ResourceType& type, const Json& body,
                      const WriteOptions& options, std::vector<std::string>* warnings) const;
  Status CheckNamespace(const api::ResourceType& type, const std::string& ns) const;
  // Create and update paths; with `managed_fields_applied` the object
  // carries the managedFields server-side apply computed for this write.
  Result<WriteResult> CreateObject(const api::ResourceType& type, const std::string& ns,
                                   Json body, const WriteOptions& options,
                                   bool managed_fields_applied);
  Result<WriteResult> UpdateLocked(const api::ResourceType& type, const std::string& ns,
                                   const std::string& name, const store::ObjectPtr& current,
                                   Json obj, const WriteOptions& options, Subresource sub,
                                   bool client_rv_precondition,
                                   bool managed_fields_applied = false);
  Result<DeleteResult> FinishDelete(const api::ResourceType& type, const std::string& ns,
                                    const std::string& name, const Json& current,
                                    const DeleteOptions& options);
  Result<Filter> MakeFilter(const api::ResourceType& type, const ListOptions& options) const;
  Result<store::ObjectPtr> GetFresh(const std::string& key);
  void ReleaseResources(const api::ResourceType& type, const Json& obj);

  store::Store* const store_;
  store::WatchCache* const cache_;
  const api::ResourceRegistry* const registry_;
  const Clock* const clock_;
  const Options options_;
  std::unique_ptr<ServiceIpAllocator> ip_allocator_;
};

}  // namespace stead::apiserver

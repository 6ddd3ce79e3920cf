// Shared informers: one in-memory, always-current cache per resource type,
// fed by a single watch and shared by every controller of the process, with
// event handlers that turn changes into work-queue keys (client-go's
// SharedIndexInformer and SharedInformerFactory).
//
// How an informer works:
//   * Start() opens one watch (Client::Watch, resourceVersion "" with
//     initial events): every existing object arrives as ADDED, then a
//     bookmark marks the end of the initial state (HasSynced() turns true),
//     then every change follows.
//   * The watch sink only queues; a delivery thread per informer applies each
//     event to the cache and then calls the handlers, one event at a time,
//     in order. The watch machinery is never blocked by handler code.
//   * When the watch fails or ends (an ERROR event), the informer resumes
//     from the last resourceVersion it saw; if that is too old (410), it
//     relists: the fresh initial state replaces the cache, objects that
//     vanished meanwhile are delivered as deletions, the others as updates.
//   * Every resync period (0 = never) each cached object is delivered again
//     as OnUpdate(obj, obj), so level-triggered controllers re-check it.
//
// Cache: immutable snapshots (ObjectPtr) keyed "namespace/name" ("name" for
// cluster-scoped kinds); Get/List/ByIndex return them in key order. A
// "namespace" index is built in; AddIndexer adds more.
//
// Threading rules for handlers: they run on the informer's delivery thread,
// must not block and should only enqueue keys (reading the informer caches
// is fine). A handler added after Start() first receives OnAdd for every
// object already cached, then the events that follow. Cache reads are
// thread-safe and never wait for handlers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/resource.h"
#include "client/client.h"
#include "core/clock.h"
#include "core/label_selector.h"

namespace stead::client {

// Each callback may be empty. For a deletion found by a relist, OnDelete
// receives the last state the cache held.
struct ResourceEventHandler {
  std::function<void(const ObjectPtr& obj)> on_add;
  std::function<void(const ObjectPtr& old_obj, const ObjectPtr& new_obj)> on_update;
  std::function<void(const ObjectPtr& obj)> on_delete;
};

// Values an object is indexed under.
using IndexFunc = std::function<std::vector<std::string>(const Json& obj)>;

inline constexpr char kNamespaceIndex[] = "namespace";

class SharedInformer {
 public:
  using HandlerId = uint64_t;

  // Informers are made by SharedInformerFactory::For. `client` and `clock`
  // must outlive the informer.
  SharedInformer(Client* client, const api::ResourceType& type, const Clock* clock,
                 std::chrono::milliseconds resync_period);
  ~SharedInformer();

  SharedInformer(const SharedInformer&) = delete;
  SharedInformer& operator=(const SharedInformer&) = delete;

  const api::ResourceType& type() const { return type_; }

  // May be called from any thread, a handler included.
  HandlerId AddEventHandler(ResourceEventHandler handler);
  // After it returns, the handler is not called again (except that when
  // called from a handler the current event's remaining calls are skipped).
  void RemoveEventHandler(HandlerId id);
  // Adds an index (existing objects are indexed at once). AlreadyExists if
  // the name is taken.
  Status AddIndexer(const std::string& name, IndexFunc fn);

  // Opens the watch and starts delivering; idempotent.
  void Start();
  // Stops the watch and the delivery thread; no handler runs after it
  // returns. Must not be called from a handler. Idempotent.
  void Stop();
  // True once the initial state has been cached and handed to the handlers.
  bool HasSynced() const;
  // Blocks up to `timeout` (wall-clock) for HasSynced().
  bool WaitForSync(std::chrono::milliseconds timeout) const;
  // True once the informer has synced and the handler has been given every
  // object of the initial state (registration is asynchronous, see above):
  // client-go's ResourceEventHandlerRegistration.HasSynced.
  bool HandlerSynced(HandlerId id) const;
  // The resourceVersion of the newest event applied to the cache.
  std::string LastSyncResourceVersion() const;

  // Cache reads (nullptr / empty when absent).
  ObjectPtr Get(std::string_view ns, std::string_view name) const;
  ObjectPtr GetByKey(std::string_view key) const;
  // Objects of a namespace ("" = all) matching the selector.
  std::vector<ObjectPtr> List(std::string_view ns,
                              const LabelSelector& selector = LabelSelector()) const;
  std::vector<std::string> ListKeys() const;
  std::vector<ObjectPtr> ByIndex(const std::string& index, const std::string& value) const;

 private:
  struct Handler {
    HandlerId id;
    ResourceEventHandler fns;
    bool removed = false;  // guarded by dispatch_mu_
  };
  // What the delivery thread works through.
  struct Pending {
    enum class Kind { kEvent, kAddHandler } kind = Kind::kEvent;
    uint64_t epoch = 0;  // of the watch an event came from
    WatchEvent event;
    std::shared_ptr<Handler> handler;
  };
  struct Index {
    IndexFunc fn;
    std::map<std::string, std::set<std::string>, std::less<>> values;  // value -> keys
  };

  // The delivery thread.
  void Run();
  // Replaces the watch by one from `resource_version` ("" = relist with
  // initial events).
  Status OpenWatch(const std::string& resource_version);
  void HandleEvent(const WatchEvent& event);
  void FinishInitialState();
  void Resync();
  void AddHandlerNow(const std::shared_ptr<Handler>& handler);
  // Cache mutations (delivery thread only); return the previous object.
  // Initial events come in key order, not revision order: they do not move
  // the resourceVersion to resume from (the end-of-initial-state bookmark
  // does).
  ObjectPtr Store(const std::string& key, const ObjectPtr& obj, bool advance_rv);
  ObjectPtr Remove(const std::string& key, const std::string& resource_version);
  static void IndexLocked(Index& index, const std::string& key, const Json& obj, bool add);
  // Calls the live handlers (delivery thread only).
  void Notify(const std::function<void(const ResourceEventHandler&)>& call);

  Client* const client_;
  const api::ResourceType& type_;
  const Clock* const clock_;
  const std::chrono::milliseconds resync_period_;

  // The cache.
  mutable std::shared_mutex cache_mu_;
  std::map<std::string, ObjectPtr, std::less<>> items_;  // guarded by cache_mu_
  std::map<std::string, Index, std::less<>> indices_;    // guarded by cache_mu_
  std::string last_rv_;                                  // guarded by cache_mu_

  // Delivery queue and lifecycle.
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<Pending> pending_;    // guarded by mu_
  uint64_t epoch_ = 0;             // guarded by mu_: the current watch
  bool started_ = false;           // guarded by mu_
  bool stopping_ = false;          // guarded by mu_
  bool synced_ = false;            // guarded by mu_
  HandlerId next_handler_id_ = 1;  // guarded by mu_
  std::set<HandlerId> delivered_;  // guarded by mu_: handlers given the cache

  // Handlers; the delivery thread holds dispatch_mu_ while calling them.
  std::mutex dispatch_mu_;
  std::vector<std::shared_ptr<Handler>> handlers_;  // guarded by dispatch_mu_

  // Delivery-thread state.
  std::unique_ptr<WatchStream> watch_;
  bool in_initial_state_ = false;
  std::set<std::string> relist_seen_;
  std::thread thread_;
  std::thread::id delivery_thread_;  // guarded by mu_
};

// One SharedInformer per resource type, shared by every user.
class SharedInformerFactory {
 public:
  struct Options {
    // Default resync period of the informers (0 = no resync).
    std::chrono::milliseconds resync_period{0};
  };

  // `client` and `clock` must outlive the factory.
  SharedInformerFactory(Client* client, const Clock* clock, Options options);
  SharedInformerFactory(Client* client, const Clock* clock);
  // Stops every informer.
  ~SharedInformerFactory();

  SharedInformerFactory(const SharedInformerFactory&) = delete;
  SharedInformerFactory& operator=(const SharedInformerFactory&) = delete;

  // The informer of a type, made on first use. Thread-safe.
  SharedInformer& For(const api::ResourceType& type);
  // Same, by group and plural ("apps", "statefulsets").
  SharedInformer& For(std::string_view group, std::string_view plural);
  // Starts every informer made so far (call again for later ones).
  void Start();
  // Waits (wall-clock) until every started informer has synced.
  bool WaitForCacheSync(std::chrono::milliseconds timeout);
  // Stops every informer.
  void Shutdown();

 private:
  Client* const client_;
  const Clock* const clock_;
  const Options options_;
  std::mutex mu_;
  // By group/plural; informers are never removed, so references stay valid.
  std::map<std::string, std::unique_ptr<SharedInformer>> informers_;  // guarded by mu_
  std::vector<SharedInformer*> started_;                              // guarded by mu_
};

}  // namespace stead::client

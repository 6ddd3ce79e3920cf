#include "controllers/garbagecollector/garbage_collector.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "client/workqueue.h"
#include "controllers/garbagecollector/graph.h"
#include "controllers/garbagecollector/object_reference.h"
#include "controllers/garbagecollector/reference_cache.h"
#include "core/go_quote.h"
#include "core/log.h"

namespace stead::controllers {

namespace {

using garbagecollector::DependencyGraph;
using garbagecollector::GraphActions;
using garbagecollector::GraphEvent;
using garbagecollector::HasFinalizer;
using garbagecollector::kFinalizerDeleteDependents;
using garbagecollector::kFinalizerOrphanDependents;
using garbagecollector::NodeSnapshot;
using garbagecollector::ObjectReference;
using garbagecollector::OwnerReference;
using garbagecollector::ReferenceCache;

constexpr char kName[] = "garbage-collector-controller";
constexpr char kLog[] = "garbagecollector";
constexpr char kDeleteQueue[] = "garbage_collector_attempt_to_delete";
constexpr char kOrphanQueue[] = "garbage_collector_attempt_to_orphan";
// Upstream's absentOwnerCache size.
constexpr size_t kAbsentOwnerCacheSize = 500;
// client-go's retry.DefaultBackoff.Steps, for finalizer removal conflicts.
constexpr int kFinalizerUpdateRetries = 4;

struct GcMetrics {
  explicit GcMetrics(MetricsRegistry& r)
      : resources_sync_error(r.NewCounter("garbagecollector_controller_resources_sync_error_total",
                                          "Number of garbage collector resources sync errors")),
        graph_nodes(r.NewGauge("garbagecollector_controller_graph_nodes",
                               "Number of objects (and referenced owners not yet seen) in the "
                               "garbage collector's dependency graph")),
        deleted(r.NewCounter("garbagecollector_controller_deleted_total",
                             "Number of objects the garbage collector deleted, by propagation "
                             "policy")),
        orphaned(r.NewCounter("garbagecollector_controller_orphaned_total",
                              "Number of dependents whose owner reference the garbage "
                              "collector removed to orphan them")) {}
  Counter* resources_sync_error;
  Gauge* graph_nodes;
  Counter* deleted;
  Counter* orphaned;
};

// How a queue item was handled.
enum class Outcome { kForget, kRequeue };

// What attemptToDeleteItem concluded, when it did not fail.
enum class Attempt {
  kDone,
  // The object is gone: a virtual delete event updates the graph.
  kVirtualDeleteEnqueued,
  // A cluster-scoped object names a namespaced owner: retrying cannot help.
  kNamespacedOwnerOfClusterScoped,
};

// isDangling's answer about one owner reference.
struct OwnerLookup {
  bool dangling = false;
  bool namespaced_owner_of_cluster_scoped = false;
  store::ObjectPtr owner;  // when not dangling
};

std::string JoinReferences(const std::vector<OwnerReference>& refs) {
  std::string out = "[";
  for (size_t i = 0; i < refs.size(); ++i) {
    if (i) out += " ";
    out += refs[i].kind + "/" + refs[i].name + " (" + refs[i].uid + ")";
  }
  return out + "]";
}

class GarbageCollector final : public RunnableController {
 public:
  GarbageCollector(const ControllerContext& context, GarbageCollectorOptions options)
      : client_(context.client),
        monitors_(Monitors(context)),
        options_(options),
        recorder_(context.events ? context.events->NewRecorder(kName) : nullptr),
        controller_metrics_(context.controller_metrics),
        metrics_(context.metrics ? std::make_unique<GcMetrics>(*context.metrics) : nullptr),
        absent_owners_(kAbsentOwnerCacheSize),
        attempt_to_delete_(context.clock, QueueOptions(kDeleteQueue, context)),
        attempt_to_orphan_(context.clock, QueueOptions(kOrphanQueue, context)) {}

  ~GarbageCollector() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
    LOG_INFO(kLog, "Starting controller", {{"controller", "garbagecollector"}});
    builder_ = std::thread([this] { RunGraphBuilder(); });
    for (client::SharedInformer* informer : monitors_) {
      std::string api_version = informer->type().GroupVersion();
      std::string kind = informer->type().kind;
      client::ResourceEventHandler h;
      h.on_add = [this, api_version, kind](const client::ObjectPtr& obj) {
        Push(GraphEvent::Type::kAdd, api_version, kind, obj, nullptr);
      };
      h.on_update = [this, api_version, kind](const client::ObjectPtr& old_obj,
                                              const client::ObjectPtr& obj) {
        Push(GraphEvent::Type::kUpdate, api_version, kind, obj, old_obj);
      };
      h.on_delete = [this, api_version, kind](const client::ObjectPtr& obj) {
        Push(GraphEvent::Type::kDelete, api_version, kind, obj, nullptr);
      };
      handlers_.emplace_back(informer, informer->AddEventHandler(std::move(h)));
    }
    starter_ = std::thread([this] { StartWorkersWhenSynced(); });
  }

  void Stop() override {
    std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>> handlers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      handlers.swap(handlers_);
    }
    {
      std::lock_guard<std::mutex> lock(changes_mu_);
      changes_closed_ = true;
    }
    changes_cv_.notify_all();
    if (starter_.joinable()) starter_.join();
    for (auto& [informer, id] : handlers) informer->RemoveEventHandler(id);
    if (builder_.joinable()) builder_.join();
    attempt_to_delete_.ShutDown();
    attempt_to_orphan_.ShutDown();
    std::vector<std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
    }
    for (auto& t : workers) t.join();
    if (!workers.empty()) {
      LOG_INFO(kLog, "Shutting down controller", {{"controller", "garbagecollector"}});
    }
  }

 private:
  // The informers of every served kind the graph covers, taken when the
  // collector is built so that the manager starts and syncs them.
  static std::vector<client::SharedInformer*> Monitors(const ControllerContext& context) {
    std::vector<client::SharedInformer*> out;
    for (const api::ResourceType& type : context.client->registry().All()) {
      // Events are never owners and expire by themselves (upstream's default
      // ignoredResources).
      if (type.plural == "events" && (type.group.empty() || type.group == "events.k8s.io")) {
        continue;
      }
      out.push_back(&context.informers->For(type));
    }
    return out;
  }

  static client::RateLimitingQueue::Options QueueOptions(const char* name,
                                                         const ControllerContext& context) {
    client::RateLimitingQueue::Options o;
    o.name = name;
    o.metrics = context.controller_metrics ? &context.controller_metrics->queue : nullptr;
    return o;
  }

  // ---- Graph builder ----

  void Push(GraphEvent::Type type, const std::string& api_version, const std::string& kind,
            const client::ObjectPtr& obj, const client::ObjectPtr& old_obj) {
    GraphEvent e;
    e.type = type;
    e.api_version = api_version;
    e.kind = kind;
    e.object = obj;
    e.old_object = old_obj;
    Push(std::move(e));
  }

  void Push(GraphEvent e) {
    {
      std::lock_guard<std::mutex> lock(changes_mu_);
      if (changes_closed_) return;
      changes_.push_back(std::move(e));
      ++changes_pushed_;
    }
    changes_cv_.notify_all();
  }

  void EnqueueVirtualDeleteEvent(const ObjectReference& ref) {
    Push(GraphEvent::VirtualDelete(ref));
  }

  void RunGraphBuilder() {
    while (true) {
      GraphEvent e;
      {
        std::unique_lock<std::mutex> lock(changes_mu_);
        changes_cv_.wait(lock, [&] { return changes_closed_ || !changes_.empty(); });
        if (changes_closed_) return;
        e = std::move(changes_.front());
        changes_.pop_front();
      }
      GraphActions actions = graph_.Process(e);
      Apply(actions);
      {
        std::lock_guard<std::mutex> lock(changes_mu_);
        ++changes_processed_;
      }
      changes_cv_.notify_all();
    }
  }

  void Apply(const GraphActions& actions) {
    for (const ObjectReference& ref : actions.absent_owners) absent_owners_.Add(ref);
    for (const auto& invalid : actions.invalid_namespace_owners) {
      LOG_INFO(kLog, "item references an owner but does not match namespaces",
               {{"item", invalid.dependent.String()}, {"owner", invalid.owner.String()}});
      if (!recorder_) continue;
      Json obj = {{"apiVersion", invalid.dependent.api_version},
                  {"kind", invalid.dependent.kind},
                  {"metadata",
                   {{"name", invalid.dependent.name},
                    {"namespace", invalid.dependent.ns},
                    {"uid", invalid.dependent.uid}}}};
      recorder_->Event(obj, client::kEventTypeWarning, "OwnerRefInvalidNamespace",
                       "ownerRef " + invalid.owner.String() + " does not exist in namespace " +
                           GoQuote(invalid.dependent.ns));
    }
    for (const std::string& uid : actions.attempt_to_delete) attempt_to_delete_.Add(uid);
    for (const std::string& uid : actions.attempt_to_delete_rate_limited) {
      attempt_to_delete_.AddRateLimited(uid);
    }
    for (const std::string& uid : actions.attempt_to_orphan) attempt_to_orphan_.Add(uid);
    if (metrics_) metrics_->graph_nodes->Set(static_cast<double>(graph_.Size()));
  }

  // ---- Startup ----

  // Waits until every informer has handed over its initial list and the
  // graph builder has taken it in, or the timeout; false when stopping.
  // Acting on a partial graph could remove a foreground owner's finalizer
  // before its dependents are known.
  bool WaitForInitialSync() {
    auto deadline = std::chrono::steady_clock::now() + options_.initial_sync_timeout;
    bool synced = true;
    std::string unsynced;
    std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>> handlers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      handlers = handlers_;
    }
    // Each handler was registered after its informer may have synced: wait
    // until it has been handed the informer's initial state too.
    for (const auto& [informer, id] : handlers) {
      while (!informer->HandlerSynced(id)) {
        if (Stopping()) return false;
        if (std::chrono::steady_clock::now() >= deadline) {
          synced = false;
          unsynced = informer->type().GroupResource();
          break;
        }
        informer->WaitForSync(std::chrono::milliseconds(20));
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      if (!synced) break;
    }
    if (synced) {
      // Handlers registered before the sync have queued the initial lists.
      std::unique_lock<std::mutex> lock(changes_mu_);
      uint64_t target = changes_pushed_;
      while (changes_processed_ < target && !changes_closed_) {
        if (changes_cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
          synced = changes_processed_ >= target;
          if (!synced) unsynced = "the dependency graph";
          break;
        }
      }
    }
    if (Stopping()) return false;
    if (synced) {
      LOG_INFO(kLog, "Garbage collector: all resource monitors have synced");
    } else {
      LOG_INFO(kLog,
               "Garbage collector: not all resource monitors could be synced, proceeding "
               "anyways",
               {{"resource", unsynced}});
      if (metrics_) metrics_->resources_sync_error->Inc();
    }
    LOG_INFO(kLog, "Proceeding to collect garbage");
    return true;
  }

  void StartWorkersWhenSynced() {
    if (!WaitForInitialSync()) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    for (int i = 0; i < std::max(1, options_.workers); ++i) {
      workers_.emplace_back([this] {
        RunWorker(attempt_to_delete_,
                  [this](const std::string& uid) { return ProcessAttemptToDelete(uid); });
      });
      workers_.emplace_back([this] {
        RunWorker(attempt_to_orphan_,
                  [this](const std::string& uid) { return ProcessAttemptToOrphan(uid); });
      });
    }
  }

  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
  }

  // ---- Workers ----

  template <typename Fn>
  void RunWorker(client::RateLimitingQueue& queue, Fn process) {
    while (true) {
      client::RateLimitingQueue::Item item = queue.Get();
      if (item.shutdown) return;
      auto start = std::chrono::steady_clock::now();
      Outcome outcome;
      try {
        outcome = process(item.key);
      } catch (const std::exception& e) {
        // Unexpected data must not take the server down; retry with backoff.
        LOG_ERROR(kLog, "processing item threw", {{"uid", item.key}, {"error", e.what()}});
        outcome = Outcome::kRequeue;
      }
      if (controller_metrics_) {
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        controller_metrics_->reconcile_duration->Observe(seconds, {{"controller", queue.name()}});
        controller_metrics_->reconcile_total->Inc(
            {{"controller", queue.name()},
             {"result", outcome == Outcome::kForget ? "success" : "error"}});
      }
      if (outcome == Outcome::kForget) {
        queue.Forget(item.key);
      } else {
        queue.AddRateLimited(item.key);
      }
      queue.Done(item.key);
    }
  }

  Outcome ProcessAttemptToDelete(const std::string& uid) {
    std::optional<NodeSnapshot> item = graph_.Get(uid);
    if (!item) return Outcome::kForget;  // deleted from the graph meanwhile
    Result<Attempt> r = AttemptToDeleteItem(*item);
    if (!r.ok()) {
      LOG_ERROR(kLog, "error syncing item",
                {{"item", item->identity.String()}, {"error", r.status().ToString()}});
      return Outcome::kRequeue;
    }
    if (*r != Attempt::kDone) return Outcome::kForget;
    // A virtual node that exists must be looked at again until the
    // informers show it, or one added and removed during a relist would
    // stay in the graph forever.
    std::optional<NodeSnapshot> now = graph_.Get(uid);
    if (now && !now->observed) return Outcome::kRequeue;
    return Outcome::kForget;
  }

  Result<const api::ResourceType*> Resolve(const std::string& api_version,
                                           const std::string& kind) const {
    std::string group, version;
    garbagecollector::SplitApiVersion(api_version, &group, &version);
    const api::ResourceType* type = client_->registry().ByKind(group, kind);
    if (type == nullptr || type->version != version) {
      // Retried with backoff, as upstream does for kinds it cannot map.
      return Status::Internal("unable to get REST mapping for " + api_version + "/" + kind + ".");
    }
    return type;
  }

  Result<store::ObjectPtr> GetObject(const ObjectReference& ref) {
    STEAD_ASSIGN_OR_RETURN(const api::ResourceType* type, Resolve(ref.api_version, ref.kind));
    return client_->Get(*type, type->namespaced ? ref.ns : "", ref.name);
  }

  // Whether `ref`, named by `item`, points to an object that does not exist
  // (according to the API server, or the record of owners it denied).
  Result<OwnerLookup> IsDangling(const OwnerReference& ref, const NodeSnapshot& item) {
    OwnerLookup out;
    ObjectReference key = ObjectReference::Of(ref, "");
    if (absent_owners_.Has(key)) {
      out.dangling = true;
      return out;
    }
    key.ns = item.identity.ns;
    if (absent_owners_.Has(key)) {
      out.dangling = true;
      return out;
    }
    STEAD_ASSIGN_OR_RETURN(const api::ResourceType* type, Resolve(ref.api_version, ref.kind));
    if (!type->namespaced) key.ns.clear();
    if (item.identity.ns.empty() && type->namespaced) {
      LOG_INFO(kLog, "item is cluster-scoped, but refers to a namespaced owner",
               {{"item", item.identity.String()}, {"owner", key.String()}});
      out.namespaced_owner_of_cluster_scoped = true;
      return out;
    }
    auto owner = client_->Get(*type, type->namespaced ? item.identity.ns : "", ref.name);
    if (!owner.ok()) {
      if (!owner.status().IsNotFound()) return owner.status();
      absent_owners_.Add(key);
      out.dangling = true;
      return out;
    }
    if (MetaUid(**owner) != ref.uid) {
      absent_owners_.Add(key);
      out.dangling = true;
      return out;
    }
    out.owner = *owner;
    return out;
  }

  // Looks up the live object of `item` and deletes it if all its owners are
  // gone (or updates it if only some are).
  Result<Attempt> AttemptToDeleteItem(const NodeSnapshot& item) {
    LOG_DEBUG(kLog, "Processing item",
              {{"item", item.identity.String()}, {"virtual", !item.observed}});
    // Being deleted is a one-way trip; its dependents are handled once it
    // is gone.
    if (item.being_deleted && !item.deleting_dependents) return Attempt::kDone;
    auto latest_or = GetObject(item.identity);
    if (!latest_or.ok()) {
      if (!latest_or.status().IsNotFound()) return latest_or.status();
      EnqueueVirtualDeleteEvent(item.identity);
      return Attempt::kVirtualDeleteEnqueued;
    }
    const Json& latest = **latest_or;
    if (MetaUid(latest) != item.identity.uid) {
      EnqueueVirtualDeleteEvent(item.identity);
      return Attempt::kVirtualDeleteEnqueued;
    }
    if (item.deleting_dependents) {
      STEAD_RETURN_IF_ERROR(ProcessDeletingDependentsItem(item));
      return Attempt::kDone;
    }
    std::vector<OwnerReference> owners = OwnerReference::ListOf(latest);
    if (owners.empty()) return Attempt::kDone;

    std::vector<OwnerReference> solid, dangling, waiting;
    for (const OwnerReference& ref : owners) {
      STEAD_ASSIGN_OR_RETURN(OwnerLookup lookup, IsDangling(ref, item));
      if (lookup.namespaced_owner_of_cluster_scoped) {
        return Attempt::kNamespacedOwnerOfClusterScoped;
      }
      if (lookup.dangling) {
        dangling.push_back(ref);
      } else if (MetaDeleting(*lookup.owner) &&
                 HasFinalizer(*lookup.owner, kFinalizerDeleteDependents)) {
        waiting.push_back(ref);
      } else {
        solid.push_back(ref);
      }
    }

    if (!solid.empty()) {
      if (dangling.empty() && waiting.empty()) return Attempt::kDone;
      // References to owners waiting for their dependents go too, or those
      // owners would wait forever.
      std::vector<std::string> uids;
      for (const auto* list : {&dangling, &waiting}) {
        for (const OwnerReference& ref : *list) uids.push_back(ref.uid);
      }
      LOG_INFO(kLog, "remove dangling references and waiting references for item",
               {{"item", item.identity.String()},
                {"dangling", JoinReferences(dangling)},
                {"waitingForDependentsDeletion", JoinReferences(waiting)}});
      STEAD_RETURN_IF_ERROR(RemoveOwnerReferences(item.identity, uids));
      return Attempt::kDone;
    }

    std::string resource_version = MetaResourceVersion(latest);
    const Json* owners_json = Lookup(latest, {"metadata", "ownerReferences"});
    Json owners_at_version = owners_json ? *owners_json : Json();
    std::optional<NodeSnapshot> current = graph_.Get(item.identity.uid);
    if (!waiting.empty() && current && current->num_dependents != 0) {
      for (const NodeSnapshot& dep : graph_.Dependents(item.identity.uid)) {
        if (!dep.deleting_dependents) continue;
        // Its owner and its dependent both wait for their dependents: make
        // its own references non-blocking so the two cannot wait on each
        // other forever, then delete it in the foreground.
        LOG_INFO(kLog,
                 "processing item, some of its owners and its dependent have "
                 "FinalizerDeletingDependents, to prevent potential cycle, its ownerReferences "
                 "are going to be modified to be non-blocking, then the item is going to be "
                 "deleted with Foreground",
                 {{"item", item.identity.String()}, {"dependent", dep.identity.String()}});
        STEAD_RETURN_IF_ERROR(UnblockOwnerReferences(item));
        break;
      }
      LOG_INFO(kLog,
               "at least one owner of item has FinalizerDeletingDependents, and the item itself "
               "has dependents, so it is going to be deleted in Foreground",
               {{"item", item.identity.String()}});
      return DeleteItem(item.identity, resource_version, owners_at_version, "Foreground");
    }
    // No owner left: collect it, honouring a propagation the object asks for.
    std::string policy = "Background";
    if (HasFinalizer(latest, kFinalizerOrphanDependents)) {
      policy = "Orphan";
    } else if (HasFinalizer(latest, kFinalizerDeleteDependents)) {
      policy = "Foreground";
    }
    return DeleteItem(item.identity, resource_version, owners_at_version, policy);
  }

  Result<Attempt> DeleteItem(const ObjectReference& item, const std::string& resource_version,
                             const Json& owners_at_version, const std::string& policy) {
    LOG_INFO(kLog, "Deleting item", {{"item", item.String()}, {"propagationPolicy", policy}});
    Status s = DeleteObject(item, resource_version, owners_at_version, policy);
    if (s.IsNotFound()) {
      EnqueueVirtualDeleteEvent(item);
      return Attempt::kVirtualDeleteEnqueued;
    }
    if (!s.ok()) return s;
    if (metrics_) metrics_->deleted->Inc({{"propagation_policy", policy}});
    return Attempt::kDone;
  }

  // Deletes `item` if it is still the object at `resource_version`, or, if
  // it changed since, still has the same owners.
  Status DeleteObject(const ObjectReference& item, const std::string& resource_version,
                      const Json& owners_at_version, const std::string& policy) {
    STEAD_ASSIGN_OR_RETURN(const api::ResourceType* type, Resolve(item.api_version, item.kind));
    std::string ns = type->namespaced ? item.ns : "";
    client::DeleteOptions options;
    options.precondition_uid = item.uid;
    options.precondition_resource_version = resource_version;
    options.propagation_policy = policy;
    auto r = client_->Delete(*type, ns, item.name, options);
    if (r.ok() || !r.status().IsConflict() || resource_version.empty()) return r.status();
    auto live = client_->Get(*type, ns, item.name);
    if (!live.ok()) return live.status().IsNotFound() ? Status::OK() : r.status();
    const Json& obj = **live;
    const Json* owners = Lookup(obj, {"metadata", "ownerReferences"});
    Json live_owners = owners ? *owners : Json();
    if (MetaUid(obj) != item.uid || MetaResourceVersion(obj) == resource_version ||
        live_owners != owners_at_version) {
      return r.status();
    }
    // Everything the decision rested on still holds.
    options.precondition_resource_version.clear();
    return client_->Delete(*type, ns, item.name, options).status();
  }

  // Strategic merge patch removing the owner references with these uids;
  // the object's uid in the patch makes it fail on a replaced object.
  Status RemoveOwnerReferences(const ObjectReference& item, const std::vector<std::string>& uids) {
    STEAD_ASSIGN_OR_RETURN(const api::ResourceType* type, Resolve(item.api_version, item.kind));
    Json refs = Json::array();
    for (const std::string& uid : uids) refs.push_back({{"$patch", "delete"}, {"uid", uid}});
    Json patch = {{"metadata", {{"ownerReferences", std::move(refs)}, {"uid", item.uid}}}};
    return client_
        ->Patch(*type, type->namespaced ? item.ns : "", item.name,
                client::PatchKind::kStrategicMerge, patch.dump())
        .status();
  }

  Status UnblockOwnerReferences(const NodeSnapshot& item) {
    STEAD_ASSIGN_OR_RETURN(const api::ResourceType* type,
                           Resolve(item.identity.api_version, item.identity.kind));
    Json refs = Json::array();
    for (const OwnerReference& owner : item.owners) {
      if (!owner.Blocking()) continue;
      OwnerReference unblocked = owner;
      unblocked.block_owner_deletion = false;
      refs.push_back(unblocked.ToJson());
    }
    Json patch = {{"metadata", {{"ownerReferences", std::move(refs)}, {"uid", item.identity.uid}}}};
    return client_
        ->Patch(*type, type->namespaced ? item.identity.ns : "", item.identity.name,
                client::PatchKind::kStrategicMerge, patch.dump())
        .status();
  }

  // An owner waiting for its dependents: done when none blocks it anymore,
  // otherwise the blocking ones are (re)considered for deletion.
  Status ProcessDeletingDependentsItem(const NodeSnapshot& item) {
    std::vector<NodeSnapshot> blocking = graph_.BlockingDependents(item.identity.uid);
    if (blocking.empty()) {
      LOG_INFO(kLog, "remove DeleteDependents finalizer for item",
               {{"item", item.identity.String()}});
      return RemoveFinalizer(item.identity, kFinalizerDeleteDependents);
    }
    for (const NodeSnapshot& dep : blocking) {
      if (dep.deleting_dependents) continue;
      LOG_DEBUG(kLog,
                "adding dependent to attemptToDelete, because its owner is deletingDependents",
                {{"item", item.identity.String()}, {"dependent", dep.identity.String()}});
      attempt_to_delete_.Add(dep.identity.uid);
    }
    return Status::OK();
  }

  Status RemoveFinalizer(const ObjectReference& owner, const std::string& finalizer) {
    STEAD_ASSIGN_OR_RETURN(const api::ResourceType* type, Resolve(owner.api_version, owner.kind));
    std::string ns = type->namespaced ? owner.ns : "";
    for (int attempt = 0; attempt < kFinalizerUpdateRetries; ++attempt) {
      auto obj = client_->Get(*type, ns, owner.name);
      if (!obj.ok()) {
        if (obj.status().IsNotFound()) return Status::OK();
        return Status::Internal("cannot finalize owner " + owner.String() +
                                ", because cannot get it: " + obj.status().message() +
                                ". The garbage collector will retry later");
      }
      Json finalizers = Json::array();
      bool found = false;
      if (const Json* f = Lookup(**obj, {"metadata", "finalizers"}); f && f->is_array()) {
        for (const Json& v : *f) {
          if (v.is_string() && v.get<std::string>() == finalizer) {
            found = true;
          } else {
            finalizers.push_back(v);
          }
        }
      }
      if (!found) {
        LOG_DEBUG(kLog, "finalizer already removed from object",
                  {{"finalizer", finalizer}, {"object", owner.String()}});
        return Status::OK();
      }
      // Merge patch with the resourceVersion read: a conflict means another
      // writer changed the finalizers meanwhile.
      Json patch = {{"metadata",
                     {{"resourceVersion", MetaResourceVersion(**obj)},
                      {"finalizers", finalizers.empty() ? Json() : std::move(finalizers)}}}};
      auto r = client_->Patch(*type, ns, owner.name, client::PatchKind::kMerge, patch.dump());
      if (r.ok()) return Status::OK();
      if (!r.status().IsConflict()) return r.status();
    }
    return Status::Conflict("updateMaxRetries(" + std::to_string(kFinalizerUpdateRetries) +
                            ") has reached. The garbage collector will retry later for owner " +
                            owner.String());
  }

  // Removes the owner's uid from its dependents, then its orphan finalizer.
  Outcome ProcessAttemptToOrphan(const std::string& uid) {
    std::optional<NodeSnapshot> owner = graph_.Get(uid);
    if (!owner) return Outcome::kForget;
    std::vector<NodeSnapshot> dependents = graph_.Dependents(uid);
    std::vector<std::string> errors;
    for (const NodeSnapshot& dep : dependents) {
      Status s = RemoveOwnerReferences(dep.identity, {uid});
      // A dependent without the reference is fine: the patch is a no-op.
      if (!s.ok() && !s.IsNotFound()) {
        errors.push_back("orphaning " + dep.identity.String() + " failed, " + s.message());
      }
    }
    if (!errors.empty()) {
      std::string joined;
      for (const std::string& e : errors) joined += (joined.empty() ? "" : ", ") + e;
      LOG_ERROR(kLog, "orphanDependents failed",
                {{"owner", owner->identity.String()},
                 {"error", "failed to orphan dependents of owner " + owner->identity.String() +
                               ", got errors: " + joined}});
      return Outcome::kRequeue;
    }
    if (metrics_) metrics_->orphaned->Inc({}, static_cast<double>(dependents.size()));
    Status s = RemoveFinalizer(owner->identity, kFinalizerOrphanDependents);
    if (!s.ok()) {
      LOG_ERROR(kLog, "removeOrphanFinalizer failed",
                {{"owner", owner->identity.String()}, {"error", s.ToString()}});
      return Outcome::kRequeue;
    }
    return Outcome::kForget;
  }

  const std::string name_ = kName;
  client::Client* const client_;
  const std::vector<client::SharedInformer*> monitors_;
  const GarbageCollectorOptions options_;
  const std::unique_ptr<client::EventRecorder> recorder_;
  ControllerMetrics* const controller_metrics_;
  const std::unique_ptr<GcMetrics> metrics_;

  DependencyGraph graph_;
  ReferenceCache absent_owners_;
  client::RateLimitingQueue attempt_to_delete_;
  client::RateLimitingQueue attempt_to_orphan_;

  // Graph changes, consumed by the builder thread.
  std::mutex changes_mu_;
  std::condition_variable changes_cv_;
  std::deque<GraphEvent> changes_;  // guarded by changes_mu_
  uint64_t changes_pushed_ = 0;     // guarded by changes_mu_
  uint64_t changes_processed_ = 0;  // guarded by changes_mu_
  bool changes_closed_ = false;     // guarded by changes_mu_

  std::mutex mu_;
  bool started_ = false;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>>
      handlers_;                      // guarded by mu_
  std::vector<std::thread> workers_;  // guarded by mu_
  std::thread builder_;
  std::thread starter_;
};

}  // namespace

std::unique_ptr<RunnableController> NewGarbageCollector(const ControllerContext& context) {
  return NewGarbageCollector(context, GarbageCollectorOptions());
}

std::unique_ptr<RunnableController> NewGarbageCollector(const ControllerContext& context,
                                                        GarbageCollectorOptions options) {
  return std::make_unique<GarbageCollector>(context, options);
}

}  // namespace stead::controllers

#include "controllers/replicaset/controller.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "client/handler_registrations.h"
#include "client/object_key.h"
#include "controllers/framework/adoption.h"
#include "controllers/framework/controller_ref.h"
#include "controllers/framework/expectations.h"
#include "controllers/framework/namespace_terminating.h"
#include "controllers/framework/owner_lookup.h"
#include "controllers/framework/parallelize.h"
#include "controllers/framework/pod_conditions.h"
#include "controllers/framework/pod_template.h"
#include "controllers/framework/slow_start.h"
#include "controllers/replicaset/pod_ranking.h"
#include "controllers/replicaset/status.h"
#include "core/label_selector.h"
#include "core/log.h"

namespace stead::controllers {
namespace {

namespace rs = replicaset;
using client::ObjectPtr;
using client::SharedInformer;

constexpr char kControllerName[] = "replicaset-controller";
// Pods by "<namespace>/<controller uid>"; orphans under "<namespace>/".
constexpr char kPodOwnerIndex[] = "replicaset-controller/pod-owner";
// ReplicaSets by the UID of their controller (a Deployment).
constexpr char kSetOwnerIndex[] = "replicaset-controller/set-owner";
// Deletes of one sync run on this many threads (upstream: a goroutine each).
constexpr int kDeleteWorkers = 16;
// statusUpdateRetries: one retry on a freshly read set.
constexpr int kStatusUpdateRetries = 1;

std::string OwnerKey(const std::string& ns, const std::string& uid) { return ns + "/" + uid; }

std::vector<std::string> PodOwnerValues(const Json& pod) {
  return {OwnerKey(MetaNamespace(pod), ControllerUid(pod))};
}

std::vector<std::string> SetOwnerValues(const Json& set) {
  std::string uid = ControllerUid(set);
  if (uid.empty()) return {};
  return {uid};
}

class ReplicaSetController final : public RunnableController {
 public:
  ReplicaSetController(const ControllerContext& context, ReplicaSetControllerOptions options)
      : name_(kControllerName),
        burst_replicas_(options.burst_replicas),
        client_(context.client),
        clock_(context.clock),
        set_type_(client_->Type("apps", "replicasets")),
        pod_type_(client_->Type("", "pods")),
        sets_(context.informers->For(set_type_)),
        pods_(context.informers->For(pod_type_)),
        recorder_(context.events->NewRecorder(kControllerName)),
        expectations_(context.clock),
        controller_(context.clock, QueueOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~ReplicaSetController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    for (auto [informer, index, fn] : {std::tuple{&pods_, kPodOwnerIndex, &PodOwnerValues},
                                       std::tuple{&sets_, kSetOwnerIndex, &SetOwnerValues}}) {
      Status s = informer->AddIndexer(index, fn);
      if (!s.ok() && !s.IsAlreadyExists()) {
        LOG_ERROR(name_, "Cannot add index", {{"index", index}, {"error", s.ToString()}});
      }
    }
    client::ResourceEventHandler sets;
    sets.on_add = [this](const ObjectPtr& set) { controller_.EnqueueObject(*set); };
    sets.on_update = [this](const ObjectPtr& old_set, const ObjectPtr& set) {
      if (GetInt(*old_set, {"spec", "replicas"}, 1) != GetInt(*set, {"spec", "replicas"}, 1)) {
        LOG_DEBUG(name_, "ReplicaSet updated",
                  {{"replicaSet", client::MetaNamespaceKey(*set)},
                   {"oldReplicas", std::to_string(GetInt(*old_set, {"spec", "replicas"}, 1))},
                   {"newReplicas", std::to_string(GetInt(*set, {"spec", "replicas"}, 1))}});
      }
      controller_.EnqueueObject(*set);
    };
    sets.on_delete = [this](const ObjectPtr& set) {
      std::string key = client::MetaNamespaceKey(*set);
      expectations_.Delete(key);
      controller_.Enqueue(key);
    };
    handlers_.Add(sets_, std::move(sets));

    client::ResourceEventHandler pods;
    pods.on_add = [this](const ObjectPtr& pod) { PodAdded(*pod); };
    pods.on_update = [this](const ObjectPtr& old_pod, const ObjectPtr& pod) {
      PodUpdated(*old_pod, *pod);
    };
    pods.on_delete = [this](const ObjectPtr& pod) { PodDeleted(*pod); };
    handlers_.Add(pods_, std::move(pods));
    controller_.Start();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    controller_.Stop();
    handlers_.RemoveAll();
  }

 private:
  static Controller::Options QueueOptions(const ControllerContext& context,
                                          const ReplicaSetControllerOptions& options) {
    Controller::Options o;
    o.name = "replicaset";
    o.workers = options.workers;
    o.metrics = context.controller_metrics;
    return o;
  }

  // --- Event handlers ------------------------------------------------------

  // resolveControllerRef: the set a controller reference points at, if it is
  // cached with the same UID.
  ObjectPtr ResolveControllerRef(const std::string& ns, const Json& ref) const {
    return controllers::ResolveControllerRef(sets_, "ReplicaSet", ns, ref);
  }

  // getPodReplicaSets: the sets whose selector matches an orphan.
  std::vector<ObjectPtr> SetsSelecting(const Json& pod) const {
    std::vector<ObjectPtr> out = OwnersSelecting(sets_, pod);
    if (out.size() > 1) {
      LOG_WARN(name_, "user error! more than one ReplicaSet is selecting pods with labels",
               {{"pod", client::MetaNamespaceKey(pod)}});
    }
    return out;
  }

  void PodAdded(const Json& pod) {
    if (MetaDeleting(pod)) {
      // A restarted controller may see a pod already pending deletion.
      PodDeleted(pod);
      return;
    }
    if (const Json* ref = GetControllerOf(pod)) {
      if (ObjectPtr set = ResolveControllerRef(MetaNamespace(pod), *ref)) {
        std::string key = client::MetaNamespaceKey(*set);
        expectations_.CreationObserved(key);
        controller_.Enqueue(key);
      }
      return;
    }
    for (const ObjectPtr& set : SetsSelecting(pod)) controller_.EnqueueObject(*set);
  }

  void PodUpdated(const Json& old_pod, const Json& pod) {
    if (MetaResourceVersion(old_pod) == MetaResourceVersion(pod)) return;
    bool labels_changed = MetaLabels(old_pod) != MetaLabels(pod);
    if (MetaDeleting(pod)) {
      // Observe the deletion now: the pod will not be counted again, and
      // the set should not wait for the kubelet to finish.
      PodDeleted(pod);
      if (labels_changed) PodDeleted(old_pod);
      return;
    }
    const Json* old_ref = GetControllerOf(old_pod);
    const Json* ref = GetControllerOf(pod);
    std::string old_uid = old_ref ? GetString(*old_ref, {"uid"}) : "";
    std::string uid = ref ? GetString(*ref, {"uid"}) : "";
    bool ref_changed = old_uid != uid;
    if (ref_changed && old_ref) {
      if (ObjectPtr set = ResolveControllerRef(MetaNamespace(old_pod), *old_ref)) {
        controller_.EnqueueObject(*set);
      }
    }
    if (ref) {
      ObjectPtr set = ResolveControllerRef(MetaNamespace(pod), *ref);
      if (!set) return;
      controller_.EnqueueObject(*set);
      int64_t min_ready = GetInt(*set, {"spec", "minReadySeconds"});
      if (!IsPodReady(old_pod) && IsPodReady(pod) && min_ready > 0) {
        // The pod becomes available minReadySeconds from now.
        controller_.queue().AddAfter(client::MetaNamespaceKey(*set),
                                     std::chrono::seconds(min_ready + 1));
      }
      return;
    }
    if (labels_changed || ref_changed) {
      for (const ObjectPtr& set : SetsSelecting(pod)) controller_.EnqueueObject(*set);
    }
  }

  void PodDeleted(const Json& pod) {
    const Json* ref = GetControllerOf(pod);
    if (!ref) return;
    ObjectPtr set = ResolveControllerRef(MetaNamespace(pod), *ref);
    if (!set) return;
    std::string key = client::MetaNamespaceKey(*set);
    expectations_.DeletionObserved(key, client::MetaNamespaceKey(pod));
    controller_.Enqueue(key);
  }

  // --- Sync ----------------------------------------------------------------

  Status Sync(const std::string& key) {
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    ObjectPtr set = sets_.Get(ns, name);
    if (!set) {
      expectations_.Delete(key);
      return Status::OK();
    }
    bool needs_sync = expectations_.SatisfiedExpectations(key);
    const Json* sel = Lookup(*set, {"spec", "selector"});
    auto selector = sel ? LabelSelector::FromJson(*sel) : Result<LabelSelector>(LabelSelector());
    if (!selector.ok()) {
      LOG_WARN(name_, "Error converting pod selector to selector",
               {{"replicaSet", key}, {"error", selector.status().message()}});
      return Status::OK();
    }

    std::vector<ObjectPtr> snapshot = pods_.ByIndex(kPodOwnerIndex, OwnerKey(ns, MetaUid(*set)));
    for (ObjectPtr& orphan : pods_.ByIndex(kPodOwnerIndex, OwnerKey(ns, ""))) {
      snapshot.push_back(std::move(orphan));
    }
    std::vector<const Json*> active;
    for (const ObjectPtr& p : snapshot) {
      if (IsPodActive(*p)) active.push_back(p.get());
    }
    ClaimDecision decision =
        ClaimObjects(ClaimOwner{ns, MetaUid(*set), MetaDeleting(*set)}, *selector, active);
    std::vector<const Json*> pods = decision.owned;
    Json ref = NewControllerRef("apps/v1", "ReplicaSet", name, MetaUid(*set));
    STEAD_RETURN_IF_ERROR(
        ExecuteClaims(*client_, set_type_, *set, ref, pod_type_, decision, &pods));

    std::optional<std::string> manage_error;
    Status manage;
    if (needs_sync && !MetaDeleting(*set)) {
      manage = ManageReplicas(key, *set, ref, pods);
      if (!manage.ok()) manage_error = manage.message();
    }
    Json status = rs::CalculateStatus(*set, pods, manage_error, clock_->Now());
    auto updated = UpdateStatus(*set, status);
    if (!updated.ok()) return updated.status();
    const Json& u = *updated;
    int64_t min_ready = GetInt(u, {"spec", "minReadySeconds"});
    int64_t want = rs::SpecReplicas(u);
    if (manage.ok() && min_ready > 0 && GetInt(u, {"status", "readyReplicas"}) == want &&
        GetInt(u, {"status", "availableReplicas"}) != want) {
      controller_.queue().AddAfter(key, std::chrono::seconds(min_ready));
    }
    return manage;
  }

  // manageReplicas.
  Status ManageReplicas(const std::string& key, const Json& set, const Json& ref,
                        const std::vector<const Json*>& pods) {
    int64_t diff = static_cast<int64_t>(pods.size()) - rs::SpecReplicas(set);
    if (diff < 0) {
      int count = static_cast<int>(std::min<int64_t>(-diff, burst_replicas_));
      expectations_.ExpectCreations(key, count);
      LOG_DEBUG(name_, "Too few replicas",
                {{"replicaSet", key}, {"creating", std::to_string(count)}});
      const Json* tmpl = Lookup(set, {"spec", "template"});
      Json pod = PodFromTemplate(tmpl ? *tmpl : Json::object(), MetaName(set), ref);
      SlowStartResult r = SlowStartBatch(count, kSlowStartInitialBatchSize, [&]() {
        Status st = CreatePod(set, pod);
        return IsNamespaceTerminating(st) ? Status::OK() : st;
      });
      for (int skipped = count - r.successes; skipped > 0; --skipped) {
        // The informer will not see these; a later sync retries them.
        expectations_.CreationObserved(key);
      }
      return r.error;
    }
    if (diff == 0) return Status::OK();
    size_t count = static_cast<size_t>(std::min<int64_t>(diff, burst_replicas_));
    LOG_DEBUG(name_, "Too many replicas",
              {{"replicaSet", key}, {"deleting", std::to_string(count)}});
    std::vector<ObjectPtr> related_snapshot = IndirectlyRelatedPods(set);
    std::vector<const Json*> related;
    for (const ObjectPtr& p : related_snapshot) related.push_back(p.get());
    std::vector<const Json*> doomed = rs::PodsToDelete(pods, related, count, clock_->Now());
    std::vector<std::string> keys;
    for (const Json* p : doomed) keys.push_back(client::MetaNamespaceKey(*p));
    expectations_.ExpectDeletions(key, keys);

    std::mutex mu;
    Status first_error;
    auto remove = [&](const Json* pod) {
      Status st = DeletePod(set, *pod);
      if (st.ok()) return;
      // The informer will not see this deletion.
      expectations_.DeletionObserved(key, client::MetaNamespaceKey(*pod));
      if (st.IsNotFound()) return;
      std::lock_guard<std::mutex> lock(mu);
      if (first_error.ok()) first_error = st;
    };
    ParallelizeUntil(kDeleteWorkers, static_cast<int>(doomed.size()),
                     [&](int i) { remove(doomed[i]); });
    return first_error;
  }

  // CreatePods: records SuccessfulCreate / FailedCreate.
  Status CreatePod(const Json& set, const Json& pod) {
    if (StringMap(Lookup(pod, {"metadata", "labels"})).empty()) {
      return Status::Invalid("unable to create pods, no labels");
    }
    auto r = client_->Create(pod_type_, MetaNamespace(set), pod);
    if (!r.ok()) {
      if (!IsNamespaceTerminating(r.status())) {
        recorder_->Event(set, "Warning", "FailedCreate", "Error creating: " + r.status().message());
      }
      return r.status();
    }
    recorder_->Event(set, "Normal", "SuccessfulCreate", "Created pod: " + MetaName(*r));
    return Status::OK();
  }

  // DeletePod: records SuccessfulDelete / FailedDelete (not for NotFound).
  Status DeletePod(const Json& set, const Json& pod) {
    client::DeleteOptions options;
    auto r = client_->Delete(pod_type_, MetaNamespace(pod), MetaName(pod), options);
    if (!r.ok()) {
      if (r.status().IsNotFound()) return r.status();
      recorder_->Event(set, "Warning", "FailedDelete", "Error deleting: " + r.status().message());
      return Status::Internal("unable to delete pods: " + r.status().message());
    }
    recorder_->Event(set, "Normal", "SuccessfulDelete", "Deleted pod: " + MetaName(pod));
    return Status::OK();
  }

  // getIndirectlyRelatedPods: the pods of every set with the same controller
  // (the sibling ReplicaSets of one Deployment), each counted once.
  std::vector<ObjectPtr> IndirectlyRelatedPods(const Json& set) const {
    std::vector<ObjectPtr> out;
    std::string owner = ControllerUid(set);
    if (owner.empty()) return out;
    std::set<std::string> seen;
    for (const ObjectPtr& sibling : sets_.ByIndex(kSetOwnerIndex, owner)) {
      const Json* sel = Lookup(*sibling, {"spec", "selector"});
      if (!sel) continue;
      auto selector = LabelSelector::FromJson(*sel);
      if (!selector.ok()) continue;
      for (ObjectPtr& pod : pods_.List(MetaNamespace(*sibling), *selector)) {
        if (seen.insert(MetaUid(*pod)).second) out.push_back(std::move(pod));
      }
    }
    return out;
  }

  // updateReplicaSetStatus: nothing when unchanged; otherwise PUT /status
  // with observedGeneration, retried once on a fresh read.
  Result<Json> UpdateStatus(const Json& set, const Json& status) {
    if (!rs::StatusNeedsUpdate(set, status)) return set;
    Json target = set;
    Status last;
    for (int attempt = 0;; ++attempt) {
      Json body = target;
      body["status"] = status;
      body["status"]["observedGeneration"] = GetInt(target, {"metadata", "generation"});
      auto r = client_->Update(set_type_, MetaNamespace(set), std::move(body), {},
                               apiserver::Subresource::kStatus);
      if (r.ok()) return r;
      last = r.status();
      if (attempt >= kStatusUpdateRetries) break;
      auto fresh = client_->Get(set_type_, MetaNamespace(set), MetaName(set));
      if (!fresh.ok()) return fresh.status();
      target = **fresh;
    }
    return last;
  }

  const std::string name_;
  const int burst_replicas_;
  client::Client* const client_;
  const Clock* const clock_;
  const api::ResourceType& set_type_;
  const api::ResourceType& pod_type_;
  SharedInformer& sets_;
  SharedInformer& pods_;
  std::unique_ptr<client::EventRecorder> recorder_;
  UIDTrackingControllerExpectations expectations_;

  std::mutex mu_;
  bool started_ = false;                   // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
  client::HandlerRegistrations handlers_;  // guarded by mu_
  Controller controller_;                  // last: destroyed (workers joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewReplicaSetController(const ControllerContext& context,
                                                            ReplicaSetControllerOptions options) {
  return std::make_unique<ReplicaSetController>(context, options);
}

}  // namespace stead::controllers

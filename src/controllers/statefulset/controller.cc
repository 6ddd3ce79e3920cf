#include "controllers/statefulset/controller.h"

#include <charconv>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "client/handler_registrations.h"
#include "client/object_key.h"
#include "controllers/framework/owner_lookup.h"
#include "controllers/statefulset/plan.h"
#include "controllers/statefulset/pod_identity.h"
#include "controllers/statefulset/reconcile.h"
#include "core/label_selector.h"
#include "core/log.h"

namespace stead::controllers {
namespace {

namespace sts = statefulset;
using client::ObjectPtr;
using client::SharedInformer;

constexpr char kControllerName[] = "statefulset-controller";
// Pods by "<namespace>/<controller uid>"; orphans under "<namespace>/".
constexpr char kOwnerIndex[] = "statefulset-controller/owner";
// How soon to look again when the caches lag behind our own writes.
constexpr auto kCatchUpRetry = std::chrono::milliseconds(20);
// Writes not seen after this long are forgotten (a relisting informer may
// never show the exact version), so a lost event cannot wedge a set.
constexpr auto kWriteMemory = std::chrono::seconds(30);
// retry.DefaultRetry: attempts of a conflicting status write.
constexpr int kStatusAttempts = 5;

int64_t ParseVersion(const std::string& rv) {
  int64_t v = -1;
  auto res = std::from_chars(rv.data(), rv.data() + rv.size(), v);
  return res.ec == std::errc() ? v : -1;
}

std::string OwnerIndexKey(const std::string& ns, const std::string& uid) { return ns + "/" + uid; }

std::vector<std::string> OwnerIndexValues(const Json& pod) {
  const Json* ctrl = sts::ControllerOf(pod);
  return {OwnerIndexKey(MetaNamespace(pod), ctrl ? GetString(*ctrl, {"uid"}) : "")};
}

// What the caches must show before the set is synced again (R1b).
struct Writes {
  struct Version {
    SharedInformer* informer;
    int64_t resource_version;
  };
  // Removed from the store: the cache must no longer hold that incarnation.
  struct Removal {
    SharedInformer* informer;
    std::string ns, name, uid;
  };
  std::vector<Version> versions;
  std::vector<Removal> removals;
  bool empty() const { return versions.empty() && removals.empty(); }
};

class StatefulSetController final : public RunnableController {
 public:
  StatefulSetController(const ControllerContext& context, StatefulSetControllerOptions options)
      : name_(kControllerName),
        client_(context.client),
        clock_(context.clock),
        set_type_(client_->Type("apps", "statefulsets")),
        pod_type_(client_->Type("", "pods")),
        revision_type_(client_->Type("apps", "controllerrevisions")),
        claim_type_(client_->Type("", "persistentvolumeclaims")),
        sets_(context.informers->For(set_type_)),
        pods_(context.informers->For(pod_type_)),
        revisions_(context.informers->For(revision_type_)),
        claims_(context.informers->For(claim_type_)),
        recorder_(context.events->NewRecorder(kControllerName)),
        controller_(context.clock, QueueOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~StatefulSetController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    Status s = pods_.AddIndexer(kOwnerIndex, OwnerIndexValues);
    if (!s.ok() && !s.IsAlreadyExists()) {
      LOG_ERROR(name_, "Cannot index pods by owner", {{"error", s.ToString()}});
    }
    client::ResourceEventHandler sets;
    sets.on_add = [this](const ObjectPtr& set) { controller_.EnqueueObject(*set); };
    sets.on_update = [this](const ObjectPtr&, const ObjectPtr& set) {
      controller_.EnqueueObject(*set);
    };
    sets.on_delete = [this](const ObjectPtr& set) { controller_.EnqueueObject(*set); };
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
                                          const StatefulSetControllerOptions& options) {
    Controller::Options o;
    o.name = "statefulset";
    o.workers = options.workers;
    o.metrics = context.controller_metrics;
    return o;
  }

  // --- Event handlers (R1) ----------------------------------------------

  // The set a controller reference points at, if it is in the cache with
  // the same UID.
  ObjectPtr ResolveControllerRef(const std::string& ns, const Json& ref) const {
    if (GetString(ref, {"apiVersion"}).rfind("apps/", 0) != 0) return nullptr;
    return controllers::ResolveControllerRef(sets_, "StatefulSet", ns, ref);
  }

  // Sets whose selector matches an orphan pod.
  std::vector<ObjectPtr> SetsSelecting(const Json& pod) const {
    std::vector<ObjectPtr> out = OwnersSelecting(sets_, pod);
    if (out.size() > 1) {
      LOG_WARN(name_, "More than one StatefulSet is selecting the same pod",
               {{"pod", client::MetaNamespaceKey(pod)}});
    }
    return out;
  }

  void PodAdded(const Json& pod) {
    if (MetaDeleting(pod)) {
      PodDeleted(pod);
      return;
    }
    if (const Json* ref = sts::ControllerOf(pod)) {
      if (ObjectPtr set = ResolveControllerRef(MetaNamespace(pod), *ref)) {
        controller_.EnqueueObject(*set);
      }
      return;
    }
    for (const ObjectPtr& set : SetsSelecting(pod)) controller_.EnqueueObject(*set);
  }

  void PodUpdated(const Json& old_pod, const Json& pod) {
    if (MetaResourceVersion(old_pod) == MetaResourceVersion(pod)) return;
    bool labels_changed = MetaLabels(old_pod) != MetaLabels(pod);
    const Json* old_ref = sts::ControllerOf(old_pod);
    const Json* ref = sts::ControllerOf(pod);
    bool ref_changed = (old_ref == nullptr) != (ref == nullptr) ||
                       (old_ref && ref && GetString(*old_ref, {"uid"}) != GetString(*ref, {"uid"}));
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
      if (min_ready > 0 && !sts::IsRunningAndReady(old_pod) && sts::IsRunningAndReady(pod)) {
        // Look again when the pod has become available.
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
    const Json* ref = sts::ControllerOf(pod);
    if (!ref) return;
    if (ObjectPtr set = ResolveControllerRef(MetaNamespace(pod), *ref)) {
      controller_.EnqueueObject(*set);
    }
  }

  // --- Sync ---------------------------------------------------------------

  Status Sync(const std::string& key) {
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    ObjectPtr set = sets_.Get(ns, name);
    if (!set) {
      ForgetWrites(key);
      return Status::OK();
    }
    if (!CaughtUp(key)) {
      controller_.queue().AddAfter(key, kCatchUpRetry);
      return Status::OK();
    }

    // Snapshots kept alive while the core looks at them.
    std::vector<ObjectPtr> pods = pods_.ByIndex(kOwnerIndex, OwnerIndexKey(ns, MetaUid(*set)));
    for (ObjectPtr& orphan : pods_.ByIndex(kOwnerIndex, OwnerIndexKey(ns, ""))) {
      pods.push_back(std::move(orphan));
    }
    std::vector<ObjectPtr> revisions = revisions_.List(ns);
    std::vector<ObjectPtr> claims = claims_.List(ns);
    sts::Observed observed;
    observed.set = set.get();
    for (const ObjectPtr& p : pods) observed.pods.push_back(p.get());
    for (const ObjectPtr& r : revisions) observed.revisions.push_back(r.get());
    for (const ObjectPtr& c : claims) observed.claims.push_back(c.get());
    observed.now = clock_->Now();

    sts::Plan plan = sts::Reconcile(observed);
    if (!plan.skip_reason.empty()) {
      // Not retried: only a change of the set can fix it (R2.2).
      LOG_WARN(name_, "Cannot sync StatefulSet",
               {{"statefulSet", key}, {"reason", plan.skip_reason}});
      return Status::OK();
    }
    if (log::Enabled(log::Level::kDebug)) {
      for (const sts::Action& a : plan.actions) {
        LOG_DEBUG(name_, "Plan", {{"statefulSet", key}, {"action", sts::Describe(a)}});
      }
    }
    Writes writes;
    Status result = Execute(*set, plan, writes);
    RememberWrites(key, std::move(writes));
    if (result.ok() && plan.requeue_after) {
      controller_.queue().AddAfter(key, *plan.requeue_after);
    }
    return result;
  }

  // Runs the plan in order (see plan.h for the stages).
  Status Execute(const Json& set, const sts::Plan& plan, Writes& writes) {
    bool adoption_checked = false;
    Status loop_error;
    for (const sts::Action& a : plan.actions) {
      if (a.needs_adoption_check && !adoption_checked) {
        STEAD_RETURN_IF_ERROR(CanAdopt(set));
        adoption_checked = true;
      }
      Status st = Run(set, a, writes);
      if (st.ok()) continue;
      if (a.stage == sts::Stage::kSetup) return st;
      loop_error = st;
      break;
    }
    if (plan.status) {
      Status st = WriteStatus(set, *plan.status, writes);
      if (!st.ok()) {
        LOG_WARN(name_, "Could not update status",
                 {{"statefulSet", client::MetaNamespaceKey(set)}, {"error", st.message()}});
        if (loop_error.ok()) loop_error = st;
      }
    }
    for (const sts::Action& a : plan.history) {
      Status st = Run(set, a, writes);
      if (!st.ok()) {
        if (loop_error.ok()) loop_error = st;
        break;
      }
    }
    return loop_error;
  }

  // RecheckDeletionTimestamp: adopt only for the very set we synced, read
  // fresh, and not while it is being deleted.
  Status CanAdopt(const Json& set) {
    std::string key = client::MetaNamespaceKey(set);
    auto fresh = client_->Get(set_type_, MetaNamespace(set), MetaName(set));
    if (!fresh.ok()) return fresh.status();
    if (MetaUid(**fresh) != MetaUid(set)) {
      return Status::Conflict("original StatefulSet " + key + " is gone: got uid " +
                              MetaUid(**fresh) + ", wanted " + MetaUid(set));
    }
    if (MetaDeleting(**fresh)) {
      return Status::Conflict(key + " has just been deleted at " +
                              GetString(**fresh, {"metadata", "deletionTimestamp"}));
    }
    return Status::OK();
  }

  SharedInformer& InformerFor(sts::Action::Resource r) {
    switch (r) {
      case sts::Action::Resource::kPod:
        return pods_;
      case sts::Action::Resource::kClaim:
        return claims_;
      case sts::Action::Resource::kRevision:
        return revisions_;
      case sts::Action::Resource::kNone:
        break;
    }
    return sets_;
  }

  const api::ResourceType& TypeFor(sts::Action::Resource r) const {
    switch (r) {
      case sts::Action::Resource::kPod:
        return pod_type_;
      case sts::Action::Resource::kClaim:
        return claim_type_;
      case sts::Action::Resource::kRevision:
        return revision_type_;
      case sts::Action::Resource::kNone:
        break;
    }
    return set_type_;
  }

  void Record(const Json& set, const sts::Event& e) {
    recorder_->Event(set, e.type, e.reason, e.message);
  }

  // One action; records its events.
  Status Run(const Json& set, const sts::Action& a, Writes& writes) {
    if (a.kind == sts::Action::Kind::kRecordEvent) {
      Record(set, a.event);
      return Status::OK();
    }
    if (a.kind == sts::Action::Kind::kFail) return Status::Internal(a.error);

    const std::string ns = MetaNamespace(set);
    const api::ResourceType& type = TypeFor(a.resource);
    SharedInformer& informer = InformerFor(a.resource);
    auto remember = [&](const Json& obj) {
      int64_t rv = ParseVersion(MetaResourceVersion(obj));
      if (rv >= 0) writes.versions.push_back({&informer, rv});
    };
    Status st;
    switch (a.kind) {
      case sts::Action::Kind::kCreate: {
        auto r = client_->Create(type, ns, a.object);
        if (r.ok()) remember(*r);
        st = r.status();
        break;
      }
      case sts::Action::Kind::kUpdate: {
        auto r = client_->Update(type, ns, a.object);
        if (r.ok()) remember(*r);
        st = r.status();
        break;
      }
      case sts::Action::Kind::kPatch: {
        auto r = client_->Patch(type, ns, a.name, apiserver::PatchKind::kStrategicMerge,
                                a.object.dump());
        if (r.ok()) remember(*r);
        st = r.status();
        break;
      }
      case sts::Action::Kind::kDelete: {
        client::DeleteOptions options;
        // Never delete a later incarnation of the same name.
        if (a.resource == sts::Action::Resource::kPod) options.precondition_uid = a.uid;
        auto r = client_->Delete(type, ns, a.name, options);
        if (r.ok()) {
          if (r->deleted) {
            writes.removals.push_back({&informer, ns, a.name, a.uid});
          } else {
            remember(r->body);
          }
        }
        st = r.status();
        break;
      }
      case sts::Action::Kind::kRecordEvent:
      case sts::Action::Kind::kFail:
        break;
    }
    if (st.ok()) {
      if (a.on_success) Record(set, *a.on_success);
      return st;
    }
    for (const sts::FailureEvent& f : a.on_failure) {
      if (f.skip_if_already_exists && st.IsAlreadyExists()) continue;
      Record(set, sts::Event{f.type, f.reason, f.message_prefix + st.message()});
    }
    if (a.ignore_not_found &&
        (st.IsNotFound() || (a.kind == sts::Action::Kind::kPatch && st.IsInvalid()))) {
      return Status::OK();
    }
    // An orphan that vanished before we could adopt it is simply not ours.
    if (a.kind == sts::Action::Kind::kPatch && a.reason == "adopt" && st.IsNotFound()) {
      return Status::OK();
    }
    return st;
  }

  // PUT /status, retrying conflicts on a freshly read set. Conditions are
  // always those of the object written to, so others' conditions survive.
  Status WriteStatus(const Json& set, const Json& status, Writes& writes) {
    Json target = set;
    Status last;
    for (int attempt = 0; attempt < kStatusAttempts; ++attempt) {
      Json body = target;
      Json conditions;
      if (const Json* c = Lookup(target, {"status", "conditions"})) conditions = *c;
      body["status"] = status;
      if (conditions.is_array() && !conditions.empty()) {
        body["status"]["conditions"] = conditions;
      } else {
        body["status"].erase("conditions");
      }
      auto r = client_->Update(set_type_, MetaNamespace(set), std::move(body), {},
                               apiserver::Subresource::kStatus);
      if (r.ok()) {
        int64_t rv = ParseVersion(MetaResourceVersion(*r));
        if (rv >= 0) writes.versions.push_back({&sets_, rv});
        return Status::OK();
      }
      last = r.status();
      if (!last.IsConflict()) return last;
      auto fresh = client_->Get(set_type_, MetaNamespace(set), MetaName(set));
      if (!fresh.ok()) return fresh.status();
      if (MetaUid(**fresh) != MetaUid(set)) return Status::OK();  // replaced: nothing to report
      target = **fresh;
    }
    return last;
  }

  // --- Read-your-writes (R1b) --------------------------------------------

  bool CaughtUp(const std::string& key) {
    std::lock_guard<std::mutex> lock(writes_mu_);
    auto it = pending_.find(key);
    if (it == pending_.end()) return true;
    if (clock_->Now() - it->second.since > kWriteMemory) {
      LOG_WARN(name_, "Caches did not show our writes in time; syncing anyway",
               {{"statefulSet", key}});
      pending_.erase(it);
      return true;
    }
    for (const Writes::Version& v : it->second.writes.versions) {
      if (ParseVersion(v.informer->LastSyncResourceVersion()) < v.resource_version) return false;
    }
    for (const Writes::Removal& r : it->second.writes.removals) {
      ObjectPtr obj = r.informer->Get(r.ns, r.name);
      if (obj && MetaUid(*obj) == r.uid && !MetaDeleting(*obj)) return false;
    }
    pending_.erase(it);
    return true;
  }

  void RememberWrites(const std::string& key, Writes writes) {
    if (writes.empty()) return;
    std::lock_guard<std::mutex> lock(writes_mu_);
    pending_[key] = Pending{std::move(writes), clock_->Now()};
  }

  void ForgetWrites(const std::string& key) {
    std::lock_guard<std::mutex> lock(writes_mu_);
    pending_.erase(key);
  }

  struct Pending {
    Writes writes;
    SystemTime since;
  };

  const std::string name_;
  client::Client* const client_;
  const Clock* const clock_;
  const api::ResourceType& set_type_;
  const api::ResourceType& pod_type_;
  const api::ResourceType& revision_type_;
  const api::ResourceType& claim_type_;
  SharedInformer& sets_;
  SharedInformer& pods_;
  SharedInformer& revisions_;
  SharedInformer& claims_;
  std::unique_ptr<client::EventRecorder> recorder_;

  std::mutex writes_mu_;
  std::map<std::string, Pending> pending_;  // guarded by writes_mu_

  std::mutex mu_;
  bool started_ = false;                   // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
  client::HandlerRegistrations handlers_;  // guarded by mu_
  Controller controller_;                  // last: destroyed (workers joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewStatefulSetController(const ControllerContext& context,
                                                             StatefulSetControllerOptions options) {
  return std::make_unique<StatefulSetController>(context, options);
}

}  // namespace stead::controllers

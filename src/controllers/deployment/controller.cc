#include "controllers/deployment/controller.h"

#include <charconv>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "client/handler_registrations.h"
#include "client/object_key.h"
#include "controllers/deployment/rollout.h"
#include "controllers/framework/adoption.h"
#include "controllers/framework/controller_ref.h"
#include "controllers/framework/owner_lookup.h"
#include "core/label_selector.h"
#include "core/log.h"

namespace stead::controllers {
namespace {

namespace dep = deployment;
using client::ObjectPtr;
using client::SharedInformer;

constexpr char kControllerName[] = "deployment-controller";
// ReplicaSets and pods by "<namespace>/<controller uid>"; orphans under
// "<namespace>/".
constexpr char kSetOwnerIndex[] = "deployment-controller/set-owner";
constexpr char kPodOwnerIndex[] = "deployment-controller/pod-owner";

// How soon to look again when the cache lags behind our own write.
constexpr auto kCatchUpRetry = std::chrono::milliseconds(20);
// A write not seen after this long is forgotten (a relist may never show
// that exact version), so a lost event cannot wedge a Deployment.
constexpr auto kWriteMemory = std::chrono::seconds(30);

std::string OwnerKey(const std::string& ns, const std::string& uid) { return ns + "/" + uid; }

int64_t ParseVersion(const std::string& rv) {
  int64_t v = -1;
  auto res = std::from_chars(rv.data(), rv.data() + rv.size(), v);
  return res.ec == std::errc() ? v : -1;
}

std::vector<std::string> OwnerValues(const Json& obj) {
  return {OwnerKey(MetaNamespace(obj), ControllerUid(obj))};
}

// The Writer of one sync: the client, the cache and the recorder.
class SyncWriter final : public dep::Writer {
 public:
  SyncWriter(client::Client* client, const api::ResourceType& deployments,
             const api::ResourceType& sets, SharedInformer& set_cache,
             client::EventRecorder* recorder, Controller* controller, std::string key,
             std::function<void(const Json&)> wrote)
      : wrote_(std::move(wrote)),
        client_(client),
        deployments_(deployments),
        sets_(sets),
        set_cache_(set_cache),
        recorder_(recorder),
        controller_(controller),
        key_(std::move(key)) {}

  Result<Json> CreateReplicaSet(const Json& rs) override {
    return client_->Create(sets_, MetaNamespace(rs), rs);
  }
  Result<Json> UpdateReplicaSet(const Json& rs) override {
    return client_->Update(sets_, MetaNamespace(rs), rs);
  }
  Status DeleteReplicaSet(const Json& rs) override {
    client::DeleteOptions options;
    options.precondition_uid = MetaUid(rs);
    return client_->Delete(sets_, MetaNamespace(rs), MetaName(rs), options).status();
  }
  Result<dep::RSPtr> GetReplicaSet(const std::string& ns, const std::string& name) override {
    ObjectPtr rs = set_cache_.Get(ns, name);
    if (!rs) return Status::NotFoundResource("replicasets", "apps", name);
    return rs;
  }
  // The revision annotations go with the status, as upstream's status
  // strategy lets them through.
  Result<Json> UpdateDeploymentStatus(const Json& d) override {
    auto r =
        client_->Update(deployments_, MetaNamespace(d), d, {}, apiserver::Subresource::kStatus);
    if (r.ok()) wrote_(*r);
    return r;
  }
  Result<Json> UpdateDeployment(const Json& d) override {
    Json body = d;
    body.erase("status");
    auto r = client_->Update(deployments_, MetaNamespace(d), std::move(body));
    if (r.ok()) wrote_(*r);
    return r;
  }
  void Event(const Json& d, const std::string& type, const std::string& reason,
             const std::string& message) override {
    recorder_->Event(d, type, reason, message);
  }
  void Requeue(std::chrono::milliseconds delay) override {
    if (delay.count() == 0) {
      controller_->queue().AddRateLimited(key_);
    } else {
      controller_->queue().AddAfter(key_, delay);
    }
  }

 private:
  const std::function<void(const Json&)> wrote_;
  client::Client* const client_;
  const api::ResourceType& deployments_;
  const api::ResourceType& sets_;
  SharedInformer& set_cache_;
  client::EventRecorder* const recorder_;
  Controller* const controller_;
  const std::string key_;
};

class DeploymentController final : public RunnableController {
 public:
  DeploymentController(const ControllerContext& context, DeploymentControllerOptions options)
      : name_(kControllerName),
        client_(context.client),
        clock_(context.clock),
        deployment_type_(client_->Type("apps", "deployments")),
        set_type_(client_->Type("apps", "replicasets")),
        deployments_(context.informers->For(deployment_type_)),
        sets_(context.informers->For(set_type_)),
        pods_(context.informers->For(client_->Type("", "pods"))),
        recorder_(context.events->NewRecorder(kControllerName)),
        controller_(context.clock, QueueOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~DeploymentController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    for (auto [informer, index] :
         {std::pair{&sets_, kSetOwnerIndex}, std::pair{&pods_, kPodOwnerIndex}}) {
      Status s = informer->AddIndexer(index, OwnerValues);
      if (!s.ok() && !s.IsAlreadyExists()) {
        LOG_ERROR(name_, "Cannot add index", {{"index", index}, {"error", s.ToString()}});
      }
    }
    handlers_.Add(deployments_, controller_.EnqueueHandler());

    client::ResourceEventHandler sets;
    sets.on_add = [this](const ObjectPtr& rs) { SetAdded(*rs); };
    sets.on_update = [this](const ObjectPtr& old_rs, const ObjectPtr& rs) {
      SetUpdated(*old_rs, *rs);
    };
    sets.on_delete = [this](const ObjectPtr& rs) { SetDeleted(*rs); };
    handlers_.Add(sets_, std::move(sets));

    client::ResourceEventHandler pods;
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
                                          const DeploymentControllerOptions& options) {
    Controller::Options o;
    o.name = "deployment";
    o.workers = options.workers;
    o.metrics = context.controller_metrics;
    return o;
  }

  // --- Event handlers ------------------------------------------------------

  ObjectPtr ResolveControllerRef(const std::string& ns, const Json& ref) const {
    return controllers::ResolveControllerRef(deployments_, "Deployment", ns, ref);
  }

  // getDeploymentsForReplicaSet.
  std::vector<ObjectPtr> DeploymentsSelecting(const Json& rs) const {
    std::vector<ObjectPtr> out = OwnersSelecting(deployments_, rs);
    if (out.size() > 1) {
      LOG_WARN(name_, "More than one deployment is selecting replica set",
               {{"replicaSet", client::MetaNamespaceKey(rs)}});
    }
    return out;
  }

  void SetAdded(const Json& rs) {
    if (MetaDeleting(rs)) {
      SetDeleted(rs);
      return;
    }
    if (const Json* ref = GetControllerOf(rs)) {
      if (ObjectPtr d = ResolveControllerRef(MetaNamespace(rs), *ref)) {
        controller_.EnqueueObject(*d);
      }
      return;
    }
    for (const ObjectPtr& d : DeploymentsSelecting(rs)) controller_.EnqueueObject(*d);
  }

  void SetUpdated(const Json& old_rs, const Json& rs) {
    if (MetaResourceVersion(old_rs) == MetaResourceVersion(rs)) return;
    const Json* old_ref = GetControllerOf(old_rs);
    const Json* ref = GetControllerOf(rs);
    std::string old_uid = old_ref ? GetString(*old_ref, {"uid"}) : "";
    std::string uid = ref ? GetString(*ref, {"uid"}) : "";
    bool ref_changed = old_uid != uid;
    if (ref_changed && old_ref) {
      if (ObjectPtr d = ResolveControllerRef(MetaNamespace(old_rs), *old_ref)) {
        controller_.EnqueueObject(*d);
      }
    }
    if (ref) {
      if (ObjectPtr d = ResolveControllerRef(MetaNamespace(rs), *ref)) {
        controller_.EnqueueObject(*d);
      }
      return;
    }
    if (MetaLabels(old_rs) != MetaLabels(rs) || ref_changed) {
      for (const ObjectPtr& d : DeploymentsSelecting(rs)) controller_.EnqueueObject(*d);
    }
  }

  void SetDeleted(const Json& rs) {
    const Json* ref = GetControllerOf(rs);
    if (!ref) return;
    if (ObjectPtr d = ResolveControllerRef(MetaNamespace(rs), *ref)) {
      controller_.EnqueueObject(*d);
    }
  }

  // A Recreate Deployment waits for its last old pod to go.
  void PodDeleted(const Json& pod) {
    const Json* rs_ref = GetControllerOf(pod);
    if (!rs_ref || GetString(*rs_ref, {"kind"}) != "ReplicaSet") return;
    const std::string ns = MetaNamespace(pod);
    ObjectPtr rs = sets_.Get(ns, GetString(*rs_ref, {"name"}));
    if (!rs || MetaUid(*rs) != GetString(*rs_ref, {"uid"})) return;
    const Json* d_ref = GetControllerOf(*rs);
    if (!d_ref) return;
    ObjectPtr d = ResolveControllerRef(ns, *d_ref);
    if (!d || GetString(*d, {"spec", "strategy", "type"}) != "Recreate") return;
    for (const ObjectPtr& owned : sets_.ByIndex(kSetOwnerIndex, OwnerKey(ns, MetaUid(*d)))) {
      if (!pods_.ByIndex(kPodOwnerIndex, OwnerKey(ns, MetaUid(*owned))).empty()) return;
    }
    controller_.EnqueueObject(*d);
  }

  // --- Sync ----------------------------------------------------------------

  Status Sync(const std::string& key) {
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    ObjectPtr cached = deployments_.Get(ns, name);
    if (!cached) {
      ForgetWrite(key);
      return Status::OK();
    }
    if (!CaughtUp(key, *cached)) {
      controller_.queue().AddAfter(key, kCatchUpRetry);
      return Status::OK();
    }
    const Json& d = *cached;
    const Json* sel = Lookup(d, {"spec", "selector"});
    if (!sel || (sel->is_object() && sel->empty())) {
      recorder_->Event(d, "Warning", "SelectingAll",
                       "This deployment is selecting all pods. A non-empty selector is required.");
      if (GetInt(d, {"status", "observedGeneration"}) < GetInt(d, {"metadata", "generation"})) {
        Json body = d;
        body["status"]["observedGeneration"] = GetInt(d, {"metadata", "generation"});
        (void)client_->Update(deployment_type_, ns, std::move(body), {},
                              apiserver::Subresource::kStatus);
      }
      return Status::OK();
    }
    auto selector = LabelSelector::FromJson(*sel);
    if (!selector.ok()) {
      return Status::Invalid("deployment " + key +
                             " has invalid label selector: " + selector.status().message());
    }

    // getReplicaSetsForDeployment.
    std::vector<ObjectPtr> candidates = sets_.ByIndex(kSetOwnerIndex, OwnerKey(ns, MetaUid(d)));
    for (ObjectPtr& orphan : sets_.ByIndex(kSetOwnerIndex, OwnerKey(ns, ""))) {
      candidates.push_back(std::move(orphan));
    }
    std::vector<const Json*> raw;
    for (const ObjectPtr& rs : candidates) raw.push_back(rs.get());
    ClaimDecision decision =
        ClaimObjects(ClaimOwner{ns, MetaUid(d), MetaDeleting(d)}, *selector, raw);
    std::vector<const Json*> claimed = decision.owned;
    Json ref = NewControllerRef("apps/v1", "Deployment", name, MetaUid(d));
    STEAD_RETURN_IF_ERROR(
        ExecuteClaims(*client_, deployment_type_, d, ref, set_type_, decision, &claimed));
    std::vector<dep::RSPtr> sets;
    for (const Json* c : claimed) {
      for (const ObjectPtr& rs : candidates) {
        if (rs.get() == c) sets.push_back(rs);
      }
    }

    // getPodMapForDeployment: pods selected by the Deployment, by set.
    dep::PodMap pods;
    std::vector<ObjectPtr> pod_snapshot;
    for (const dep::RSPtr& rs : sets) {
      std::vector<const Json*>& list = pods[MetaUid(*rs)];
      for (ObjectPtr& pod : pods_.ByIndex(kPodOwnerIndex, OwnerKey(ns, MetaUid(*rs)))) {
        if (!selector->Matches(MetaLabels(*pod))) continue;
        list.push_back(pod.get());
        pod_snapshot.push_back(std::move(pod));
      }
    }

    SyncWriter writer(client_, deployment_type_, set_type_, sets_, recorder_.get(), &controller_,
                      key, [this, key](const Json& written) { RememberWrite(key, written); });
    dep::Rollout rollout(d, std::move(sets), std::move(pods), clock_->Now(), &writer);
    return rollout.Sync();
  }

  // --- Read-your-writes ------------------------------------------------------
  // A sync after our own write of the Deployment waits until the cache shows
  // it, instead of acting on the older version (and failing with a
  // conflict on its first write).

  bool CaughtUp(const std::string& key, const Json& cached) {
    std::lock_guard<std::mutex> lock(writes_mu_);
    auto it = written_.find(key);
    if (it == written_.end()) return true;
    if (ParseVersion(MetaResourceVersion(cached)) >= it->second.version ||
        clock_->Now() - it->second.since > kWriteMemory) {
      written_.erase(it);
      return true;
    }
    return false;
  }

  void RememberWrite(const std::string& key, const Json& written) {
    int64_t v = ParseVersion(MetaResourceVersion(written));
    if (v < 0) return;
    std::lock_guard<std::mutex> lock(writes_mu_);
    written_[key] = Written{v, clock_->Now()};
  }

  void ForgetWrite(const std::string& key) {
    std::lock_guard<std::mutex> lock(writes_mu_);
    written_.erase(key);
  }

  struct Written {
    int64_t version;
    SystemTime since;
  };

  const std::string name_;
  client::Client* const client_;
  const Clock* const clock_;
  const api::ResourceType& deployment_type_;
  const api::ResourceType& set_type_;
  SharedInformer& deployments_;
  SharedInformer& sets_;
  SharedInformer& pods_;
  std::unique_ptr<client::EventRecorder> recorder_;

  std::mutex writes_mu_;
  std::map<std::string, Written> written_;  // guarded by writes_mu_

  std::mutex mu_;
  bool started_ = false;                   // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
  client::HandlerRegistrations handlers_;  // guarded by mu_
  Controller controller_;                  // last: destroyed (workers joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewDeploymentController(const ControllerContext& context,
                                                            DeploymentControllerOptions options) {
  return std::make_unique<DeploymentController>(context, options);
}

}  // namespace stead::controllers

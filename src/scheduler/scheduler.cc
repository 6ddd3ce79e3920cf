#include "scheduler/scheduler.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "client/object_key.h"
#include "controllers/framework/add_at.h"
#include "core/log.h"
#include "scheduler/algorithm.h"
#include "scheduler/cache.h"

namespace stead::scheduler {

namespace {

using client::ObjectPtr;
using controllers::Controller;
using controllers::ControllerContext;

// The field manager of upstream's scheduler.
constexpr char kFieldManager[] = "kube-scheduler";
constexpr char kAnnSelectedNode[] = "volume.kubernetes.io/selected-node";
constexpr char kAnnBindCompleted[] = "pv.kubernetes.io/bind-completed";
constexpr char kAnnStorageClass[] = "volume.beta.kubernetes.io/storage-class";

bool IsTerminal(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

bool SameField(const Json& a, const Json& b, std::initializer_list<std::string_view> path) {
  const Json* x = Lookup(a, path);
  const Json* y = Lookup(b, path);
  if (x == nullptr || y == nullptr) return x == y;
  return *x == *y;
}

// Changes of a pending pod that may make it fit (status writes do not).
bool PodSpecOrMetaChanged(const Json& old_pod, const Json& new_pod) {
  return !SameField(old_pod, new_pod, {"spec"}) ||
         !SameField(old_pod, new_pod, {"metadata", "labels"}) ||
         !SameField(old_pod, new_pod, {"metadata", "annotations"});
}

std::map<std::string, std::string> ConditionStatuses(const Json& node) {
  std::map<std::string, std::string> out;
  if (const Json* conds = Lookup(node, {"status", "conditions"}); conds && conds->is_array()) {
    for (const Json& c : *conds) out[GetString(c, {"type"})] = GetString(c, {"status"});
  }
  return out;
}

// Node changes that may let a pending pod fit (heartbeats do not).
bool NodeSchedulingChanged(const Json& old_node, const Json& new_node) {
  return !SameField(old_node, new_node, {"status", "allocatable"}) ||
         !SameField(old_node, new_node, {"metadata", "labels"}) ||
         !SameField(old_node, new_node, {"spec", "taints"}) ||
         !SameField(old_node, new_node, {"spec", "unschedulable"}) ||
         ConditionStatuses(old_node) != ConditionStatuses(new_node);
}

struct PendingBinding {
  std::string node;
  std::string uid;
  // Unbound WaitForFirstConsumer claims that get the selected-node annotation.
  std::vector<std::string> delayed_claims;
};

struct Backoff {
  int attempts = 0;
  SystemTime until{};
};

class Scheduler final : public controllers::RunnableController {
 public:
  Scheduler(const ControllerContext& ctx, SchedulerOptions options)
      : options_(std::move(options)),
        client_(ctx.client),
        clock_(ctx.clock),
        pods_type_(ctx.client->Type("", "pods")),
        claims_type_(ctx.client->Type("", "persistentvolumeclaims")),
        pods_(ctx.informers->For("", "pods")),
        nodes_(ctx.informers->For("", "nodes")),
        claims_(ctx.informers->For("", "persistentvolumeclaims")),
        volumes_(ctx.informers->For("", "persistentvolumes")),
        classes_(ctx.informers->For("storage.k8s.io", "storageclasses")),
        recorder_(ctx.events->NewRecorder(options_.scheduler_name)),
        scheduling_(ctx.clock, QueueOptions("scheduler", 1, ctx),
                    [this](const std::string& key) { return ScheduleOne(key); }),
        binding_(ctx.clock, QueueOptions("scheduler-binder", options_.bind_workers, ctx),
                 [this](const std::string& key) { return BindOne(key); }) {}

  ~Scheduler() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    if (started_) return;
    started_ = true;
    // Warm the cache before the first cycle, so that pods are not found
    // unschedulable just because the nodes' events come later.
    for (const ObjectPtr& node : nodes_.List("")) cache_.UpdateNode(node);
    for (const ObjectPtr& pod : pods_.List("")) cache_.UpdatePod(*pod);
    handlers_.emplace_back(&nodes_, nodes_.AddEventHandler(NodeHandler()));
    client::ResourceEventHandler volume_handler;
    volume_handler.on_add = [this](const ObjectPtr&) { OnClusterChange(); };
    volume_handler.on_update = [this](const ObjectPtr&, const ObjectPtr&) { OnClusterChange(); };
    for (client::SharedInformer* inf : {&claims_, &volumes_, &classes_}) {
      handlers_.emplace_back(inf, inf->AddEventHandler(volume_handler));
    }
    handlers_.emplace_back(&pods_, pods_.AddEventHandler(PodHandler()));
    scheduling_.Start();
    binding_.Start();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    for (auto& [informer, id] : handlers_) informer->RemoveEventHandler(id);
    handlers_.clear();
    scheduling_.Stop();
    binding_.Stop();
  }

 private:
  static Controller::Options QueueOptions(std::string name, int workers,
                                          const ControllerContext& ctx) {
    Controller::Options o;
    o.name = std::move(name);
    o.workers = std::max(1, workers);
    o.metrics = ctx.controller_metrics;
    return o;
  }

  bool Ours(const Json& pod) const {
    std::string name = GetString(pod, {"spec", "schedulerName"});
    return name == options_.scheduler_name ||
           (name.empty() && options_.scheduler_name == "default-scheduler");
  }

  bool NeedsScheduling(const Json& pod) const {
    if (!GetString(pod, {"spec", "nodeName"}).empty() || MetaDeleting(pod) || IsTerminal(pod)) {
      return false;
    }
    const Json* gates = Lookup(pod, {"spec", "schedulingGates"});
    if (gates && gates->is_array() && !gates->empty()) return false;
    return Ours(pod);
  }

  client::ResourceEventHandler PodHandler() {
    client::ResourceEventHandler h;
    h.on_add = [this](const ObjectPtr& pod) {
      cache_.UpdatePod(*pod);
      if (NeedsScheduling(*pod)) scheduling_.EnqueueObject(*pod);
    };
    h.on_update = [this](const ObjectPtr& old_pod, const ObjectPtr& pod) {
      cache_.UpdatePod(*pod);
      std::string key = client::MetaNamespaceKey(*pod);
      if (NeedsScheduling(*pod)) {
        if (!NeedsScheduling(*old_pod) || PodSpecOrMetaChanged(*old_pod, *pod)) Requeue(key);
      } else {
        std::lock_guard<std::mutex> lock(mu_);
        unschedulable_.erase(key);
      }
      bool was_placed = !GetString(*old_pod, {"spec", "nodeName"}).empty() && !IsTerminal(*old_pod);
      if (was_placed && IsTerminal(*pod)) OnClusterChange();
    };
    h.on_delete = [this](const ObjectPtr& pod) {
      std::string key = client::MetaNamespaceKey(*pod);
      cache_.RemovePod(key);
      {
        std::lock_guard<std::mutex> lock(mu_);
        unschedulable_.erase(key);
      }
      if (!GetString(*pod, {"spec", "nodeName"}).empty()) OnClusterChange();
    };
    return h;
  }

  client::ResourceEventHandler NodeHandler() {
    client::ResourceEventHandler h;
    h.on_add = [this](const ObjectPtr& node) {
      cache_.UpdateNode(node);
      OnClusterChange();
    };
    h.on_update = [this](const ObjectPtr& old_node, const ObjectPtr& node) {
      cache_.UpdateNode(node);
      if (NodeSchedulingChanged(*old_node, *node)) OnClusterChange();
    };
    h.on_delete = [this](const ObjectPtr& node) { cache_.RemoveNode(MetaName(*node)); };
    return h;
  }

  // Queues a pending pod again, after what is left of its backoff.
  void RequeueLocked(const std::string& key, SystemTime now) {
    auto it = unschedulable_.find(key);
    if (it == unschedulable_.end() || it->second.until <= now) {
      scheduling_.Enqueue(key);
    } else {
      controllers::AddAt(scheduling_.queue(), *clock_, key, it->second.until);
    }
  }

  void Requeue(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    RequeueLocked(key, clock_->Now());
  }

  void OnClusterChange() {
    std::lock_guard<std::mutex> lock(mu_);
    SystemTime now = clock_->Now();
    for (const auto& [key, backoff] : unschedulable_) RequeueLocked(key, now);
  }

  // Counts a failed attempt; returns when the pod's backoff ends.
  SystemTime RecordAttemptLocked(const std::string& key, SystemTime now) {
    Backoff& b = unschedulable_[key];
    ++b.attempts;
    std::chrono::nanoseconds backoff = options_.initial_backoff;
    for (int i = 1; i < b.attempts && backoff < options_.max_backoff; ++i) backoff *= 2;
    backoff = std::min<std::chrono::nanoseconds>(backoff, options_.max_backoff);
    b.until = now + std::chrono::duration_cast<SystemTime::duration>(backoff);
    return b.until;
  }

  VolumeConstraints VolumesOf(const Json& pod, std::vector<std::string>* delayed_claims) {
    VolumeConstraints vc;
    const Json* vols = Lookup(pod, {"spec", "volumes"});
    if (vols == nullptr || !vols->is_array()) return vc;
    std::string ns = MetaNamespace(pod);
    bool unbound_immediate = false;
    for (const Json& v : *vols) {
      std::string claim_name = GetString(v, {"persistentVolumeClaim", "claimName"});
      bool ephemeral = false;
      if (claim_name.empty() && Has(v, {"ephemeral"})) {
        claim_name = MetaName(pod) + "-" + GetString(v, {"name"});
        ephemeral = true;
      }
      if (claim_name.empty()) continue;
      ObjectPtr claim = claims_.Get(ns, claim_name);
      if (claim == nullptr) {
        vc.rejection = "persistentvolumeclaim \"" + claim_name + "\" not found";
        return vc;
      }
      if (MetaDeleting(*claim)) {
        vc.rejection = "persistentvolumeclaim \"" + claim_name + "\" is being deleted";
        return vc;
      }
      if (ephemeral && !OwnedBy(*claim, MetaUid(pod))) {
        vc.rejection = "PVC " + ns + "/" + claim_name + " was not created for pod " + ns + "/" +
                       MetaName(pod) + " (pod is not owner)";
        return vc;
      }
      std::string volume_name = GetString(*claim, {"spec", "volumeName"});
      if (!volume_name.empty() && Has(*claim, {"metadata", "annotations", kAnnBindCompleted})) {
        ObjectPtr pv = volumes_.Get("", volume_name);
        if (pv == nullptr) {
          vc.missing_volume = true;
        } else if (const Json* terms =
                       Lookup(*pv, {"spec", "nodeAffinity", "required", "nodeSelectorTerms"})) {
          vc.node_affinities.push_back(*terms);
        }
        continue;
      }
      if (DelayBinding(*claim)) {
        delayed_claims->push_back(claim_name);
      } else {
        unbound_immediate = true;
      }
    }
    if (unbound_immediate) vc.rejection = "pod has unbound immediate PersistentVolumeClaims";
    return vc;
  }

  static bool OwnedBy(const Json& obj, const std::string& uid) {
    const Json* owners = Lookup(obj, {"metadata", "ownerReferences"});
    if (owners == nullptr || !owners->is_array()) return false;
    for (const Json& o : *owners) {
      if (GetBool(o, {"controller"}) && GetString(o, {"uid"}) == uid) return true;
    }
    return false;
  }

  // The claim's class binds WaitForFirstConsumer (upstream IsDelayBindingMode).
  bool DelayBinding(const Json& claim) {
    std::string class_name = GetString(claim, {"metadata", "annotations", kAnnStorageClass});
    if (class_name.empty()) class_name = GetString(claim, {"spec", "storageClassName"});
    if (class_name.empty()) return false;
    ObjectPtr sc = classes_.Get("", class_name);
    return sc != nullptr && GetString(*sc, {"volumeBindingMode"}) == "WaitForFirstConsumer";
  }

  Status ScheduleOne(const std::string& key) {
    ObjectPtr pod = pods_.GetByKey(key);
    if (pod == nullptr || !NeedsScheduling(*pod)) {
      std::lock_guard<std::mutex> lock(mu_);
      unschedulable_.erase(key);
      return Status::OK();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (bindings_.count(key)) return Status::OK();
    }
    if (cache_.IsAssumed(key)) return Status::OK();

    std::vector<std::string> delayed_claims;
    VolumeConstraints volumes = VolumesOf(*pod, &delayed_claims);
    PlacedPod placed = DescribePod(*pod);
    ScheduleDecision decision;
    cache_.WithNodes([&](const std::map<std::string, NodeInfo>& nodes) {
      decision = Schedule(*pod, placed, volumes, nodes);
    });

    if (!decision.node.empty()) {
      placed.node = decision.node;
      cache_.AssumePod(std::move(placed));
      {
        std::lock_guard<std::mutex> lock(mu_);
        unschedulable_.erase(key);
        bindings_[key] = {decision.node, MetaUid(*pod), std::move(delayed_claims)};
      }
      binding_.Enqueue(key);
      return Status::OK();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      SystemTime now = clock_->Now();
      RecordAttemptLocked(key, now);
      // Retried on cluster changes; this is the fallback.
      controllers::AddAt(scheduling_.queue(), *clock_, key,
                         now + options_.max_unschedulable_duration);
    }
    LOG_DEBUG("scheduler", "Unable to schedule pod", {{"pod", key}, {"err", decision.message}});
    recorder_->Event(*pod, client::kEventTypeWarning, "FailedScheduling", decision.message);
    return SetPodScheduledFalse(*pod, "Unschedulable", decision.message);
  }

  Status SetPodScheduledFalse(const Json& pod, const std::string& reason,
                              const std::string& message) {
    Json updated = pod;
    Json& conditions = updated["status"]["conditions"];
    if (!conditions.is_array()) conditions = Json::array();
    Json* cond = nullptr;
    for (Json& c : conditions) {
      if (GetString(c, {"type"}) == "PodScheduled") cond = &c;
    }
    if (cond != nullptr && GetString(*cond, {"status"}) == "False" &&
        GetString(*cond, {"reason"}) == reason && GetString(*cond, {"message"}) == message) {
      return Status::OK();
    }
    if (cond == nullptr) {
      conditions.push_back({{"type", "PodScheduled"}});
      cond = &conditions.back();
    }
    if (GetString(*cond, {"status"}) != "False" || !cond->contains("lastTransitionTime")) {
      (*cond)["lastTransitionTime"] = FormatTime(clock_->Now());
    }
    (*cond)["status"] = "False";
    (*cond)["lastProbeTime"] = nullptr;
    (*cond)["reason"] = reason;
    (*cond)["message"] = message;
    client::WriteOptions options;
    options.field_manager = kFieldManager;
    auto r = client_->Update(pods_type_, MetaNamespace(pod), std::move(updated), options,
                             client::Subresource::kStatus);
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    return Status::OK();
  }

  Status BindOne(const std::string& key) {
    PendingBinding b;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = bindings_.find(key);
      if (it == bindings_.end()) return Status::OK();
      b = it->second;
    }
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    client::WriteOptions options;
    options.field_manager = kFieldManager;
    Status s;
    for (const std::string& claim : b.delayed_claims) {
      Json patch = {{"metadata", {{"annotations", {{kAnnSelectedNode, b.node}}}}}};
      auto r =
          client_->Patch(claims_type_, ns, claim, client::PatchKind::kMerge, patch.dump(), options);
      if (!r.ok()) {
        s = r.status();
        break;
      }
    }
    if (s.ok()) {
      Json binding = {{"apiVersion", "v1"},
                      {"kind", "Binding"},
                      {"metadata", {{"name", name}, {"namespace", ns}, {"uid", b.uid}}},
                      {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", b.node}}}};
      s = client_->BindPod(ns, name, std::move(binding), options);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      bindings_.erase(key);
    }
    ObjectPtr pod = pods_.GetByKey(key);
    if (s.ok()) {
      if (pod != nullptr) {
        recorder_->Event(*pod, client::kEventTypeNormal, "Scheduled",
                         "Successfully assigned " + key + " to " + b.node);
      }
      return Status::OK();
    }
    cache_.ForgetPod(key);
    LOG_WARN("scheduler", "Failed to bind pod",
             {{"pod", key}, {"node", b.node}, {"err", s.message()}});
    if (pod == nullptr || MetaUid(*pod) != b.uid || !NeedsScheduling(*pod)) return Status::OK();
    {
      std::lock_guard<std::mutex> lock(mu_);
      controllers::AddAt(scheduling_.queue(), *clock_, key,
                         RecordAttemptLocked(key, clock_->Now()));
    }
    std::string message = "running Bind plugin \"DefaultBinder\": " + s.message();
    recorder_->Event(*pod, client::kEventTypeWarning, "FailedScheduling", message);
    return SetPodScheduledFalse(*pod, "SchedulerError", message);
  }

  const std::string name_ = "scheduler";
  const SchedulerOptions options_;
  client::Client* const client_;
  const Clock* const clock_;
  const api::ResourceType& pods_type_;
  const api::ResourceType& claims_type_;
  client::SharedInformer& pods_;
  client::SharedInformer& nodes_;
  client::SharedInformer& claims_;
  client::SharedInformer& volumes_;
  client::SharedInformer& classes_;
  const std::unique_ptr<client::EventRecorder> recorder_;
  SchedulerCache cache_;

  std::mutex mu_;
  std::unordered_map<std::string, Backoff> unschedulable_;    // guarded by mu_
  std::unordered_map<std::string, PendingBinding> bindings_;  // guarded by mu_

  std::mutex lifecycle_mu_;
  bool started_ = false;  // guarded by lifecycle_mu_
  std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>>
      handlers_;  // guarded by lifecycle_mu_

  // Last: destroyed (workers joined) before what they use.
  Controller scheduling_;
  Controller binding_;
};

}  // namespace

std::unique_ptr<controllers::RunnableController> NewScheduler(
    const controllers::ControllerContext& context, SchedulerOptions options) {
  return std::make_unique<Scheduler>(context, std::move(options));
}

}  // namespace stead::scheduler

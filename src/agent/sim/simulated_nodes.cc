#include "agent/sim/simulated_nodes.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

#include "agent/node_status.h"
#include "agent/pod_status.h"
#include "agent/sim/ip_pool.h"
#include "agent/sim/sim_pod.h"
#include "client/object_key.h"
#include "controllers/framework/add_at.h"
#include "core/log.h"
#include "core/quantity.h"
#include "scheduler/admission.h"

namespace stead::agent::sim {

namespace {

using client::ObjectPtr;
using controllers::Controller;
using controllers::ControllerContext;

constexpr char kFieldManager[] = "kubelet";
constexpr int kMaxNodes = 255;

uint64_t Fnv64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016" PRIx64, v);
  return buf;
}

// A stable UUID-shaped id derived from `seed`.
std::string StableUuid(const std::string& seed) {
  std::string h = Hex(Fnv64(seed)) + Hex(Fnv64(seed + "#"));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

bool IsTerminal(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

// Node-loop state of one simulated node (touched by the single node worker).
struct SimNode {
  NodeConfig config;
  std::string uid;
  bool registered = false;
  bool announced = false;
  SystemTime next_renew{};
  SystemTime next_report{};
};

struct PodEntry {
  std::unique_ptr<SimPod> sim;
  std::string node;
  bool holds_ip = false;
};

class SimulatedNodes final : public controllers::RunnableController {
 public:
  SimulatedNodes(const ControllerContext& ctx, SimulatedNodesOptions options)
      : options_(std::move(options)),
        client_(ctx.client),
        clock_(ctx.clock),
        nodes_type_(ctx.client->Type("", "nodes")),
        pods_type_(ctx.client->Type("", "pods")),
        leases_type_(ctx.client->Type("coordination.k8s.io", "leases")),
        pods_(ctx.informers->For("", "pods")),
        node_objects_(ctx.informers->For("", "nodes")),
        claims_(ctx.informers->For("", "persistentvolumeclaims")),
        recorder_(ctx.events->NewRecorder("kubelet")),
        node_loop_(ctx.clock, LoopOptions("simulated-nodes", 1, ctx),
                   [this](const std::string& name) { return SyncNode(name); }),
        pod_loop_(ctx.clock, LoopOptions("simulated-pods", options_.pod_workers, ctx),
                  [this](const std::string& key) { return SyncPod(key); }) {
    Json capacity = {{"cpu", options_.cpu},   {"memory", options_.memory},
                     {"pods", options_.pods}, {"ephemeral-storage", options_.ephemeral_storage},
                     {"hugepages-1Gi", "0"},  {"hugepages-2Mi", "0"}};
    int count = std::clamp(options_.count, 0, kMaxNodes);
    for (int i = 0; i < count; ++i) {
      NodeConfig c;
      c.name = options_.name_prefix + std::to_string(i);
      c.labels = options_.labels;
      c.labels["type"] = "simulated";
      c.capacity = capacity;
      c.internal_ip = FormatIpv4((10u << 24) | (240u << 16) | static_cast<uint32_t>(i + 1));
      c.pod_cidr = "10.244." + std::to_string(i + 1) + ".0/24";
      c.machine_id = Hex(Fnv64(c.name)) + Hex(Fnv64(c.name + "/machine"));
      c.system_uuid = StableUuid(c.name + "/system");
      c.boot_id = StableUuid(c.name + "/boot");
      c.kernel_version = "6.1.0-stead-sim";
      c.os_image = "stead simulated node";
      c.container_runtime_version = "stead-sim://1";
      c.kubelet_version = options_.kubelet_version;
      pools_.emplace(c.name, std::move(PodIpPool::Create(c.pod_cidr)).value());
      SimNode n;
      n.config = std::move(c);
      nodes_.emplace(n.config.name, std::move(n));
    }
  }

  ~SimulatedNodes() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    if (started_) return;
    started_ = true;
    client::ResourceEventHandler pod_handler;
    pod_handler.on_add = [this](const ObjectPtr& pod) { MaybeEnqueue(*pod); };
    pod_handler.on_update = [this](const ObjectPtr&, const ObjectPtr& pod) { MaybeEnqueue(*pod); };
    pod_handler.on_delete = [this](const ObjectPtr& pod) { MaybeEnqueue(*pod); };
    client::ResourceEventHandler claim_handler;
    claim_handler.on_add = [this](const ObjectPtr&) { RetryWaitingForVolumes(); };
    claim_handler.on_update = [this](const ObjectPtr&, const ObjectPtr&) {
      RetryWaitingForVolumes();
    };
    handlers_.emplace_back(&pods_, pods_.AddEventHandler(pod_handler));
    handlers_.emplace_back(&claims_, claims_.AddEventHandler(claim_handler));
    for (const auto& [node_name, node] : nodes_) node_loop_.Enqueue(node_name);
    node_loop_.Start();
    pod_loop_.Start();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    for (auto& [informer, id] : handlers_) informer->RemoveEventHandler(id);
    handlers_.clear();
    node_loop_.Stop();
    pod_loop_.Stop();
  }

 private:
  Behavior DefaultBehavior() const {
    Behavior b;
    b.start_delay = options_.start_delay;
    b.terminate_delay = options_.stop_delay;
    return b;
  }

  static Controller::Options LoopOptions(std::string name, int workers,
                                         const ControllerContext& ctx) {
    Controller::Options o;
    o.name = std::move(name);
    o.workers = std::max(1, workers);
    o.metrics = ctx.controller_metrics;
    return o;
  }

  client::WriteOptions Writes() const {
    client::WriteOptions o;
    o.field_manager = kFieldManager;
    return o;
  }

  // ---- nodes ----

  Status SyncNode(const std::string& name) {
    auto it = nodes_.find(name);
    if (it == nodes_.end()) return Status::OK();
    SimNode& n = it->second;
    SystemTime now = clock_->Now();
    if (!n.registered) {
      STEAD_RETURN_IF_ERROR(Register(n, now));
      n.next_renew = now;
      n.next_report = now + options_.status_report_interval;
    }
    bool renew = now >= n.next_renew;
    bool report = now >= n.next_report;
    SystemTime next_renew = renew ? now + options_.lease_renew_interval : n.next_renew;
    SystemTime next_report = report ? now + options_.status_report_interval : n.next_report;
    // Scheduled before writing, so that a test that sees the write and then
    // advances its clock cannot slip in before the timer exists.
    controllers::AddAt(node_loop_.queue(), *clock_, name, std::min(next_renew, next_report));
    if (renew) {
      STEAD_RETURN_IF_ERROR(RenewLease(n, now));
      n.next_renew = next_renew;
    }
    if (report) {
      STEAD_RETURN_IF_ERROR(ReportStatus(n, now));
      n.next_report = next_report;
    }
    return Status::OK();
  }

  Status Register(SimNode& n, SystemTime now) {
    auto current = client_->Get(nodes_type_, "", n.config.name);
    if (current.status().IsNotFound()) {
      auto created = client_->Create(nodes_type_, "", NewNodeObject(n.config, {}, now), Writes());
      if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
      if (created.ok()) {
        n.uid = MetaUid(*created);
        n.registered = true;
        Announce(n, *created);
        return Status::OK();
      }
      current = client_->Get(nodes_type_, "", n.config.name);
    }
    if (!current.ok()) return current.status();
    Json node = **current;
    UpdateNodeObject(node, n.config, {}, now);
    if (!SameMetaAndSpec(node, **current)) {
      STEAD_ASSIGN_OR_RETURN(node, client_->Update(nodes_type_, "", node, Writes()));
      UpdateNodeObject(node, n.config, {}, now);
    }
    STEAD_ASSIGN_OR_RETURN(Json written, client_->Update(nodes_type_, "", node, Writes(),
                                                         client::Subresource::kStatus));
    n.uid = MetaUid(written);
    n.registered = true;
    Announce(n, written);
    return Status::OK();
  }

  static bool SameMetaAndSpec(const Json& a, const Json& b) {
    return Lookup(a, {"metadata", "labels"}) && Lookup(b, {"metadata", "labels"}) &&
           a["metadata"]["labels"] == b["metadata"]["labels"] &&
           GetString(a, {"spec", "podCIDR"}) == GetString(b, {"spec", "podCIDR"});
  }

  void Announce(SimNode& n, const Json& node) {
    if (n.announced) return;
    n.announced = true;
    recorder_->Event(node, client::kEventTypeNormal, "Starting", "Starting kubelet.");
    recorder_->Event(node, client::kEventTypeNormal, "NodeReady",
                     "Node " + n.config.name + " status is now: NodeReady");
  }

  Status RenewLease(SimNode& n, SystemTime now) {
    Json lease = NodeLease(n.config.name, n.uid, now);
    auto current = client_->Get(leases_type_, kNodeLeaseNamespace, n.config.name);
    if (current.status().IsNotFound()) {
      auto created = client_->Create(leases_type_, kNodeLeaseNamespace, lease, Writes());
      return created.ok() ? Status::OK() : created.status();
    }
    if (!current.ok()) return current.status();
    Json updated = **current;
    updated["spec"] = lease["spec"];
    if (!n.uid.empty())
      updated["metadata"]["ownerReferences"] = lease["metadata"]["ownerReferences"];
    auto r = client_->Update(leases_type_, kNodeLeaseNamespace, std::move(updated), Writes());
    return r.ok() ? Status::OK() : r.status();
  }

  Status ReportStatus(SimNode& n, SystemTime now) {
    auto current = client_->Get(nodes_type_, "", n.config.name);
    if (current.status().IsNotFound()) {
      n.registered = false;
      node_loop_.Enqueue(n.config.name);
      return Status::OK();
    }
    if (!current.ok()) return current.status();
    Json node = **current;
    UpdateNodeObject(node, n.config, {}, now);
    auto r =
        client_->Update(nodes_type_, "", std::move(node), Writes(), client::Subresource::kStatus);
    return r.ok() ? Status::OK() : r.status();
  }

  // ---- pods ----

  bool OurNode(const std::string& name) const { return nodes_.count(name) > 0; }

  void MaybeEnqueue(const Json& pod) {
    if (OurNode(GetString(pod, {"spec", "nodeName"}))) pod_loop_.EnqueueObject(pod);
  }

  void RetryWaitingForVolumes() {
    std::vector<std::string> keys;
    {
      std::lock_guard<std::mutex> lock(mu_);
      keys.assign(waiting_for_volumes_.begin(), waiting_for_volumes_.end());
    }
    for (const std::string& key : keys) pod_loop_.Enqueue(key);
  }

  // Every claim the pod mounts is Bound (the kubelet waits for its volumes
  // before creating containers).
  bool VolumesReady(const Json& pod) const {
    const Json* vols = Lookup(pod, {"spec", "volumes"});
    if (vols == nullptr || !vols->is_array()) return true;
    for (const Json& v : *vols) {
      std::string claim = GetString(v, {"persistentVolumeClaim", "claimName"});
      if (claim.empty() && Has(v, {"ephemeral"}))
        claim = MetaName(pod) + "-" + GetString(v, {"name"});
      if (claim.empty()) continue;
      ObjectPtr c = claims_.Get(MetaNamespace(pod), claim);
      if (c == nullptr || GetString(*c, {"status", "phase"}) != "Bound") return false;
    }
    return true;
  }

  void ReleaseLocked(PodEntry& entry) {
    if (!entry.holds_ip) return;
    entry.holds_ip = false;
    auto pool = pools_.find(entry.node);
    if (pool != pools_.end()) pool->second.Release(entry.sim->pod_ip());
  }

  void ForgetLocked(const std::string& key) {
    auto it = pods_state_.find(key);
    if (it == pods_state_.end()) return;
    ReleaseLocked(*it->second);
    pods_state_.erase(it);
    waiting_for_volumes_.erase(key);
  }

  // The kubelet's admission of a pod it has not run yet, against the pods
  // the node already admitted (scheduler/admission.h).
  scheduler::AdmissionResult AdmitLocked(const Json& pod, SystemTime now) {
    std::string node = GetString(pod, {"spec", "nodeName"});
    // Until the informer shows the registered node, its registration stands in.
    ObjectPtr node_object = node_objects_.Get("", node);
    Json registered;
    if (node_object == nullptr) registered = NewNodeObject(nodes_.at(node).config, {}, now);
    std::vector<ObjectPtr> held;  // keeps the snapshots alive for the call
    std::vector<const Json*> admitted;
    for (const auto& [key, entry] : pods_state_) {
      if (entry->node != node || entry->sim->Finished()) continue;
      if (ObjectPtr other = pods_.GetByKey(key)) {
        admitted.push_back(other.get());
        held.push_back(std::move(other));
      }
    }
    return scheduler::AdmitPod(pod, node_object ? *node_object : registered, admitted);
  }

  // Marks a pod the node refused Failed, as the kubelet's rejectPod does.
  Status RejectPod(const Json& pod, const scheduler::AdmissionResult& rejection) {
    Json updated = pod;
    updated["status"] = scheduler::RejectedPodStatus(pod, rejection);
    auto r = client_->Update(pods_type_, MetaNamespace(pod), std::move(updated), Writes(),
                             client::Subresource::kStatus);
    if (!r.ok()) return r.status().IsNotFound() ? Status::OK() : r.status();
    recorder_->Event(pod, client::kEventTypeWarning, rejection.reason, rejection.message);
    LOG_INFO("kubelet", "Pod rejected",
             {{"pod", MetaNamespace(pod) + "/" + MetaName(pod)}, {"reason", rejection.reason}});
    return Status::OK();
  }

  // Runs a pod the node has not run before (or again after a restart).
  Result<PodEntry*> AcceptLocked(const std::string& key, const Json& pod, SystemTime now) {
    std::string node = GetString(pod, {"spec", "nodeName"});
    const NodeConfig& config = nodes_.at(node).config;
    auto entry = std::make_unique<PodEntry>();
    entry->node = node;
    std::string ip;
    if (GetBool(pod, {"spec", "hostNetwork"})) {
      ip = config.internal_ip;
    } else {
      PodIpPool& pool = pools_.at(node);
      std::string existing = GetString(pod, {"status", "podIP"});
      if (!existing.empty() && pool.Reserve(existing)) {
        ip = existing;
      } else {
        STEAD_ASSIGN_OR_RETURN(ip, pool.Allocate());
      }
      entry->holds_ip = true;
    }
    entry->sim = std::make_unique<SimPod>(pod, config.internal_ip, ip, DefaultBehavior(), now);
    if (!GetString(pod, {"status", "podIP"}).empty()) entry->sim->Adopt(pod, now);
    PodEntry* raw = entry.get();
    pods_state_[key] = std::move(entry);
    return raw;
  }

  Status SyncPod(const std::string& key) {
    ObjectPtr pod = pods_.GetByKey(key);
    SystemTime now = clock_->Now();
    bool volumes_ready = pod != nullptr && VolumesReady(*pod);
    std::unique_lock<std::mutex> lock(mu_);
    if (pod == nullptr || !OurNode(GetString(*pod, {"spec", "nodeName"}))) {
      ForgetLocked(key);
      return Status::OK();
    }
    auto it = pods_state_.find(key);
    if (it != pods_state_.end() && it->second->sim->uid() != MetaUid(*pod)) {
      ForgetLocked(key);
      it = pods_state_.end();
    }
    PodEntry* entry;
    if (it == pods_state_.end()) {
      if (MetaDeleting(*pod)) {
        lock.unlock();
        return DeleteNow(*pod);
      }
      if (IsTerminal(*pod)) return Status::OK();
      scheduler::AdmissionResult admission = AdmitLocked(*pod, now);
      if (!admission.admit) {
        lock.unlock();
        return RejectPod(*pod, admission);
      }
      STEAD_ASSIGN_OR_RETURN(entry, AcceptLocked(key, *pod, now));
    } else {
      entry = it->second.get();
    }
    if (volumes_ready) {
      waiting_for_volumes_.erase(key);
    } else {
      waiting_for_volumes_.insert(key);
    }
    SimPod& sim = *entry->sim;
    sim.Advance(*pod, volumes_ready, now);
    if (std::optional<SystemTime> next = sim.NextEvent()) {
      // Before writing, for the same reason as in SyncNode.
      controllers::AddAt(pod_loop_.queue(), *clock_, key, *next);
    }
    PodRuntimeStatus runtime = sim.Runtime();
    bool stopped = sim.Stopped();
    bool never_started = sim.NeverStarted();
    if (sim.Finished()) ReleaseLocked(*entry);
    lock.unlock();

    if (!(stopped && never_started)) {
      Json status = ComputePodStatus(*pod, runtime, now);
      const Json* current = Lookup(*pod, {"status"});
      if (current == nullptr || *current != status) {
        Json updated = *pod;
        updated["status"] = std::move(status);
        auto r = client_->Update(pods_type_, MetaNamespace(*pod), std::move(updated), Writes(),
                                 client::Subresource::kStatus);
        if (!r.ok()) return r.status().IsNotFound() ? Status::OK() : r.status();
      }
    }
    if (stopped) {
      STEAD_RETURN_IF_ERROR(DeleteNow(*pod));
      lock.lock();
      ForgetLocked(key);
    }
    return Status::OK();
  }

  Status DeleteNow(const Json& pod) {
    client::DeleteOptions options;
    options.grace_period_seconds = 0;
    options.precondition_uid = MetaUid(pod);
    auto r = client_->Delete(pods_type_, MetaNamespace(pod), MetaName(pod), options);
    if (r.ok() || r.status().IsNotFound() || r.status().IsConflict()) return Status::OK();
    return r.status();
  }

  const std::string name_ = "simulated-nodes";
  const SimulatedNodesOptions options_;
  client::Client* const client_;
  const Clock* const clock_;
  const api::ResourceType& nodes_type_;
  const api::ResourceType& pods_type_;
  const api::ResourceType& leases_type_;
  client::SharedInformer& pods_;
  client::SharedInformer& node_objects_;
  client::SharedInformer& claims_;
  const std::unique_ptr<client::EventRecorder> recorder_;
  // Fixed after construction; a node's mutable fields belong to the node loop.
  std::map<std::string, SimNode> nodes_;

  std::mutex mu_;
  std::map<std::string, PodIpPool> pools_;                                 // guarded by mu_
  std::unordered_map<std::string, std::unique_ptr<PodEntry>> pods_state_;  // guarded by mu_
  std::set<std::string> waiting_for_volumes_;                              // guarded by mu_

  std::mutex lifecycle_mu_;
  bool started_ = false;  // guarded by lifecycle_mu_
  std::vector<std::pair<client::SharedInformer*, client::SharedInformer::HandlerId>>
      handlers_;  // guarded by lifecycle_mu_

  // Last: destroyed (workers joined) before what they use.
  Controller node_loop_;
  Controller pod_loop_;
};

}  // namespace

Status ValidateSimulatedNodesOptions(const SimulatedNodesOptions& options) {
  if (options.count < 0 || options.count > kMaxNodes) {
    return Status::BadRequest("--simulated-nodes must be between 0 and " +
                              std::to_string(kMaxNodes));
  }
  for (const std::string* q :
       {&options.cpu, &options.memory, &options.pods, &options.ephemeral_storage}) {
    auto parsed = Quantity::Parse(*q);
    if (!parsed.ok())
      return Status::BadRequest("invalid node capacity \"" + *q +
                                "\": " + parsed.status().message());
  }
  if (options.start_delay.count() < 0) return Status::BadRequest("--sim-start-delay must be >= 0");
  if (options.stop_delay.count() < 0) return Status::BadRequest("--sim-stop-delay must be >= 0");
  return Status::OK();
}

std::unique_ptr<controllers::RunnableController> NewSimulatedNodes(
    const controllers::ControllerContext& context, SimulatedNodesOptions options) {
  return std::make_unique<SimulatedNodes>(context, std::move(options));
}

}  // namespace stead::agent::sim

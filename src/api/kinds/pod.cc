// core/v1 Pod: pod defaults, create-time preparation of the pod registry and
// of the admission plugins every cluster runs (phase Pending, QoS class,
// the SchedulingGated condition, matchLabelKeys expansion, default service
// account and priority), validation, and the upstream field selectors.
#include "api/validation/pod.h"
#include "api/kinds/defaults.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

// mutatePodAffinity: matchLabelKeys / mismatchLabelKeys become selector
// requirements on the pod's own label values.
void ExpandLabelKeys(Json& term, const std::map<std::string, std::string>& labels) {
  Json* selector = LookupMutable(term, {"labelSelector"});
  if (selector == nullptr || !selector->is_object()) return;
  for (auto [keys, op] :
       {std::pair{"matchLabelKeys", "In"}, std::pair{"mismatchLabelKeys", "NotIn"}}) {
    const Json* list = v::Array(term, keys);
    if (list == nullptr) continue;
    for (const Json& k : *list) {
      if (!k.is_string()) continue;
      auto it = labels.find(k.get<std::string>());
      if (it == labels.end()) continue;
      Json& exprs = (*selector)["matchExpressions"];
      if (!exprs.is_array()) exprs = Json::array();
      exprs.push_back(
          {{"key", it->first}, {"operator", op}, {"values", Json::array({it->second})}});
    }
  }
}

void MutatePodAffinity(Json& pod) {
  auto labels = MetaLabels(pod);
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    Json* affinity = LookupMutable(pod, {"spec", "affinity", kind});
    if (affinity == nullptr) continue;
    if (Json* req = LookupMutable(*affinity, {"requiredDuringSchedulingIgnoredDuringExecution"});
        req && req->is_array()) {
      for (Json& term : *req) ExpandLabelKeys(term, labels);
    }
    if (Json* pref = LookupMutable(*affinity, {"preferredDuringSchedulingIgnoredDuringExecution"});
        pref && pref->is_array()) {
      for (Json& w : *pref) {
        if (Json* term = LookupMutable(w, {"podAffinityTerm"})) ExpandLabelKeys(*term, labels);
      }
    }
  }
}

void PrepareCreate(Json& pod) {
  Json& spec = Ensure(pod, {"spec"});
  DropDisabledPodSpecFields(spec);
  Json status = {{"phase", "Pending"}, {"qosClass", ComputePodQOS(spec)}};
  if (v::Len(spec, "schedulingGates") > 0) {
    status["conditions"] =
        Json::array({{{"type", "PodScheduled"},
                      {"status", "False"},
                      {"reason", "SchedulingGated"},
                      {"message", "Scheduling is blocked due to non-empty scheduling gates"},
                      {"lastProbeTime", nullptr},
                      {"lastTransitionTime", nullptr}}});
  }
  pod["status"] = std::move(status);
  MutatePodAffinity(pod);
  // ServiceAccount admission: pods run as "default" unless told otherwise.
  if (v::Str(spec, "serviceAccountName").empty()) {
    spec["serviceAccountName"] = "default";
    spec["serviceAccount"] = "default";
  }
  // Priority admission, without PriorityClass objects: the two system
  // classes, and 0 when no class is named.
  if (v::Get(spec, "priority") == nullptr) {
    std::string cls = v::Str(spec, "priorityClassName");
    if (cls.empty()) {
      spec["priority"] = 0;
    } else if (cls == "system-node-critical") {
      spec["priority"] = 2000001000;
    } else if (cls == "system-cluster-critical") {
      spec["priority"] = 2000000000;
    }
  }
  if (v::Get(spec, "preemptionPolicy") == nullptr)
    spec["preemptionPolicy"] = "PreemptLowerPriority";
}

// Priority admission on update: the values it chose at create time stay.
void PrepareUpdate(Json& pod, const Json& old) {
  Json& spec = Ensure(pod, {"spec"});
  for (const char* key : {"priority", "preemptionPolicy"}) {
    if (const Json* v = Lookup(old, {"spec", key}); v && !v->is_null()) spec[key] = *v;
  }
}

// podStatusStrategy.PrepareForUpdate: the QoS class is immutable and set on
// create; a status write that leaves it out (old kubelets on a rejected pod)
// gets it back.
void PrepareStatus(Json& pod, const Json& old, SystemTime) {
  if (GetString(pod, {"status", "qosClass"}).empty()) {
    if (const Json* qos = Lookup(old, {"status", "qosClass"})) {
      Ensure(pod, {"status"})["qosClass"] = *qos;
    }
  }
}

void ValidateCreate(const Json& pod, FieldErrorList& errs) { v::ValidatePodCreate(errs, pod); }

void ValidateUpdate(const Json& pod, const Json& old, FieldErrorList& errs) {
  v::ValidatePodUpdate(errs, pod, old);
}

void ValidateStatus(const Json& pod, const Json& old, FieldErrorList& errs) {
  v::ValidatePodStatusUpdate(errs, pod, old);
}

std::optional<std::string> FieldValue(const Json& pod, const std::string& field) {
  if (field == "spec.nodeName") return GetString(pod, {"spec", "nodeName"});
  if (field == "spec.restartPolicy") return GetString(pod, {"spec", "restartPolicy"});
  if (field == "spec.schedulerName") return GetString(pod, {"spec", "schedulerName"});
  if (field == "spec.serviceAccountName") return GetString(pod, {"spec", "serviceAccountName"});
  if (field == "spec.hostNetwork") return GetBool(pod, {"spec", "hostNetwork"}) ? "true" : "false";
  if (field == "status.phase") return GetString(pod, {"status", "phase"});
  if (field == "status.podIP") {
    // Upstream selects on the first of status.podIPs (which v1's podIP
    // converts into).
    const Json* ips = Lookup(pod, {"status", "podIPs"});
    if (ips && ips->is_array() && !ips->empty()) return v::Str((*ips)[0], "ip");
    return GetString(pod, {"status", "podIP"});
  }
  if (field == "status.nominatedNodeName") return GetString(pod, {"status", "nominatedNodeName"});
  return std::nullopt;
}

}  // namespace

ResourceType Pod() {
  ResourceType t;
  t.group = "";
  t.version = "v1";
  t.kind = "Pod";
  t.plural = "pods";
  t.singular = "pod";
  t.short_names = {"po"};
  t.categories = {"all"};
  t.namespaced = true;
  t.has_status = true;
  t.graceful_delete = true;
  t.set_defaults = SetPodDefaults;
  t.validate_create = ValidateCreate;
  t.validate_update = ValidateUpdate;
  t.validate_status = ValidateStatus;
  // podStatusStrategy: a status write may not touch owner references (old
  // kubelets corrupted them, breaking garbage collection) nor the deletion
  // timestamp; labels and annotations go through.
  t.status_keeps_metadata = {"ownerReferences", "deletionTimestamp"};
  t.prepare_status = PrepareStatus;
  t.prepare_create = PrepareCreate;
  t.prepare_update = PrepareUpdate;
  t.field_selectors = {
      "spec.nodeName",    "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
      "spec.hostNetwork", "status.phase",       "status.podIP",       "status.nominatedNodeName"};
  t.field_value = FieldValue;
  return t;
}

}  // namespace stead::api::kinds

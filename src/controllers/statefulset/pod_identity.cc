#include "controllers/statefulset/pod_identity.h"

#include <charconv>
#include <set>

#include "controllers/framework/controller_ref.h"

namespace stead::controllers::statefulset {

ParsedPodName ParsePodName(std::string_view name) {
  ParsedPodName out;
  size_t end = name.size();
  size_t digits = end;
  while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9') --digits;
  // Needs at least one digit and a '-' before them ("(.*)-([0-9]+)$").
  if (digits == end || digits == 0 || name[digits - 1] != '-') return out;
  out.parent = std::string(name.substr(0, digits - 1));
  int32_t value = 0;
  auto res = std::from_chars(name.data() + digits, name.data() + end, value);
  if (res.ec == std::errc() && res.ptr == name.data() + end) out.ordinal = value;
  return out;
}

int PodOrdinal(const Json& pod) { return ParsePodName(MetaName(pod)).ordinal; }

std::string PodName(std::string_view set_name, int ordinal) {
  return std::string(set_name) + "-" + std::to_string(ordinal);
}

std::string ClaimName(std::string_view template_name, std::string_view set_name, int ordinal) {
  return std::string(template_name) + "-" + std::string(set_name) + "-" + std::to_string(ordinal);
}

bool IsMemberOf(const SetView& set, const Json& pod) {
  return ParsePodName(MetaName(pod)).parent == set.name;
}

Json ControllerRef(std::string_view api_version, std::string_view kind, std::string_view name,
                   std::string_view uid) {
  return NewControllerRef(api_version, kind, name, uid);
}

Json SetControllerRef(const SetView& set) {
  return ControllerRef("apps/v1", "StatefulSet", set.name, set.uid);
}

const Json* ControllerOf(const Json& obj) { return GetControllerOf(obj); }

std::string PodPhase(const Json& pod) { return GetString(pod, {"status", "phase"}); }
bool IsCreated(const Json& pod) { return !PodPhase(pod).empty(); }
bool IsTerminating(const Json& pod) { return MetaDeleting(pod); }
bool IsTerminal(const Json& pod) {
  std::string phase = PodPhase(pod);
  return phase == "Failed" || phase == "Succeeded";
}
bool IsPending(const Json& pod) { return PodPhase(pod) == "Pending"; }

const Json* ReadyCondition(const Json& pod) {
  const Json* conditions = Lookup(pod, {"status", "conditions"});
  if (!conditions || !conditions->is_array()) return nullptr;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == "Ready") return &c;
  }
  return nullptr;
}

namespace {
bool IsReady(const Json& pod) {
  const Json* c = ReadyCondition(pod);
  return c && GetString(*c, {"status"}) == "True";
}
}  // namespace

bool IsRunningAndReady(const Json& pod) { return PodPhase(pod) == "Running" && IsReady(pod); }

bool IsAvailable(const Json& pod, int32_t min_ready_seconds, SystemTime now) {
  if (!IsRunningAndReady(pod)) return false;
  if (min_ready_seconds == 0) return true;
  SystemTime since;
  std::string t = GetString(*ReadyCondition(pod), {"lastTransitionTime"});
  if (t.empty() || !ParseTime(t, &since)) return false;
  return since + std::chrono::seconds(min_ready_seconds) < now;
}

bool IsUnavailable(const Json& pod, int32_t min_ready_seconds, SystemTime now) {
  return IsTerminating(pod) || !IsAvailable(pod, min_ready_seconds, now);
}

std::string PodRevision(const Json& pod) {
  return GetString(pod, {"metadata", "labels", kRevisionLabel});
}

std::vector<Json> ClaimsForOrdinal(const SetView& set, int ordinal) {
  std::vector<Json> claims;
  const Json* match_labels = Lookup(set.selector(), {"matchLabels"});
  for (const Json& tmpl : set.claim_templates()) {
    Json claim = tmpl;
    claim.erase("status");
    claim["apiVersion"] = "v1";
    claim["kind"] = "PersistentVolumeClaim";
    Json& meta = Ensure(claim, {"metadata"});
    meta["name"] = ClaimName(MetaName(tmpl), set.name, ordinal);
    meta["namespace"] = set.namespace_;
    if (match_labels && match_labels->is_object() && !match_labels->empty()) {
      Json& labels = Ensure(meta, {"labels"});
      for (const auto& [k, v] : match_labels->items()) labels[k] = v;
    }
    claims.push_back(std::move(claim));
  }
  return claims;
}

void UpdateIdentity(const SetView& set, Json& pod) {
  int ordinal = PodOrdinal(pod);
  Json& meta = Ensure(pod, {"metadata"});
  meta["name"] = PodName(set.name, ordinal);
  meta["namespace"] = set.namespace_;
  Json& labels = Ensure(meta, {"labels"});
  labels[kPodNameLabel] = meta["name"];
  labels[kPodIndexLabel] = std::to_string(ordinal);
}

void UpdateStorage(const SetView& set, Json& pod) {
  int ordinal = PodOrdinal(pod);
  Json volumes = Json::array();
  std::set<std::string> claim_names;
  for (const Json& tmpl : set.claim_templates()) {
    std::string name = MetaName(tmpl);
    claim_names.insert(name);
    volumes.push_back(
        Json{{"name", name},
             {"persistentVolumeClaim",
              {{"claimName", ClaimName(name, set.name, ordinal)}, {"readOnly", false}}}});
  }
  if (const Json* current = Lookup(pod, {"spec", "volumes"}); current && current->is_array()) {
    for (const Json& v : *current) {
      if (!claim_names.count(GetString(v, {"name"}))) volumes.push_back(v);
    }
  }
  Json& spec = Ensure(pod, {"spec"});
  if (volumes.empty()) {
    spec.erase("volumes");
  } else {
    spec["volumes"] = std::move(volumes);
  }
}

Json NewStatefulSetPod(const SetView& set, int ordinal, std::string_view revision_name) {
  const Json& tmpl = set.pod_template();
  Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}};
  Json meta = Json::object();
  for (const char* key : {"labels", "annotations"}) {
    const Json* m = Lookup(tmpl, {"metadata", key});
    if (m && m->is_object() && !m->empty()) meta[key] = *m;
  }
  if (const Json* f = Lookup(tmpl, {"metadata", "finalizers"}); f && f->is_array() && !f->empty()) {
    meta["finalizers"] = *f;
  }
  // controller.GetPodFromTemplate's prefix; set names are DNS labels, so
  // "<name>-" is always a valid generateName.
  meta["generateName"] = set.name + "-";
  meta["ownerReferences"] = Json::array({SetControllerRef(set)});
  meta["name"] = PodName(set.name, ordinal);
  pod["metadata"] = std::move(meta);
  const Json* spec = Lookup(tmpl, {"spec"});
  pod["spec"] = spec && spec->is_object() ? *spec : Json::object();
  UpdateIdentity(set, pod);
  // Immutable on a pod, so set only here, never repaired.
  pod["spec"]["hostname"] = PodName(set.name, ordinal);
  if (set.service_name.empty()) {
    pod["spec"].erase("subdomain");
  } else {
    pod["spec"]["subdomain"] = set.service_name;
  }
  UpdateStorage(set, pod);
  pod["metadata"]["labels"][kRevisionLabel] = std::string(revision_name);
  return pod;
}

bool IdentityMatches(const SetView& set, const Json& pod) {
  std::string name = MetaName(pod);
  ParsedPodName parsed = ParsePodName(name);
  return parsed.ordinal >= 0 && parsed.parent == set.name &&
         name == PodName(set.name, parsed.ordinal) && MetaNamespace(pod) == set.namespace_ &&
         GetString(pod, {"metadata", "labels", kPodNameLabel}) == name;
}

bool StorageMatches(const SetView& set, const Json& pod) {
  int ordinal = PodOrdinal(pod);
  if (ordinal < 0) return false;
  const Json* volumes = Lookup(pod, {"spec", "volumes"});
  for (const Json& tmpl : set.claim_templates()) {
    std::string name = MetaName(tmpl);
    const Json* found = nullptr;
    if (volumes && volumes->is_array()) {
      for (const Json& v : *volumes) {
        if (GetString(v, {"name"}) == name) found = &v;  // last wins, as a Go map would
      }
    }
    if (!found || !Has(*found, {"persistentVolumeClaim"}) ||
        GetString(*found, {"persistentVolumeClaim", "claimName"}) !=
            ClaimName(name, set.name, ordinal)) {
      return false;
    }
  }
  return true;
}

}  // namespace stead::controllers::statefulset

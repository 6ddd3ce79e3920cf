#include "api/validation/pod.h"

#include <climits>
#include <map>
#include <set>

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/pod_spec.h"

namespace stead::api::validation {

const char* const kPodUpdateForbiddenMessage =
    "pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set "
    "to 1 if it was previously negative)";

namespace {

const Json& SpecOf(const Json& pod) {
  static const Json kEmpty = Json::object();
  const Json* spec = Get(pod, "spec");
  return spec ? *spec : kEmpty;
}

bool HasSurroundingSpace(const std::string& s) {
  if (s.empty()) return false;
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  return space(s.front()) || space(s.back());
}

void ValidateContainersOnlyForPod(FieldErrorList& errs, const Json& spec, std::string_view key,
                                  const FieldPath& path) {
  if (const Json* cs = Array(spec, key)) {
    for (size_t i = 0; i < cs->size(); ++i) {
      std::string image = Str((*cs)[i], "image");
      if (HasSurroundingSpace(image)) {
        errs.push_back(InvalidString(path.Index(i).Child("image"), image,
                                     "must not have leading or trailing whitespace"));
      }
    }
  }
}

// validatePodMetadataAndSpec minus ValidateObjectMeta.
void ValidatePodMetadataAndSpec(FieldErrorList& errs, const Json& pod) {
  PodValidationOptions opts;
  opts.resource_is_pod = true;
  const Json& spec = SpecOf(pod);
  FieldPath spec_path("spec");
  ValidatePodSpecificAnnotations(errs, Lookup(pod, {"metadata", "annotations"}), spec,
                                 FieldPath("metadata").Child("annotations"), opts);
  ValidatePodSpec(errs, spec, MetaName(pod), spec_path, opts);
  if (Str(spec, "serviceAccountName").empty()) {
    if (const Json* vols = Array(spec, "volumes")) {
      for (size_t vi = 0; vi < vols->size(); ++vi) {
        const Json* sources = Lookup((*vols)[vi], {"projected", "sources"});
        if (sources == nullptr || !sources->is_array()) continue;
        for (size_t si = 0; si < sources->size(); ++si) {
          if (Get((*sources)[si], "serviceAccountToken")) {
            errs.push_back(
                FieldError::Forbidden(spec_path.Child("volumes")
                                          .Index(vi)
                                          .Child("projected")
                                          .Child("sources")
                                          .Index(si)
                                          .Child("serviceAccountToken"),
                                      "must not be specified when serviceAccountName is not set"));
          }
        }
      }
    }
  }
  ValidateContainersOnlyForPod(errs, spec, "containers", spec_path.Child("containers"));
  ValidateContainersOnlyForPod(errs, spec, "initContainers", spec_path.Child("initContainers"));
}

void ValidateAnnotationUpdates(FieldErrorList& errs, const Json& pod, const Json& old,
                               const FieldPath& path) {
  auto n = MetaAnnotations(pod), o = MetaAnnotations(old);
  const std::string apparmor = "container.apparmor.security.beta.kubernetes.io/";
  const std::string mirror = "kubernetes.io/config.mirror";
  for (const auto& [k, v] : o) {
    auto it = n.find(k);
    if (it != n.end() && it->second == v) continue;
    if (k.rfind(apparmor, 0) == 0) {
      errs.push_back(
          FieldError::Forbidden(path.Key(k), "may not remove or update AppArmor annotations"));
    }
    if (k == mirror) {
      errs.push_back(
          FieldError::Forbidden(path.Key(k), "may not remove or update mirror pod annotation"));
    }
  }
  for (const auto& [k, v] : n) {
    if (o.count(k)) continue;
    if (k.rfind(apparmor, 0) == 0) {
      errs.push_back(FieldError::Forbidden(path.Key(k), "may not add AppArmor annotations"));
    }
    if (k == mirror)
      errs.push_back(FieldError::Forbidden(path.Key(k), "may not add mirror pod annotation"));
  }
}

// ValidateContainerUpdates; returns true when validation must stop.
bool ValidateContainerUpdates(FieldErrorList& errs, const Json& spec, const Json& old_spec,
                              std::string_view key, const FieldPath& path) {
  if (Len(spec, key) != Len(old_spec, key)) {
    errs.push_back(FieldError::Forbidden(path, "pod updates may not add or remove containers"));
    return true;
  }
  if (const Json* cs = Array(spec, key)) {
    for (size_t i = 0; i < cs->size(); ++i) {
      std::string image = Str((*cs)[i], "image");
      if (image.empty()) errs.push_back(FieldError::Required(path.Index(i).Child("image")));
      if (HasSurroundingSpace(image)) {
        errs.push_back(InvalidString(path.Index(i).Child("image"), image,
                                     "must not have leading or trailing whitespace"));
      }
    }
  }
  return false;
}

void ValidateOnlyAddedTolerations(FieldErrorList& errs, const Json& spec, const Json& old_spec,
                                  const FieldPath& path) {
  const Json* old_tols = Array(old_spec, "tolerations");
  const Json* new_tols = Array(spec, "tolerations");
  if (old_tols) {
    for (const Json& o : *old_tols) {
      bool found = false;
      if (new_tols) {
        for (const Json& n : *new_tols) {
          Json a = o, b = n;
          // tolerationSeconds may change.
          a.erase("tolerationSeconds");
          b.erase("tolerationSeconds");
          if (SemanticEqual(&a, &b)) {
            found = true;
            break;
          }
        }
      }
      if (!found) {
        errs.push_back(FieldError::Forbidden(
            path, "existing toleration can not be modified except its tolerationSeconds"));
        return;
      }
    }
  }
  ValidateTolerations(errs, Get(spec, "tolerations"), path);
}

void ValidateOnlyDeletedSchedulingGates(FieldErrorList& errs, const Json& spec,
                                        const Json& old_spec, const FieldPath& path) {
  const Json* gates = Array(spec, "schedulingGates");
  if (gates == nullptr) return;
  std::set<std::string> old_names;
  if (const Json* og = Array(old_spec, "schedulingGates")) {
    for (const Json& g : *og) old_names.insert(Str(g, "name"));
  }
  // Upstream iterates a map here, so the order is unspecified; ours is by name.
  std::map<std::string, size_t> added;
  for (size_t i = 0; i < gates->size(); ++i) {
    std::string name = Str((*gates)[i], "name");
    if (!old_names.count(name)) added[name] = i;
  }
  for (const auto& [name, i] : added) {
    errs.push_back(FieldError::Forbidden(
        path.Index(i).Child("name"),
        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
  }
}

void ValidateStateTransitions(FieldErrorList& errs, const Json* statuses, const Json* old_statuses,
                              const std::string& restart_policy,
                              const std::set<std::string>& restartable, const FieldPath& path) {
  if (restart_policy == "Always" || old_statuses == nullptr || !old_statuses->is_array()) return;
  for (size_t i = 0; i < old_statuses->size(); ++i) {
    const Json& o = (*old_statuses)[i];
    const Json* term = Lookup(o, {"state", "terminated"});
    if (term == nullptr || term->is_null()) continue;
    if (Int(*term, "exitCode") != 0 && restart_policy == "OnFailure") continue;
    if (restartable.count(Str(o, "name"))) continue;
    if (statuses == nullptr || !statuses->is_array()) continue;
    for (const Json& n : *statuses) {
      const Json* nt = Lookup(n, {"state", "terminated"});
      if (Str(n, "name") == Str(o, "name") && (nt == nullptr || nt->is_null())) {
        errs.push_back(FieldError::Forbidden(path.Index(i).Child("state"),
                                             "may not be transitioned to non-terminated state"));
      }
    }
  }
}

void ValidateIPList(FieldErrorList& errs, const Json* ips, const FieldPath& path) {
  if (ips == nullptr || !ips->is_array()) return;
  bool v4 = false, v6 = false, bad = false;
  std::set<std::string> seen;
  for (size_t i = 0; i < ips->size(); ++i) {
    std::string ip = Str((*ips)[i], "ip");
    bool is_v6 = false;
    if (!ParseIP(ip, &is_v6)) {
      errs.push_back(InvalidString(
          path.Index(i), ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      bad = true;
    } else {
      (is_v6 ? v6 : v4) = true;
    }
  }
  if (ips->size() > 1) {
    if (bad || !(v4 && v6) || ips->size() > 2) {
      std::string rendered = "[]core.PodIP{";
      for (size_t i = 0; i < ips->size(); ++i) {
        rendered +=
            (i ? ", " : "") + std::string("core.PodIP{IP:") + GoQuote(Str((*ips)[i], "ip")) + "}";
      }
      rendered += "}";
      if (!bad) {
        errs.push_back(FieldError::InvalidRaw(
            path, rendered, "may specify no more than one IP for each IP family"));
      }
    }
    for (size_t i = 0; i < ips->size(); ++i) {
      std::string ip = Str((*ips)[i], "ip");
      if (!seen.insert(ip).second) {
        errs.push_back(FieldError{FieldErrorType::kDuplicate, path.Index(i).str(),
                                  "core.PodIP{IP:" + GoQuote(ip) + "}", ""});
      }
    }
  }
}

}  // namespace

void ValidatePodCreate(FieldErrorList& errs, const Json& pod) {
  ValidatePodMetadataAndSpec(errs, pod);
  const Json& spec = SpecOf(pod);
  FieldPath spec_path("spec");
  if (Len(spec, "ephemeralContainers") > 0) {
    errs.push_back(
        FieldError::Forbidden(spec_path.Child("ephemeralContainers"), "cannot be set on create"));
  }
  if (!Str(spec, "nodeName").empty() && Len(spec, "schedulingGates") > 0) {
    errs.push_back(FieldError::Forbidden(
        spec_path.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
  }
}

void ValidatePodUpdate(FieldErrorList& errs, const Json& pod, const Json& old) {
  ValidatePodMetadataAndSpec(errs, pod);
  ValidateAnnotationUpdates(errs, pod, old, FieldPath("metadata").Child("annotations"));
  const Json& spec = SpecOf(pod);
  const Json& old_spec = SpecOf(old);
  FieldPath spec_path("spec");
  if (ValidateContainerUpdates(errs, spec, old_spec, "containers", spec_path.Child("containers"))) {
    return;
  }
  if (ValidateContainerUpdates(errs, spec, old_spec, "initContainers",
                               spec_path.Child("initContainers"))) {
    return;
  }
  const Json* new_ads = Get(spec, "activeDeadlineSeconds");
  const Json* old_ads = Get(old_spec, "activeDeadlineSeconds");
  FieldPath ads_path = spec_path.Child("activeDeadlineSeconds");
  if (new_ads) {
    int64_t v = new_ads->is_number() ? new_ads->get<int64_t>() : 0;
    if (v < 0 || v > INT32_MAX) {
      errs.push_back(FieldError::Invalid(ads_path, v, InclusiveRangeError(0, INT32_MAX)));
      return;
    }
    if (old_ads && old_ads->is_number() && old_ads->get<int64_t>() < v) {
      errs.push_back(
          FieldError::Invalid(ads_path, v, "must be less than or equal to previous value"));
      return;
    }
  } else if (old_ads) {
    errs.push_back(FieldError::InvalidRaw(ads_path, "null",
                                          "must not update from a positive integer to nil value"));
  }
  ValidateOnlyAddedTolerations(errs, spec, old_spec, spec_path.Child("tolerations"));
  ValidateOnlyDeletedSchedulingGates(errs, spec, old_spec, spec_path.Child("schedulingGates"));
  if (SemanticEqual(&spec, &old_spec)) return;

  Json munged = spec;
  for (const char* key : {"containers", "initContainers"}) {
    if (Json* cs = LookupMutable(munged, {key}); cs && cs->is_array()) {
      const Json* ocs = Get(old_spec, key);
      for (size_t i = 0; i < cs->size() && ocs && i < ocs->size(); ++i) {
        if (const Json* image = Get((*ocs)[i], "image")) {
          (*cs)[i]["image"] = *image;
        } else {
          (*cs)[i].erase("image");
        }
      }
    }
  }
  for (const char* key : {"activeDeadlineSeconds", "schedulingGates", "tolerations"}) {
    if (const Json* v = Get(old_spec, key)) {
      munged[key] = *v;
    } else {
      munged.erase(key);
    }
  }
  const Json* old_grace = Get(old_spec, "terminationGracePeriodSeconds");
  const Json* new_grace = Get(munged, "terminationGracePeriodSeconds");
  if (old_grace && old_grace->is_number() && old_grace->get<int64_t>() < 0 && new_grace &&
      new_grace->is_number() && new_grace->get<int64_t>() == 1) {
    munged["terminationGracePeriodSeconds"] = *old_grace;
  }
  // Gated pods may add nodeSelector entries.
  if (Len(old_spec, "schedulingGates") > 0) {
    auto old_sel = StringMap(Get(old_spec, "nodeSelector"));
    auto new_sel = StringMap(Get(munged, "nodeSelector"));
    if (old_sel != new_sel) {
      for (const auto& [k, v] : old_sel) {
        auto it = new_sel.find(k);
        if (it == new_sel.end() || it->second != v) {
          errs.push_back(InvalidString(spec_path.Child("nodeSelector").Key(k),
                                       it == new_sel.end() ? "" : it->second,
                                       "only additions to nodeSelector are allowed"));
        }
      }
      if (const Json* ns = Get(old_spec, "nodeSelector")) {
        munged["nodeSelector"] = *ns;
      } else {
        munged.erase("nodeSelector");
      }
    }
  }
  if (!SemanticEqual(&munged, &old_spec)) {
    errs.push_back(
        FieldError::Forbidden(spec_path, std::string(kPodUpdateForbiddenMessage) + "\n" +
                                             SpecDiff("core.PodSpec", old_spec, munged)));
  }
}

void ValidatePodStatusUpdate(FieldErrorList& errs, const Json& pod, const Json& old) {
  FieldPath meta("metadata");
  ValidateAnnotationUpdates(errs, pod, old, meta.Child("annotations"));
  PodValidationOptions opts;
  opts.resource_is_pod = true;
  ValidatePodSpecificAnnotations(errs, Lookup(pod, {"metadata", "annotations"}), SpecOf(pod),
                                 meta.Child("annotations"), opts);
  if (const Json* conds = Lookup(pod, {"status", "conditions"}); conds && conds->is_array()) {
    for (size_t i = 0; i < conds->size(); ++i) {
      std::string type = Str((*conds)[i], "type");
      if (type == "PodScheduled" || type == "Ready" || type == "Initialized") continue;
      // Upstream reports these under metadata.conditions.
      ValidateQualifiedName(errs, type, meta.Child("conditions").Index(i).Child("Type"));
    }
  }
  FieldPath status("status");
  if (GetString(pod, {"spec", "nodeName"}) != GetString(old, {"spec", "nodeName"})) {
    errs.push_back(FieldError::Forbidden(status.Child("nodeName"), "may not be changed directly"));
  }
  std::string nominated = GetString(pod, {"status", "nominatedNodeName"});
  if (nominated != GetString(old, {"status", "nominatedNodeName"}) && !nominated.empty()) {
    AppendInvalid(errs, status.Child("nominatedNodeName"), nominated,
                  NameIsDNSSubdomain(nominated, false));
  }
  std::string qos = GetString(pod, {"status", "qosClass"});
  if (qos != GetString(old, {"status", "qosClass"})) {
    errs.push_back(
        InvalidString(status.Child("qosClass"), qos, std::string(kFieldImmutableErrorMsg)));
  }
  std::string restart = GetString(old, {"spec", "restartPolicy"});
  std::set<std::string> restartable;
  if (const Json* inits = Lookup(old, {"spec", "initContainers"}); inits && inits->is_array()) {
    for (const Json& c : *inits) {
      if (Str(c, "restartPolicy") == "Always") restartable.insert(Str(c, "name"));
    }
  }
  ValidateStateTransitions(errs, Lookup(pod, {"status", "containerStatuses"}),
                           Lookup(old, {"status", "containerStatuses"}), restart, {},
                           status.Child("containerStatuses"));
  ValidateStateTransitions(errs, Lookup(pod, {"status", "initContainerStatuses"}),
                           Lookup(old, {"status", "initContainerStatuses"}), restart, restartable,
                           status.Child("initContainerStatuses"));
  ValidateStateTransitions(errs, Lookup(pod, {"status", "ephemeralContainerStatuses"}),
                           Lookup(old, {"status", "ephemeralContainerStatuses"}), "Never", {},
                           status.Child("ephemeralContainerStatuses"));
  ValidateIPList(errs, Lookup(pod, {"status", "podIPs"}), status.Child("podIPs"));
  if (const Json* host_ips = Lookup(pod, {"status", "hostIPs"});
      host_ips && host_ips->is_array() && !host_ips->empty()) {
    std::string first = Str((*host_ips)[0], "ip");
    if (GetString(pod, {"status", "hostIP"}) != first) {
      errs.push_back(InvalidString(status.Child("hostIPs").Index(0).Child("ip"), first,
                                   "must be equal to `hostIP`"));
    }
    ValidateIPList(errs, host_ips, status.Child("hostIPs"));
  }
}

}  // namespace stead::api::validation

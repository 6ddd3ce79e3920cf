#include "api/validation/pod_spec.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <vector>

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/persistent_volume.h"
#include "api/validation/resources.h"
#include "api/validation/volumes.h"

namespace stead::api::validation {
namespace {

using VolumeMap = std::map<std::string, const Json*>;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A string enum: Required when empty, NotSupported when not in `allowed`.
void ValidateEnum(FieldErrorList& errs, const Json& obj, std::string_view key,
                  const std::vector<std::string>& allowed, const FieldPath& path) {
  std::string v = Str(obj, key);
  if (v.empty()) {
    errs.push_back(FieldError::Required(path));
  } else if (!Contains(allowed, v)) {
    errs.push_back(FieldError::NotSupported(path, v, allowed));
  }
}

void ValidatePortNumOrName(FieldErrorList& errs, const Json* port, const FieldPath& path) {
  if (port != nullptr && port->is_string()) {
    std::string name = port->get<std::string>();
    AppendInvalid(errs, path, name, IsValidPortName(name));
    return;
  }
  int64_t n = port != nullptr && port->is_number() ? port->get<int64_t>() : 0;
  for (const auto& msg : IsValidPortNum(n)) errs.push_back(FieldError::Invalid(path, n, msg));
}

// ---------------------------------------------------------------------------
// Handlers, probes, lifecycle.

void ValidateHandler(FieldErrorList& errs, const Json& handler, bool allow_sleep,
                     const Json* grace_period, const FieldPath& path) {
  int num = 0;
  auto claim = [&](const char* key) {
    if (Get(handler, key) == nullptr) return false;
    if (num > 0) {
      errs.push_back(
          FieldError::Forbidden(path.Child(key), "may not specify more than 1 handler type"));
      return false;
    }
    ++num;
    return true;
  };
  if (claim("exec")) {
    if (Len(*Get(handler, "exec"), "command") == 0) {
      errs.push_back(FieldError::Required(path.Child("exec").Child("command")));
    }
  }
  if (claim("httpGet")) {
    const Json& http = *Get(handler, "httpGet");
    FieldPath p = path.Child("httpGet");
    if (Str(http, "path").empty()) errs.push_back(FieldError::Required(p.Child("path")));
    ValidatePortNumOrName(errs, Get(http, "port"), p.Child("port"));
    std::string scheme = Str(http, "scheme");
    if (scheme != "HTTP" && scheme != "HTTPS") {
      errs.push_back(FieldError::NotSupported(p.Child("scheme"), scheme, {"HTTP", "HTTPS"}));
    }
    if (const Json* headers = Array(http, "httpHeaders")) {
      for (const Json& h : *headers) {
        std::string name = Str(h, "name");
        AppendInvalid(errs, p.Child("httpHeaders"), name, IsHTTPHeaderName(name));
      }
    }
  }
  if (claim("tcpSocket")) {
    ValidatePortNumOrName(errs, Get(*Get(handler, "tcpSocket"), "port"),
                          path.Child("tcpSocket").Child("port"));
  }
  if (claim("grpc")) {
    int64_t port = Int(*Get(handler, "grpc"), "port");
    for (const auto& msg : IsValidPortNum(port)) {
      errs.push_back(FieldError::Invalid(path.Child("grpc").Child("port"), port, msg));
    }
  }
  if (allow_sleep && claim("sleep")) {
    int64_t seconds = Int(*Get(handler, "sleep"), "seconds");
    if (grace_period != nullptr && grace_period->is_number()) {
      int64_t grace = grace_period->get<int64_t>();
      if (seconds <= 0 || seconds > grace) {
        errs.push_back(FieldError::Invalid(
            path.Child("sleep"), seconds,
            "must be greater than 0 and less than terminationGracePeriodSeconds (" +
                std::to_string(grace) +
                "). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."));
      }
    }
  }
  if (num == 0) errs.push_back(FieldError::Required(path, "must specify a handler type"));
}

enum class ProbeKind { kLiveness, kReadiness, kStartup };

void ValidateProbe(FieldErrorList& errs, const Json* probe, ProbeKind kind,
                   const Json* grace_period, const FieldPath& path) {
  if (probe == nullptr) return;
  ValidateHandler(errs, *probe, false, grace_period, path);
  for (const char* f : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                        "successThreshold", "failureThreshold"}) {
    ValidateNonnegativeField(errs, Int(*probe, f), path.Child(f));
  }
  if (const Json* tgps = Get(*probe, "terminationGracePeriodSeconds")) {
    if (tgps->is_number() && tgps->get<int64_t>() <= 0) {
      errs.push_back(FieldError::Invalid(path.Child("terminationGracePeriodSeconds"),
                                         tgps->get<int64_t>(), "must be greater than 0"));
    }
  }
  if (kind != ProbeKind::kReadiness && Int(*probe, "successThreshold") != 1) {
    errs.push_back(FieldError::Invalid(path.Child("successThreshold"),
                                       Int(*probe, "successThreshold"), "must be 1"));
  }
  if (kind == ProbeKind::kReadiness) {
    if (const Json* tgps = Get(*probe, "terminationGracePeriodSeconds")) {
      errs.push_back(FieldError::Invalid(path.Child("terminationGracePeriodSeconds"), *tgps,
                                         "must not be set for readinessProbes"));
    }
  }
}

void ValidateLifecycleAndProbes(FieldErrorList& errs, const Json& ctr, const Json* grace,
                                const FieldPath& path) {
  if (const Json* lifecycle = Get(ctr, "lifecycle")) {
    for (const char* hook : {"postStart", "preStop"}) {
      if (const Json* h = Get(*lifecycle, hook)) {
        ValidateHandler(errs, *h, true, grace, path.Child("lifecycle").Child(hook));
      }
    }
  }
  ValidateProbe(errs, Get(ctr, "livenessProbe"), ProbeKind::kLiveness, grace,
                path.Child("livenessProbe"));
  ValidateProbe(errs, Get(ctr, "readinessProbe"), ProbeKind::kReadiness, grace,
                path.Child("readinessProbe"));
  ValidateProbe(errs, Get(ctr, "startupProbe"), ProbeKind::kStartup, grace,
                path.Child("startupProbe"));
}

// ---------------------------------------------------------------------------
// Env, ports, mounts.

void ValidateEnvVarName(FieldErrorList& errs, std::string_view name, const FieldPath& path,
                        const PodValidationOptions& opts) {
  AppendInvalid(errs, path, name,
                opts.allow_relaxed_env_var_names ? IsRelaxedEnvVarName(name) : IsEnvVarName(name));
}

void ValidateKeySelector(FieldErrorList& errs, const Json& sel, const FieldPath& path) {
  std::string name = Str(sel, "name");
  AppendInvalid(errs, path.Child("name"), name, NameIsDNSSubdomain(name, false));
  std::string key = Str(sel, "key");
  if (key.empty()) {
    errs.push_back(FieldError::Required(path.Child("key")));
  } else {
    AppendInvalid(errs, path.Child("key"), key, IsConfigMapKey(key));
  }
}

void ValidateEnv(FieldErrorList& errs, const Json* env, const FieldPath& path,
                 const PodValidationOptions& opts) {
  if (env == nullptr || !env->is_array()) return;
  for (size_t i = 0; i < env->size(); ++i) {
    const Json& ev = (*env)[i];
    FieldPath idx = path.Index(i);
    std::string name = Str(ev, "name");
    if (name.empty()) {
      errs.push_back(FieldError::Required(idx.Child("name")));
    } else {
      ValidateEnvVarName(errs, name, idx.Child("name"), opts);
    }
    const Json* from = Get(ev, "valueFrom");
    if (from == nullptr) continue;
    FieldPath fp = idx.Child("valueFrom");
    int num = 0;
    if (const Json* f = Get(*from, "fieldRef")) {
      ++num;
      ValidateObjectFieldSelector(errs, *f, true, fp.Child("fieldRef"));
    }
    if (const Json* f = Get(*from, "resourceFieldRef")) {
      ++num;
      ValidateResourceFieldSelector(errs, *f, false, fp.Child("resourceFieldRef"));
    }
    if (const Json* f = Get(*from, "configMapKeyRef")) {
      ++num;
      ValidateKeySelector(errs, *f, fp.Child("configMapKeyRef"));
    }
    if (const Json* f = Get(*from, "secretKeyRef")) {
      ++num;
      ValidateKeySelector(errs, *f, fp.Child("secretKeyRef"));
    }
    if (num == 0) {
      errs.push_back(
          InvalidString(fp, "",
                        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
                        "`secretKeyRef`"));
    } else if (!Str(ev, "value").empty()) {
      errs.push_back(InvalidString(fp, "", "may not be specified when `value` is not empty"));
    } else if (num > 1) {
      errs.push_back(InvalidString(fp, "", "may not have more than one field specified at a time"));
    }
  }
}

void ValidateEnvFrom(FieldErrorList& errs, const Json* env_from, const FieldPath& path,
                     const PodValidationOptions& opts) {
  if (env_from == nullptr || !env_from->is_array()) return;
  for (size_t i = 0; i < env_from->size(); ++i) {
    const Json& ev = (*env_from)[i];
    FieldPath idx = path.Index(i);
    std::string prefix = Str(ev, "prefix");
    if (!prefix.empty()) ValidateEnvVarName(errs, prefix, idx.Child("prefix"), opts);
    int num = 0;
    for (const char* kind : {"configMapRef", "secretRef"}) {
      const Json* ref = Get(ev, kind);
      if (ref == nullptr) continue;
      ++num;
      std::string name = Str(*ref, "name");
      if (name.empty()) {
        errs.push_back(FieldError::Required(idx.Child(kind).Child("name")));
      } else {
        AppendInvalid(errs, idx.Child(kind).Child("name"), name, NameIsDNSSubdomain(name, true));
      }
    }
    if (num == 0) {
      errs.push_back(InvalidString(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    } else if (num > 1) {
      errs.push_back(
          InvalidString(path, "", "may not have more than one field specified at a time"));
    }
  }
}

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

void ValidateContainerPorts(FieldErrorList& errs, const Json* ports, const FieldPath& path) {
  if (ports == nullptr || !ports->is_array()) return;
  std::set<std::string> names;
  for (size_t i = 0; i < ports->size(); ++i) {
    const Json& port = (*ports)[i];
    FieldPath idx = path.Index(i);
    std::string name = Str(port, "name");
    if (!name.empty()) {
      Problems msgs = IsValidPortName(name);
      if (!msgs.empty()) {
        AppendInvalid(errs, idx.Child("name"), name, msgs);
      } else if (!names.insert(name).second) {
        errs.push_back(FieldError::Duplicate(idx.Child("name"), name));
      }
    }
    int64_t cp = Int(port, "containerPort");
    if (cp == 0) {
      errs.push_back(FieldError::Required(idx.Child("containerPort")));
    } else {
      for (const auto& msg : IsValidPortNum(cp)) {
        errs.push_back(FieldError::Invalid(idx.Child("containerPort"), cp, msg));
      }
    }
    int64_t hp = Int(port, "hostPort");
    if (hp != 0) {
      for (const auto& msg : IsValidPortNum(hp)) {
        errs.push_back(FieldError::Invalid(idx.Child("hostPort"), hp, msg));
      }
    }
    std::string protocol = Str(port, "protocol");
    if (protocol.empty()) {
      errs.push_back(FieldError::Required(idx.Child("protocol")));
    } else if (!Contains(kProtocols, protocol)) {
      errs.push_back(FieldError::NotSupported(idx.Child("protocol"), protocol, kProtocols));
    }
  }
}

// AccumulateUniqueHostPorts over `containers` (all reported under `path`).
void CheckHostPortConflicts(FieldErrorList& errs, const std::vector<const Json*>& containers,
                            const FieldPath& path) {
  std::set<std::string> seen;
  for (size_t ci = 0; ci < containers.size(); ++ci) {
    const Json* ports = Array(*containers[ci], "ports");
    if (ports == nullptr) continue;
    for (size_t pi = 0; pi < ports->size(); ++pi) {
      const Json& port = (*ports)[pi];
      int64_t hp = Int(port, "hostPort");
      if (hp == 0) continue;
      std::string key =
          Str(port, "protocol") + "/" + Str(port, "hostIP") + "/" + std::to_string(hp);
      if (!seen.insert(key).second) {
        errs.push_back(
            FieldError::Duplicate(path.Index(ci).Child("ports").Index(pi).Child("hostPort"), key));
      }
    }
  }
}

bool Privileged(const Json& ctr) { return GetBool(ctr, {"securityContext", "privileged"}); }

void ValidateVolumeMounts(FieldErrorList& errs, const Json& ctr, const VolumeMap& volumes,
                          const FieldPath& path) {
  const Json* mounts = Array(ctr, "volumeMounts");
  if (mounts == nullptr) return;
  std::map<std::string, std::string> devices;
  if (const Json* devs = Array(ctr, "volumeDevices")) {
    for (const Json& d : *devs) devices[Str(d, "name")] = Str(d, "devicePath");
  }
  std::set<std::string> mount_points;
  for (size_t i = 0; i < mounts->size(); ++i) {
    const Json& m = (*mounts)[i];
    FieldPath idx = path.Index(i);
    std::string name = Str(m, "name"), mount_path = Str(m, "mountPath");
    if (name.empty()) errs.push_back(FieldError::Required(idx.Child("name")));
    if (!volumes.count(name)) errs.push_back(FieldError::NotFound(idx.Child("name"), name));
    if (mount_path.empty()) errs.push_back(FieldError::Required(idx.Child("mountPath")));
    if (!mount_points.insert(mount_path).second) {
      errs.push_back(InvalidString(idx.Child("mountPath"), mount_path, "must be unique"));
    }
    if (devices.count(name)) {
      errs.push_back(
          InvalidString(idx.Child("name"), name, "must not already exist in volumeDevices"));
    }
    for (const auto& [dn, dp] : devices) {
      if (dp == mount_path) {
        errs.push_back(InvalidString(idx.Child("mountPath"), mount_path,
                                     "must not already exist as a path in volumeDevices"));
        break;
      }
    }
    std::string sub_path = Str(m, "subPath"), sub_path_expr = Str(m, "subPathExpr");
    // Upstream reports subPath problems at the list path, not the item.
    if (!sub_path.empty()) ValidateLocalDescendingPath(errs, sub_path, path.Child("subPath"));
    if (!sub_path_expr.empty()) {
      if (!sub_path.empty()) {
        errs.push_back(InvalidString(idx.Child("subPathExpr"), sub_path_expr,
                                     "subPathExpr and subPath are mutually exclusive"));
      }
      ValidateLocalDescendingPath(errs, sub_path_expr, path.Child("subPathExpr"));
    }
    std::string propagation = Str(m, "mountPropagation");
    if (Get(m, "mountPropagation") != nullptr) {
      static const std::vector<std::string> kModes = {"Bidirectional", "HostToContainer", "None"};
      if (!Contains(kModes, propagation)) {
        errs.push_back(
            FieldError::NotSupported(path.Child("mountPropagation"), propagation, kModes));
      }
      if (propagation == "Bidirectional" && !Privileged(ctr)) {
        errs.push_back(FieldError::Forbidden(
            path.Child("mountPropagation"),
            "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
    if (const Json* rro = Get(m, "recursiveReadOnly")) {
      std::string v = rro->is_string() ? rro->get<std::string>() : "";
      FieldPath rp = path.Child("recursiveReadOnly");
      if (v == "Enabled" || v == "IfPossible") {
        if (!Bool(m, "readOnly")) {
          errs.push_back(FieldError::Forbidden(rp, "may only be specified when readOnly is true"));
        }
        if (!propagation.empty() && propagation != "None") {
          errs.push_back(FieldError::Forbidden(
              rp, "may only be specified when mountPropagation is None or not specified"));
        }
      } else if (v != "Disabled") {
        errs.push_back(FieldError::NotSupported(rp, v, {"Disabled", "Enabled", "IfPossible"}));
      }
    }
  }
}

void ValidateVolumeDevices(FieldErrorList& errs, const Json& ctr, const VolumeMap& volumes,
                           const FieldPath& path) {
  const Json* devices = Array(ctr, "volumeDevices");
  if (devices == nullptr) return;
  std::map<std::string, std::string> mounts;
  if (const Json* ms = Array(ctr, "volumeMounts")) {
    for (const Json& m : *ms) mounts[Str(m, "name")] = Str(m, "mountPath");
  }
  std::set<std::string> paths, names;
  for (size_t i = 0; i < devices->size(); ++i) {
    const Json& d = (*devices)[i];
    FieldPath idx = path.Index(i);
    std::string name = Str(d, "name"), dev_path = Str(d, "devicePath");
    auto vol = volumes.find(name);
    bool matched = vol != volumes.end();
    bool is_pvc = matched && (Get(*vol->second, "persistentVolumeClaim") != nullptr ||
                              Get(*vol->second, "ephemeral") != nullptr);
    if (name.empty()) errs.push_back(FieldError::Required(idx.Child("name")));
    if (names.count(name)) errs.push_back(InvalidString(idx.Child("name"), name, "must be unique"));
    if (matched && !is_pvc) {
      errs.push_back(InvalidString(idx.Child("name"), name,
                                   "can only use volume source type of PersistentVolumeClaim or "
                                   "Ephemeral for block mode"));
    }
    if (!matched) errs.push_back(FieldError::NotFound(idx.Child("name"), name));
    if (dev_path.empty()) errs.push_back(FieldError::Required(idx.Child("devicePath")));
    if (paths.count(dev_path)) {
      errs.push_back(InvalidString(idx.Child("devicePath"), dev_path, "must be unique"));
    }
    FieldErrorList backsteps;
    ValidatePathNoBacksteps(backsteps, dev_path, path.Child("devicePath"));
    if (!dev_path.empty() && !backsteps.empty()) {
      errs.push_back(
          InvalidString(idx.Child("devicePath"), dev_path, "can not contain backsteps ('..')"));
    } else {
      paths.insert(dev_path);
    }
    if (mounts.count(name)) {
      errs.push_back(
          InvalidString(idx.Child("name"), name, "must not already exist in volumeMounts"));
    }
    for (const auto& [mn, mp] : mounts) {
      if (mp == dev_path) {
        errs.push_back(InvalidString(idx.Child("devicePath"), dev_path,
                                     "must not already exist as a path in volumeMounts"));
        break;
      }
    }
    if (!name.empty()) names.insert(name);
  }
}

// ---------------------------------------------------------------------------
// Security contexts.

void ValidateSeccompProfileField(FieldErrorList& errs, const Json* sp, const FieldPath& path) {
  if (sp == nullptr) return;
  std::string type = Str(*sp, "type");
  if (type.empty()) {
    errs.push_back(
        FieldError::Required(path.Child("type"), "type is required when seccompProfile is set"));
  } else if (type != "Localhost" && type != "RuntimeDefault" && type != "Unconfined") {
    errs.push_back(FieldError::NotSupported(path.Child("type"), type,
                                            {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
  const Json* local = Get(*sp, "localhostProfile");
  if (type == "Localhost") {
    if (local == nullptr) {
      errs.push_back(FieldError::Required(path.Child("localhostProfile"),
                                          "must be set when seccomp type is Localhost"));
    } else {
      ValidateLocalDescendingPath(errs, Str(*sp, "localhostProfile"),
                                  path.Child("localhostProfile"));
    }
  } else if (local != nullptr) {
    errs.push_back(FieldError::InvalidRaw(path.Child("localhostProfile"),
                                          "core.SeccompProfile{Type:" + GoQuote(type) +
                                              ", LocalhostProfile:" + GoPointer("string", local) +
                                              "}",
                                          "can only be set when seccomp type is Localhost"));
  }
}

void ValidateAppArmorProfileField(FieldErrorList& errs, const Json* profile,
                                  const FieldPath& path) {
  if (profile == nullptr) return;
  std::string type = Str(*profile, "type");
  const Json* local = Get(*profile, "localhostProfile");
  if (type == "Localhost") {
    if (local == nullptr) {
      errs.push_back(FieldError::Required(path.Child("localhostProfile"),
                                          "must be set when AppArmor type is Localhost"));
    } else {
      std::string lp = Str(*profile, "localhostProfile");
      size_t b = lp.find_first_not_of(" \t\n\r\v\f");
      size_t e = lp.find_last_not_of(" \t\n\r\v\f");
      std::string trimmed = b == std::string::npos ? "" : lp.substr(b, e - b + 1);
      if (trimmed != lp) {
        errs.push_back(InvalidString(path.Child("localhostProfile"), lp,
                                     "must not be padded with whitespace"));
      } else if (trimmed.empty()) {
        errs.push_back(FieldError::Required(path.Child("localhostProfile"),
                                            "must be set when AppArmor type is Localhost"));
      }
      if (lp.size() > 4095)
        errs.push_back(FieldError::TooLong(path.Child("localhostProfile"), 4095));
    }
  } else if (type == "RuntimeDefault" || type == "Unconfined") {
    if (local != nullptr) {
      errs.push_back(FieldError::Invalid(path.Child("localhostProfile"), *local,
                                         "can only be set when AppArmor type is Localhost"));
    }
  } else if (type.empty()) {
    errs.push_back(
        FieldError::Required(path.Child("type"), "type is required when appArmorProfile is set"));
  } else {
    errs.push_back(FieldError::NotSupported(path.Child("type"), type,
                                            {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
}

void ValidateContainerSecurityContext(FieldErrorList& errs, const Json* sc, bool host_users,
                                      const FieldPath& path) {
  if (sc == nullptr) return;
  if (const Json* uid = Get(*sc, "runAsUser")) {
    for (const auto& msg : IsValidUserID(uid->get<int64_t>())) {
      errs.push_back(FieldError::Invalid(path.Child("runAsUser"), *uid, msg));
    }
  }
  if (const Json* gid = Get(*sc, "runAsGroup")) {
    for (const auto& msg : IsValidGroupID(gid->get<int64_t>())) {
      errs.push_back(FieldError::Invalid(path.Child("runAsGroup"), *gid, msg));
    }
  }
  if (const Json* pm = Get(*sc, "procMount")) {
    std::string v = pm->is_string() ? pm->get<std::string>() : "";
    if (v != "Default" && v != "Unmasked") {
      errs.push_back(FieldError::NotSupported(path.Child("procMount"), v, {"Default", "Unmasked"}));
    }
    if (host_users && v == "Unmasked") {
      errs.push_back(
          InvalidString(path.Child("procMount"), v, "`hostUsers` must be false to use `Unmasked`"));
    }
  }
  ValidateSeccompProfileField(errs, Get(*sc, "seccompProfile"), path.Child("seccompProfile"));
  const Json* ape = Get(*sc, "allowPrivilegeEscalation");
  if (ape != nullptr && ape->is_boolean() && !ape->get<bool>()) {
    std::string rendered = "core.SecurityContext{...}";
    if (Bool(*sc, "privileged")) {
      errs.push_back(FieldError::InvalidRaw(
          path, rendered,
          "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    if (const Json* add = Lookup(*sc, {"capabilities", "add"}); add && add->is_array()) {
      for (const Json& cap : *add) {
        if (cap.is_string() && cap.get<std::string>() == "CAP_SYS_ADMIN") {
          errs.push_back(FieldError::InvalidRaw(path, rendered,
                                                "cannot set `allowPrivilegeEscalation` to false "
                                                "and `capabilities.Add` CAP_SYS_ADMIN"));
        }
      }
    }
  }
  ValidateAppArmorProfileField(errs, Get(*sc, "appArmorProfile"), path.Child("appArmorProfile"));
}

bool IsValidSysctlName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  // Segments of [a-z0-9]([-_a-z0-9]*[a-z0-9])? separated by '.' or '/'.
  size_t start = 0;
  while (true) {
    size_t sep = name.find_first_of("./", start);
    std::string_view seg =
        name.substr(start, sep == std::string_view::npos ? name.npos : sep - start);
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (seg.empty() || !alnum(seg.front()) || !alnum(seg.back())) return false;
    for (char c : seg) {
      if (!alnum(c) && c != '-' && c != '_') return false;
    }
    if (sep == std::string_view::npos) return true;
    start = sep + 1;
  }
}

bool IsIPCSysctl(std::string_view name) {
  static const std::set<std::string, std::less<>> kIPC = {
      "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"};
  return kIPC.count(name) > 0 || name.substr(0, 10) == "kernel.msg" ||
         name.substr(0, 10) == "fs.mqueue.";
}

void ValidatePodSecurityContext(FieldErrorList& errs, const Json& spec, const FieldPath& path,
                                const PodValidationOptions& opts) {
  const Json* sc = Get(spec, "securityContext");
  if (sc == nullptr) return;
  for (const char* f : {"fsGroup", "runAsUser", "runAsGroup"}) {
    const Json* v = Get(*sc, f);
    if (v == nullptr || !v->is_number()) continue;
    Problems msgs = std::string_view(f) == "runAsUser" ? IsValidUserID(v->get<int64_t>())
                                                       : IsValidGroupID(v->get<int64_t>());
    for (const auto& msg : msgs) errs.push_back(FieldError::Invalid(path.Child(f), *v, msg));
  }
  if (const Json* groups = Array(*sc, "supplementalGroups")) {
    for (size_t i = 0; i < groups->size(); ++i) {
      for (const auto& msg : IsValidGroupID((*groups)[i].get<int64_t>())) {
        errs.push_back(
            FieldError::Invalid(path.Child("supplementalGroups").Index(i), (*groups)[i], msg));
      }
    }
  }
  // In v1 these live on the PodSpec; upstream reports them under the
  // security context.
  if (Bool(spec, "shareProcessNamespace") && Bool(spec, "hostPID")) {
    errs.push_back(FieldError::Invalid(path.Child("shareProcessNamespace"), true,
                                       "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  if (const Json* sysctls = Array(*sc, "sysctls")) {
    std::set<std::string> names;
    FieldPath sp = path.Child("sysctls");
    for (size_t i = 0; i < sysctls->size(); ++i) {
      std::string name = Str((*sysctls)[i], "name");
      FieldPath np = sp.Index(i).Child("name");
      if (name.empty()) {
        errs.push_back(FieldError::Required(np));
      } else if (!IsValidSysctlName(name)) {
        errs.push_back(InvalidString(
            np, name,
            "must have at most 253 characters and match regex "
            "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
      } else if (names.count(name)) {
        errs.push_back(FieldError::Duplicate(np, name));
      }
      if (!opts.allow_namespaced_sysctls_for_host_net_and_host_ipc) {
        std::string normalized = name;
        if (normalized.find('/') != std::string::npos) {
          // "net/ipv4/ip_forward" is the slash spelling of "net.ipv4.ip_forward".
          for (char& c : normalized) c = c == '/' ? '.' : (c == '.' ? '/' : c);
        }
        if (Bool(spec, "hostNetwork") && normalized.substr(0, 4) == "net.") {
          errs.push_back(
              InvalidString(np, name, "may not be specified when 'hostNetwork' is true"));
        } else if (Bool(spec, "hostIPC") && IsIPCSysctl(normalized)) {
          errs.push_back(InvalidString(np, name, "may not be specified when 'hostIPC' is true"));
        }
      }
      names.insert(name);
    }
  }
  if (const Json* policy = Get(*sc, "fsGroupChangePolicy")) {
    std::string v = policy->is_string() ? policy->get<std::string>() : "";
    if (v != "Always" && v != "OnRootMismatch") {
      errs.push_back(FieldError::NotSupported(path.Child("fsGroupChangePolicy"), v,
                                              {"Always", "OnRootMismatch"}));
    }
  }
  ValidateSeccompProfileField(errs, Get(*sc, "seccompProfile"), path.Child("seccompProfile"));
  ValidateAppArmorProfileField(errs, Get(*sc, "appArmorProfile"), path.Child("appArmorProfile"));
}

// ---------------------------------------------------------------------------
// Containers.

void ValidateContainerCommon(FieldErrorList& errs, const Json& ctr, const VolumeMap& volumes,
                             const FieldPath& path, const PodValidationOptions& opts,
                             bool host_users) {
  std::string name = Str(ctr, "name");
  if (name.empty()) {
    errs.push_back(FieldError::Required(path.Child("name")));
  } else {
    ValidateDNS1123Label(errs, name, path.Child("name"));
  }
  if (Str(ctr, "image").empty()) errs.push_back(FieldError::Required(path.Child("image")));
  std::string tmp = Str(ctr, "terminationMessagePolicy");
  if (tmp.empty()) {
    errs.push_back(FieldError::Required(path.Child("terminationMessagePolicy")));
  } else if (tmp != "File" && tmp != "FallbackToLogsOnError") {
    errs.push_back(FieldError::NotSupported(path.Child("terminationMessagePolicy"), tmp,
                                            {"File", "FallbackToLogsOnError"}));
  }
  ValidateContainerPorts(errs, Get(ctr, "ports"), path.Child("ports"));
  ValidateEnv(errs, Get(ctr, "env"), path.Child("env"), opts);
  ValidateEnvFrom(errs, Get(ctr, "envFrom"), path.Child("envFrom"), opts);
  ValidateVolumeMounts(errs, ctr, volumes, path.Child("volumeMounts"));
  ValidateVolumeDevices(errs, ctr, volumes, path.Child("volumeDevices"));
  ValidateEnum(errs, ctr, "imagePullPolicy", {"Always", "IfNotPresent", "Never"},
               path.Child("imagePullPolicy"));
  ValidateContainerResourceRequirements(errs, Get(ctr, "resources"), path.Child("resources"));
  ValidateContainerSecurityContext(errs, Get(ctr, "securityContext"), host_users,
                                   path.Child("securityContext"));
}

std::vector<const Json*> Items(const Json& spec, std::string_view key) {
  std::vector<const Json*> out;
  if (const Json* a = Array(spec, key)) {
    for (const Json& e : *a) out.push_back(&e);
  }
  return out;
}

void ValidateContainers(FieldErrorList& errs, const Json& spec, const VolumeMap& volumes,
                        const FieldPath& path, const PodValidationOptions& opts, bool host_users) {
  std::vector<const Json*> containers = Items(spec, "containers");
  if (containers.empty()) {
    errs.push_back(FieldError::Required(path));
    return;
  }
  const Json* grace = Get(spec, "terminationGracePeriodSeconds");
  std::set<std::string> names;
  for (size_t i = 0; i < containers.size(); ++i) {
    const Json& ctr = *containers[i];
    FieldPath p = path.Index(i);
    ValidateContainerCommon(errs, ctr, volumes, p, opts, host_users);
    std::string name = Str(ctr, "name");
    if (!names.insert(name).second) errs.push_back(FieldError::Duplicate(p.Child("name"), name));
    ValidateLifecycleAndProbes(errs, ctr, grace, p);
    if (Get(ctr, "restartPolicy") != nullptr) {
      errs.push_back(FieldError::Forbidden(p.Child("restartPolicy"),
                                           "may not be set for non-init containers"));
    }
  }
  CheckHostPortConflicts(errs, containers, path);
}

void ValidateInitContainers(FieldErrorList& errs, const Json& spec, const VolumeMap& volumes,
                            const FieldPath& path, const PodValidationOptions& opts,
                            bool host_users) {
  std::set<std::string> names;
  for (const Json* c : Items(spec, "containers")) names.insert(Str(*c, "name"));
  const Json* grace = Get(spec, "terminationGracePeriodSeconds");
  std::vector<const Json*> inits = Items(spec, "initContainers");
  for (size_t i = 0; i < inits.size(); ++i) {
    const Json& ctr = *inits[i];
    FieldPath idx = path.Index(i);
    ValidateContainerCommon(errs, ctr, volumes, idx, opts, host_users);
    bool restart_always = false;
    if (const Json* rp = Get(ctr, "restartPolicy")) {
      std::string v = rp->is_string() ? rp->get<std::string>() : "";
      if (v != "Always") {
        errs.push_back(FieldError::NotSupported(idx.Child("restartPolicy"), v, {"Always"}));
      }
      restart_always = v == "Always";
    }
    std::string name = Str(ctr, "name");
    if (names.count(name)) {
      errs.push_back(FieldError::Duplicate(idx.Child("name"), name));
    } else if (!name.empty()) {
      names.insert(name);
    }
    // Init containers run one at a time, so conflicts are per container.
    CheckHostPortConflicts(errs, {&ctr}, path);
    if (restart_always) {
      ValidateLifecycleAndProbes(errs, ctr, grace, idx);
    } else {
      for (const char* f : {"lifecycle", "livenessProbe", "readinessProbe", "startupProbe"}) {
        if (Get(ctr, f) != nullptr) {
          errs.push_back(FieldError::Forbidden(
              idx.Child(f), "may not be set for init containers without restartPolicy=Always"));
        }
      }
    }
  }
}

void ValidateEphemeralContainers(FieldErrorList& errs, const Json& spec, const VolumeMap& volumes,
                                 const FieldPath& path, const PodValidationOptions& opts,
                                 bool host_users) {
  std::vector<const Json*> ephemeral = Items(spec, "ephemeralContainers");
  if (ephemeral.empty()) return;
  std::set<std::string> other, all;
  for (const char* key : {"containers", "initContainers"}) {
    for (const Json* c : Items(spec, key)) {
      other.insert(Str(*c, "name"));
      all.insert(Str(*c, "name"));
    }
  }
  for (size_t i = 0; i < ephemeral.size(); ++i) {
    const Json& ec = *ephemeral[i];
    FieldPath idx = path.Index(i);
    ValidateContainerCommon(errs, ec, volumes, idx, opts, host_users);
    std::string image = Str(ec, "image");
    size_t b = image.find_first_not_of(" \t\n\r\v\f");
    size_t e = image.find_last_not_of(" \t\n\r\v\f");
    if (b == std::string::npos ? !image.empty() : (b != 0 || e != image.size() - 1)) {
      errs.push_back(
          InvalidString(idx.Child("image"), image, "must not have leading or trailing whitespace"));
    }
    std::string name = Str(ec, "name");
    if (!all.insert(name).second) errs.push_back(FieldError::Duplicate(idx.Child("name"), name));
    std::string target = Str(ec, "targetContainerName");
    if (!target.empty() && !other.count(target)) {
      errs.push_back(FieldError::NotFound(idx.Child("targetContainerName"), target));
    }
    for (const char* f : {"ports", "resources", "livenessProbe", "readinessProbe", "startupProbe",
                          "lifecycle", "resizePolicy", "restartPolicy"}) {
      if (!IsZero(Get(ec, f))) {
        errs.push_back(
            FieldError::Forbidden(idx.Child(f), "cannot be set for an Ephemeral Container"));
      }
    }
    if (const Json* mounts = Array(ec, "volumeMounts")) {
      for (size_t j = 0; j < mounts->size(); ++j) {
        for (const char* f : {"subPath", "subPathExpr"}) {
          if (!Str((*mounts)[j], f).empty()) {
            errs.push_back(FieldError::Forbidden(idx.Child("volumeMounts").Index(j).Child(f),
                                                 "cannot be set for an Ephemeral Container"));
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Scheduling: affinity, topology spread, DNS.

void ValidateLabelKeys(FieldErrorList& errs, const Json* keys, const Json* selector,
                       const FieldPath& path) {
  if (keys == nullptr || !keys->is_array() || keys->empty()) return;
  if (selector == nullptr) {
    errs.push_back(
        FieldError::Forbidden(path, "must not be specified when labelSelector is not set"));
    return;
  }
  for (size_t i = 0; i < keys->size(); ++i) {
    ValidateLabelName(errs, (*keys)[i].is_string() ? (*keys)[i].get<std::string>() : "",
                      path.Index(i));
  }
}

void ValidatePodAffinityTerm(FieldErrorList& errs, const Json& term, bool allow_invalid,
                             const FieldPath& path) {
  ValidateLabelSelector(errs, Get(term, "labelSelector"), {allow_invalid},
                        path.Child("labelSelector"));
  ValidateLabelSelector(errs, Get(term, "namespaceSelector"), {allow_invalid},
                        path.Child("namespaceSelector"));
  if (const Json* nss = Array(term, "namespaces")) {
    for (const Json& ns : *nss) {
      std::string n = ns.is_string() ? ns.get<std::string>() : "";
      AppendInvalid(errs, path.Child("namespace"), n, NameIsDNSLabel(n, false));
    }
  }
  const Json* selector = Get(term, "labelSelector");
  const Json* match = Get(term, "matchLabelKeys");
  const Json* mismatch = Get(term, "mismatchLabelKeys");
  ValidateLabelKeys(errs, match, selector, path.Child("matchLabelKeys"));
  ValidateLabelKeys(errs, mismatch, selector, path.Child("mismatchLabelKeys"));
  if (match && match->is_array() && mismatch && mismatch->is_array()) {
    for (size_t i = 0; i < match->size(); ++i) {
      if (std::find(mismatch->begin(), mismatch->end(), (*match)[i]) != mismatch->end()) {
        errs.push_back(InvalidString(path.Child("matchLabelKeys").Index(i),
                                     (*match)[i].get<std::string>(),
                                     "exists in both matchLabelKeys and mismatchLabelKeys"));
      }
    }
  }
  std::string topology = Str(term, "topologyKey");
  if (topology.empty()) {
    errs.push_back(FieldError::Required(path.Child("topologyKey"), "can not be empty"));
  }
  ValidateLabelName(errs, topology, path.Child("topologyKey"));
}

void ValidatePodAffinityTerms(FieldErrorList& errs, const Json& affinity, bool allow_invalid,
                              const FieldPath& path) {
  FieldPath req = path.Child("requiredDuringSchedulingIgnoredDuringExecution");
  if (const Json* terms = Array(affinity, "requiredDuringSchedulingIgnoredDuringExecution")) {
    for (size_t i = 0; i < terms->size(); ++i) {
      ValidatePodAffinityTerm(errs, (*terms)[i], allow_invalid, req.Index(i));
    }
  }
  FieldPath pref = path.Child("preferredDuringSchedulingIgnoredDuringExecution");
  if (const Json* terms = Array(affinity, "preferredDuringSchedulingIgnoredDuringExecution")) {
    for (size_t i = 0; i < terms->size(); ++i) {
      int64_t weight = Int((*terms)[i], "weight");
      if (weight <= 0 || weight > 100) {
        errs.push_back(FieldError::Invalid(pref.Index(i).Child("weight"), weight,
                                           "must be in the range 1-100"));
      }
      const Json* term = Get((*terms)[i], "podAffinityTerm");
      ValidatePodAffinityTerm(errs, term ? *term : Json::object(), allow_invalid,
                              pref.Index(i).Child("podAffinityTerm"));
    }
  }
}

void ValidateAffinity(FieldErrorList& errs, const Json* affinity, const FieldPath& path,
                      const PodValidationOptions& opts) {
  if (affinity == nullptr) return;
  if (const Json* na = Get(*affinity, "nodeAffinity")) {
    FieldPath np = path.Child("nodeAffinity");
    if (const Json* req = Get(*na, "requiredDuringSchedulingIgnoredDuringExecution")) {
      ValidateNodeSelector(errs, *req, false,
                           np.Child("requiredDuringSchedulingIgnoredDuringExecution"));
    }
    if (const Json* pref = Array(*na, "preferredDuringSchedulingIgnoredDuringExecution")) {
      FieldPath pp = np.Child("preferredDuringSchedulingIgnoredDuringExecution");
      for (size_t i = 0; i < pref->size(); ++i) {
        int64_t weight = Int((*pref)[i], "weight");
        if (weight <= 0 || weight > 100) {
          errs.push_back(FieldError::Invalid(pp.Index(i).Child("weight"), weight,
                                             "must be in the range 1-100"));
        }
        // Preferred terms may use invalid label values (they can still match).
        const Json* preference = Get((*pref)[i], "preference");
        Json wrapped = {
            {"nodeSelectorTerms", Json::array({preference ? *preference : Json::object()})}};
        FieldErrorList term_errs;
        ValidateNodeSelector(term_errs, wrapped, true, FieldPath("x"));
        for (auto& e : term_errs) {
          // Re-root "x.nodeSelectorTerms[0]" at the preference path.
          std::string prefix = "x.nodeSelectorTerms[0]";
          e.field = pp.Index(i).Child("preference").str() + e.field.substr(prefix.size());
          errs.push_back(std::move(e));
        }
      }
    }
  }
  bool allow = opts.allow_invalid_label_value_in_selector;
  if (const Json* pa = Get(*affinity, "podAffinity")) {
    ValidatePodAffinityTerms(errs, *pa, allow, path.Child("podAffinity"));
  }
  if (const Json* paa = Get(*affinity, "podAntiAffinity")) {
    ValidatePodAffinityTerms(errs, *paa, allow, path.Child("podAntiAffinity"));
  }
}

void ValidateTopologySpreadConstraints(FieldErrorList& errs, const Json* constraints,
                                       const FieldPath& path, const PodValidationOptions& opts) {
  if (constraints == nullptr || !constraints->is_array()) return;
  for (size_t i = 0; i < constraints->size(); ++i) {
    const Json& c = (*constraints)[i];
    FieldPath p = path.Index(i);
    int64_t skew = Int(c, "maxSkew");
    if (skew <= 0) {
      errs.push_back(
          FieldError::Invalid(p.Child("maxSkew"), skew, std::string(kIsNotPositiveErrorMsg)));
    }
    std::string key = Str(c, "topologyKey");
    if (key.empty())
      errs.push_back(FieldError::Required(p.Child("topologyKey"), "can not be empty"));
    std::string action = Str(c, "whenUnsatisfiable");
    if (action != "DoNotSchedule" && action != "ScheduleAnyway") {
      errs.push_back(FieldError::NotSupported(p.Child("whenUnsatisfiable"), action,
                                              {"DoNotSchedule", "ScheduleAnyway"}));
    }
    for (size_t j = i + 1; j < constraints->size(); ++j) {
      if (Str((*constraints)[j], "topologyKey") == key &&
          Str((*constraints)[j], "whenUnsatisfiable") == action) {
        errs.push_back(FieldError::Duplicate(p.Child("{topologyKey, whenUnsatisfiable}"),
                                             "{" + key + ", " + action + "}"));
        break;
      }
    }
    if (const Json* md = Get(c, "minDomains")) {
      int64_t v = md->is_number() ? md->get<int64_t>() : 0;
      if (v <= 0) {
        errs.push_back(
            FieldError::Invalid(p.Child("minDomains"), v, std::string(kIsNotPositiveErrorMsg)));
      }
      if (action != "DoNotSchedule") {
        errs.push_back(
            FieldError::Invalid(p.Child("minDomains"), v,
                                "can only use minDomains if whenUnsatisfiable=DoNotSchedule, "
                                "not " +
                                    action));
      }
    }
    for (const char* f : {"nodeAffinityPolicy", "nodeTaintsPolicy"}) {
      if (const Json* v = Get(c, f)) {
        std::string s = v->is_string() ? v->get<std::string>() : "";
        if (s != "Honor" && s != "Ignore") {
          errs.push_back(FieldError::NotSupported(p.Child(f), s, {"Honor", "Ignore"}));
        }
      }
    }
    const Json* selector = Get(c, "labelSelector");
    if (const Json* keys = Array(c, "matchLabelKeys")) {
      FieldPath kp = p.Child("matchLabelKeys");
      std::set<std::string> selector_keys;
      if (selector) {
        for (const auto& [k, v] : StringMap(Get(*selector, "matchLabels"))) selector_keys.insert(k);
        if (const Json* exprs = Array(*selector, "matchExpressions")) {
          for (const Json& e : *exprs) selector_keys.insert(Str(e, "key"));
        }
      } else {
        errs.push_back(
            FieldError::Forbidden(kp, "must not be specified when labelSelector is not set"));
      }
      for (size_t j = 0; j < keys->size(); ++j) {
        std::string k = (*keys)[j].is_string() ? (*keys)[j].get<std::string>() : "";
        ValidateLabelName(errs, k, kp.Index(j));
        if (selector_keys.count(k)) {
          errs.push_back(
              InvalidString(kp.Index(j), k, "exists in both matchLabelKeys and labelSelector"));
        }
      }
    }
    if (!opts.allow_invalid_topology_spread_constraint_label_selector) {
      ValidateLabelSelector(errs, selector, {}, p.Child("labelSelector"));
    }
  }
}

void ValidateDNSConfig(FieldErrorList& errs, const Json& spec, const FieldPath& path) {
  const Json* config = Get(spec, "dnsConfig");
  if (Str(spec, "dnsPolicy") == "None") {
    if (config == nullptr) {
      errs.push_back(
          FieldError::Required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
      return;
    }
    if (Len(*config, "nameservers") == 0) {
      errs.push_back(FieldError::Required(
          path.Child("nameservers"),
          "must provide at least one DNS nameserver when `dnsPolicy` is None"));
      return;
    }
  }
  if (config == nullptr) return;
  const Json* ns = Get(*config, "nameservers");
  if (ns && ns->is_array()) {
    if (ns->size() > 3) {
      errs.push_back(FieldError::InvalidRaw(path.Child("nameservers"), GoStringSlice(ns),
                                            "must not have more than 3 nameservers"));
    }
    for (size_t i = 0; i < ns->size(); ++i) {
      std::string ip = (*ns)[i].is_string() ? (*ns)[i].get<std::string>() : "";
      if (!ParseIP(ip)) {
        errs.push_back(
            InvalidString(path.Child("nameservers").Index(i), ip,
                          "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      }
    }
  }
  const Json* searches = Get(*config, "searches");
  if (searches && searches->is_array()) {
    if (searches->size() > 32) {
      errs.push_back(FieldError::InvalidRaw(path.Child("searches"), GoStringSlice(searches),
                                            "must not have more than 32 search paths"));
    }
    size_t total = 0;
    for (size_t i = 0; i < searches->size(); ++i) {
      total +=
          ((*searches)[i].is_string() ? (*searches)[i].get<std::string>().size() : 0) + (i ? 1 : 0);
    }
    if (total > 2048) {
      errs.push_back(FieldError::InvalidRaw(
          path.Child("searches"), GoStringSlice(searches),
          "must not have more than 2048 characters (including spaces) in the search list"));
    }
    for (size_t i = 0; i < searches->size(); ++i) {
      std::string s = (*searches)[i].is_string() ? (*searches)[i].get<std::string>() : "";
      if (!s.empty() && s.back() == '.') s.pop_back();
      ValidateDNS1123Subdomain(errs, s, path.Child("searches").Index(i));
    }
  }
  if (const Json* options = Array(*config, "options")) {
    for (size_t i = 0; i < options->size(); ++i) {
      if (Str((*options)[i], "name").empty()) {
        errs.push_back(FieldError::Required(path.Child("options").Index(i), "must not be empty"));
      }
    }
  }
}

void ValidateOS(FieldErrorList& errs, const Json& spec, const FieldPath& path) {
  const Json* os = Get(spec, "os");
  if (os == nullptr) return;
  std::string name = Str(*os, "name");
  FieldPath op = path.Child("os");
  if (name.empty()) {
    errs.push_back(FieldError::Required(op.Child("name"), "cannot be empty"));
    return;
  }
  if (name != "linux" && name != "windows") {
    errs.push_back(FieldError::NotSupported(op, name, {"linux", "windows"}));
    return;
  }
  auto each_container = [&](auto&& fn) {
    for (const char* key : {"initContainers", "containers", "ephemeralContainers"}) {
      std::vector<const Json*> cs = Items(spec, key);
      for (size_t i = 0; i < cs.size(); ++i) fn(*cs[i], path.Child(key).Index(i));
    }
  };
  if (name == "linux") {
    if (Lookup(spec, {"securityContext", "windowsOptions"})) {
      errs.push_back(FieldError::Forbidden(path.Child("securityContext").Child("windowsOptions"),
                                           "windows options cannot be set for a linux pod"));
    }
    each_container([&](const Json& c, const FieldPath& cp) {
      if (Lookup(c, {"securityContext", "windowsOptions"})) {
        errs.push_back(FieldError::Forbidden(cp.Child("securityContext").Child("windowsOptions"),
                                             "windows options cannot be set for a linux pod"));
      }
    });
    return;
  }
  constexpr const char* kWindows = "cannot be set for a windows pod";
  if (const Json* sc = Get(spec, "securityContext")) {
    FieldPath sp = path.Child("securityContext");
    for (const char* f : {"appArmorProfile", "seLinuxOptions"}) {
      if (Get(*sc, f)) errs.push_back(FieldError::Forbidden(sp.Child(f), kWindows));
    }
    if (Bool(spec, "hostPID"))
      errs.push_back(FieldError::Forbidden(path.Child("hostPID"), kWindows));
    if (Bool(spec, "hostIPC"))
      errs.push_back(FieldError::Forbidden(path.Child("hostIPC"), kWindows));
    for (const char* f : {"seccompProfile", "fsGroup", "fsGroupChangePolicy"}) {
      if (Get(*sc, f)) errs.push_back(FieldError::Forbidden(sp.Child(f), kWindows));
    }
    if (Len(*sc, "sysctls") > 0)
      errs.push_back(FieldError::Forbidden(sp.Child("sysctls"), kWindows));
    if (Get(spec, "shareProcessNamespace")) {
      errs.push_back(FieldError::Forbidden(path.Child("shareProcessNamespace"), kWindows));
    }
    for (const char* f : {"runAsUser", "runAsGroup", "supplementalGroups"}) {
      if (Get(*sc, f)) errs.push_back(FieldError::Forbidden(sp.Child(f), kWindows));
    }
  }
  each_container([&](const Json& c, const FieldPath& cp) {
    const Json* sc = Get(c, "securityContext");
    if (sc == nullptr) return;
    FieldPath sp = cp.Child("securityContext");
    for (const char* f : {"appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities",
                          "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation",
                          "procMount", "runAsUser", "runAsGroup"}) {
      if (Get(*sc, f)) errs.push_back(FieldError::Forbidden(sp.Child(f), kWindows));
    }
  });
}

void ValidatePodHostNetworkDeps(FieldErrorList& errs, const Json& spec, const FieldPath& path,
                                const PodValidationOptions& opts) {
  if (!Bool(spec, "hostNetwork")) return;
  std::vector<const Json*> containers = Items(spec, "containers");
  for (size_t i = 0; i < containers.size(); ++i) {
    const Json* ports = Array(*containers[i], "ports");
    if (ports == nullptr) continue;
    for (size_t j = 0; j < ports->size(); ++j) {
      int64_t hp = Int((*ports)[j], "hostPort"), cp = Int((*ports)[j], "containerPort");
      if ((opts.resource_is_pod || hp != 0) && hp != cp) {
        errs.push_back(FieldError::Invalid(
            path.Child("containers").Index(i).Child("ports").Index(j).Child("hostPort"), hp,
            "must match `containerPort` when `hostNetwork` is true"));
      }
    }
  }
}

void ValidateNameField(FieldErrorList& errs, const Json& spec, std::string_view key,
                       const FieldPath& path) {
  std::string v = Str(spec, key);
  if (!v.empty()) AppendInvalid(errs, path.Child(key), v, NameIsDNSSubdomain(v, false));
}

}  // namespace

void ValidateTolerations(FieldErrorList& errs, const Json* tolerations, const FieldPath& path) {
  if (tolerations == nullptr || !tolerations->is_array()) return;
  for (size_t i = 0; i < tolerations->size(); ++i) {
    const Json& t = (*tolerations)[i];
    FieldPath idx = path.Index(i);
    std::string key = Str(t, "key"), op = Str(t, "operator"), value = Str(t, "value"),
                effect = Str(t, "effect");
    if (!key.empty()) ValidateLabelName(errs, key, idx.Child("key"));
    if (key.empty() && op != "Exists") {
      errs.push_back(InvalidString(idx.Child("operator"), op,
                                   "operator must be Exists when `key` is empty, which means "
                                   "\"match all values and all keys\""));
    }
    if (Get(t, "tolerationSeconds") != nullptr && effect != "NoExecute") {
      errs.push_back(InvalidString(idx.Child("effect"), effect,
                                   "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op == "Equal" || op.empty()) {
      Problems msgs = IsValidLabelValue(value);
      if (!msgs.empty()) {
        std::string joined;
        for (size_t k = 0; k < msgs.size(); ++k) joined += (k ? ";" : "") + msgs[k];
        errs.push_back(InvalidString(idx.Child("operator"), value, joined));
      }
    } else if (op == "Exists") {
      if (!value.empty()) {
        errs.push_back(InvalidString(idx.Child("operator"), value,
                                     "value must be empty when `operator` is 'Exists'"));
      }
    } else {
      errs.push_back(FieldError::NotSupported(idx.Child("operator"), op, {"Equal", "Exists"}));
    }
    if (!effect.empty() && effect != "NoSchedule" && effect != "PreferNoSchedule" &&
        effect != "NoExecute") {
      errs.push_back(FieldError::NotSupported(idx.Child("effect"), effect,
                                              {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
    }
  }
}

void ValidatePodSpecificAnnotations(FieldErrorList& errs, const Json* annotations, const Json& spec,
                                    const FieldPath& path, const PodValidationOptions& opts) {
  std::map<std::string, std::string> ann = StringMap(annotations);
  if (auto it = ann.find("kubernetes.io/config.mirror"); it != ann.end()) {
    if (Str(spec, "nodeName").empty()) {
      errs.push_back(InvalidString(path.Key(it->first), it->second,
                                   "must set spec.nodeName if mirror pod annotation is set"));
    }
  }
  if (!opts.allow_invalid_pod_deletion_cost) {
    if (auto it = ann.find("controller.kubernetes.io/pod-deletion-cost"); it != ann.end()) {
      bool ok = !it->second.empty();
      long long v = 0;
      try {
        size_t used = 0;
        v = std::stoll(it->second, &used, 10);
        ok = ok && used == it->second.size() && v >= INT32_MIN && v <= INT32_MAX;
      } catch (...) {
        ok = false;
      }
      if (!ok) {
        errs.push_back(InvalidString(path.Key(it->first), it->second, "must be a 32bit integer"));
      }
    }
  }
  auto valid_seccomp = [](const std::string& p) {
    return p == "runtime/default" || p == "docker/default" || p == "unconfined" ||
           p.rfind("localhost/", 0) == 0;
  };
  for (const auto& [k, v] : ann) {
    bool pod_key = k == "seccomp.security.alpha.kubernetes.io/pod";
    bool ctr_key = k.rfind("container.seccomp.security.alpha.kubernetes.io/", 0) == 0;
    if (!pod_key && !ctr_key) continue;
    if (!valid_seccomp(v)) {
      errs.push_back(InvalidString(path.Child(k), v, "must be a valid seccomp profile"));
    } else if (v.rfind("localhost/", 0) == 0) {
      ValidateLocalDescendingPath(errs, v.substr(10), path.Child(k));
    }
  }
  const std::string apparmor = "container.apparmor.security.beta.kubernetes.io/";
  for (const auto& [k, v] : ann) {
    if (k.rfind(apparmor, 0) != 0) continue;
    std::string container = k.substr(apparmor.size());
    bool found = false;
    for (const char* key : {"initContainers", "containers", "ephemeralContainers"}) {
      for (const Json* c : Items(spec, key)) found = found || Str(*c, "name") == container;
    }
    if (!found) errs.push_back(InvalidString(path.Key(k), container, "container not found"));
    if (!v.empty() && v != "runtime/default" && v != "unconfined" &&
        v.rfind("localhost/", 0) != 0) {
      errs.push_back(InvalidString(path.Key(k), v, "invalid AppArmor profile name: " + GoQuote(v)));
    }
  }
}

void ValidatePodSpec(FieldErrorList& errs, const Json& spec, const std::string& pod_name,
                     const FieldPath& path, const PodValidationOptions& opts) {
  if (Get(spec, "terminationGracePeriodSeconds") == nullptr) {
    errs.push_back(FieldError::Required(path.Child("terminationGracePeriodSeconds")));
  }
  bool host_users = true;
  if (const Json* hu = Get(spec, "hostUsers"); hu && hu->is_boolean()) host_users = hu->get<bool>();

  VolumeMap volumes = ValidateVolumes(errs, Get(spec, "volumes"), pod_name, path.Child("volumes"));
  ValidateContainers(errs, spec, volumes, path.Child("containers"), opts, host_users);
  ValidateInitContainers(errs, spec, volumes, path.Child("initContainers"), opts, host_users);
  ValidateEphemeralContainers(errs, spec, volumes, path.Child("ephemeralContainers"), opts,
                              host_users);
  ValidatePodHostNetworkDeps(errs, spec, path, opts);
  ValidateEnum(errs, spec, "restartPolicy", {"Always", "OnFailure", "Never"},
               path.Child("restartPolicy"));
  ValidateEnum(errs, spec, "dnsPolicy",
               {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"},
               path.Child("dnsPolicy"));
  ValidateLabels(errs, Get(spec, "nodeSelector"), path.Child("nodeSelector"));
  ValidatePodSecurityContext(errs, spec, path.Child("securityContext"), opts);
  ValidateAffinity(errs, Get(spec, "affinity"), path.Child("affinity"), opts);
  ValidateDNSConfig(errs, spec, path.Child("dnsConfig"));
  if (const Json* gates = Array(spec, "readinessGates")) {
    for (size_t i = 0; i < gates->size(); ++i) {
      ValidateQualifiedName(errs, Str((*gates)[i], "conditionType"),
                            path.Child("readinessGates").Index(i).Child("conditionType"));
    }
  }
  if (const Json* gates = Array(spec, "schedulingGates")) {
    std::set<std::string> seen;
    for (size_t i = 0; i < gates->size(); ++i) {
      std::string name = Str((*gates)[i], "name");
      FieldPath gp = path.Child("schedulingGates").Index(i);
      ValidateQualifiedName(errs, name, gp);
      if (!seen.insert(name).second) errs.push_back(FieldError::Duplicate(gp, name));
    }
  }
  ValidateTopologySpreadConstraints(errs, Get(spec, "topologySpreadConstraints"),
                                    path.Child("topologySpreadConstraints"), opts);
  ValidateNameField(errs, spec, "serviceAccountName", path);
  ValidateNameField(errs, spec, "nodeName", path);
  if (const Json* ads = Get(spec, "activeDeadlineSeconds")) {
    int64_t v = ads->is_number() ? ads->get<int64_t>() : 0;
    if (v < 1 || v > INT32_MAX) {
      errs.push_back(FieldError::Invalid(path.Child("activeDeadlineSeconds"), v,
                                         InclusiveRangeError(1, INT32_MAX)));
    }
  }
  for (const char* f : {"hostname", "subdomain"}) {
    std::string v = Str(spec, f);
    if (!v.empty()) ValidateDNS1123Label(errs, v, path.Child(f));
  }
  ValidateTolerations(errs, Get(spec, "tolerations"), path.Child("tolerations"));
  if (const Json* aliases = Array(spec, "hostAliases")) {
    for (size_t i = 0; i < aliases->size(); ++i) {
      FieldPath ap = path.Child("hostAliases").Index(i);
      std::string ip = Str((*aliases)[i], "ip");
      if (!ParseIP(ip)) {
        errs.push_back(InvalidString(
            ap.Child("ip"), ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      }
      if (const Json* names = Array((*aliases)[i], "hostnames")) {
        for (size_t j = 0; j < names->size(); ++j) {
          ValidateDNS1123Subdomain(errs,
                                   (*names)[j].is_string() ? (*names)[j].get<std::string>() : "",
                                   ap.Child("hostnames").Index(j));
        }
      }
    }
  }
  ValidateNameField(errs, spec, "priorityClassName", path);
  if (const Json* rc = Get(spec, "runtimeClassName")) {
    std::string v = rc->is_string() ? rc->get<std::string>() : "";
    AppendInvalid(errs, path.Child("runtimeClassName"), v, NameIsDNSSubdomain(v, false));
  }
  if (Get(spec, "preemptionPolicy") != nullptr) {
    ValidateEnum(errs, spec, "preemptionPolicy", {"PreemptLowerPriority", "Never"},
                 path.Child("preemptionPolicy"));
  }
  if (const Json* overhead = Get(spec, "overhead")) {
    Json as_limits = {{"limits", *overhead}};
    ValidateContainerResourceRequirements(errs, &as_limits, path.Child("overhead"));
  }
  ValidateOS(errs, spec, path);
}

void ValidatePodTemplateSpec(FieldErrorList& errs, const Json& tmpl, const FieldPath& path,
                             const PodValidationOptions& opts) {
  const Json* meta = Get(tmpl, "metadata");
  const Json* spec_p = Get(tmpl, "spec");
  const Json& spec = spec_p ? *spec_p : Json::object();
  ValidateLabels(errs, meta ? Get(*meta, "labels") : nullptr, path.Child("labels"));
  ValidateAnnotations(errs, meta ? Get(*meta, "annotations") : nullptr, path.Child("annotations"));
  ValidatePodSpecificAnnotations(errs, meta ? Get(*meta, "annotations") : nullptr, spec,
                                 path.Child("annotations"), opts);
  ValidatePodSpec(errs, spec, "", path.Child("spec"), opts);
  if (Len(spec, "ephemeralContainers") > 0) {
    errs.push_back(FieldError::Forbidden(path.Child("spec").Child("ephemeralContainers"),
                                         "ephemeral containers not allowed in pod template"));
  }
}

}  // namespace stead::api::validation

#include "api/kinds/defaults.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <vector>

#include "api/validation/common.h"
#include "core/quantity.h"

namespace stead::api::kinds {
namespace {

using validation::Get;
using validation::Str;

void SetIfAbsent(Json& obj, const char* key, Json value) {
  if (!obj.is_object()) return;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) obj[key] = std::move(value);
}

void SetIfEmptyString(Json& obj, const char* key, const char* value) {
  if (!obj.is_object()) return;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null() ||
      (it->is_string() && it->get_ref<const std::string&>().empty())) {
    obj[key] = value;
  }
}

template <typename Fn>
void ForEach(Json& obj, const char* key, Fn&& fn) {
  if (!obj.is_object()) return;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return;
  for (Json& e : *it) fn(e);
}

Json* Child(Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) return nullptr;
  return &*it;
}

// SetDefaults_HTTPGetAction (and the GRPCAction `service: ""` marker).
void SetHandlerDefaults(Json& handler) {
  if (Json* http = Child(handler, "httpGet")) {
    SetIfEmptyString(*http, "path", "/");
    SetIfEmptyString(*http, "scheme", "HTTP");
  }
  if (Json* grpc = Child(handler, "grpc")) SetIfAbsent(*grpc, "service", "");
}

void SetProbeDefaults(Json& probe) {
  for (auto [key, value] : {std::pair{"timeoutSeconds", 1}, std::pair{"periodSeconds", 10},
                            std::pair{"successThreshold", 1}, std::pair{"failureThreshold", 3}}) {
    if (validation::Int(probe, key) == 0) probe[key] = value;
  }
  SetHandlerDefaults(probe);
}

void SetContainerDefaults(Json& ctr) {
  if (!ctr.is_object()) return;
  if (Str(ctr, "imagePullPolicy").empty()) {
    ctr["imagePullPolicy"] = ImageTag(Str(ctr, "image")) == "latest" ? "Always" : "IfNotPresent";
  }
  SetIfEmptyString(ctr, "terminationMessagePath", "/dev/termination-log");
  SetIfEmptyString(ctr, "terminationMessagePolicy", "File");
  ForEach(ctr, "ports", [](Json& port) { SetIfEmptyString(port, "protocol", "TCP"); });
  ForEach(ctr, "env", [](Json& env) {
    if (Json* from = Child(env, "valueFrom")) {
      if (Json* ref = Child(*from, "fieldRef")) SetIfEmptyString(*ref, "apiVersion", "v1");
    }
  });
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    if (Json* p = Child(ctr, probe)) SetProbeDefaults(*p);
  }
  if (Json* lifecycle = Child(ctr, "lifecycle")) {
    for (const char* hook : {"postStart", "preStop"}) {
      if (Json* h = Child(*lifecycle, hook)) SetHandlerDefaults(*h);
    }
  }
}

void SetFieldRefDefaults(Json& items_owner) {
  ForEach(items_owner, "items", [](Json& item) {
    if (Json* ref = Child(item, "fieldRef")) SetIfEmptyString(*ref, "apiVersion", "v1");
  });
}

// Volume-source defaults shared by pod volumes and PersistentVolumes.
void SetVolumeSourceDefaults(Json& src) {
  if (Json* hp = Child(src, "hostPath")) SetIfAbsent(*hp, "type", "");
  if (Json* iscsi = Child(src, "iscsi")) SetIfEmptyString(*iscsi, "iscsiInterface", "default");
  if (Json* rbd = Child(src, "rbd")) {
    SetIfEmptyString(*rbd, "pool", "rbd");
    SetIfEmptyString(*rbd, "user", "admin");
    SetIfEmptyString(*rbd, "keyring", "/etc/ceph/keyring");
  }
  if (Json* disk = Child(src, "azureDisk")) {
    SetIfAbsent(*disk, "cachingMode", "ReadWrite");
    SetIfAbsent(*disk, "fsType", "ext4");
    SetIfAbsent(*disk, "readOnly", false);
    SetIfAbsent(*disk, "kind", "Shared");
  }
  if (Json* sio = Child(src, "scaleIO")) {
    SetIfEmptyString(*sio, "storageMode", "ThinProvisioned");
    SetIfEmptyString(*sio, "fsType", "xfs");
  }
}

void SetVolumeDefaults(Json& vol) {
  if (!vol.is_object()) return;
  bool has_source = false;
  for (auto it = vol.begin(); it != vol.end(); ++it) {
    has_source = has_source || (it.key() != "name" && !it.value().is_null());
  }
  if (!has_source) vol["emptyDir"] = Json::object();
  SetVolumeSourceDefaults(vol);
  for (const char* key : {"secret", "configMap", "downwardAPI", "projected"}) {
    if (Json* s = Child(vol, key)) SetIfAbsent(*s, "defaultMode", 420);
  }
  if (Json* d = Child(vol, "downwardAPI")) SetFieldRefDefaults(*d);
  if (Json* projected = Child(vol, "projected")) {
    ForEach(*projected, "sources", [](Json& source) {
      if (Json* token = Child(source, "serviceAccountToken")) {
        SetIfAbsent(*token, "expirationSeconds", 3600);
      }
      if (Json* d = Child(source, "downwardAPI")) SetFieldRefDefaults(*d);
    });
  }
  if (Json* eph = Child(vol, "ephemeral")) {
    if (Json* tmpl = Child(*eph, "volumeClaimTemplate")) {
      if (Json* spec = Child(*tmpl, "spec")) SetPersistentVolumeClaimSpecDefaults(*spec);
    }
  }
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.]|__|[-]*
bool ValidPathComponent(std::string_view c) {
  if (c.empty() || !IsLowerAlnum(c.front()) || !IsLowerAlnum(c.back())) return false;
  size_t i = 0;
  while (i < c.size()) {
    if (IsLowerAlnum(c[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < c.size() && !IsLowerAlnum(c[j])) ++j;
    std::string_view sep = c.substr(i, j - i);
    bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) return false;
    i = j;
  }
  return true;
}

bool ValidDomain(std::string_view d) {
  size_t colon = d.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = d.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    d = d.substr(0, colon);
  }
  size_t start = 0;
  while (true) {
    size_t dot = d.find('.', start);
    std::string_view comp = d.substr(start, dot == std::string_view::npos ? d.npos : dot - start);
    if (comp.empty() || !std::isalnum(static_cast<unsigned char>(comp.front())) ||
        !std::isalnum(static_cast<unsigned char>(comp.back()))) {
      return false;
    }
    for (char c : comp) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool ValidTag(std::string_view t) {
  if (t.empty() || t.size() > 128) return false;
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!word(t.front())) return false;
  for (char c : t) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

bool ValidDigest(std::string_view d) {
  size_t colon = d.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view hex = d.substr(colon + 1);
  if (hex.size() < 32) return false;
  return hex.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

void AddQuantity(std::map<std::string, Quantity>& into, const std::string& name,
                 const Json& value) {
  auto q = Quantity::FromJson(value);
  if (!q.ok() || q->Sign() <= 0) return;
  into[name] += *q;
}

}  // namespace

std::string ImageTag(const std::string& image) {
  std::string_view rest = image;
  bool digest = false;
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    if (!ValidDigest(rest.substr(at + 1))) return "";
    digest = true;
    rest = rest.substr(0, at);
  }
  std::string tag;
  size_t slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = std::string(rest.substr(colon + 1));
    if (!ValidTag(tag)) return "";
    rest = rest.substr(0, colon);
  }
  if (rest.empty() || rest.size() > 255) return "";
  size_t first = rest.find('/');
  std::string_view path = rest;
  if (first != std::string_view::npos) {
    std::string_view head = rest.substr(0, first);
    bool lower = std::none_of(head.begin(), head.end(),
                              [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
    if (head.find_first_of(".:") != std::string_view::npos || head == "localhost" || !lower) {
      if (!ValidDomain(head)) return "";
      path = rest.substr(first + 1);
    }
  }
  size_t start = 0;
  while (true) {
    size_t s = path.find('/', start);
    if (!ValidPathComponent(
            path.substr(start, s == std::string_view::npos ? path.npos : s - start))) {
      return "";
    }
    if (s == std::string_view::npos) break;
    start = s + 1;
  }
  if (tag.empty() && !digest) return "latest";
  return tag;
}

void SetPodSpecDefaults(Json& spec) {
  if (!spec.is_object()) return;
  SetIfEmptyString(spec, "dnsPolicy", "ClusterFirst");
  SetIfEmptyString(spec, "restartPolicy", "Always");
  SetIfAbsent(spec, "securityContext", Json::object());
  SetIfAbsent(spec, "terminationGracePeriodSeconds", 30);
  SetIfEmptyString(spec, "schedulerName", "default-scheduler");
  ForEach(spec, "volumes", SetVolumeDefaults);
  for (const char* key : {"initContainers", "containers", "ephemeralContainers"}) {
    ForEach(spec, key, SetContainerDefaults);
  }
  // v1 keeps the deprecated `serviceAccount` in step with serviceAccountName.
  std::string sa = Str(spec, "serviceAccountName");
  if (sa.empty()) sa = Str(spec, "serviceAccount");
  if (!sa.empty()) {
    spec["serviceAccountName"] = sa;
    spec["serviceAccount"] = sa;
  }
}

void SetPodTemplateDefaults(Json& tmpl) {
  if (!tmpl.is_object()) return;
  if (Json* spec = Child(tmpl, "spec")) SetPodSpecDefaults(*spec);
}

void SetPodDefaults(Json& pod) {
  Json* spec = Child(pod, "spec");
  if (spec == nullptr) return;
  SetPodSpecDefaults(*spec);
  for (const char* key : {"containers", "initContainers"}) {
    ForEach(*spec, key, [](Json& ctr) {
      Json* resources = Child(ctr, "resources");
      Json* limits = resources ? Child(*resources, "limits") : nullptr;
      if (limits == nullptr) return;
      Json& requests = (*resources)["requests"];
      if (!requests.is_object()) requests = Json::object();
      for (auto it = limits->begin(); it != limits->end(); ++it) {
        if (!requests.contains(it.key())) requests[it.key()] = it.value();
      }
    });
  }
  SetIfAbsent(*spec, "enableServiceLinks", true);
  if (validation::Bool(*spec, "hostNetwork")) {
    for (const char* key : {"containers", "initContainers"}) {
      ForEach(*spec, key, [](Json& ctr) {
        ForEach(ctr, "ports", [](Json& port) {
          if (validation::Int(port, "hostPort") == 0 && Get(port, "containerPort")) {
            port["hostPort"] = port["containerPort"];
          }
        });
      });
    }
  }
}

void SetPersistentVolumeClaimSpecDefaults(Json& spec) {
  if (!spec.is_object()) return;
  SetIfAbsent(spec, "volumeMode", "Filesystem");
}

void SetPersistentVolumeClaimDefaults(Json& pvc) {
  if (!pvc.is_object()) return;
  if (Json* spec = Child(pvc, "spec")) {
    SetPersistentVolumeClaimSpecDefaults(*spec);
  } else {
    pvc["spec"] = Json{{"volumeMode", "Filesystem"}};
  }
  Json& status = pvc["status"];
  if (!status.is_object()) status = Json::object();
  SetIfEmptyString(status, "phase", "Pending");
}

void DropDisabledPodSpecFields(Json& spec) {
  if (!spec.is_object()) return;
  // PodLevelResources (alpha), DynamicResourceAllocation (off by default),
  // UserNamespacesSupport (off by default).
  spec.erase("resources");
  spec.erase("resourceClaims");
  spec.erase("hostUsers");
  if (Json* sc = Child(spec, "securityContext")) {
    // SupplementalGroupsPolicy and SELinuxChangePolicy are alpha.
    sc->erase("supplementalGroupsPolicy");
    sc->erase("seLinuxChangePolicy");
  }
  for (const char* key : {"initContainers", "containers", "ephemeralContainers"}) {
    ForEach(spec, key, [](Json& ctr) {
      if (!ctr.is_object()) return;
      ctr.erase("resizePolicy");  // InPlacePodVerticalScaling is alpha.
      if (Json* resources = Child(ctr, "resources")) resources->erase("claims");
    });
  }
  // ImageVolume is alpha: image volumes are dropped.
  if (Json* vols = LookupMutable(spec, {"volumes"}); vols && vols->is_array()) {
    for (Json& v : *vols) {
      if (v.is_object()) v.erase("image");
    }
  }
}

std::string ComputePodQOS(const Json& spec) {
  std::map<std::string, Quantity> requests, limits;
  bool guaranteed = true;
  for (const char* key : {"containers", "initContainers"}) {
    const Json* cs = validation::Array(spec, key);
    if (cs == nullptr) continue;
    for (const Json& c : *cs) {
      const Json* res = Get(c, "resources");
      if (const Json* req = res ? validation::Object(*res, "requests") : nullptr) {
        for (auto it = req->begin(); it != req->end(); ++it) {
          if (it.key() == "cpu" || it.key() == "memory")
            AddQuantity(requests, it.key(), it.value());
        }
      }
      bool cpu_limit = false, mem_limit = false;
      if (const Json* lim = res ? validation::Object(*res, "limits") : nullptr) {
        for (auto it = lim->begin(); it != lim->end(); ++it) {
          if (it.key() != "cpu" && it.key() != "memory") continue;
          auto q = Quantity::FromJson(it.value());
          if (!q.ok() || q->Sign() <= 0) continue;
          (it.key() == "cpu" ? cpu_limit : mem_limit) = true;
          limits[it.key()] += *q;
        }
      }
      if (!cpu_limit || !mem_limit) guaranteed = false;
    }
  }
  if (requests.empty() && limits.empty()) return "BestEffort";
  if (guaranteed) {
    for (const auto& [name, req] : requests) {
      auto it = limits.find(name);
      if (it == limits.end() || it->second.Compare(req) != 0) {
        guaranteed = false;
        break;
      }
    }
  }
  if (guaranteed && requests.size() == limits.size()) return "Guaranteed";
  return "Burstable";
}

}  // namespace stead::api::kinds

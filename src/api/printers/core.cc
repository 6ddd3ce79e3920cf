// core/v1 printers (Pod and Event live in pod.cc and events.cc).

#include <set>
#include <string>
#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"
#include "api/printers/pod.h"

namespace stead::api::printers {

namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::vector<std::string> Strings(const Json* array) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  for (const Json& v : *array) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// The annotation's value when the annotation is present (even if empty).
std::optional<std::string> Annotation(const Json& obj, std::string_view key) {
  const Json* v = Lookup(obj, {"metadata", "annotations", key});
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

constexpr std::string_view kBetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

// --- Service ---------------------------------------------------------------

// loadBalancerStatusStringer, unclipped: the server always prints wide.
std::string LoadBalancerIngress(const Json& svc) {
  std::set<std::string> result;
  if (const Json* ingress = ArrayAt(svc, {"status", "loadBalancer", "ingress"})) {
    for (const Json& i : *ingress) {
      std::string ip = GetString(i, {"ip"});
      std::string hostname = GetString(i, {"hostname"});
      if (!ip.empty()) {
        result.insert(ip);
      } else if (!hostname.empty()) {
        result.insert(hostname);
      }
    }
  }
  return Join({result.begin(), result.end()}, ",");
}

std::string ServiceExternalIP(const Json& svc) {
  std::string type = GetString(svc, {"spec", "type"});
  std::vector<std::string> external_ips = Strings(ArrayAt(svc, {"spec", "externalIPs"}));
  if (type == "ClusterIP" || type == "NodePort") {
    return external_ips.empty() ? "<none>" : Join(external_ips, ",");
  }
  if (type == "LoadBalancer") {
    std::string lb_ips = LoadBalancerIngress(svc);
    if (!external_ips.empty()) {
      std::vector<std::string> results;
      if (!lb_ips.empty()) results.push_back(lb_ips);
      results.insert(results.end(), external_ips.begin(), external_ips.end());
      return Join(results, ",");
    }
    return lb_ips.empty() ? "<pending>" : lb_ips;
  }
  if (type == "ExternalName") return GetString(svc, {"spec", "externalName"});
  return "<unknown>";
}

std::string ServicePorts(const Json& svc) {
  std::vector<std::string> pieces;
  if (const Json* ports = ArrayAt(svc, {"spec", "ports"})) {
    for (const Json& p : *ports) {
      std::string port = std::to_string(GetInt(p, {"port"}));
      std::string protocol = GetString(p, {"protocol"});
      int64_t node_port = GetInt(p, {"nodePort"});
      pieces.push_back(node_port > 0 ? port + ":" + std::to_string(node_port) + "/" + protocol
                                     : port + "/" + protocol);
    }
  }
  std::string out = Join(pieces, ",");
  return out.empty() ? "<none>" : out;
}

void InstallService(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Type", "string", "", "How the Service is exposed (ClusterIP, NodePort, ...).", 0},
      {"Cluster-IP", "string", "", "The IP address of the service inside the cluster.", 0},
      {"External-IP", "string", "", "The IP addresses the service is reachable at from outside.",
       0},
      {"Port(s)", "string", "", "The ports the service exposes.", 0},
      AgeColumn(),
      {"Selector", "string", "", "The labels of the pods traffic is routed to.", 1},
  };
  type.row = [](const Json& svc, SystemTime now) -> std::vector<Json> {
    std::string internal_ip = "<none>";
    if (const Json* ips = ArrayAt(svc, {"spec", "clusterIPs"}); ips != nullptr && !ips->empty()) {
      if ((*ips)[0].is_string()) internal_ip = (*ips)[0].get<std::string>();
    }
    return {MetaName(svc),
            GetString(svc, {"spec", "type"}),
            internal_ip,
            ServiceExternalIP(svc),
            ServicePorts(svc),
            Age(svc, now),
            FormatLabels(ObjectAt(svc, {"spec", "selector"}))};
  };
}

// --- Endpoints -------------------------------------------------------------

// formatEndpoints: the first three host:port pairs, then "+ N more...".
std::string FormatEndpoints(const Json& ep) {
  const Json* subsets = ArrayAt(ep, {"subsets"});
  if (subsets == nullptr || subsets->empty()) return "<none>";
  constexpr size_t kMax = 3;
  std::vector<std::string> list;
  bool more = false;
  size_t count = 0;
  for (const Json& ss : *subsets) {
    const Json* addresses = ArrayAt(ss, {"addresses"});
    const Json* ports = ArrayAt(ss, {"ports"});
    size_t n = addresses ? addresses->size() : 0;
    if (ports == nullptr || ports->empty()) {
      // Headless services may have no ports.
      count += n;
      for (size_t i = 0; i < n; ++i) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(GetString((*addresses)[i], {"ip"}));
      }
      continue;
    }
    for (const Json& port : *ports) {
      count += n;
      for (size_t i = 0; i < n; ++i) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(JoinHostPort(GetString((*addresses)[i], {"ip"}), GetInt(port, {"port"})));
      }
    }
  }
  std::string ret = Join(list, ",");
  if (more) return ret + " + " + std::to_string(count - kMax) + " more...";
  return ret;
}

void InstallEndpoints(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Endpoints", "string", "", "The addresses and ports backing the service.", 0},
      AgeColumn(),
  };
  type.row = [](const Json& ep, SystemTime now) -> std::vector<Json> {
    return {MetaName(ep), FormatEndpoints(ep), Age(ep, now)};
  };
}

// --- Node ------------------------------------------------------------------

std::string NodeAddress(const Json& node, std::string_view address_type) {
  if (const Json* addresses = ArrayAt(node, {"status", "addresses"})) {
    for (const Json& a : *addresses) {
      if (GetString(a, {"type"}) == address_type) return GetString(a, {"address"});
    }
  }
  return "<none>";
}

// node-role.kubernetes.io/<role> labels and the kubernetes.io/role label.
std::string NodeRoles(const Json& node) {
  constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
  std::set<std::string> roles;
  for (const auto& [k, v] : MetaLabels(node)) {
    if (k.rfind(kRolePrefix, 0) == 0) {
      if (k.size() > kRolePrefix.size()) roles.insert(k.substr(kRolePrefix.size()));
    } else if (k == "kubernetes.io/role" && !v.empty()) {
      roles.insert(v);
    }
  }
  std::string out = Join({roles.begin(), roles.end()}, ",");
  return out.empty() ? "<none>" : out;
}

std::string NodeStatus(const Json& node) {
  std::vector<std::string> status;
  if (const Json* conditions = ArrayAt(node, {"status", "conditions"})) {
    // Upstream indexes conditions by type, so the last Ready condition wins.
    const Json* ready = nullptr;
    for (const Json& c : *conditions) {
      if (GetString(c, {"type"}) == "Ready") ready = &c;
    }
    if (ready != nullptr)
      status.push_back(GetString(*ready, {"status"}) == "True" ? "Ready" : "NotReady");
  }
  if (status.empty()) status.push_back("Unknown");
  if (GetBool(node, {"spec", "unschedulable"})) status.push_back("SchedulingDisabled");
  return Join(status, ",");
}

std::string OrUnknown(std::string s) { return s.empty() ? "<unknown>" : s; }

void InstallNode(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Status", "string", "", "The status of the node", 0},
      {"Roles", "string", "", "The roles of the node", 0},
      AgeColumn(),
      {"Version", "string", "", "The kubelet version the node reports.", 0},
      {"Internal-IP", "string", "", "The node's first InternalIP address.", 1},
      {"External-IP", "string", "", "The node's first ExternalIP address.", 1},
      {"OS-Image", "string", "", "The OS image the node reports.", 1},
      {"Kernel-Version", "string", "", "The kernel version the node reports.", 1},
      {"Container-Runtime", "string", "", "The container runtime and version on the node.", 1},
  };
  type.row = [](const Json& node, SystemTime now) -> std::vector<Json> {
    return {MetaName(node),
            NodeStatus(node),
            NodeRoles(node),
            Age(node, now),
            GetString(node, {"status", "nodeInfo", "kubeletVersion"}),
            NodeAddress(node, "InternalIP"),
            NodeAddress(node, "ExternalIP"),
            OrUnknown(GetString(node, {"status", "nodeInfo", "osImage"})),
            OrUnknown(GetString(node, {"status", "nodeInfo", "kernelVersion"})),
            OrUnknown(GetString(node, {"status", "nodeInfo", "containerRuntimeVersion"}))};
  };
}

// --- Persistent volumes ----------------------------------------------------

std::string Phase(const Json& obj) {
  return MetaDeleting(obj) ? "Terminating" : GetString(obj, {"status", "phase"});
}

std::string VolumeAttributesClass(const Json& obj) {
  const Json* v = Lookup(obj, {"spec", "volumeAttributesClassName"});
  return v != nullptr && v->is_string() ? v->get<std::string>() : "<unset>";
}

std::string VolumeMode(const Json& obj) {
  const Json* v = Lookup(obj, {"spec", "volumeMode"});
  return v != nullptr && v->is_string() ? v->get<std::string>() : "<unset>";
}

void InstallPersistentVolume(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Capacity", "string", "", "The storage capacity of the volume.", 0},
      {"Access Modes", "string", "", "The ways the volume can be mounted.", 0},
      {"Reclaim Policy", "string", "", "What happens to the volume when its claim is released.", 0},
      {"Status", "string", "", "The phase of the volume.", 0},
      {"Claim", "string", "", "The claim bound to this volume.", 0},
      {"StorageClass", "string", "", "StorageClass of the pv", 0},
      {"VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pv", 0},
      {"Reason", "string", "", "Why the volume is in this phase, if it failed.", 0},
      AgeColumn(),
      {"VolumeMode", "string", "", "Whether the volume is a filesystem or a raw block device.", 1},
  };
  type.row = [](const Json& pv, SystemTime now) -> std::vector<Json> {
    std::string claim;
    if (const Json* ref = ObjectAt(pv, {"spec", "claimRef"})) {
      claim = GetString(*ref, {"namespace"}) + "/" + GetString(*ref, {"name"});
    }
    std::string storage_class = Annotation(pv, kBetaStorageClassAnnotation)
                                    .value_or(GetString(pv, {"spec", "storageClassName"}));
    return {MetaName(pv),
            QuantityCell(Lookup(pv, {"spec", "capacity", "storage"})),
            AccessModes(ArrayAt(pv, {"spec", "accessModes"})),
            GetString(pv, {"spec", "persistentVolumeReclaimPolicy"}),
            Phase(pv),
            claim,
            storage_class,
            VolumeAttributesClass(pv),
            GetString(pv, {"status", "reason"}),
            Age(pv, now),
            VolumeMode(pv)};
  };
}

void InstallPersistentVolumeClaim(ResourceType& type) {
  type.columns = {
      NameColumn(),
      {"Status", "string", "", "The phase of the claim.", 0},
      {"Volume", "string", "", "The volume bound to this claim.", 0},
      {"Capacity", "string", "", "The capacity of the bound volume.", 0},
      {"Access Modes", "string", "", "The access modes of the bound volume.", 0},
      {"StorageClass", "string", "", "StorageClass of the pvc", 0},
      {"VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pvc", 0},
      AgeColumn(),
      {"VolumeMode", "string", "", "Whether the claim wants a filesystem or a raw block device.",
       1},
  };
  type.row = [](const Json& pvc, SystemTime now) -> std::vector<Json> {
    std::string volume = GetString(pvc, {"spec", "volumeName"});
    std::string capacity;
    std::string access_modes;
    if (!volume.empty()) {
      access_modes = AccessModes(ArrayAt(pvc, {"status", "accessModes"}));
      capacity = QuantityCell(Lookup(pvc, {"status", "capacity", "storage"}));
    }
    std::optional<std::string> storage_class = Annotation(pvc, kBetaStorageClassAnnotation);
    if (!storage_class) storage_class = GetString(pvc, {"spec", "storageClassName"});
    return {MetaName(pvc),
            Phase(pvc),
            volume,
            capacity,
            access_modes,
            *storage_class,
            VolumeAttributesClass(pvc),
            Age(pvc, now),
            VolumeMode(pvc)};
  };
}

// --- Small kinds -----------------------------------------------------------

int64_t Size(const Json* v) { return v != nullptr ? static_cast<int64_t>(v->size()) : 0; }

void InstallNamespace(ResourceType& type) {
  type.columns = {
      NameColumn(), {"Status", "string", "", "The status of the namespace", 0}, AgeColumn()};
  type.row = [](const Json& ns, SystemTime now) -> std::vector<Json> {
    return {MetaName(ns), GetString(ns, {"status", "phase"}), Age(ns, now)};
  };
}

void InstallConfigMap(ResourceType& type) {
  type.columns = {NameColumn(),
                  {"Data", "string", "", "The number of data and binaryData keys.", 0},
                  AgeColumn()};
  type.row = [](const Json& cm, SystemTime now) -> std::vector<Json> {
    return {MetaName(cm), Size(ObjectAt(cm, {"data"})) + Size(ObjectAt(cm, {"binaryData"})),
            Age(cm, now)};
  };
}

void InstallSecret(ResourceType& type) {
  type.columns = {NameColumn(),
                  {"Type", "string", "", "The type of the secret's data.", 0},
                  {"Data", "string", "", "The number of data keys.", 0},
                  AgeColumn()};
  type.row = [](const Json& secret, SystemTime now) -> std::vector<Json> {
    return {MetaName(secret), GetString(secret, {"type"}), Size(ObjectAt(secret, {"data"})),
            Age(secret, now)};
  };
}

void InstallServiceAccount(ResourceType& type) {
  type.columns = {NameColumn(),
                  {"Secrets", "string", "", "The number of secrets listed by the account.", 0},
                  AgeColumn()};
  type.row = [](const Json& sa, SystemTime now) -> std::vector<Json> {
    return {MetaName(sa), Size(ArrayAt(sa, {"secrets"})), Age(sa, now)};
  };
}

}  // namespace

bool InstallCoreV1(ResourceType& type) {
  if (!type.group.empty()) return false;
  const std::string& kind = type.kind;
  if (kind == "Pod") {
    type.columns = PodColumns();
    type.row = PodCells;
  } else if (kind == "Service") {
    InstallService(type);
  } else if (kind == "Endpoints") {
    InstallEndpoints(type);
  } else if (kind == "Node") {
    InstallNode(type);
  } else if (kind == "PersistentVolume") {
    InstallPersistentVolume(type);
  } else if (kind == "PersistentVolumeClaim") {
    InstallPersistentVolumeClaim(type);
  } else if (kind == "Namespace") {
    InstallNamespace(type);
  } else if (kind == "ConfigMap") {
    InstallConfigMap(type);
  } else if (kind == "Secret") {
    InstallSecret(type);
  } else if (kind == "ServiceAccount") {
    InstallServiceAccount(type);
  } else {
    return false;
  }
  return true;
}

}  // namespace stead::api::printers

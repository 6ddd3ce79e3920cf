#include "agent/node_status.h"

namespace stead::agent {

namespace {

struct ConditionSpec {
  const char* type;
  bool bad;  // the condition's status is the unhealthy one
  const char* ok_reason;
  const char* ok_message;
  const char* bad_reason;
  const char* bad_message;
  bool true_is_good;
};

Json Conditions(const Json* old, const NodeHealth& health, SystemTime now) {
  const ConditionSpec specs[] = {
      {"MemoryPressure", health.memory_pressure, "KubeletHasSufficientMemory",
       "kubelet has sufficient memory available", "KubeletHasInsufficientMemory",
       "kubelet has insufficient memory available", false},
      {"DiskPressure", health.disk_pressure, "KubeletHasNoDiskPressure",
       "kubelet has no disk pressure", "KubeletHasDiskPressure", "kubelet has disk pressure",
       false},
      {"PIDPressure", health.pid_pressure, "KubeletHasSufficientPID",
       "kubelet has sufficient PID available", "KubeletHasInsufficientPID",
       "kubelet has insufficient PID available", false},
      {"Ready", !health.ready, "KubeletReady", "kubelet is posting ready status", "KubeletNotReady",
       "container runtime is down", true},
  };
  Json out = Json::array();
  std::string stamp = FormatTime(now);
  for (const ConditionSpec& s : specs) {
    bool status_true = s.true_is_good ? !s.bad : s.bad;
    std::string status = status_true ? "True" : "False";
    Json c = {{"type", s.type},
              {"status", status},
              {"lastHeartbeatTime", stamp},
              {"lastTransitionTime", stamp},
              {"reason", s.bad ? s.bad_reason : s.ok_reason},
              {"message", s.bad ? s.bad_message : s.ok_message}};
    if (old && old->is_array()) {
      for (const Json& o : *old) {
        if (GetString(o, {"type"}) == s.type && GetString(o, {"status"}) == status &&
            Has(o, {"lastTransitionTime"})) {
          c["lastTransitionTime"] = o["lastTransitionTime"];
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::map<std::string, std::string> Labels(const NodeConfig& config) {
  std::map<std::string, std::string> labels = {
      {"beta.kubernetes.io/arch", config.architecture},
      {"beta.kubernetes.io/os", config.operating_system},
      {"kubernetes.io/arch", config.architecture},
      {"kubernetes.io/hostname", config.name},
      {"kubernetes.io/os", config.operating_system},
  };
  for (const auto& [k, v] : config.labels) labels[k] = v;
  return labels;
}

Json Status(const NodeConfig& config, const Json* old_conditions, const NodeHealth& health,
            SystemTime now) {
  Json addresses = Json::array();
  if (!config.internal_ip.empty()) {
    addresses.push_back({{"type", "InternalIP"}, {"address", config.internal_ip}});
  }
  addresses.push_back({{"type", "Hostname"}, {"address", config.name}});
  return {{"capacity", config.capacity},
          {"allocatable", config.capacity},
          {"conditions", Conditions(old_conditions, health, now)},
          {"addresses", std::move(addresses)},
          {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
          {"nodeInfo",
           {{"machineID", config.machine_id},
            {"systemUUID", config.system_uuid},
            {"bootID", config.boot_id},
            {"kernelVersion", config.kernel_version},
            {"osImage", config.os_image},
            {"containerRuntimeVersion", config.container_runtime_version},
            {"kubeletVersion", config.kubelet_version},
            {"kubeProxyVersion", ""},
            {"operatingSystem", config.operating_system},
            {"architecture", config.architecture}}}};
}

}  // namespace

Json NewNodeObject(const NodeConfig& config, const NodeHealth& health, SystemTime now) {
  Json node = {{"apiVersion", "v1"},
               {"kind", "Node"},
               {"metadata",
                {{"name", config.name},
                 {"labels", Labels(config)},
                 {"annotations",
                  {{"node.alpha.kubernetes.io/ttl", "0"},
                   {"volumes.kubernetes.io/controller-managed-attach-detach", "true"}}}}},
               {"spec", Json::object()}};
  if (!config.pod_cidr.empty()) {
    node["spec"]["podCIDR"] = config.pod_cidr;
    node["spec"]["podCIDRs"] = Json::array({config.pod_cidr});
  }
  node["status"] = Status(config, nullptr, health, now);
  return node;
}

void UpdateNodeObject(Json& node, const NodeConfig& config, const NodeHealth& health,
                      SystemTime now) {
  Json& labels = Ensure(node, {"metadata", "labels"});
  for (const auto& [k, v] : Labels(config)) labels[k] = v;
  if (!config.pod_cidr.empty() && GetString(node, {"spec", "podCIDR"}).empty()) {
    node["spec"]["podCIDR"] = config.pod_cidr;
    node["spec"]["podCIDRs"] = Json::array({config.pod_cidr});
  }
  Json old_status = node.contains("status") ? node["status"] : Json::object();
  Json status = Status(config, Lookup(old_status, {"conditions"}), health, now);
  // Fields the kubelet does not own (images, volumes in use, ...) are kept.
  for (auto& [k, v] : status.items()) old_status[k] = v;
  node["status"] = std::move(old_status);
}

Json NodeLease(const std::string& node_name, const std::string& node_uid, SystemTime now) {
  Json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                {"kind", "Lease"},
                {"metadata", {{"name", node_name}, {"namespace", kNodeLeaseNamespace}}},
                {"spec",
                 {{"holderIdentity", node_name},
                  {"leaseDurationSeconds", kNodeLeaseDurationSeconds},
                  {"renewTime", FormatMicroTime(now)}}}};
  if (!node_uid.empty()) {
    lease["metadata"]["ownerReferences"] = Json::array(
        {{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_name}, {"uid", node_uid}}});
  }
  return lease;
}

}  // namespace stead::agent

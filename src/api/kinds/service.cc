// core/v1 Service: SetDefaults_Service, the create/update preparation of the
// service registry that does not need the IP allocator (clusterIP/clusterIPs
// normalization, IP family fields on this IPv4 single-stack cluster,
// carrying allocated values over updates, dropping fields a type change made
// meaningless), validation, and the spec.clusterIP / spec.type selectors.
// Allocating ClusterIPs and node ports is the API server's job.
#include <set>

#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/service.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void SetDefaults(Json& svc) {
  Json& spec = Ensure(svc, {"spec"});
  if (v::Str(spec, "sessionAffinity").empty()) spec["sessionAffinity"] = "None";
  std::string affinity = v::Str(spec, "sessionAffinity");
  if (affinity == "None") {
    spec.erase("sessionAffinityConfig");
  } else if (affinity == "ClientIP" &&
             Lookup(spec, {"sessionAffinityConfig", "clientIP", "timeoutSeconds"}) == nullptr) {
    spec["sessionAffinityConfig"] = {{"clientIP", {{"timeoutSeconds", 10800}}}};
  }
  if (v::Str(spec, "type").empty()) spec["type"] = "ClusterIP";
  std::string type = v::Str(spec, "type");
  if (Json* ports = LookupMutable(spec, {"ports"}); ports && ports->is_array()) {
    for (Json& port : *ports) {
      if (!port.is_object()) continue;
      if (v::Str(port, "protocol").empty()) port["protocol"] = "TCP";
      const Json* target = v::Get(port, "targetPort");
      bool unset = target == nullptr || (target->is_number() && target->get<int64_t>() == 0) ||
                   (target->is_string() && target->get<std::string>().empty());
      if (unset) port["targetPort"] = v::Int(port, "port");
    }
  }
  if (v::ServiceExternallyAccessible(spec) && v::Str(spec, "externalTrafficPolicy").empty()) {
    spec["externalTrafficPolicy"] = "Cluster";
  }
  if (v::Get(spec, "internalTrafficPolicy") == nullptr &&
      (type == "NodePort" || type == "LoadBalancer" || type == "ClusterIP")) {
    spec["internalTrafficPolicy"] = "Cluster";
  }
  if (type == "LoadBalancer") {
    if (v::Get(spec, "allocateLoadBalancerNodePorts") == nullptr) {
      spec["allocateLoadBalancerNodePorts"] = true;
    }
    if (Json* ingress = LookupMutable(svc, {"status", "loadBalancer", "ingress"});
        ingress && ingress->is_array()) {
      for (Json& ing : *ingress) {
        if (!v::Str(ing, "ip").empty() && v::Get(ing, "ipMode") == nullptr) ing["ipMode"] = "VIP";
      }
    }
  }
}

std::vector<std::string> ClusterIPs(const Json& spec) {
  std::vector<std::string> out;
  if (const Json* ips = v::Array(spec, "clusterIPs")) {
    for (const Json& ip : *ips) out.push_back(ip.is_string() ? ip.get<std::string>() : "");
  }
  return out;
}

void SetClusterIPs(Json& spec, const std::vector<std::string>& ips) {
  if (ips.empty()) {
    spec.erase("clusterIPs");
  } else {
    spec["clusterIPs"] = ips;
  }
}

// The allocator's family fields for a single-stack IPv4 cluster.
void InitIPFamilyFields(Json& spec) {
  if (v::Str(spec, "type") == "ExternalName") return;
  bool headless = v::IsHeadlessService(spec);
  if (v::Get(spec, "ipFamilyPolicy") == nullptr) {
    // Selectorless headless services may carry any family.
    bool any_family = headless && v::Len(spec, "selector") == 0;
    spec["ipFamilyPolicy"] = any_family ? "RequireDualStack" : "SingleStack";
  }
  if (v::Len(spec, "ipFamilies") == 0) {
    bool v6 = false;
    std::vector<std::string> ips = ClusterIPs(spec);
    if (!ips.empty() && ips[0] != "None") v::ParseIP(ips[0], &v6);
    spec["ipFamilies"] = Json::array({v6 ? "IPv6" : "IPv4"});
  }
}

void PrepareCreate(Json& svc) {
  svc["status"] = {{"loadBalancer", Json::object()}};
  Json& spec = Ensure(svc, {"spec"});
  std::string cluster_ip = v::Str(spec, "clusterIP");
  if (!cluster_ip.empty() && v::Len(spec, "clusterIPs") == 0) spec["clusterIPs"] = {cluster_ip};
  InitIPFamilyFields(spec);
}

bool NeedsClusterIP(const Json& spec) { return v::Str(spec, "type") != "ExternalName"; }
bool NeedsNodePort(const Json& spec) {
  std::string type = v::Str(spec, "type");
  return type == "NodePort" || type == "LoadBalancer";
}

// patchAllocatedValues: clients that omit allocated values (kubectl apply)
// keep them.
void PatchAllocatedValues(Json& spec, const Json& old_spec) {
  if (NeedsClusterIP(old_spec) && NeedsClusterIP(spec)) {
    if (v::Str(spec, "clusterIP").empty() && v::Get(old_spec, "clusterIP")) {
      spec["clusterIP"] = old_spec["clusterIP"];
    }
    if (v::Len(spec, "clusterIPs") == 0 && v::Len(old_spec, "clusterIPs") > 0) {
      spec["clusterIPs"] = old_spec["clusterIPs"];
    }
  }
  if (NeedsNodePort(old_spec) && NeedsNodePort(spec)) {
    std::set<int64_t> used_old, used_new;
    std::map<std::string, int64_t> by_name;
    if (const Json* ports = v::Array(old_spec, "ports")) {
      for (const Json& p : *ports) {
        if (v::Int(p, "nodePort")) used_old.insert(v::Int(p, "nodePort"));
        by_name[v::Str(p, "name")] = v::Int(p, "nodePort");
      }
    }
    Json* ports = LookupMutable(spec, {"ports"});
    if (ports && ports->is_array()) {
      for (const Json& p : *ports) {
        if (v::Int(p, "nodePort")) used_new.insert(v::Int(p, "nodePort"));
      }
      for (Json& p : *ports) {
        if (v::Int(p, "nodePort") != 0) continue;
        int64_t old_value = by_name[v::Str(p, "name")];
        if (old_value != 0 && !(used_old.count(old_value) && used_new.count(old_value))) {
          p["nodePort"] = old_value;
        }
      }
    }
  }
  std::string type = v::Str(spec, "type");
  bool needs_hc = type == "LoadBalancer" && v::Str(spec, "externalTrafficPolicy") == "Local";
  bool old_needs_hc = v::Str(old_spec, "type") == "LoadBalancer" &&
                      v::Str(old_spec, "externalTrafficPolicy") == "Local";
  if (needs_hc && old_needs_hc && v::Int(spec, "healthCheckNodePort") == 0 &&
      v::Get(old_spec, "healthCheckNodePort")) {
    spec["healthCheckNodePort"] = old_spec["healthCheckNodePort"];
  }
}

// NormalizeClusterIPs for updates.
void NormalizeClusterIPs(Json& spec, const Json& old_spec) {
  std::vector<std::string> old_ips = ClusterIPs(old_spec), new_ips = ClusterIPs(spec);
  std::string old_ip = v::Str(old_spec, "clusterIP"), new_ip = v::Str(spec, "clusterIP");
  if (!old_ips.empty() && new_ips.empty() && old_ip == new_ip) {
    new_ips = old_ips;
    SetClusterIPs(spec, new_ips);
  }
  if (old_ip != new_ip) {
    if (!old_ip.empty() && new_ip.empty()) {
      SetClusterIPs(spec, {});
      return;
    }
    if (new_ips == old_ips) SetClusterIPs(spec, {new_ip});
  }
}

// dropTypeDependentFields: wipe values that only applied to the old type,
// unless the user changed them.
void DropTypeDependentFields(Json& spec, const Json& old_spec) {
  if (NeedsClusterIP(old_spec) && !NeedsClusterIP(spec)) {
    if (ClusterIPs(spec) == ClusterIPs(old_spec) &&
        v::Str(spec, "clusterIP") == v::Str(old_spec, "clusterIP")) {
      spec.erase("clusterIP");
      spec.erase("clusterIPs");
    }
    if (v::SemanticEqual(v::Get(spec, "ipFamilies"), v::Get(old_spec, "ipFamilies"))) {
      spec.erase("ipFamilies");
    }
    if (v::Str(spec, "ipFamilyPolicy") == v::Str(old_spec, "ipFamilyPolicy")) {
      spec.erase("ipFamilyPolicy");
    }
  }
  if (NeedsNodePort(old_spec) && !NeedsNodePort(spec)) {
    Json* ports = LookupMutable(spec, {"ports"});
    const Json* old_ports = v::Get(old_spec, "ports");
    bool same = ports && old_ports && ports->is_array() && old_ports->is_array() &&
                ports->size() == old_ports->size();
    for (size_t i = 0; same && i < ports->size(); ++i) {
      same = v::Int((*ports)[i], "nodePort") == v::Int((*old_ports)[i], "nodePort");
    }
    if (same) {
      for (Json& p : *ports) p.erase("nodePort");
    }
  }
  bool old_hc = v::Str(old_spec, "type") == "LoadBalancer" &&
                v::Str(old_spec, "externalTrafficPolicy") == "Local";
  bool new_hc =
      v::Str(spec, "type") == "LoadBalancer" && v::Str(spec, "externalTrafficPolicy") == "Local";
  if (old_hc && !new_hc &&
      v::Int(spec, "healthCheckNodePort") == v::Int(old_spec, "healthCheckNodePort")) {
    spec.erase("healthCheckNodePort");
  }
  if (v::Str(old_spec, "type") == "LoadBalancer" && v::Str(spec, "type") != "LoadBalancer") {
    for (const char* key : {"allocateLoadBalancerNodePorts", "loadBalancerClass"}) {
      const Json* n = v::Get(spec, key);
      const Json* o = v::Get(old_spec, key);
      if (n && o && *n == *o) spec.erase(key);
    }
  }
  if (v::ServiceExternallyAccessible(old_spec) && !v::ServiceExternallyAccessible(spec) &&
      v::Str(spec, "externalTrafficPolicy") == v::Str(old_spec, "externalTrafficPolicy")) {
    spec.erase("externalTrafficPolicy");
  }
}

void PrepareUpdate(Json& svc, const Json& old) {
  Json& spec = Ensure(svc, {"spec"});
  const Json* old_spec_p = v::Get(old, "spec");
  const Json old_spec = old_spec_p ? *old_spec_p : Json::object();
  PatchAllocatedValues(spec, old_spec);
  NormalizeClusterIPs(spec, old_spec);
  DropTypeDependentFields(spec, old_spec);
  // Family fields the client left out stay as allocated.
  if (NeedsClusterIP(spec) && NeedsClusterIP(old_spec) &&
      v::IsHeadlessService(spec) == v::IsHeadlessService(old_spec)) {
    for (const char* key : {"ipFamilyPolicy", "ipFamilies"}) {
      if (v::IsZero(v::Get(spec, key)) && v::Get(old_spec, key)) spec[key] = old_spec[key];
    }
  }
  InitIPFamilyFields(spec);
}

}  // namespace

ResourceType Service() {
  ResourceType t;
  t.version = "v1";
  t.kind = "Service";
  t.plural = "services";
  t.singular = "service";
  t.short_names = {"svc"};
  t.categories = {"all"};
  t.namespaced = true;
  t.has_status = true;
  t.name_rule = validation::NameIsDNS1035Label;
  t.set_defaults = SetDefaults;
  t.validate_create = [](const Json& svc, FieldErrorList& errs) { v::ValidateService(errs, svc); };
  t.validate_update = [](const Json& svc, const Json& old, FieldErrorList& errs) {
    v::ValidateServiceUpdate(errs, svc, old);
  };
  t.validate_status = [](const Json& svc, const Json&, FieldErrorList& errs) {
    v::ValidateServiceStatusUpdate(errs, svc);
  };
  t.prepare_create = PrepareCreate;
  t.prepare_update = PrepareUpdate;
  t.field_selectors = {"spec.clusterIP", "spec.type"};
  t.field_value = [](const Json& svc, const std::string& field) -> std::optional<std::string> {
    if (field == "spec.clusterIP") return GetString(svc, {"spec", "clusterIP"});
    if (field == "spec.type") return GetString(svc, {"spec", "type"});
    return std::nullopt;
  };
  return t;
}

}  // namespace stead::api::kinds

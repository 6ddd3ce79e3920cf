#include "api/validation/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/object_meta.h"

namespace stead::api::validation {
namespace {

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};
constexpr std::string_view kInvalidIPMsg =
    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

const Json& SpecOf(const Json& svc) {
  static const Json kEmpty = Json::object();
  const Json* spec = Get(svc, "spec");
  return spec ? *spec : kEmpty;
}

std::vector<std::string> Strings(const Json& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const Json* a = Array(obj, key)) {
    for (const Json& e : *a) out.push_back(e.is_string() ? e.get<std::string>() : "");
  }
  return out;
}

std::string GoIPFamilies(const std::vector<std::string>& families) {
  std::string out = "[]core.IPFamily{";
  for (size_t i = 0; i < families.size(); ++i) out += (i ? ", " : "") + GoQuote(families[i]);
  return out + "}";
}

std::string GoOptionalString(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  return v && v->is_string() ? GoQuote(v->get<std::string>()) : "null";
}

std::string GoServicePort(const Json& port) {
  const Json* target = Get(port, "targetPort");
  return "core.ServicePort{Name:" + GoQuote(Str(port, "name")) +
         ", Protocol:" + GoQuote(Str(port, "protocol")) +
         ", AppProtocol:" + GoPointer("string", Get(port, "appProtocol")) +
         ", Port:" + std::to_string(Int(port, "port")) +
         ", TargetPort:" + RenderIntOrString(target ? *target : Json(0)) +
         ", NodePort:" + std::to_string(Int(port, "nodePort")) + "}";
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

void ValidateServicePort(FieldErrorList& errs, const Json& port, bool require_name,
                         std::set<std::string>& names, const FieldPath& path) {
  std::string name = Str(port, "name");
  if (require_name && name.empty()) {
    errs.push_back(FieldError::Required(path.Child("name")));
  } else if (!name.empty()) {
    ValidateDNS1123Label(errs, name, path.Child("name"));
    if (!names.insert(name).second) errs.push_back(FieldError::Duplicate(path.Child("name"), name));
  }
  int64_t p = Int(port, "port");
  for (const auto& msg : IsValidPortNum(p)) {
    errs.push_back(FieldError::Invalid(path.Child("port"), p, msg));
  }
  std::string protocol = Str(port, "protocol");
  if (protocol.empty()) {
    errs.push_back(FieldError::Required(path.Child("protocol")));
  } else if (protocol != "SCTP" && protocol != "TCP" && protocol != "UDP") {
    errs.push_back(FieldError::NotSupported(path.Child("protocol"), protocol, kProtocols));
  }
  ValidatePortNumOrName(errs, Get(port, "targetPort"), path.Child("targetPort"));
  if (const Json* ap = Get(port, "appProtocol")) {
    ValidateQualifiedName(errs, ap->is_string() ? ap->get<std::string>() : "",
                          path.Child("appProtocol"));
  }
}

void ValidateClusterIPsRelatedFields(FieldErrorList& errs, const Json& spec) {
  if (Str(spec, "type") == "ExternalName") return;
  FieldPath spec_path("spec");
  FieldPath ips_path = spec_path.Child("clusterIPs");
  std::vector<std::string> ips = Strings(spec, "clusterIPs");
  std::string cluster_ip = Str(spec, "clusterIP");
  if (!cluster_ip.empty()) {
    if (ips.empty()) {
      errs.push_back(FieldError::Required(ips_path));
    } else if (ips[0] != cluster_ip) {
      errs.push_back(FieldError::InvalidRaw(ips_path, GoStringSlice(ips),
                                            "first value must match `clusterIP`"));
    }
  } else if (!ips.empty()) {
    errs.push_back(FieldError::InvalidRaw(ips_path, GoStringSlice(ips),
                                          "must be empty when `clusterIP` is not specified"));
  }
  std::vector<std::string> families = Strings(spec, "ipFamilies");
  std::set<std::string> seen;
  for (size_t i = 0; i < families.size(); ++i) {
    if (families[i] != "IPv4" && families[i] != "IPv6") {
      errs.push_back(FieldError::NotSupported(spec_path.Child("ipFamilies").Index(i), families[i],
                                              {"IPv4", "IPv6"}));
    }
    if (!seen.insert(families[i]).second) {
      errs.push_back(FieldError::Duplicate(spec_path.Child("ipFamilies").Index(i), families[i]));
    }
  }
  if (const Json* policy = Get(spec, "ipFamilyPolicy")) {
    std::string p = policy->is_string() ? policy->get<std::string>() : "";
    if (p != "PreferDualStack" && p != "RequireDualStack" && p != "SingleStack") {
      errs.push_back(
          FieldError::NotSupported(spec_path.Child("ipFamilyPolicy"), p,
                                   {"PreferDualStack", "RequireDualStack", "SingleStack"}));
    }
  }
  bool invalid = false;
  for (size_t i = 0; i < ips.size(); ++i) {
    if (i == 0 && ips[i] == "None") {
      if (ips.size() > 1) {
        invalid = true;
        errs.push_back(FieldError::InvalidRaw(ips_path, GoStringSlice(ips),
                                              "'None' must be the first and only value"));
      }
      continue;
    }
    if (!ParseIP(ips[i])) {
      invalid = true;
      errs.push_back(InvalidString(ips_path.Index(i), ips[i], std::string(kInvalidIPMsg)));
    }
  }
  if (ips.size() > 2) {
    errs.push_back(
        FieldError::InvalidRaw(ips_path, GoStringSlice(ips), "may only hold up to 2 values"));
  }
  if (invalid) return;
  if (ips.size() > 1) {
    bool v6a = false, v6b = false;
    ParseIP(ips[0], &v6a);
    ParseIP(ips[1], &v6b);
    if (v6a == v6b || ips.size() > 2) {
      errs.push_back(FieldError::InvalidRaw(ips_path, GoStringSlice(ips),
                                            "may specify no more than one IP for each IP family"));
    }
  }
  if (!IsHeadlessService(spec) && !ips.empty() && !families.empty()) {
    for (size_t i = 0; i < ips.size() && i < families.size(); ++i) {
      bool v6 = false;
      ParseIP(ips[i], &v6);
      if (families[i] == "IPv4" && v6) {
        errs.push_back(InvalidString(
            ips_path.Index(i), ips[i],
            "expected an IPv4 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
      if (families[i] == "IPv6" && !v6) {
        errs.push_back(InvalidString(
            ips_path.Index(i), ips[i],
            "expected an IPv6 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
    }
  }
}

bool NeedsHealthCheck(const Json& spec) {
  return Str(spec, "type") == "LoadBalancer" && Str(spec, "externalTrafficPolicy") == "Local";
}

void ValidateLoadBalancerClass(FieldErrorList& errs, const Json& spec, const Json* old_spec) {
  FieldPath path = FieldPath("spec").Child("loadBalancerClass");
  const Json* cls = Get(spec, "loadBalancerClass");
  bool lb = Str(spec, "type") == "LoadBalancer";
  if (old_spec && Str(*old_spec, "type") == "LoadBalancer" && lb) {
    const Json* old_cls = Get(*old_spec, "loadBalancerClass");
    bool same = (cls == nullptr && old_cls == nullptr) || (cls && old_cls && *cls == *old_cls);
    if (!same) {
      errs.push_back(FieldError::InvalidRaw(path, GoOptionalString(spec, "loadBalancerClass"),
                                            "may not change once set"));
    }
  }
  if (lb) {
    if (cls) ValidateQualifiedName(errs, cls->is_string() ? cls->get<std::string>() : "", path);
  } else if (cls) {
    errs.push_back(FieldError::Forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
  }
}

void ValidateUpgradeDowngradeClusterIPs(FieldErrorList& errs, const Json& spec,
                                        const Json& old_spec) {
  if (Str(spec, "type") == "ExternalName" || Str(old_spec, "type") == "ExternalName") return;
  if (IsHeadlessService(spec) && IsHeadlessService(old_spec)) return;
  std::vector<std::string> n = Strings(spec, "clusterIPs"), o = Strings(old_spec, "clusterIPs");
  FieldPath path = FieldPath("spec").Child("clusterIPs");
  std::string rendered = GoStringSlice(n);
  if (o.size() == n.size()) {
    for (size_t i = 0; i < o.size(); ++i) {
      if (o[i] != n[i])
        errs.push_back(FieldError::InvalidRaw(path.Index(i), rendered, "may not change once set"));
    }
  } else if (o.size() > n.size()) {
    if (n.empty()) {
      errs.push_back(
          FieldError::InvalidRaw(path.Index(0), rendered, "primary clusterIP can not be unset"));
    }
    if (!o.empty() && !n.empty() && n[0] != o[0]) {
      errs.push_back(FieldError::InvalidRaw(path.Index(0), rendered, "may not change once set"));
    }
    if (n.size() == 1 && Str(spec, "ipFamilyPolicy") != "SingleStack") {
      errs.push_back(FieldError::InvalidRaw(FieldPath("spec").Child("ipFamilyPolicy"),
                                            GoOptionalString(spec, "ipFamilyPolicy"),
                                            "must be set to 'SingleStack' when releasing the "
                                            "secondary clusterIP"));
    }
  } else if (!o.empty() && n[0] != o[0]) {
    errs.push_back(FieldError::InvalidRaw(path.Index(0), rendered, "may not change once set"));
  }
}

void ValidateUpgradeDowngradeIPFamilies(FieldErrorList& errs, const Json& spec,
                                        const Json& old_spec) {
  if (Str(spec, "type") == "ExternalName" || Str(old_spec, "type") == "ExternalName") return;
  if (IsHeadlessService(spec) != IsHeadlessService(old_spec) || IsHeadlessService(spec)) return;
  std::vector<std::string> n = Strings(spec, "ipFamilies"), o = Strings(old_spec, "ipFamilies");
  FieldPath path = FieldPath("spec").Child("ipFamilies").Index(0);
  if (o.size() == n.size()) {
    for (size_t i = 0; i < o.size(); ++i) {
      if (o[i] != n[i])
        errs.push_back(FieldError::InvalidRaw(path, GoIPFamilies(n), "may not change once set"));
    }
  } else if (o.size() > n.size()) {
    if (Len(spec, "clusterIPs") == 0) {
      errs.push_back(
          FieldError::InvalidRaw(path, GoIPFamilies(n), "primary ipFamily can not be unset"));
    }
    if (!n.empty() && n[0] != o[0]) {
      errs.push_back(FieldError::InvalidRaw(path, GoStringSlice(Get(spec, "clusterIPs")),
                                            "may not change once set"));
    }
    if (n.size() == 1 && Str(spec, "ipFamilyPolicy") != "SingleStack") {
      errs.push_back(FieldError::InvalidRaw(FieldPath("spec").Child("ipFamilyPolicy"),
                                            GoOptionalString(spec, "ipFamilyPolicy"),
                                            "must be set to 'SingleStack' when releasing the "
                                            "secondary ipFamily"));
    }
  } else if (!o.empty() && !n.empty() && n[0] != o[0]) {
    errs.push_back(FieldError::InvalidRaw(path, GoStringSlice(Get(spec, "clusterIPs")),
                                          "may not change once set"));
  }
}

}  // namespace

bool ServiceExternallyAccessible(const Json& spec) {
  std::string type = Str(spec, "type");
  return type == "LoadBalancer" || type == "NodePort" ||
         (type == "ClusterIP" && Len(spec, "externalIPs") > 0);
}

bool IsHeadlessService(const Json& spec) {
  const Json* ips = Array(spec, "clusterIPs");
  return ips && ips->size() == 1 && (*ips)[0] == "None";
}

void ValidateNonSpecialIP(FieldErrorList& errs, std::string_view ip, const FieldPath& path) {
  if (!ParseIP(ip)) {
    errs.push_back(InvalidString(path, ip, "must be a valid IP address"));
    return;
  }
  if (IsUnspecifiedIP(ip)) {
    errs.push_back(InvalidString(path, ip, "may not be unspecified (" + std::string(ip) + ")"));
  }
  if (IsLoopbackIP(ip)) {
    errs.push_back(
        InvalidString(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  }
  if (IsLinkLocalUnicastIP(ip)) {
    errs.push_back(
        InvalidString(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  }
  if (IsLinkLocalMulticastIP(ip)) {
    errs.push_back(InvalidString(
        path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
}

void ValidateService(FieldErrorList& errs, const Json& svc) {
  const Json& spec = SpecOf(svc);
  FieldPath meta_path("metadata"), spec_path("spec");
  auto ann = MetaAnnotations(svc);
  const std::string kHints = "service.kubernetes.io/topology-aware-hints";
  const std::string kMode = "service.kubernetes.io/topology-mode";
  if (ann.count(kHints) && ann.count(kMode) && ann[kHints] != ann[kMode]) {
    errs.push_back(InvalidString(meta_path.Child("annotations").Key(kMode), ann[kMode],
                                 "must match annotations[" + kHints + "] when both are specified"));
  }
  std::string type = Str(spec, "type");
  bool headless = IsHeadlessService(spec);
  const Json* ports = Array(spec, "ports");
  if (ports == nullptr && !headless && type != "ExternalName") {
    errs.push_back(FieldError::Required(spec_path.Child("ports")));
  }
  if ((type == "LoadBalancer" || type == "NodePort") && headless) {
    errs.push_back(InvalidString(spec_path.Child("clusterIPs").Index(0), "None",
                                 "may not be set to 'None' for " + type + " services"));
  } else if (type == "ExternalName") {
    if (Len(spec, "clusterIPs") > 0) {
      errs.push_back(FieldError::Forbidden(spec_path.Child("clusterIPs"),
                                           "may not be set for ExternalName services"));
    }
    if (Len(spec, "ipFamilies") > 0) {
      errs.push_back(FieldError::Forbidden(spec_path.Child("ipFamilies"),
                                           "may not be set for ExternalName services"));
    }
    if (Get(spec, "ipFamilyPolicy")) {
      errs.push_back(FieldError::Forbidden(spec_path.Child("ipFamilyPolicy"),
                                           "may not be set for ExternalName services"));
    }
    std::string cname = Str(spec, "externalName");
    if (!cname.empty() && cname.back() == '.') cname.pop_back();
    if (!cname.empty()) {
      ValidateDNS1123Subdomain(errs, cname, spec_path.Child("externalName"));
    } else {
      errs.push_back(FieldError::Required(spec_path.Child("externalName")));
    }
  }
  std::set<std::string> names;
  if (ports) {
    for (size_t i = 0; i < ports->size(); ++i) {
      ValidateServicePort(errs, (*ports)[i], ports->size() > 1, names,
                          spec_path.Child("ports").Index(i));
    }
  }
  if (Get(spec, "selector"))
    ValidateLabels(errs, Get(spec, "selector"), spec_path.Child("selector"));

  std::string affinity = Str(spec, "sessionAffinity");
  if (affinity.empty()) {
    errs.push_back(FieldError::Required(spec_path.Child("sessionAffinity")));
  } else if (affinity != "ClientIP" && affinity != "None") {
    errs.push_back(FieldError::NotSupported(spec_path.Child("sessionAffinity"), affinity,
                                            {"ClientIP", "None"}));
  }
  FieldPath sac = spec_path.Child("sessionAffinityConfig");
  if (affinity == "ClientIP") {
    const Json* config = Get(spec, "sessionAffinityConfig");
    const Json* client_ip = config ? Get(*config, "clientIP") : nullptr;
    const Json* timeout = client_ip ? Get(*client_ip, "timeoutSeconds") : nullptr;
    const std::string when = "when session affinity type is ClientIP";
    if (config == nullptr) {
      errs.push_back(FieldError::Required(sac, when));
    } else if (client_ip == nullptr) {
      errs.push_back(FieldError::Required(sac.Child("clientIP"), when));
    } else if (timeout == nullptr) {
      errs.push_back(FieldError::Required(sac.Child("clientIP").Child("timeoutSeconds"), when));
    } else {
      int64_t t = timeout->is_number() ? timeout->get<int64_t>() : 0;
      if (t <= 0 || t > 86400) {
        errs.push_back(FieldError::Invalid(sac.Child("clientIP").Child("timeoutSeconds"), t,
                                           "must be greater than 0 and less than 86400"));
      }
    }
  } else if (affinity == "None" && Get(spec, "sessionAffinityConfig")) {
    errs.push_back(FieldError::Forbidden(sac, "must not be set when session affinity is None"));
  }
  ValidateClusterIPsRelatedFields(errs, spec);

  std::vector<std::string> external_ips = Strings(spec, "externalIPs");
  for (size_t i = 0; i < external_ips.size(); ++i) {
    FieldPath p = spec_path.Child("externalIPs").Index(i);
    if (!ParseIP(external_ips[i])) {
      errs.push_back(InvalidString(p, external_ips[i], std::string(kInvalidIPMsg)));
    } else {
      ValidateNonSpecialIP(errs, external_ips[i], p);
    }
  }
  static const std::vector<std::string> kTypes = {"ClusterIP", "ExternalName", "LoadBalancer",
                                                  "NodePort"};
  if (type.empty()) {
    errs.push_back(FieldError::Required(spec_path.Child("type")));
  } else if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
    errs.push_back(FieldError::NotSupported(spec_path.Child("type"), type, kTypes));
  }
  if (ports) {
    if (type == "ClusterIP") {
      for (size_t i = 0; i < ports->size(); ++i) {
        if (Int((*ports)[i], "nodePort") != 0) {
          errs.push_back(FieldError::Forbidden(spec_path.Child("ports").Index(i).Child("nodePort"),
                                               "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
    std::set<std::pair<std::string, int64_t>> node_ports, port_keys;
    for (size_t i = 0; i < ports->size(); ++i) {
      const Json& p = (*ports)[i];
      int64_t np = Int(p, "nodePort");
      if (np == 0) continue;
      if (!node_ports.insert({Str(p, "protocol"), np}).second) {
        errs.push_back(
            FieldError::Duplicate(spec_path.Child("ports").Index(i).Child("nodePort"), np));
      }
    }
    for (size_t i = 0; i < ports->size(); ++i) {
      const Json& p = (*ports)[i];
      if (!port_keys.insert({Str(p, "protocol"), Int(p, "port")}).second) {
        Json key = {{"protocol", Str(p, "protocol")}, {"port", Int(p, "port")}};
        errs.push_back(FieldError{FieldErrorType::kDuplicate,
                                  spec_path.Child("ports").Index(i).str(), GoServicePort(key), ""});
      }
    }
  }
  std::vector<std::string> ranges = Strings(spec, "loadBalancerSourceRanges");
  const std::string kRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";
  if (!ranges.empty()) {
    FieldPath rp = spec_path.Child("LoadBalancerSourceRanges");
    if (type != "LoadBalancer") {
      errs.push_back(FieldError::Forbidden(rp, "may only be used when `type` is 'LoadBalancer'"));
    }
    for (size_t i = 0; i < ranges.size(); ++i) {
      std::string v = ranges[i];
      v.erase(0, v.find_first_not_of(" \t\n\r"));
      v.erase(v.find_last_not_of(" \t\n\r") + 1);
      if (!ParseCIDR(v)) {
        errs.push_back(InvalidString(
            rp.Index(i), v, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
      }
    }
  } else if (ann.count(kRangesAnnotation)) {
    FieldPath ap = meta_path.Child("annotations").Key(kRangesAnnotation);
    if (type != "LoadBalancer") {
      errs.push_back(FieldError::Forbidden(ap, "may only be used when `type` is 'LoadBalancer'"));
    }
  }
  if (Get(spec, "allocateLoadBalancerNodePorts") && type != "LoadBalancer") {
    errs.push_back(FieldError::Forbidden(spec_path.Child("allocateLoadBalancerNodePorts"),
                                         "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type == "LoadBalancer" && !Get(spec, "allocateLoadBalancerNodePorts")) {
    errs.push_back(FieldError::Required(FieldPath("allocateLoadBalancerNodePorts")));
  }
  ValidateLoadBalancerClass(errs, spec, nullptr);

  std::string etp = Str(spec, "externalTrafficPolicy");
  if (!ServiceExternallyAccessible(spec)) {
    if (!etp.empty()) {
      errs.push_back(InvalidString(spec_path.Child("externalTrafficPolicy"), etp,
                                   "may only be set for externally-accessible services"));
    }
  } else if (etp.empty()) {
    errs.push_back(FieldError::Required(spec_path.Child("externalTrafficPolicy")));
  } else if (etp != "Cluster" && etp != "Local") {
    errs.push_back(FieldError::NotSupported(spec_path.Child("externalTrafficPolicy"), etp,
                                            {"Cluster", "Local"}));
  }
  int64_t hc = Int(spec, "healthCheckNodePort");
  if (!NeedsHealthCheck(spec)) {
    if (hc != 0) {
      errs.push_back(FieldError::Invalid(
          spec_path.Child("healthCheckNodePort"), hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (hc == 0) {
    errs.push_back(FieldError::Required(spec_path.Child("healthCheckNodePort")));
  } else {
    for (const auto& msg : IsValidPortNum(hc)) {
      errs.push_back(FieldError::Invalid(spec_path.Child("healthCheckNodePort"), hc, msg));
    }
  }
  const Json* itp = Get(spec, "internalTrafficPolicy");
  if (itp == nullptr && (type == "NodePort" || type == "LoadBalancer" || type == "ClusterIP")) {
    errs.push_back(FieldError::Required(spec_path.Child("internalTrafficPolicy")));
  }
  if (itp != nullptr) {
    std::string v = itp->is_string() ? itp->get<std::string>() : "";
    if (v != "Cluster" && v != "Local") {
      errs.push_back(FieldError::NotSupported(spec_path.Child("internalTrafficPolicy"), v,
                                              {"Cluster", "Local"}));
    }
  }
  if (const Json* td = Get(spec, "trafficDistribution")) {
    std::string v = td->is_string() ? td->get<std::string>() : "";
    if (v != "PreferClose") {
      errs.push_back(
          FieldError::NotSupported(spec_path.Child("trafficDistribution"), v, {"PreferClose"}));
    }
  }
}

void ValidateServiceUpdate(FieldErrorList& errs, const Json& svc, const Json& old) {
  const Json& spec = SpecOf(svc);
  const Json& old_spec = SpecOf(old);
  ValidateUpgradeDowngradeClusterIPs(errs, spec, old_spec);
  ValidateUpgradeDowngradeIPFamilies(errs, spec, old_spec);
  ValidateLoadBalancerClass(errs, spec, &old_spec);
  if (NeedsHealthCheck(old_spec) && NeedsHealthCheck(spec) &&
      Int(spec, "healthCheckNodePort") != Int(old_spec, "healthCheckNodePort")) {
    errs.push_back(FieldError::Forbidden(FieldPath("spec").Child("healthCheckNodePort"),
                                         std::string(kFieldImmutableErrorMsg)));
  }
  ValidateService(errs, svc);
}

void ValidateServiceStatusUpdate(FieldErrorList& errs, const Json& svc) {
  FieldPath ingress_path = FieldPath("status").Child("loadBalancer").Child("ingress");
  const Json* ingress = Lookup(svc, {"status", "loadBalancer", "ingress"});
  if (ingress == nullptr || !ingress->is_array() || ingress->empty()) return;
  if (GetString(svc, {"spec", "type"}) != "LoadBalancer") {
    errs.push_back(
        FieldError::Forbidden(ingress_path, "may only be used when `spec.type` is 'LoadBalancer'"));
    return;
  }
  for (size_t i = 0; i < ingress->size(); ++i) {
    const Json& ing = (*ingress)[i];
    FieldPath p = ingress_path.Index(i);
    std::string ip = Str(ing, "ip");
    if (!ip.empty() && !ParseIP(ip)) {
      errs.push_back(InvalidString(p.Child("ip"), ip, std::string(kInvalidIPMsg)));
    }
    const Json* mode = Get(ing, "ipMode");
    if (mode == nullptr) {
      if (!ip.empty())
        errs.push_back(
            FieldError::Required(p.Child("ipMode"), "must be specified when `ip` is set"));
    } else if (ip.empty()) {
      errs.push_back(
          FieldError::Forbidden(p.Child("ipMode"), "may not be specified when `ip` is not set"));
    } else if (*mode != "VIP" && *mode != "Proxy") {
      errs.push_back(FieldError::NotSupported(p.Child("ipMode"), *mode, {"Proxy", "VIP"}));
    }
    std::string hostname = Str(ing, "hostname");
    if (!hostname.empty()) {
      AppendInvalid(errs, p.Child("hostname"), hostname, IsDNS1123Subdomain(hostname));
      if (ParseIP(hostname)) {
        errs.push_back(
            InvalidString(p.Child("hostname"), hostname, "must be a DNS name, not an IP address"));
      }
    }
  }
}

}  // namespace stead::api::validation

// discovery.k8s.io/v1 EndpointSlice: port names default to "" and protocols
// to TCP; address type, endpoints and ports are validated; the address type
// cannot change. metadata.generation starts at 1 and grows with every change
// of anything but metadata, or of the labels (upstream's strategy; the
// EndpointSlice controller's tracker relies on it).
#include <algorithm>
#include <set>

#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/object_meta.h"
#include "api/validation/service.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void SetDefaults(Json& slice) {
  Json* ports = LookupMutable(slice, {"ports"});
  if (ports == nullptr || !ports->is_array()) return;
  for (Json& p : *ports) {
    if (!p.is_object()) continue;
    if (v::Get(p, "name") == nullptr) p["name"] = "";
    if (v::Get(p, "protocol") == nullptr) p["protocol"] = "TCP";
  }
}

// IsFullyQualifiedDomainName.
void ValidateFQDN(FieldErrorList& errs, std::string name, const FieldPath& path) {
  if (name.empty()) {
    errs.push_back(FieldError::Required(path));
    return;
  }
  if (name.back() == '.') name.pop_back();
  v::Problems msgs = v::IsDNS1123Subdomain(name);
  if (!msgs.empty()) {
    std::string joined;
    for (size_t i = 0; i < msgs.size(); ++i) joined += (i ? "," : "") + msgs[i];
    errs.push_back(v::InvalidString(path, name, joined));
    return;
  }
  if (name.find('.') == std::string::npos) {
    errs.push_back(v::InvalidString(
        path, name, "should be a domain with at least two segments separated by dots"));
  }
}

void Validate(const Json& slice, bool allow_ip_type, FieldErrorList& errs) {
  std::string type = v::Str(slice, "addressType");
  std::vector<std::string> supported = {"FQDN", "IPv4", "IPv6"};
  if (allow_ip_type) supported = {"FQDN", "IP", "IPv4", "IPv6"};
  if (type.empty()) {
    errs.push_back(FieldError::Required(FieldPath("addressType")));
  } else if (std::find(supported.begin(), supported.end(), type) == supported.end()) {
    errs.push_back(FieldError::NotSupported(FieldPath("addressType"), type, supported));
  }
  FieldPath ep_path("endpoints");
  const Json* endpoints = v::Array(slice, "endpoints");
  if (endpoints && endpoints->size() > 1000) {
    errs.push_back(FieldError::TooMany(ep_path, endpoints->size(), 1000));
  } else if (endpoints) {
    for (size_t i = 0; i < endpoints->size(); ++i) {
      const Json& ep = (*endpoints)[i];
      FieldPath idx = ep_path.Index(i);
      FieldPath ap = idx.Child("addresses");
      const Json* addrs = v::Array(ep, "addresses");
      if (addrs == nullptr) {
        errs.push_back(FieldError::Required(ap, "must contain at least 1 address"));
      } else if (addrs->size() > 100) {
        errs.push_back(FieldError::TooMany(ap, addrs->size(), 100));
      }
      for (size_t j = 0; addrs && j < addrs->size(); ++j) {
        std::string a = (*addrs)[j].is_string() ? (*addrs)[j].get<std::string>() : "";
        bool v6 = false;
        bool ok = v::ParseIP(a, &v6);
        if (type == "IP") {
          if (!ok) {
            errs.push_back(v::InvalidString(
                ap.Index(j), a, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
          }
        } else if (type == "IPv4" || type == "IPv6") {
          if (!ok || v6 != (type == "IPv6")) {
            errs.push_back(v::InvalidString(
                ap.Index(j), a,
                type == "IPv4" ? "must be a valid IPv4 address" : "must be a valid IPv6 address"));
          }
          v::ValidateNonSpecialIP(errs, a, ap.Index(j));
        } else if (type == "FQDN") {
          ValidateFQDN(errs, a, ap.Index(j));
        }
      }
      FieldPath tp = idx.Child("deprecatedTopology");
      if (v::Len(ep, "deprecatedTopology") > 16) {
        errs.push_back(FieldError::TooMany(tp, v::Len(ep, "deprecatedTopology"), 16));
      }
      v::ValidateLabels(errs, v::Get(ep, "deprecatedTopology"), tp);
      if (const Json* hostname = v::Get(ep, "hostname")) {
        v::ValidateDNS1123Label(errs, hostname->is_string() ? hostname->get<std::string>() : "",
                                idx.Child("hostname"));
      }
      if (const Json* node = v::Get(ep, "nodeName")) {
        std::string n = node->is_string() ? node->get<std::string>() : "";
        v::AppendInvalid(errs, idx.Child("nodeName"), n, v::NameIsDNSSubdomain(n, false));
      }
    }
  }
  FieldPath pp("ports");
  const Json* ports = v::Array(slice, "ports");
  if (ports && ports->size() > 100) {
    errs.push_back(FieldError::TooMany(pp, ports->size(), 100));
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; ports && i < ports->size(); ++i) {
    const Json& port = (*ports)[i];
    FieldPath idx = pp.Index(i);
    std::string name = v::Str(port, "name");
    if (!name.empty()) v::ValidateDNS1123Label(errs, name, idx.Child("name"));
    if (!names.insert(name).second) errs.push_back(FieldError::Duplicate(idx.Child("name"), name));
    const Json* protocol = v::Get(port, "protocol");
    if (protocol == nullptr) {
      errs.push_back(FieldError::Required(idx.Child("protocol")));
    } else if (*protocol != "SCTP" && *protocol != "TCP" && *protocol != "UDP") {
      errs.push_back(
          FieldError::NotSupported(idx.Child("protocol"), *protocol, {"SCTP", "TCP", "UDP"}));
    }
    if (const Json* ap = v::Get(port, "appProtocol")) {
      std::string s = ap->is_string() ? ap->get<std::string>() : "";
      v::AppendInvalid(errs, idx.Child("appProtocol"), s, v::IsQualifiedName(s));
    }
  }
}

}  // namespace

ResourceType EndpointSlice() {
  ResourceType t;
  t.group = "discovery.k8s.io";
  t.version = "v1";
  t.kind = "EndpointSlice";
  t.plural = "endpointslices";
  t.singular = "endpointslice";
  t.namespaced = true;
  t.tracks_generation = true;
  t.set_defaults = SetDefaults;
  t.prepare_update = [](Json& slice, const Json& old) {
    if (GetInt(slice, {"metadata", "generation"}) == GetInt(old, {"metadata", "generation"}) &&
        MetaLabels(slice) != MetaLabels(old)) {
      slice["metadata"]["generation"] = GetInt(old, {"metadata", "generation"}) + 1;
    }
  };
  t.validate_create = [](const Json& slice, FieldErrorList& errs) { Validate(slice, false, errs); };
  t.validate_update = [](const Json& slice, const Json& old, FieldErrorList& errs) {
    Validate(slice, true, errs);
    v::ValidateImmutableString(errs, slice, old, "addressType", FieldPath("addressType"));
  };
  return t;
}

}  // namespace stead::api::kinds

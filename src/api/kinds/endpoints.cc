// core/v1 Endpoints: port protocols default to TCP; subsets need addresses,
// valid non-special IPs and valid ports.
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/service.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

void SetDefaults(Json& ep) {
  Json* subsets = LookupMutable(ep, {"subsets"});
  if (subsets == nullptr || !subsets->is_array()) return;
  for (Json& ss : *subsets) {
    Json* ports = LookupMutable(ss, {"ports"});
    if (ports == nullptr || !ports->is_array()) continue;
    for (Json& p : *ports) {
      if (p.is_object() && v::Str(p, "protocol").empty()) p["protocol"] = "TCP";
    }
  }
}

void ValidateAddress(FieldErrorList& errs, const Json& addr, const FieldPath& path) {
  std::string ip = v::Str(addr, "ip");
  if (!v::ParseIP(ip)) {
    errs.push_back(v::InvalidString(
        path.Child("ip"), ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  }
  std::string hostname = v::Str(addr, "hostname");
  if (!hostname.empty()) v::ValidateDNS1123Label(errs, hostname, path.Child("hostname"));
  if (const Json* node = v::Get(addr, "nodeName")) {
    std::string n = node->is_string() ? node->get<std::string>() : "";
    v::AppendInvalid(errs, path.Child("nodeName"), n, v::NameIsDNSSubdomain(n, false));
  }
  v::ValidateNonSpecialIP(errs, ip, path.Child("ip"));
}

void Validate(const Json& ep, FieldErrorList& errs) {
  const Json* subsets = v::Array(ep, "subsets");
  if (subsets == nullptr) return;
  FieldPath path("subsets");
  for (size_t i = 0; i < subsets->size(); ++i) {
    const Json& ss = (*subsets)[i];
    FieldPath idx = path.Index(i);
    if (v::Len(ss, "addresses") == 0 && v::Len(ss, "notReadyAddresses") == 0) {
      errs.push_back(FieldError::Required(idx, "must specify `addresses` or `notReadyAddresses`"));
    }
    for (const char* key : {"addresses", "notReadyAddresses"}) {
      if (const Json* addrs = v::Array(ss, key)) {
        for (size_t j = 0; j < addrs->size(); ++j)
          ValidateAddress(errs, (*addrs)[j], idx.Child(key).Index(j));
      }
    }
    if (const Json* ports = v::Array(ss, "ports")) {
      for (size_t j = 0; j < ports->size(); ++j) {
        const Json& port = (*ports)[j];
        FieldPath pp = idx.Child("ports").Index(j);
        std::string name = v::Str(port, "name");
        if (ports->size() > 1 && name.empty()) {
          errs.push_back(FieldError::Required(pp.Child("name")));
        } else if (!name.empty()) {
          v::ValidateDNS1123Label(errs, name, pp.Child("name"));
        }
        for (const auto& msg : v::IsValidPortNum(v::Int(port, "port"))) {
          errs.push_back(FieldError::Invalid(pp.Child("port"), v::Int(port, "port"), msg));
        }
        std::string protocol = v::Str(port, "protocol");
        if (protocol.empty()) {
          errs.push_back(FieldError::Required(pp.Child("protocol")));
        } else if (protocol != "SCTP" && protocol != "TCP" && protocol != "UDP") {
          errs.push_back(FieldError::NotSupported(pp.Child("protocol"), protocol, kProtocols));
        }
        if (const Json* ap = v::Get(port, "appProtocol")) {
          v::ValidateQualifiedName(errs, ap->is_string() ? ap->get<std::string>() : "",
                                   pp.Child("appProtocol"));
        }
      }
    }
  }
}

}  // namespace

ResourceType Endpoints() {
  ResourceType t;
  t.version = "v1";
  t.kind = "Endpoints";
  t.plural = "endpoints";
  t.singular = "endpoints";
  t.short_names = {"ep"};
  t.namespaced = true;
  t.set_defaults = SetDefaults;
  t.validate_create = Validate;
  t.validate_update = [](const Json& ep, const Json&, FieldErrorList& errs) { Validate(ep, errs); };
  return t;
}

}  // namespace stead::api::kinds

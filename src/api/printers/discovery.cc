// discovery.k8s.io/v1 printers.

#include <string>
#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"

namespace stead::api::printers {

namespace {

constexpr size_t kMaxListed = 3;

// listWithMoreString: the first three entries, "+ N more...", "<unset>" for
// none.
std::string ListWithMore(const std::vector<std::string>& all) {
  std::string out;
  for (size_t i = 0; i < all.size() && i < kMaxListed; ++i) {
    if (i > 0) out += ",";
    out += all[i];
  }
  if (all.size() > kMaxListed) {
    return out + " + " + std::to_string(all.size() - kMaxListed) + " more...";
  }
  return out.empty() ? "<unset>" : out;
}

std::string SlicePorts(const Json& slice) {
  std::vector<std::string> all;
  if (const Json* ports = ArrayAt(slice, {"ports"})) {
    for (const Json& p : *ports) {
      const Json* port = Lookup(p, {"port"});
      const Json* name = Lookup(p, {"name"});
      if (port != nullptr && port->is_number_integer()) {
        all.push_back(std::to_string(port->get<int64_t>()));
      } else if (name != nullptr && name->is_string()) {
        all.push_back(name->get<std::string>());
      } else {
        all.push_back("*");
      }
    }
  }
  return ListWithMore(all);
}

std::string SliceEndpoints(const Json& slice) {
  std::vector<std::string> all;
  if (const Json* endpoints = ArrayAt(slice, {"endpoints"})) {
    for (const Json& e : *endpoints) {
      const Json* addresses = ArrayAt(e, {"addresses"});
      if (addresses == nullptr) continue;
      for (const Json& a : *addresses) {
        if (a.is_string()) all.push_back(a.get<std::string>());
      }
    }
  }
  return ListWithMore(all);
}

}  // namespace

bool InstallDiscoveryV1(ResourceType& type) {
  if (type.group != "discovery.k8s.io" || type.kind != "EndpointSlice") return false;
  type.columns = {
      NameColumn(),
      {"AddressType", "string", "", "The type of the addresses in this slice (IPv4, IPv6, FQDN).",
       0},
      {"Ports", "string", "", "The ports exposed by the endpoints of this slice.", 0},
      {"Endpoints", "string", "", "The addresses of the endpoints in this slice.", 0},
      AgeColumn(),
  };
  type.row = [](const Json& slice, SystemTime now) -> std::vector<Json> {
    return {MetaName(slice), GetString(slice, {"addressType"}), SlicePorts(slice),
            SliceEndpoints(slice), Age(slice, now)};
  };
  return true;
}

}  // namespace stead::api::printers

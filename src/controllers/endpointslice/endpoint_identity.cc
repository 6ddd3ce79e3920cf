#include "controllers/endpointslice/endpoint_identity.h"

#include <algorithm>
#include <vector>

namespace stead::controllers::endpointslice {
namespace {

const Json* Field(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  return v && !v->is_null() ? v : nullptr;
}

bool PtrChanged(const Json* a, const Json* b) {
  if ((a == nullptr) != (b == nullptr)) return true;
  return a && b && *a != *b;
}

Json TargetRefWithoutVersion(const Json& ep) {
  const Json* ref = Field(ep, {"targetRef"});
  if (ref == nullptr) return Json();
  Json copy = *ref;
  copy.erase("resourceVersion");
  return copy;
}

}  // namespace

const Json& ArrayAt(const Json& obj, std::initializer_list<std::string_view> path) {
  static const Json kEmpty = Json::array();
  const Json* v = Lookup(obj, path);
  return v && v->is_array() ? *v : kEmpty;
}

std::string EndpointKey(const Json& ep) {
  std::vector<std::string> addresses;
  for (const Json& a : ArrayAt(ep, {"addresses"})) {
    if (a.is_string()) addresses.push_back(a.get<std::string>());
  }
  std::sort(addresses.begin(), addresses.end());
  std::string key = GetString(ep, {"targetRef", "namespace"}) + "/" +
                    GetString(ep, {"targetRef", "name"}) + '\x1f' + GetString(ep, {"hostname"});
  for (const std::string& a : addresses) key += '\x1f' + a;
  return key;
}

bool EndpointsEqualBeyondHash(const Json& a, const Json& b) {
  for (auto path : {std::initializer_list<std::string_view>{"nodeName"},
                    std::initializer_list<std::string_view>{"zone"},
                    std::initializer_list<std::string_view>{"conditions", "ready"},
                    std::initializer_list<std::string_view>{"conditions", "serving"},
                    std::initializer_list<std::string_view>{"conditions", "terminating"}}) {
    if (PtrChanged(Field(a, path), Field(b, path))) return false;
  }
  return TargetRefWithoutVersion(a) == TargetRefWithoutVersion(b);
}

std::string PortMapKey(const Json& ports) {
  std::vector<std::string> keys;
  for (const Json& p : ports) {
    std::string k = GetString(p, {"name"}) + '\x1f' +
                    (Has(p, {"port"}) ? std::to_string(GetInt(p, {"port"})) : "-") + '\x1f' +
                    GetString(p, {"protocol"}) + '\x1f' +
                    (Has(p, {"appProtocol"}) ? "=" + GetString(p, {"appProtocol"}) : "-");
    keys.push_back(std::move(k));
  }
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const std::string& k : keys) out += k + '\x1e';
  return out;
}

}  // namespace stead::controllers::endpointslice

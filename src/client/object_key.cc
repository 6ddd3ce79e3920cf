#include "client/object_key.h"

#include "core/go_quote.h"

namespace stead::client {

std::string MetaNamespaceKey(std::string_view ns, std::string_view name) {
  if (ns.empty()) return std::string(name);
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}

std::string MetaNamespaceKey(const Json& obj) {
  return MetaNamespaceKey(MetaNamespace(obj), MetaName(obj));
}

Status SplitMetaNamespaceKey(std::string_view key, std::string* ns, std::string* name) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) {
    ns->clear();
    *name = std::string(key);
    return Status::OK();
  }
  if (key.find('/', slash + 1) != std::string_view::npos) {
    return Status::BadRequest("unexpected key format: " + GoQuote(key));
  }
  *ns = std::string(key.substr(0, slash));
  *name = std::string(key.substr(slash + 1));
  return Status::OK();
}

}  // namespace stead::client

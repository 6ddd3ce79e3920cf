// Object keys of informer caches and work queues, as client-go's
// MetaNamespaceKeyFunc makes them: "namespace/name", or "name" for a
// cluster-scoped object.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace stead::client {

std::string MetaNamespaceKey(std::string_view ns, std::string_view name);
// The key of an object (from metadata.namespace and metadata.name).
std::string MetaNamespaceKey(const Json& obj);
// Inverse of MetaNamespaceKey; `unexpected key format: "a/b/c"` for a key
// with more than one slash.
Status SplitMetaNamespaceKey(std::string_view key, std::string* ns, std::string* name);

}  // namespace stead::client

// How a workload controller finds the owner an event concerns, as
// client-go-based controllers do: the object its controller reference
// names (resolveControllerRef), or, for an orphan, every owner whose
// selector matches it (getPodReplicaSets, getStatefulSetsForPod, ...).
#pragma once

#include <string_view>
#include <vector>

#include "client/informer.h"
#include "core/json.h"

namespace stead::controllers {

// The cached owner of kind `kind` in `ns` that `ref` names, if its UID is
// the one `ref` carries; nullptr otherwise.
client::ObjectPtr ResolveControllerRef(const client::SharedInformer& owners, std::string_view kind,
                                       std::string_view ns, const Json& ref);

// The cached owners in `obj`'s namespace whose non-empty, valid
// spec.selector matches `obj`'s labels, in cache order.
std::vector<client::ObjectPtr> OwnersSelecting(const client::SharedInformer& owners,
                                               const Json& obj);

}  // namespace stead::controllers

#include "controllers/framework/owner_lookup.h"

#include <string>

#include "core/label_selector.h"

namespace stead::controllers {

client::ObjectPtr ResolveControllerRef(const client::SharedInformer& owners, std::string_view kind,
                                       std::string_view ns, const Json& ref) {
  if (GetString(ref, {"kind"}) != kind) return nullptr;
  client::ObjectPtr owner = owners.Get(ns, GetString(ref, {"name"}));
  if (!owner || MetaUid(*owner) != GetString(ref, {"uid"})) return nullptr;
  return owner;
}

std::vector<client::ObjectPtr> OwnersSelecting(const client::SharedInformer& owners,
                                               const Json& obj) {
  std::vector<client::ObjectPtr> out;
  LabelSet labels = MetaLabels(obj);
  for (const client::ObjectPtr& owner : owners.List(MetaNamespace(obj))) {
    const Json* sel = Lookup(*owner, {"spec", "selector"});
    if (!sel) continue;
    auto selector = LabelSelector::FromJson(*sel);
    if (!selector.ok() || selector->Empty() || !selector->Matches(labels)) continue;
    out.push_back(owner);
  }
  return out;
}

}  // namespace stead::controllers

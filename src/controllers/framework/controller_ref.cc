#include "controllers/framework/controller_ref.h"

namespace stead::controllers {

Json NewControllerRef(std::string_view api_version, std::string_view kind, std::string_view name,
                      std::string_view uid) {
  return Json{{"apiVersion", api_version},
              {"kind", kind},
              {"name", name},
              {"uid", uid},
              {"controller", true},
              {"blockOwnerDeletion", true}};
}

const Json* GetControllerOf(const Json& obj) {
  const Json* refs = Lookup(obj, {"metadata", "ownerReferences"});
  if (!refs || !refs->is_array()) return nullptr;
  for (const Json& ref : *refs) {
    if (GetBool(ref, {"controller"})) return &ref;
  }
  return nullptr;
}

std::string ControllerUid(const Json& obj) {
  const Json* ref = GetControllerOf(obj);
  return ref ? GetString(*ref, {"uid"}) : std::string();
}

ClaimDecision ClaimObjects(const ClaimOwner& owner, const LabelSelector& selector,
                           const std::vector<const Json*>& objects) {
  ClaimDecision out;
  for (const Json* obj : objects) {
    bool match = selector.Matches(MetaLabels(*obj));
    if (const Json* ref = GetControllerOf(*obj)) {
      if (GetString(*ref, {"uid"}) != owner.uid) continue;
      if (match) {
        out.owned.push_back(obj);
      } else if (!owner.deleting) {
        out.release.push_back(obj);
      }
      continue;
    }
    if (owner.deleting || !match || MetaDeleting(*obj)) continue;
    if (!owner.namespace_.empty() && owner.namespace_ != MetaNamespace(*obj)) continue;
    out.adopt.push_back(obj);
  }
  return out;
}

Json AdoptPatch(const Json& controller_ref, const std::string& object_uid) {
  return Json{
      {"metadata", {{"ownerReferences", Json::array({controller_ref})}, {"uid", object_uid}}}};
}

Json ReleasePatch(const std::string& owner_uid, const std::string& object_uid) {
  Json ref = {{"$patch", "delete"}, {"uid", owner_uid}};
  return Json{
      {"metadata", {{"ownerReferences", Json::array({std::move(ref)})}, {"uid", object_uid}}}};
}

}  // namespace stead::controllers

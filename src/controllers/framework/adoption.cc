#include "controllers/framework/adoption.h"

#include <optional>

namespace stead::controllers {
namespace {

Status CanAdopt(client::Client& client, const api::ResourceType& owner_type, const Json& owner) {
  std::string key = MetaNamespace(owner) + "/" + MetaName(owner);
  auto fresh = client.Get(owner_type, MetaNamespace(owner), MetaName(owner));
  if (!fresh.ok()) return fresh.status();
  if (MetaUid(**fresh) != MetaUid(owner)) {
    return Status::Conflict("original " + std::string(owner_type.kind) + " " + key +
                            " is gone: got uid " + MetaUid(**fresh) + ", wanted " + MetaUid(owner));
  }
  if (MetaDeleting(**fresh)) {
    return Status::Conflict(key + " has just been deleted at " +
                            GetString(**fresh, {"metadata", "deletionTimestamp"}));
  }
  return Status::OK();
}

void Collect(std::vector<Status>& errors, const Status& s) { errors.push_back(s); }

}  // namespace

Status ExecuteClaims(client::Client& client, const api::ResourceType& owner_type, const Json& owner,
                     const Json& controller_ref, const api::ResourceType& object_type,
                     const ClaimDecision& decision, std::vector<const Json*>* claimed) {
  std::vector<Status> errors;
  const std::string ns = MetaNamespace(owner);
  std::optional<Status> can_adopt;
  for (const Json* obj : decision.adopt) {
    if (!can_adopt) can_adopt = CanAdopt(client, owner_type, owner);
    if (!can_adopt->ok()) {
      Collect(errors, Status::Conflict("can't adopt " + std::string(object_type.kind) + " " + ns +
                                       "/" + MetaName(*obj) + " (" + MetaUid(*obj) +
                                       "): " + can_adopt->message()));
      continue;
    }
    auto r = client.Patch(object_type, ns, MetaName(*obj), apiserver::PatchKind::kStrategicMerge,
                          AdoptPatch(controller_ref, MetaUid(*obj)).dump());
    if (r.ok()) {
      claimed->push_back(obj);
    } else if (!r.status().IsNotFound()) {
      Collect(errors, r.status());
    }
  }
  for (const Json* obj : decision.release) {
    auto r = client.Patch(object_type, ns, MetaName(*obj), apiserver::PatchKind::kStrategicMerge,
                          ReleasePatch(MetaUid(owner), MetaUid(*obj)).dump());
    if (!r.ok() && !r.status().IsNotFound() && !r.status().IsInvalid()) Collect(errors, r.status());
  }
  if (errors.empty()) return Status::OK();
  if (errors.size() == 1) return errors[0];
  std::string joined = "[";
  for (size_t i = 0; i < errors.size(); ++i) joined += (i ? ", " : "") + errors[i].message();
  return Status::Conflict(joined + "]");
}

}  // namespace stead::controllers

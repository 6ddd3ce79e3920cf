// Controller references and the ControllerRefManager claim rules
// (k8s.io/kubernetes pkg/controller/controller_ref_manager.go), shared by
// the controllers that own objects by label selector (ReplicaSet owns pods,
// Deployment owns ReplicaSets):
//   * an object controlled by someone else is ignored;
//   * an object we control that still matches is ours, even while we are
//     being deleted;
//   * an object we control that no longer matches is released (unless we
//     are being deleted);
//   * an orphan that matches, is not being deleted and lives in our
//     namespace is adopted (unless we are being deleted).
// ClaimObjects only decides; the caller runs the patches (AdoptPatch,
// ReleasePatch) after checking once, on a fresh read, that the owner still
// exists with the same UID and is not being deleted (RecheckDeletionTimestamp).
//
// Pure functions over JSON objects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/label_selector.h"

namespace stead::controllers {

// metav1.NewControllerRef: {apiVersion, kind, name, uid, controller: true,
// blockOwnerDeletion: true}.
Json NewControllerRef(std::string_view api_version, std::string_view kind, std::string_view name,
                      std::string_view uid);
// metav1.GetControllerOf: the first owner reference with controller: true.
const Json* GetControllerOf(const Json& obj);
// The UID of the controller reference, "" when there is none.
std::string ControllerUid(const Json& obj);

// The owner side of a claim.
struct ClaimOwner {
  std::string namespace_;
  std::string uid;
  bool deleting = false;
};

struct ClaimDecision {
  // Already controlled by the owner and matching: claimed without a write.
  std::vector<const Json*> owned;
  // Orphans to adopt (claimed if the adoption succeeds or finds nothing).
  std::vector<const Json*> adopt;
  // Controlled by the owner but no longer matching.
  std::vector<const Json*> release;
};

// Keeps the order of `objects` within each list.
ClaimDecision ClaimObjects(const ClaimOwner& owner, const LabelSelector& selector,
                           const std::vector<const Json*>& objects);

// Strategic-merge patches of the adoption and the release. Both carry the
// object's uid, so they fail if the object was replaced by another of the
// same name.
Json AdoptPatch(const Json& controller_ref, const std::string& object_uid);
Json ReleasePatch(const std::string& owner_uid, const std::string& object_uid);

}  // namespace stead::controllers

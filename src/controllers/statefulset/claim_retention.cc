#include "controllers/statefulset/claim_retention.h"

#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::statefulset {
namespace {

const Json& Refs(const Json& obj) {
  static const Json kEmpty = Json::array();
  const Json* refs = Lookup(obj, {"metadata", "ownerReferences"});
  return refs && refs->is_array() ? *refs : kEmpty;
}

bool MatchesSet(const Json& ref, const SetView& set) {
  return GetString(ref, {"apiVersion"}) == "apps/v1" && GetString(ref, {"kind"}) == "StatefulSet" &&
         GetString(ref, {"name"}) == set.name;
}

bool MatchesPod(const Json& ref, const Json& pod) {
  return GetString(ref, {"apiVersion"}) == "v1" && GetString(ref, {"kind"}) == "Pod" &&
         GetString(ref, {"name"}) == MetaName(pod);
}

// Any reference with this UID (hasOwnerRef).
bool HasRefWithUid(const Json& claim, const std::string& uid) {
  for (const Json& ref : Refs(claim)) {
    if (GetString(ref, {"uid"}) == uid) return true;
  }
  return false;
}

bool RetainRetain(const SetView& set) {
  return set.when_scaled == RetentionPolicy::kRetain &&
         set.when_deleted == RetentionPolicy::kRetain;
}

bool HasNonControllerOwner(const Json& claim, const SetView& set, const Json& pod) {
  std::string pod_uid = MetaUid(pod);
  for (const Json& ref : Refs(claim)) {
    std::string uid = GetString(ref, {"uid"});
    if ((uid == set.uid || uid == pod_uid) && !GetBool(ref, {"controller"})) return true;
  }
  return false;
}

}  // namespace

bool HasStaleSetRef(const Json& claim, const SetView& set) {
  for (const Json& ref : Refs(claim)) {
    if (MatchesSet(ref, set)) return GetString(ref, {"uid"}) != set.uid;
  }
  return false;
}

bool HasStalePodRef(const Json& claim, const Json& pod) {
  for (const Json& ref : Refs(claim)) {
    if (MatchesPod(ref, pod)) return GetString(ref, {"uid"}) != MetaUid(pod);
  }
  return false;
}

bool HasUnexpectedController(const Json& claim, const SetView& set, const Json& pod) {
  if (RetainRetain(set)) return false;
  std::string pod_uid = MetaUid(pod);
  for (const Json& ref : Refs(claim)) {
    if (MatchesSet(ref, set)) {
      if (GetString(ref, {"uid"}) != set.uid) return true;
      continue;
    }
    if (MatchesPod(ref, pod)) {
      if (GetString(ref, {"uid"}) != pod_uid) return true;
      continue;
    }
    if (GetBool(ref, {"controller"})) return true;
  }
  return false;
}

bool ClaimOwnerUpToDate(const Json& claim, const SetView& set, const Json& pod) {
  if (HasStaleSetRef(claim, set) || HasStalePodRef(claim, pod)) return true;
  bool set_ref = HasRefWithUid(claim, set.uid);
  bool pod_ref = HasRefWithUid(claim, MetaUid(pod));
  if (HasUnexpectedController(claim, set, pod)) return !set_ref && !pod_ref;
  if (HasNonControllerOwner(claim, set, pod)) return false;
  bool scaled_down = !set.InRange(PodOrdinal(pod));
  bool delete_on_scale = set.when_scaled == RetentionPolicy::kDelete;
  bool delete_on_delete = set.when_deleted == RetentionPolicy::kDelete;
  if (!delete_on_scale && !delete_on_delete) return !set_ref && !pod_ref;
  if (!delete_on_scale && delete_on_delete) return set_ref && !pod_ref;
  if (delete_on_scale && !delete_on_delete) return !set_ref && scaled_down == pod_ref;
  // Delete/Delete: the set while in range, the pod once scaled down.
  return scaled_down != set_ref && scaled_down == pod_ref;
}

Json DesiredClaimOwnerRefs(const Json& claim, const SetView& set, const Json& pod) {
  bool unexpected = HasUnexpectedController(claim, set, pod);
  Json refs = Json::array();
  for (const Json& ref : Refs(claim)) {
    if (!MatchesSet(ref, set) && !MatchesPod(ref, pod)) refs.push_back(ref);
  }
  if (unexpected) return refs;
  auto add = [&](Json ref) {
    for (const Json& existing : refs) {
      if (GetString(existing, {"uid"}) == GetString(ref, {"uid"})) return;
    }
    refs.push_back(std::move(ref));
  };
  bool scaled_down = !set.InRange(PodOrdinal(pod));
  bool delete_on_scale = set.when_scaled == RetentionPolicy::kDelete;
  bool delete_on_delete = set.when_deleted == RetentionPolicy::kDelete;
  if (delete_on_scale && scaled_down) {
    add(ControllerRef("v1", "Pod", MetaName(pod), MetaUid(pod)));
  } else if (delete_on_delete && !(delete_on_scale && scaled_down)) {
    add(SetControllerRef(set));
  }
  return refs;
}

}  // namespace stead::controllers::statefulset

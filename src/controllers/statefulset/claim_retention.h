// PVC retention policy (P-rules): which owner references the claims of a
// pod must carry (P3), how foreign controllers and stale references are
// treated (P5), and the claim-staleness check that delays re-creating a
// scaled-down pod until the garbage collector removed its old claim (P7).
//
// `pod` is the pod the claim belongs to; for a pod that does not exist yet
// (a placeholder) its uid is empty, which makes any reference to a pod of
// that name stale, as upstream. Pure functions.
#pragma once

#include "controllers/statefulset/set_view.h"
#include "core/json.h"

namespace stead::controllers::statefulset {

// The set's or the pod's name and kind matches, the UID does not: the claim
// was left by an earlier incarnation (hasStaleOwnerRef).
bool HasStaleSetRef(const Json& claim, const SetView& set);
bool HasStalePodRef(const Json& claim, const Json& pod);

// A controller reference to something other than this set/pod, or a stale
// reference, while the policy is not Retain/Retain (hasUnexpectedController).
bool HasUnexpectedController(const Json& claim, const SetView& set, const Json& pod);

// isClaimOwnerUpToDate: the references match the P3 table (or the claim is
// in a state the controller must not touch).
bool ClaimOwnerUpToDate(const Json& claim, const SetView& set, const Json& pod);

// updateClaimOwnerRefForSetAndPod: the claim's ownerReferences after
// removing every reference to this set and pod (by kind and name) and adding
// the desired controller references.
Json DesiredClaimOwnerRefs(const Json& claim, const SetView& set, const Json& pod);

}  // namespace stead::controllers::statefulset

// Pod identity for StatefulSets: names and ordinals (N1–N3), the pod and
// claim objects the controller creates (N4, N6), the identity and storage
// invariants it repairs on existing pods (N5), owner references (N7) and
// the pod-state predicates every rule is written in (spec §0.3).
//
// All functions are pure; JSON objects are taken by reference and never
// retained.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "controllers/statefulset/set_view.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::statefulset {

// Labels the controller owns.
inline constexpr const char* kPodNameLabel = "statefulset.kubernetes.io/pod-name";
inline constexpr const char* kPodIndexLabel = "apps.kubernetes.io/pod-index";
inline constexpr const char* kRevisionLabel = "controller-revision-hash";

// N2: "anything, '-', digits" with the greedy split upstream's regexp makes;
// ordinal -1 (and parent "") when the name has no such suffix or the digits
// overflow int32.
struct ParsedPodName {
  std::string parent;
  int ordinal = -1;
};
ParsedPodName ParsePodName(std::string_view pod_name);
int PodOrdinal(const Json& pod);

std::string PodName(std::string_view set_name, int ordinal);
// N6: <template>-<set>-<ordinal>.
std::string ClaimName(std::string_view template_name, std::string_view set_name, int ordinal);
// N3.
bool IsMemberOf(const SetView& set, const Json& pod);

// N7: {apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true}.
Json ControllerRef(std::string_view api_version, std::string_view kind, std::string_view name,
                   std::string_view uid);
Json SetControllerRef(const SetView& set);
// metav1.GetControllerOf: the first owner reference with controller: true.
const Json* ControllerOf(const Json& obj);

// Pod-state predicates (spec §0.3).
std::string PodPhase(const Json& pod);
bool IsCreated(const Json& pod);      // phase != ""
bool IsTerminating(const Json& pod);  // deletionTimestamp set
bool IsTerminal(const Json& pod);     // Failed or Succeeded
bool IsPending(const Json& pod);
bool IsRunningAndReady(const Json& pod);
// Ready for longer than min_ready_seconds (podutil.IsPodAvailable).
bool IsAvailable(const Json& pod, int32_t min_ready_seconds, SystemTime now);
// Terminating or not available: what counts against maxUnavailable.
bool IsUnavailable(const Json& pod, int32_t min_ready_seconds, SystemTime now);
const Json* ReadyCondition(const Json& pod);
std::string PodRevision(const Json& pod);  // the controller-revision-hash label

// N6: the claims of the pod with `ordinal`, in claim-template order.
std::vector<Json> ClaimsForOrdinal(const SetView& set, int ordinal);

// N4 (+N6): the pod for `ordinal` built from `set`, whose template is the
// one of the chosen revision (see revisions.h ApplyRevision), labelled with
// `revision_name`. phase stays empty: this is also the placeholder for a
// missing pod.
Json NewStatefulSetPod(const SetView& set, int ordinal, std::string_view revision_name);

// N5/N6 invariants of an existing pod and their repairs.
bool IdentityMatches(const SetView& set, const Json& pod);
bool StorageMatches(const SetView& set, const Json& pod);
void UpdateIdentity(const SetView& set, Json& pod);
void UpdateStorage(const SetView& set, Json& pod);

}  // namespace stead::controllers::statefulset

// Stuck roll-out recovery: stead's answer to kubernetes/kubernetes#67250,
// beyond upstream (see STUCK_ROLLOUT.md next to this file).
//
// Upstream OrderedReady never gets past a pod that does not become Ready:
// the per-replica loop (R8) blocks on it before the update phase, so
// fixing or reverting the template ("rollout undo") does not help until a
// human deletes the broken pod. With this rule the controller deletes such
// a pod itself, so that it is recreated at the update revision — but only
// when replacing it cannot lower availability and the pod has had time to
// become Ready.
//
// The rule. During the per-replica loop of an OrderedReady set with the
// RollingUpdate strategy, when the loop reaches a pod that would block it
// (not Running+Ready, or not yet available for minReadySeconds), the pod is
// deleted instead of waited for iff ALL of:
//   1. it exists and is not terminating (terminating pods are waited for);
//   2. its controller-revision-hash is not the update revision (it is a
//      pod of an older revision, or of no known revision);
//   3. its ordinal is at or above start + partition (the roll-out would
//      replace it anyway; pods below the partition are never touched);
//   4. it is not Ready (Ready condition absent or not True), so it is not
//      serving and deleting it costs no availability — a Ready pod that is
//      only waiting out minReadySeconds is never touched;
//   5. it has been not-Ready for at least the threshold: measured from the
//      Ready condition's lastTransitionTime, or from creationTimestamp when
//      the pod has no Ready condition. A pod that has never been Ready was
//      marked not-Ready at start, so for it the clock starts at creation.
//      The threshold is 60 s, or the value of the StatefulSet annotation
//      `stead.dev/replace-unready-after-seconds` (an integer; a negative
//      value turns the rule off and restores upstream behaviour).
// After the deletion the loop blocks as upstream does on any deletion; the
// pod is recreated at the update revision (U2) in a later sync, and the
// loop waits for it. Because the loop only reaches a pod when every lower
// ordinal is healthy, at most one replacement is in flight at a time, which
// never exceeds maxUnavailable (≥ 1). Healthy pods are never deleted by
// this rule; OnDelete sets are left alone (the user owns deletions there).
// Parallel sets need no extra rule: the update phase of 1.37 (U5 phase 1)
// already replaces every unavailable old-revision pod.
//
// While a pod satisfies 1–4 but not yet 5, the sync asks to be requeued
// when the threshold will have passed, so no external event is needed.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "controllers/statefulset/set_view.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::statefulset {

inline constexpr const char* kReplaceUnreadyAfterAnnotation =
    "stead.dev/replace-unready-after-seconds";
inline constexpr std::chrono::seconds kDefaultReplaceUnreadyAfter{60};

// The threshold for `set`, or nothing when the rule is off.
std::optional<std::chrono::seconds> ReplaceUnreadyAfter(const SetView& set);

struct StuckVerdict {
  bool replace = false;
  // How long the pod has been not-Ready (when known).
  std::chrono::seconds unready_for{0};
  // Set when the pod satisfies 1–4 but not yet 5: time left until it does.
  std::optional<std::chrono::seconds> wait;
};

// Conditions 1–5 for the pod at `index` (ordinal − start) of `set` whose
// update revision is `update_revision`.
StuckVerdict JudgeStuckPod(const SetView& set, const std::string& update_revision, const Json& pod,
                           int index, SystemTime now);

}  // namespace stead::controllers::statefulset

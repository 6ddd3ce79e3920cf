// The input and output of the StatefulSet reconcile core.
//
// Observed is everything one sync looks at: the set, the candidate pods,
// revisions and claims from the informer caches, and the time. Plan is
// everything one sync does, in upstream's order: ownership patches and
// revision writes first ("setup": a failure there aborts the sync before
// any status is written), then the control loop's pod and claim writes
// (a failure skips the remaining ones but the status and the history
// truncation still happen, as upstream writes the status it computed even
// when the loop failed), then the status, then revision deletions.
//
// Events are attached to the action whose outcome they report (success or
// failure, the failure message ending with the error text), or are actions
// of their own when upstream records them unconditionally. Plain value
// types, no I/O.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::statefulset {

struct Observed {
  // The StatefulSet as the cache has it (defaulted by the API server).
  const Json* set = nullptr;
  // Pods of the set's namespace that may belong to it: at least every pod
  // controlled by the set and every pod without a controller. Pods
  // controlled by someone else are ignored, so passing them is harmless.
  std::vector<const Json*> pods;
  // Every ControllerRevision of the namespace (ownership and selector are
  // applied here; foreign ones matter for name collisions, U1.4).
  std::vector<const Json*> revisions;
  // PersistentVolumeClaims of the namespace; only those named like the
  // set's claims (N6) are looked at.
  std::vector<const Json*> claims;
  SystemTime now;
};

struct Event {
  std::string type;  // "Normal" or "Warning"
  std::string reason;
  std::string message;
  friend bool operator==(const Event&, const Event&) = default;
};

// An event recorded when an action fails: `message_prefix` + error text.
struct FailureEvent {
  std::string type = "Warning";
  std::string reason;
  std::string message_prefix;
  // Upstream does not report AlreadyExists on this write (claims, pods).
  bool skip_if_already_exists = false;
};

enum class Stage { kSetup, kControl };

struct Action {
  enum class Kind {
    kCreate,       // POST `object`
    kUpdate,       // PUT `object` (carries its resourceVersion)
    kDelete,       // DELETE `name` (precondition: `uid`)
    kPatch,        // strategic-merge PATCH `object` onto `name`
    kRecordEvent,  // record `event` on the set
    kFail,         // the sync fails here with `error`
  };
  // Which object an action is about.
  enum class Resource { kNone, kPod, kClaim, kRevision };

  Kind kind = Kind::kRecordEvent;
  Resource resource = Resource::kNone;
  Stage stage = Stage::kControl;
  std::string name;
  std::string uid;
  Json object;
  // Why, in a word or two: "adopt", "release", "rollback", "scale-down",
  // "update", "terminal", "stuck", "retention", "identity", ...
  std::string reason;
  // An adoption: the executor first re-reads the set from the API server
  // and refuses when it is gone, replaced (other UID) or being deleted.
  bool needs_adoption_check = false;
  // NotFound is not an error: the update phase's deletes, and releases
  // (for which Invalid, the owner reference being gone already, is not an
  // error either).
  bool ignore_not_found = false;
  std::optional<Event> on_success;
  std::vector<FailureEvent> on_failure;
  Event event;        // kRecordEvent
  std::string error;  // kFail
};

// A one-line rendering used by logs and the scenario tests, e.g.
// "create pod web-0 revision=web-6b5c9c4d6", "delete pod web-2 (update)",
// "update pvc www-web-1 owners=[StatefulSet/web]", "fail: pvc www-web-1 is
// being deleted".
std::string Describe(const Action& action);
std::string Describe(const Event& event);  // "Normal SuccessfulCreate <message>"

struct Plan {
  // Empty when the set cannot be reconciled at all (e.g. its selector does
  // not parse); that is logged and not retried.
  std::string skip_reason;
  std::vector<Action> actions;
  // The body of the /status write (the `status` object), or nothing (S10).
  std::optional<Json> status;
  // ControllerRevision deletions (U11), after the status write.
  std::vector<Action> history;
  // Sync again after this long even without events: minReadySeconds
  // (R1) and the stuck-rollout threshold.
  std::optional<std::chrono::seconds> requeue_after;
  std::string current_revision;
  std::string update_revision;

  // The events that are recorded when every action succeeds, in order.
  std::vector<Event> SuccessEvents() const;
};

}  // namespace stead::controllers::statefulset

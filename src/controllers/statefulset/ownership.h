// Ownership of pods and ControllerRevisions (R2.3, R2.4): which of the
// observed objects belong to the set, and the adopt/release patches that
// make their owner references agree (controller.PodControllerRefManager
// and history.AdoptControllerRevision).
//
// Pure; the patches become setup-stage actions of the plan.
#pragma once

#include <vector>

#include "controllers/statefulset/plan.h"
#include "controllers/statefulset/set_view.h"
#include "core/label_selector.h"

namespace stead::controllers::statefulset {

struct Owned {
  // Pods owned by the set after this sync's adoptions and releases, sorted
  // by name.
  std::vector<const Json*> pods;
  // The set's revisions: matching the selector and controlled by the set or
  // by nobody (orphans are adopted).
  std::vector<const Json*> revisions;
};

// Appends the adoption/release actions to `actions`.
Owned ClaimOwnedObjects(const SetView& set, const LabelSelector& selector, const Observed& observed,
                        std::vector<Action>& actions);

}  // namespace stead::controllers::statefulset

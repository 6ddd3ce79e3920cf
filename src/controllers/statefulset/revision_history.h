// Revision selection (U1) and history truncation (U11) for one sync.
//
// ChooseRevisions compares the set's live template with its revisions and
// decides, as upstream's getStatefulSetRevisions does, whether the newest
// revision still describes it, an older one does (a rollback: that
// revision's .revision is bumped), or a new revision must be created
// (resolving name collisions with the collision counter). The writes are
// appended as setup actions; the result names the current and update
// revisions as they will be after those writes. Pure.
#pragma once

#include <cstdint>
#include <vector>

#include "controllers/statefulset/plan.h"
#include "controllers/statefulset/set_view.h"

namespace stead::controllers::statefulset {

struct RevisionChoice {
  Json current;
  Json update;
  int32_t collision_count = 0;
};

// `owned` must be sorted (SortRevisions); `all` is every revision of the
// namespace, for collision checks.
RevisionChoice ChooseRevisions(const SetView& set, const std::vector<const Json*>& owned,
                               const std::vector<const Json*>& all, std::vector<Action>& actions);

// U11: deletions of the oldest revisions that are neither current, update,
// nor named by a pod, beyond revisionHistoryLimit.
std::vector<Action> TruncateHistory(const SetView& set, const std::vector<const Json*>& owned,
                                    const std::vector<const Json*>& pods,
                                    const RevisionChoice& choice);

}  // namespace stead::controllers::statefulset

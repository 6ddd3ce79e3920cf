#include "controllers/statefulset/revision_history.h"

#include <set>

#include "controllers/statefulset/go_json.h"
#include "controllers/statefulset/pod_identity.h"
#include "controllers/statefulset/revisions.h"

namespace stead::controllers::statefulset {
namespace {

const Json* FindByName(const std::vector<const Json*>& revisions, const std::string& name) {
  for (const Json* r : revisions) {
    if (MetaName(*r) == name) return r;
  }
  return nullptr;
}

Action RevisionWrite(Action::Kind kind, Json object, const char* reason) {
  Action a;
  a.kind = kind;
  a.resource = Action::Resource::kRevision;
  a.stage = Stage::kSetup;
  a.name = MetaName(object);
  a.uid = MetaUid(object);
  a.object = std::move(object);
  a.reason = reason;
  return a;
}

}  // namespace

RevisionChoice ChooseRevisions(const SetView& set, const std::vector<const Json*>& owned,
                               const std::vector<const Json*>& all, std::vector<Action>& actions) {
  RevisionChoice choice;
  choice.collision_count = set.collision_count;
  int64_t next = owned.empty() ? 1 : RevisionNumber(*owned.back()) + 1;
  Json proposal = NewRevision(set, next, choice.collision_count);

  const Json* equal = nullptr;
  // Newest first: the highest-numbered equal revision wins, as upstream.
  for (auto it = owned.rbegin(); it != owned.rend(); ++it) {
    if (RevisionsEqual(**it, proposal)) {
      equal = *it;
      break;
    }
  }
  if (equal != nullptr && equal == owned.back()) {
    choice.update = *equal;
  } else if (equal != nullptr) {
    // Rollback: reuse the old revision, renumbered as the newest.
    Json bumped = *equal;
    bumped["revision"] = next;
    actions.push_back(RevisionWrite(Action::Kind::kUpdate, bumped, "rollback"));
    choice.update = std::move(bumped);
  } else {
    std::string data = GoJsonMarshal(proposal["data"]);
    const Json* existing = nullptr;
    // CreateControllerRevision: on a name taken by a revision with other
    // data, count a collision and rehash; equal data means it is ours.
    // Like upstream, the hash label keeps the first hash.
    while ((existing = FindByName(all, MetaName(proposal))) != nullptr) {
      const Json* d = Lookup(*existing, {"data"});
      if (d && GoJsonMarshal(*d) == data) break;
      ++choice.collision_count;
      proposal["metadata"]["name"] =
          RevisionName(set.name, HashRevision(data, choice.collision_count));
    }
    if (existing != nullptr) {
      choice.update = *existing;
    } else {
      actions.push_back(RevisionWrite(Action::Kind::kCreate, proposal, "new"));
      choice.update = std::move(proposal);
    }
  }

  const Json* current = FindByName(owned, set.status_current_revision);
  choice.current = current ? *current : choice.update;
  return choice;
}

std::vector<Action> TruncateHistory(const SetView& set, const std::vector<const Json*>& owned,
                                    const std::vector<const Json*>& pods,
                                    const RevisionChoice& choice) {
  std::vector<Action> deletions;
  std::set<std::string> live = {MetaName(choice.current), MetaName(choice.update)};
  for (const Json* pod : pods) live.insert(PodRevision(*pod));
  std::vector<const Json*> history;
  for (const Json* r : owned) {
    if (!live.count(MetaName(*r))) history.push_back(r);
  }
  int limit = set.revision_history_limit;
  if (limit < 0 || static_cast<int>(history.size()) <= limit) return deletions;
  for (size_t i = 0; i < history.size() - static_cast<size_t>(limit); ++i) {
    Action a;
    a.kind = Action::Kind::kDelete;
    a.resource = Action::Resource::kRevision;
    a.name = MetaName(*history[i]);
    a.uid = MetaUid(*history[i]);
    a.reason = "history";
    deletions.push_back(std::move(a));
  }
  return deletions;
}

}  // namespace stead::controllers::statefulset

#include "controllers/statefulset/ownership.h"

#include <algorithm>

#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::statefulset {
namespace {

// {"metadata":{"ownerReferences":[<ref>],"uid":<uid>}}: the uid makes the
// patch fail if the object was replaced by another of the same name.
Json OwnerPatch(Json ref, const std::string& uid) {
  return Json{{"metadata", {{"ownerReferences", Json::array({std::move(ref)})}, {"uid", uid}}}};
}

Action Patch(Action::Resource resource, const Json& obj, Json patch, const char* reason) {
  Action a;
  a.kind = Action::Kind::kPatch;
  a.resource = resource;
  a.stage = Stage::kSetup;
  a.name = MetaName(obj);
  a.uid = MetaUid(obj);
  a.object = std::move(patch);
  a.reason = reason;
  return a;
}

}  // namespace

Owned ClaimOwnedObjects(const SetView& set, const LabelSelector& selector, const Observed& observed,
                        std::vector<Action>& actions) {
  Owned owned;

  std::vector<const Json*> orphans;
  for (const Json* rev : observed.revisions) {
    if (MetaNamespace(*rev) != set.namespace_ || !selector.Matches(MetaLabels(*rev))) continue;
    const Json* ctrl = ControllerOf(*rev);
    if (ctrl && GetString(*ctrl, {"uid"}) != set.uid) continue;
    owned.revisions.push_back(rev);
    if (!ctrl) orphans.push_back(rev);
  }
  if (!orphans.empty() && set.deleting) {
    // canAdopt refuses for a set being deleted, and upstream's sync stops.
    Action fail;
    fail.kind = Action::Kind::kFail;
    fail.stage = Stage::kSetup;
    fail.error = "can't adopt ControllerRevisions: " + set.namespace_ + "/" + set.name +
                 " has just been deleted at " +
                 GetString(*set.object, {"metadata", "deletionTimestamp"});
    actions.push_back(std::move(fail));
  } else {
    for (const Json* rev : orphans) {
      Action a = Patch(Action::Resource::kRevision, *rev,
                       OwnerPatch(SetControllerRef(set), MetaUid(*rev)), "adopt");
      a.needs_adoption_check = true;
      actions.push_back(std::move(a));
    }
  }

  std::vector<const Json*> pods = observed.pods;
  // Sorted so that a plan never depends on the order of the cache's list.
  auto name_of = [](const Json* obj) -> std::string_view {
    const Json* n = Lookup(*obj, {"metadata", "name"});
    return n && n->is_string() ? std::string_view(n->get_ref<const std::string&>())
                               : std::string_view();
  };
  std::sort(pods.begin(), pods.end(),
            [&](const Json* a, const Json* b) { return name_of(a) < name_of(b); });
  for (const Json* pod : pods) {
    if (MetaNamespace(*pod) != set.namespace_) continue;
    bool match = selector.Matches(MetaLabels(*pod)) && IsMemberOf(set, *pod);
    const Json* ctrl = ControllerOf(*pod);
    if (ctrl) {
      if (GetString(*ctrl, {"uid"}) != set.uid) continue;
      if (match) {
        owned.pods.push_back(pod);
      } else if (!set.deleting) {
        Json ref = {{"$patch", "delete"}, {"uid", set.uid}};
        Action a = Patch(Action::Resource::kPod, *pod, OwnerPatch(std::move(ref), MetaUid(*pod)),
                         "release");
        a.ignore_not_found = true;
        actions.push_back(std::move(a));
      }
      continue;
    }
    if (set.deleting || !match || IsTerminating(*pod)) continue;
    Action a = Patch(Action::Resource::kPod, *pod, OwnerPatch(SetControllerRef(set), MetaUid(*pod)),
                     "adopt");
    a.needs_adoption_check = true;
    actions.push_back(std::move(a));
    owned.pods.push_back(pod);
  }
  return owned;
}

}  // namespace stead::controllers::statefulset

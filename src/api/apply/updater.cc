#include "api/apply/updater.h"

#include "api/apply/value_order.h"

namespace stead::api::apply {

namespace {

using Managers = std::map<std::string, VersionedSet>;

// Entries recorded in versions this server does not serve cannot be
// converted; upstream drops them.
void DropOtherVersions(Managers& managers, const std::string& api_version) {
  for (auto it = managers.begin(); it != managers.end();) {
    if (it->second.api_version != api_version) {
      it = managers.erase(it);
    } else {
      ++it;
    }
  }
}

struct UpdateStep {
  Comparison comparison;
  std::vector<Conflict> conflicts;
};

// merge.Updater.update: takes changed fields away from every manager other
// than `workflow`, or reports them as conflicts when not forced.
Result<UpdateStep> TakeOwnership(const Json& live, const Json& updated, Managers& managers,
                                 const std::string& workflow, bool force,
                                 const UpdaterContext& ctx) {
  auto cmp = Compare(live, updated, ctx.type);
  if (!cmp.ok()) return Status(500, "", "failed to compare objects: " + cmp.status().message());
  UpdateStep step;
  step.comparison = std::move(*cmp);
  step.comparison.Exclude(ctx.ignored);
  const Comparison& c = step.comparison;
  FieldSet changed = c.modified.Union(c.added);

  std::map<std::string, FieldSet> conflicts;
  for (auto& [manager, vs] : managers) {
    if (manager == workflow) continue;
    FieldSet conflict = vs.set.Intersection(changed);
    if (!conflict.Empty()) conflicts[manager] = std::move(conflict);
  }
  if (!force && !conflicts.empty()) {
    for (const auto& [manager, set] : conflicts) {
      set.Iterate([&, m = manager](const Path& p) { step.conflicts.push_back({m, p}); });
    }
    return step;
  }
  for (auto& [manager, vs] : managers) {
    if (manager == workflow) continue;
    if (auto it = conflicts.find(manager); it != conflicts.end()) {
      vs.set = vs.set.Difference(it->second);
    }
    if (!c.removed.Empty()) vs.set = vs.set.Difference(c.removed);
  }
  for (auto it = managers.begin(); it != managers.end();) {
    if (it->second.set.Empty()) {
      it = managers.erase(it);
    } else {
      ++it;
    }
  }
  return step;
}

// Removes what the applier owned last time but not any more, unless some
// manager still owns it.
Json Prune(const Json& merged, const Managers& managers, const VersionedSet* last,
           const UpdaterContext& ctx) {
  if (last == nullptr || last->set.Empty()) return merged;
  TypeRef t = ctx.type;
  Json pruned = RemoveItems(merged, EnsureNamedFieldsAreMembers(last->set, t), t);
  // Add back what any manager owns.
  FieldSet owned;
  for (const auto& [manager, vs] : managers) owned = owned.Union(vs.set);
  FieldSet merged_set = EnsureNamedFieldsAreMembers(ToFieldSet(merged, t), t);
  FieldSet pruned_set = EnsureNamedFieldsAreMembers(ToFieldSet(pruned, t), t);
  pruned = RemoveItems(
      merged, merged_set.Difference(pruned_set.Union(EnsureNamedFieldsAreMembers(owned, t))), t);
  // Only remove what the applier owned (not what no one owned).
  pruned_set = EnsureNamedFieldsAreMembers(ToFieldSet(pruned, t), t);
  FieldSet last_set = EnsureNamedFieldsAreMembers(last->set, t);
  return RemoveItems(merged, merged_set.Difference(pruned_set).Intersection(last_set), t);
}

}  // namespace

Status UpdaterUpdate(const Json& live, const Json& updated, Managers& managers,
                     const std::string& manager, const UpdaterContext& ctx) {
  DropOtherVersions(managers, ctx.api_version);
  STEAD_ASSIGN_OR_RETURN(UpdateStep step,
                         TakeOwnership(live, updated, managers, manager, /*force=*/true, ctx));
  const Comparison& c = step.comparison;
  FieldSet set;
  if (auto it = managers.find(manager); it != managers.end()) set = it->second.set;
  set = set.Difference(c.removed).Union(c.modified).Union(c.added).RecursiveDifference(ctx.ignored);
  if (set.Empty()) {
    managers.erase(manager);
  } else {
    managers[manager] = VersionedSet{std::move(set), ctx.api_version, false};
  }
  return Status::OK();
}

Result<ApplyOutcome> UpdaterApply(const Json& live, const Json& config, Managers& managers,
                                  const std::string& manager, bool force,
                                  const UpdaterContext& ctx) {
  Managers working = managers;
  DropOtherVersions(working, ctx.api_version);
  auto merged = Merge(live, config, ctx.type);
  if (!merged.ok()) return Status(500, "", "failed to merge config: " + merged.status().message());
  std::optional<VersionedSet> last;
  if (auto it = working.find(manager); it != working.end()) last = it->second;
  FieldSet set = ToFieldSet(config, ctx.type).RecursiveDifference(ctx.ignored);
  working[manager] = VersionedSet{std::move(set), ctx.api_version, true};
  Json object = Prune(*merged, working, last ? &*last : nullptr, ctx);
  STEAD_ASSIGN_OR_RETURN(UpdateStep step,
                         TakeOwnership(live, object, working, manager, force, ctx));
  ApplyOutcome out;
  if (!step.conflicts.empty()) {
    out.conflicts = std::move(step.conflicts);
    return out;
  }
  managers = std::move(working);
  if (!ValueEquals(live, object)) out.object = std::move(object);
  return out;
}

}  // namespace stead::api::apply

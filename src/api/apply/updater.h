// The ownership bookkeeping at the heart of server-side apply
// (sigs.k8s.io/structured-merge-diff/v4/merge.Updater) for one served
// version: Update gives a manager the fields a write changed; Apply merges
// a configuration, prunes what the manager applied before but no longer
// does, and reports conflicts with other managers. Managers whose entries
// are in another apiVersion cannot be converted and are dropped, as
// upstream drops versions it no longer serves. Pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/apply/field_set.h"
#include "api/apply/managed_fields.h"
#include "api/apply/typed.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::apply {

struct Conflict {
  std::string manager;  // identifier
  Path path;
};

struct UpdaterContext {
  TypeRef type;
  std::string api_version;  // the served version, "apps/v1"
  FieldSet ignored;         // reset fields, owned by nobody
};

// Ownership of the fields that differ between `live` and `updated` moves to
// `manager` (an identifier), taking them from everyone else; removed fields
// leave every manager.
Status UpdaterUpdate(const Json& live, const Json& updated,
                     std::map<std::string, VersionedSet>& managers, const std::string& manager,
                     const UpdaterContext& ctx);

struct ApplyOutcome {
  // The merged object; nullopt when applying changed nothing.
  std::optional<Json> object;
  // Fields owned by other managers that the configuration would change
  // (only without force; `managers` is then left as it was).
  std::vector<Conflict> conflicts;
};

Result<ApplyOutcome> UpdaterApply(const Json& live, const Json& config,
                                  std::map<std::string, VersionedSet>& managers,
                                  const std::string& manager, bool force,
                                  const UpdaterContext& ctx);

}  // namespace stead::api::apply

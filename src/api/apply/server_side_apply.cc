#include "api/apply/server_side_apply.h"

#include <map>
#include <optional>
#include <vector>

#include "api/apply/go_json.h"
#include "api/apply/managed_fields.h"
#include "api/apply/typed.h"
#include "api/apply/updater.h"

namespace stead::api::apply {

namespace {

constexpr char kLastAppliedAnnotation[] = "kubectl.kubernetes.io/last-applied-configuration";
constexpr char kBeforeFirstApply[] = "before-first-apply";
// kubectl's own manager name: the one upstream migrates from client-side apply.
constexpr char kKubectlManager[] = "kubectl";

std::string GroupVersion(const schema::TypeDef& kind) {
  return kind.gvk.group.empty() ? kind.gvk.version : kind.gvk.group + "/" + kind.gvk.version;
}

// schema.GroupVersionKind.String() of an object's apiVersion and kind.
std::string GvkString(const Json& obj) {
  std::string api_version = GetString(obj, {"apiVersion"});
  std::string kind = GetString(obj, {"kind"});
  std::string group, version;
  size_t slash = api_version.find('/');
  if (slash == std::string::npos) {
    version = api_version;
  } else if (api_version.find('/', slash + 1) == std::string::npos) {
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
  } else {
    kind.clear();
  }
  return group + "/" + version + ", Kind=" + kind;
}

struct Outcome {
  Json object;
  ManagedFields managed;
  std::vector<Conflict> conflicts;
};

// skipNonAppliedManager, buildManagerInfo, managedFieldsUpdater, stripMeta
// and the structured merge, in upstream's order.
Result<Outcome> ApplyOnce(const Json& live, const Json& config, ManagedFields managed,
                          const schema::TypeDef& kind, const ApplyRequest& req, bool force) {
  Json current = live;
  if (managed.fields.empty()) {
    // Whatever the object holds before its first apply belongs to a
    // placeholder manager, so that applying a different value conflicts.
    WriteContext ctx{kBeforeFirstApply, req.subresource, req.now, req.reset_fields};
    STEAD_RETURN_IF_ERROR(
        UpdateManagedFieldsFor(ZeroObject(kind), current, managed, kind, kBeforeFirstApply, ctx));
  }
  std::string id = ManagerIdentifier(req.manager, "Apply", "", req.subresource);
  if (const Json* mf = Lookup(config, {"metadata", "managedFields"}); mf && !mf->is_null()) {
    return Status::BadRequest("metadata.managedFields must be nil");
  }
  if (std::string errs = Validate(config, KindRef(kind), /*allow_duplicates=*/false);
      !errs.empty()) {
    return Status(500, "",
                  "failed to create typed patch object (" +
                      GetString(config, {"metadata", "namespace"}) + "/" +
                      GetString(config, {"metadata", "name"}) + "; " + GvkString(config) +
                      "): " + errs);
  }
  UpdaterContext uctx{KindRef(kind), GroupVersion(kind), req.reset_fields};
  STEAD_ASSIGN_OR_RETURN(ApplyOutcome applied,
                         UpdaterApply(current, config, managed.fields, id, force, uctx));
  Outcome out;
  if (!applied.conflicts.empty()) {
    out.conflicts = std::move(applied.conflicts);
    return out;
  }
  StripMetaFields(managed, id);
  if (applied.object) {
    managed.times[id] = FormatTime(req.now);
    out.object = std::move(*applied.object);
  } else {
    out.object = std::move(current);
  }
  Erase(out.object, {"metadata", "managedFields"});
  out.managed = std::move(managed);
  return out;
}

// The fields of the last-applied-configuration annotation that still hold
// their last applied values: client-side apply owned them, so the kubectl
// manager may take them over without forcing.
std::optional<FieldSet> FieldsStillAsLastApplied(const Json& live, const schema::TypeDef& kind) {
  const Json* annotation = Lookup(live, {"metadata", "annotations", kLastAppliedAnnotation});
  if (annotation == nullptr || !annotation->is_string() ||
      annotation->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  Json last = Json::parse(annotation->get<std::string>(), nullptr, /*allow_exceptions=*/false);
  if (!last.is_object() || GetString(last, {"apiVersion"}) != GroupVersion(kind)) {
    return std::nullopt;
  }
  TypeRef t = KindRef(kind);
  if (!Validate(last, t, false).empty() || !Validate(live, t, false).empty()) return std::nullopt;
  auto cmp = Compare(last, live, t);
  if (!cmp.ok()) return std::nullopt;
  return ToFieldSet(last, t)
      .Difference(cmp->modified)
      .Difference(cmp->added)
      .Difference(cmp->removed);
}

// lastAppliedManager: retries with force when every conflict is on a field
// kubectl last applied client-side.
Result<Outcome> ApplyMigratingClientSideApply(const Json& live, const Json& config,
                                              const ManagedFields& managed,
                                              const schema::TypeDef& kind,
                                              const ApplyRequest& req) {
  STEAD_ASSIGN_OR_RETURN(Outcome out, ApplyOnce(live, config, managed, kind, req, req.force));
  if (req.manager != kKubectlManager || out.conflicts.empty()) return out;
  std::optional<FieldSet> allowed = FieldsStillAsLastApplied(live, kind);
  if (!allowed) return out;
  std::vector<Conflict> remaining;
  for (const auto& c : out.conflicts) {
    if (!allowed->Has(c.path)) remaining.push_back(c);
  }
  if (!remaining.empty()) {
    out.conflicts = std::move(remaining);
    return out;
  }
  return ApplyOnce(live, config, managed, kind, req, /*force=*/true);
}

Status ConflictStatus(const std::vector<Conflict>& conflicts) {
  std::string message;
  if (conflicts.size() == 1) {
    message = "Apply failed with 1 conflict: conflict with " + PrintManager(conflicts[0].manager) +
              ": " + PathString(conflicts[0].path);
  } else {
    std::map<std::string, std::vector<std::string>> by_manager;
    for (const auto& c : conflicts) by_manager[c.manager].push_back(PathString(c.path));
    std::string lines;
    for (const auto& [manager, paths] : by_manager) {
      if (!lines.empty()) lines += "\n";
      lines += "conflicts with " + PrintManager(manager) + ":";
      for (const auto& p : paths) lines += "\n- " + p;
    }
    message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: " + lines;
  }
  Status s(409, "Conflict", message);
  for (const auto& c : conflicts) {
    s.details().causes.push_back(StatusCause{
        "FieldManagerConflict", "conflict with " + PrintManager(c.manager), PathString(c.path)});
  }
  return s;
}

// lastAppliedUpdater: keeps an existing last-applied-configuration current,
// so that kubectl can go back to client-side apply.
void UpdateLastApplied(Json& object, const Json& config) {
  const Json* annotation = Lookup(object, {"metadata", "annotations", kLastAppliedAnnotation});
  if (annotation == nullptr || !annotation->is_string() ||
      annotation->get_ref<const std::string&>().empty()) {
    return;
  }
  Json last = config;
  if (Json* annotations = LookupMutable(last, {"metadata", "annotations"})) {
    if (annotations->is_object()) annotations->erase(kLastAppliedAnnotation);
  }
  // encoding/json's Encoder ends the document with a newline.
  object["metadata"]["annotations"][kLastAppliedAnnotation] = GoJson(last) + "\n";
}

}  // namespace

Result<Json> Apply(const Json* live, const Json& config, const schema::TypeDef& kind,
                   const ApplyRequest& request) {
  const Json zero = live == nullptr ? ZeroObject(kind) : Json();
  const Json& current = live == nullptr ? zero : *live;
  auto managed = ManagedFields::Decode(Lookup(current, {"metadata", "managedFields"}));
  if (!managed.ok()) {
    return Status(500, "", "failed to decode managed fields: " + managed.status().message());
  }
  if (GetString(config, {"apiVersion"}) != GroupVersion(kind) ||
      GetString(config, {"kind"}) != kind.gvk.kind) {
    return Status::BadRequest("invalid object type: " + GvkString(config));
  }
  STEAD_ASSIGN_OR_RETURN(Outcome out,
                         ApplyMigratingClientSideApply(current, config, *managed, kind, request));
  if (!out.conflicts.empty()) return ConflictStatus(out.conflicts);
  if (request.manager == kKubectlManager) UpdateLastApplied(out.object, config);
  Json encoded = out.managed.Encode();
  if (!encoded.empty()) out.object["metadata"]["managedFields"] = std::move(encoded);
  return std::move(out.object);
}

}  // namespace stead::api::apply

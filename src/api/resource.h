// ResourceType: everything the API server needs to know about one served
// resource (e.g. apps/v1 statefulsets). Each kind is described in its own
// file under src/api/kinds/, all of the same shape: a function returning a
// ResourceType with naming, scope, subresources and the kind's behaviour
// hooks (defaulting, validation, Table columns, field selectors).
//
// Generic behaviour that is the same for every kind (ObjectMeta validation,
// uid/creationTimestamp, generation, status/spec separation, deletion
// semantics) lives in the API server, not here; a kind only says which of
// its metadata a /status write may not change (status_keeps_metadata).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/validation/names.h"
#include "core/clock.h"
#include "core/field_error.h"
#include "core/json.h"

namespace stead::api {

// A column of a meta.k8s.io/v1 Table (kubectl get output).
struct TableColumn {
  std::string name;         // "NAME", "READY", ...  (kubectl upper-cases)
  std::string type;         // "string", "integer", "date", "number", "boolean"
  std::string format;       // "name" for the NAME column, else ""
  std::string description;
  int priority = 0;         // 1 = shown only with -o wide
};

struct ResourceType {
  // Naming.
  std::string group;     // "" for the core group
  std::string version;   // "v1"
  std::string kind;      // "StatefulSet"
  std::string plural;    // "statefulsets"
  std::string singular;  // "statefulset"
  std::vector<std::string> short_names;  // {"sts"}
  std::vector<std::string> categories;   // {"all"}
  bool namespaced = true;

  // Subresources.
  bool has_status = false;  // /status; main-resource writes keep the old status
  // Create starts from an empty status (upstream PrepareForCreate); Nodes
  // keep the status their kubelet registers them with.
  bool reset_status_on_create = true;
  bool has_scale = false;   // /scale (autoscaling/v1 Scale)
  // JSON path of the replica count and label selector for /scale.
  bool tracks_generation = false;  // metadata.generation bumps on spec changes
  // Pods get graceful deletion (deletionTimestamp + grace period) when bound.
  bool graceful_delete = false;

  // Rule for metadata.name / generateName (upstream's per-kind
  // ValidateXName); DNS-1123 subdomain unless the kind says otherwise.
  validation::NameRule name_rule = validation::NameIsDNSSubdomain;

  // Behaviour hooks; each may be empty.
  // Fills defaults in place (SetDefaults_*). Runs on create and update, on the
  // full object after decoding and patching.
  std::function<void(Json& obj)> set_defaults;
  // Kind-specific validation of a new object (ObjectMeta is validated
  // generically). Appends to errs.
  std::function<void(const Json& obj, FieldErrorList& errs)> validate_create;
  // Kind-specific validation of an update (including immutability rules).
  std::function<void(const Json& obj, const Json& old, FieldErrorList& errs)> validate_update;
  // Validation of a /status write.
  std::function<void(const Json& obj, const Json& old, FieldErrorList& errs)> validate_status;
  // Kind-specific preparation before create (e.g. Pod: status.phase=Pending,
  // Service: clusterIP handled by the allocator in the API server).
  std::function<void(Json& obj)> prepare_create;
  // Kind-specific preparation before a main-resource update (runs after the
  // generic spec/status handling), e.g. dropping disabled fields.
  std::function<void(Json& obj, const Json& old)> prepare_update;

  // What a /status write may change besides .status (upstream's
  // <kind>StatusStrategy.PrepareForUpdate): everything outside metadata and
  // status always comes from the stored object, and so do the metadata
  // fields named here ({"labels"} for Deployments; {"ownerReferences",
  // "deletionTimestamp"} for Pods); the rest of metadata is the request's.
  // The system fields (uid, creationTimestamp, generation, deletion fields,
  // resourceVersion) are kept generically as on every update.
  std::vector<std::string> status_keeps_metadata;
  // Kind-specific preparation of a /status write after the generic handling
  // (e.g. Pod: backfill status.qosClass); `now` is the time of the write.
  std::function<void(Json& obj, const Json& old, SystemTime now)> prepare_status;

  // Table printing (kubectl get): column definitions and one row per object.
  std::vector<TableColumn> columns;
  std::function<std::vector<Json>(const Json& obj, SystemTime now)> row;

  // Field selectors beyond metadata.name / metadata.namespace (which are
  // generic): the supported field names and a value extractor.
  std::vector<std::string> field_selectors;
  std::function<std::optional<std::string>(const Json& obj, const std::string& field)>
      field_value;

  // Helpers.
  std::string GroupVersion() const { return group.empty() ? version : group + "/" + version; }
  // "statefulsets.apps" / "pods"
  std::string GroupResource() const { return group.empty() ? plural : plural + "." + group; }
};

}  // namespace stead::api

// Server-side apply: a PATCH with Content-Type application/apply-patch+yaml
// (`kubectl apply --server-side`), as the Kubernetes 1.32 API server runs
// it (k8s.io/apimachinery/pkg/util/managedfields, structured-merge-diff v4).
//
// The applied configuration is merged into the live object with
// structured-merge semantics (associative lists by key, sets by value,
// atomic lists and maps replaced, granular maps and structs merged field by
// field). Fields the manager applied last time but no longer applies are
// removed unless another manager owns them too. Changing a field another
// manager owns is a conflict (409, upstream's message and causes) unless
// forced, which moves the ownership to the applier. The manager's "Apply"
// entry in metadata.managedFields becomes exactly the applied field set.
// Like upstream, the kubectl manager also migrates from client-side apply:
// conflicts on fields that still hold their last-applied-configuration
// values are taken over, and the annotation is kept current when present.
// Pure function: the caller decodes, defaults, validates and stores the
// result.
#pragma once

#include <string>

#include "api/apply/field_set.h"
#include "api/schema/schema.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::apply {

struct ApplyRequest {
  std::string manager;      // the fieldManager parameter (required for apply)
  bool force = false;       // the force parameter: take over conflicting fields
  std::string subresource;  // "" or "status"
  SystemTime now;           // the time of the write
  FieldSet reset_fields;    // ResetFields()
};

// Applies `config` (the request body as JSON) to `live`, the stored object
// of top-level type `kind`, or to a new object when `live` is null. Returns
// the object to store, with metadata.managedFields set; it equals `live`
// apart from managedFields when the apply changes nothing.
//
// Errors: 400 for a configuration of another kind or version ("invalid
// object type: apps/v1, Kind=Deployment") or that sets managedFields; 409
// Conflict for conflicts; 500 (as upstream) for a configuration that does
// not fit the schema (`failed to create typed patch object (ns/name;
// apps/v1, Kind=StatefulSet): .spec.foo: field not declared in schema`).
Result<Json> Apply(const Json* live, const Json& config, const schema::TypeDef& kind,
                   const ApplyRequest& request);

}  // namespace stead::api::apply

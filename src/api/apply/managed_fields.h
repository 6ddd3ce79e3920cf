// metadata.managedFields: which field manager owns which fields of an
// object, kept up to date on every write like the Kubernetes API server
// (k8s.io/apimachinery/pkg/util/managedfields) does it.
//
// Every create, update, patch and status write records an "Update" entry
// for its manager that owns the fields the write added or changed; fields
// a write removes are removed from every manager; entries left without
// fields disappear. Server-side apply (server_side_apply.h) records "Apply"
// entries. Entries are keyed by manager, operation, subresource and (for
// Update) apiVersion, carry the time of the write that last changed their
// fields, and are sorted like upstream's (Apply before Update, then by
// time, manager, apiVersion, subresource). Scale subresource writes own
// spec.replicas through an entry with subresource "scale" and no time, as
// upstream's ScaleHandler records it. Pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "api/apply/field_set.h"
#include "api/schema/schema.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::apply {

struct VersionedSet {
  FieldSet set;
  std::string api_version;
  bool applied = false;  // an Apply entry
};

// Decoded managedFields, keyed by manager identifier (ManagerIdentifier).
struct ManagedFields {
  std::map<std::string, VersionedSet> fields;
  std::map<std::string, std::string> times;  // RFC 3339; absent = no time

  // Decodes metadata.managedFields (null or absent: none). Rejects entries
  // with an operation other than Apply/Update, no apiVersion or a
  // fieldsType other than FieldsV1, like upstream.
  static Result<ManagedFields> Decode(const Json* entries);
  // The sorted entries; an empty array when there are none.
  Json Encode() const;
};

// The identity of a manager's entry, as upstream builds it: the JSON of the
// entry without time and fields, and without apiVersion for Apply entries
// (`{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1"}`).
std::string ManagerIdentifier(std::string_view manager, std::string_view operation,
                              std::string_view api_version, std::string_view subresource);

// How conflict messages name a manager: `"kubectl"`,
// `"kube-controller-manager" using apps/v1`,
// `"kubectl" with subresource "scale" using apps/v1`.
std::string PrintManager(const std::string& identifier);

// The manager of a write: the fieldManager parameter, or else the part of
// the User-Agent before the first '/' without unprintable characters, cut
// to 128 bytes ("kubectl/v1.32.0 (linux/amd64) ..." -> "kubectl").
std::string ManagerName(std::string_view field_manager, std::string_view user_agent);

// The fields a write does not own because the server resets them (the
// strategies' GetResetFields): a main-resource write of a kind with a
// status subresource does not own status; a status write does not own spec.
FieldSet ResetFields(bool has_status_subresource, std::string_view subresource);

// Whether a request body asks to clear managedFields: `managedFields: []`
// or `managedFields: [{}]`.
bool RequestResetsManagedFields(const Json& body);

struct WriteContext {
  std::string manager;      // ManagerName(); "" records as "unknown"
  std::string subresource;  // "", "status" or "scale"
  SystemTime now;           // the time of the write
  FieldSet reset_fields;    // ResetFields()
};

// Records a create (`live` null), update, patch or subresource write of
// `obj` (the object about to be stored, of top-level type `kind`) in
// obj.metadata.managedFields. The managedFields `obj` carries are taken as
// the previous state when a main-resource write sends a non-empty valid
// list (clients may edit them), ignored for subresource writes, and reset
// by RequestResetsManagedFields bodies; otherwise the live object's count.
// Objects that exist without managedFields stay untracked until an apply.
void RecordUpdate(const Json* live, Json& obj, const schema::TypeDef& kind,
                  const WriteContext& ctx);

// --- building blocks shared with server-side apply -------------------------

// Removes the metadata fields nobody owns (name, uid, resourceVersion, ...)
// from the set of `identifier`, dropping the entry if it becomes empty.
void StripMetaFields(ManagedFields& managed, const std::string& identifier);

// Runs the Update chain (ownership of the changes from `live` to `updated`
// goes to an Update entry of `manager`) on already decoded managed fields.
// Errors are internal.
Status UpdateManagedFieldsFor(const Json& live, const Json& updated, ManagedFields& managed,
                              const schema::TypeDef& kind, const std::string& manager,
                              const WriteContext& ctx);

}  // namespace stead::api::apply

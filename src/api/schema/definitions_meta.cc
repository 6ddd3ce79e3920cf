// Schema definitions for meta/v1 (ObjectMeta, ListMeta, Status, DeleteOptions, ...) and the
// apimachinery scalars (Time, MicroTime, Quantity, IntOrString, RawExtension).
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view MetaDefinitions() {
  return R"dsl(
package meta io.k8s.apimachinery.pkg.apis.meta.v1 v1

alias UID string go=types.UID
alias CauseType string
alias ConditionStatus string
alias DeletionPropagation string
alias LabelSelectorOperator string
alias ManagedFieldsOperationType string
alias StatusReason string
alias Verbs []string

type ObjectMeta "Metadata every persisted object carries: identity (name, namespace, uid), labels and annotations, ownership, finalizers and the versioning fields the system maintains."
  name string "Name of the object, unique within its namespace (or cluster-wide for cluster-scoped kinds). Required on create unless generateName is set; cannot be changed afterwards."
  generateName string "Prefix the server uses to generate a unique name when name is empty: a random suffix is appended. Only used on create."
  namespace string "Namespace the object lives in; names are unique per namespace. Empty means \"default\" for namespaced kinds; cluster-scoped objects have none. Cannot be updated."
  selfLink string "Deprecated and no longer set by the system."
  uid UID "Unique identifier of this object in time and space, assigned by the server on create. Read-only."
  resourceVersion string "Opaque version of the object, changed on every write. Used for optimistic concurrency on updates and to start watches; clients must not interpret it. Read-only."
  generation int64 "Sequence number of the desired state, incremented by the system when the spec changes. Read-only."
  creationTimestamp Time "Server time at which the object was created (RFC 3339, UTC). Set by the system; read-only."
  deletionTimestamp *Time "Time after which the object will be deleted, set by the server when a graceful deletion is requested. Once set it cannot be unset; the object stays while finalizers remain. Read-only."
  deletionGracePeriodSeconds *int64 "Seconds the object is given to terminate gracefully; only set together with deletionTimestamp. Read-only."
  labels {}string "Key/value pairs used to organize and select objects (by controllers, services and label selectors)."
  annotations {}string "Arbitrary non-identifying key/value metadata set by tools and users; not used for selection."
  ownerReferences []OwnerReference patch=merge key=uid list=map keys=uid "Objects this object depends on. When all owners are gone the object is garbage collected; at most one owner can be the managing controller."
  finalizers []string patch=merge list=set "Identifiers of components that must clean up before the object is removed. Deletion waits until the list is empty; order matters only to the components themselves."
  managedFields []ManagedFieldsEntry list=atomic "Which field manager (workflow) owns which fields, as tracked by server-side apply. Maintained by the system; users rarely need to read or set it."

type OwnerReference atomic "Identifies an owning object. The owner must be in the same namespace as the dependent, or be cluster-scoped."
  apiVersion string req "API version of the owner."
  kind string req "Kind of the owner."
  name string req "Name of the owner."
  uid UID req "UID of the owner."
  controller *bool "True when the owner is the managing controller of this object."
  blockOwnerDeletion *bool "When true and the owner uses foreground deletion, the owner is not removed until this reference is gone. Setting it needs delete permission on the owner."

type ManagedFieldsEntry "One field manager's record: who manages which fields, through which operation and API version."
  manager string "Identifier of the workflow (field manager) that manages these fields."
  operation ManagedFieldsOperationType "Operation that produced this entry: Apply or Update."
  apiVersion string "group/version the field set is expressed in; field sets are version specific."
  time *Time "When the entry was last changed (fields added, changed or removed by this manager)."
  fieldsType string "Format of the fields description; the only value is FieldsV1."
  fieldsV1 *FieldsV1 "The set of managed fields, in the FieldsV1 format."
  subresource string "Subresource the fields were written through (\"status\", \"scale\"), or empty for the main resource."

type ListMeta "Metadata of lists and other synthetic responses: the collection's version and paging state."
  selfLink string "Deprecated and no longer set by the system."
  resourceVersion string "Version of the collection when it was read; use it to start a watch. Opaque to clients. Read-only."
  continue string "Set when the list was truncated by a limit: pass it back to fetch the next page. Expires after a while; then the list must be restarted. Read-only."
  remainingItemCount *int64 "Approximate number of items not yet returned when a limit was used. Not set with label or field selectors. Read-only."

type LabelSelector atomic "A label query over a set of objects. matchLabels and matchExpressions are ANDed; an empty selector matches everything and a null one matches nothing."
  matchLabels {}string "Exact key/value matches; each entry is equivalent to an \"In\" expression with a single value."
  matchExpressions []LabelSelectorRequirement list=atomic "Requirements on labels, all of which must hold."

type LabelSelectorRequirement "One requirement of a label selector: a key, an operator and values."
  key string req "The label key the requirement applies to."
  operator LabelSelectorOperator req "How the key relates to the values: In, NotIn, Exists or DoesNotExist."
  values []string list=atomic "Values for In and NotIn (must not be empty); must be empty for Exists and DoesNotExist."

type Condition "One aspect of an object's current state, in the standard condition shape."
  type string req "Condition type in CamelCase, optionally domain prefixed (example.com/Ready)."
  status ConditionStatus req "True, False or Unknown."
  observedGeneration int64 "The metadata.generation the condition was computed from; tells whether it is stale."
  lastTransitionTime Time req "When the status last changed."
  reason string req "Programmatic CamelCase identifier for the last transition. Must not be empty."
  message string req "Human readable details about the transition; may be empty."

type Status gvk=/v1/Status "The response body of calls that return no object, and of every error."
  @list
  status string "Success or Failure."
  message string "Human readable description of the outcome."
  reason StatusReason "Machine readable reason for a failure (NotFound, AlreadyExists, Invalid, ...); empty when unknown. Refines the HTTP code without overriding it."
  details *StatusDetails list=atomic "Extra data about the reason: the object involved and individual causes. Shape depends on the reason."
  code int32 "Suggested HTTP status code; 0 when not set."

type StatusDetails "Extra information about a failure: the object concerned and the individual causes. Clients must tolerate any field being empty."
  name string "Name of the object the status is about, when there is one."
  group string "API group of the object the status is about."
  kind string "Kind (or resource) of the object the status is about."
  uid UID "UID of the object the status is about, when there is one."
  causes []StatusCause list=atomic "Individual causes of the failure, such as one per invalid field."
  retryAfterSeconds int32 "Seconds to wait before retrying, when the server suggests it."

type StatusCause "One cause of a failure, often tied to a field."
  reason CauseType "Machine readable cause (FieldValueInvalid, FieldValueRequired, ...); empty when unknown."
  message string "Human readable explanation, suitable to show as is."
  field string "JSON path of the field at fault, e.g. \"spec.replicas\" or \"items[0].name\"."

type DeleteOptions gvk=/v1/DeleteOptions "Options for a delete request."
  @typemeta
  gracePeriodSeconds *int64 "Seconds before the object is deleted; zero deletes immediately. Unset uses the kind's default."
  preconditions *Preconditions "Conditions (uid, resourceVersion) that must match for the delete to proceed; otherwise 409 Conflict."
  orphanDependents *bool "Deprecated, use propagationPolicy. True orphans the dependents, false deletes them; not together with propagationPolicy."
  propagationPolicy *DeletionPropagation "How dependents are handled: Orphan, Background (collect them after the owner is gone) or Foreground (delete them first). Defaults from the finalizers and the kind."
  dryRun []string list=atomic "When present, the request is processed but not persisted. The only valid value is All."
  ignoreStoreReadErrorWithClusterBreakingPotential *bool "Force deletion of an object that cannot be read from storage (corrupt data). Skips finalizers and other safeguards; use with great care."

type Preconditions "Conditions that must hold before an operation is carried out."
  uid *UID "The UID the object must have."
  resourceVersion *string "The resourceVersion the object must have."

type WatchEvent gvk=/v1/WatchEvent "One event of a watch stream."
  type string req "ADDED, MODIFIED, DELETED, BOOKMARK or ERROR."
  object runtime.RawExtension req "The object after the change (ADDED, MODIFIED), before deletion (DELETED), a bookmark carrying only a resourceVersion, or a Status (ERROR)."

type Patch "The body of a PATCH request; its format depends on the Content-Type (JSON patch, merge patch, strategic merge patch or apply)."

type APIResourceList gvk=/v1/APIResourceList "The resources served in one group version."
  @typemeta
  groupVersion string req "The group/version of the listed resources."
  resources []APIResource req list=atomic "The resources, with their names, scope, kinds and verbs."

type APIResource "One served resource: its name, scope, kind and supported verbs."
  name string req "Plural resource name, e.g. \"statefulsets\" or \"pods/status\"."
  singularName string req "Singular name, e.g. \"statefulset\"."
  namespaced bool req "Whether objects of this resource live in namespaces."
  group string "Preferred group of the resource when it differs from the list's."
  version string "Preferred version of the resource when it differs from the list's."
  kind string req "The kind of the resource's objects."
  verbs Verbs req "Supported verbs: get, list, watch, create, update, patch, delete, deletecollection, ..."
  shortNames []string list=atomic "Short aliases for the command line, e.g. \"sts\"."
  categories []string list=atomic "Categories the resource belongs to, e.g. \"all\"."
  storageVersionHash string "Opaque hash of the storage version; only compare it for equality."

scalar Time time "A timestamp in RFC 3339 form with second precision, in UTC (\"2024-05-01T10:00:00Z\")."

scalar FieldsV1 object "A set of fields in a compact JSON trie form (\"f:spec\": {\"f:replicas\": {}}), used by managedFields."

scalar MicroTime microtime "A timestamp in RFC 3339 form with microsecond precision, in UTC (\"2024-05-01T10:00:00.000000Z\")."

package runtime io.k8s.apimachinery.pkg.runtime runtime

scalar RawExtension object "An embedded object of any kind, kept as written (JSON with its own apiVersion and kind)."

package resource io.k8s.apimachinery.pkg.api.resource resource

scalar Quantity quantity "A fixed-point number with an optional suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal SI (m, k, M, G, T, P, E) or a decimal exponent (1e3). Written in canonical form, e.g. \"500m\", \"1Gi\", \"1.5\"."

package intstr io.k8s.apimachinery.pkg.util.intstr intstr

scalar IntOrString intorstring "A value that is either an integer or a string, such as a port number or port name, or a count or percentage (\"25%\")."
)dsl";
}

}  // namespace stead::api::schema

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
  name string pb=1 "Name of the object, unique within its namespace (or cluster-wide for cluster-scoped kinds). Required on create unless generateName is set; cannot be changed afterwards."
  generateName string pb=2 "Prefix the server uses to generate a unique name when name is empty: a random suffix is appended. Only used on create."
  namespace string pb=3 "Namespace the object lives in; names are unique per namespace. Empty means \"default\" for namespaced kinds; cluster-scoped objects have none. Cannot be updated."
  selfLink string pb=4 "Deprecated and no longer set by the system."
  uid UID pb=5 "Unique identifier of this object in time and space, assigned by the server on create. Read-only."
  resourceVersion string pb=6 "Opaque version of the object, changed on every write. Used for optimistic concurrency on updates and to start watches; clients must not interpret it. Read-only."
  generation int64 pb=7 "Sequence number of the desired state, incremented by the system when the spec changes. Read-only."
  creationTimestamp Time pb=8 "Server time at which the object was created (RFC 3339, UTC). Set by the system; read-only."
  deletionTimestamp *Time pb=9 "Time after which the object will be deleted, set by the server when a graceful deletion is requested. Once set it cannot be unset; the object stays while finalizers remain. Read-only."
  deletionGracePeriodSeconds *int64 pb=10 "Seconds the object is given to terminate gracefully; only set together with deletionTimestamp. Read-only."
  labels {}string pb=11 "Key/value pairs used to organize and select objects (by controllers, services and label selectors)."
  annotations {}string pb=12 "Arbitrary non-identifying key/value metadata set by tools and users; not used for selection."
  ownerReferences []OwnerReference patch=merge key=uid list=map keys=uid pb=13 "Objects this object depends on. When all owners are gone the object is garbage collected; at most one owner can be the managing controller."
  finalizers []string patch=merge list=set pb=14 "Identifiers of components that must clean up before the object is removed. Deletion waits until the list is empty; order matters only to the components themselves."
  managedFields []ManagedFieldsEntry list=atomic pb=17 "Which field manager (workflow) owns which fields, as tracked by server-side apply. Maintained by the system; users rarely need to read or set it."

type OwnerReference atomic "Identifies an owning object. The owner must be in the same namespace as the dependent, or be cluster-scoped."
  apiVersion string req pb=5 "API version of the owner."
  kind string req pb=1 "Kind of the owner."
  name string req pb=3 "Name of the owner."
  uid UID req pb=4 "UID of the owner."
  controller *bool pb=6 "True when the owner is the managing controller of this object."
  blockOwnerDeletion *bool pb=7 "When true and the owner uses foreground deletion, the owner is not removed until this reference is gone. Setting it needs delete permission on the owner."

type ManagedFieldsEntry "One field manager's record: who manages which fields, through which operation and API version."
  manager string pb=1 "Identifier of the workflow (field manager) that manages these fields."
  operation ManagedFieldsOperationType pb=2 "Operation that produced this entry: Apply or Update."
  apiVersion string pb=3 "group/version the field set is expressed in; field sets are version specific."
  time *Time pb=4 "When the entry was last changed (fields added, changed or removed by this manager)."
  fieldsType string pb=6 "Format of the fields description; the only value is FieldsV1."
  fieldsV1 *FieldsV1 pb=7 "The set of managed fields, in the FieldsV1 format."
  subresource string pb=8 "Subresource the fields were written through (\"status\", \"scale\"), or empty for the main resource."

type ListMeta "Metadata of lists and other synthetic responses: the collection's version and paging state."
  selfLink string pb=1 "Deprecated and no longer set by the system."
  resourceVersion string pb=2 "Version of the collection when it was read; use it to start a watch. Opaque to clients. Read-only."
  continue string pb=3 "Set when the list was truncated by a limit: pass it back to fetch the next page. Expires after a while; then the list must be restarted. Read-only."
  remainingItemCount *int64 pb=4 "Approximate number of items not yet returned when a limit was used. Not set with label or field selectors. Read-only."

type LabelSelector atomic "A label query over a set of objects. matchLabels and matchExpressions are ANDed; an empty selector matches everything and a null one matches nothing."
  matchLabels {}string pb=1 "Exact key/value matches; each entry is equivalent to an \"In\" expression with a single value."
  matchExpressions []LabelSelectorRequirement list=atomic pb=2 "Requirements on labels, all of which must hold."

type LabelSelectorRequirement "One requirement of a label selector: a key, an operator and values."
  key string req pb=1 "The label key the requirement applies to."
  operator LabelSelectorOperator req pb=2 "How the key relates to the values: In, NotIn, Exists or DoesNotExist."
  values []string list=atomic pb=3 "Values for In and NotIn (must not be empty); must be empty for Exists and DoesNotExist."

type Condition "One aspect of an object's current state, in the standard condition shape."
  type string req pb=1 "Condition type in CamelCase, optionally domain prefixed (example.com/Ready)."
  status ConditionStatus req pb=2 "True, False or Unknown."
  observedGeneration int64 pb=3 "The metadata.generation the condition was computed from; tells whether it is stale."
  lastTransitionTime Time req pb=4 "When the status last changed."
  reason string req pb=5 "Programmatic CamelCase identifier for the last transition. Must not be empty."
  message string req pb=6 "Human readable details about the transition; may be empty."

type Status gvk=/v1/Status "The response body of calls that return no object, and of every error."
  @list
  status string pb=2 "Success or Failure."
  message string pb=3 "Human readable description of the outcome."
  reason StatusReason pb=4 "Machine readable reason for a failure (NotFound, AlreadyExists, Invalid, ...); empty when unknown. Refines the HTTP code without overriding it."
  details *StatusDetails list=atomic pb=5 "Extra data about the reason: the object involved and individual causes. Shape depends on the reason."
  code int32 pb=6 "Suggested HTTP status code; 0 when not set."

type StatusDetails "Extra information about a failure: the object concerned and the individual causes. Clients must tolerate any field being empty."
  name string pb=1 "Name of the object the status is about, when there is one."
  group string pb=2 "API group of the object the status is about."
  kind string pb=3 "Kind (or resource) of the object the status is about."
  uid UID pb=6 "UID of the object the status is about, when there is one."
  causes []StatusCause list=atomic pb=4 "Individual causes of the failure, such as one per invalid field."
  retryAfterSeconds int32 pb=5 "Seconds to wait before retrying, when the server suggests it."

type StatusCause "One cause of a failure, often tied to a field."
  reason CauseType pb=1 "Machine readable cause (FieldValueInvalid, FieldValueRequired, ...); empty when unknown."
  message string pb=2 "Human readable explanation, suitable to show as is."
  field string pb=3 "JSON path of the field at fault, e.g. \"spec.replicas\" or \"items[0].name\"."

type DeleteOptions gvk=/v1/DeleteOptions "Options for a delete request."
  @typemeta
  gracePeriodSeconds *int64 pb=1 "Seconds before the object is deleted; zero deletes immediately. Unset uses the kind's default."
  preconditions *Preconditions pb=2 "Conditions (uid, resourceVersion) that must match for the delete to proceed; otherwise 409 Conflict."
  orphanDependents *bool pb=3 "Deprecated, use propagationPolicy. True orphans the dependents, false deletes them; not together with propagationPolicy."
  propagationPolicy *DeletionPropagation pb=4 "How dependents are handled: Orphan, Background (collect them after the owner is gone) or Foreground (delete them first). Defaults from the finalizers and the kind."
  dryRun []string list=atomic pb=5 "When present, the request is processed but not persisted. The only valid value is All."
  ignoreStoreReadErrorWithClusterBreakingPotential *bool pb=6 "Force deletion of an object that cannot be read from storage (corrupt data). Skips finalizers and other safeguards; use with great care."

type Preconditions "Conditions that must hold before an operation is carried out."
  uid *UID pb=1 "The UID the object must have."
  resourceVersion *string pb=2 "The resourceVersion the object must have."

type WatchEvent gvk=/v1/WatchEvent "One event of a watch stream."
  type string req pb=1 "ADDED, MODIFIED, DELETED, BOOKMARK or ERROR."
  object runtime.RawExtension req pb=2 "The object after the change (ADDED, MODIFIED), before deletion (DELETED), a bookmark carrying only a resourceVersion, or a Status (ERROR)."

type Patch "The body of a PATCH request; its format depends on the Content-Type (JSON patch, merge patch, strategic merge patch or apply)."

type APIResourceList gvk=/v1/APIResourceList "The resources served in one group version."
  @typemeta
  groupVersion string req pb=1 "The group/version of the listed resources."
  resources []APIResource req list=atomic pb=2 "The resources, with their names, scope, kinds and verbs."

type APIResource "One served resource: its name, scope, kind and supported verbs."
  name string req pb=1 "Plural resource name, e.g. \"statefulsets\" or \"pods/status\"."
  singularName string req pb=6 "Singular name, e.g. \"statefulset\"."
  namespaced bool req pb=2 "Whether objects of this resource live in namespaces."
  group string pb=8 "Preferred group of the resource when it differs from the list's."
  version string pb=9 "Preferred version of the resource when it differs from the list's."
  kind string req pb=3 "The kind of the resource's objects."
  verbs Verbs req pb=4.1 "Supported verbs: get, list, watch, create, update, patch, delete, deletecollection, ..."
  shortNames []string list=atomic pb=5 "Short aliases for the command line, e.g. \"sts\"."
  categories []string list=atomic pb=7 "Categories the resource belongs to, e.g. \"all\"."
  storageVersionHash string pb=10 "Opaque hash of the storage version; only compare it for equality."

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

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

type ObjectMeta "?"
  name string "?"
  generateName string "?"
  namespace string "?"
  selfLink string "?"
  uid UID "?"
  resourceVersion string "?"
  generation int64 "?"
  creationTimestamp Time "?"
  deletionTimestamp *Time "?"
  deletionGracePeriodSeconds *int64 "?"
  labels {}string "?"
  annotations {}string "?"
  ownerReferences []OwnerReference patch=merge key=uid list=map keys=uid "?"
  finalizers []string patch=merge list=set "?"
  managedFields []ManagedFieldsEntry list=atomic "?"

type OwnerReference atomic "?"
  apiVersion string req "?"
  kind string req "?"
  name string req "?"
  uid UID req "?"
  controller *bool "?"
  blockOwnerDeletion *bool "?"

type ManagedFieldsEntry "?"
  manager string "?"
  operation ManagedFieldsOperationType "?"
  apiVersion string "?"
  time *Time "?"
  fieldsType string "?"
  fieldsV1 *FieldsV1 "?"
  subresource string "?"

type ListMeta "?"
  selfLink string "?"
  resourceVersion string "?"
  continue string "?"
  remainingItemCount *int64 "?"

type LabelSelector atomic "?"
  matchLabels {}string "?"
  matchExpressions []LabelSelectorRequirement list=atomic "?"

type LabelSelectorRequirement "?"
  key string req "?"
  operator LabelSelectorOperator req "?"
  values []string list=atomic "?"

type Condition "?"
  type string req "?"
  status ConditionStatus req "?"
  observedGeneration int64 "?"
  lastTransitionTime Time req "?"
  reason string req "?"
  message string req "?"

type Status gvk=/v1/Status "?"
  @list
  status string "?"
  message string "?"
  reason StatusReason "?"
  details *StatusDetails list=atomic "?"
  code int32 "?"

type StatusDetails "?"
  name string "?"
  group string "?"
  kind string "?"
  uid UID "?"
  causes []StatusCause list=atomic "?"
  retryAfterSeconds int32 "?"

type StatusCause "?"
  reason CauseType "?"
  message string "?"
  field string "?"

type DeleteOptions gvk=/v1/DeleteOptions "?"
  @typemeta
  gracePeriodSeconds *int64 "?"
  preconditions *Preconditions "?"
  orphanDependents *bool "?"
  propagationPolicy *DeletionPropagation "?"
  dryRun []string list=atomic "?"
  ignoreStoreReadErrorWithClusterBreakingPotential *bool "?"

type Preconditions "?"
  uid *UID "?"
  resourceVersion *string "?"

type WatchEvent gvk=/v1/WatchEvent "?"
  type string req "?"
  object runtime.RawExtension req "?"

type Patch "?"

type APIResourceList gvk=/v1/APIResourceList "?"
  @typemeta
  groupVersion string req "?"
  resources []APIResource req list=atomic "?"

type APIResource "?"
  name string req "?"
  singularName string req "?"
  namespaced bool req "?"
  group string "?"
  version string "?"
  kind string req "?"
  verbs Verbs req "?"
  shortNames []string list=atomic "?"
  categories []string list=atomic "?"
  storageVersionHash string "?"

scalar Time time "?"

scalar FieldsV1 object "?"

scalar MicroTime microtime "?"

package runtime io.k8s.apimachinery.pkg.runtime runtime

scalar RawExtension object "?"

package resource io.k8s.apimachinery.pkg.api.resource resource

scalar Quantity quantity "?"

package intstr io.k8s.apimachinery.pkg.util.intstr intstr

scalar IntOrString intorstring "?"
)dsl";
}

}  // namespace stead::api::schema

// Schema definitions for apps/v1: StatefulSet, ControllerRevision, Deployment, ReplicaSet.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view AppsDefinitions() {
  return R"dsl(
package apps io.k8s.api.apps.v1 v1

alias DeploymentConditionType string
alias DeploymentStrategyType string enum=Recreate|RollingUpdate
alias PersistentVolumeClaimRetentionPolicyType string
alias PodManagementPolicyType string enum=OrderedReady|Parallel
alias ReplicaSetConditionType string
alias StatefulSetConditionType string
alias StatefulSetUpdateStrategyType string enum=OnDelete|RollingUpdate

type StatefulSet gvk=apps/v1/StatefulSet "?"
  @object
  spec StatefulSetSpec "?"
  status StatefulSetStatus "?"

type StatefulSetSpec "?"
  replicas *int32 "?"
  selector *meta.LabelSelector req "?"
  template core.PodTemplateSpec req "?"
  volumeClaimTemplates []core.PersistentVolumeClaim list=atomic "?"
  serviceName string req "?"
  podManagementPolicy PodManagementPolicyType "?"
  updateStrategy StatefulSetUpdateStrategy "?"
  revisionHistoryLimit *int32 "?"
  minReadySeconds int32 "?"
  persistentVolumeClaimRetentionPolicy *StatefulSetPersistentVolumeClaimRetentionPolicy "?"
  ordinals *StatefulSetOrdinals "?"

type StatefulSetUpdateStrategy "?"
  type StatefulSetUpdateStrategyType "?"
  rollingUpdate *RollingUpdateStatefulSetStrategy "?"

type RollingUpdateStatefulSetStrategy "?"
  partition *int32 "?"
  maxUnavailable *intstr.IntOrString "?"

type StatefulSetPersistentVolumeClaimRetentionPolicy "?"
  whenDeleted PersistentVolumeClaimRetentionPolicyType "?"
  whenScaled PersistentVolumeClaimRetentionPolicyType "?"

type StatefulSetOrdinals "?"
  start int32 always "?"

type StatefulSetStatus "?"
  observedGeneration int64 "?"
  replicas int32 req "?"
  readyReplicas int32 "?"
  currentReplicas int32 "?"
  updatedReplicas int32 "?"
  currentRevision string "?"
  updateRevision string "?"
  collisionCount *int32 "?"
  conditions []StatefulSetCondition patch=merge key=type list=map keys=type "?"
  availableReplicas int32 always "?"

type StatefulSetCondition "?"
  type StatefulSetConditionType req "?"
  status core.ConditionStatus req "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type StatefulSetList gvk=apps/v1/StatefulSetList "?"
  @list
  items []StatefulSet req "?"

type ControllerRevision gvk=apps/v1/ControllerRevision "?"
  @object
  data runtime.RawExtension "?"
  revision int64 req "?"

type ControllerRevisionList gvk=apps/v1/ControllerRevisionList "?"
  @list
  items []ControllerRevision req "?"

type Deployment gvk=apps/v1/Deployment "?"
  @object
  spec DeploymentSpec "?"
  status DeploymentStatus "?"

type DeploymentSpec "?"
  replicas *int32 "?"
  selector *meta.LabelSelector req "?"
  template core.PodTemplateSpec req "?"
  strategy DeploymentStrategy patch=retainKeys "?"
  minReadySeconds int32 "?"
  revisionHistoryLimit *int32 "?"
  paused bool "?"
  progressDeadlineSeconds *int32 "?"

type DeploymentStrategy "?"
  type DeploymentStrategyType "?"
  rollingUpdate *RollingUpdateDeployment "?"

type RollingUpdateDeployment "?"
  maxUnavailable *intstr.IntOrString "?"
  maxSurge *intstr.IntOrString "?"

type DeploymentStatus "?"
  observedGeneration int64 "?"
  replicas int32 "?"
  updatedReplicas int32 "?"
  readyReplicas int32 "?"
  availableReplicas int32 "?"
  unavailableReplicas int32 "?"
  conditions []DeploymentCondition patch=merge key=type list=map keys=type "?"
  collisionCount *int32 "?"

type DeploymentCondition "?"
  type DeploymentConditionType req "?"
  status core.ConditionStatus req "?"
  lastUpdateTime meta.Time "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type DeploymentList gvk=apps/v1/DeploymentList "?"
  @list
  items []Deployment req "?"

type ReplicaSet gvk=apps/v1/ReplicaSet "?"
  @object
  spec ReplicaSetSpec "?"
  status ReplicaSetStatus "?"

type ReplicaSetSpec "?"
  replicas *int32 "?"
  minReadySeconds int32 "?"
  selector *meta.LabelSelector req "?"
  template core.PodTemplateSpec "?"

type ReplicaSetStatus "?"
  replicas int32 req "?"
  fullyLabeledReplicas int32 "?"
  readyReplicas int32 "?"
  availableReplicas int32 "?"
  observedGeneration int64 "?"
  conditions []ReplicaSetCondition patch=merge key=type list=map keys=type "?"

type ReplicaSetCondition "?"
  type ReplicaSetConditionType req "?"
  status core.ConditionStatus req "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type ReplicaSetList gvk=apps/v1/ReplicaSetList "?"
  @list
  items []ReplicaSet req "?"
)dsl";
}

}  // namespace stead::api::schema

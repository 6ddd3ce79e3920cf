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

type StatefulSet gvk=apps/v1/StatefulSet "Runs a set of pods with stable identities: each pod keeps its ordinal, its hostname and DNS name (through the governing Service) and its own PersistentVolumeClaims across rescheduling."
  @object
  spec StatefulSetSpec pb=2 "The desired set: pod template, replica count, claim templates and update policy."
  status StatefulSetStatus pb=3 "The observed state of the set's pods; may lag behind the real state."

type StatefulSetSpec "The desired state of a StatefulSet."
  replicas *int32 pb=1 "Desired number of pods stamped from the template. Unset means 1; an explicit 0 is kept."
  selector *meta.LabelSelector req pb=2 "Label query over the pods counted towards replicas. Must match the template's labels. Immutable."
  template core.PodTemplateSpec req pb=3 "Pod template every pod is created from; each pod's name and hostname come from the set's name and its ordinal. Only restartPolicy Always is allowed."
  volumeClaimTemplates []core.PersistentVolumeClaim list=atomic pb=4 "Claims each pod gets its own copy of, named <template>-<set>-<ordinal>, and mounted by name. They take precedence over template volumes of the same name."
  serviceName string req pb=5 "Name of the (usually headless) Service governing the set; pods get DNS names <pod>.<serviceName>.<namespace>.svc.<cluster-domain>."
  podManagementPolicy PodManagementPolicyType pb=6 "How pods are created and deleted when scaling: OrderedReady (one at a time, in ordinal order, waiting for readiness; the default) or Parallel (all at once)."
  updateStrategy StatefulSetUpdateStrategy pb=7 "How pods are replaced when the template changes. Defaults to RollingUpdate."
  revisionHistoryLimit *int32 pb=8 "Number of old ControllerRevisions kept as history. Defaults to 10."
  minReadySeconds int32 pb=9 "Seconds a new pod must be ready, with no container crashing, before it counts as available. Defaults to 0."
  persistentVolumeClaimRetentionPolicy *StatefulSetPersistentVolumeClaimRetentionPolicy pb=10 "Whether claims created from volumeClaimTemplates are deleted or retained when the set is deleted or scaled down. By default they are retained."
  ordinals *StatefulSetOrdinals pb=11 "How replica ordinals are numbered; by default from 0."

type StatefulSetUpdateStrategy "The strategy the StatefulSet controller uses to roll out template changes, with its parameters."
  type StatefulSetUpdateStrategyType pb=1 "RollingUpdate (replace pods in reverse ordinal order; the default) or OnDelete (replace a pod only after it is deleted by someone else)."
  rollingUpdate *RollingUpdateStatefulSetStrategy pb=2 "Parameters of the RollingUpdate strategy."

type RollingUpdateStatefulSetStrategy "Parameters of a StatefulSet rolling update."
  partition *int32 pb=1 "Only pods with an ordinal at or above the partition are updated; lower ones keep the old revision (and are recreated at it if deleted). Defaults to 0."
  maxUnavailable *intstr.IntOrString pb=2 "Most pods that may be unavailable during the update, as a number or a percentage of replicas (rounded up, at least 1). Defaults to 1. Needs the MaxUnavailableStatefulSet feature."

type StatefulSetPersistentVolumeClaimRetentionPolicy "What happens to the claims created from volumeClaimTemplates over the set's life."
  whenDeleted PersistentVolumeClaimRetentionPolicyType pb=1 "Retain (the default) keeps the claims when the set is deleted; Delete removes them once their pods are gone."
  whenScaled PersistentVolumeClaimRetentionPolicyType pb=2 "Retain (the default) keeps the claims of scaled-down pods; Delete removes claims of ordinals above the new replica count."

type StatefulSetOrdinals "How replica ordinals are assigned."
  start int32 always pb=1 "Ordinal of the first replica; replicas get [start, start+replicas). Defaults to 0."

type StatefulSetStatus "The observed state of a StatefulSet."
  observedGeneration int64 pb=1 "The most recent metadata.generation the controller has acted on."
  replicas int32 req pb=2 "Number of pods the controller has created."
  readyReplicas int32 pb=3 "Number of the set's pods with a Ready condition."
  currentReplicas int32 pb=4 "Number of pods at currentRevision."
  updatedReplicas int32 pb=5 "Number of pods at updateRevision."
  currentRevision string pb=6 "The revision used for pods with ordinals [0, currentReplicas)."
  updateRevision string pb=7 "The revision used for pods with ordinals [replicas-updatedReplicas, replicas)."
  collisionCount *int32 pb=9 "Count of hash collisions when naming ControllerRevisions; the controller uses it to find a free name."
  conditions []StatefulSetCondition patch=merge key=type list=map keys=type pb=10 "The latest observations of the set's state."
  availableReplicas int32 always pb=11 "Number of the set's pods that have been ready for at least minReadySeconds."

type StatefulSetCondition "The state of a StatefulSet at a point in time."
  type StatefulSetConditionType req pb=1 "Type of the condition."
  status core.ConditionStatus req pb=2 "True, False or Unknown."
  lastTransitionTime meta.Time pb=3 "When the status last changed."
  reason string pb=4 "CamelCase reason for the last transition."
  message string pb=5 "Human readable details about the last transition."

type StatefulSetList gvk=apps/v1/StatefulSetList "A list of StatefulSets."
  @list
  items []StatefulSet req pb=2 "The StatefulSets."

type ControllerRevision gvk=apps/v1/ControllerRevision "An immutable snapshot of a controller's state (for a StatefulSet: its pod template), used for rollouts and rollbacks. Only the data and revision are stored; it cannot be changed once created."
  @object
  data runtime.RawExtension pb=2 "The serialized state, for a StatefulSet a patch holding its template."
  revision int64 req pb=3 "Revision number of the state in data."

type ControllerRevisionList gvk=apps/v1/ControllerRevisionList "A list of ControllerRevisions."
  @list
  items []ControllerRevision req pb=2 "The ControllerRevisions."

type Deployment gvk=apps/v1/Deployment "Declarative updates for a set of identical pods, rolled out through ReplicaSets."
  @object
  spec DeploymentSpec pb=2 "The desired state of the Deployment."
  status DeploymentStatus pb=3 "The observed state of the Deployment."

type DeploymentSpec "The desired state of a Deployment."
  replicas *int32 pb=1 "Desired number of pods. Unset means 1; an explicit 0 is kept."
  selector *meta.LabelSelector req pb=2 "Label query over pods; ReplicaSets whose pods it selects are managed by this Deployment. Must match the template's labels. Immutable."
  template core.PodTemplateSpec req pb=3 "Template of the pods to run. Only restartPolicy Always is allowed."
  strategy DeploymentStrategy patch=retainKeys pb=4 "How old pods are replaced by new ones."
  minReadySeconds int32 pb=5 "Seconds a new pod must be ready, with no container crashing, before it counts as available. Defaults to 0."
  revisionHistoryLimit *int32 pb=6 "Number of old ReplicaSets kept for rollback. Defaults to 10."
  paused bool pb=7 "When true, template changes are not rolled out."
  progressDeadlineSeconds *int32 pb=9 "Seconds a rollout may go without progress before the Progressing condition reports ProgressDeadlineExceeded. Must exceed minReadySeconds. Defaults to 600."

type DeploymentStrategy "How a Deployment replaces old pods with new ones."
  type DeploymentStrategyType pb=1 "Recreate (delete all old pods first) or RollingUpdate (the default)."
  rollingUpdate *RollingUpdateDeployment pb=2 "Parameters of the RollingUpdate strategy."

type RollingUpdateDeployment "Parameters of a Deployment rolling update."
  maxUnavailable *intstr.IntOrString pb=1 "Most pods that may be unavailable during the update, as a number or a percentage of desired pods (rounded down). Cannot be 0 when maxSurge is 0. Defaults to 25%."
  maxSurge *intstr.IntOrString pb=2 "Most pods that may exist above the desired count during the update, as a number or a percentage (rounded up). Cannot be 0 when maxUnavailable is 0. Defaults to 25%."

type DeploymentStatus "The observed state of a Deployment."
  observedGeneration int64 pb=1 "The most recent metadata.generation the controller has acted on."
  replicas int32 pb=2 "Number of non-terminated pods selected by the Deployment."
  updatedReplicas int32 pb=3 "Number of non-terminated pods that run the current template."
  readyReplicas int32 pb=7 "Number of the Deployment's pods with a Ready condition."
  availableReplicas int32 pb=4 "Number of the Deployment's pods that have been ready for at least minReadySeconds."
  unavailableReplicas int32 pb=5 "Number of pods still missing for the Deployment to be fully available."
  conditions []DeploymentCondition patch=merge key=type list=map keys=type pb=6 "The latest observations of the Deployment's state."
  collisionCount *int32 pb=8 "Count of hash collisions when naming ReplicaSets; the controller uses it to find a free name."

type DeploymentCondition "The state of a Deployment at a point in time."
  type DeploymentConditionType req pb=1 "Type of the condition (Available, Progressing, ReplicaFailure)."
  status core.ConditionStatus req pb=2 "True, False or Unknown."
  lastUpdateTime meta.Time pb=6 "When the condition was last updated."
  lastTransitionTime meta.Time pb=7 "When the status last changed."
  reason string pb=4 "CamelCase reason for the last transition."
  message string pb=5 "Human readable details about the last transition."

type DeploymentList gvk=apps/v1/DeploymentList "A list of Deployments."
  @list
  items []Deployment req pb=2 "The Deployments."

type ReplicaSet gvk=apps/v1/ReplicaSet "Keeps a given number of identical pods running."
  @object
  spec ReplicaSetSpec pb=2 "The desired state of the ReplicaSet."
  status ReplicaSetStatus pb=3 "The observed state of the ReplicaSet; may lag behind the real state. Read-only."

type ReplicaSetSpec "The desired state of a ReplicaSet."
  replicas *int32 pb=1 "Desired number of pods. Unset means 1; an explicit 0 is kept."
  minReadySeconds int32 pb=4 "Seconds a new pod must be ready, with no container crashing, before it counts as available. Defaults to 0."
  selector *meta.LabelSelector req pb=2 "Label query over the pods counted towards replicas. Must match the template's labels."
  template core.PodTemplateSpec pb=3 "Template of the pods created when too few exist."

type ReplicaSetStatus "The observed state of a ReplicaSet."
  replicas int32 req pb=1 "Number of pods observed."
  fullyLabeledReplicas int32 pb=2 "Number of pods whose labels match the template's labels."
  readyReplicas int32 pb=4 "Number of the ReplicaSet's pods with a Ready condition."
  availableReplicas int32 pb=5 "Number of the ReplicaSet's pods that have been ready for at least minReadySeconds."
  observedGeneration int64 pb=3 "The most recent metadata.generation the controller has acted on."
  conditions []ReplicaSetCondition patch=merge key=type list=map keys=type pb=6 "The latest observations of the ReplicaSet's state."

type ReplicaSetCondition "The state of a ReplicaSet at a point in time."
  type ReplicaSetConditionType req pb=1 "Type of the condition."
  status core.ConditionStatus req pb=2 "True, False or Unknown."
  lastTransitionTime meta.Time pb=3 "When the status last changed."
  reason string pb=4 "CamelCase reason for the last transition."
  message string pb=5 "Human readable details about the last transition."

type ReplicaSetList gvk=apps/v1/ReplicaSetList "A list of ReplicaSets."
  @list
  items []ReplicaSet req pb=2 "The ReplicaSets."
)dsl";
}

}  // namespace stead::api::schema

// Schema definitions for core/v1: the served kinds and every type they reach (PodSpec, volumes,
// containers, probes, affinity, ...).
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view CoreDefinitions() {
  return R"dsl(
package core io.k8s.api.core.v1 v1

alias AppArmorProfileType string enum=Localhost|RuntimeDefault|Unconfined
alias AzureDataDiskCachingMode string enum=None|ReadOnly|ReadWrite
alias AzureDataDiskKind string enum=Dedicated|Managed|Shared
alias Capability string
alias ClaimResourceStatus string enum=ControllerResizeInProgress|ControllerResizeInfeasible|NodeResizeInProgress|NodeResizeInfeasible|NodeResizePending
alias ConditionStatus string
alias ContainerRestartPolicy string
alias DNSPolicy string enum=ClusterFirst|ClusterFirstWithHostNet|Default|None
alias FinalizerName string
alias HostPathType string enum=|BlockDevice|CharDevice|Directory|DirectoryOrCreate|File|FileOrCreate|Socket
alias IPFamily string enum=|IPv4|IPv6
alias IPFamilyPolicy string enum=PreferDualStack|RequireDualStack|SingleStack
alias LoadBalancerIPMode string
alias MountPropagationMode string enum=Bidirectional|HostToContainer|None
alias NamespaceConditionType string
alias NamespacePhase string enum=Active|Terminating
alias NodeAddressType string
alias NodeConditionType string
alias NodeInclusionPolicy string enum=Honor|Ignore
alias NodePhase string enum=Pending|Running|Terminated
alias NodeSelectorOperator string enum=DoesNotExist|Exists|Gt|In|Lt|NotIn
alias OSName string
alias PersistentVolumeAccessMode string enum=ReadOnlyMany|ReadWriteMany|ReadWriteOnce|ReadWriteOncePod
alias PersistentVolumeClaimConditionType string
alias PersistentVolumeClaimModifyVolumeStatus string enum=InProgress|Infeasible|Pending
alias PersistentVolumeClaimPhase string enum=Bound|Lost|Pending
alias PersistentVolumeMode string enum=Block|Filesystem
alias PersistentVolumePhase string enum=Available|Bound|Failed|Pending|Released
alias PersistentVolumeReclaimPolicy string enum=Delete|Recycle|Retain
alias PodConditionType string
alias PodFSGroupChangePolicy string enum=Always|OnRootMismatch
alias PodPhase string enum=Failed|Pending|Running|Succeeded|Unknown
alias PodQOSClass string enum=BestEffort|Burstable|Guaranteed
alias PodResizeStatus string
alias PodSELinuxChangePolicy string
alias PreemptionPolicy string enum=Never|PreemptLowerPriority
alias ProcMountType string enum=Default|Unmasked
alias Protocol string enum=SCTP|TCP|UDP
alias PullPolicy string enum=Always|IfNotPresent|Never
alias RecursiveReadOnlyMode string
alias ResourceHealthStatus string
alias ResourceID string
alias ResourceList {ResourceName}resource.Quantity
alias ResourceName string
alias ResourceResizeRestartPolicy string
alias RestartPolicy string enum=Always|Never|OnFailure
alias SeccompProfileType string enum=Localhost|RuntimeDefault|Unconfined
alias SecretType string
alias ServiceAffinity string enum=ClientIP|None
alias ServiceExternalTrafficPolicy string enum=Cluster|Local
alias ServiceInternalTrafficPolicy string enum=Cluster|Local
alias ServiceType string enum=ClusterIP|ExternalName|LoadBalancer|NodePort
alias StorageMedium string
alias SupplementalGroupsPolicy string enum=Merge|Strict
alias TaintEffect string enum=NoExecute|NoSchedule|PreferNoSchedule
alias TerminationMessagePolicy string enum=FallbackToLogsOnError|File
alias TolerationOperator string enum=Equal|Exists
alias URIScheme string enum=HTTP|HTTPS
alias UniqueVolumeName string
alias UnsatisfiableConstraintAction string enum=DoNotSchedule|ScheduleAnyway

type Namespace gvk=/v1/Namespace "?"
  @object
  spec NamespaceSpec "?"
  status NamespaceStatus "?"

type NamespaceSpec "?"
  finalizers []FinalizerName list=atomic "?"

type NamespaceStatus "?"
  phase NamespacePhase "?"
  conditions []NamespaceCondition patch=merge key=type list=map keys=type "?"

type NamespaceCondition "?"
  type NamespaceConditionType req "?"
  status ConditionStatus req "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type NamespaceList gvk=/v1/NamespaceList "?"
  @list
  items []Namespace req "?"

type Pod gvk=/v1/Pod "?"
  @object
  spec PodSpec "?"
  status PodStatus "?"

type PodSpec "?"
  volumes []Volume patch=merge,retainKeys key=name list=map keys=name "?"
  initContainers []Container patch=merge key=name list=map keys=name "?"
  containers []Container req patch=merge key=name list=map keys=name "?"
  ephemeralContainers []EphemeralContainer patch=merge key=name list=map keys=name "?"
  restartPolicy RestartPolicy "?"
  terminationGracePeriodSeconds *int64 "?"
  activeDeadlineSeconds *int64 "?"
  dnsPolicy DNSPolicy "?"
  nodeSelector {}string map=atomic "?"
  serviceAccountName string "?"
  serviceAccount string "?"
  automountServiceAccountToken *bool "?"
  nodeName string "?"
  hostNetwork bool "?"
  hostPID bool "?"
  hostIPC bool "?"
  shareProcessNamespace *bool "?"
  securityContext *PodSecurityContext "?"
  imagePullSecrets []LocalObjectReference patch=merge key=name list=map keys=name "?"
  hostname string "?"
  subdomain string "?"
  affinity *Affinity "?"
  schedulerName string "?"
  tolerations []Toleration list=atomic "?"
  hostAliases []HostAlias patch=merge key=ip list=map keys=ip "?"
  priorityClassName string "?"
  priority *int32 "?"
  dnsConfig *PodDNSConfig "?"
  readinessGates []PodReadinessGate list=atomic "?"
  runtimeClassName *string "?"
  enableServiceLinks *bool "?"
  preemptionPolicy *PreemptionPolicy "?"
  overhead ResourceList "?"
  topologySpreadConstraints []TopologySpreadConstraint patch=merge key=topologyKey list=map keys=topologyKey,whenUnsatisfiable "?"
  setHostnameAsFQDN *bool "?"
  os *PodOS "?"
  hostUsers *bool "?"
  schedulingGates []PodSchedulingGate patch=merge key=name list=map keys=name "?"
  resourceClaims []PodResourceClaim patch=merge,retainKeys key=name list=map keys=name "?"
  resources *ResourceRequirements "?"

type Volume "?"
  name string req "?"
  hostPath *HostPathVolumeSource "?"
  emptyDir *EmptyDirVolumeSource "?"
  gcePersistentDisk *GCEPersistentDiskVolumeSource "?"
  awsElasticBlockStore *AWSElasticBlockStoreVolumeSource "?"
  gitRepo *GitRepoVolumeSource "?"
  secret *SecretVolumeSource "?"
  nfs *NFSVolumeSource "?"
  iscsi *ISCSIVolumeSource "?"
  glusterfs *GlusterfsVolumeSource "?"
  persistentVolumeClaim *PersistentVolumeClaimVolumeSource "?"
  rbd *RBDVolumeSource "?"
  flexVolume *FlexVolumeSource "?"
  cinder *CinderVolumeSource "?"
  cephfs *CephFSVolumeSource "?"
  flocker *FlockerVolumeSource "?"
  downwardAPI *DownwardAPIVolumeSource "?"
  fc *FCVolumeSource "?"
  azureFile *AzureFileVolumeSource "?"
  configMap *ConfigMapVolumeSource "?"
  vsphereVolume *VsphereVirtualDiskVolumeSource "?"
  quobyte *QuobyteVolumeSource "?"
  azureDisk *AzureDiskVolumeSource "?"
  photonPersistentDisk *PhotonPersistentDiskVolumeSource "?"
  projected *ProjectedVolumeSource "?"
  portworxVolume *PortworxVolumeSource "?"
  scaleIO *ScaleIOVolumeSource "?"
  storageos *StorageOSVolumeSource "?"
  csi *CSIVolumeSource "?"
  ephemeral *EphemeralVolumeSource "?"
  image *ImageVolumeSource "?"

type HostPathVolumeSource "?"
  path string req "?"
  type *HostPathType "?"

type EmptyDirVolumeSource "?"
  medium StorageMedium "?"
  sizeLimit *resource.Quantity "?"

type GCEPersistentDiskVolumeSource "?"
  pdName string req "?"
  fsType string "?"
  partition int32 "?"
  readOnly bool "?"

type AWSElasticBlockStoreVolumeSource "?"
  volumeID string req "?"
  fsType string "?"
  partition int32 "?"
  readOnly bool "?"

type GitRepoVolumeSource "?"
  repository string req "?"
  revision string "?"
  directory string "?"

type SecretVolumeSource "?"
  secretName string "?"
  items []KeyToPath list=atomic "?"
  defaultMode *int32 "?"
  optional *bool "?"

type KeyToPath "?"
  key string req "?"
  path string req "?"
  mode *int32 "?"

type NFSVolumeSource "?"
  server string req "?"
  path string req "?"
  readOnly bool "?"

type ISCSIVolumeSource "?"
  targetPortal string req "?"
  iqn string req "?"
  lun int32 req "?"
  iscsiInterface string default="default" "?"
  fsType string "?"
  readOnly bool "?"
  portals []string list=atomic "?"
  chapAuthDiscovery bool "?"
  chapAuthSession bool "?"
  secretRef *LocalObjectReference "?"
  initiatorName *string "?"

type LocalObjectReference atomic "?"
  name string default="" "?"

type GlusterfsVolumeSource "?"
  endpoints string req "?"
  path string req "?"
  readOnly bool "?"

type PersistentVolumeClaimVolumeSource "?"
  claimName string req "?"
  readOnly bool "?"

type RBDVolumeSource "?"
  monitors []string req list=atomic "?"
  image string req "?"
  fsType string "?"
  pool string default="rbd" "?"
  user string default="admin" "?"
  keyring string default="/etc/ceph/keyring" "?"
  secretRef *LocalObjectReference "?"
  readOnly bool "?"

type FlexVolumeSource "?"
  driver string req "?"
  fsType string "?"
  secretRef *LocalObjectReference "?"
  readOnly bool "?"
  options {}string "?"

type CinderVolumeSource "?"
  volumeID string req "?"
  fsType string "?"
  readOnly bool "?"
  secretRef *LocalObjectReference "?"

type CephFSVolumeSource "?"
  monitors []string req list=atomic "?"
  path string "?"
  user string "?"
  secretFile string "?"
  secretRef *LocalObjectReference "?"
  readOnly bool "?"

type FlockerVolumeSource "?"
  datasetName string "?"
  datasetUUID string "?"

type DownwardAPIVolumeSource "?"
  items []DownwardAPIVolumeFile list=atomic "?"
  defaultMode *int32 "?"

type DownwardAPIVolumeFile "?"
  path string req "?"
  fieldRef *ObjectFieldSelector "?"
  resourceFieldRef *ResourceFieldSelector "?"
  mode *int32 "?"

type ObjectFieldSelector atomic "?"
  apiVersion string "?"
  fieldPath string req "?"

type ResourceFieldSelector atomic "?"
  containerName string "?"
  resource string req "?"
  divisor resource.Quantity "?"

type FCVolumeSource "?"
  targetWWNs []string list=atomic "?"
  lun *int32 "?"
  fsType string "?"
  readOnly bool "?"
  wwids []string list=atomic "?"

type AzureFileVolumeSource "?"
  secretName string req "?"
  shareName string req "?"
  readOnly bool "?"

type ConfigMapVolumeSource "?"
  name string default="" "?"
  items []KeyToPath list=atomic "?"
  defaultMode *int32 "?"
  optional *bool "?"

type VsphereVirtualDiskVolumeSource "?"
  volumePath string req "?"
  fsType string "?"
  storagePolicyName string "?"
  storagePolicyID string "?"

type QuobyteVolumeSource "?"
  registry string req "?"
  volume string req "?"
  readOnly bool "?"
  user string "?"
  group string "?"
  tenant string "?"

type AzureDiskVolumeSource "?"
  diskName string req "?"
  diskURI string req "?"
  cachingMode *AzureDataDiskCachingMode default="ReadWrite" "?"
  fsType *string default="ext4" "?"
  readOnly *bool default=false "?"
  kind *AzureDataDiskKind default="Shared" "?"

type PhotonPersistentDiskVolumeSource "?"
  pdID string req "?"
  fsType string "?"

type ProjectedVolumeSource "?"
  sources []VolumeProjection always list=atomic "?"
  defaultMode *int32 "?"

type VolumeProjection "?"
  secret *SecretProjection "?"
  downwardAPI *DownwardAPIProjection "?"
  configMap *ConfigMapProjection "?"
  serviceAccountToken *ServiceAccountTokenProjection "?"
  clusterTrustBundle *ClusterTrustBundleProjection "?"

type SecretProjection "?"
  name string default="" "?"
  items []KeyToPath list=atomic "?"
  optional *bool "?"

type DownwardAPIProjection "?"
  items []DownwardAPIVolumeFile list=atomic "?"

type ConfigMapProjection "?"
  name string default="" "?"
  items []KeyToPath list=atomic "?"
  optional *bool "?"

type ServiceAccountTokenProjection "?"
  audience string "?"
  expirationSeconds *int64 "?"
  path string req "?"

type ClusterTrustBundleProjection "?"
  name *string "?"
  signerName *string "?"
  labelSelector *meta.LabelSelector "?"
  optional *bool "?"
  path string req "?"

type PortworxVolumeSource "?"
  volumeID string req "?"
  fsType string "?"
  readOnly bool "?"

type ScaleIOVolumeSource "?"
  gateway string req "?"
  system string req "?"
  secretRef *LocalObjectReference req "?"
  sslEnabled bool "?"
  protectionDomain string "?"
  storagePool string "?"
  storageMode string default="ThinProvisioned" "?"
  volumeName string "?"
  fsType string default="xfs" "?"
  readOnly bool "?"

type StorageOSVolumeSource "?"
  volumeName string "?"
  volumeNamespace string "?"
  fsType string "?"
  readOnly bool "?"
  secretRef *LocalObjectReference "?"

type CSIVolumeSource "?"
  driver string req "?"
  readOnly *bool "?"
  fsType *string "?"
  volumeAttributes {}string "?"
  nodePublishSecretRef *LocalObjectReference "?"

type EphemeralVolumeSource "?"
  volumeClaimTemplate *PersistentVolumeClaimTemplate "?"

type PersistentVolumeClaimTemplate "?"
  metadata meta.ObjectMeta "?"
  spec PersistentVolumeClaimSpec req "?"

type PersistentVolumeClaimSpec "?"
  accessModes []PersistentVolumeAccessMode list=atomic "?"
  selector *meta.LabelSelector "?"
  resources VolumeResourceRequirements "?"
  volumeName string "?"
  storageClassName *string "?"
  volumeMode *PersistentVolumeMode "?"
  dataSource *TypedLocalObjectReference "?"
  dataSourceRef *TypedObjectReference "?"
  volumeAttributesClassName *string "?"

type VolumeResourceRequirements "?"
  limits ResourceList "?"
  requests ResourceList "?"

type TypedLocalObjectReference atomic "?"
  apiGroup *string always "?"
  kind string req "?"
  name string req "?"

type TypedObjectReference "?"
  apiGroup *string always "?"
  kind string req "?"
  name string req "?"
  namespace *string "?"

type ImageVolumeSource "?"
  reference string "?"
  pullPolicy PullPolicy "?"

type Container "?"
  name string req "?"
  image string "?"
  command []string list=atomic "?"
  args []string list=atomic "?"
  workingDir string "?"
  ports []ContainerPort patch=merge key=containerPort list=map keys=containerPort,protocol "?"
  envFrom []EnvFromSource list=atomic "?"
  env []EnvVar patch=merge key=name list=map keys=name "?"
  resources ResourceRequirements "?"
  resizePolicy []ContainerResizePolicy list=atomic "?"
  restartPolicy *ContainerRestartPolicy "?"
  volumeMounts []VolumeMount patch=merge key=mountPath list=map keys=mountPath "?"
  volumeDevices []VolumeDevice patch=merge key=devicePath list=map keys=devicePath "?"
  livenessProbe *Probe "?"
  readinessProbe *Probe "?"
  startupProbe *Probe "?"
  lifecycle *Lifecycle "?"
  terminationMessagePath string "?"
  terminationMessagePolicy TerminationMessagePolicy "?"
  imagePullPolicy PullPolicy "?"
  securityContext *SecurityContext "?"
  stdin bool "?"
  stdinOnce bool "?"
  tty bool "?"

type ContainerPort "?"
  name string "?"
  hostPort int32 "?"
  containerPort int32 req "?"
  protocol Protocol default="TCP" "?"
  hostIP string "?"

type EnvFromSource "?"
  prefix string "?"
  configMapRef *ConfigMapEnvSource "?"
  secretRef *SecretEnvSource "?"

type ConfigMapEnvSource "?"
  name string default="" "?"
  optional *bool "?"

type SecretEnvSource "?"
  name string default="" "?"
  optional *bool "?"

type EnvVar "?"
  name string req "?"
  value string "?"
  valueFrom *EnvVarSource "?"

type EnvVarSource "?"
  fieldRef *ObjectFieldSelector "?"
  resourceFieldRef *ResourceFieldSelector "?"
  configMapKeyRef *ConfigMapKeySelector "?"
  secretKeyRef *SecretKeySelector "?"

type ConfigMapKeySelector atomic "?"
  name string default="" "?"
  key string req "?"
  optional *bool "?"

type SecretKeySelector atomic "?"
  name string default="" "?"
  key string req "?"
  optional *bool "?"

type ResourceRequirements "?"
  limits ResourceList "?"
  requests ResourceList "?"
  claims []ResourceClaim list=map keys=name "?"

type ResourceClaim "?"
  name string req "?"
  request string "?"

type ContainerResizePolicy "?"
  resourceName ResourceName req "?"
  restartPolicy ResourceResizeRestartPolicy req "?"

type VolumeMount "?"
  name string req "?"
  readOnly bool "?"
  recursiveReadOnly *RecursiveReadOnlyMode "?"
  mountPath string req "?"
  subPath string "?"
  mountPropagation *MountPropagationMode "?"
  subPathExpr string "?"

type VolumeDevice "?"
  name string req "?"
  devicePath string req "?"

type Probe "?"
  exec *ExecAction "?"
  httpGet *HTTPGetAction "?"
  tcpSocket *TCPSocketAction "?"
  grpc *GRPCAction "?"
  initialDelaySeconds int32 "?"
  timeoutSeconds int32 "?"
  periodSeconds int32 "?"
  successThreshold int32 "?"
  failureThreshold int32 "?"
  terminationGracePeriodSeconds *int64 "?"

type ExecAction "?"
  command []string list=atomic "?"

type HTTPGetAction "?"
  path string "?"
  port intstr.IntOrString req "?"
  host string "?"
  scheme URIScheme "?"
  httpHeaders []HTTPHeader list=atomic "?"

type HTTPHeader "?"
  name string req "?"
  value string req "?"

type TCPSocketAction "?"
  port intstr.IntOrString req "?"
  host string "?"

type GRPCAction "?"
  port int32 req "?"
  service *string always default="" "?"

type Lifecycle "?"
  postStart *LifecycleHandler "?"
  preStop *LifecycleHandler "?"

type LifecycleHandler "?"
  exec *ExecAction "?"
  httpGet *HTTPGetAction "?"
  tcpSocket *TCPSocketAction "?"
  sleep *SleepAction "?"

type SleepAction "?"
  seconds int64 req "?"

type SecurityContext "?"
  capabilities *Capabilities "?"
  privileged *bool "?"
  seLinuxOptions *SELinuxOptions "?"
  windowsOptions *WindowsSecurityContextOptions "?"
  runAsUser *int64 "?"
  runAsGroup *int64 "?"
  runAsNonRoot *bool "?"
  readOnlyRootFilesystem *bool "?"
  allowPrivilegeEscalation *bool "?"
  procMount *ProcMountType "?"
  seccompProfile *SeccompProfile "?"
  appArmorProfile *AppArmorProfile "?"

type Capabilities "?"
  add []Capability list=atomic "?"
  drop []Capability list=atomic "?"

type SELinuxOptions "?"
  user string "?"
  role string "?"
  type string "?"
  level string "?"

type WindowsSecurityContextOptions "?"
  gmsaCredentialSpecName *string "?"
  gmsaCredentialSpec *string "?"
  runAsUserName *string "?"
  hostProcess *bool "?"

type SeccompProfile union=type:localhostProfile=LocalhostProfile "?"
  type SeccompProfileType req "?"
  localhostProfile *string "?"

type AppArmorProfile union=type:localhostProfile=LocalhostProfile "?"
  type AppArmorProfileType req "?"
  localhostProfile *string "?"

type EphemeralContainer "?"
  name string req "?"
  image string "?"
  command []string list=atomic "?"
  args []string list=atomic "?"
  workingDir string "?"
  ports []ContainerPort patch=merge key=containerPort list=map keys=containerPort,protocol "?"
  envFrom []EnvFromSource list=atomic "?"
  env []EnvVar patch=merge key=name list=map keys=name "?"
  resources ResourceRequirements "?"
  resizePolicy []ContainerResizePolicy list=atomic "?"
  restartPolicy *ContainerRestartPolicy "?"
  volumeMounts []VolumeMount patch=merge key=mountPath list=map keys=mountPath "?"
  volumeDevices []VolumeDevice patch=merge key=devicePath list=map keys=devicePath "?"
  livenessProbe *Probe "?"
  readinessProbe *Probe "?"
  startupProbe *Probe "?"
  lifecycle *Lifecycle "?"
  terminationMessagePath string "?"
  terminationMessagePolicy TerminationMessagePolicy "?"
  imagePullPolicy PullPolicy "?"
  securityContext *SecurityContext "?"
  stdin bool "?"
  stdinOnce bool "?"
  tty bool "?"
  targetContainerName string "?"

type PodSecurityContext "?"
  seLinuxOptions *SELinuxOptions "?"
  windowsOptions *WindowsSecurityContextOptions "?"
  runAsUser *int64 "?"
  runAsGroup *int64 "?"
  runAsNonRoot *bool "?"
  supplementalGroups []int64 list=atomic "?"
  supplementalGroupsPolicy *SupplementalGroupsPolicy "?"
  fsGroup *int64 "?"
  sysctls []Sysctl list=atomic "?"
  fsGroupChangePolicy *PodFSGroupChangePolicy "?"
  seccompProfile *SeccompProfile "?"
  appArmorProfile *AppArmorProfile "?"
  seLinuxChangePolicy *PodSELinuxChangePolicy "?"

type Sysctl "?"
  name string req "?"
  value string req "?"

type Affinity "?"
  nodeAffinity *NodeAffinity "?"
  podAffinity *PodAffinity "?"
  podAntiAffinity *PodAntiAffinity "?"

type NodeAffinity "?"
  requiredDuringSchedulingIgnoredDuringExecution *NodeSelector "?"
  preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm list=atomic "?"

type NodeSelector atomic "?"
  nodeSelectorTerms []NodeSelectorTerm req list=atomic "?"

type NodeSelectorTerm atomic "?"
  matchExpressions []NodeSelectorRequirement list=atomic "?"
  matchFields []NodeSelectorRequirement list=atomic "?"

type NodeSelectorRequirement "?"
  key string req "?"
  operator NodeSelectorOperator req "?"
  values []string list=atomic "?"

type PreferredSchedulingTerm "?"
  weight int32 req "?"
  preference NodeSelectorTerm req "?"

type PodAffinity "?"
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm list=atomic "?"
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm list=atomic "?"

type PodAffinityTerm "?"
  labelSelector *meta.LabelSelector "?"
  namespaces []string list=atomic "?"
  topologyKey string req "?"
  namespaceSelector *meta.LabelSelector "?"
  matchLabelKeys []string list=atomic "?"
  mismatchLabelKeys []string list=atomic "?"

type WeightedPodAffinityTerm "?"
  weight int32 req "?"
  podAffinityTerm PodAffinityTerm req "?"

type PodAntiAffinity "?"
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm list=atomic "?"
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm list=atomic "?"

type Toleration "?"
  key string "?"
  operator TolerationOperator "?"
  value string "?"
  effect TaintEffect "?"
  tolerationSeconds *int64 "?"

type HostAlias "?"
  ip string req "?"
  hostnames []string list=atomic "?"

type PodDNSConfig "?"
  nameservers []string list=atomic "?"
  searches []string list=atomic "?"
  options []PodDNSConfigOption list=atomic "?"

type PodDNSConfigOption "?"
  name string "?"
  value *string "?"

type PodReadinessGate "?"
  conditionType PodConditionType req "?"

type TopologySpreadConstraint "?"
  maxSkew int32 req "?"
  topologyKey string req "?"
  whenUnsatisfiable UnsatisfiableConstraintAction req "?"
  labelSelector *meta.LabelSelector "?"
  minDomains *int32 "?"
  nodeAffinityPolicy *NodeInclusionPolicy "?"
  nodeTaintsPolicy *NodeInclusionPolicy "?"
  matchLabelKeys []string list=atomic "?"

type PodOS "?"
  name OSName req "?"

type PodSchedulingGate "?"
  name string req "?"

type PodResourceClaim "?"
  name string req "?"
  resourceClaimName *string "?"
  resourceClaimTemplateName *string "?"

type PodStatus "?"
  phase PodPhase "?"
  conditions []PodCondition patch=merge key=type list=map keys=type "?"
  message string "?"
  reason string "?"
  nominatedNodeName string "?"
  hostIP string "?"
  hostIPs []HostIP patch=merge key=ip list=atomic "?"
  podIP string "?"
  podIPs []PodIP patch=merge key=ip list=map keys=ip "?"
  startTime *meta.Time "?"
  initContainerStatuses []ContainerStatus list=atomic "?"
  containerStatuses []ContainerStatus list=atomic "?"
  qosClass PodQOSClass "?"
  ephemeralContainerStatuses []ContainerStatus list=atomic "?"
  resize PodResizeStatus "?"
  resourceClaimStatuses []PodResourceClaimStatus patch=merge,retainKeys key=name list=map keys=name "?"

type PodCondition "?"
  type PodConditionType req "?"
  status ConditionStatus req "?"
  lastProbeTime meta.Time "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type HostIP "?"
  ip string req "?"

type PodIP "?"
  ip string req "?"

type ContainerStatus "?"
  name string req "?"
  state ContainerState "?"
  lastState ContainerState "?"
  ready bool req "?"
  restartCount int32 req "?"
  image string req "?"
  imageID string req "?"
  containerID string "?"
  started *bool "?"
  allocatedResources ResourceList "?"
  resources *ResourceRequirements "?"
  volumeMounts []VolumeMountStatus patch=merge key=mountPath list=map keys=mountPath "?"
  user *ContainerUser "?"
  allocatedResourcesStatus []ResourceStatus patch=merge key=name list=map keys=name "?"

type ContainerState "?"
  waiting *ContainerStateWaiting "?"
  running *ContainerStateRunning "?"
  terminated *ContainerStateTerminated "?"

type ContainerStateWaiting "?"
  reason string "?"
  message string "?"

type ContainerStateRunning "?"
  startedAt meta.Time "?"

type ContainerStateTerminated "?"
  exitCode int32 req "?"
  signal int32 "?"
  reason string "?"
  message string "?"
  startedAt meta.Time "?"
  finishedAt meta.Time "?"
  containerID string "?"

type VolumeMountStatus "?"
  name string req "?"
  mountPath string req "?"
  readOnly bool "?"
  recursiveReadOnly *RecursiveReadOnlyMode "?"

type ContainerUser "?"
  linux *LinuxContainerUser "?"

type LinuxContainerUser "?"
  uid int64 req "?"
  gid int64 req "?"
  supplementalGroups []int64 list=atomic "?"

type ResourceStatus "?"
  name ResourceName req "?"
  resources []ResourceHealth list=map keys=resourceID "?"

type ResourceHealth "?"
  resourceID ResourceID req "?"
  health ResourceHealthStatus "?"

type PodResourceClaimStatus "?"
  name string req "?"
  resourceClaimName *string "?"

type PodList gvk=/v1/PodList "?"
  @list
  items []Pod req "?"

type Service gvk=/v1/Service "?"
  @object
  spec ServiceSpec "?"
  status ServiceStatus "?"

type ServiceSpec "?"
  ports []ServicePort patch=merge key=port list=map keys=port,protocol "?"
  selector {}string map=atomic "?"
  clusterIP string "?"
  clusterIPs []string list=atomic "?"
  type ServiceType "?"
  externalIPs []string list=atomic "?"
  sessionAffinity ServiceAffinity "?"
  loadBalancerIP string "?"
  loadBalancerSourceRanges []string list=atomic "?"
  externalName string "?"
  externalTrafficPolicy ServiceExternalTrafficPolicy "?"
  healthCheckNodePort int32 "?"
  publishNotReadyAddresses bool "?"
  sessionAffinityConfig *SessionAffinityConfig "?"
  ipFamilies []IPFamily list=atomic "?"
  ipFamilyPolicy *IPFamilyPolicy "?"
  allocateLoadBalancerNodePorts *bool "?"
  loadBalancerClass *string "?"
  internalTrafficPolicy *ServiceInternalTrafficPolicy "?"
  trafficDistribution *string "?"

type ServicePort "?"
  name string "?"
  protocol Protocol default="TCP" "?"
  appProtocol *string "?"
  port int32 req "?"
  targetPort intstr.IntOrString "?"
  nodePort int32 "?"

type SessionAffinityConfig "?"
  clientIP *ClientIPConfig "?"

type ClientIPConfig "?"
  timeoutSeconds *int32 "?"

type ServiceStatus "?"
  loadBalancer LoadBalancerStatus "?"
  conditions []meta.Condition patch=merge key=type list=map keys=type "?"

type LoadBalancerStatus "?"
  ingress []LoadBalancerIngress list=atomic "?"

type LoadBalancerIngress "?"
  ip string "?"
  hostname string "?"
  ipMode *LoadBalancerIPMode "?"
  ports []PortStatus list=atomic "?"

type PortStatus "?"
  port int32 req "?"
  protocol Protocol req "?"
  error *string "?"

type ServiceList gvk=/v1/ServiceList "?"
  @list
  items []Service req "?"

type Endpoints gvk=/v1/Endpoints "?"
  @object
  subsets []EndpointSubset list=atomic "?"

type EndpointSubset "?"
  addresses []EndpointAddress list=atomic "?"
  notReadyAddresses []EndpointAddress list=atomic "?"
  ports []EndpointPort list=atomic "?"

type EndpointAddress atomic "?"
  ip string req "?"
  hostname string "?"
  nodeName *string "?"
  targetRef *ObjectReference "?"

type ObjectReference atomic "?"
  kind string "?"
  namespace string "?"
  name string "?"
  uid meta.UID "?"
  apiVersion string "?"
  resourceVersion string "?"
  fieldPath string "?"

type EndpointPort atomic "?"
  name string "?"
  port int32 req "?"
  protocol Protocol "?"
  appProtocol *string "?"

type EndpointsList gvk=/v1/EndpointsList "?"
  @list
  items []Endpoints req "?"

type PersistentVolumeClaim gvk=/v1/PersistentVolumeClaim "?"
  @object
  spec PersistentVolumeClaimSpec "?"
  status PersistentVolumeClaimStatus "?"

type PersistentVolumeClaimStatus "?"
  phase PersistentVolumeClaimPhase "?"
  accessModes []PersistentVolumeAccessMode list=atomic "?"
  capacity ResourceList "?"
  conditions []PersistentVolumeClaimCondition patch=merge key=type list=map keys=type "?"
  allocatedResources ResourceList "?"
  allocatedResourceStatuses {ResourceName}ClaimResourceStatus map=granular "?"
  currentVolumeAttributesClassName *string "?"
  modifyVolumeStatus *ModifyVolumeStatus "?"

type PersistentVolumeClaimCondition "?"
  type PersistentVolumeClaimConditionType req "?"
  status ConditionStatus req "?"
  lastProbeTime meta.Time "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type ModifyVolumeStatus "?"
  targetVolumeAttributesClassName string "?"
  status PersistentVolumeClaimModifyVolumeStatus req "?"

type PersistentVolumeClaimList gvk=/v1/PersistentVolumeClaimList "?"
  @list
  items []PersistentVolumeClaim req "?"

type PersistentVolume gvk=/v1/PersistentVolume "?"
  @object
  spec PersistentVolumeSpec "?"
  status PersistentVolumeStatus "?"

type PersistentVolumeSpec "?"
  capacity ResourceList "?"
  gcePersistentDisk *GCEPersistentDiskVolumeSource "?"
  awsElasticBlockStore *AWSElasticBlockStoreVolumeSource "?"
  hostPath *HostPathVolumeSource "?"
  glusterfs *GlusterfsPersistentVolumeSource "?"
  nfs *NFSVolumeSource "?"
  rbd *RBDPersistentVolumeSource "?"
  iscsi *ISCSIPersistentVolumeSource "?"
  cinder *CinderPersistentVolumeSource "?"
  cephfs *CephFSPersistentVolumeSource "?"
  fc *FCVolumeSource "?"
  flocker *FlockerVolumeSource "?"
  flexVolume *FlexPersistentVolumeSource "?"
  azureFile *AzureFilePersistentVolumeSource "?"
  vsphereVolume *VsphereVirtualDiskVolumeSource "?"
  quobyte *QuobyteVolumeSource "?"
  azureDisk *AzureDiskVolumeSource "?"
  photonPersistentDisk *PhotonPersistentDiskVolumeSource "?"
  portworxVolume *PortworxVolumeSource "?"
  scaleIO *ScaleIOPersistentVolumeSource "?"
  local *LocalVolumeSource "?"
  storageos *StorageOSPersistentVolumeSource "?"
  csi *CSIPersistentVolumeSource "?"
  accessModes []PersistentVolumeAccessMode list=atomic "?"
  claimRef *ObjectReference map=granular "?"
  persistentVolumeReclaimPolicy PersistentVolumeReclaimPolicy "?"
  storageClassName string "?"
  mountOptions []string list=atomic "?"
  volumeMode *PersistentVolumeMode "?"
  nodeAffinity *VolumeNodeAffinity "?"
  volumeAttributesClassName *string "?"

type GlusterfsPersistentVolumeSource "?"
  endpoints string req "?"
  path string req "?"
  readOnly bool "?"
  endpointsNamespace *string "?"

type RBDPersistentVolumeSource "?"
  monitors []string req list=atomic "?"
  image string req "?"
  fsType string "?"
  pool string default="rbd" "?"
  user string default="admin" "?"
  keyring string default="/etc/ceph/keyring" "?"
  secretRef *SecretReference "?"
  readOnly bool "?"

type SecretReference atomic "?"
  name string "?"
  namespace string "?"

type ISCSIPersistentVolumeSource "?"
  targetPortal string req "?"
  iqn string req "?"
  lun int32 req "?"
  iscsiInterface string default="default" "?"
  fsType string "?"
  readOnly bool "?"
  portals []string list=atomic "?"
  chapAuthDiscovery bool "?"
  chapAuthSession bool "?"
  secretRef *SecretReference "?"
  initiatorName *string "?"

type CinderPersistentVolumeSource "?"
  volumeID string req "?"
  fsType string "?"
  readOnly bool "?"
  secretRef *SecretReference "?"

type CephFSPersistentVolumeSource "?"
  monitors []string req list=atomic "?"
  path string "?"
  user string "?"
  secretFile string "?"
  secretRef *SecretReference "?"
  readOnly bool "?"

type FlexPersistentVolumeSource "?"
  driver string req "?"
  fsType string "?"
  secretRef *SecretReference "?"
  readOnly bool "?"
  options {}string "?"

type AzureFilePersistentVolumeSource "?"
  secretName string req "?"
  shareName string req "?"
  readOnly bool "?"
  secretNamespace *string always "?"

type ScaleIOPersistentVolumeSource "?"
  gateway string req "?"
  system string req "?"
  secretRef *SecretReference req "?"
  sslEnabled bool "?"
  protectionDomain string "?"
  storagePool string "?"
  storageMode string default="ThinProvisioned" "?"
  volumeName string "?"
  fsType string default="xfs" "?"
  readOnly bool "?"

type LocalVolumeSource "?"
  path string req "?"
  fsType *string "?"

type StorageOSPersistentVolumeSource "?"
  volumeName string "?"
  volumeNamespace string "?"
  fsType string "?"
  readOnly bool "?"
  secretRef *ObjectReference "?"

type CSIPersistentVolumeSource "?"
  driver string req "?"
  volumeHandle string req "?"
  readOnly bool "?"
  fsType string "?"
  volumeAttributes {}string "?"
  controllerPublishSecretRef *SecretReference "?"
  nodeStageSecretRef *SecretReference "?"
  nodePublishSecretRef *SecretReference "?"
  controllerExpandSecretRef *SecretReference "?"
  nodeExpandSecretRef *SecretReference "?"

type VolumeNodeAffinity "?"
  required *NodeSelector "?"

type PersistentVolumeStatus "?"
  phase PersistentVolumePhase "?"
  message string "?"
  reason string "?"
  lastPhaseTransitionTime *meta.Time "?"

type PersistentVolumeList gvk=/v1/PersistentVolumeList "?"
  @list
  items []PersistentVolume req "?"

type Event gvk=/v1/Event "?"
  @typemeta
  metadata meta.ObjectMeta req "?"
  involvedObject ObjectReference req "?"
  reason string "?"
  message string "?"
  source EventSource "?"
  firstTimestamp meta.Time "?"
  lastTimestamp meta.Time "?"
  count int32 "?"
  type string "?"
  eventTime meta.MicroTime "?"
  series *EventSeries "?"
  action string "?"
  related *ObjectReference "?"
  reportingComponent string always "?"
  reportingInstance string always "?"

type EventSource "?"
  component string "?"
  host string "?"

type EventSeries "?"
  count int32 "?"
  lastObservedTime meta.MicroTime "?"

type EventList gvk=/v1/EventList "?"
  @list
  items []Event req "?"

type ConfigMap gvk=/v1/ConfigMap "?"
  @object
  immutable *bool "?"
  data {}string "?"
  binaryData {}bytes "?"

type ConfigMapList gvk=/v1/ConfigMapList "?"
  @list
  items []ConfigMap req "?"

type Secret gvk=/v1/Secret "?"
  @object
  immutable *bool "?"
  data {}bytes "?"
  stringData {}string "?"
  type SecretType "?"

type SecretList gvk=/v1/SecretList "?"
  @list
  items []Secret req "?"

type ServiceAccount gvk=/v1/ServiceAccount "?"
  @object
  secrets []ObjectReference patch=merge key=name list=map keys=name "?"
  imagePullSecrets []LocalObjectReference list=atomic "?"
  automountServiceAccountToken *bool "?"

type ServiceAccountList gvk=/v1/ServiceAccountList "?"
  @list
  items []ServiceAccount req "?"

type Node gvk=/v1/Node "?"
  @object
  spec NodeSpec "?"
  status NodeStatus "?"

type NodeSpec "?"
  podCIDR string "?"
  podCIDRs []string patch=merge list=set "?"
  providerID string "?"
  unschedulable bool "?"
  taints []Taint list=atomic "?"
  configSource *NodeConfigSource "?"
  externalID string "?"

type Taint "?"
  key string req "?"
  value string "?"
  effect TaintEffect req "?"
  timeAdded *meta.Time "?"

type NodeConfigSource "?"
  configMap *ConfigMapNodeConfigSource "?"

type ConfigMapNodeConfigSource "?"
  namespace string req "?"
  name string req "?"
  uid meta.UID "?"
  resourceVersion string "?"
  kubeletConfigKey string req "?"

type NodeStatus "?"
  capacity ResourceList "?"
  allocatable ResourceList "?"
  phase NodePhase "?"
  conditions []NodeCondition patch=merge key=type list=map keys=type "?"
  addresses []NodeAddress patch=merge key=type list=map keys=type "?"
  daemonEndpoints NodeDaemonEndpoints "?"
  nodeInfo NodeSystemInfo "?"
  images []ContainerImage list=atomic "?"
  volumesInUse []UniqueVolumeName list=atomic "?"
  volumesAttached []AttachedVolume list=atomic "?"
  config *NodeConfigStatus "?"
  runtimeHandlers []NodeRuntimeHandler list=atomic "?"
  features *NodeFeatures "?"

type NodeCondition "?"
  type NodeConditionType req "?"
  status ConditionStatus req "?"
  lastHeartbeatTime meta.Time "?"
  lastTransitionTime meta.Time "?"
  reason string "?"
  message string "?"

type NodeAddress "?"
  type NodeAddressType req "?"
  address string req "?"

type NodeDaemonEndpoints "?"
  kubeletEndpoint DaemonEndpoint "?"

type DaemonEndpoint "?"
  Port int32 req "?"

type NodeSystemInfo "?"
  machineID string req "?"
  systemUUID string req "?"
  bootID string req "?"
  kernelVersion string req "?"
  osImage string req "?"
  containerRuntimeVersion string req "?"
  kubeletVersion string req "?"
  kubeProxyVersion string req "?"
  operatingSystem string req "?"
  architecture string req "?"

type ContainerImage "?"
  names []string always list=atomic "?"
  sizeBytes int64 "?"

type AttachedVolume "?"
  name UniqueVolumeName req "?"
  devicePath string req "?"

type NodeConfigStatus "?"
  assigned *NodeConfigSource "?"
  active *NodeConfigSource "?"
  lastKnownGood *NodeConfigSource "?"
  error string "?"

type NodeRuntimeHandler "?"
  name string always "?"
  features *NodeRuntimeHandlerFeatures "?"

type NodeRuntimeHandlerFeatures "?"
  recursiveReadOnlyMounts *bool "?"
  userNamespaces *bool "?"

type NodeFeatures "?"
  supplementalGroupsPolicy *bool "?"

type NodeList gvk=/v1/NodeList "?"
  @list
  items []Node req "?"

type Binding gvk=/v1/Binding "?"
  @object
  target ObjectReference req "?"

type PodTemplateSpec "?"
  metadata meta.ObjectMeta "?"
  spec PodSpec "?"

type TopologySelectorTerm atomic "?"
  matchLabelExpressions []TopologySelectorLabelRequirement list=atomic "?"

type TopologySelectorLabelRequirement "?"
  key string req "?"
  values []string req list=atomic "?"
)dsl";
}

}  // namespace stead::api::schema

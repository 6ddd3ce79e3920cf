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

type Namespace gvk=/v1/Namespace "A scope for names: namespaced objects are unique by name within their namespace."
  @object
  spec NamespaceSpec pb=2 "The desired state of the namespace."
  status NamespaceStatus pb=3 "The observed state of the namespace."

type NamespaceSpec "The desired state of a Namespace."
  finalizers []FinalizerName list=atomic pb=1 "Opaque values that must all be removed before the namespace is deleted from storage."

type NamespaceStatus "The observed state of a Namespace."
  phase NamespacePhase pb=1 "Lifecycle phase: Active, or Terminating once deletion has started."
  conditions []NamespaceCondition patch=merge key=type list=map keys=type pb=2 "The latest observations of the namespace's state."

type NamespaceCondition "The state of a Namespace at a point in time."
  type NamespaceConditionType req pb=1 "Type of the condition."
  status ConditionStatus req pb=2 "True, False or Unknown."
  lastTransitionTime meta.Time pb=4 "When the status last changed."
  reason string pb=5 "CamelCase reason for the last transition."
  message string pb=6 "Human readable details about the last transition."

type NamespaceList gvk=/v1/NamespaceList "A list of Namespaces."
  @list
  items []Namespace req pb=2 "The Namespaces."

type Pod gvk=/v1/Pod "A group of containers that run together on one node, sharing network and storage. Created by clients or controllers and scheduled onto nodes."
  @object
  spec PodSpec pb=2 "The desired state of the pod."
  status PodStatus pb=3 "The observed state of the pod; may lag behind. Set by the system. Read-only."

type PodSpec "The desired state of a pod: its containers, volumes and scheduling and security settings."
  volumes []Volume patch=merge,retainKeys key=name list=map keys=name pb=1 "Volumes that the pod's containers can mount."
  initContainers []Container patch=merge key=name list=map keys=name pb=20 "Containers run one after the other, each to successful completion, before the app containers start; a failing one is retried per restartPolicy. Sidecars are init containers with restartPolicy Always. They cannot have lifecycle handlers or (except sidecars) probes. Cannot be updated."
  containers []Container req patch=merge key=name list=map keys=name pb=2 "The pod's app containers; at least one. Containers cannot be added or removed after creation."
  ephemeralContainers []EphemeralContainer patch=merge key=name list=map keys=name pb=34 "Debugging containers added to a running pod through the ephemeralcontainers subresource. Cannot be set on create or changed with a normal update."
  restartPolicy RestartPolicy pb=3 "When containers are restarted: Always (the default), OnFailure or Never."
  terminationGracePeriodSeconds *int64 pb=4 "Seconds the pod gets to stop after the termination signal before it is killed; 0 kills at once. Defaults to 30; a delete request may shorten it."
  activeDeadlineSeconds *int64 pb=5 "Seconds the pod may be active on its node, counted from startTime, before the system fails it. Positive."
  dnsPolicy DNSPolicy pb=6 "How the pod's DNS is configured: ClusterFirst (the default), ClusterFirstWithHostNet (for hostNetwork pods), Default (inherit the node's) or None (dnsConfig only)."
  nodeSelector {}string map=atomic pb=7 "Labels a node must have for the pod to be scheduled onto it."
  serviceAccountName string pb=8 "Name of the ServiceAccount the pod runs as."
  serviceAccount string pb=9 "Deprecated alias of serviceAccountName."
  automountServiceAccountToken *bool pb=21 "Whether a token of the service account is mounted into the pod."
  nodeName string pb=10 "Node the pod is bound to. Set by the scheduler (through the binding subresource) or directly to bypass scheduling."
  hostNetwork bool pb=11 "Run in the node's network namespace; container ports then are host ports. Defaults to false."
  hostPID bool pb=12 "Use the node's PID namespace. Defaults to false."
  hostIPC bool pb=13 "Use the node's IPC namespace. Defaults to false."
  shareProcessNamespace *bool pb=27 "Share one PID namespace between all containers of the pod, so they can see and signal each other's processes. Incompatible with hostPID. Defaults to false."
  securityContext *PodSecurityContext pb=14 "Pod-level security settings and defaults for the containers' security contexts."
  imagePullSecrets []LocalObjectReference patch=merge key=name list=map keys=name pb=15 "Secrets in the pod's namespace holding registry credentials for pulling images."
  hostname string pb=16 "Hostname of the pod; defaults to a system-defined value (the pod name)."
  subdomain string pb=17 "Subdomain of the pod; with a hostname, the pod's FQDN becomes <hostname>.<subdomain>.<namespace>.svc.<cluster-domain>."
  affinity *Affinity pb=18 "Node and pod affinity and anti-affinity scheduling constraints."
  schedulerName string pb=19 "Scheduler that schedules the pod; defaults to the default scheduler."
  tolerations []Toleration list=atomic pb=22 "Taints the pod tolerates."
  hostAliases []HostAlias patch=merge key=ip list=map keys=ip pb=23 "Extra entries for the pod's /etc/hosts."
  priorityClassName string pb=24 "Name of the PriorityClass giving the pod its priority; system-node-critical and system-cluster-critical are the highest. Defaults to the global default class, or zero."
  priority *int32 pb=25 "Priority of the pod, resolved from priorityClassName by admission; higher is more important."
  dnsConfig *PodDNSConfig pb=26 "DNS settings merged into the configuration produced by dnsPolicy."
  readinessGates []PodReadinessGate list=atomic pb=28 "Extra conditions that must be True, besides all containers being ready, for the pod to be ready."
  runtimeClassName *string pb=29 "RuntimeClass (node.k8s.io) used to run the pod; defaults to the node's default runtime."
  enableServiceLinks *bool pb=30 "Whether Docker-link style environment variables for the namespace's services are injected. Defaults to true."
  preemptionPolicy *PreemptionPolicy pb=31 "Whether the pod may preempt lower priority pods: PreemptLowerPriority (the default) or Never."
  overhead ResourceList pb=32 "Resources the pod's sandbox consumes on top of the containers, set from its RuntimeClass by admission."
  topologySpreadConstraints []TopologySpreadConstraint patch=merge key=topologyKey list=map keys=topologyKey,whenUnsatisfiable pb=33 "How the pods of a group should spread over topology domains (zones, nodes); all constraints are ANDed."
  setHostnameAsFQDN *bool pb=35 "Set the pod's hostname to its fully qualified domain name instead of the short name. Defaults to false."
  os *PodOS pb=36 "The operating system of the pod's containers; restricts which other fields may be set."
  hostUsers *bool pb=37 "Whether the pod runs in the node's user namespace (true, the default) or in its own (false). Requires user namespace support on the node."
  schedulingGates []PodSchedulingGate patch=merge key=name list=map keys=name pb=38 "Gates that keep the pod from being scheduled while any remains; only removable after creation."
  resourceClaims []PodResourceClaim patch=merge,retainKeys key=name list=map keys=name pb=39 "Dynamically allocated resources (ResourceClaims) the pod needs, referenced by name from containers. Alpha (DynamicResourceAllocation); immutable."
  resources *ResourceRequirements pb=40 "Total CPU and memory for the whole pod, shared by its containers. Alpha (PodLevelResources)."

type Volume "A named volume in a pod, mountable by any of its containers. Exactly one source is set."
  name string req pb=1 "Name of the volume: a DNS label, unique within the pod."
  hostPath *HostPathVolumeSource pb=2.1 "A file or directory of the node, exposed directly to the container. Mostly for system agents; usually a security risk."
  emptyDir *EmptyDirVolumeSource pb=2.2 "A temporary directory that lives as long as the pod."
  gcePersistentDisk *GCEPersistentDiskVolumeSource pb=2.3 "A GCE persistent disk attached to the node. Deprecated: handled by the pd.csi.storage.gke.io CSI driver."
  awsElasticBlockStore *AWSElasticBlockStoreVolumeSource pb=2.4 "An AWS EBS disk attached to the node. Deprecated: handled by the ebs.csi.aws.com CSI driver."
  gitRepo *GitRepoVolumeSource pb=2.5 "A git repository cloned at a revision. Deprecated: clone into an emptyDir from an init container instead."
  secret *SecretVolumeSource pb=2.6 "A Secret projected as files."
  nfs *NFSVolumeSource pb=2.7 "An NFS export mounted for the pod's lifetime."
  iscsi *ISCSIVolumeSource pb=2.8 "An iSCSI disk attached to the node."
  glusterfs *GlusterfsVolumeSource pb=2.9 "A Glusterfs mount. Deprecated; no longer supported."
  persistentVolumeClaim *PersistentVolumeClaimVolumeSource pb=2.10 "A PersistentVolumeClaim in the pod's namespace; its bound volume is mounted."
  rbd *RBDVolumeSource pb=2.11 "A Ceph RBD image. Deprecated; no longer supported."
  flexVolume *FlexVolumeSource pb=2.12 "A volume handled by an exec-based FlexVolume plugin. Deprecated: use a CSI driver."
  cinder *CinderVolumeSource pb=2.13 "An OpenStack Cinder volume. Deprecated: handled by the cinder.csi.openstack.org CSI driver."
  cephfs *CephFSVolumeSource pb=2.14 "A CephFS mount. Deprecated; no longer supported."
  flocker *FlockerVolumeSource pb=2.15 "A Flocker dataset. Deprecated; no longer supported."
  downwardAPI *DownwardAPIVolumeSource pb=2.16 "Information about the pod exposed as files."
  fc *FCVolumeSource pb=2.17 "A Fibre Channel volume attached to the node."
  azureFile *AzureFileVolumeSource pb=2.18 "An Azure File share. Deprecated: handled by the file.csi.azure.com CSI driver."
  configMap *ConfigMapVolumeSource pb=2.19 "A ConfigMap projected as files."
  vsphereVolume *VsphereVirtualDiskVolumeSource pb=2.20 "A vSphere volume. Deprecated: handled by the csi.vsphere.vmware.com CSI driver."
  quobyte *QuobyteVolumeSource pb=2.21 "A Quobyte volume. Deprecated; no longer supported."
  azureDisk *AzureDiskVolumeSource pb=2.22 "An Azure data disk. Deprecated: handled by the disk.csi.azure.com CSI driver."
  photonPersistentDisk *PhotonPersistentDiskVolumeSource pb=2.23 "A Photon Controller persistent disk. Deprecated; no longer supported."
  projected *ProjectedVolumeSource pb=2.26 "Secrets, ConfigMaps, downward API data and service account tokens combined in one directory."
  portworxVolume *PortworxVolumeSource pb=2.24 "A Portworx volume. Deprecated: handled by the pxd.portworx.com CSI driver."
  scaleIO *ScaleIOVolumeSource pb=2.25 "A ScaleIO volume. Deprecated; no longer supported."
  storageos *StorageOSVolumeSource pb=2.27 "A StorageOS volume. Deprecated; no longer supported."
  csi *CSIVolumeSource pb=2.28 "An ephemeral inline volume provided by a CSI driver that supports it."
  ephemeral *EphemeralVolumeSource pb=2.29 "A generic ephemeral volume: a PersistentVolumeClaim created from a template for this pod and deleted with it. Works with any storage driver that supports dynamic provisioning."
  image *ImageVolumeSource pb=2.30 "An OCI image or artifact pulled and mounted read-only (no exec). Alpha (ImageVolume)."

type HostPathVolumeSource "A path on the node mapped into the pod. No ownership management or SELinux relabeling."
  path string req pb=1 "Path on the node; symlinks are followed."
  type *HostPathType pb=2 "What must exist at the path: \"\" (no check, the default), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice."

type EmptyDirVolumeSource "An empty directory created for the pod. Supports ownership management and SELinux relabeling."
  medium StorageMedium pb=1 "Storage medium: \"\" (the node's default medium) or Memory (a tmpfs)."
  sizeLimit *resource.Quantity pb=2 "Maximum size of the directory, also applied to Memory media (where the pod's memory limit and node's allocatable also cap it). Unset means no limit."

type GCEPersistentDiskVolumeSource "A persistent disk in Google Compute Engine; it must exist and be in the node's zone."
  pdName string req pb=1 "Name of the persistent disk in GCE."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  partition int32 pb=3 "Partition to mount; unset mounts the whole volume."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."

type AWSElasticBlockStoreVolumeSource "An AWS EBS volume; it must exist and be in the node's availability zone."
  volumeID string req pb=1 "ID of the EBS volume."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  partition int32 pb=3 "Partition to mount; unset mounts the whole volume."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."

type GitRepoVolumeSource "A volume filled with a clone of a git repository. Deprecated."
  repository string req pb=1 "URL of the repository."
  revision string pb=2 "Commit hash to check out."
  directory string pb=3 "Target directory; must not contain or start with \"..\". \".\" clones into the volume root; unset clones into a subdirectory named after the repository."

type SecretVolumeSource "A Secret presented as files: each data key becomes a file. Supports ownership management and SELinux relabeling."
  secretName string pb=1 "Name of the Secret in the pod's namespace."
  items []KeyToPath list=atomic pb=2 "Which keys to project and under which paths; unset projects every key as a file named after it. A listed key that is missing is an error unless optional."
  defaultMode *int32 pb=3 "Default permission bits of the created files, 0000-0777 (octal in YAML, decimal in JSON). Defaults to 0644."
  optional *bool pb=4 "Whether the Secret or its keys may be missing."

type KeyToPath "Maps a key to a file path within a volume."
  key string req pb=1 "The key to project."
  path string req pb=2 "Relative path of the file; may not contain \"..\"."
  mode *int32 pb=3 "Permission bits of this file, 0000-0777 (octal in YAML, decimal in JSON); defaults to the volume's defaultMode."

type NFSVolumeSource "An NFS mount for the pod's lifetime. No ownership management or SELinux relabeling."
  server string req pb=1 "Hostname or IP address of the NFS server."
  path string req pb=2 "Path exported by the server."
  readOnly bool pb=3 "Mount the export read-only. Defaults to false."

type ISCSIVolumeSource "An iSCSI disk; mountable read/write by one node only. Supports ownership management and SELinux relabeling."
  targetPortal string req pb=1 "Target portal: an IP, or ip:port when not the default port 3260."
  iqn string req pb=2 "iSCSI qualified name of the target."
  lun int32 req pb=3 "Target LUN number."
  iscsiInterface string default="default" pb=4 "iSCSI interface name (transport). Defaults to \"default\" (TCP)."
  fsType string pb=5 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=6 "Force read-only mounts. Defaults to false."
  portals []string list=atomic pb=7 "Additional target portals: IPs, or ip:port when not the default port."
  chapAuthDiscovery bool pb=8 "Use CHAP authentication for discovery."
  chapAuthSession bool pb=11 "Use CHAP authentication for the session."
  secretRef *LocalObjectReference pb=10 "Secret with the CHAP credentials."
  initiatorName *string pb=12 "Custom initiator name; with iscsiInterface, a new interface <portal>:<volume> is created."

type LocalObjectReference atomic "A reference to an object by name in the same namespace."
  name string default="" pb=1 "Name of the object. Effectively required, though an empty value is accepted for compatibility."

type GlusterfsVolumeSource "A Glusterfs mount for the pod's lifetime. Deprecated."
  endpoints string req pb=1 "Name of the Endpoints object describing the Glusterfs cluster."
  path string req pb=2 "Glusterfs volume path."
  readOnly bool pb=3 "Mount read-only. Defaults to false."

type PersistentVolumeClaimVolumeSource "A PersistentVolumeClaim in the pod's namespace; the volume bound to it is mounted. A kind of indirection for portable volumes."
  claimName string req pb=1 "Name of the PersistentVolumeClaim."
  readOnly bool pb=2 "Force read-only mounts. Defaults to false."

type RBDVolumeSource "A Ceph RBD image mounted for the pod's lifetime. Deprecated."
  monitors []string req list=atomic pb=1 "Ceph monitors."
  image string req pb=2 "Name of the RBD image."
  fsType string pb=3 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  pool string default="rbd" pb=4 "RADOS pool. Defaults to rbd."
  user string default="admin" pb=5 "RADOS user. Defaults to admin."
  keyring string default="/etc/ceph/keyring" pb=6 "Path to the user's keyring. Defaults to /etc/ceph/keyring."
  secretRef *LocalObjectReference pb=7 "Secret with the user's key; overrides keyring."
  readOnly bool pb=8 "Force read-only mounts. Defaults to false."

type FlexVolumeSource "A volume provisioned and attached by an exec-based FlexVolume plugin."
  driver string req pb=1 "Name of the driver."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS; the default depends on the driver."
  secretRef *LocalObjectReference pb=3 "Secret with sensitive data passed to the plugin; may be empty."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."
  options {}string pb=5 "Extra options for the driver."

type CinderVolumeSource "An OpenStack Cinder volume; it must exist first."
  volumeID string req pb=1 "ID of the Cinder volume."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=3 "Force read-only mounts. Defaults to false."
  secretRef *LocalObjectReference pb=4 "Secret with the parameters for connecting to OpenStack."

type CephFSVolumeSource "A CephFS mount for the pod's lifetime. Deprecated."
  monitors []string req list=atomic pb=1 "Ceph monitors."
  path string pb=2 "Root of the mount within the Ceph tree. Defaults to /."
  user string pb=3 "RADOS user. Defaults to admin."
  secretFile string pb=4 "Path to the user's keyring. Defaults to /etc/ceph/user.secret."
  secretRef *LocalObjectReference pb=5 "Secret with the user's key."
  readOnly bool pb=6 "Force read-only mounts. Defaults to false."

type FlockerVolumeSource "A Flocker dataset; exactly one of datasetName and datasetUUID is set. Deprecated."
  datasetName string pb=1 "Name of the dataset (deprecated)."
  datasetUUID string pb=2 "UUID of the dataset."

type DownwardAPIVolumeSource "Information about the pod presented as files. Supports ownership management and SELinux relabeling."
  items []DownwardAPIVolumeFile list=atomic pb=1 "The files to create."
  defaultMode *int32 pb=2 "Default permission bits of the created files, 0000-0777 (octal in YAML, decimal in JSON). Defaults to 0644."

type DownwardAPIVolumeFile "One file of a downward API volume: its path and the pod field or container resource it holds."
  path string req pb=1 "Relative path of the file; may not be absolute, contain \"..\", or start with \"..\"."
  fieldRef *ObjectFieldSelector pb=2 "Pod field to write: metadata.annotations, labels, name, namespace or uid."
  resourceFieldRef *ResourceFieldSelector pb=3 "Container resource to write: limits.cpu, limits.memory, requests.cpu or requests.memory (and ephemeral storage)."
  mode *int32 pb=4 "Permission bits of this file, 0000-0777 (octal in YAML, decimal in JSON); defaults to the volume's defaultMode."

type ObjectFieldSelector atomic "Selects a field of an object by path."
  apiVersion string pb=1 "API version fieldPath is written against. Defaults to \"v1\"."
  fieldPath string req pb=2 "Path of the field, e.g. metadata.name."

type ResourceFieldSelector atomic "Selects a container resource (cpu, memory, ...) and the unit to express it in."
  containerName string pb=1 "Container whose resource is selected; required for volumes, optional for environment variables."
  resource string req pb=2 "The resource, e.g. limits.cpu or requests.memory."
  divisor resource.Quantity pb=3 "Unit the value is divided by. Defaults to \"1\"."

type FCVolumeSource "A Fibre Channel volume; mountable read/write by one node only. Supports ownership management and SELinux relabeling."
  targetWWNs []string list=atomic pb=1 "Target world wide names."
  lun *int32 pb=2 "Target LUN number."
  fsType string pb=3 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."
  wwids []string list=atomic pb=5 "Volume world wide identifiers; either wwids or targetWWNs with lun must be set."

type AzureFileVolumeSource "An Azure File share mounted into the pod."
  secretName string req pb=1 "Secret holding the storage account name and key."
  shareName string req pb=2 "Name of the share."
  readOnly bool pb=3 "Force read-only mounts. Defaults to false."

type ConfigMapVolumeSource "A ConfigMap presented as files: each data key becomes a file. Supports ownership management and SELinux relabeling."
  name string default="" pb=1.1 "Name of the ConfigMap. Effectively required, though an empty value is accepted for compatibility."
  items []KeyToPath list=atomic pb=2 "Which keys to project and under which paths; unset projects every key as a file named after it. A listed key that is missing is an error unless optional."
  defaultMode *int32 pb=3 "Default permission bits of the created files, 0000-0777 (octal in YAML, decimal in JSON). Defaults to 0644."
  optional *bool pb=4 "Whether the ConfigMap or its keys may be missing."

type VsphereVirtualDiskVolumeSource "A vSphere volume."
  volumePath string req pb=1 "Path of the volume's vmdk."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  storagePolicyName string pb=3 "Storage policy (SPBM) profile name."
  storagePolicyID string pb=4 "Storage policy (SPBM) profile ID of storagePolicyName."

type QuobyteVolumeSource "A Quobyte mount for the pod's lifetime. Deprecated."
  registry string req pb=1 "Quobyte registry services as host:port, comma separated for several."
  volume string req pb=2 "Name of an existing Quobyte volume."
  readOnly bool pb=3 "Mount read-only. Defaults to false."
  user string pb=4 "User to map volume access to. Defaults to the service account user."
  group string pb=5 "Group to map volume access to. Defaults to none."
  tenant string pb=6 "Tenant owning the volume in the backend; set by the plugin for provisioned volumes."

type AzureDiskVolumeSource "An Azure data disk mounted into the pod."
  diskName string req pb=1 "Name of the data disk in blob storage."
  diskURI string req pb=2 "URI of the data disk in blob storage."
  cachingMode *AzureDataDiskCachingMode default="ReadWrite" pb=3 "Host caching mode: None, ReadOnly or ReadWrite."
  fsType *string default="ext4" pb=4 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"). Defaults to ext4."
  readOnly *bool default=false pb=5 "Force read-only mounts. Defaults to false."
  kind *AzureDataDiskKind default="Shared" pb=6 "Disk kind: Shared (several blob disks per storage account), Dedicated (one per account) or Managed (an Azure managed disk). Defaults to Shared."

type PhotonPersistentDiskVolumeSource "A Photon Controller persistent disk."
  pdID string req pb=1 "ID of the persistent disk."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."

type ProjectedVolumeSource "Several sources (secrets, config maps, downward API, tokens, trust bundles) merged into one directory."
  sources []VolumeProjection always list=atomic pb=1 "The sources; each entry projects one."
  defaultMode *int32 pb=2 "Default permission bits of the created files, 0000-0777 (octal in YAML, decimal in JSON)."

type VolumeProjection "One source of a projected volume; exactly one field is set."
  secret *SecretProjection pb=1 "Secret data to project."
  downwardAPI *DownwardAPIProjection pb=2 "Downward API data to project."
  configMap *ConfigMapProjection pb=3 "ConfigMap data to project."
  serviceAccountToken *ServiceAccountTokenProjection pb=4 "A service account token to project."
  clusterTrustBundle *ClusterTrustBundleProjection pb=5 "Certificates of ClusterTrustBundle objects, written as one PEM file and kept up to date. Alpha (ClusterTrustBundleProjection)."

type SecretProjection "A Secret projected into a projected volume; each data key becomes a file."
  name string default="" pb=1.1 "Name of the Secret. Effectively required, though an empty value is accepted for compatibility."
  items []KeyToPath list=atomic pb=2 "Which keys to project and under which paths; unset projects every key. A listed key that is missing is an error unless optional."
  optional *bool pb=4 "Whether the Secret or its keys may be missing."

type DownwardAPIProjection "Downward API data projected into a projected volume (like a downwardAPI volume, without defaultMode)."
  items []DownwardAPIVolumeFile list=atomic pb=1 "The files to create."

type ConfigMapProjection "A ConfigMap projected into a projected volume; each data key becomes a file."
  name string default="" pb=1.1 "Name of the ConfigMap. Effectively required, though an empty value is accepted for compatibility."
  items []KeyToPath list=atomic pb=2 "Which keys to project and under which paths; unset projects every key. A listed key that is missing is an error unless optional."
  optional *bool pb=4 "Whether the ConfigMap or its keys may be missing."

type ServiceAccountTokenProjection "A token of the pod's service account written into a projected volume and refreshed by the kubelet before it expires."
  audience string pb=1 "Intended audience of the token; recipients must identify with it. Defaults to the API server's identifier."
  expirationSeconds *int64 pb=2 "Requested validity of the token in seconds; the kubelet rotates it when 80% has passed or it is older than 24 hours. At least 600; defaults to 1 hour."
  path string req pb=3 "Path of the token file, relative to the mount point."

type ClusterTrustBundleProjection "Selects ClusterTrustBundle objects and writes their certificates into a file of a projected volume."
  name *string pb=1 "Select one ClusterTrustBundle by name; exclusive with signerName and labelSelector."
  signerName *string pb=2 "Select all ClusterTrustBundles of this signer; exclusive with name. Their certificates are deduplicated and shuffled."
  labelSelector *meta.LabelSelector pb=3 "With signerName, only bundles matching this selector; unset selects none, empty selects all."
  optional *bool pb=5 "Do not block pod startup when the bundles are missing; an empty file is written instead."
  path string req pb=4 "Path of the file, relative to the volume root."

type PortworxVolumeSource "A Portworx volume."
  volumeID string req pb=1 "ID of the Portworx volume."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\"); \"ext4\" when unset."
  readOnly bool pb=3 "Force read-only mounts. Defaults to false."

type ScaleIOVolumeSource "A ScaleIO persistent volume. Deprecated."
  gateway string req pb=1 "Host address of the ScaleIO API gateway."
  system string req pb=2 "Name of the storage system configured in ScaleIO."
  secretRef *LocalObjectReference req pb=3 "Secret with the ScaleIO user credentials; without it login fails."
  sslEnabled bool pb=4 "Use SSL to talk to the gateway. Defaults to false."
  protectionDomain string pb=5 "ScaleIO protection domain of the storage."
  storagePool string pb=6 "ScaleIO storage pool of the protection domain."
  storageMode string default="ThinProvisioned" pb=7 "ThickProvisioned or ThinProvisioned (the default)."
  volumeName string pb=8 "Name of an existing volume in the ScaleIO system."
  fsType string default="xfs" pb=9 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"). Defaults to xfs."
  readOnly bool pb=10 "Force read-only mounts. Defaults to false."

type StorageOSVolumeSource "A StorageOS volume. Deprecated."
  volumeName string pb=1 "Name of the StorageOS volume, unique within its StorageOS namespace."
  volumeNamespace string pb=2 "StorageOS namespace of the volume; defaults to the pod's namespace (\"default\" to opt out of namespaces)."
  fsType string pb=3 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."
  secretRef *LocalObjectReference pb=5 "Secret with the StorageOS API credentials; defaults are used when unset."

type CSIVolumeSource "An inline ephemeral volume provided by an external CSI driver."
  driver string req pb=1 "Name of the CSI driver, as registered in the cluster."
  readOnly *bool pb=2 "Mount read-only. Defaults to false."
  fsType *string pb=3 "Filesystem type to mount (\"ext4\", \"xfs\", \"ntfs\"); when unset the driver chooses."
  volumeAttributes {}string pb=4 "Driver-specific properties passed to the driver."
  nodePublishSecretRef *LocalObjectReference pb=5 "Secret with sensitive data passed to the driver's NodePublishVolume and NodeUnpublishVolume calls."

type EphemeralVolumeSource "A volume provisioned through a PersistentVolumeClaim created for the pod and removed with it."
  volumeClaimTemplate *PersistentVolumeClaimTemplate pb=1 "Template of the claim, created as <pod>-<volume> and owned by the pod (so it is deleted with it). A claim of that name not owned by the pod blocks startup. Required; immutable."

type PersistentVolumeClaimTemplate "The template of a PersistentVolumeClaim created for an ephemeral volume."
  metadata meta.ObjectMeta pb=1 "Labels and annotations copied to the claim; other metadata fields are rejected."
  spec PersistentVolumeClaimSpec req pb=2 "Spec of the claim, copied unchanged."

type PersistentVolumeClaimSpec "The desired storage of a claim: size, access modes, class and an optional data source."
  accessModes []PersistentVolumeAccessMode list=atomic pb=1 "Access modes the volume must support (ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod)."
  selector *meta.LabelSelector pb=4 "Label query over the volumes that may be bound."
  resources VolumeResourceRequirements pb=2 "Minimum storage the volume must have (requests.storage); may be raised to expand the volume."
  volumeName string pb=3 "Name of the PersistentVolume bound to the claim."
  storageClassName *string pb=5 "Name of the StorageClass of the claim; \"\" asks for a volume without a class, unset for the default class."
  volumeMode *PersistentVolumeMode pb=6 "Filesystem (the default) or Block."
  dataSource *TypedLocalObjectReference pb=7 "Populate the volume from an existing VolumeSnapshot, a PersistentVolumeClaim, or another object handled by a populator. Kept in sync with dataSourceRef when its namespace is unset."
  dataSourceRef *TypedObjectReference pb=8 "Object to populate the volume from; any object handled by a volume populator, possibly in another namespace (with CrossNamespaceVolumeDataSource). Preferred over dataSource."
  volumeAttributesClassName *string pb=9 "VolumeAttributesClass of the claim, applied by the CSI driver; may change after creation. Beta (VolumeAttributesClass)."

type VolumeResourceRequirements "The storage a volume must provide."
  limits ResourceList pb=1 "Maximum amount of resources allowed."
  requests ResourceList pb=2 "Minimum amount of resources required (storage); defaults to limits when omitted."

type TypedLocalObjectReference atomic "A reference to an object of a given kind in the same namespace."
  apiGroup *string always pb=1 "API group of the referenced kind; empty for the core group."
  kind string req pb=2 "Kind of the referenced object."
  name string req pb=3 "Name of the referenced object."

type TypedObjectReference "A reference to an object of a given kind, possibly in another namespace."
  apiGroup *string always pb=1 "API group of the referenced kind; empty for the core group."
  kind string req pb=2 "Kind of the referenced object."
  name string req pb=3 "Name of the referenced object."
  namespace *string pb=4 "Namespace of the referenced object; another namespace needs a ReferenceGrant there. Alpha (CrossNamespaceVolumeDataSource)."

type ImageVolumeSource "An OCI image or artifact mounted as a volume."
  reference string pb=1 "Image or artifact reference, resolved like a container image (same pull secrets). Required."
  pullPolicy PullPolicy pb=2 "Always, Never or IfNotPresent; defaults to Always for :latest references and IfNotPresent otherwise."

type Container "One container of a pod: its image, command, environment, ports, volumes, resources, probes and security settings."
  name string req pb=1 "Name of the container: a DNS label unique within the pod. Cannot be updated."
  image string pb=2 "Container image name; optional here so higher level config can set it, required for workload controllers' pods."
  command []string list=atomic pb=3 "Entrypoint as an argument list, not run in a shell; the image's ENTRYPOINT when unset. $(VAR) references to the container's variables are expanded; $$ escapes. Cannot be updated."
  args []string list=atomic pb=4 "Arguments to the entrypoint; the image's CMD when unset. $(VAR) references are expanded; $$ escapes. Cannot be updated."
  workingDir string pb=5 "Working directory; the runtime's (or image's) default when unset. Cannot be updated."
  ports []ContainerPort patch=merge key=containerPort list=map keys=containerPort,protocol pb=6 "Ports the container exposes. Informational mostly: any listening port is reachable. Cannot be updated."
  envFrom []EnvFromSource list=atomic pb=19 "Sources of environment variables (ConfigMaps, Secrets), all keys at once; env entries win over them and later sources over earlier ones. Cannot be updated."
  env []EnvVar patch=merge key=name list=map keys=name pb=7 "Environment variables of the container. Cannot be updated."
  resources ResourceRequirements pb=8 "CPU, memory and other compute resources the container requests and is limited to."
  resizePolicy []ContainerResizePolicy list=atomic pb=23 "How each resource may be resized in place: with or without restarting the container."
  restartPolicy *ContainerRestartPolicy pb=24 "Restart behaviour of an individual init container: only Always, which makes it a sidecar that keeps running next to the app containers and is restarted on exit. Unset otherwise."
  volumeMounts []VolumeMount patch=merge key=mountPath list=map keys=mountPath pb=9 "Pod volumes mounted into the container's filesystem. Cannot be updated."
  volumeDevices []VolumeDevice patch=merge key=devicePath list=map keys=devicePath pb=21 "Raw block devices (from PersistentVolumeClaims) exposed in the container."
  livenessProbe *Probe pb=10 "Periodic check that the container is alive; it is restarted when the probe fails. Cannot be updated."
  readinessProbe *Probe pb=11 "Periodic check that the container can serve; the pod is removed from Service endpoints while it fails. Cannot be updated."
  startupProbe *Probe pb=22 "Check that the container has started; the other probes only run once it succeeds, and the container is restarted if it fails. Cannot be updated."
  lifecycle *Lifecycle pb=12 "Actions run by the kubelet after the container starts and before it stops. Cannot be updated."
  terminationMessagePath string pb=13 "File whose contents become the container's termination message (at most 4096 bytes; 12 kB for all containers). Defaults to /dev/termination-log. Cannot be updated."
  terminationMessagePolicy TerminationMessagePolicy pb=20 "File (the default) reads terminationMessagePath only; FallbackToLogsOnError uses the log tail when the file is empty and the container failed. Cannot be updated."
  imagePullPolicy PullPolicy pb=14 "Always, Never or IfNotPresent; defaults to Always for :latest (or untagged) images and IfNotPresent otherwise. Cannot be updated."
  securityContext *SecurityContext pb=15 "Security settings of the container; they override the pod's securityContext."
  stdin bool pb=16 "Keep a stdin buffer open for the container; reads fail with EOF otherwise. Defaults to false."
  stdinOnce bool pb=17 "Close stdin after the first attach session ends (with stdin true). Defaults to false."
  tty bool pb=18 "Allocate a TTY; needs stdin. Defaults to false."

type ContainerPort "A network port of a container."
  name string pb=1 "Name of the port: an IANA service name, unique within the pod; Services can refer to it."
  hostPort int32 pb=2 "Port on the node to expose the container port on; with hostNetwork it must equal containerPort. Rarely needed."
  containerPort int32 req pb=3 "Port number on the pod's IP, 1-65535."
  protocol Protocol default="TCP" pb=4 "UDP, TCP (the default) or SCTP."
  hostIP string pb=5 "Node IP to bind hostPort to."

type EnvFromSource "A ConfigMap or Secret whose keys all become environment variables."
  prefix string pb=1 "Prefix added to every variable name; must be a C identifier."
  configMapRef *ConfigMapEnvSource pb=2 "The ConfigMap to read."
  secretRef *SecretEnvSource pb=3 "The Secret to read."

type ConfigMapEnvSource "A ConfigMap whose data keys become environment variables."
  name string default="" pb=1.1 "Name of the ConfigMap. Effectively required, though an empty value is accepted for compatibility."
  optional *bool pb=2 "Whether the ConfigMap may be missing."

type SecretEnvSource "A Secret whose data keys become environment variables."
  name string default="" pb=1.1 "Name of the Secret. Effectively required, though an empty value is accepted for compatibility."
  optional *bool pb=2 "Whether the Secret may be missing."

type EnvVar "An environment variable of a container."
  name string req pb=1 "Name of the variable; a C identifier."
  value string pb=2 "Value of the variable; $(VAR) references to earlier variables are expanded, $$ escapes. Defaults to \"\"."
  valueFrom *EnvVarSource pb=3 "Where the value comes from; only when value is empty."

type EnvVarSource "The source of an environment variable's value; exactly one field is set."
  fieldRef *ObjectFieldSelector pb=1 "A pod field: metadata.name, metadata.namespace, metadata.labels['<key>'], metadata.annotations['<key>'], spec.nodeName, spec.serviceAccountName, status.hostIP(s), status.podIP(s)."
  resourceFieldRef *ResourceFieldSelector pb=2 "A container resource limit or request: limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage."
  configMapKeyRef *ConfigMapKeySelector pb=3 "A key of a ConfigMap."
  secretKeyRef *SecretKeySelector pb=4 "A key of a Secret in the pod's namespace."

type ConfigMapKeySelector atomic "Selects one key of a ConfigMap."
  name string default="" pb=1.1 "Name of the ConfigMap. Effectively required, though an empty value is accepted for compatibility."
  key string req pb=2 "The key to read."
  optional *bool pb=3 "Whether the ConfigMap or the key may be missing."

type SecretKeySelector atomic "Selects one key of a Secret."
  name string default="" pb=1.1 "Name of the Secret. Effectively required, though an empty value is accepted for compatibility."
  key string req pb=2 "The key to read; a valid secret key."
  optional *bool pb=3 "Whether the Secret or the key may be missing."

type ResourceRequirements "Compute resources a container requests and is limited to."
  limits ResourceList pb=1 "Maximum amounts of resources the container may use."
  requests ResourceList pb=2 "Amounts of resources the container is guaranteed and scheduled by; default to the limits when omitted, and may not exceed them."
  claims []ResourceClaim list=map keys=name pb=3 "Names of entries in spec.resourceClaims this container uses. Alpha (DynamicResourceAllocation); immutable."

type ResourceClaim "A reference to one entry of the pod's resourceClaims."
  name string req pb=1 "Name of an entry in spec.resourceClaims; its resources become available to the container."
  request string pb=2 "Name of a request within the claim; empty makes everything in the claim available."

type ContainerResizePolicy "How one resource of a container is resized in place."
  resourceName ResourceName req pb=1 "The resource: cpu or memory."
  restartPolicy ResourceResizeRestartPolicy req pb=2 "NotRequired (the default) or RestartContainer."

type VolumeMount "A volume mounted into a container."
  name string req pb=1 "Name of the pod volume."
  readOnly bool pb=2 "Mount read-only. Defaults to false."
  recursiveReadOnly *RecursiveReadOnlyMode pb=7 "Whether a read-only mount is also read-only in its submounts: Disabled (the default), IfPossible or Enabled. Only with readOnly; Enabled requires mountPropagation None."
  mountPath string req pb=3 "Path in the container to mount at; must not contain ':'."
  subPath string pb=4 "Path within the volume to mount instead of its root. Defaults to \"\"."
  mountPropagation *MountPropagationMode pb=5 "How mounts propagate between node and container: None (the default), HostToContainer or Bidirectional (privileged containers only)."
  subPathExpr string pb=6 "Like subPath, but $(VAR) references to the container's environment are expanded. Exclusive with subPath. Defaults to \"\"."

type VolumeDevice "A raw block device exposed in a container."
  name string req pb=1 "Name of a persistentVolumeClaim volume of the pod."
  devicePath string req pb=2 "Path of the device inside the container."

type Probe "A health check of a container: one handler plus timing and thresholds."
  exec *ExecAction pb=1.1 "Run a command in the container."
  httpGet *HTTPGetAction pb=1.2 "Perform an HTTP GET."
  tcpSocket *TCPSocketAction pb=1.3 "Open a TCP connection."
  grpc *GRPCAction pb=1.4 "Call the gRPC health checking protocol."
  initialDelaySeconds int32 pb=2 "Seconds after the container starts before probing begins."
  timeoutSeconds int32 pb=3 "Seconds after which a probe attempt times out. Defaults to 1; minimum 1."
  periodSeconds int32 pb=4 "Seconds between probes. Defaults to 10; minimum 1."
  successThreshold int32 pb=5 "Consecutive successes to count as succeeded after a failure. Defaults to 1; must be 1 for liveness and startup probes."
  failureThreshold int32 pb=6 "Consecutive failures to count as failed after a success. Defaults to 3; minimum 1."
  terminationGracePeriodSeconds *int64 pb=7 "Grace period for stopping the container after a failed liveness or startup probe, overriding the pod's. Beta; 1 or more."

type ExecAction "A command run inside the container."
  command []string list=atomic pb=1 "Command line, run from / without a shell (call one explicitly if needed); exit status 0 is success."

type HTTPGetAction "An HTTP GET request."
  path string pb=1 "Path to request."
  port intstr.IntOrString req pb=2 "Port number (1-65535) or name of the container port."
  host string pb=3 "Host to connect to; defaults to the pod IP. Setting a Host header is usually what is wanted."
  scheme URIScheme pb=4 "HTTP (the default) or HTTPS."
  httpHeaders []HTTPHeader list=atomic pb=5 "Extra request headers; repeats are allowed."

type HTTPHeader "A header of an HTTP probe request."
  name string req pb=1 "Header name; compared case-insensitively."
  value string req pb=2 "Header value."

type TCPSocketAction "A TCP connection attempt."
  port intstr.IntOrString req pb=1 "Port number (1-65535) or name of the container port."
  host string pb=2 "Host to connect to; defaults to the pod IP."

type GRPCAction "A gRPC health check."
  port int32 req pb=1 "Port of the gRPC service, 1-65535."
  service *string always default="" pb=2 "Service name sent in the HealthCheckRequest; empty checks the server as a whole."

type Lifecycle "Actions the kubelet runs on container lifecycle events; on stop, the grace period is honoured."
  postStart *LifecycleHandler pb=1 "Runs right after the container is created; if it fails the container is killed and handled per restart policy. The container is not running until it completes."
  preStop *LifecycleHandler pb=2 "Runs before the container is stopped (API request, probe failure, preemption...), not on crashes. The grace period counts down meanwhile; the container is then killed regardless."

type LifecycleHandler "One lifecycle hook action; exactly one of exec, httpGet and sleep is set."
  exec *ExecAction pb=1 "Run a command in the container."
  httpGet *HTTPGetAction pb=2 "Perform an HTTP GET."
  tcpSocket *TCPSocketAction pb=3 "Deprecated and not supported as a lifecycle handler; kept for compatibility."
  sleep *SleepAction pb=4 "Sleep for a while."

type SleepAction "A pause."
  seconds int64 req pb=1 "Seconds to sleep."

type SecurityContext "Security settings of one container; where the pod's securityContext sets the same field, the container's wins."
  capabilities *Capabilities pb=1 "POSIX capabilities to add or drop; defaults to the runtime's set. Not on Windows."
  privileged *bool pb=2 "Run privileged (essentially root on the host). Defaults to false. Not on Windows."
  seLinuxOptions *SELinuxOptions pb=3 "SELinux context of the container; random when unset. Not on Windows."
  windowsOptions *WindowsSecurityContextOptions pb=10 "Windows-specific settings. Windows only."
  runAsUser *int64 pb=4 "UID the container's entrypoint runs as; defaults to the image's user. Not on Windows."
  runAsGroup *int64 pb=8 "GID the container's entrypoint runs as; defaults to the runtime's. Not on Windows."
  runAsNonRoot *bool pb=5 "Require a non-root user; the kubelet refuses to start a container that would run as UID 0."
  readOnlyRootFilesystem *bool pb=6 "Mount the root filesystem read-only. Defaults to false. Not on Windows."
  allowPrivilegeEscalation *bool pb=7 "Whether a process may gain more privileges than its parent (no_new_privs). Always true with privileged or CAP_SYS_ADMIN. Not on Windows."
  procMount *ProcMountType pb=9 "Default (the runtime's masked /proc) or Unmasked. Not on Windows."
  seccompProfile *SeccompProfile pb=11 "Seccomp profile of the container; overrides the pod's. Not on Windows."
  appArmorProfile *AppArmorProfile pb=12 "AppArmor profile of the container; overrides the pod's. Not on Windows."

type Capabilities "POSIX capabilities added to or dropped from a container."
  add []Capability list=atomic pb=1 "Capabilities to add."
  drop []Capability list=atomic pb=2 "Capabilities to drop."

type SELinuxOptions "SELinux labels of a container."
  user string pb=1 "SELinux user label."
  role string pb=2 "SELinux role label."
  type string pb=3 "SELinux type label."
  level string pb=4 "SELinux level label."

type WindowsSecurityContextOptions "Windows-specific security settings and credentials."
  gmsaCredentialSpecName *string pb=1 "Name of the GMSA credential spec to use."
  gmsaCredentialSpec *string pb=2 "Contents of the GMSA credential spec, inlined by the GMSA admission webhook."
  runAsUserName *string pb=3 "Windows user the entrypoint runs as; defaults to the image's user."
  hostProcess *bool pb=4 "Run as a Windows host process container; then all containers must, and hostNetwork must be true."

type SeccompProfile union=type:localhostProfile=LocalhostProfile "A seccomp profile; only one source may be set."
  type SeccompProfileType req pb=1 "RuntimeDefault (the runtime's default profile), Unconfined (none) or Localhost (a file on the node)."
  localhostProfile *string pb=2 "Profile file on the node, relative to the kubelet's seccomp directory. Required with Localhost, forbidden otherwise."

type AppArmorProfile union=type:localhostProfile=LocalhostProfile "An AppArmor profile."
  type AppArmorProfileType req pb=1 "RuntimeDefault (the runtime's default profile), Unconfined (none) or Localhost (a profile loaded on the node)."
  localhostProfile *string pb=2 "Name of the profile loaded on the node. Required with Localhost, forbidden otherwise."

type EphemeralContainer "A temporary container added to a running pod for debugging. It has no resource guarantees, is never restarted, and may not have ports, probes or lifecycle hooks. Added through the ephemeralcontainers subresource; cannot be removed or restarted."
  name string req pb=1.1 "Name of the container: a DNS label unique among all the pod's containers."
  image string pb=1.2 "Container image name."
  command []string list=atomic pb=1.3 "Entrypoint as an argument list, not run in a shell; the image's ENTRYPOINT when unset. $(VAR) references to the container's variables are expanded; $$ escapes. Cannot be updated."
  args []string list=atomic pb=1.4 "Arguments to the entrypoint; the image's CMD when unset. $(VAR) references are expanded; $$ escapes. Cannot be updated."
  workingDir string pb=1.5 "Working directory; the runtime's (or image's) default when unset. Cannot be updated."
  ports []ContainerPort patch=merge key=containerPort list=map keys=containerPort,protocol pb=1.6 "Not allowed for ephemeral containers."
  envFrom []EnvFromSource list=atomic pb=1.19 "Sources of environment variables (ConfigMaps, Secrets), all keys at once; env entries win over them and later sources over earlier ones. Cannot be updated."
  env []EnvVar patch=merge key=name list=map keys=name pb=1.7 "Environment variables of the container. Cannot be updated."
  resources ResourceRequirements pb=1.8 "Not allowed for ephemeral containers: they use resources already allocated to the pod."
  resizePolicy []ContainerResizePolicy list=atomic pb=1.23 "Resize policy; not used for ephemeral containers."
  restartPolicy *ContainerRestartPolicy pb=1.24 "Not allowed for ephemeral containers (only init containers may set it)."
  volumeMounts []VolumeMount patch=merge key=mountPath list=map keys=mountPath pb=1.9 "Pod volumes mounted into the container; subPath mounts are not allowed. Cannot be updated."
  volumeDevices []VolumeDevice patch=merge key=devicePath list=map keys=devicePath pb=1.21 "Raw block devices (from PersistentVolumeClaims) exposed in the container."
  livenessProbe *Probe pb=1.10 "Not allowed for ephemeral containers."
  readinessProbe *Probe pb=1.11 "Not allowed for ephemeral containers."
  startupProbe *Probe pb=1.22 "Not allowed for ephemeral containers."
  lifecycle *Lifecycle pb=1.12 "Not allowed for ephemeral containers."
  terminationMessagePath string pb=1.13 "File whose contents become the container's termination message (at most 4096 bytes; 12 kB for all containers). Defaults to /dev/termination-log. Cannot be updated."
  terminationMessagePolicy TerminationMessagePolicy pb=1.20 "File (the default) reads terminationMessagePath only; FallbackToLogsOnError uses the log tail when the file is empty and the container failed. Cannot be updated."
  imagePullPolicy PullPolicy pb=1.14 "Always, Never or IfNotPresent; defaults to Always for :latest (or untagged) images and IfNotPresent otherwise. Cannot be updated."
  securityContext *SecurityContext pb=1.15 "Security settings of the ephemeral container; they override the pod's securityContext."
  stdin bool pb=1.16 "Keep a stdin buffer open for the container; reads fail with EOF otherwise. Defaults to false."
  stdinOnce bool pb=1.17 "Close stdin after the first attach session ends (with stdin true). Defaults to false."
  tty bool pb=1.18 "Allocate a TTY; needs stdin. Defaults to false."
  targetContainerName string pb=2 "Name of a pod container whose namespaces (IPC, PID...) this container joins; the runtime must support it. Unset uses the pod's namespaces."

type PodSecurityContext "Pod-level security settings; container securityContext fields of the same name take precedence."
  seLinuxOptions *SELinuxOptions pb=1 "SELinux context of all containers; random when unset. Not on Windows."
  windowsOptions *WindowsSecurityContextOptions pb=8 "Windows-specific settings of all containers. Windows only."
  runAsUser *int64 pb=2 "UID the containers' entrypoints run as; defaults to the image's user. Not on Windows."
  runAsGroup *int64 pb=6 "GID the containers' entrypoints run as; defaults to the runtime's. Not on Windows."
  runAsNonRoot *bool pb=3 "Require a non-root user; the kubelet refuses to start containers that would run as UID 0."
  supplementalGroups []int64 list=atomic pb=4 "Extra GIDs of the first process of each container, besides its primary GID and fsGroup. Not on Windows."
  supplementalGroupsPolicy *SupplementalGroupsPolicy pb=12 "Merge (the default: also use the groups of the user in the image's /etc/group) or Strict (only the listed ones). Alpha (SupplementalGroupsPolicy). Not on Windows."
  fsGroup *int64 pb=5 "Supplemental GID of all containers that also owns supporting volumes: their files are chowned to it and made group-writable (setgid). Not on Windows."
  sysctls []Sysctl list=atomic pb=7 "Namespaced kernel parameters set for the pod; unsupported ones make the pod fail to start. Not on Windows."
  fsGroupChangePolicy *PodFSGroupChangePolicy pb=9 "When volume ownership is changed to fsGroup: OnRootMismatch (only when the root differs) or Always (the default). Not on Windows."
  seccompProfile *SeccompProfile pb=10 "Seccomp profile of the containers. Not on Windows."
  appArmorProfile *AppArmorProfile pb=11 "AppArmor profile of the containers. Not on Windows."
  seLinuxChangePolicy *PodSELinuxChangePolicy pb=13 "How the SELinux label reaches volumes: MountOption (mount with -o context, volumes not shared with other labels) or Recursive (relabel every file). Alpha (SELinuxChangePolicy). Not on Windows."

type Sysctl "A kernel parameter to set."
  name string req pb=1 "Name of the parameter."
  value string req pb=2 "Value of the parameter."

type Affinity "Affinity and anti-affinity scheduling rules of a pod."
  nodeAffinity *NodeAffinity pb=1 "Rules on the labels of the node the pod runs on."
  podAffinity *PodAffinity pb=2 "Rules to place the pod in the same topology domain (node, zone...) as other pods."
  podAntiAffinity *PodAntiAffinity pb=3 "Rules to keep the pod out of topology domains running certain other pods."

type NodeAffinity "Scheduling rules on node labels."
  requiredDuringSchedulingIgnoredDuringExecution *NodeSelector pb=1 "Nodes the pod may be scheduled on; if they stop matching later, the pod keeps running."
  preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm list=atomic pb=2 "Weighted preferences for nodes; the scheduler prefers nodes with the highest sum of matching weights but may choose others."

type NodeSelector atomic "A union of node selector terms: a node matches when any term matches."
  nodeSelectorTerms []NodeSelectorTerm req list=atomic pb=1 "The terms, ORed. Required."

type NodeSelectorTerm atomic "A node selector term: all its requirements must hold; a null or empty term matches no node."
  matchExpressions []NodeSelectorRequirement list=atomic pb=1 "Requirements on node labels."
  matchFields []NodeSelectorRequirement list=atomic pb=2 "Requirements on node fields."

type NodeSelectorRequirement "One requirement of a node selector: a key, an operator and values."
  key string req pb=1 "The label (or field) key the requirement applies to."
  operator NodeSelectorOperator req pb=2 "How the key relates to the values: In, NotIn, Exists, DoesNotExist, Gt or Lt."
  values []string list=atomic pb=3 "Values for In and NotIn (not empty); empty for Exists and DoesNotExist; a single integer for Gt and Lt."

type PreferredSchedulingTerm "A weighted node preference. An empty term matches all nodes with weight 0; a null one matches none."
  weight int32 req pb=1 "Weight of the preference, 1-100."
  preference NodeSelectorTerm req pb=2 "The node selector term the weight applies to."

type PodAffinity "Rules to co-locate a pod with other pods."
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm list=atomic pb=1 "Terms that must all hold at scheduling time; later changes do not evict the pod."
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm list=atomic pb=2 "Weighted preferences; the scheduler prefers nodes with the highest sum of matching weights but may choose others."

type PodAffinityTerm "A set of pods (selected by labels within some namespaces) and the topology key that defines \"together\": same value of that node label."
  labelSelector *meta.LabelSelector pb=1 "Label query over the pods; null matches none."
  namespaces []string list=atomic pb=2 "Namespaces the term applies to, combined with namespaceSelector; empty and a null selector mean the pod's own namespace."
  topologyKey string req pb=3 "Node label whose value defines a topology domain (e.g. a zone); empty is not allowed."
  namespaceSelector *meta.LabelSelector pb=4 "Label query over namespaces, combined with namespaces; empty selects all namespaces."
  matchLabelKeys []string list=atomic pb=5 "Label keys of this pod whose values are added to labelSelector as key in (value) when matching. Beta (MatchLabelKeysInPodAffinity)."
  mismatchLabelKeys []string list=atomic pb=6 "Label keys of this pod whose values are added to labelSelector as key notin (value) when matching. Beta (MatchLabelKeysInPodAffinity)."

type WeightedPodAffinityTerm "A pod affinity term with a weight; weights of matching terms are summed per node."
  weight int32 req pb=1 "Weight of the term, 1-100."
  podAffinityTerm PodAffinityTerm req pb=2 "The pod affinity term the weight applies to."

type PodAntiAffinity "Rules to keep a pod away from other pods."
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm list=atomic pb=1 "Terms that must all hold at scheduling time; later changes do not evict the pod."
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm list=atomic pb=2 "Weighted preferences; the scheduler prefers nodes with the highest sum of matching weights but may choose others."

type Toleration "Lets a pod tolerate taints matching key, value and effect under the operator."
  key string pb=1 "Taint key to match; empty matches all keys (then operator must be Exists)."
  operator TolerationOperator pb=2 "Equal (the default) or Exists (wildcard for the value)."
  value string pb=3 "Taint value to match; empty with Exists."
  effect TaintEffect pb=4 "Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all."
  tolerationSeconds *int64 pb=5 "For NoExecute: how long the pod stays bound after the taint appears; unset means forever, zero or less evicts at once."

type HostAlias "An entry of the pod's /etc/hosts."
  ip string req pb=1 "IP address of the entry."
  hostnames []string list=atomic pb=2 "Hostnames of the IP address."

type PodDNSConfig "DNS settings of a pod on top of those from dnsPolicy."
  nameservers []string list=atomic pb=1 "Name server IPs, appended to the base ones (duplicates removed)."
  searches []string list=atomic pb=2 "Search domains, appended to the base ones (duplicates removed)."
  options []PodDNSConfigOption list=atomic pb=3 "Resolver options, merged with the base ones (entries here win)."

type PodDNSConfigOption "A resolver option."
  name string pb=1 "Name of the option. Required."
  value *string pb=2 "Value of the option."

type PodReadinessGate "A pod condition that must be True for the pod to be ready."
  conditionType PodConditionType req pb=1 "Type of the pod condition."

type TopologySpreadConstraint "How matching pods are spread over the domains of a topology key."
  maxSkew int32 req pb=1 "Most the number of matching pods may differ between domains (with DoNotSchedule), or the skew to minimise (with ScheduleAnyway). At least 1."
  topologyKey string req pb=2 "Node label whose values define the domains (nodes with the same value are one domain). Required."
  whenUnsatisfiable UnsatisfiableConstraintAction req pb=3 "DoNotSchedule (the default) refuses placements that break maxSkew; ScheduleAnyway only prefers those that reduce the skew."
  labelSelector *meta.LabelSelector pb=4 "Pods counted in each domain."
  minDomains *int32 pb=5 "Minimum number of eligible domains; with fewer, the global minimum counts as 0. Only with DoNotSchedule; defaults to 1."
  nodeAffinityPolicy *NodeInclusionPolicy pb=6 "Whether the pod's nodeAffinity and nodeSelector limit the domains counted: Honor (the default) or Ignore."
  nodeTaintsPolicy *NodeInclusionPolicy pb=7 "Whether node taints limit the domains counted: Honor (only nodes the pod tolerates) or Ignore (the default)."
  matchLabelKeys []string list=atomic pb=8 "Label keys of this pod whose values are ANDed into labelSelector when counting. Beta."

type PodOS "The operating system of a pod."
  name OSName req pb=1 "linux or windows."

type PodSchedulingGate "A gate that keeps a pod from being scheduled."
  name string req pb=1 "Name of the gate; unique within the pod."

type PodResourceClaim "A ResourceClaim used by the pod: an existing claim or one generated from a template."
  name string req pb=1 "Name of the entry within the pod, referenced by containers; a DNS label."
  resourceClaimName *string pb=3 "Name of an existing ResourceClaim in the pod's namespace; exactly one of this and resourceClaimTemplateName."
  resourceClaimTemplateName *string pb=4 "Name of a ResourceClaimTemplate in the pod's namespace from which a claim is generated for the pod (and deleted with it)."

type PodStatus "The observed state of a pod; it may trail the real state, for example when the node is unreachable."
  phase PodPhase pb=1 "High-level summary of the pod's lifecycle: Pending, Running, Succeeded, Failed or Unknown."
  conditions []PodCondition patch=merge key=type list=map keys=type pb=2 "The pod's current conditions (PodScheduled, Initialized, ContainersReady, Ready, ...)."
  message string pb=3 "Human readable details about why the pod is in this state."
  reason string pb=4 "Brief CamelCase reason for the pod's state, e.g. Evicted."
  nominatedNodeName string pb=11 "Node the pod is expected to run on after preempting other pods there; not a guarantee."
  hostIP string pb=5 "Primary IP of the node the pod is assigned to; empty until started."
  hostIPs []HostIP patch=merge key=ip list=atomic pb=16 "IPs of the node; the first equals hostIP, at most one per family."
  podIP string pb=6 "Primary IP allocated to the pod; empty until allocated."
  podIPs []PodIP patch=merge key=ip list=map keys=ip pb=12 "IPs allocated to the pod; the first equals podIP, at most one per family."
  startTime *meta.Time pb=7 "When the kubelet acknowledged the pod, before pulling images."
  initContainerStatuses []ContainerStatus list=atomic pb=10 "Status of each init container."
  containerStatuses []ContainerStatus list=atomic pb=8 "Status of each app container."
  qosClass PodQOSClass pb=9 "Quality of service class from the resource requirements: Guaranteed, Burstable or BestEffort."
  ephemeralContainerStatuses []ContainerStatus list=atomic pb=13 "Status of each ephemeral container."
  resize PodResizeStatus pb=14 "State of a pending in-place resize: Proposed, InProgress, Deferred or Infeasible; empty when none."
  resourceClaimStatuses []PodResourceClaimStatus patch=merge,retainKeys key=name list=map keys=name pb=15 "Names of the ResourceClaims generated for the pod."

type PodCondition "One condition of a pod."
  type PodConditionType req pb=1 "Type of the condition."
  status ConditionStatus req pb=2 "True, False or Unknown."
  lastProbeTime meta.Time pb=3 "When the condition was last probed."
  lastTransitionTime meta.Time pb=4 "When the status last changed."
  reason string pb=5 "CamelCase reason for the last transition."
  message string pb=6 "Human readable details about the last transition."

type HostIP "An IP address of the pod's node."
  ip string req pb=1 "The IP address."

type PodIP "An IP address of the pod."
  ip string req pb=1 "The IP address."

type ContainerStatus "The observed state of one container of a pod."
  name string req pb=1 "Name of the container, as in the spec."
  state ContainerState pb=2 "Current state: waiting, running or terminated."
  lastState ContainerState pb=3 "Last termination state, for debugging crashes and restarts; empty if the container has not terminated."
  ready bool req pb=4 "Whether the container passes its readiness probe (true without one)."
  restartCount int32 req pb=5 "Number of restarts, kept across kubelet restarts while the pod is alive."
  image string req pb=6 "Image the container runs, possibly resolved from the spec's image."
  imageID string req pb=7 "ID of the image the container runs."
  containerID string pb=8 "ID of the container as <runtime>://<id>."
  started *bool pb=9 "Whether the container passed its startup probe and postStart hook (true without them); false while restarting."
  allocatedResources ResourceList pb=10 "Resources the node allocated to the container."
  resources *ResourceRequirements pb=11 "Requests and limits currently applied to the running container."
  volumeMounts []VolumeMountStatus patch=merge key=mountPath list=map keys=mountPath pb=12 "Status of the container's volume mounts."
  user *ContainerUser pb=13 "Identity of the container's first process (UID, GID, groups)."
  allocatedResourcesStatus []ResourceStatus patch=merge key=name list=map keys=name pb=14 "Health of the resources allocated to the container."

type ContainerState "The state of a container; at most one field is set, none means waiting."
  waiting *ContainerStateWaiting pb=1 "Set while the container is not yet running."
  running *ContainerStateRunning pb=2 "Set while the container is running."
  terminated *ContainerStateTerminated pb=3 "Set once the container has terminated."

type ContainerStateWaiting "A container that is not running yet."
  reason string pb=1 "Brief reason it is not running (ContainerCreating, ImagePullBackOff, CrashLoopBackOff, ...)."
  message string pb=2 "Details about why it is not running."

type ContainerStateRunning "A running container."
  startedAt meta.Time pb=1 "When the container was last (re)started."

type ContainerStateTerminated "A terminated container."
  exitCode int32 req pb=1 "Exit status of the last run."
  signal int32 pb=2 "Signal that ended the last run."
  reason string pb=3 "Brief reason of the termination (Completed, Error, OOMKilled, ...)."
  message string pb=4 "Details about the termination."
  startedAt meta.Time pb=5 "When the last run started."
  finishedAt meta.Time pb=6 "When the container last terminated."
  containerID string pb=7 "ID of the container as <runtime>://<id>."

type VolumeMountStatus "The state of a container's volume mount."
  name string req pb=1 "Name of the VolumeMount."
  mountPath string req pb=2 "Mount path of the VolumeMount."
  readOnly bool pb=3 "readOnly of the VolumeMount."
  recursiveReadOnly *RecursiveReadOnlyMode pb=4 "Disabled or Enabled (IfPossible resolves to one of them); unset for writable mounts."

type ContainerUser "Identity of a container's first process."
  linux *LinuxContainerUser pb=1 "The Linux identity; unset on Windows."

type LinuxContainerUser "The Linux identity of a container's first process."
  uid int64 req pb=1 "Primary UID."
  gid int64 req pb=2 "Primary GID."
  supplementalGroups []int64 list=atomic pb=3 "Supplemental GIDs."

type ResourceStatus "Health of one resource allocated to a container."
  name ResourceName req pb=1 "Name of the resource: a container resource name or claim:<claim>/<request>; unique in the pod."
  resources []ResourceHealth list=map keys=resourceID pb=2 "Health of each unique resource ID."

type ResourceHealth "The latest health of one resource (device)."
  resourceID ResourceID req pb=1 "Unique ID of the resource."
  health ResourceHealthStatus pb=2 "Healthy, Unhealthy or Unknown."

type PodResourceClaimStatus "The ResourceClaim generated for one pod resource claim entry."
  name string req pb=1 "Name of the entry in spec.resourceClaims."
  resourceClaimName *string pb=2 "Name of the generated ResourceClaim; unset when none is needed."

type PodList gvk=/v1/PodList "A list of Pods."
  @list
  items []Pod req pb=2 "The Pods."

type Service gvk=/v1/Service "A stable virtual IP and DNS name for a set of pods (selected by labels), with port mapping and load balancing; or an alias of an external name."
  @object
  spec ServiceSpec pb=2 "The desired behaviour of the Service."
  status ServiceStatus pb=3 "The observed state of the Service. Read-only."

type ServiceSpec "The desired behaviour of a Service."
  ports []ServicePort patch=merge key=port list=map keys=port,protocol pb=1 "Ports the Service exposes."
  selector {}string map=atomic pb=2 "Labels of the pods traffic is routed to; without it, endpoints are managed externally. Ignored for ExternalName."
  clusterIP string pb=3 "Virtual IP of the Service, usually allocated; \"None\" makes it headless (no proxying, DNS returns the pod IPs). Immutable except to or from ExternalName."
  clusterIPs []string list=atomic pb=18 "Virtual IPs of the Service, one per IP family; the first equals clusterIP. Usually allocated."
  type ServiceType pb=4 "ClusterIP (the default: an internal virtual IP), NodePort (also a port on every node), LoadBalancer (also an external load balancer) or ExternalName (a DNS CNAME)."
  externalIPs []string list=atomic pb=5 "Extra IPs nodes accept traffic for on the Service's ports; not managed by the cluster."
  sessionAffinity ServiceAffinity pb=7 "ClientIP (send each client to the same pod) or None (the default)."
  loadBalancerIP string pb=8 "Requested load balancer IP, if the provider supports it. Deprecated."
  loadBalancerSourceRanges []string list=atomic pb=9 "Client CIDRs allowed through the load balancer, if supported."
  externalName string pb=10 "DNS name returned as a CNAME for an ExternalName Service; a lowercase RFC 1123 hostname."
  externalTrafficPolicy ServiceExternalTrafficPolicy pb=11 "How external traffic (node ports, load balancer IPs) is routed: Cluster (any ready endpoint, the default) or Local (only endpoints on the receiving node, keeping the client IP)."
  healthCheckNodePort int32 pb=12 "Health check node port for LoadBalancer Services with externalTrafficPolicy Local; allocated when unset."
  publishNotReadyAddresses bool pb=13 "Publish endpoints of pods that are not ready too (e.g. for StatefulSet peer discovery through a headless Service)."
  sessionAffinityConfig *SessionAffinityConfig pb=14 "Settings of session affinity."
  ipFamilies []IPFamily list=atomic pb=19 "IP families (IPv4, IPv6) of the Service, usually assigned from ipFamilyPolicy and the cluster."
  ipFamilyPolicy *IPFamilyPolicy pb=17 "SingleStack (the default), PreferDualStack or RequireDualStack."
  allocateLoadBalancerNodePorts *bool pb=20 "Whether LoadBalancer Services get node ports. Defaults to true."
  loadBalancerClass *string pb=21 "Load balancer implementation for LoadBalancer Services; unset uses the cloud provider's. Immutable."
  internalTrafficPolicy *ServiceInternalTrafficPolicy pb=22 "How traffic to the cluster IP is routed: Cluster (any endpoint, the default) or Local (only endpoints on the same node)."
  trafficDistribution *string pb=23 "Preference for routing to endpoints, e.g. PreferClose (topologically close ones). Unset means no preference."

type ServicePort "A port of a Service."
  name string pb=1 "Name of the port, a DNS label unique within the Service; required with several ports. Matches the endpoints' port names."
  protocol Protocol default="TCP" pb=2 "TCP (the default), UDP or SCTP."
  appProtocol *string pb=6 "Application protocol of the port: an IANA service name, a kubernetes.io/ protocol (h2c, ws, wss) or a domain-prefixed name."
  port int32 req pb=3 "Port the Service exposes."
  targetPort intstr.IntOrString pb=4 "Port number or named container port on the pods; defaults to port. Ignored with clusterIP None."
  nodePort int32 pb=5 "Port on every node for NodePort and LoadBalancer Services; usually allocated."

type SessionAffinityConfig "Settings of session affinity."
  clientIP *ClientIPConfig pb=1 "Settings of ClientIP affinity."

type ClientIPConfig "Settings of ClientIP session affinity."
  timeoutSeconds *int32 pb=1 "How long a client stays with a pod, 1-86400 seconds. Defaults to 10800 (3 hours)."

type ServiceStatus "The observed state of a Service."
  loadBalancer LoadBalancerStatus pb=1 "State of the load balancer, if any."
  conditions []meta.Condition patch=merge key=type list=map keys=type pb=2 "The current conditions of the Service."

type LoadBalancerStatus "The state of a load balancer."
  ingress []LoadBalancerIngress list=atomic pb=1 "Ingress points of the load balancer."

type LoadBalancerIngress "An ingress point of a load balancer."
  ip string pb=1 "IP of the ingress point, for IP based load balancers."
  hostname string pb=2 "Hostname of the ingress point, for DNS based load balancers."
  ipMode *LoadBalancerIPMode pb=3 "VIP (traffic arrives addressed to the load balancer IP) or Proxy (to the node or pod); only with ip."
  ports []PortStatus list=atomic pb=4 "Status of each Service port."

type PortStatus "The state of one Service port on a load balancer."
  port int32 req pb=1 "Port number."
  protocol Protocol req pb=2 "TCP, UDP or SCTP."
  error *string pb=3 "Problem with the port, as a CamelCase reason; empty when fine."

type ServiceList gvk=/v1/ServiceList "A list of Services."
  @list
  items []Service req pb=2 "The Services."

type Endpoints gvk=/v1/Endpoints "The network endpoints of a Service: groups of addresses with the ports they serve. Superseded by EndpointSlices for most uses."
  @object
  subsets []EndpointSubset list=atomic pb=2 "The endpoints, grouped by the ports they share; the full set is the union of all subsets."

type EndpointSubset "Addresses sharing a set of ports; every address serves every port."
  addresses []EndpointAddress list=atomic pb=1 "Ready addresses, safe for load balancers and clients."
  notReadyAddresses []EndpointAddress list=atomic pb=2 "Addresses that are not ready yet (starting, or failing readiness checks)."
  ports []EndpointPort list=atomic pb=3 "Ports served by the addresses."

type EndpointAddress atomic "One endpoint address."
  ip string req pb=1 "IP of the endpoint; not loopback or link-local."
  hostname string pb=3 "Hostname of the endpoint."
  nodeName *string pb=4 "Node hosting the endpoint."
  targetRef *ObjectReference pb=2 "The object providing the endpoint, usually a Pod."

type ObjectReference atomic "A reference to an object, or to a field of one."
  kind string pb=1 "Kind of the object."
  namespace string pb=2 "Namespace of the object."
  name string pb=3 "Name of the object."
  uid meta.UID pb=4 "UID of the object."
  apiVersion string pb=5 "API version of the object."
  resourceVersion string pb=6 "resourceVersion of the object the reference was made at, if any."
  fieldPath string pb=7 "Path of a part of the object, e.g. spec.containers{name}, when the reference is to that part."

type EndpointPort atomic "A port served by endpoint addresses."
  name string pb=1 "Name of the port, matching the Service port's name; optional with a single port."
  port int32 req pb=2 "Port number."
  protocol Protocol pb=3 "UDP, TCP (the default) or SCTP."
  appProtocol *string pb=4 "Application protocol of the port: an IANA service name, a kubernetes.io/ protocol (h2c, ws, wss) or a domain-prefixed name."

type EndpointsList gvk=/v1/EndpointsList "A list of Endpoints."
  @list
  items []Endpoints req pb=2 "The Endpoints."

type PersistentVolumeClaim gvk=/v1/PersistentVolumeClaim "A request for storage: size, access modes and class; bound to a PersistentVolume that satisfies it."
  @object
  spec PersistentVolumeClaimSpec pb=2 "The storage requested."
  status PersistentVolumeClaimStatus pb=3 "The observed state of the claim. Read-only."

type PersistentVolumeClaimStatus "The observed state of a PersistentVolumeClaim."
  phase PersistentVolumeClaimPhase pb=1 "Pending, Bound or Lost."
  accessModes []PersistentVolumeAccessMode list=atomic pb=2 "Access modes of the bound volume."
  capacity ResourceList pb=3 "Capacity of the bound volume."
  conditions []PersistentVolumeClaimCondition patch=merge key=type list=map keys=type pb=4 "Current conditions, e.g. Resizing while the volume expands."
  allocatedResources ResourceList pb=5 "Resources allocated to the claim, including capacity being expanded to."
  allocatedResourceStatuses {ResourceName}ClaimResourceStatus map=granular pb=7 "State of each resource being resized (ControllerResizeInProgress, NodeResizePending, ...)."
  currentVolumeAttributesClassName *string pb=8 "VolumeAttributesClass currently applied to the claim. Beta (VolumeAttributesClass)."
  modifyVolumeStatus *ModifyVolumeStatus pb=9 "State of a pending volume modification (ControllerModifyVolume); unset when none. Beta (VolumeAttributesClass)."

type PersistentVolumeClaimCondition "One condition of a PersistentVolumeClaim."
  type PersistentVolumeClaimConditionType req pb=1 "Type of the condition."
  status ConditionStatus req pb=2 "True, False or Unknown."
  lastProbeTime meta.Time pb=3 "When the condition was last probed."
  lastTransitionTime meta.Time pb=4 "When the status last changed."
  reason string pb=5 "Short machine readable reason for the last transition, e.g. Resizing."
  message string pb=6 "Human readable details about the last transition."

type ModifyVolumeStatus "The state of a pending volume modification."
  targetVolumeAttributesClassName string pb=1 "VolumeAttributesClass being applied."
  status PersistentVolumeClaimModifyVolumeStatus req pb=2 "Pending (waiting, e.g. for the class to exist), InProgress or Infeasible (rejected by the driver)."

type PersistentVolumeClaimList gvk=/v1/PersistentVolumeClaimList "A list of PersistentVolumeClaims."
  @list
  items []PersistentVolumeClaim req pb=2 "The PersistentVolumeClaims."

type PersistentVolume gvk=/v1/PersistentVolume "A piece of storage in the cluster, provisioned by an administrator or dynamically through a StorageClass, and bound to at most one claim. Not namespaced."
  @object
  spec PersistentVolumeSpec pb=2 "The volume's capacity, source and access modes."
  status PersistentVolumeStatus pb=3 "The observed state of the volume. Read-only."

type PersistentVolumeSpec "The description of a persistent volume; exactly one volume source is set."
  capacity ResourceList pb=1 "Resources of the volume, e.g. storage."
  gcePersistentDisk *GCEPersistentDiskVolumeSource pb=2.1 "A GCE persistent disk attached to the node. Deprecated: handled by the pd.csi.storage.gke.io CSI driver."
  awsElasticBlockStore *AWSElasticBlockStoreVolumeSource pb=2.2 "An AWS EBS disk attached to the node. Deprecated: handled by the ebs.csi.aws.com CSI driver."
  hostPath *HostPathVolumeSource pb=2.3 "A directory on the node; for single-node development and testing only."
  glusterfs *GlusterfsPersistentVolumeSource pb=2.4 "A Glusterfs volume. Deprecated; no longer supported."
  nfs *NFSVolumeSource pb=2.5 "An NFS export."
  rbd *RBDPersistentVolumeSource pb=2.6 "A Ceph RBD image. Deprecated; no longer supported."
  iscsi *ISCSIPersistentVolumeSource pb=2.7 "An iSCSI disk attached to the node."
  cinder *CinderPersistentVolumeSource pb=2.8 "An OpenStack Cinder volume. Deprecated: handled by the cinder.csi.openstack.org CSI driver."
  cephfs *CephFSPersistentVolumeSource pb=2.9 "A CephFS mount. Deprecated; no longer supported."
  fc *FCVolumeSource pb=2.10 "A Fibre Channel volume attached to the node."
  flocker *FlockerVolumeSource pb=2.11 "A Flocker dataset. Deprecated; no longer supported."
  flexVolume *FlexPersistentVolumeSource pb=2.12 "A volume handled by an exec-based FlexVolume plugin. Deprecated: use a CSI driver."
  azureFile *AzureFilePersistentVolumeSource pb=2.13 "An Azure File share. Deprecated: handled by the file.csi.azure.com CSI driver."
  vsphereVolume *VsphereVirtualDiskVolumeSource pb=2.14 "A vSphere volume. Deprecated: handled by the csi.vsphere.vmware.com CSI driver."
  quobyte *QuobyteVolumeSource pb=2.15 "A Quobyte volume. Deprecated; no longer supported."
  azureDisk *AzureDiskVolumeSource pb=2.16 "An Azure data disk. Deprecated: handled by the disk.csi.azure.com CSI driver."
  photonPersistentDisk *PhotonPersistentDiskVolumeSource pb=2.17 "A Photon Controller persistent disk. Deprecated; no longer supported."
  portworxVolume *PortworxVolumeSource pb=2.18 "A Portworx volume. Deprecated: handled by the pxd.portworx.com CSI driver."
  scaleIO *ScaleIOPersistentVolumeSource pb=2.19 "A ScaleIO volume. Deprecated; no longer supported."
  local *LocalVolumeSource pb=2.20 "Storage directly attached to a node (a directory or block device), used with nodeAffinity."
  storageos *StorageOSPersistentVolumeSource pb=2.21 "A StorageOS volume. Deprecated; no longer supported."
  csi *CSIPersistentVolumeSource pb=2.22 "A volume managed by an external CSI driver."
  accessModes []PersistentVolumeAccessMode list=atomic pb=3 "Ways the volume can be mounted (ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod)."
  claimRef *ObjectReference map=granular pb=4 "The claim bound to the volume (both sides of the binding); may be set in advance to reserve the volume for a claim."
  persistentVolumeReclaimPolicy PersistentVolumeReclaimPolicy pb=5 "What happens once the claim is released: Retain (keep it for manual reclamation), Delete (delete the storage) or Recycle (deprecated scrub). Defaults to Retain, or Delete for provisioned volumes."
  storageClassName string pb=6 "StorageClass of the volume; empty means no class."
  mountOptions []string list=atomic pb=7 "Mount options, e.g. [\"ro\", \"soft\"]; not validated, a bad option fails the mount."
  volumeMode *PersistentVolumeMode pb=8 "Filesystem (the default) or Block."
  nodeAffinity *VolumeNodeAffinity pb=9 "Nodes the volume can be used from; pods using it are scheduled accordingly."
  volumeAttributesClassName *string pb=10 "VolumeAttributesClass of the volume; not empty when set. Beta (VolumeAttributesClass)."

type GlusterfsPersistentVolumeSource "A Glusterfs volume. Deprecated."
  endpoints string req pb=1 "Name of the Endpoints object describing the Glusterfs cluster."
  path string req pb=2 "Glusterfs volume path."
  readOnly bool pb=3 "Mount read-only. Defaults to false."
  endpointsNamespace *string pb=4 "Namespace of the Endpoints object; defaults to the claim's namespace."

type RBDPersistentVolumeSource "A Ceph RBD image. Deprecated."
  monitors []string req list=atomic pb=1 "Ceph monitors."
  image string req pb=2 "Name of the RBD image."
  fsType string pb=3 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  pool string default="rbd" pb=4 "RADOS pool. Defaults to rbd."
  user string default="admin" pb=5 "RADOS user. Defaults to admin."
  keyring string default="/etc/ceph/keyring" pb=6 "Path to the user's keyring. Defaults to /etc/ceph/keyring."
  secretRef *SecretReference pb=7 "Secret with the user's key; overrides keyring."
  readOnly bool pb=8 "Force read-only mounts. Defaults to false."

type SecretReference atomic "A reference to a Secret in any namespace."
  name string pb=1 "Name of the Secret."
  namespace string pb=2 "Namespace of the Secret."

type ISCSIPersistentVolumeSource "An iSCSI disk; mountable read/write by one node only."
  targetPortal string req pb=1 "Target portal: an IP, or ip:port when not the default port 3260."
  iqn string req pb=2 "iSCSI qualified name of the target."
  lun int32 req pb=3 "Target LUN number."
  iscsiInterface string default="default" pb=4 "iSCSI interface name (transport). Defaults to \"default\" (TCP)."
  fsType string pb=5 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=6 "Force read-only mounts. Defaults to false."
  portals []string list=atomic pb=7 "Additional target portals: IPs, or ip:port when not the default port."
  chapAuthDiscovery bool pb=8 "Use CHAP authentication for discovery."
  chapAuthSession bool pb=11 "Use CHAP authentication for the session."
  secretRef *SecretReference pb=10 "Secret with the CHAP credentials."
  initiatorName *string pb=12 "Custom initiator name; with iscsiInterface, a new interface <portal>:<volume> is created."

type CinderPersistentVolumeSource "An OpenStack Cinder volume; it must exist first."
  volumeID string req pb=1 "ID of the Cinder volume."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=3 "Force read-only mounts. Defaults to false."
  secretRef *SecretReference pb=4 "Secret with the parameters for connecting to OpenStack."

type CephFSPersistentVolumeSource "A CephFS mount. Deprecated."
  monitors []string req list=atomic pb=1 "Ceph monitors."
  path string pb=2 "Root of the mount within the Ceph tree. Defaults to /."
  user string pb=3 "RADOS user. Defaults to admin."
  secretFile string pb=4 "Path to the user's keyring. Defaults to /etc/ceph/user.secret."
  secretRef *SecretReference pb=5 "Secret with the user's key."
  readOnly bool pb=6 "Force read-only mounts. Defaults to false."

type FlexPersistentVolumeSource "A persistent volume provisioned and attached by an exec-based FlexVolume plugin."
  driver string req pb=1 "Name of the driver."
  fsType string pb=2 "Filesystem type to mount, supported by the node's OS; the default depends on the driver."
  secretRef *SecretReference pb=3 "Secret with sensitive data passed to the plugin; may be empty."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."
  options {}string pb=5 "Extra options for the driver."

type AzureFilePersistentVolumeSource "An Azure File share."
  secretName string req pb=1 "Secret holding the storage account name and key."
  shareName string req pb=2 "Name of the share."
  readOnly bool pb=3 "Force read-only mounts. Defaults to false."
  secretNamespace *string always pb=4 "Namespace of the secret; defaults to the pod's namespace."

type ScaleIOPersistentVolumeSource "A ScaleIO persistent volume. Deprecated."
  gateway string req pb=1 "Host address of the ScaleIO API gateway."
  system string req pb=2 "Name of the storage system configured in ScaleIO."
  secretRef *SecretReference req pb=3 "Secret with the ScaleIO user credentials; without it login fails."
  sslEnabled bool pb=4 "Use SSL to talk to the gateway. Defaults to false."
  protectionDomain string pb=5 "ScaleIO protection domain of the storage."
  storagePool string pb=6 "ScaleIO storage pool of the protection domain."
  storageMode string default="ThinProvisioned" pb=7 "ThickProvisioned or ThinProvisioned (the default)."
  volumeName string pb=8 "Name of an existing volume in the ScaleIO system."
  fsType string default="xfs" pb=9 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"). Defaults to xfs."
  readOnly bool pb=10 "Force read-only mounts. Defaults to false."

type LocalVolumeSource "Storage directly attached to a node."
  path string req pb=1 "Full path of the directory or block device (disk, partition) on the node."
  fsType *string pb=2 "Filesystem type when path is a block device (\"ext4\", \"xfs\", \"ntfs\"); defaults to one the node supports."

type StorageOSPersistentVolumeSource "A StorageOS volume. Deprecated."
  volumeName string pb=1 "Name of the StorageOS volume, unique within its StorageOS namespace."
  volumeNamespace string pb=2 "StorageOS namespace of the volume; defaults to the pod's namespace (\"default\" to opt out of namespaces)."
  fsType string pb=3 "Filesystem type to mount, supported by the node's OS (\"ext4\", \"xfs\", \"ntfs\"); \"ext4\" when unset."
  readOnly bool pb=4 "Force read-only mounts. Defaults to false."
  secretRef *ObjectReference pb=5 "Secret with the StorageOS API credentials; defaults are used when unset."

type CSIPersistentVolumeSource "Storage managed by an external CSI driver."
  driver string req pb=1 "Name of the CSI driver. Required."
  volumeHandle string req pb=2 "ID the driver returned from CreateVolume, used to refer to the volume in all calls. Required."
  readOnly bool pb=3 "Publish the volume read-only (ControllerPublishVolume). Defaults to false."
  fsType string pb=4 "Filesystem type to mount (\"ext4\", \"xfs\", \"ntfs\")."
  volumeAttributes {}string pb=5 "Attributes of the volume passed to the driver."
  controllerPublishSecretRef *SecretReference pb=6 "Secret passed to ControllerPublishVolume and ControllerUnpublishVolume."
  nodeStageSecretRef *SecretReference pb=7 "Secret passed to NodeStageVolume and NodeUnstageVolume."
  nodePublishSecretRef *SecretReference pb=8 "Secret passed to NodePublishVolume."
  controllerExpandSecretRef *SecretReference pb=9 "Secret passed to ControllerExpandVolume."
  nodeExpandSecretRef *SecretReference pb=10 "Secret passed to NodeExpandVolume."

type VolumeNodeAffinity "Nodes a volume can be accessed from."
  required *NodeSelector pb=1 "Node constraints that must be met."

type PersistentVolumeStatus "The observed state of a PersistentVolume."
  phase PersistentVolumePhase pb=1 "Pending, Available (free), Bound, Released (claim deleted, not yet reclaimed) or Failed."
  message string pb=2 "Human readable details about the volume's state."
  reason string pb=3 "Brief CamelCase reason of a failure."
  lastPhaseTransitionTime *meta.Time pb=4 "When the phase last changed."

type PersistentVolumeList gvk=/v1/PersistentVolumeList "A list of PersistentVolumes."
  @list
  items []PersistentVolume req pb=2 "The PersistentVolumes."

type Event gvk=/v1/Event "A report of something that happened to an object, kept for a limited time. Not an authoritative record: rely on it for information only."
  @typemeta
  metadata meta.ObjectMeta req pb=1 "Standard object metadata."
  involvedObject ObjectReference req pb=2 "The object the event is about."
  reason string pb=3 "Short machine readable reason for the event, e.g. Scheduled or BackOff."
  message string pb=4 "Human readable description of what happened."
  source EventSource pb=5 "The component that reported the event."
  firstTimestamp meta.Time pb=6 "When the event was first recorded."
  lastTimestamp meta.Time pb=7 "When the event was last recorded."
  count int32 pb=8 "Number of occurrences."
  type string pb=9 "Normal or Warning; more types may be added."
  eventTime meta.MicroTime pb=10 "When the event was first observed, with microseconds."
  series *EventSeries pb=11 "Data about the series this event belongs to; unset for a one-off event."
  action string pb=12 "What was done (or failed) to the object."
  related *ObjectReference pb=13 "A secondary object involved."
  reportingComponent string always pb=14 "Name of the controller that emitted the event, e.g. kubernetes.io/kubelet."
  reportingInstance string always pb=15 "ID of the emitting controller instance, e.g. kubelet-xyzf."

type EventSource "The component that reported an event."
  component string pb=1 "Name of the component."
  host string pb=2 "Node the event was generated on."

type EventSeries "A series of repeating events."
  count int32 pb=1 "Number of occurrences up to the last heartbeat."
  lastObservedTime meta.MicroTime pb=2 "When the last occurrence was seen."

type EventList gvk=/v1/EventList "A list of Events."
  @list
  items []Event req pb=2 "The Events."

type ConfigMap gvk=/v1/ConfigMap "Non-confidential configuration data for pods: strings in data, bytes in binaryData."
  @object
  immutable *bool pb=4 "When true, data and binaryData can no longer be changed (only metadata); the object must be recreated instead."
  data {}string pb=2 "UTF-8 configuration values by key; keys are alphanumerics, '-', '_' or '.', distinct from binaryData keys."
  binaryData {}bytes pb=3 "Binary configuration values by key, base64 in JSON; keys are alphanumerics, '-', '_' or '.', distinct from data keys."

type ConfigMapList gvk=/v1/ConfigMapList "A list of ConfigMaps."
  @list
  items []ConfigMap req pb=2 "The ConfigMaps."

type Secret gvk=/v1/Secret "Confidential data of a given type, such as passwords, tokens or keys; at most 1 MiB."
  @object
  immutable *bool pb=5 "When true, data can no longer be changed (only metadata); the object must be recreated instead."
  data {}bytes pb=2 "Secret values by key, base64 in JSON; keys are alphanumerics, '-', '_' or '.'."
  stringData {}string pb=4 "Write-only convenience: string values merged into data on write (winning over data); never returned on reads."
  type SecretType pb=3 "Type of the secret, for programmatic handling, e.g. Opaque or kubernetes.io/tls."

type SecretList gvk=/v1/SecretList "A list of Secrets."
  @list
  items []Secret req pb=2 "The Secrets."

type ServiceAccount gvk=/v1/ServiceAccount "An identity for processes running in pods, with its API credentials and image pull secrets."
  @object
  secrets []ObjectReference patch=merge key=name list=map keys=name pb=2 "Deprecated: secrets that pods of this account may use; tokens are no longer auto-generated into it."
  imagePullSecrets []LocalObjectReference list=atomic pb=3 "Secrets with registry credentials added to the pods of this account."
  automountServiceAccountToken *bool pb=4 "Whether pods of this account get an API token mounted; the pod's own setting wins."

type ServiceAccountList gvk=/v1/ServiceAccountList "A list of ServiceAccounts."
  @list
  items []ServiceAccount req pb=2 "The ServiceAccounts."

type Node gvk=/v1/Node "A machine (worker) that runs pods. Not namespaced."
  @object
  spec NodeSpec pb=2 "The desired configuration of the node."
  status NodeStatus pb=3 "The observed state of the node. Read-only."

type NodeSpec "The configuration of a node."
  podCIDR string pb=1 "Pod IP range assigned to the node."
  podCIDRs []string patch=merge list=set pb=7 "Pod IP ranges of the node, at most one per family; the first equals podCIDR."
  providerID string pb=3 "Cloud provider ID of the node, <provider>://<id>."
  unschedulable bool pb=4 "Do not schedule new pods on the node (cordon). Defaults to false."
  taints []Taint list=atomic pb=5 "Taints of the node."
  configSource *NodeConfigSource pb=6 "Deprecated (dynamic kubelet configuration was removed)."
  externalID string pb=2 "Deprecated."

type Taint "Repels pods that do not tolerate it from the node, with an effect."
  key string req pb=1 "Key of the taint. Required."
  value string pb=2 "Value of the taint."
  effect TaintEffect req pb=3 "NoSchedule, PreferNoSchedule or NoExecute (also evicts running pods). Required."
  timeAdded *meta.Time pb=4 "When the taint was added; only for NoExecute."

type NodeConfigSource "Deprecated source of a node's kubelet configuration."
  configMap *ConfigMapNodeConfigSource pb=2 "A ConfigMap holding the configuration."

type ConfigMapNodeConfigSource "A ConfigMap used as a node's kubelet configuration. Deprecated."
  namespace string req pb=1 "Namespace of the ConfigMap. Required."
  name string req pb=2 "Name of the ConfigMap. Required."
  uid meta.UID pb=3 "UID of the ConfigMap; forbidden in the spec, required in the status."
  resourceVersion string pb=4 "resourceVersion of the ConfigMap; forbidden in the spec, required in the status."
  kubeletConfigKey string req pb=5 "Key of the ConfigMap that holds the KubeletConfiguration. Required."

type NodeStatus "The observed state of a node."
  capacity ResourceList pb=1 "Total resources of the node."
  allocatable ResourceList pb=2 "Resources available to pods; defaults to capacity."
  phase NodePhase pb=3 "Deprecated and never set."
  conditions []NodeCondition patch=merge key=type list=map keys=type pb=4 "Current conditions of the node (Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable)."
  addresses []NodeAddress patch=merge key=type list=map keys=type pb=5 "Addresses of the node (InternalIP, ExternalIP, Hostname)."
  daemonEndpoints NodeDaemonEndpoints pb=6 "Ports of the daemons on the node."
  nodeInfo NodeSystemInfo pb=7 "Identity and versions of the node."
  images []ContainerImage list=atomic pb=8 "Container images present on the node."
  volumesInUse []UniqueVolumeName list=atomic pb=9 "Attachable volumes mounted by the node."
  volumesAttached []AttachedVolume list=atomic pb=10 "Volumes attached to the node."
  config *NodeConfigStatus pb=11 "Deprecated status of dynamic kubelet configuration."
  runtimeHandlers []NodeRuntimeHandler list=atomic pb=12 "Runtime handlers the node offers."
  features *NodeFeatures pb=13 "Features the container runtime implements."

type NodeCondition "One condition of a node."
  type NodeConditionType req pb=1 "Type of the condition."
  status ConditionStatus req pb=2 "True, False or Unknown."
  lastHeartbeatTime meta.Time pb=3 "When the condition was last reported."
  lastTransitionTime meta.Time pb=4 "When the status last changed."
  reason string pb=5 "Brief reason for the last transition."
  message string pb=6 "Human readable details about the last transition."

type NodeAddress "An address of a node."
  type NodeAddressType req pb=1 "Hostname, ExternalIP, InternalIP, ExternalDNS or InternalDNS."
  address string req pb=2 "The address."

type NodeDaemonEndpoints "Ports of the daemons on a node."
  kubeletEndpoint DaemonEndpoint pb=1 "The kubelet's endpoint."

type DaemonEndpoint "The endpoint of one daemon."
  Port int32 req pb=1 "Port number."

type NodeSystemInfo "Identity and software versions of a node."
  machineID string req pb=1 "Machine ID of the node (/etc/machine-id); preferred for identifying machines."
  systemUUID string req pb=2 "System UUID of the node, as reported by the hardware."
  bootID string req pb=3 "ID of the node's current boot."
  kernelVersion string req pb=4 "Kernel version (uname -r)."
  osImage string req pb=5 "OS image (from /etc/os-release)."
  containerRuntimeVersion string req pb=6 "Container runtime and version, e.g. containerd://1.7.0."
  kubeletVersion string req pb=7 "Version of the kubelet (node agent)."
  kubeProxyVersion string req pb=8 "Deprecated; not reliable."
  operatingSystem string req pb=9 "Operating system, e.g. linux."
  architecture string req pb=10 "CPU architecture, e.g. amd64."

type ContainerImage "A container image on a node."
  names []string always list=atomic pb=1 "Names the image is known by."
  sizeBytes int64 pb=2 "Size of the image in bytes."

type AttachedVolume "A volume attached to a node."
  name UniqueVolumeName req pb=1 "Name of the volume."
  devicePath string req pb=2 "Device path where the volume is available."

type NodeConfigStatus "Deprecated status of dynamic kubelet configuration."
  assigned *NodeConfigSource pb=1 "The configuration the node will try to use."
  active *NodeConfigSource pb=2 "The configuration the node is using."
  lastKnownGood *NodeConfigSource pb=3 "The configuration the node falls back to on errors."
  error string pb=4 "Problems applying the configuration."

type NodeRuntimeHandler "A runtime handler offered by a node."
  name string always pb=1 "Name of the handler; empty for the default."
  features *NodeRuntimeHandlerFeatures pb=2 "Features of the handler."

type NodeRuntimeHandlerFeatures "Features of a runtime handler."
  recursiveReadOnlyMounts *bool pb=1 "Supports recursive read-only mounts."
  userNamespaces *bool pb=2 "Supports user namespaces, including for volumes."

type NodeFeatures "Features implemented by a node's container runtime."
  supplementalGroupsPolicy *bool pb=1 "Supports supplementalGroupsPolicy and reports the container user."

type NodeList gvk=/v1/NodeList "A list of Nodes."
  @list
  items []Node req pb=2 "The Nodes."

type Binding gvk=/v1/Binding "Binds an object to another, e.g. a pod to a node (what the scheduler posts to pods/binding)."
  @object
  target ObjectReference req pb=2 "The object to bind to, e.g. a Node."

type PodTemplateSpec "The template pods are created from."
  metadata meta.ObjectMeta pb=1 "Labels, annotations and other metadata of the pods."
  spec PodSpec pb=2 "The desired state of the pods."

type TopologySelectorTerm atomic "A topology selector term: its requirements are ANDed; a null or empty term matches nothing."
  matchLabelExpressions []TopologySelectorLabelRequirement list=atomic pb=1 "Requirements on topology labels."

type TopologySelectorLabelRequirement "A topology requirement on one label."
  key string req pb=1 "The label key."
  values []string req list=atomic pb=2 "Accepted values, ORed."
)dsl";
}

}  // namespace stead::api::schema

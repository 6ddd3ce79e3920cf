// Schema definitions for storage.k8s.io/v1: StorageClass.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view StorageDefinitions() {
  return R"dsl(
package storage io.k8s.api.storage.v1 v1

alias VolumeBindingMode string enum=Immediate|WaitForFirstConsumer

type StorageClass gvk=storage.k8s.io/v1/StorageClass "A class of storage from which PersistentVolumes are provisioned dynamically, with its provisioner and parameters. Not namespaced."
  @object
  provisioner string req pb=2 "Name of the volume provisioner."
  parameters {}string pb=3 "Provisioner-specific parameters for volumes of this class. At most 512 entries, 256 KiB in total."
  reclaimPolicy *core.PersistentVolumeReclaimPolicy pb=4 "Reclaim policy of provisioned volumes: Delete (the default) or Retain."
  mountOptions []string list=atomic pb=5 "Mount options of provisioned volumes, e.g. [\"ro\", \"soft\"]; not validated, a bad option fails the mount."
  allowVolumeExpansion *bool pb=6 "Whether claims of this class may be resized."
  volumeBindingMode *VolumeBindingMode pb=7 "When claims are bound and provisioned: Immediate (the default) or WaitForFirstConsumer (once a pod using the claim is scheduled)."
  allowedTopologies []core.TopologySelectorTerm list=atomic pb=8 "Topologies where volumes may be provisioned; empty means anywhere. Only for provisioners that support it."

type StorageClassList gvk=storage.k8s.io/v1/StorageClassList "A list of StorageClasses."
  @list
  items []StorageClass req pb=2 "The StorageClasses."
)dsl";
}

}  // namespace stead::api::schema

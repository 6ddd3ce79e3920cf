// Schema definitions for storage.k8s.io/v1: StorageClass.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view StorageDefinitions() {
  return R"dsl(
package storage io.k8s.api.storage.v1 v1

alias VolumeBindingMode string enum=Immediate|WaitForFirstConsumer

type StorageClass gvk=storage.k8s.io/v1/StorageClass "?"
  @object
  provisioner string req "?"
  parameters {}string "?"
  reclaimPolicy *core.PersistentVolumeReclaimPolicy "?"
  mountOptions []string list=atomic "?"
  allowVolumeExpansion *bool "?"
  volumeBindingMode *VolumeBindingMode "?"
  allowedTopologies []core.TopologySelectorTerm list=atomic "?"

type StorageClassList gvk=storage.k8s.io/v1/StorageClassList "?"
  @list
  items []StorageClass req "?"
)dsl";
}

}  // namespace stead::api::schema

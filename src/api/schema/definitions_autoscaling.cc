// Schema definitions for autoscaling/v1: Scale (the /scale subresource body).
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view AutoscalingDefinitions() {
  return R"dsl(
package autoscaling io.k8s.api.autoscaling.v1 v1

type Scale gvk=autoscaling/v1/Scale "?"
  @object
  spec ScaleSpec "?"
  status ScaleStatus "?"

type ScaleSpec "?"
  replicas int32 "?"

type ScaleStatus "?"
  replicas int32 req "?"
  selector string "?"
)dsl";
}

}  // namespace stead::api::schema

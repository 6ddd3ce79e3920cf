// Schema definitions for autoscaling/v1: Scale (the /scale subresource body).
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view AutoscalingDefinitions() {
  return R"dsl(
package autoscaling io.k8s.api.autoscaling.v1 v1

type Scale gvk=autoscaling/v1/Scale "The scale subresource of a scalable object: desired and observed replica counts."
  @object
  spec ScaleSpec pb=2 "The desired scale."
  status ScaleStatus pb=3 "The observed scale. Read-only."

type ScaleSpec "The desired scale of an object."
  replicas int32 pb=1 "Desired number of replicas."

type ScaleStatus "The observed scale of an object."
  replicas int32 req pb=1 "Number of replicas observed."
  selector string pb=2 "The object's pod selector in string form (\"app=web,tier in (a,b)\"), as used in query parameters."
)dsl";
}

}  // namespace stead::api::schema

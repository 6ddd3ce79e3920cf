// Schema definitions for coordination.k8s.io/v1: Lease.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view CoordinationDefinitions() {
  return R"dsl(
package coordination io.k8s.api.coordination.v1 v1

alias CoordinatedLeaseStrategy string

type Lease gvk=coordination.k8s.io/v1/Lease "?"
  @object
  spec LeaseSpec "?"

type LeaseSpec "?"
  holderIdentity *string "?"
  leaseDurationSeconds *int32 "?"
  acquireTime *meta.MicroTime "?"
  renewTime *meta.MicroTime "?"
  leaseTransitions *int32 "?"
  strategy *CoordinatedLeaseStrategy "?"
  preferredHolder *string "?"

type LeaseList gvk=coordination.k8s.io/v1/LeaseList "?"
  @list
  items []Lease req "?"
)dsl";
}

}  // namespace stead::api::schema

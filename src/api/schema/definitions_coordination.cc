// Schema definitions for coordination.k8s.io/v1: Lease.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view CoordinationDefinitions() {
  return R"dsl(
package coordination io.k8s.api.coordination.v1 v1

alias CoordinatedLeaseStrategy string

type Lease gvk=coordination.k8s.io/v1/Lease "A lease held by one holder at a time, used for leader election and node heartbeats."
  @object
  spec LeaseSpec pb=2 "The lease's holder and timing."

type LeaseSpec "The state of a Lease."
  holderIdentity *string pb=1 "Identity of the current holder."
  leaseDurationSeconds *int32 pb=2 "Seconds other candidates must wait, counted from renewTime, before they may take the lease over."
  acquireTime *meta.MicroTime pb=3 "When the current holder acquired the lease."
  renewTime *meta.MicroTime pb=4 "When the current holder last renewed the lease."
  leaseTransitions *int32 pb=5 "Number of times the lease changed holders."
  strategy *CoordinatedLeaseStrategy pb=6 "Strategy used to pick the leader in coordinated leader election. Unset means no coordinated election."
  preferredHolder *string pb=7 "A better holder for the lease, asking the current one to give it up. Only set with a strategy."

type LeaseList gvk=coordination.k8s.io/v1/LeaseList "A list of Leases."
  @list
  items []Lease req pb=2 "The Leases."
)dsl";
}

}  // namespace stead::api::schema

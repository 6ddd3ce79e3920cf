// Schema definitions for discovery.k8s.io/v1: EndpointSlice.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view DiscoveryDefinitions() {
  return R"dsl(
package discovery io.k8s.api.discovery.v1 v1

alias AddressType string enum=FQDN|IPv4|IPv6

type EndpointSlice gvk=discovery.k8s.io/v1/EndpointSlice "?"
  @object
  addressType AddressType req "?"
  endpoints []Endpoint req list=atomic "?"
  ports []EndpointPort always list=atomic "?"

type Endpoint "?"
  addresses []string req list=set "?"
  conditions EndpointConditions "?"
  hostname *string "?"
  targetRef *core.ObjectReference "?"
  deprecatedTopology {}string "?"
  nodeName *string "?"
  zone *string "?"
  hints *EndpointHints "?"

type EndpointConditions "?"
  ready *bool "?"
  serving *bool "?"
  terminating *bool "?"

type EndpointHints "?"
  forZones []ForZone list=atomic "?"

type ForZone "?"
  name string req "?"

type EndpointPort atomic "?"
  name *string "?"
  protocol *core.Protocol "?"
  port *int32 "?"
  appProtocol *string "?"

type EndpointSliceList gvk=discovery.k8s.io/v1/EndpointSliceList "?"
  @list
  items []EndpointSlice req "?"
)dsl";
}

}  // namespace stead::api::schema

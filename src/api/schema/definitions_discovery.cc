// Schema definitions for discovery.k8s.io/v1: EndpointSlice.
// Written in the schema DSL (see dsl.h); descriptions are our own summaries
// of upstream field semantics.
#include "api/schema/definitions.h"

namespace stead::api::schema {

std::string_view DiscoveryDefinitions() {
  return R"dsl(
package discovery io.k8s.api.discovery.v1 v1

alias AddressType string enum=FQDN|IPv4|IPv6

type EndpointSlice gvk=discovery.k8s.io/v1/EndpointSlice "A subset of the endpoints behind a Service; a Service may have many slices, which together hold all its endpoints."
  @object
  addressType AddressType req "Type of every address in the slice: IPv4, IPv6 or FQDN. Immutable."
  endpoints []Endpoint req list=atomic "The unique endpoints of the slice; at most 1000."
  ports []EndpointPort always list=atomic "Ports exposed by each endpoint, with unique names. Empty means no ports are defined; a port without a number means all ports."

type Endpoint "One backend of a Service."
  addresses []string req list=set "Addresses of the endpoint, of the slice's addressType. Consumers use the first; at least one and at most 100."
  conditions EndpointConditions "The current state of the endpoint."
  hostname *string "Hostname of the endpoint, e.g. for DNS; a DNS label."
  targetRef *core.ObjectReference "The object that is the endpoint, usually a Pod."
  deprecatedTopology {}string "Deprecated topology labels kept from v1beta1; use nodeName and zone."
  nodeName *string "Node hosting the endpoint."
  zone *string "Zone the endpoint is in."
  hints *EndpointHints "How consumers should route to this endpoint."

type EndpointConditions "The state of an endpoint."
  ready *bool "Whether the endpoint can receive traffic. Unset means unknown, treated as ready; terminating endpoints are never ready."
  serving *bool "Like ready, but also set while the endpoint terminates."
  terminating *bool "Whether the endpoint is terminating. Unset means unknown, treated as not terminating."

type EndpointHints "How an endpoint should be consumed."
  forZones []ForZone list=atomic "Zones that should consume this endpoint (topology aware routing)."

type ForZone "A zone that should consume an endpoint."
  name string req "Name of the zone."

type EndpointPort atomic "A port of the endpoints of an EndpointSlice."
  name *string "Name of the port, unique within the slice: the Service port name. Empty or a DNS label."
  protocol *core.Protocol "UDP, TCP or SCTP. Defaults to TCP."
  port *int32 "Port number of the endpoints. Unset means all ports, to be interpreted by the consumer."
  appProtocol *string "Application protocol of the port: an IANA service name, a kubernetes.io/ protocol (h2c, ws, wss) or a domain-prefixed name."

type EndpointSliceList gvk=discovery.k8s.io/v1/EndpointSliceList "A list of EndpointSlices."
  @list
  items []EndpointSlice req "The EndpointSlices."
)dsl";
}

}  // namespace stead::api::schema

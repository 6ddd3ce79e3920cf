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
  addressType AddressType req pb=4 "Type of every address in the slice: IPv4, IPv6 or FQDN. Immutable."
  endpoints []Endpoint req list=atomic pb=2 "The unique endpoints of the slice; at most 1000."
  ports []EndpointPort always list=atomic pb=3 "Ports exposed by each endpoint, with unique names. Empty means no ports are defined; a port without a number means all ports."

type Endpoint "One backend of a Service."
  addresses []string req list=set pb=1 "Addresses of the endpoint, of the slice's addressType. Consumers use the first; at least one and at most 100."
  conditions EndpointConditions pb=2 "The current state of the endpoint."
  hostname *string pb=3 "Hostname of the endpoint, e.g. for DNS; a DNS label."
  targetRef *core.ObjectReference pb=4 "The object that is the endpoint, usually a Pod."
  deprecatedTopology {}string pb=5 "Deprecated topology labels kept from v1beta1; use nodeName and zone."
  nodeName *string pb=6 "Node hosting the endpoint."
  zone *string pb=7 "Zone the endpoint is in."
  hints *EndpointHints pb=8 "How consumers should route to this endpoint."

type EndpointConditions "The state of an endpoint."
  ready *bool pb=1 "Whether the endpoint can receive traffic. Unset means unknown, treated as ready; terminating endpoints are never ready."
  serving *bool pb=2 "Like ready, but also set while the endpoint terminates."
  terminating *bool pb=3 "Whether the endpoint is terminating. Unset means unknown, treated as not terminating."

type EndpointHints "How an endpoint should be consumed."
  forZones []ForZone list=atomic pb=1 "Zones that should consume this endpoint (topology aware routing)."

type ForZone "A zone that should consume an endpoint."
  name string req pb=1 "Name of the zone."

type EndpointPort atomic "A port of the endpoints of an EndpointSlice."
  name *string pb=1 "Name of the port, unique within the slice: the Service port name. Empty or a DNS label."
  protocol *core.Protocol pb=2 "UDP, TCP or SCTP. Defaults to TCP."
  port *int32 pb=3 "Port number of the endpoints. Unset means all ports, to be interpreted by the consumer."
  appProtocol *string pb=4 "Application protocol of the port: an IANA service name, a kubernetes.io/ protocol (h2c, ws, wss) or a domain-prefixed name."

type EndpointSliceList gvk=discovery.k8s.io/v1/EndpointSliceList "A list of EndpointSlices."
  @list
  items []EndpointSlice req pb=2 "The EndpointSlices."
)dsl";
}

}  // namespace stead::api::schema

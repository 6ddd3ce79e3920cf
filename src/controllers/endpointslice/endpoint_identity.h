// Endpoint identity: how the controllers writing EndpointSlices (the
// EndpointSlice and EndpointSliceMirroring controllers) recognise an
// endpoint or a port list across syncs (upstream k8s.io/endpointslice
// util: hashEndpoint, EndpointsEqualBeyondHash, NewPortMapKey).
//
//   * an endpoint is identified by its targetRef (namespace/name), hostname
//     and sorted addresses, so a changed condition updates it in place;
//   * EndpointsEqualBeyondHash compares what that key does not cover:
//     nodeName, zone, the ready/serving/terminating conditions and the
//     targetRef (without its resourceVersion);
//   * a port list is identified independently of its order.
// Pure.
#pragma once

#include <map>
#include <string>

#include "core/json.h"

namespace stead::controllers::endpointslice {

// Desired endpoints, by EndpointKey (iteration order is deterministic:
// targetRef first, so pods are placed in name order).
using EndpointSet = std::map<std::string, Json>;

std::string EndpointKey(const Json& endpoint);
bool EndpointsEqualBeyondHash(const Json& a, const Json& b);
std::string PortMapKey(const Json& ports);

// The array at `path` (an empty one when absent or not an array).
const Json& ArrayAt(const Json& obj, std::initializer_list<std::string_view> path);

}  // namespace stead::controllers::endpointslice

// The service proxy's view of the cluster: every proxied service port with
// the endpoints that back it, computed from Services and
// discovery.k8s.io/v1 EndpointSlices the way kube-proxy's service and
// endpoint-slice change trackers do (pkg/proxy/serviceport.go,
// endpointslicecache.go), for the IPv4 family:
//
//   * A Service is skipped when its clusterIP is "None" or empty (headless),
//     when it is type ExternalName, or when it carries the
//     service.kubernetes.io/service-proxy-name label (another proxy owns it)
//     or service.kubernetes.io/headless. Its IPv4 cluster IP comes from
//     spec.clusterIPs (spec.clusterIP for objects that predate it).
//   * Each spec.ports entry is one ServicePort, named "ns/svc:port" (or
//     "ns/svc" for an unnamed port) and identified by (port name, protocol).
//   * A slice belongs to the Service named by its kubernetes.io/service-name
//     label in its namespace. A slice port backs the service port with the
//     same name and protocol (the EndpointSlice controller has already
//     resolved the targetPort, named or numeric, into the slice port's
//     number). Ports without a name or a number are ignored, as are slices
//     of another address type and endpoints without an IPv4 address; the
//     first address of an endpoint is the one used. The same ip:port found in
//     several slices counts once.
//   * Endpoint conditions as upstream: ready unset = true, serving unset =
//     true, terminating unset = false.
//
// Pure functions of their inputs; results are sorted (ports by name string,
// endpoints by "ip:port" as strings, like upstream), so the same cluster
// state always yields the same rules.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "store/watch_cache.h"

namespace stead::agent::proxy {

struct Endpoint {
  std::string ip;
  int port = 0;
  std::string node_name;
  bool ready = true;
  bool serving = true;
  bool terminating = false;

  // "10.244.1.5:8080", the endpoint's identity.
  std::string String() const { return ip + ":" + std::to_string(port); }
};

struct ServicePort {
  std::string ns;
  std::string service;
  std::string port_name;  // "" for an unnamed port
  std::string protocol;   // lower case: tcp, udp or sctp
  std::string cluster_ip;
  int port = 0;
  // > 0 with sessionAffinity ClientIP (spec.sessionAffinityConfig.clientIP
  // .timeoutSeconds, default 10800).
  int affinity_timeout_seconds = 0;
  // internalTrafficPolicy: Local.
  bool internal_local = false;
  std::vector<Endpoint> endpoints;

  // "ns/svc:port" ("ns/svc" for an unnamed port), upstream's ServicePortName.
  std::string NameString() const;
};

inline constexpr char kServiceNameLabel[] = "kubernetes.io/service-name";
inline constexpr char kServiceProxyNameLabel[] = "service.kubernetes.io/service-proxy-name";
inline constexpr char kHeadlessLabel[] = "service.kubernetes.io/headless";
inline constexpr int kDefaultAffinityTimeoutSeconds = 10800;

// Whether kube-proxy would leave this Service alone.
bool ShouldSkipService(const Json& service);
// Whether kube-proxy's EndpointSlice informer would not see this slice.
bool ShouldSkipSlice(const Json& slice);

std::vector<ServicePort> BuildServicePorts(const std::vector<store::ObjectPtr>& services,
                                           const std::vector<store::ObjectPtr>& slices);

}  // namespace stead::agent::proxy

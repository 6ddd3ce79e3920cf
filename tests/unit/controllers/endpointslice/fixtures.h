// Test objects for the EndpointSlice and Endpoints controller cores:
// Services, pods in every state, nodes and slices as the API stores them.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace stead::controllers::endpointslice::testing {

// A ClusterIP Service "svc" in "ns" selecting app=web, port "http" 80 ->
// targetPort 8080.
inline Json Service(const std::string& name = "svc") {
  return Json{
      {"apiVersion", "v1"},
      {"kind", "Service"},
      {"metadata",
       {{"name", name},
        {"namespace", "ns"},
        {"uid", "svc-uid"},
        {"creationTimestamp", "2026-01-01T00:00:00Z"}}},
      {"spec",
       {{"type", "ClusterIP"},
        {"clusterIP", "10.96.0.20"},
        {"clusterIPs", {"10.96.0.20"}},
        {"ipFamilies", {"IPv4"}},
        {"selector", {{"app", "web"}}},
        {"ports", {{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}, {"targetPort", 8080}}}}}}};
}

inline Json HeadlessService(const std::string& name = "svc") {
  Json svc = Service(name);
  svc["spec"]["clusterIP"] = "None";
  svc["spec"]["clusterIPs"] = {"None"};
  return svc;
}

// A Running pod on sim-node-0 with IP 10.244.0.<n>, Ready unless told.
inline Json Pod(const std::string& name, int n, bool ready = true) {
  return Json{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       {{"name", name},
        {"namespace", "ns"},
        {"uid", "uid-" + name},
        {"resourceVersion", "1"},
        {"labels", {{"app", "web"}}}}},
      {"spec",
       {{"nodeName", "sim-node-0"},
        {"containers",
         {{{"name", "c"},
           {"ports", {{{"name", "http"}, {"containerPort", 8080}, {"protocol", "TCP"}}}}}}}}},
      {"status",
       {{"phase", "Running"},
        {"podIP", "10.244.0." + std::to_string(n)},
        {"podIPs", {{{"ip", "10.244.0." + std::to_string(n)}}}},
        {"conditions",
         {{{"type", "Ready"},
           {"status", ready ? "True" : "False"},
           {"lastTransitionTime", "2026-01-01T00:00:0" + std::to_string(n % 10) + "Z"}}}}}}};
}

inline Json Node(const std::string& name = "sim-node-0", const std::string& zone = "") {
  Json node = {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", name}}}};
  if (!zone.empty()) node["metadata"]["labels"]["topology.kubernetes.io/zone"] = zone;
  return node;
}

inline std::vector<const Json*> Ptrs(const std::vector<Json>& objs) {
  std::vector<const Json*> out;
  for (const Json& o : objs) out.push_back(&o);
  return out;
}

}  // namespace stead::controllers::endpointslice::testing

// Named target ports (FindPort, EndpointPorts): a Service's targetPort
// name resolves per pod, on a container port of the same protocol (sidecar
// init containers too); pods resolving differently go to different slices;
// a port no pod offers is left out.
#include <gtest/gtest.h>

#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/reconciler.h"
#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

using testing::Node;
using testing::Pod;
using testing::Service;

Json NamedService() {
  Json svc = Service();
  svc["spec"]["ports"][0]["targetPort"] = "http";
  return svc;
}

Json PodWithPort(const std::string& name, int n, int port) {
  Json pod = Pod(name, n);
  pod["spec"]["containers"][0]["ports"][0]["containerPort"] = port;
  return pod;
}

TEST(EndpointNamedPortsTest, ResolvesPerPod) {
  Json sp = NamedService()["spec"]["ports"][0];
  EXPECT_EQ(FindPort(PodWithPort("a", 1, 9000), sp), 9000);
  Json numeric = Service()["spec"]["ports"][0];
  EXPECT_EQ(FindPort(Pod("a", 1), numeric), 8080);
  Json udp = sp;
  udp["protocol"] = "UDP";
  EXPECT_EQ(FindPort(Pod("a", 1), udp), std::nullopt);
  Json missing = sp;
  missing["targetPort"] = "metrics";
  EXPECT_EQ(FindPort(Pod("a", 1), missing), std::nullopt);
}

TEST(EndpointNamedPortsTest, SidecarInitContainerPorts) {
  Json pod = Pod("a", 1);
  pod["spec"]["containers"][0].erase("ports");
  pod["spec"]["initContainers"] = {
      {{"name", "init"}, {"ports", {{{"name", "http"}, {"containerPort", 7000}}}}}};
  Json sp = NamedService()["spec"]["ports"][0];
  EXPECT_EQ(FindPort(pod, sp), std::nullopt);
  pod["spec"]["initContainers"][0]["restartPolicy"] = "Always";
  EXPECT_EQ(FindPort(pod, sp), 7000);
}

TEST(EndpointNamedPortsTest, DifferentPortsGoToDifferentSlices) {
  Json svc = NamedService();
  Json node = Node();
  std::vector<Json> pods = {PodWithPort("a", 1, 8080), PodWithPort("b", 2, 9090),
                            PodWithPort("c", 3, 8080)};
  ReconcileInput in;
  in.service = &svc;
  in.pods = testing::Ptrs(pods);
  in.node = [&](const std::string&) { return &node; };
  ReconcilePlan plan = Reconcile(in);
  ASSERT_EQ(plan.creates.size(), 2u);
  std::map<int64_t, size_t> by_port;
  for (const Json& s : plan.creates) {
    ASSERT_EQ(s["ports"].size(), 1u);
    EXPECT_EQ(s["ports"][0]["name"], "http");
    EXPECT_EQ(s["ports"][0]["protocol"], "TCP");
    by_port[s["ports"][0]["port"].get<int64_t>()] = s["endpoints"].size();
  }
  EXPECT_EQ(by_port, (std::map<int64_t, size_t>{{8080, 2}, {9090, 1}}));
}

TEST(EndpointNamedPortsTest, HeadlessServiceWithoutPorts) {
  Json svc = testing::HeadlessService();
  svc["spec"].erase("ports");
  EXPECT_TRUE(EndpointPorts(svc, Pod("a", 1)).empty());
  Json with_app = Service();
  with_app["spec"]["ports"][0]["appProtocol"] = "http";
  EXPECT_EQ(EndpointPorts(with_app, Pod("a", 1)),
            Json::parse(R"([{"name":"http","port":8080,"protocol":"TCP","appProtocol":"http"}])"));
}

}  // namespace
}  // namespace stead::controllers::endpointslice

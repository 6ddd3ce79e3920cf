// The hostname rule (ShouldSetHostname): an endpoint gets pod.spec.hostname
// only when the pod's subdomain names the Service, in the same namespace —
// the StatefulSet pods of `serviceName` get `qdrant-0.qdrant-service`.
#include <gtest/gtest.h>

#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/reconciler.h"
#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

using testing::HeadlessService;
using testing::Pod;

Json StatefulPod(const std::string& subdomain) {
  Json pod = Pod("qdrant-0", 1);
  pod["spec"]["hostname"] = "qdrant-0";
  pod["spec"]["subdomain"] = subdomain;
  return pod;
}

TEST(EndpointHostnameTest, SubdomainMatchingTheServiceSetsHostname) {
  Json svc = HeadlessService("qdrant-service");
  EXPECT_TRUE(ShouldSetHostname(StatefulPod("qdrant-service"), svc));
  EXPECT_EQ(PodToEndpoint(StatefulPod("qdrant-service"), nullptr, svc, "IPv4")["hostname"],
            "qdrant-0");
}

TEST(EndpointHostnameTest, OtherSubdomainOrNamespaceOrNoHostname) {
  Json svc = HeadlessService("qdrant-service");
  EXPECT_FALSE(ShouldSetHostname(StatefulPod("other"), svc));
  EXPECT_FALSE(PodToEndpoint(StatefulPod("other"), nullptr, svc, "IPv4").contains("hostname"));
  Json elsewhere = StatefulPod("qdrant-service");
  elsewhere["metadata"]["namespace"] = "other-ns";
  EXPECT_FALSE(ShouldSetHostname(elsewhere, svc));
  Json no_hostname = StatefulPod("qdrant-service");
  no_hostname["spec"].erase("hostname");
  EXPECT_FALSE(ShouldSetHostname(no_hostname, svc));
}

TEST(EndpointHostnameTest, HeadlessLabelOnSlices) {
  auto [labels, changed] = EndpointSliceLabels(Json::object(), HeadlessService("qdrant-service"));
  EXPECT_EQ(labels.at("service.kubernetes.io/headless"), "");
  EXPECT_EQ(labels.at("kubernetes.io/service-name"), "qdrant-service");
  EXPECT_EQ(labels.at("endpointslice.kubernetes.io/managed-by"), "endpointslice-controller.k8s.io");
  EXPECT_FALSE(changed);
  auto clusterip = EndpointSliceLabels(Json::object(), testing::Service()).first;
  EXPECT_EQ(clusterip.count("service.kubernetes.io/headless"), 0u);
}

TEST(EndpointHostnameTest, ServiceLabelsAreMirrored) {
  Json svc = HeadlessService("qdrant-service");
  svc["metadata"]["labels"] = {{"app", "qdrant"}, {"kubernetes.io/service-name", "spoof"}};
  Json slice = {{"metadata", {{"labels", {{"kubernetes.io/service-name", "qdrant-service"}}}}}};
  auto [labels, changed] = EndpointSliceLabels(slice, svc);
  EXPECT_TRUE(changed);
  EXPECT_EQ(labels.at("app"), "qdrant");
  // Reserved labels of the Service are not copied.
  EXPECT_EQ(labels.at("kubernetes.io/service-name"), "qdrant-service");
  slice["metadata"]["labels"]["app"] = "qdrant";
  EXPECT_FALSE(EndpointSliceLabels(slice, svc).second);
}

}  // namespace
}  // namespace stead::controllers::endpointslice

// The EndpointSliceMirroring reconciler (reconciler.h): what a mirrored
// slice carries, how addresses map to endpoints, one slice per port list and
// address type, the per-subset cap, and minimal churn.
#include "controllers/endpointslicemirroring/reconciler.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslicemirroring/fixtures.h"

namespace stead::controllers::endpointslicemirroring {
namespace {

using testing::Address;
using testing::Endpoints;
using testing::Subset;
using testing::World;

TEST(EndpointSliceMirroringReconcilerTest, MirroredSliceCarriesNameLabelsAndOwner) {
  Json ep = Endpoints({Subset({Address("10.0.0.1")})});
  ep["metadata"]["labels"] = {{"team", "db"}};
  World w(ep);
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 1u);
  const Json& s = plan.creates[0];
  EXPECT_EQ(s["metadata"]["generateName"], "external-db-");
  EXPECT_EQ(s["metadata"]["namespace"], "default");
  EXPECT_EQ(s["metadata"]["labels"], Json({{"team", "db"},
                                           {"kubernetes.io/service-name", "external-db"},
                                           {"endpointslice.kubernetes.io/managed-by",
                                            "endpointslicemirroring-controller.k8s.io"}}));
  const Json& ref = s["metadata"]["ownerReferences"][0];
  EXPECT_EQ(ref["kind"], "Endpoints");
  EXPECT_EQ(ref["apiVersion"], "v1");
  EXPECT_EQ(ref["name"], "external-db");
  EXPECT_EQ(ref["uid"], "ep-uid");
  EXPECT_EQ(ref["controller"], true);
  EXPECT_EQ(s["addressType"], "IPv4");
  EXPECT_EQ(s["ports"], Json::parse(R"([{"name":"pg","port":5432,"protocol":"TCP"}])"));
}

TEST(EndpointSliceMirroringReconcilerTest, AnnotationsCopiedButTriggerTimeAndLastApplied) {
  Json ep = Endpoints({Subset({Address("10.0.0.1")})});
  ep["metadata"]["annotations"] = {
      {"owner", "dba"},
      {"endpoints.kubernetes.io/last-change-trigger-time", "2026-01-01T00:00:00Z"},
      {"kubectl.kubernetes.io/last-applied-configuration", "{}"}};
  World w(ep);
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0]["metadata"]["annotations"], Json({{"owner", "dba"}}));
}

TEST(EndpointSliceMirroringReconcilerTest, AddressesReadyNotReadyAddressesNot) {
  Json ready = Address("10.0.0.1");
  ready["hostname"] = "db-0";
  ready["nodeName"] = "n1";
  ready["targetRef"] = {{"kind", "Pod"}, {"namespace", "default"}, {"name", "db-0"}};
  World w(Endpoints({Subset({ready, Address("10.0.0.2")}, {Address("10.0.0.3")})}));
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 1u);
  const Json& eps = plan.creates[0]["endpoints"];
  ASSERT_EQ(eps.size(), 3u);
  std::map<std::string, Json> by_ip;
  for (const Json& e : eps) by_ip[e["addresses"][0]] = e;
  EXPECT_EQ(by_ip["10.0.0.1"], Json::parse(R"({"addresses":["10.0.0.1"],"conditions":{"ready":true},
              "hostname":"db-0","nodeName":"n1",
              "targetRef":{"kind":"Pod","namespace":"default","name":"db-0"}})"));
  EXPECT_EQ(by_ip["10.0.0.2"]["conditions"], Json({{"ready", true}}));
  EXPECT_EQ(by_ip["10.0.0.3"]["conditions"], Json({{"ready", false}}));
  EXPECT_EQ(plan.added, 3);
}

TEST(EndpointSliceMirroringReconcilerTest, AddressFamiliesGetTheirOwnSlices) {
  World w(Endpoints({Subset({Address("10.0.0.1"), Address("fd00::1")})}));
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 2u);
  std::map<std::string, Json> by_type;
  for (const Json& s : plan.creates) by_type[s["addressType"]] = s["endpoints"];
  EXPECT_EQ(by_type["IPv4"][0]["addresses"][0], "10.0.0.1");
  EXPECT_EQ(by_type["IPv6"][0]["addresses"][0], "fd00::1");
}

TEST(EndpointSliceMirroringReconcilerTest, InvalidAddressesSkippedAndCounted) {
  World w(Endpoints(
      {Subset({Address("10.0.0.1"), Address("db.example.com")}, {Address("not-an-ip")})}));
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0]["endpoints"].size(), 1u);
  EXPECT_EQ(plan.invalid_addresses, 2);
  EXPECT_EQ(plan.addresses_skipped, 2);
}

TEST(EndpointSliceMirroringReconcilerTest, OneSlicePerPortList) {
  Json other_ports = Json::parse(R"([{"name":"metrics","port":9187,"protocol":"TCP"}])");
  World w(
      Endpoints({Subset({Address("10.0.0.1")}), Subset({Address("10.0.0.2")}, {}, other_ports)}));
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 2u);
  for (const Json& s : plan.creates) {
    ASSERT_EQ(s["endpoints"].size(), 1u);
    if (s["ports"][0]["port"] == 5432) {
      EXPECT_EQ(s["endpoints"][0]["addresses"][0], "10.0.0.1");
    } else {
      EXPECT_EQ(s["endpoints"][0]["addresses"][0], "10.0.0.2");
    }
  }
}

TEST(EndpointSliceMirroringReconcilerTest, SubsetsRepackedBeforeMirroring) {
  // Two subsets with the same ports are one port list: one slice.
  World w(Endpoints({Subset({Address("10.0.0.1")}), Subset({Address("10.0.0.2")})}));
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0]["endpoints"].size(), 2u);
}

TEST(EndpointSliceMirroringReconcilerTest, AtMostMaxAddressesPerSubsetMirrored) {
  World w(Endpoints({Subset({Address("10.0.0.1"), Address("10.0.0.2"), Address("10.0.0.3")},
                            {Address("10.0.0.4")})}));
  ReconcilePlan plan = w.Sync(2);
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0]["endpoints"].size(), 2u);
  EXPECT_EQ(plan.addresses_skipped, 2);
  EXPECT_EQ(plan.invalid_addresses, 0);
}

TEST(EndpointSliceMirroringReconcilerTest, UnchangedSliceNotRewritten) {
  World w(Endpoints({Subset({Address("10.0.0.1")}, {Address("10.0.0.2")})}));
  w.Sync();
  ReconcilePlan again = w.Sync();
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(again.added + again.updated + again.removed, 0);
}

TEST(EndpointSliceMirroringReconcilerTest, ChangedAddressesUpdateTheSliceInPlace) {
  World w(Endpoints({Subset({Address("10.0.0.1")}, {Address("10.0.0.2")})}));
  w.Sync();
  std::string name = MetaName(w.slices()[0]);
  w.endpoints()["subsets"] =
      Json::array({Subset({Address("10.0.0.1"), Address("10.0.0.2")}, {Address("10.0.0.9")})});
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_TRUE(plan.deletes.empty());
  EXPECT_EQ(MetaName(plan.updates[0]), name);
  EXPECT_EQ(plan.updates[0]["endpoints"].size(), 3u);
  EXPECT_EQ(plan.added, 1);    // 10.0.0.9
  EXPECT_EQ(plan.updated, 1);  // 10.0.0.2 became ready
  EXPECT_EQ(plan.removed, 0);
}

TEST(EndpointSliceMirroringReconcilerTest, LabelChangeUpdatesTheSlice) {
  World w(Endpoints({Subset({Address("10.0.0.1")})}));
  w.Sync();
  w.endpoints()["metadata"]["labels"] = {{"tier", "data"}};
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0]["metadata"]["labels"]["tier"], "data");
}

TEST(EndpointSliceMirroringReconcilerTest, NewPortsRecycleTheOldSlice) {
  World w(Endpoints({Subset({Address("10.0.0.1")})}));
  w.Sync();
  std::string name = MetaName(w.slices()[0]);
  w.endpoints()["subsets"] = Json::array(
      {Subset({Address("10.0.0.1")}, {}, Json::parse(R"([{"port":5433,"protocol":"TCP"}])"))});
  ReconcilePlan plan = w.Sync();
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_TRUE(plan.deletes.empty());
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(MetaName(plan.updates[0]), name);
  EXPECT_EQ(plan.updates[0]["ports"][0]["port"], 5433);
}

TEST(EndpointSliceMirroringReconcilerTest, ExtraSlicesOfAPortListDeleted) {
  World w(Endpoints({Subset({Address("10.0.0.1")})}));
  w.Sync();
  Json dup = w.slices()[0];
  dup["metadata"]["name"] = "external-db-zzz";
  w.slices().push_back(dup);
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.deletes.size(), 1u);
  EXPECT_EQ(MetaName(plan.deletes[0]), "external-db-zzz");
  EXPECT_TRUE(plan.updates.empty());
}

TEST(EndpointSliceMirroringReconcilerTest, NoAddressesDeletesTheSlices) {
  World w(Endpoints({Subset({Address("10.0.0.1"), Address("10.0.0.2")})}));
  w.Sync();
  w.endpoints()["subsets"] = Json::array();
  ReconcilePlan plan = w.Sync();
  EXPECT_EQ(plan.deletes.size(), 1u);
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_TRUE(w.slices().empty());
}

TEST(EndpointSliceMirroringReconcilerTest, AddressesLeavingAPortListCountAsRemoved) {
  World w(Endpoints({Subset({Address("10.0.0.1"), Address("10.0.0.2")})}));
  w.Sync();
  w.endpoints()["subsets"] = Json::array({Subset({Address("fd00::1")})});
  ReconcilePlan plan = w.Sync();
  EXPECT_EQ(plan.removed, 2);
  EXPECT_EQ(plan.added, 1);
  ASSERT_EQ(w.slices().size(), 1u);
  EXPECT_EQ(w.slices()[0]["addressType"], "IPv6");
}

TEST(EndpointSliceMirroringReconcilerTest, NoCreatesWhileEndpointsDeleting) {
  Json ep = Endpoints({Subset({Address("10.0.0.1")})});
  ep["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  World w(ep);
  EXPECT_TRUE(w.Sync().creates.empty());
}

TEST(EndpointSliceMirroringReconcilerTest, ShouldMirror) {
  Json ep = Endpoints({});
  EXPECT_TRUE(ShouldMirror(ep));
  ep["metadata"]["labels"] = {{"endpointslice.kubernetes.io/skip-mirror", "false"}};
  EXPECT_TRUE(ShouldMirror(ep));
  ep["metadata"]["labels"] = {{"endpointslice.kubernetes.io/skip-mirror", "true"}};
  EXPECT_FALSE(ShouldMirror(ep));
  Json lock = Endpoints({});
  lock["metadata"]["annotations"] = {{"control-plane.alpha.kubernetes.io/leader", "{}"}};
  EXPECT_FALSE(ShouldMirror(lock));
}

TEST(EndpointSliceMirroringReconcilerTest, AddressType) {
  EXPECT_EQ(AddressType("10.1.2.3"), "IPv4");
  EXPECT_EQ(AddressType("2001:db8::1"), "IPv6");
  EXPECT_EQ(AddressType("10.1.2"), std::nullopt);
  EXPECT_EQ(AddressType("example.com"), std::nullopt);
  EXPECT_EQ(AddressType(""), std::nullopt);
}

TEST(EndpointSliceMirroringReconcilerTest, SlicePortsDefaultProtocolAndKeepAppProtocol) {
  Json ports = SlicePorts(Json::parse(R"([{"port":5432},{"name":"h","port":80,
      "protocol":"TCP","appProtocol":"http"}])"));
  EXPECT_EQ(ports, Json::parse(R"([{"name":"","port":5432,"protocol":"TCP"},
      {"name":"h","port":80,"protocol":"TCP","appProtocol":"http"}])"));
}

}  // namespace
}  // namespace stead::controllers::endpointslicemirroring

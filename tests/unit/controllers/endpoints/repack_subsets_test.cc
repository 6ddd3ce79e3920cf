// RepackSubsets: per-address subsets regroup by the ports they share,
// addresses de-duplicate by IP + UID, not-ready wins over ready, and the
// result is sorted, so equal states compare equal.
#include "controllers/endpoints/repack_subsets.h"

#include <gtest/gtest.h>

namespace stead::controllers::endpoints {
namespace {

Json Addr(const std::string& ip, const std::string& uid) {
  return {{"ip", ip}, {"targetRef", {{"kind", "Pod"}, {"name", uid}, {"uid", uid}}}};
}
Json Port(const std::string& name, int port) {
  return {{"name", name}, {"port", port}, {"protocol", "TCP"}};
}
Json Subset(const char* list, const Json& addr, const Json& port) {
  Json ss = {{list, Json::array({addr})}};
  if (!port.is_null()) ss["ports"] = Json::array({port});
  return ss;
}

TEST(EndpointsRepackSubsetsTest, GroupsAddressesSharingPorts) {
  Json in = Json::array({Subset("addresses", Addr("10.0.0.2", "b"), Port("http", 80)),
                         Subset("addresses", Addr("10.0.0.1", "a"), Port("http", 80)),
                         Subset("addresses", Addr("10.0.0.1", "a"), Port("grpc", 90)),
                         Subset("addresses", Addr("10.0.0.2", "b"), Port("grpc", 90))});
  Json out = RepackSubsets(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["addresses"], Json::array({Addr("10.0.0.1", "a"), Addr("10.0.0.2", "b")}));
  EXPECT_EQ(out[0]["ports"].size(), 2u);
  EXPECT_FALSE(out[0].contains("notReadyAddresses"));
}

TEST(EndpointsRepackSubsetsTest, DifferentPortsMakeDifferentSubsets) {
  Json in = Json::array({Subset("addresses", Addr("10.0.0.1", "a"), Port("http", 8080)),
                         Subset("addresses", Addr("10.0.0.2", "b"), Port("http", 9090))});
  EXPECT_EQ(RepackSubsets(in).size(), 2u);
}

TEST(EndpointsRepackSubsetsTest, ReadyAndNotReadyShareASubset) {
  Json in = Json::array({Subset("addresses", Addr("10.0.0.1", "a"), Port("http", 80)),
                         Subset("notReadyAddresses", Addr("10.0.0.2", "b"), Port("http", 80))});
  Json out = RepackSubsets(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["addresses"], Json::array({Addr("10.0.0.1", "a")}));
  EXPECT_EQ(out[0]["notReadyAddresses"], Json::array({Addr("10.0.0.2", "b")}));
}

TEST(EndpointsRepackSubsetsTest, NotReadyWinsAndDuplicatesCollapse) {
  Json in = Json::array({Subset("addresses", Addr("10.0.0.1", "a"), Port("http", 80)),
                         Subset("notReadyAddresses", Addr("10.0.0.1", "a"), Port("http", 80)),
                         Subset("addresses", Addr("10.0.0.1", "a"), Port("http", 80))});
  Json out = RepackSubsets(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].contains("addresses"));
  EXPECT_EQ(out[0]["notReadyAddresses"].size(), 1u);
}

TEST(EndpointsRepackSubsetsTest, AddressesWithoutPortsAreKept) {
  Json in = Json::array({Subset("addresses", Addr("10.0.0.1", "a"), Json()),
                         Subset("addresses", Addr("10.0.0.2", "b"), Json())});
  Json out = RepackSubsets(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["addresses"].size(), 2u);
  EXPECT_FALSE(out[0].contains("ports"));
}

TEST(EndpointsRepackSubsetsTest, OrderDoesNotMatter) {
  Json a = Json::array({Subset("addresses", Addr("10.0.0.3", "c"), Port("http", 80)),
                        Subset("notReadyAddresses", Addr("10.0.0.1", "a"), Port("x", 81)),
                        Subset("addresses", Addr("10.0.0.2", "b"), Port("http", 80))});
  Json b = Json::array({a[2], a[1], a[0]});
  EXPECT_EQ(RepackSubsets(a), RepackSubsets(b));
  EXPECT_TRUE(RepackSubsets(Json::array()).empty());
}

}  // namespace
}  // namespace stead::controllers::endpoints

#include "agent/proxy/syncer.h"

#include <gtest/gtest.h>

#include "agent/proxy/chain_names.h"
#include "core/log.h"
#include "unit/agent/proxy/fake_conntrack.h"
#include "unit/agent/proxy/fake_nft.h"

namespace stead::agent::proxy {
namespace {

using std::chrono::milliseconds;
using testing::FakeNft;

store::ObjectPtr Service(const std::string& name, const std::string& ip, bool affinity = false) {
  Json s = {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", {{"clusterIP", ip}, {"ports", {{{"name", "http"}, {"port", 80}}}}}}};
  if (affinity) s["spec"]["sessionAffinity"] = "ClientIP";
  return std::make_shared<const Json>(s);
}

store::ObjectPtr Slice(const std::string& service, const std::vector<std::string>& ips) {
  Json eps = Json::array();
  for (const auto& ip : ips) eps.push_back({{"addresses", {ip}}});
  return std::make_shared<const Json>(
      Json{{"apiVersion", "discovery.k8s.io/v1"},
           {"kind", "EndpointSlice"},
           {"metadata",
            {{"name", service + "-1"},
             {"namespace", "default"},
             {"labels", {{"kubernetes.io/service-name", service}}}}},
           {"addressType", "IPv4"},
           {"ports", {{{"name", "http"}, {"port", 8080}, {"protocol", "TCP"}}}},
           {"endpoints", eps}});
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class SyncerTest : public ::testing::Test {
 protected:
  SyncerTest()
      : metrics_(registry_), syncer_(&nft_, nullptr, &clock_, RulesetOptions(), &metrics_) {}

  FakeNft nft_;
  FakeClock clock_;
  MetricsRegistry registry_;
  SyncerMetrics metrics_;
  Syncer syncer_;
};

TEST_F(SyncerTest, FirstSyncReplacesTableLaterSyncsFlush) {
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  auto scripts = nft_.scripts();
  ASSERT_EQ(scripts.size(), 2u);
  EXPECT_EQ(scripts[0].rfind("add table ip stead\ndelete table ip stead\n", 0), 0u);
  EXPECT_EQ(scripts[1].rfind("add table ip stead\nflush table ip stead\n", 0), 0u);
  EXPECT_EQ(metrics_.services->Get(), 1);
  EXPECT_EQ(metrics_.endpoints->Get(), 1);
}

TEST_F(SyncerTest, LeftoverTableIsLookedAtOnceAndReplaced) {
  nft_.SetExisting("table ip stead {\n\tchain leftover {\n\t}\n}\n");
  std::vector<std::string> logged;
  log::SetSink([&](std::string_view line) { logged.emplace_back(line); });
  ASSERT_TRUE(syncer_.Sync({}, {}).ok());
  ASSERT_TRUE(syncer_.Sync({}, {}).ok());
  log::SetSink(nullptr);
  EXPECT_EQ(nft_.lists(), 1);
  EXPECT_TRUE(Contains(nft_.scripts()[0], "delete table ip stead\n"));
  bool found = false;
  for (const auto& l : logged) found |= Contains(l, "replacing the nftables table left by");
  EXPECT_TRUE(found);
}

TEST_F(SyncerTest, StaleChainsDeletedAfterDelayInOwnTransaction) {
  ASSERT_TRUE(
      syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1", "10.244.1.2"})}).ok());
  EXPECT_FALSE(syncer_.NextCleanup().has_value());
  // 10.244.1.2 goes away: its chain is no longer referenced...
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  ASSERT_TRUE(syncer_.NextCleanup().has_value());
  EXPECT_EQ(*syncer_.NextCleanup(), clock_.Now() + Syncer::kStaleChainDelay);
  EXPECT_FALSE(Contains(nft_.last(), "10.244.1.2"));
  // ...but only deleted once it has been unreferenced for a second.
  clock_.Advance(milliseconds(500));
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  EXPECT_EQ(nft_.scripts().size(), 3u);
  clock_.Advance(milliseconds(500));
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  auto scripts = nft_.scripts();
  ASSERT_EQ(scripts.size(), 5u);
  EXPECT_EQ(scripts[3], "delete chain ip stead endpoint-" +
                            HashAndTruncate("default/a/tcp/http__10.244.1.2/8080") + "\n");
  EXPECT_FALSE(syncer_.NextCleanup().has_value());
}

TEST_F(SyncerTest, ChainInUseAgainIsNotDeleted) {
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {}).ok());
  EXPECT_TRUE(syncer_.NextCleanup().has_value());
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  for (const auto& s : nft_.scripts()) EXPECT_FALSE(Contains(s, "delete chain")) << s;
  EXPECT_FALSE(syncer_.NextCleanup().has_value());
}

TEST_F(SyncerTest, StaleAffinitySetsDeletedInTheSyncTransaction) {
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5", true)}, {Slice("a", {"10.244.1.1"})}).ok());
  EXPECT_TRUE(Contains(nft_.last(), "add set ip stead affinity-"));
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5", false)}, {Slice("a", {"10.244.1.1"})}).ok());
  EXPECT_TRUE(Contains(nft_.last(), "delete set ip stead affinity-"));
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5", false)}, {Slice("a", {"10.244.1.1"})}).ok());
  EXPECT_FALSE(Contains(nft_.last(), "delete set"));
}

TEST_F(SyncerTest, FailedSyncChangesNothingAndIsCounted) {
  nft_.FailNext(1);
  Status s = syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(metrics_.sync_failures->Get(), 1);
  // The next attempt still replaces the table (the first never landed).
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {Slice("a", {"10.244.1.1"})}).ok());
  EXPECT_TRUE(Contains(nft_.last(), "delete table ip stead\n"));
}

TEST_F(SyncerTest, CleanupDeletesTableAndNextSyncReplaces) {
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {}).ok());
  ASSERT_TRUE(syncer_.Cleanup().ok());
  EXPECT_EQ(nft_.deleted_tables(), std::vector<std::string>{"stead"});
  ASSERT_TRUE(syncer_.Sync({Service("a", "10.96.0.5")}, {}).ok());
  EXPECT_TRUE(Contains(nft_.last(), "delete table ip stead\n"));
}

TEST(SyncerConntrack, DeletesUdpFlowsToRemovedEndpointsAfterSync) {
  FakeNft nft;
  testing::FakeConntrack ct;
  FakeClock clock;
  MetricsRegistry registry;
  SyncerMetrics metrics(registry);
  Syncer syncer(&nft, &ct, &clock, RulesetOptions(), &metrics);
  Json svc = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", "dns"}, {"namespace", "default"}}},
              {"spec",
               {{"clusterIP", "10.96.0.10"},
                {"ports", {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}}}}}}};
  Json slice = *Slice("dns", {"10.244.1.1"});
  slice["ports"] = Json::parse(R"([{"name":"dns","port":5353,"protocol":"UDP"}])");
  ct.Add(
      "udp 17 25 src=10.244.98.2 dst=10.96.0.10 sport=40000 dport=53 src=10.244.1.1 "
      "dst=10.244.98.2 sport=5353 dport=40000 mark=0 use=1");
  ct.Add(
      "udp 17 25 src=10.244.98.2 dst=10.96.0.10 sport=40001 dport=53 src=10.244.1.2 "
      "dst=10.244.98.2 sport=5353 dport=40001 mark=0 use=1");
  ASSERT_TRUE(
      syncer.Sync({std::make_shared<const Json>(svc)}, {std::make_shared<const Json>(slice)}).ok());
  EXPECT_EQ(ct.deletes, std::vector<std::string>{"10.96.0.10:53->10.244.1.2"});
  EXPECT_EQ(metrics.conntrack_deleted->Get(), 1);
  EXPECT_EQ(ParseUdpFlows(*ct.ListUdp()).size(), 1u);
}

}  // namespace
}  // namespace stead::agent::proxy

#include "dns/cluster_dns.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "unit/client/test_cluster.h"

namespace stead::dns {
namespace {

using client::testing::Eventually;
using client::testing::TestCluster;

TEST(DnsFlagsTest, ListenAddresses) {
  auto defaults = ListenAddressesFromFlag(nullptr, "10.96.0.10");
  ASSERT_TRUE(defaults.ok());
  ASSERT_EQ(defaults->size(), 2u);
  EXPECT_EQ((*defaults)[0].host, "127.0.0.1");
  EXPECT_EQ((*defaults)[0].port, 53);
  EXPECT_FALSE((*defaults)[0].required);
  EXPECT_FALSE((*defaults)[0].when_local);
  EXPECT_EQ((*defaults)[1].host, "10.96.0.10");
  EXPECT_FALSE((*defaults)[1].required);
  EXPECT_TRUE((*defaults)[1].when_local);
  EXPECT_TRUE(IsLocalAddress("127.0.0.1"));
  EXPECT_FALSE(IsLocalAddress("192.0.2.200"));

  std::string none = "none";
  auto off = ListenAddressesFromFlag(&none, "10.96.0.10");
  ASSERT_TRUE(off.ok());
  EXPECT_TRUE(off->empty());

  std::string list = "127.0.0.1:5353,[::1]:53";
  auto two = ListenAddressesFromFlag(&list, "10.96.0.10");
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].port, 5353);
  EXPECT_TRUE((*two)[0].required);
  EXPECT_EQ((*two)[1].host, "::1");

  for (std::string bad : {"127.0.0.1", "localhost:53", "127.0.0.1:x", "127.0.0.1:70000", ","}) {
    EXPECT_FALSE(ListenAddressesFromFlag(&bad, "10.96.0.10").ok()) << bad;
  }
}

TEST(DnsFlagsTest, UpstreamsSkipOurOwnAddresses) {
  std::string path = ::testing::TempDir() + "/stead-dns-resolv.conf." + std::to_string(getpid());
  std::ofstream(path) << "nameserver 127.0.0.1\nnameserver 10.0.0.2\nsearch example\n";
  std::vector<ListenAddress> listen = {{"127.0.0.1", 53, false}};
  EXPECT_EQ(UpstreamsFor({}, path, listen), std::vector<std::string>{"10.0.0.2"});
  // On another port the loopback resolver is someone else.
  std::vector<ListenAddress> other = {{"127.0.0.1", 5353, true}};
  EXPECT_EQ(UpstreamsFor({}, path, other), (std::vector<std::string>{"127.0.0.1", "10.0.0.2"}));
  // The flag wins over the file.
  EXPECT_EQ(UpstreamsFor({"192.0.2.1:5300"}, path, listen),
            std::vector<std::string>{"192.0.2.1:5300"});
  EXPECT_TRUE(UpstreamsFor({}, path + ".missing", listen).empty());
  std::remove(path.c_str());
}

std::optional<Message> AskUdp(uint16_t port, const std::string& name) {
  Message q;
  q.header.id = 99;
  q.questions.push_back({name, kTypeA, kClassIN});
  std::string wire = SerializeMessage(q);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sendto(fd, wire.data(), wire.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  char buf[4096];
  ssize_t n = recv(fd, buf, sizeof(buf), 0);
  close(fd);
  if (n <= 0) return std::nullopt;
  auto m = ParseMessage(std::string_view(buf, n));
  if (!m.ok()) return std::nullopt;
  return *m;
}

TEST(ClusterDnsTest, ServesWhatTheApiHolds) {
  TestCluster cluster;
  MetricsRegistry metrics;
  ClusterDnsOptions options;
  options.listen.push_back({"127.0.0.1", 0, true});
  auto created = cluster.client().Create(
      cluster.Type("", "services"), "default",
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata", {{"name", "before"}, {"namespace", "default"}}},
       {"spec", {{"clusterIP", "None"}, {"ports", {{{"name", "api"}, {"port", 80}}}}}}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(cluster.client()
                  .Create(cluster.Type("discovery.k8s.io", "endpointslices"), "default",
                          {{"apiVersion", "discovery.k8s.io/v1"},
                           {"kind", "EndpointSlice"},
                           {"metadata",
                            {{"name", "before-1"},
                             {"namespace", "default"},
                             {"labels", {{"kubernetes.io/service-name", "before"}}}}},
                           {"addressType", "IPv4"},
                           {"endpoints", {{{"addresses", {"10.244.0.5"}}, {"hostname", "p-0"}}}}})
                  .ok());
  options.listen.push_back({"192.0.2.200", 0, false, true});  // not (yet) on an interface
  auto dns = ClusterDns::Start(&cluster.resources(), &cluster.clock(), &metrics, options);
  ASSERT_TRUE(dns.ok()) << dns.status().ToString();
  ASSERT_EQ((*dns)->addresses().size(), 1u);
  const std::string address = (*dns)->addresses().at(0);
  uint16_t port = static_cast<uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));

  // What existed before Start is served from the first query on.
  auto first = AskUdp(port, "p-0.before.default.svc.cluster.local");
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->answers.size(), 1u);
  EXPECT_EQ(FormatIp(first->answers[0].data), "10.244.0.5");

  // Later objects follow their watch events.
  ASSERT_TRUE(cluster.client()
                  .Create(cluster.Type("", "services"), "default",
                          {{"apiVersion", "v1"},
                           {"kind", "Service"},
                           {"metadata", {{"name", "later"}, {"namespace", "default"}}},
                           {"spec", {{"clusterIP", "10.96.5.5"}, {"ports", {{{"port", 80}}}}}}})
                  .ok());
  EXPECT_TRUE(Eventually([&] {
    auto m = AskUdp(port, "later.default.svc.cluster.local");
    return m && m->answers.size() == 1 && FormatIp(m->answers[0].data) == "10.96.5.5";
  }));
  ASSERT_TRUE(cluster.client().Delete(cluster.Type("", "services"), "default", "later").ok());
  EXPECT_TRUE(Eventually([&] {
    auto m = AskUdp(port, "later.default.svc.cluster.local");
    return m && m->header.rcode == kRcodeNXDomain;
  }));
  EXPECT_NE(metrics.Render().find("dns_zone_services 1"), std::string::npos);
  (*dns)->Stop();
}

}  // namespace
}  // namespace stead::dns

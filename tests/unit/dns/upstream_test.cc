#include "dns/upstream.h"

#include <gtest/gtest.h>

#include "dns/message.h"
#include "unit/dns/fake_nameserver.h"

namespace stead::dns {
namespace {

std::string Query(const std::string& name, uint16_t id = 4242) {
  Message m;
  m.header.id = id;
  m.header.rd = true;
  m.questions.push_back({name, kTypeA, kClassIN});
  return SerializeMessage(m);
}

UpstreamServer Server(const std::string& text) {
  auto s = ParseUpstreamServer(text);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

TEST(DnsUpstreamTest, ParsesAddresses) {
  EXPECT_EQ(Server("10.0.0.2").text, "10.0.0.2:53");
  EXPECT_EQ(Server("10.0.0.2:5353").text, "10.0.0.2:5353");
  EXPECT_EQ(Server("fd00::2").text, "[fd00::2]:53");
  EXPECT_EQ(Server("[fd00::2]:54").text, "[fd00::2]:54");
  EXPECT_EQ(Server("fe80::1%eth0").text, "[fe80::1]:53");
  EXPECT_FALSE(ParseUpstreamServer("dns.example").ok());
  EXPECT_FALSE(ParseUpstreamServer("10.0.0.2:0").ok());
  EXPECT_FALSE(ParseUpstreamServer("10.0.0.2:99999").ok());
  EXPECT_FALSE(ParseUpstreamServer("[fd00::2").ok());
}

TEST(DnsUpstreamTest, ParsesResolvConf) {
  EXPECT_EQ(ParseResolvConf("# comment\nsearch example.com\nnameserver 10.0.0.2\n"
                            "nameserver   fd00::1  \noptions ndots:5\nnameserver\n"),
            (std::vector<std::string>{"10.0.0.2", "fd00::1"}));
}

TEST(DnsUpstreamTest, ForwardsOverUdpAndRestoresTheId) {
  testing::FakeNameserver ns;
  Forwarder f({Server(ns.address())}, std::chrono::seconds(5));
  auto reply = f.Exchange(Query("example.com"), false);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  auto m = ParseMessage(*reply);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->header.id, 4242);
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(m->answers[0].data, std::string("\xc0\x00\x02\x07", 4));
  EXPECT_EQ(ns.udp_queries.load(), 1);
}

TEST(DnsUpstreamTest, IgnoresRepliesWithTheWrongId) {
  testing::FakeNameserver ns;
  ns.send_stray = true;
  Forwarder f({Server(ns.address())}, std::chrono::seconds(5));
  auto reply = f.Exchange(Query("example.com"), false);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(ParseMessage(*reply)->answers.size(), 1u);
}

TEST(DnsUpstreamTest, TcpGetsTheWholeAnswer) {
  testing::FakeNameserver ns;
  Forwarder f({Server(ns.address())}, std::chrono::seconds(5));
  auto udp = f.Exchange(Query("big.example.com"), false);
  ASSERT_TRUE(udp.ok());
  EXPECT_TRUE(ParseMessage(*udp)->header.tc);
  auto tcp = f.Exchange(Query("big.example.com"), true);
  ASSERT_TRUE(tcp.ok()) << tcp.status().ToString();
  auto m = ParseMessage(*tcp);
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->header.tc);
  EXPECT_EQ(m->answers.size(), 100u);
  EXPECT_EQ(m->header.id, 4242);
}

TEST(DnsUpstreamTest, TimesOutAndTriesTheNextServer) {
  testing::FakeNameserver ns;
  Forwarder silent({Server(ns.address())}, std::chrono::milliseconds(100));
  auto timeout = silent.Exchange(Query("silent.example.com"), false);
  EXPECT_FALSE(timeout.ok());
  // A dead server first (nothing listens on the TCP port of a closed
  // socket), the fake second.
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(probe, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  getsockname(probe, reinterpret_cast<sockaddr*>(&a), &len);
  close(probe);
  Forwarder two({Server("127.0.0.1:" + std::to_string(ntohs(a.sin_port))), Server(ns.address())},
                std::chrono::seconds(5));
  auto reply = two.Exchange(Query("example.com"), true);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(ParseMessage(*reply)->answers.size(), 1u);
}

TEST(DnsUpstreamTest, NoServersFails) {
  Forwarder none({}, std::chrono::milliseconds(100));
  EXPECT_FALSE(none.Exchange(Query("example.com"), false).ok());
}

}  // namespace
}  // namespace stead::dns

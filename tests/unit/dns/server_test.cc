#include "dns/server.h"

#include <gtest/gtest.h>

#include "unit/dns/fake_nameserver.h"

namespace stead::dns {
namespace {

std::string Query(const std::string& name, uint16_t type, uint16_t id) {
  Message m;
  m.header.id = id;
  m.header.rd = true;
  m.questions.push_back({name, type, kClassIN});
  return SerializeMessage(m);
}

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

class DnsServerTest : public ::testing::Test {
 protected:
  DnsServerTest()
      : zone_(ZoneOptions{}, &clock_),
        forwarder_({*ParseUpstreamServer(upstream_.address())}, std::chrono::seconds(5)),
        resolver_(&zone_, &forwarder_) {
    zone_.UpsertService({{"metadata", {{"name", "web"}, {"namespace", "default"}}},
                         {"spec", {{"clusterIP", "10.96.0.42"}}}});
    DnsServerOptions o;
    o.listen.push_back({"127.0.0.1", 0, true});
    auto s = DnsServer::Start(o, &resolver_, &metrics_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
    const std::string a = server_->addresses().at(0);
    port_ = static_cast<uint16_t>(std::stoi(a.substr(a.rfind(':') + 1)));
  }

  Message Udp(const std::string& query) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    sockaddr_in a = Loopback(port_);
    sendto(fd, query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof(a));
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    close(fd);
    EXPECT_GT(n, 0);
    auto m = ParseMessage(std::string_view(buf, n > 0 ? n : 0));
    EXPECT_TRUE(m.ok());
    return m.ok() ? *m : Message();
  }

  FakeClock clock_;
  testing::FakeNameserver upstream_;
  ZoneIndex zone_;
  Forwarder forwarder_;
  Resolver resolver_;
  MetricsRegistry metrics_;
  std::unique_ptr<DnsServer> server_;
  uint16_t port_ = 0;
};

TEST_F(DnsServerTest, AnswersOverUdp) {
  Message m = Udp(Query("web.default.svc.cluster.local", kTypeA, 11));
  EXPECT_EQ(m.header.id, 11);
  ASSERT_EQ(m.answers.size(), 1u);
  EXPECT_EQ(FormatIp(m.answers[0].data), "10.96.0.42");
  Message fwd = Udp(Query("example.com", kTypeA, 12));
  EXPECT_EQ(fwd.header.id, 12);
  ASSERT_EQ(fwd.answers.size(), 1u);
  EXPECT_EQ(FormatIp(fwd.answers[0].data), "192.0.2.7");
  std::string text = metrics_.Render();
  EXPECT_NE(text.find("dns_requests_total{proto=\"udp\",rcode=\"NOERROR\",type=\"A\"} 2"),
            std::string::npos)
      << text;
}

TEST_F(DnsServerTest, AnswersPipelinedQueriesOverTcp) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(port_);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  std::string out;
  for (uint16_t id : {21, 22}) {
    std::string q =
        Query(id == 21 ? "web.default.svc.cluster.local" : "big.example.com", kTypeA, id);
    out.push_back(static_cast<char>(q.size() >> 8));
    out.push_back(static_cast<char>(q.size()));
    out += q;
  }
  ASSERT_EQ(send(fd, out.data(), out.size(), 0), static_cast<ssize_t>(out.size()));
  for (uint16_t id : {21, 22}) {
    unsigned char len[2];
    ASSERT_EQ(recv(fd, len, 2, MSG_WAITALL), 2);
    std::string reply(len[0] << 8 | len[1], '\0');
    ASSERT_EQ(recv(fd, reply.data(), reply.size(), MSG_WAITALL),
              static_cast<ssize_t>(reply.size()));
    auto m = ParseMessage(reply);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->header.id, id);
    EXPECT_FALSE(m->header.tc);
    EXPECT_EQ(m->answers.size(), id == 21 ? 1u : 100u);
  }
  close(fd);
}

TEST_F(DnsServerTest, StopsWithOpenConnections) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(port_);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  server_->Stop();
  close(fd);
}

TEST(DnsServerBindTest, RequiredAddressesMustBind) {
  FakeClock clock;
  ZoneIndex zone(ZoneOptions{}, &clock);
  Resolver resolver(&zone, nullptr);
  MetricsRegistry metrics;
  DnsServerOptions required;
  required.listen.push_back({"192.0.2.123", 0, true});  // not a local address
  EXPECT_FALSE(DnsServer::Start(required, &resolver, &metrics).ok());
  DnsServerOptions optional;
  optional.listen.push_back({"192.0.2.123", 0, false});
  auto s = DnsServer::Start(optional, &resolver, &metrics);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->addresses().empty());
}

}  // namespace
}  // namespace stead::dns

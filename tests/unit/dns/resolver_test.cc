#include "dns/resolver.h"

#include <gtest/gtest.h>

#include <mutex>

namespace stead::dns {
namespace {

// Answers every query with one A record 192.0.2.1 (or fails), and records
// what it was asked.
class FakeUpstream : public Upstream {
 public:
  Result<std::string> Exchange(std::string_view query, bool tcp) override {
    std::lock_guard lock(mu_);
    auto q = ParseMessage(query);
    EXPECT_TRUE(q.ok());
    asked.push_back(q->questions.empty() ? "" : q->questions[0].name);
    used_tcp.push_back(tcp);
    if (fail) return Status::Timeout("upstream did not answer in time");
    Message r;
    r.header = q->header;
    r.header.qr = true;
    r.header.ra = true;
    r.questions = q->questions;
    for (int i = 0; i < answers; ++i) {
      r.answers.push_back(MakeAddressRecord(q->questions[0].name, 60,
                                            std::string("\xc0\x00\x02", 3) + char(i + 1)));
    }
    return SerializeMessage(r);
  }

  std::mutex mu_;
  std::vector<std::string> asked;
  std::vector<bool> used_tcp;
  bool fail = false;
  int answers = 1;
};

class ResolverTest : public ::testing::Test {
 protected:
  ResolverTest() : zone_(ZoneOptions{}, &clock_), resolver_(&zone_, &upstream_) {
    zone_.UpsertNamespace("default");
    zone_.UpsertService({{"metadata", {{"name", "web"}, {"namespace", "default"}}},
                         {"spec", {{"clusterIP", "10.96.0.42"}, {"clusterIPs", {"10.96.0.42"}}}}});
  }

  static std::string Query(const std::string& name, uint16_t type,
                           std::optional<uint16_t> edns = {}, uint8_t opcode = kOpcodeQuery) {
    Message m;
    m.header.id = 777;
    m.header.rd = true;
    m.header.opcode = opcode;
    m.questions.push_back({name, type, kClassIN});
    if (edns) {
      Edns e;
      e.udp_size = *edns;
      m.edns = e;
    }
    return SerializeMessage(m);
  }

  // Answer, and Forward when asked to, as a server does.
  Message Resolve(const std::string& query, Transport t = Transport::kUdp) {
    Reply r = resolver_.Answer(query, t);
    if (r.forward) r = resolver_.Forward(query, t);
    last_wire_ = r.wire;
    auto m = ParseMessage(r.wire);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : Message();
  }

  FakeClock clock_;
  ZoneIndex zone_;
  FakeUpstream upstream_;
  Resolver resolver_;
  std::string last_wire_;
};

TEST_F(ResolverTest, AnswersZoneNamesAuthoritatively) {
  Reply first = resolver_.Answer(Query("web.default.svc.cluster.local", kTypeA), Transport::kUdp);
  EXPECT_FALSE(first.forward);
  Message m = Resolve(Query("web.default.svc.cluster.local", kTypeA));
  EXPECT_EQ(m.header.id, 777);
  EXPECT_TRUE(m.header.qr);
  EXPECT_TRUE(m.header.aa);
  EXPECT_TRUE(m.header.rd);
  EXPECT_TRUE(m.header.ra);
  ASSERT_EQ(m.answers.size(), 1u);
  EXPECT_EQ(FormatIp(m.answers[0].data), "10.96.0.42");
  EXPECT_FALSE(m.edns.has_value());
  EXPECT_TRUE(upstream_.asked.empty());
}

TEST_F(ResolverTest, NxdomainAndNodataNeverGoUpstream) {
  Message nx = Resolve(Query("nope.default.svc.cluster.local", kTypeA));
  EXPECT_EQ(nx.header.rcode, kRcodeNXDomain);
  ASSERT_EQ(nx.authority.size(), 1u);
  EXPECT_EQ(nx.authority[0].type, kTypeSOA);
  Message nodata = Resolve(Query("web.default.svc.cluster.local", kTypeAAAA));
  EXPECT_EQ(nodata.header.rcode, kRcodeNoError);
  EXPECT_TRUE(nodata.answers.empty());
  EXPECT_EQ(nodata.authority.size(), 1u);
  EXPECT_TRUE(upstream_.asked.empty());
}

TEST_F(ResolverTest, ForwardsOtherNames) {
  Reply r = resolver_.Answer(Query("example.com", kTypeA), Transport::kUdp);
  EXPECT_TRUE(r.forward);
  Message m = Resolve(Query("example.com", kTypeA));
  EXPECT_EQ(m.header.id, 777);
  ASSERT_EQ(m.answers.size(), 1u);
  EXPECT_EQ(FormatIp(m.answers[0].data), "192.0.2.1");
  EXPECT_EQ(upstream_.asked, std::vector<std::string>{"example.com"});
  // Unknown reverse names too.
  Resolve(Query("9.9.9.9.in-addr.arpa", kTypePTR));
  EXPECT_EQ(upstream_.asked.size(), 2u);
}

TEST_F(ResolverTest, UpstreamFailureIsServfail) {
  upstream_.fail = true;
  Message m = Resolve(Query("example.com", kTypeA));
  EXPECT_EQ(m.header.rcode, kRcodeServFail);
  EXPECT_EQ(m.questions.size(), 1u);
  Resolver without(&zone_, nullptr);
  Reply r = without.Forward(Query("example.com", kTypeA), Transport::kUdp);
  auto parsed = ParseMessage(r.wire);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->header.rcode, kRcodeServFail);
  EXPECT_FALSE(parsed->header.ra);
}

TEST_F(ResolverTest, TcpQueriesForwardOverTcp) {
  Resolve(Query("example.com", kTypeA), Transport::kTcp);
  ASSERT_EQ(upstream_.used_tcp.size(), 1u);
  EXPECT_TRUE(upstream_.used_tcp[0]);
}

TEST_F(ResolverTest, LargeAnswersAreTruncatedOverUdpOnly) {
  zone_.UpsertService({{"metadata", {{"name", "big"}, {"namespace", "default"}}},
                       {"spec", {{"clusterIP", "None"}}}});
  Json endpoints = Json::array();
  for (int i = 0; i < 200; ++i) {
    endpoints.push_back(
        {{"addresses", {"10.244." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1)}}});
  }
  zone_.UpsertEndpointSlice({{"metadata",
                              {{"name", "big-1"},
                               {"namespace", "default"},
                               {"labels", {{"kubernetes.io/service-name", "big"}}}}},
                             {"addressType", "IPv4"},
                             {"endpoints", endpoints}});
  Message udp = Resolve(Query("big.default.svc.cluster.local", kTypeA));
  EXPECT_TRUE(udp.header.tc);
  EXPECT_LE(last_wire_.size(), 512u);
  Message edns = Resolve(Query("big.default.svc.cluster.local", kTypeA, 1232));
  EXPECT_TRUE(edns.header.tc);
  EXPECT_LE(last_wire_.size(), 1232u);
  EXPECT_GT(last_wire_.size(), 512u);
  ASSERT_TRUE(edns.edns.has_value());
  EXPECT_EQ(edns.edns->udp_size, Resolver::kEdnsUdpSize);
  Message tcp = Resolve(Query("big.default.svc.cluster.local", kTypeA), Transport::kTcp);
  EXPECT_FALSE(tcp.header.tc);
  EXPECT_EQ(tcp.answers.size(), 200u);
}

TEST_F(ResolverTest, RefusesOtherOpcodesAndZoneTransfers) {
  Message notify = Resolve(Query("cluster.local", kTypeSOA, {}, 4));
  EXPECT_EQ(notify.header.rcode, kRcodeRefused);
  EXPECT_EQ(notify.header.opcode, 4);
  Message axfr = Resolve(Query("cluster.local", kTypeAXFR));
  EXPECT_EQ(axfr.header.rcode, kRcodeRefused);
  EXPECT_TRUE(upstream_.asked.empty());
}

TEST_F(ResolverTest, MalformedQueriesGetFormerrAndResponsesAreIgnored) {
  std::string q = Query("web.default.svc.cluster.local", kTypeA);
  Reply bad = resolver_.Answer(q.substr(0, q.size() - 3), Transport::kUdp);
  auto m = ParseMessage(bad.wire);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->header.rcode, kRcodeFormErr);
  EXPECT_EQ(m->header.id, 777);
  std::string response = q;
  response[2] = static_cast<char>(response[2] | 0x80);
  EXPECT_TRUE(resolver_.Answer(response, Transport::kUdp).wire.empty());
  EXPECT_TRUE(resolver_.Answer("abc", Transport::kUdp).wire.empty());
  // No question at all.
  Message none;
  none.header.id = 5;
  auto r = ParseMessage(resolver_.Answer(SerializeMessage(none), Transport::kUdp).wire);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->header.rcode, kRcodeFormErr);
}

TEST_F(ResolverTest, UnknownEdnsVersionIsBadvers) {
  Message q;
  q.header.id = 9;
  q.questions.push_back({"web.default.svc.cluster.local", kTypeA, kClassIN});
  Edns e;
  e.version = 1;
  q.edns = e;
  Message m = Resolve(SerializeMessage(q));
  ASSERT_TRUE(m.edns.has_value());
  EXPECT_EQ(m.edns->extended_rcode, 1);
  EXPECT_EQ(m.header.rcode, 0);
  EXPECT_TRUE(m.answers.empty());
}

TEST_F(ResolverTest, CachedUpstreamRepliesSkipTheUpstream) {
  AnswerCache cache(&clock_, {});
  Resolver cached(&zone_, &upstream_, &cache);
  Reply first = cached.Forward(Query("example.com", kTypeA), Transport::kUdp);
  EXPECT_EQ(upstream_.asked.size(), 1u);
  Reply second = cached.Answer(Query("EXAMPLE.com", kTypeA, 1232), Transport::kUdp);
  EXPECT_FALSE(second.forward);
  EXPECT_EQ(upstream_.asked.size(), 1u);
  auto m = ParseMessage(second.wire);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->header.id, 777);
  EXPECT_FALSE(m->header.aa);
  EXPECT_EQ(m->questions[0].name, "EXAMPLE.com");  // the asker's case
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(FormatIp(m->answers[0].data), "192.0.2.1");
  EXPECT_TRUE(m->edns.has_value());
  // Failures are not remembered.
  upstream_.fail = true;
  cached.Forward(Query("fails.example", kTypeA), Transport::kUdp);
  EXPECT_TRUE(cached.Answer(Query("fails.example", kTypeA), Transport::kUdp).forward);
  // Zone names never come from the cache.
  EXPECT_FALSE(
      cached.Answer(Query("web.default.svc.cluster.local", kTypeA), Transport::kUdp).forward);
}

TEST_F(ResolverTest, ExternalNameChasesUpstream) {
  zone_.UpsertService({{"metadata", {{"name", "ext"}, {"namespace", "default"}}},
                       {"spec", {{"type", "ExternalName"}, {"externalName", "db.example.com"}}}});
  Reply r = resolver_.Answer(Query("ext.default.svc.cluster.local", kTypeA), Transport::kUdp);
  EXPECT_TRUE(r.forward);
  Message m = Resolve(Query("ext.default.svc.cluster.local", kTypeA));
  ASSERT_EQ(m.answers.size(), 2u);
  EXPECT_EQ(m.answers[0].type, kTypeCNAME);
  EXPECT_EQ(m.answers[0].target, "db.example.com");
  EXPECT_EQ(m.answers[1].name, "db.example.com");
  EXPECT_EQ(upstream_.asked, std::vector<std::string>{"db.example.com"});
  // Without an upstream answer the CNAME alone is returned.
  upstream_.fail = true;
  Message alone = Resolve(Query("ext.default.svc.cluster.local", kTypeA));
  EXPECT_EQ(alone.header.rcode, kRcodeNoError);
  EXPECT_EQ(alone.answers.size(), 1u);
}

}  // namespace
}  // namespace stead::dns

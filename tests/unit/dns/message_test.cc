#include "dns/message.h"

#include <gtest/gtest.h>

#include <random>

namespace stead::dns {
namespace {

Message Query(const std::string& name, uint16_t type) {
  Message m;
  m.header.id = 0x1234;
  m.header.rd = true;
  m.questions.push_back({name, type, kClassIN});
  return m;
}

TEST(DnsMessageTest, QueryRoundTrips) {
  Message q = Query("qdrant-0.qdrant-service.default.svc.cluster.local", kTypeA);
  Edns e;
  e.udp_size = 1232;
  e.dnssec_ok = true;
  q.edns = e;
  std::string wire = SerializeMessage(q);
  auto back = ParseMessage(wire);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->header.id, 0x1234);
  EXPECT_TRUE(back->header.rd);
  EXPECT_FALSE(back->header.qr);
  ASSERT_EQ(back->questions.size(), 1u);
  EXPECT_EQ(back->questions[0].name, "qdrant-0.qdrant-service.default.svc.cluster.local");
  EXPECT_EQ(back->questions[0].type, kTypeA);
  ASSERT_TRUE(back->edns.has_value());
  EXPECT_EQ(back->edns->udp_size, 1232);
  EXPECT_TRUE(back->edns->dnssec_ok);
  EXPECT_TRUE(back->additional.empty());  // OPT is not a record
}

TEST(DnsMessageTest, EveryRecordTypeRoundTrips) {
  Message m = Query("web.default.svc.cluster.local", kTypeANY);
  m.header.qr = true;
  m.header.aa = true;
  m.header.rcode = kRcodeNXDomain;
  m.answers.push_back(MakeAddressRecord("a.example", 5, std::string("\x0a\x00\x00\x01", 4)));
  m.answers.push_back(MakeAddressRecord("a.example", 5, std::string(16, '\x01')));
  m.answers.push_back(MakeNameRecord("c.example", kTypeCNAME, 5, "a.example"));
  m.answers.push_back(MakeNameRecord("1.0.0.10.in-addr.arpa", kTypePTR, 5, "a.example"));
  m.answers.push_back(MakeSrvRecord("_http._tcp.a.example", 5, {1, 50, 8080, "a.example"}));
  m.answers.push_back(MakeTxtRecord("v.example", 5, {"1.1.0", "x"}));
  m.authority.push_back(MakeSoaRecord(
      "example", 5, {"ns.dns.example", "hostmaster.example", 9, 7200, 1800, 86400, 5}));
  m.additional.push_back(MakeNameRecord("example", kTypeNS, 5, "ns.dns.example"));
  auto back = ParseMessage(SerializeMessage(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->header.aa);
  EXPECT_EQ(back->header.rcode, kRcodeNXDomain);
  ASSERT_EQ(back->answers.size(), 6u);
  EXPECT_EQ(back->answers[0].data, std::string("\x0a\x00\x00\x01", 4));
  EXPECT_EQ(back->answers[1].type, kTypeAAAA);
  EXPECT_EQ(back->answers[2].target, "a.example");
  EXPECT_EQ(back->answers[3].target, "a.example");
  EXPECT_EQ(back->answers[4].srv.port, 8080);
  EXPECT_EQ(back->answers[4].srv.weight, 50);
  EXPECT_EQ(back->answers[4].srv.target, "a.example");
  EXPECT_EQ(back->answers[5].data, std::string("\x05"
                                               "1.1.0"
                                               "\x01"
                                               "x"));
  ASSERT_EQ(back->authority.size(), 1u);
  EXPECT_EQ(back->authority[0].soa.rname, "hostmaster.example");
  EXPECT_EQ(back->authority[0].soa.expire, 86400u);
  ASSERT_EQ(back->additional.size(), 1u);
  EXPECT_EQ(back->additional[0].target, "ns.dns.example");
}

TEST(DnsMessageTest, NamesAreCompressed) {
  Message m = Query("web.default.svc.cluster.local", kTypeA);
  m.header.qr = true;
  for (int i = 0; i < 10; ++i) {
    m.answers.push_back(
        MakeAddressRecord("web.default.svc.cluster.local", 5, std::string(4, char(i))));
  }
  std::string wire = SerializeMessage(m);
  // Header 12 + question (31 + 4) + 10 answers of pointer 2 + 10 fixed + 4.
  EXPECT_EQ(wire.size(), 12u + 35u + 10u * 16u);
  // A suffix is reused too: "other.svc.cluster.local" points into the question.
  Message n = Query("web.default.svc.cluster.local", kTypePTR);
  n.answers.push_back(
      MakeNameRecord("web.default.svc.cluster.local", kTypePTR, 5, "other.svc.cluster.local"));
  std::string w2 = SerializeMessage(n);
  EXPECT_EQ(w2.size(), 12u + 35u + 2u + 10u + 6u + 2u);
  auto back = ParseMessage(w2);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->answers[0].target, "other.svc.cluster.local");
}

TEST(DnsMessageTest, ManyDistinctNamesRoundTrip) {
  Message m = Query("_api._tcp.big.default.svc.cluster.local", kTypeSRV);
  for (int i = 0; i < 300; ++i) {
    std::string target = "pod-" + std::to_string(i) + ".big.default.svc.cluster.local";
    m.answers.push_back(MakeSrvRecord(m.questions[0].name, 5, {0, 1, 80, target}));
    m.additional.push_back(MakeAddressRecord(target, 5, std::string(4, char(i))));
    m.additional.push_back(MakeNameRecord("x" + std::to_string(i) + ".Default.SVC.cluster.local",
                                          kTypeCNAME, 5, target));
  }
  auto back = ParseMessage(SerializeMessage(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->answers.size(), 300u);
  ASSERT_EQ(back->additional.size(), 600u);
  for (int i = 0; i < 300; ++i) {
    std::string target = "pod-" + std::to_string(i) + ".big.default.svc.cluster.local";
    EXPECT_EQ(back->answers[i].srv.target, target);
    EXPECT_EQ(back->additional[2 * i].name, target);
    EXPECT_EQ(CanonicalName(back->additional[2 * i + 1].name),
              "x" + std::to_string(i) + ".default.svc.cluster.local");
    EXPECT_EQ(back->additional[2 * i + 1].target, target);
  }
}

TEST(DnsMessageTest, CompressionIsCaseInsensitiveAndKeepsQuestionCase) {
  Message m = Query("WEB.Default.svc.cluster.local", kTypeA);
  m.answers.push_back(MakeAddressRecord("web.default.svc.cluster.local", 5, std::string(4, 'x')));
  auto back = ParseMessage(SerializeMessage(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->questions[0].name, "WEB.Default.svc.cluster.local");
  EXPECT_EQ(CanonicalName(back->answers[0].name), "web.default.svc.cluster.local");
}

TEST(DnsMessageTest, TruncatesAnswersThatDoNotFit) {
  Message m = Query("big.default.svc.cluster.local", kTypeA);
  m.header.qr = true;
  for (int i = 0; i < 100; ++i) {
    m.answers.push_back(
        MakeAddressRecord("big.default.svc.cluster.local", 5, std::string(4, char(i))));
  }
  m.additional.push_back(MakeAddressRecord("x.example", 5, std::string(4, 'x')));
  std::string wire = SerializeMessage(m, kMaxUdpSize);
  EXPECT_LE(wire.size(), kMaxUdpSize);
  auto back = ParseMessage(wire);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->header.tc);
  EXPECT_EQ(back->answers.size(), (kMaxUdpSize - 12 - 35) / 16);
  EXPECT_TRUE(back->additional.empty());
  // Everything fits over TCP.
  auto full = ParseMessage(SerializeMessage(m));
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE(full->header.tc);
  EXPECT_EQ(full->answers.size(), 100u);
  EXPECT_EQ(full->additional.size(), 1u);
}

TEST(DnsMessageTest, AdditionalRecordsAreDroppedWithoutTruncation) {
  Message m = Query("s.example", kTypeSRV);
  m.answers.push_back(MakeSrvRecord("s.example", 5, {0, 100, 80, "t.example"}));
  for (int i = 0; i < 60; ++i) {
    m.additional.push_back(MakeAddressRecord("t.example", 5, std::string(4, char(i))));
  }
  Edns e;
  m.edns = e;
  auto back = ParseMessage(SerializeMessage(m, kMaxUdpSize));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->header.tc);
  EXPECT_EQ(back->answers.size(), 1u);
  EXPECT_LT(back->additional.size(), 60u);
  EXPECT_TRUE(back->edns.has_value());  // the OPT record always fits
}

TEST(DnsMessageTest, RejectsMalformedPackets) {
  EXPECT_FALSE(ParseMessage("").ok());
  EXPECT_FALSE(ParseMessage(std::string(11, '\0')).ok());
  std::string wire = SerializeMessage(Query("a.example", kTypeA));
  // Truncated anywhere inside the question.
  for (size_t n = 12; n < wire.size(); ++n) {
    EXPECT_FALSE(ParseMessage(wire.substr(0, n)).ok()) << n;
  }
  // A pointer to itself (a loop) and a forward pointer.
  std::string loop = wire.substr(0, 12) + std::string("\xC0\x0C\x00\x01\x00\x01", 6);
  EXPECT_FALSE(ParseMessage(loop).ok());
  std::string forward = wire.substr(0, 12) + std::string("\xC0\x20\x00\x01\x00\x01", 6);
  EXPECT_FALSE(ParseMessage(forward).ok());
  // Counts that promise more than the packet holds.
  std::string counts = wire;
  counts[6] = '\x7f';
  EXPECT_FALSE(ParseMessage(counts).ok());
}

TEST(DnsMessageTest, EscapesDotsInsideLabels) {
  std::string wire = SerializeMessage(Query("x", kTypeA));
  // Replace the name with one label "a.b".
  std::string odd = wire.substr(0, 12) + std::string(
                                             "\x03"
                                             "a.b"
                                             "\x00\x00\x01\x00\x01",
                                             9);
  auto m = ParseMessage(odd);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->questions[0].name, "a\\.b");
  EXPECT_EQ(SerializeMessage(*m), odd);
}

TEST(DnsMessageTest, RandomAndMutatedInputNeverCrash) {
  std::mt19937 rng(42);
  Message seed = Query("_api._tcp.qdrant-service.default.svc.cluster.local", kTypeSRV);
  seed.answers.push_back(
      MakeSrvRecord(seed.questions[0].name, 5,
                    {0, 33, 6333, "qdrant-0.qdrant-service.default.svc.cluster.local"}));
  seed.additional.push_back(MakeAddressRecord("qdrant-0.qdrant-service.default.svc.cluster.local",
                                              5, std::string(4, 'x')));
  seed.edns = Edns();
  const std::string good = SerializeMessage(seed);
  size_t parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    switch (i % 3) {
      case 0: {  // random bytes
        input.resize(rng() % 300);
        for (char& c : input) c = static_cast<char>(rng());
        break;
      }
      case 1:  // truncated
        input = good.substr(0, rng() % (good.size() + 1));
        break;
      default: {  // a few bytes flipped
        input = good;
        for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
          input[rng() % input.size()] = static_cast<char>(rng());
        }
      }
    }
    auto m = ParseMessage(input);
    if (m.ok()) {
      ++parsed;
      // Whatever parses re-serializes and parses again.
      std::string again = SerializeMessage(*m, kMaxUdpSize);
      EXPECT_LE(again.size(), kMaxMessageSize);
      EXPECT_TRUE(ParseHeader(again).ok());
    }
  }
  EXPECT_GT(parsed, 0u);
}

}  // namespace
}  // namespace stead::dns

#include "dns/answer_cache.h"

#include <gtest/gtest.h>

namespace stead::dns {
namespace {

using std::chrono::seconds;

Message Reply(uint8_t rcode, std::vector<uint32_t> answer_ttls, std::optional<uint32_t> soa = {}) {
  Message m;
  m.header.qr = true;
  m.header.rcode = rcode;
  m.questions.push_back({"example.com", kTypeA, kClassIN});
  for (uint32_t ttl : answer_ttls) {
    m.answers.push_back(MakeAddressRecord("example.com", ttl, std::string("\xc0\x00\x02\x01", 4)));
  }
  if (soa) {
    m.authority.push_back(
        MakeSoaRecord("com", 900, {"a.gtld", "nstld", 1, 1800, 900, 604800, *soa}));
  }
  return m;
}

class AnswerCacheTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  const Question q_{"Example.COM", kTypeA, kClassIN};
};

TEST_F(AnswerCacheTest, KeepsAnswersForTheirSmallestTtlAndLowersIt) {
  AnswerCache cache(&clock_, {});
  EXPECT_FALSE(cache.Get(q_, false).has_value());
  cache.Put(q_, false, Reply(kRcodeNoError, {20, 12}));
  clock_.Advance(seconds(5));
  auto hit = cache.Get({"example.com", kTypeA, kClassIN}, false);  // any case
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->answers[0].ttl, 15u);
  EXPECT_EQ(hit->answers[1].ttl, 7u);
  clock_.Advance(seconds(7));
  EXPECT_FALSE(cache.Get(q_, false).has_value());
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 2u);
}

TEST_F(AnswerCacheTest, CapsAtThirtySeconds) {
  AnswerCache cache(&clock_, {});
  cache.Put(q_, false, Reply(kRcodeNoError, {3600}));
  clock_.Advance(seconds(29));
  auto hit = cache.Get(q_, false);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->answers[0].ttl, 3571u);
  clock_.Advance(seconds(1));
  EXPECT_FALSE(cache.Get(q_, false).has_value());
}

TEST_F(AnswerCacheTest, NegativeRepliesLastTheirSoaMinimum) {
  AnswerCache cache(&clock_, {});
  cache.Put(q_, false, Reply(kRcodeNXDomain, {}, 10));
  clock_.Advance(seconds(9));
  auto hit = cache.Get(q_, false);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->header.rcode, kRcodeNXDomain);
  clock_.Advance(seconds(1));
  EXPECT_FALSE(cache.Get(q_, false).has_value());
  // Without a SOA a negative reply is not cached.
  cache.Put(q_, false, Reply(kRcodeNXDomain, {}));
  EXPECT_FALSE(cache.Get(q_, false).has_value());
}

TEST_F(AnswerCacheTest, FailuresAndTruncatedRepliesAreNotCached) {
  AnswerCache cache(&clock_, {});
  cache.Put(q_, false, Reply(kRcodeServFail, {60}));
  EXPECT_FALSE(cache.Get(q_, false).has_value());
  Message tc = Reply(kRcodeNoError, {60});
  tc.header.tc = true;
  cache.Put(q_, false, tc);
  EXPECT_FALSE(cache.Get(q_, false).has_value());
  cache.Put(q_, false, Reply(kRcodeNoError, {0}));
  EXPECT_FALSE(cache.Get(q_, false).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(AnswerCacheTest, TypeAndDnssecOkAreKeys) {
  AnswerCache cache(&clock_, {});
  cache.Put(q_, false, Reply(kRcodeNoError, {60}));
  EXPECT_FALSE(cache.Get({"example.com", kTypeAAAA, kClassIN}, false).has_value());
  EXPECT_FALSE(cache.Get(q_, true).has_value());
  EXPECT_TRUE(cache.Get(q_, false).has_value());
}

TEST_F(AnswerCacheTest, StaysWithinItsCapacity) {
  AnswerCache::Options o;
  o.capacity = 3;
  AnswerCache cache(&clock_, o);
  for (int i = 0; i < 10; ++i) {
    cache.Put({"n" + std::to_string(i) + ".example", kTypeA, kClassIN}, false,
              Reply(kRcodeNoError, {60}));
    EXPECT_LE(cache.size(), 3u);
  }
  EXPECT_TRUE(cache.Get({"n9.example", kTypeA, kClassIN}, false).has_value());
}

}  // namespace
}  // namespace stead::dns

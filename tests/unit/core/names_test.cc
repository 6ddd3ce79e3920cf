#include "core/names.h"

#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace stead {
namespace {

TEST(NamesTest, RandomSuffixUsesUpstreamAlphabet) {
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    std::string s = RandomSuffix(10);
    ASSERT_EQ(s.size(), 10u);
    for (char c : s) {
      EXPECT_NE(std::string_view("bcdfghjklmnpqrstvwxz2456789").find(c), std::string_view::npos)
          << c;
      seen.insert(c);
    }
  }
  EXPECT_EQ(seen.size(), 27u);  // 2000 draws cover all 27 symbols
  EXPECT_EQ(RandomSuffix(0), "");
}

TEST(NamesTest, GenerateNameTruncatesBase) {
  std::string name = GenerateName("web-");
  EXPECT_EQ(name.size(), 9u);
  EXPECT_EQ(name.substr(0, 4), "web-");
  std::string long_name = GenerateName(std::string(70, 'a'));
  EXPECT_EQ(long_name.size(), 63u);
  EXPECT_EQ(long_name.substr(0, 58), std::string(58, 'a'));
  EXPECT_NE(long_name.substr(58, 1), "a");
}

TEST(NamesTest, NewUidIsVersion4) {
  const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> uids;
  for (int i = 0; i < 100; ++i) {
    std::string uid = NewUid();
    EXPECT_TRUE(std::regex_match(uid, kUuid)) << uid;
    uids.insert(uid);
  }
  EXPECT_EQ(uids.size(), 100u);
}

TEST(NamesTest, FnvMatchesGoGoldenValues) {
  EXPECT_EQ(Fnv1Hash32(""), 0x811c9dc5u);
  EXPECT_EQ(Fnv1Hash32("a"), 0x050c5d7eu);
  EXPECT_EQ(Fnv1Hash32("ab"), 0x70772d38u);
  EXPECT_EQ(Fnv1Hash32("abc"), 0x439c2f4bu);
  EXPECT_EQ(Fnv1aHash32(""), 0x811c9dc5u);
  EXPECT_EQ(Fnv1aHash32("a"), 0xe40c292cu);
  EXPECT_EQ(Fnv1aHash32("ab"), 0x4d2505cau);
  EXPECT_EQ(Fnv1aHash32("abc"), 0x1a47e90bu);
}

TEST(NamesTest, SafeEncodeString) {
  EXPECT_EQ(SafeEncodeString("0123456789"), "456789bcdf");
  EXPECT_EQ(SafeEncodeString(""), "");
  // ControllerRevision-style: the decimal FNV-1 hash, safe-encoded.
  EXPECT_EQ(SafeEncodeString(std::to_string(Fnv1Hash32("abc"))), "557874f5f9");
}

}  // namespace
}  // namespace stead

#include "core/base64.h"

#include <string>

#include <gtest/gtest.h>

namespace stead {
namespace {

TEST(Base64Test, RoundTripsGoPairs) {
  struct {
    std::string decoded, encoded;
  } pairs[] = {
      {"", ""},
      {"\x14\xfb\x9c\x03\xd9\x7e", "FPucA9l+"},
      {"\x14\xfb\x9c\x03\xd9", "FPucA9k="},
      {"\x14\xfb\x9c\x03", "FPucAw=="},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {"sure.", "c3VyZS4="},
      {"sure", "c3VyZQ=="},
      {"sur", "c3Vy"},
      {"su", "c3U="},
      {"leasure.", "bGVhc3VyZS4="},
      {"easure.", "ZWFzdXJlLg=="},
      {"asure.", "YXN1cmUu"},
      {std::string("\0\xff", 2), "AP8="},
  };
  for (const auto& p : pairs) {
    EXPECT_EQ(Base64Encode(p.decoded), p.encoded);
    Result<std::string> d = Base64Decode(p.encoded);
    ASSERT_TRUE(d.ok()) << p.encoded << ": " << d.status().message();
    EXPECT_EQ(*d, p.decoded);
  }
}

TEST(Base64Test, IgnoresNewlinesAndTrailingBits) {
  EXPECT_EQ(Base64Decode("Zm9v\nYmFy\r\n").value(), "foobar");
  EXPECT_EQ(Base64Decode("Z\nm\r8\n=").value(), "fo");
  EXPECT_EQ(Base64Decode("Zg=\n=").value(), "f");
  EXPECT_EQ(Base64Decode("Zh==").value(), "f");  // non-zero unused bits are fine
  EXPECT_EQ(Base64Decode("\n").value(), "");
}

TEST(Base64Test, CorruptOffsetsMatchGo) {
  struct {
    const char* in;
    int offset;  // -1: valid
  } cases[] = {
      {"", -1},       {"\n", -1},         {"AAA=\n", -1}, {"AAAA\n", -1}, {"!!!!", 0},
      {"====", 0},    {"x===", 1},        {"=AAA", 0},    {"A=AA", 1},    {"AA=A", 2},
      {"AA==A", 4},   {"AAA=AAAA", 4},    {"AAAAA", 4},   {"AAAAAA", 4},  {"A=", 1},
      {"A==", 1},     {"AA=", 3},         {"AA==", -1},   {"AAA=", -1},   {"AAAA", -1},
      {"AAAAAA=", 7}, {"YWJjZA=====", 8}, {"A!\n", 1},    {"A=\n", 1},    {"Zm9v YmFy", 4},
  };
  for (const auto& c : cases) {
    Result<std::string> r = Base64Decode(c.in);
    if (c.offset < 0) {
      EXPECT_TRUE(r.ok()) << c.in << ": " << r.status().message();
    } else {
      ASSERT_FALSE(r.ok()) << c.in;
      EXPECT_EQ(r.status().message(),
                "illegal base64 data at input byte " + std::to_string(c.offset))
          << c.in;
      EXPECT_EQ(r.status().http_code(), 400);
    }
  }
}

}  // namespace
}  // namespace stead

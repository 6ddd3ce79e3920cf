#include "core/go_quote.h"

#include <gtest/gtest.h>

namespace stead {
namespace {

TEST(GoQuoteTest, EscapesLikeStrconvQuote) {
  EXPECT_EQ(GoQuote(""), "\"\"");
  EXPECT_EQ(GoQuote("a b"), "\"a b\"");
  EXPECT_EQ(GoQuote("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(GoQuote("\a\b\f\n\r\t\v"), "\"\\a\\b\\f\\n\\r\\t\\v\"");
  EXPECT_EQ(GoQuote(std::string("\x00\x01\x7f", 3)), "\"\\x00\\x01\\x7f\"");
  EXPECT_EQ(GoQuote("h\xc3\xa9llo \xe2\x98\x83"), "\"h\xc3\xa9llo \xe2\x98\x83\"");  // é, snowman
  EXPECT_EQ(GoQuote("\xff"
                    "a\xc3"),
            "\"\\xffa\\xc3\"");                                    // invalid UTF-8
  EXPECT_EQ(GoQuote("\xc2\xa0"), "\"\\u00a0\"");                   // NBSP
  EXPECT_EQ(GoQuote("\xe2\x80\x8b"), "\"\\u200b\"");               // zero-width space
  EXPECT_EQ(GoQuote("\xf3\xb0\x80\x80"), "\"\\U000f0000\"");       // private use
  EXPECT_EQ(GoQuote("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");  // emoji
}

TEST(GoQuoteTest, StringSlices) {
  EXPECT_EQ(GoStringSlice({}, true), "[]string(nil)");
  EXPECT_EQ(GoStringSlice({}), "[]string{}");
  EXPECT_EQ(GoStringSlice({"a", "b\n"}), "[]string{\"a\", \"b\\n\"}");
}

}  // namespace
}  // namespace stead

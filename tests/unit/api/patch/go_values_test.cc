#include "api/patch/go_values.h"

#include <gtest/gtest.h>

namespace stead::api::patch {
namespace {

Json J(const char* text) { return Json::parse(text); }

TEST(GoValuesTest, FormatsLikeFmtV) {
  EXPECT_EQ(GoFormat(J(R"({"name":"web","ports":[{"containerPort":80}],"x":null,"ok":true})")),
            "map[name:web ok:true ports:[map[containerPort:80]] x:<nil>]");
  EXPECT_EQ(GoFormat(J("[]")), "[]");
  EXPECT_EQ(GoFormat(J("-7")), "-7");
  EXPECT_EQ(GoFormat(J("18446744073709551615")), "1.8446744073709552e+19");
}

TEST(GoValuesTest, FormatsFloatsLikeShortestG) {
  EXPECT_EQ(GoFormat(J("1.5")), "1.5");
  EXPECT_EQ(GoFormat(J("1.0")), "1");
  EXPECT_EQ(GoFormat(J("100000.0")), "100000");
  EXPECT_EQ(GoFormat(J("1000000.0")), "1e+06");
  EXPECT_EQ(GoFormat(J("1234567.5")), "1.2345675e+06");
  EXPECT_EQ(GoFormat(J("0.0001")), "0.0001");
  EXPECT_EQ(GoFormat(J("0.00001")), "1e-05");
  EXPECT_EQ(GoFormat(J("-2.5e-10")), "-2.5e-10");
}

TEST(GoValuesTest, FormatsLikeFmtS) {
  EXPECT_EQ(GoFormatS(J(R"("delete")")), "delete");
  EXPECT_EQ(GoFormatS(J("1")), "%!s(int64=1)");
  EXPECT_EQ(GoFormatS(J("true")), "%!s(bool=true)");
  EXPECT_EQ(GoFormatS(J("null")), "%!s(<nil>)");
  EXPECT_EQ(GoFormatS(J(R"({"a":1})")), "map[a:%!s(int64=1)]");
}

TEST(GoValuesTest, NamesTypes) {
  EXPECT_EQ(GoTypeString(J("{}")), "map[string]interface {}");
  EXPECT_EQ(GoTypeString(J("[]")), "[]interface {}");
  EXPECT_EQ(GoTypeString(J("1")), "int64");
  EXPECT_EQ(GoTypeString(J("1.0")), "float64");
  EXPECT_EQ(GoTypeString(J("null")), "%!s(<nil>)");
}

TEST(GoValuesTest, ComparesLikeGoInterfaces) {
  EXPECT_TRUE(GoEqual(J("1"), J("1")));
  EXPECT_TRUE(GoEqual(J("-1"), Json(int64_t{-1})));
  EXPECT_FALSE(GoEqual(J("1"), J("1.0")));
  EXPECT_FALSE(GoEqual(J("1"), J(R"("1")")));
  EXPECT_TRUE(GoEqual(J("null"), J("null")));
  EXPECT_TRUE(GoEqual(J(R"({"a":[1]})"), J(R"({"a":[1]})")));
  EXPECT_FALSE(GoEqual(J(R"({"a":[1]})"), J(R"({"a":[1.0]})")));
}

}  // namespace
}  // namespace stead::api::patch

#include "api/patch/merge_patch.h"

#include <gtest/gtest.h>

namespace stead::api::patch {
namespace {

Json J(const char* text) { return Json::parse(text); }

struct Case {
  const char* name;
  const char* doc;
  const char* patch;
  const char* expected;
};

class MergePatchTest : public ::testing::TestWithParam<Case> {};

TEST_P(MergePatchTest, Applies) {
  const Case& c = GetParam();
  Result<Json> r = ApplyMergePatch(J(c.doc), J(c.patch));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, J(c.expected));
}

INSTANTIATE_TEST_SUITE_P(
    Rfc7386, MergePatchTest,
    ::testing::Values(
        // RFC 7386 appendix A (the object-patch examples).
        Case{"ReplaceValue", R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
        Case{"AddMember", R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
        Case{"NullRemoves", R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
        Case{"ScalarReplacesArray", R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
        Case{"ArrayReplacesScalar", R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
        Case{"NestedMerge", R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})",
             R"({"a":{"b":"d"}})"},
        Case{"ArraysAreReplacedWhole", R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
        Case{"ExistingNullKept", R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
        Case{"NonObjectDocumentBecomesPatch", R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
        Case{"NullsInAddedObjectPruned", R"({})", R"({"a":{"bb":{"ccc":null}}})",
             R"({"a":{"bb":{}}})"},
        // Library details: arrays keep null elements but lose nulls inside
        // their objects, except when they replace an object.
        Case{"NullElementsKept", R"({})", R"({"a":[null,{"b":null}]})", R"({"a":[null,{}]})"},
        Case{"ArrayOverObjectKeepsNulls", R"({"a":{"x":1}})", R"({"a":[{"b":null}]})",
             R"({"a":[{"b":null}]})"},
        Case{"ArrayOverScalarPrunes", R"({"a":1})", R"({"a":[{"b":null}]})", R"({"a":[{}]})"},
        Case{
            "StatusConditionsReplaced",
            R"({"status":{"conditions":[{"type":"A","status":"True"}],"replicas":1}})",
            R"({"status":{"conditions":[{"type":"StatusPatched","status":"True"}]}})",
            R"({"status":{"conditions":[{"type":"StatusPatched","status":"True"}],"replicas":1}})"}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(MergePatchErrorTest, RejectsNonObjectPatches) {
  Result<Json> r = ApplyMergePatch(J(R"({"a":1})"), Json());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(), "Invalid JSON Patch");

  r = ApplyMergePatch(J(R"({"a":1})"), J(R"(["c"])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(),
            "error decoding patch: json: cannot unmarshal array into Go value of type "
            "map[string]interface {}");
}

}  // namespace
}  // namespace stead::api::patch

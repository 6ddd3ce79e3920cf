#include "api/patch/json_patch.h"

#include <gtest/gtest.h>

#include <string>

namespace stead::api::patch {
namespace {

Json J(const char* text) { return Json::parse(text); }

struct Case {
  const char* name;
  const char* doc;
  const char* patch;
  const char* expected;
};

class JsonPatchTest : public ::testing::TestWithParam<Case> {};

TEST_P(JsonPatchTest, Applies) {
  const Case& c = GetParam();
  Result<Json> r = ApplyJsonPatch(J(c.doc), J(c.patch));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, J(c.expected));
}

INSTANTIATE_TEST_SUITE_P(
    Operations, JsonPatchTest,
    ::testing::Values(
        Case{"AddMember", R"({"a":1})", R"([{"op":"add","path":"/b","value":2}])",
             R"({"a":1,"b":2})"},
        Case{"AddReplacesExistingMember", R"({"a":1})", R"([{"op":"add","path":"/a","value":[1]}])",
             R"({"a":[1]})"},
        Case{"AddInsertsIntoArray", R"({"a":[1,3]})", R"([{"op":"add","path":"/a/1","value":2}])",
             R"({"a":[1,2,3]})"},
        Case{"AddAtArrayEnd", R"({"a":[1]})", R"([{"op":"add","path":"/a/1","value":2}])",
             R"({"a":[1,2]})"},
        Case{"DashAppends", R"({"a":[1]})", R"([{"op":"add","path":"/a/-","value":{"b":2}}])",
             R"({"a":[1,{"b":2}]})"},
        Case{"NegativeIndexCountsFromEnd", R"({"a":[1,2,3]})",
             R"([{"op":"remove","path":"/a/-1"},{"op":"replace","path":"/a/-2","value":0}])",
             R"({"a":[0,2]})"},
        Case{"SignedAndZeroPaddedIndices", R"({"a":[1,2,3]})",
             R"([{"op":"remove","path":"/a/+01"}])", R"({"a":[1,3]})"},
        Case{"AddWithoutValueAddsNull", R"({})", R"([{"op":"add","path":"/a"}])", R"({"a":null})"},
        Case{"EscapedTokens", R"({"a/b":{"m~n":1}})",
             R"([{"op":"replace","path":"/a~1b/m~0n","value":2},
                 {"op":"add","path":"/~01","value":3}])",
             R"({"a/b":{"m~n":2},"~1":3})"},
        Case{"RemoveMember", R"({"a":1,"b":{"c":2}})", R"([{"op":"remove","path":"/b/c"}])",
             R"({"a":1,"b":{}})"},
        Case{"ReplaceAnnotation", R"({"metadata":{"annotations":{"x":"1"}}})",
             R"([{"op":"replace","path":"/metadata/annotations/x","value":"2"}])",
             R"({"metadata":{"annotations":{"x":"2"}}})"},
        // The library only checks that an array index exists.
        Case{"ReplaceOfMissingMemberAdds", R"({"spec":{}})",
             R"([{"op":"replace","path":"/spec/replicas","value":3}])",
             R"({"spec":{"replicas":3}})"},
        Case{"ReplaceWholeDocument", R"({"a":1})",
             R"([{"op":"replace","path":"","value":{"b":2}}])", R"({"b":2})"},
        Case{"ReplaceWholeDocumentWithScalarIsNoop", R"({"a":1})",
             R"([{"op":"replace","path":"","value":3}])", R"({"a":1})"},
        Case{"MoveMember", R"({"a":{"b":1},"c":{}})",
             R"([{"op":"move","from":"/a/b","path":"/c/d"}])", R"({"a":{},"c":{"d":1}})"},
        Case{"MoveWithinArray", R"({"a":[1,2,3]})",
             R"([{"op":"move","from":"/a/0","path":"/a/-"}])", R"({"a":[2,3,1]})"},
        Case{"CopyDeep", R"({"a":{"b":[1]}})", R"([{"op":"copy","from":"/a","path":"/c"}])",
             R"({"a":{"b":[1]},"c":{"b":[1]}})"},
        Case{"CopyOfMissingMemberCopiesNull", R"({"a":1})",
             R"([{"op":"copy","from":"/zz","path":"/c"}])", R"({"a":1,"c":null})"},
        // The library drops the first token unchecked.
        Case{"FirstPathTokenIgnored", R"({"a":1})", R"([{"op":"add","path":"x/b","value":2}])",
             R"({"a":1,"b":2})"},
        Case{"TestThenReplace", R"({"metadata":{"resourceVersion":"5"},"spec":{"replicas":1}})",
             R"([{"op":"test","path":"/metadata/resourceVersion","value":"5"},
                 {"op":"replace","path":"/spec/replicas","value":3}])",
             R"({"metadata":{"resourceVersion":"5"},"spec":{"replicas":3}})"},
        Case{"TestStructural", R"({"a":{"x":[1,{"y":null}],"z":true}})",
             R"([{"op":"test","path":"/a","value":{"z":true,"x":[1,{"y":null}]}}])",
             R"({"a":{"x":[1,{"y":null}],"z":true}})"},
        Case{"TestNullMatchesMissing", R"({"a":1})", R"([{"op":"test","path":"/b","value":null}])",
             R"({"a":1})"},
        Case{"NullPatchIsNoop", R"({"a":1})", "null", R"({"a":1})"}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

struct ErrorCase {
  const char* name;
  const char* doc;
  const char* patch;
  const char* message;
};

class JsonPatchErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(JsonPatchErrorTest, FailsWithLibraryMessage) {
  const ErrorCase& c = GetParam();
  Result<Json> r = ApplyJsonPatch(J(c.doc), J(c.patch));
  ASSERT_FALSE(r.ok()) << r->dump();
  EXPECT_EQ(r.status().http_code(), 422);
  EXPECT_EQ(r.status().reason(), "Invalid");
  EXPECT_EQ(r.status().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Operations, JsonPatchErrorTest,
    ::testing::Values(
        ErrorCase{
            "AddUnderMissingParent", R"({"a":1})", R"([{"op":"add","path":"/spec/foo","value":1}])",
            "add operation does not apply: doc is missing path: \"/spec/foo\": missing value"},
        ErrorCase{"AddThroughScalar", R"({"a":1})", R"([{"op":"add","path":"/a/b","value":1}])",
                  "add operation does not apply: doc is missing path: \"/a/b\": missing value"},
        ErrorCase{"AddPastArrayEnd", R"({"a":[1]})", R"([{"op":"add","path":"/a/3","value":1}])",
                  "error in add for path: '/a/3': Unable to access invalid index: 3: invalid "
                  "index referenced"},
        ErrorCase{"AddBadIndex", R"({"a":[1]})", R"([{"op":"add","path":"/a/x","value":1}])",
                  "error in add for path: '/a/x': value was not a proper array index: 'x': "
                  "strconv.Atoi: parsing \"x\": invalid syntax"},
        ErrorCase{"RemoveMissingMember", R"({"a":{}})", R"([{"op":"remove","path":"/a/b"}])",
                  "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing "
                  "value"},
        ErrorCase{"RemoveDash", R"({"a":[]})", R"([{"op":"remove","path":"/a/-"}])",
                  "error in remove for path: '/a/-': strconv.Atoi: parsing \"-\": invalid syntax"},
        ErrorCase{"ReplaceMissingIndex", R"({"spec":{"containers":[{}]}})",
                  R"([{"op":"replace","path":"/spec/containers/3","value":{}}])",
                  "replace operation does not apply: doc is missing key: /spec/containers/3: "
                  "missing value"},
        ErrorCase{"ReplaceUnderMissingParent", R"({})",
                  R"([{"op":"replace","path":"/spec/foo","value":1}])",
                  "replace operation does not apply: doc is missing path: /spec/foo: missing "
                  "value"},
        ErrorCase{"MoveFromMissing", R"({"a":{}})", R"([{"op":"move","from":"/a/b","path":"/c"}])",
                  "error in move for path: 'b': Unable to remove nonexistent key: b: missing "
                  "value"},
        ErrorCase{"MoveToMissingParent", R"({"a":1})",
                  R"([{"op":"move","from":"/a","path":"/x/y"}])",
                  "move operation does not apply: doc is missing destination path: /x/y: missing "
                  "value"},
        ErrorCase{"CopyWithoutFrom", R"({})", R"([{"op":"copy","path":"/a"}])",
                  "copy operation failed to decode from: operation, missing from field: missing "
                  "value"},
        ErrorCase{"TestFails", R"({"a":"x"})", R"([{"op":"test","path":"/a","value":"y"}])",
                  "testing value /a failed: test failed"},
        // Go encodes the number 1 as "1", never as the patch's "1.0".
        ErrorCase{"TestComparesNumberText", R"({"a":1})",
                  R"([{"op":"test","path":"/a","value":1.0}])",
                  "testing value /a failed: test failed"},
        ErrorCase{"TestWithoutValue", R"({"a":[]})", R"([{"op":"test","path":"/a"}])",
                  "testing value /a failed: test failed"},
        ErrorCase{"TestOfWholeDocument", R"({"a":1})", R"([{"op":"test","path":"","value":{}}])",
                  "testing value  failed: test failed"},
        ErrorCase{"SingleTokenPath", R"({})", R"([{"op":"add","path":"a","value":1}])",
                  "add operation does not apply: doc is missing path: \"a\": missing value"},
        ErrorCase{"MissingPath", R"({})", R"([{"op":"add","value":1}])",
                  "add operation failed to decode path: missing value"},
        ErrorCase{"UnknownOp", R"({})", R"([{"op":"merge","path":"/a"}])",
                  "Unexpected kind: merge"},
        ErrorCase{"MissingOp", R"({})", R"([{"path":"/a"}])", "Unexpected kind: unknown"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

TEST(JsonPatchTest, LaterOperationsSeeEarlierOnes) {
  Result<Json> r = ApplyJsonPatch(J(R"({"metadata":{}})"),
                                  J(R"([{"op":"add","path":"/metadata/labels","value":{}},
                                        {"op":"add","path":"/metadata/labels/app","value":"web"},
                                        {"op":"test","path":"/metadata/labels/app","value":"web"}])"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, J(R"({"metadata":{"labels":{"app":"web"}}})"));
}

TEST(JsonPatchTest, FailedOperationLeavesNoPartialResult) {
  Result<Json> r = ApplyJsonPatch(J(R"({"a":1})"), J(R"([{"op":"add","path":"/b","value":2},
                                                        {"op":"remove","path":"/zz"}])"));
  EXPECT_FALSE(r.ok());
}

TEST(JsonPatchTest, RejectsBadShapesLikeTheStrictDecoder) {
  struct {
    const char* patch;
    const char* message;
  } cases[] = {
      {R"({"op":"add"})",
       "error decoding patch: json: cannot unmarshal object into Go value of type "
       "[]handlers.jsonPatchOp"},
      {R"("x")",
       "error decoding patch: json: cannot unmarshal string into Go value of type "
       "[]handlers.jsonPatchOp"},
      {R"([1])",
       "error decoding patch: json: cannot unmarshal number into Go value of type "
       "handlers.jsonPatchOp"},
      {R"([{"op":"add","path":5}])",
       "error decoding patch: json: cannot unmarshal number into Go struct field "
       "jsonPatchOp.path of type string"},
  };
  for (const auto& c : cases) {
    Result<Json> r = ApplyJsonPatch(J("{}"), J(c.patch));
    ASSERT_FALSE(r.ok()) << c.patch;
    EXPECT_EQ(r.status().http_code(), 400) << c.patch;
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(JsonPatchTest, LimitsOperationCount) {
  Json ops = Json::array();
  for (size_t i = 0; i <= kMaxJsonPatchOperations; ++i) {
    ops.push_back({{"op", "test"}, {"path", "/a"}, {"value", 1}});
  }
  Result<Json> r = ApplyJsonPatch(J(R"({"a":1})"), ops);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 413);
  EXPECT_EQ(r.status().message(),
            "The allowed maximum operations in a JSON patch is 10000, got 10001");
  ops.erase(ops.begin());
  EXPECT_TRUE(ApplyJsonPatch(J(R"({"a":1})"), ops).ok());
}

TEST(JsonPatchTest, LimitsCopiedBytes) {
  // Each copy adds the value's JSON text: exactly 1 MiB with the quotes.
  Json doc = {{"big", std::string(1024 * 1024 - 2, 'x')}};
  Json ops = Json::array();
  for (int i = 0; i < 3; ++i) {
    ops.push_back({{"op", "copy"}, {"from", "/big"}, {"path", "/c" + std::to_string(i)}});
  }
  EXPECT_TRUE(ApplyJsonPatch(doc, ops).ok());
  ops.push_back({{"op", "copy"}, {"from", "/big"}, {"path", "/c3"}});
  Result<Json> r = ApplyJsonPatch(doc, ops);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 422);
  EXPECT_EQ(r.status().message(),
            "Unable to complete the copy, the accumulated size increase of copy is 4194304, "
            "exceeding the limit 3145728");
}

}  // namespace
}  // namespace stead::api::patch

#include "api/patch/patch.h"

#include <gtest/gtest.h>

#include "unit/api/patch/test_schema.h"

namespace stead::api::patch {
namespace {

Json J(const char* text) { return Json::parse(text); }

TEST(ParsePatchTypeTest, MapsContentTypes) {
  EXPECT_EQ(*ParsePatchType("application/json-patch+json"), PatchType::kJson);
  EXPECT_EQ(*ParsePatchType("application/merge-patch+json"), PatchType::kMerge);
  EXPECT_EQ(*ParsePatchType("application/strategic-merge-patch+json"), PatchType::kStrategicMerge);
  EXPECT_EQ(*ParsePatchType("application/apply-patch+yaml"), PatchType::kApply);
  EXPECT_EQ(*ParsePatchType("application/merge-patch+json; charset=utf-8"), PatchType::kMerge);
}

TEST(ParsePatchTypeTest, RouterRejectsUnknownTypes) {
  for (const char* type : {"application/json", "", "text/plain", "application/apply-patch+cbor",
                           "Application/Merge-Patch+JSON"}) {
    Result<PatchType> r = ParsePatchType(type);
    ASSERT_FALSE(r.ok()) << type;
    EXPECT_EQ(r.status().http_code(), 415);
    EXPECT_EQ(r.status().reason(), "UnsupportedMediaType");
    EXPECT_EQ(r.status().message(), "415: Unsupported Media Type");
  }
}

TEST(ParsePatchTypeTest, HandlerRejectsWhatTheRouterLetsThrough) {
  // The router matches any comma-separated entry; the handler wants one type.
  Result<PatchType> r = ParsePatchType("application/merge-patch+json, text/plain");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 415);
  EXPECT_EQ(r.status().message(),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/strategic-merge-patch+json, application/apply-patch+yaml");
}

class ApplyPatchTest : public ::testing::Test {
 protected:
  Result<Json> Apply(PatchType type, const char* body) {
    return ApplyPatch(type, original_, body, schema_.workload());
  }

  testing::TestSchema schema_;
  Json original_ = J(R"({"metadata":{"name":"web","labels":{"app":"web"}},
                         "spec":{"replicas":1,"template":{"spec":{"containers":[
                           {"name":"web","image":"nginx:1.25"}]}}}})");
};

TEST_F(ApplyPatchTest, DispatchesOnType) {
  Result<Json> json =
      Apply(PatchType::kJson, R"([{"op":"replace","path":"/spec/replicas","value":3}])");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ((*json)["spec"]["replicas"], 3);

  // A merge patch replaces lists; a strategic merge patch merges them.
  const char* add_sidecar = R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar"}]}}}})";
  Result<Json> merge = Apply(PatchType::kMerge, add_sidecar);
  ASSERT_TRUE(merge.ok()) << merge.status().ToString();
  EXPECT_EQ((*merge)["spec"]["template"]["spec"]["containers"], J(R"([{"name":"sidecar"}])"));

  Result<Json> strategic = Apply(PatchType::kStrategicMerge, add_sidecar);
  ASSERT_TRUE(strategic.ok()) << strategic.status().ToString();
  EXPECT_EQ((*strategic)["spec"]["template"]["spec"]["containers"],
            J(R"([{"name":"sidecar"},{"name":"web","image":"nginx:1.25"}])"));
}

TEST_F(ApplyPatchTest, MalformedBodiesAreBadRequests) {
  for (PatchType type : {PatchType::kJson, PatchType::kMerge, PatchType::kStrategicMerge}) {
    Result<Json> r = Apply(type, R"({"spec":)");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().http_code(), 400);
    EXPECT_EQ(r.status().reason(), "BadRequest");
  }
  EXPECT_EQ(Apply(PatchType::kJson, "{").status().message().rfind("error decoding patch: ", 0), 0u);
}

TEST_F(ApplyPatchTest, JsonPatchFailureGetsTheGenericInvalidMessage) {
  Result<Json> r = Apply(PatchType::kJson, R"([{"op":"remove","path":"/spec/foo"}])");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 422);
  EXPECT_EQ(r.status().reason(), "Invalid");
  EXPECT_EQ(r.status().message(), "the server rejected our request due to an error in our request");
  EXPECT_EQ(r.status().ToJson()["details"], Json::object());
}

TEST_F(ApplyPatchTest, StrategicErrorsPassThrough) {
  Result<Json> r = Apply(PatchType::kStrategicMerge,
                         R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 500);
  EXPECT_EQ(r.status().message(), "map: map[image:x] does not contain declared merge key: name");

  r = ApplyPatch(PatchType::kStrategicMerge, original_, R"({"a":1})", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 400);
}

TEST_F(ApplyPatchTest, ApplyIsNotSupportedYet) {
  Result<Json> r = Apply(PatchType::kApply, "metadata:\n  name: web\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 415);
}

}  // namespace
}  // namespace stead::api::patch

#include "api/printers/table.h"

#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace stead::api::printers {
namespace {

using testing::Ago;
using testing::Now;
using testing::Printed;

Json Pod(const std::string& name, const std::string& phase) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata",
           {{"name", name},
            {"namespace", "default"},
            {"uid", "0b7e6a4c-" + name},
            {"resourceVersion", "42"},
            {"creationTimestamp", Ago(20)},
            {"labels", {{"app", "qdrant"}}}}},
          {"spec", {{"containers", Json::array({{{"name", "qdrant"}}})}}},
          {"status", {{"phase", phase}}}};
}

TEST(TableTest, ListWithPartialObjectMetadataRows) {
  ResourceType type = Printed("", "Pod");
  Json a = Pod("qdrant-0", "Running");
  Json b = Pod("job", "Succeeded");
  Json table =
      BuildTable(type, {&a, &b}, Now(), TableOptions{},
                 {{"resourceVersion", "1234"}, {"continue", "tok"}, {"remainingItemCount", 7}});

  EXPECT_EQ(table["kind"], "Table");
  EXPECT_EQ(table["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(table["metadata"],
            Json({{"resourceVersion", "1234"}, {"continue", "tok"}, {"remainingItemCount", 7}}));
  ASSERT_EQ(table["columnDefinitions"].size(), 9u);
  EXPECT_EQ(table["columnDefinitions"][0]["name"], "Name");
  EXPECT_EQ(table["columnDefinitions"][0]["format"], "name");
  EXPECT_EQ(table["columnDefinitions"][0]["priority"], 0);
  EXPECT_EQ(table["columnDefinitions"][5]["name"], "IP");
  EXPECT_EQ(table["columnDefinitions"][5]["format"], "");
  EXPECT_EQ(table["columnDefinitions"][5]["priority"], 1);
  EXPECT_TRUE(table["columnDefinitions"][5]["description"].is_string());

  ASSERT_EQ(table["rows"].size(), 2u);
  const Json& row = table["rows"][0];
  EXPECT_EQ(row["cells"], Json::array({"qdrant-0", "0/1", "Running", "0", "20s", "<none>", "<none>",
                                       "<none>", "<none>"}));
  EXPECT_FALSE(row.contains("conditions"));
  EXPECT_EQ(row["object"], Json({{"kind", "PartialObjectMetadata"},
                                 {"apiVersion", "meta.k8s.io/v1"},
                                 {"metadata", a["metadata"]}}));
  EXPECT_EQ(table["rows"][1]["conditions"][0]["reason"], "Succeeded");
}

TEST(TableTest, SingleObjectTakesItsResourceVersion) {
  ResourceType type = Printed("", "Pod");
  Json a = Pod("qdrant-0", "Running");
  Json table = BuildTable(type, {&a}, Now(), TableOptions{}, nullptr);
  EXPECT_EQ(table["metadata"], Json({{"resourceVersion", "42"}}));
  EXPECT_EQ(table["rows"].size(), 1u);
}

TEST(TableTest, EmptyListHasEmptyRows) {
  Json table = BuildTable(Printed("apps", "StatefulSet"), {}, Now(), TableOptions{},
                          {{"resourceVersion", "9"}});
  EXPECT_EQ(table["rows"], Json::array());
  EXPECT_EQ(table["metadata"], Json({{"resourceVersion", "9"}}));
}

TEST(TableTest, IncludeObjectPolicies) {
  ResourceType type = Printed("apps", "StatefulSet");
  type.version = "v1";
  Json sts = {{"metadata", {{"name", "qdrant"}, {"namespace", "default"}}},
              {"spec", {{"replicas", 3}}}};

  TableOptions none;
  none.include_object = IncludeObject::kNone;
  Json table = BuildTable(type, {&sts}, Now(), none, Json::object());
  ASSERT_TRUE(table["rows"][0].contains("object"));
  EXPECT_TRUE(table["rows"][0]["object"].is_null());

  TableOptions full;
  full.include_object = IncludeObject::kObject;
  table = BuildTable(type, {&sts}, Now(), full, Json::object());
  Json expected = sts;
  expected["kind"] = "StatefulSet";
  expected["apiVersion"] = "apps/v1";
  EXPECT_EQ(table["rows"][0]["object"], expected);
}

TEST(TableTest, NoHeadersAndV1beta1) {
  ResourceType type = Printed("", "Namespace");
  Json ns = {{"metadata", {{"name", "default"}}}};
  TableOptions options;
  options.no_headers = true;
  options.group_version = "meta.k8s.io/v1beta1";
  Json table = BuildTable(type, {&ns}, Now(), options, nullptr);
  ASSERT_TRUE(table.contains("columnDefinitions"));
  EXPECT_TRUE(table["columnDefinitions"].is_null());
  EXPECT_EQ(table["apiVersion"], "meta.k8s.io/v1beta1");
  EXPECT_EQ(table["rows"][0]["object"]["apiVersion"], "meta.k8s.io/v1beta1");
  EXPECT_EQ(table["metadata"], Json::object());
}

TEST(TableTest, ParseIncludeObject) {
  EXPECT_EQ(*ParseIncludeObject(""), IncludeObject::kMetadata);
  EXPECT_EQ(*ParseIncludeObject("Metadata"), IncludeObject::kMetadata);
  EXPECT_EQ(*ParseIncludeObject("Object"), IncludeObject::kObject);
  EXPECT_EQ(*ParseIncludeObject("None"), IncludeObject::kNone);
  Result<IncludeObject> bad = ParseIncludeObject("Everything");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().http_code(), 400);
  EXPECT_EQ(bad.status().message(),
            "Unable to convert to Table as requested: includeObject: Invalid value: "
            "\"Everything\": must be 'Metadata', 'Object', 'None', or empty");
}

}  // namespace
}  // namespace stead::api::printers

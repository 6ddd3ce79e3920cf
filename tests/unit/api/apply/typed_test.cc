#include "api/apply/typed.h"

#include <gtest/gtest.h>

#include "api/schema/schema.h"

namespace stead::api::apply {
namespace {

Json J(const char* text) { return Json::parse(text); }

const schema::TypeDef& Kind(const char* group, const char* kind) {
  const schema::TypeDef* t = schema::Registry::Builtin().FindKind(group, "v1", kind);
  EXPECT_NE(t, nullptr) << kind;
  return *t;
}

struct FieldSetCase {
  const char* name;
  const char* group;
  const char* kind;
  const char* object;
  const char* fields_v1;
};

class ToFieldSetTest : public ::testing::TestWithParam<FieldSetCase> {};

TEST_P(ToFieldSetTest, MatchesUpstream) {
  const FieldSetCase& c = GetParam();
  FieldSet set = ToFieldSet(J(c.object), KindRef(Kind(c.group, c.kind)));
  EXPECT_EQ(set.ToFieldsV1(), J(c.fields_v1)) << set.ToFieldsV1().dump();
}

INSTANTIATE_TEST_SUITE_P(
    Objects, ToFieldSetTest,
    ::testing::Values(
        // Labels are a map: entries are members, the struct field is not.
        FieldSetCase{"DeploymentContainers", "apps", "Deployment",
                     R"({"metadata":{"name":"web","labels":{"app":"web"}},
                         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                          "template":{"metadata":{"labels":{"app":"web"}},
                           "spec":{"containers":[{"name":"nginx","image":"nginx:1.27",
                             "ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}],
                             "env":[{"name":"A","value":"1"}],
                             "volumeMounts":[{"name":"data","mountPath":"/data"}]}]}}}})",
                     R"({"f:metadata":{"f:labels":{"f:app":{}},"f:name":{}},
                         "f:spec":{"f:replicas":{},"f:selector":{},
                          "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                           "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},
                             "f:env":{"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}}},
                             "f:image":{},"f:name":{},
                             "f:ports":{"k:{\"containerPort\":53,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},"f:protocol":{}},
                                        "k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}},
                             "f:volumeMounts":{"k:{\"mountPath\":\"/data\"}":{".":{},"f:mountPath":{},"f:name":{}}}}}}}}})"},
        // volumeClaimTemplates is atomic; resources.requests a granular map.
        FieldSetCase{
            "StatefulSetClaims", "apps", "StatefulSet",
            R"({"spec":{"serviceName":"db","volumeClaimTemplates":[{"metadata":{"name":"data"}}],
                          "template":{"spec":{"containers":[{"name":"db",
                            "resources":{"requests":{"cpu":"500m"},"limits":{}}}]}}}})",
            R"({"f:spec":{"f:serviceName":{},"f:volumeClaimTemplates":{},
                          "f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"db\"}":{".":{},
                            "f:name":{},"f:resources":{"f:limits":{},"f:requests":{"f:cpu":{}}}}}}}}})"},
        // Service ports are keyed by port and protocol; null fields count.
        FieldSetCase{
            "ServicePorts", "", "Service",
            R"({"spec":{"clusterIP":"None","selector":{"app":"db"},"sessionAffinityConfig":null,
                          "ports":[{"name":"api","port":6333,"targetPort":6333}]}})",
            R"({"f:spec":{"f:clusterIP":{},"f:selector":{},"f:sessionAffinityConfig":{},
                          "f:ports":{"k:{\"port\":6333,\"protocol\":\"TCP\"}":{".":{},
                            "f:name":{},"f:port":{},"f:targetPort":{}}}}})"},
        // Finalizers are a set; owner references an atomic-struct list map.
        FieldSetCase{
            "MetadataSets", "", "ConfigMap",
            R"({"metadata":{"finalizers":["a","b"],
                          "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u1"}]},
                          "data":{"k":"v"}})",
            R"({"f:data":{"f:k":{}},"f:metadata":{"f:finalizers":{"v:\"a\"":{},"v:\"b\"":{}},
                          "f:ownerReferences":{"k:{\"uid\":\"u1\"}":{}}}})"}),
    [](const auto& info) { return info.param.name; });

TEST(CompareTest, SortsChangesIntoAddedModifiedRemoved) {
  const auto& deploy = Kind("apps", "Deployment");
  Json a = J(R"({"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"replicas":1,
      "template":{"spec":{"containers":[{"name":"c","image":"i1"},{"name":"d","image":"x"}]}}}})");
  Json b = J(R"({"metadata":{"labels":{"a":"1","c":"3"}},"spec":{"replicas":2.0,
      "template":{"spec":{"containers":[{"name":"c","image":"i2"},{"name":"e","image":"y"}]}}}})");
  auto cmp = Compare(a, b, KindRef(deploy));
  ASSERT_TRUE(cmp.ok()) << cmp.status().ToString();
  EXPECT_EQ(cmp->added.ToFieldsV1(),
            J(R"({"f:metadata":{"f:labels":{"f:c":{}}},"f:spec":{"f:template":{"f:spec":{
                 "f:containers":{"k:{\"name\":\"e\"}":{".":{},"f:image":{},"f:name":{}}}}}}})"));
  EXPECT_EQ(cmp->modified.ToFieldsV1(),
            J(R"({"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{
                 "k:{\"name\":\"c\"}":{"f:image":{}}}}}}})"));
  EXPECT_EQ(cmp->removed.ToFieldsV1(),
            J(R"({"f:metadata":{"f:labels":{"f:b":{}}},"f:spec":{"f:template":{"f:spec":{
                 "f:containers":{"k:{\"name\":\"d\"}":{".":{},"f:image":{},"f:name":{}}}}}}})"));
  // 2 and 2.0 are the same number.
  Json c = b;
  c["spec"]["replicas"] = 2;
  EXPECT_TRUE(Compare(b, c, KindRef(deploy))->IsSame());
}

TEST(MergeTest, MergesByKeysAndReplacesAtomics) {
  const auto& deploy = Kind("apps", "Deployment");
  Json live = J(R"({"metadata":{"labels":{"a":"1"}},"spec":{"selector":{"matchLabels":{"x":"1"}},
      "template":{"spec":{"containers":[{"name":"a","image":"a1"},{"name":"b","image":"b1"},
        {"name":"c","image":"c1"}],"tolerations":[{"key":"k1"}]}}}})");
  Json config = J(R"({"metadata":{"labels":{"b":"2"}},"spec":{"selector":{"matchLabels":{"y":"2"}},
      "template":{"spec":{"containers":[{"name":"c","image":"c2"},{"name":"d","image":"d1"},
        {"name":"a","image":"a2"}],"tolerations":[{"key":"k2"}]}}}})");
  auto merged = Merge(live, config, KindRef(deploy));
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  // Labels merge; the selector is atomic; containers follow the applied
  // order, live-only items staying ahead of the next shared one;
  // tolerations are atomic.
  EXPECT_EQ(*merged, J(R"({"metadata":{"labels":{"a":"1","b":"2"}},"spec":{
      "selector":{"matchLabels":{"y":"2"}},"template":{"spec":{"containers":[
        {"name":"b","image":"b1"},{"name":"c","image":"c2"},{"name":"d","image":"d1"},
        {"name":"a","image":"a2"}],"tolerations":[{"key":"k2"}]}}}})"));
}

TEST(MergeTest, KeepsLiveOnlyItemsInPlace) {
  const auto& deploy = Kind("apps", "Deployment");
  auto containers = [](const char* names) {
    Json out = Json::array();
    for (const char* p = names; *p; ++p) out.push_back({{"name", std::string(1, *p)}});
    return Json{{"spec", {{"template", {{"spec", {{"containers", out}}}}}}}};
  };
  EXPECT_EQ(Merge(containers("abc"), containers("b"), KindRef(deploy)).value(), containers("abc"));
  EXPECT_EQ(Merge(containers("abc"), containers("cb"), KindRef(deploy)).value(), containers("acb"));
  EXPECT_EQ(Merge(containers("ab"), containers("xay"), KindRef(deploy)).value(),
            containers("xaby"));
}

TEST(MergeTest, RejectsDuplicateKeysInTheConfiguration) {
  const auto& deploy = Kind("apps", "Deployment");
  Json config = J(R"({"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}}})");
  auto merged = Merge(J("{}"), config, KindRef(deploy));
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().message(),
            R"(.spec.template.spec.containers: duplicate entries for key [name="a"])");
}

TEST(RemoveItemsTest, RemovesFieldsAndItems) {
  const auto& deploy = Kind("apps", "Deployment");
  Json obj = J(R"({"metadata":{"labels":{"a":"1"},"name":"x"},"spec":{"template":{"spec":{
      "containers":[{"name":"a","image":"i"},{"name":"b","image":"j"}]}}}})");
  FieldSet remove;
  remove.Insert(
      {PathElement::Field("metadata"), PathElement::Field("labels"), PathElement::Field("a")});
  remove.Insert({PathElement::Field("spec"), PathElement::Field("template"),
                 PathElement::Field("spec"), PathElement::Field("containers"),
                 PathElement::Key({{"name", "a"}})});
  // A map emptied by the removal becomes null, as upstream leaves it.
  EXPECT_EQ(RemoveItems(obj, remove, KindRef(deploy)),
            J(R"({"metadata":{"labels":null,"name":"x"},"spec":{"template":{"spec":{
                 "containers":[{"name":"b","image":"j"}]}}}})"));
}

TEST(ValidateTest, ReportsUpstreamsMessages) {
  const auto& sts = Kind("apps", "StatefulSet");
  EXPECT_EQ(Validate(J(R"({"spec":{"replicas":3}})"), KindRef(sts), false), "");
  EXPECT_EQ(Validate(J(R"({"spec":{"foo":1}})"), KindRef(sts), false),
            ".spec.foo: field not declared in schema");
  EXPECT_EQ(Validate(J(R"({"spec":{"replicas":"3"}})"), KindRef(sts), false),
            ".spec.replicas: expected numeric (int or float), got string");
  EXPECT_EQ(Validate(J(R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})"),
                     KindRef(sts), false),
            ".spec.template.spec.containers: element 0: associative list with keys has an "
            "element that omits key field \"name\" (and doesn't have default value)");
  Json dup = J(R"({"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}}})");
  EXPECT_EQ(Validate(dup, KindRef(sts), false),
            R"(.spec.template.spec.containers: duplicate entries for key [name="a"])");
  EXPECT_EQ(Validate(dup, KindRef(sts), true), "");
  EXPECT_EQ(Validate(J(R"({"spec":{"foo":1},"status":{"bar":2}})"), KindRef(sts), false),
            "errors:\n  .spec.foo: field not declared in schema\n"
            "  .status.bar: field not declared in schema");
  // Quantities and int-or-strings take any scalar.
  EXPECT_EQ(Validate(J(R"({"spec":{"template":{"spec":{"containers":[{"name":"a",
                 "resources":{"limits":{"cpu":1}}}]}}}})"),
                     KindRef(sts), false),
            "");
}

TEST(EnsureNamedFieldsAreMembersTest, AddsStructFieldsOnly) {
  const auto& deploy = Kind("apps", "Deployment");
  FieldSet s;
  s.Insert(
      {PathElement::Field("metadata"), PathElement::Field("labels"), PathElement::Field("app")});
  FieldSet out = EnsureNamedFieldsAreMembers(s, KindRef(deploy));
  EXPECT_EQ(out.ToFieldsV1(), J(R"({"f:metadata":{".":{},"f:labels":{".":{},"f:app":{}}}})"));
}

TEST(ZeroObjectTest, HasGoZeroValues) {
  Json zero = ZeroObject(Kind("apps", "StatefulSet"));
  EXPECT_EQ(zero["apiVersion"], "apps/v1");
  EXPECT_EQ(zero["kind"], "StatefulSet");
  EXPECT_TRUE(zero["metadata"]["creationTimestamp"].is_null());
  EXPECT_FALSE(zero["metadata"].contains("labels"));
  // Non-omitempty slices and pointers are null, structs are present.
  EXPECT_TRUE(zero["spec"]["template"]["spec"]["containers"].is_null());
  EXPECT_TRUE(zero["spec"]["selector"].is_null());
  EXPECT_FALSE(zero["spec"].contains("replicas"));
  EXPECT_TRUE(zero["spec"]["updateStrategy"].is_object());
}

}  // namespace
}  // namespace stead::api::apply

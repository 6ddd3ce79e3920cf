#include "api/apply/field_set.h"

#include <gtest/gtest.h>

namespace stead::api::apply {
namespace {

Json J(const char* text) { return Json::parse(text); }

PathElement F(const char* name) { return PathElement::Field(name); }

PathElement NameKey(const char* name) { return PathElement::Key({{"name", name}}); }

PathElement PortKey(int port, const char* protocol) {
  return PathElement::Key({{"protocol", protocol}, {"containerPort", port}});
}

TEST(PathElementTest, SerializesLikeFieldsV1Keys) {
  EXPECT_EQ(F("spec").Serialize(), "f:spec");
  EXPECT_EQ(NameKey("nginx").Serialize(), R"(k:{"name":"nginx"})");
  // Key fields are sorted by name.
  EXPECT_EQ(PortKey(80, "TCP").Serialize(), R"(k:{"containerPort":80,"protocol":"TCP"})");
  EXPECT_EQ(PathElement::Value("kubernetes").Serialize(), R"(v:"kubernetes")");
  EXPECT_EQ(PathElement::Index(3).Serialize(), "i:3");
  // encoding/json escapes HTML characters.
  EXPECT_EQ(PathElement::Value("a<b").Serialize(), R"(v:"a\u003cb")");
}

TEST(PathElementTest, PrintsLikeConflictPaths) {
  Path p = {F("spec"), F("template"), F("spec"), F("containers"), NameKey("nginx"), F("image")};
  EXPECT_EQ(PathString(p), R"(.spec.template.spec.containers[name="nginx"].image)");
  EXPECT_EQ(PortKey(80, "TCP").ToString(), R"([containerPort=80,protocol="TCP"])");
  EXPECT_EQ(PathElement::Value("x").ToString(), R"([="x"])");
  EXPECT_EQ(PathElement::Index(2).ToString(), "[2]");
}

TEST(PathElementTest, DeserializesEveryKind) {
  for (const PathElement& pe : {F("spec"), NameKey("a\"b"), PortKey(8080, "UDP"),
                                PathElement::Value(3), PathElement::Index(7)}) {
    auto back = PathElement::Deserialize(pe.Serialize());
    ASSERT_TRUE(back.ok()) << pe.Serialize();
    EXPECT_EQ(*back, pe) << pe.Serialize();
  }
  EXPECT_TRUE(PathElement::Deserialize("x:whatever").status().IsNotFound());
  EXPECT_FALSE(PathElement::Deserialize("f").ok());
  EXPECT_FALSE(PathElement::Deserialize("fspec").ok());
  EXPECT_FALSE(PathElement::Deserialize("k:{").ok());
}

TEST(PathElementTest, OrdersFieldsKeysValuesIndexesAndNumbersNumerically) {
  EXPECT_LT(F("z"), NameKey("a"));
  EXPECT_LT(NameKey("z"), PathElement::Value("a"));
  EXPECT_LT(PathElement::Value("z"), PathElement::Index(0));
  // 9 before 10, unlike the serialized strings.
  EXPECT_LT(PortKey(9, "TCP"), PortKey(10, "TCP"));
  EXPECT_LT(PathElement::Value(2), PathElement::Value(2.5));
  EXPECT_LT(PathElement::Value(3), PathElement::Value("3"));
}

TEST(FieldSetTest, EncodesUpstreamsExample) {
  FieldSet s;
  s.Insert({F("metadata"), F("labels")});
  s.Insert({F("metadata"), F("labels"), F("app")});
  s.Insert({F("spec"), F("containers"), NameKey("nginx")});
  s.Insert({F("spec"), F("containers"), NameKey("nginx"), F("image")});
  EXPECT_EQ(s.ToFieldsV1().dump(),
            R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},)"
            R"("f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{}}}}})");
}

TEST(FieldSetTest, DecodesFieldsV1) {
  auto s = FieldSet::FromFieldsV1(
      J(R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},)"
        R"("f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}},)"
        R"("f:finalizers":{"v:\"a\"":{}},"x:unknown":{}}})"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->Has({F("metadata"), F("labels")}));
  EXPECT_TRUE(s->Has({F("metadata"), F("labels"), F("app")}));
  EXPECT_FALSE(s->Has({F("metadata")}));
  EXPECT_TRUE(s->Has({F("spec"), F("replicas")}));
  PathElement port = PathElement::Key({{"port", 80}, {"protocol", "TCP"}});
  EXPECT_TRUE(s->Has({F("spec"), F("ports"), port}));
  EXPECT_TRUE(s->Has({F("spec"), F("ports"), port, F("port")}));
  EXPECT_TRUE(s->Has({F("spec"), F("finalizers"), PathElement::Value("a")}));
  // Unknown element kinds are skipped; the set round-trips without them.
  EXPECT_EQ(FieldSet::FromFieldsV1(s->ToFieldsV1()).value(), *s);
  EXPECT_FALSE(FieldSet::FromFieldsV1(J(R"({"f:spec":{"k:[1]":{}}})")).ok());
  EXPECT_TRUE(FieldSet::FromFieldsV1(J("{}")).value().Empty());
}

class FieldSetOpsTest : public ::testing::Test {
 protected:
  static FieldSet Of(std::initializer_list<Path> paths) {
    FieldSet s;
    for (const auto& p : paths) s.Insert(p);
    return s;
  }
  const Path spec_{F("spec")};
  const Path replicas_{F("spec"), F("replicas")};
  const Path selector_{F("spec"), F("selector")};
  const Path labels_{F("metadata"), F("labels")};
  const Path app_{F("metadata"), F("labels"), F("app")};
};

TEST_F(FieldSetOpsTest, UnionIntersectionDifference) {
  FieldSet a = Of({replicas_, app_});
  FieldSet b = Of({replicas_, selector_});
  EXPECT_EQ(a.Union(b), Of({replicas_, selector_, app_}));
  EXPECT_EQ(a.Intersection(b), Of({replicas_}));
  EXPECT_EQ(a.Difference(b), Of({app_}));
  EXPECT_TRUE(a.Difference(a).Empty());
  EXPECT_TRUE(a.Intersection(Of({selector_})).Empty());
}

TEST_F(FieldSetOpsTest, DifferenceKeepsChildrenOfRemovedMembers) {
  FieldSet a = Of({labels_, app_});
  EXPECT_EQ(a.Difference(Of({labels_})), Of({app_}));
  EXPECT_EQ(Of({replicas_}).Difference(Of({spec_})), Of({replicas_}));
  // RecursiveDifference drops everything below a removed member.
  EXPECT_TRUE(Of({replicas_, selector_}).RecursiveDifference(Of({spec_})).Empty());
  EXPECT_EQ(Of({replicas_, app_}).RecursiveDifference(Of({spec_})), Of({app_}));
}

TEST_F(FieldSetOpsTest, IteratesMembersBeforeChildren) {
  FieldSet s = Of({app_, spec_, replicas_, {F("apiVersion")}});
  std::vector<std::string> seen;
  s.Iterate([&](const Path& p) { seen.push_back(PathString(p)); });
  EXPECT_EQ(seen, (std::vector<std::string>{".apiVersion", ".spec", ".metadata.labels.app",
                                            ".spec.replicas"}));
  EXPECT_EQ(s.WithPrefix(F("spec")), Of({{F("replicas")}}));
  EXPECT_TRUE(s.WithPrefix(F("status")).Empty());
}

}  // namespace
}  // namespace stead::api::apply

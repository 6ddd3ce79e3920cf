#include "api/schema/openapi.h"

#include <gtest/gtest.h>

#include <functional>

namespace stead::api::schema {
namespace {

ResourceType Resource(std::string group, std::string kind, std::string plural, bool namespaced,
                      bool status = false, bool scale = false) {
  ResourceType r;
  r.group = std::move(group);
  r.version = "v1";
  r.kind = std::move(kind);
  r.plural = std::move(plural);
  r.namespaced = namespaced;
  r.has_status = status;
  r.has_scale = scale;
  return r;
}

const OpenApiDocuments& Docs() {
  static const OpenApiDocuments docs(
      Registry::Builtin(),
      {Resource("", "Pod", "pods", true, true), Resource("", "Node", "nodes", false, true),
       Resource("apps", "StatefulSet", "statefulsets", true, true, true),
       Resource("coordination.k8s.io", "Lease", "leases", true)});
  return docs;
}

// Calls `fn` on every "$ref" value in `j`.
void ForEachRef(const Json& j, const std::function<void(const std::string&)>& fn) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "$ref" && it.value().is_string()) fn(it.value().get<std::string>());
      ForEachRef(it.value(), fn);
    }
  } else if (j.is_array()) {
    for (const Json& e : j) ForEachRef(e, fn);
  }
}

TEST(SchemaOpenApi, V3IndexPointsAtEachGroupVersionWithItsHash) {
  const Json& index = Docs().V3Index().json;
  ASSERT_TRUE(index.contains("paths"));
  EXPECT_EQ(index["paths"].size(), 3u);
  for (const char* gv : {"api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1"}) {
    ASSERT_TRUE(index["paths"].contains(gv)) << gv;
    const OpenApiDocument* doc = Docs().V3Document(gv);
    ASSERT_NE(doc, nullptr);
    EXPECT_EQ(doc->hash.size(), 128u);
    EXPECT_EQ(index["paths"][gv]["serverRelativeURL"],
              std::string("/openapi/v3/") + gv + "?hash=" + doc->hash);
    EXPECT_EQ(Docs().V3Document(std::string(gv) + "?hash=" + doc->hash), doc);
    EXPECT_EQ(Json::parse(doc->text), doc->json);
  }
  EXPECT_EQ(Docs().V3Document("apis/batch/v1"), nullptr);
  EXPECT_EQ(&Docs().V3Index(), &Docs().V3Index());
}

TEST(SchemaOpenApi, V3DocumentSchemasLookLikeUpstream) {
  const Json& doc = Docs().V3Document("apis/apps/v1")->json;
  EXPECT_EQ(doc["openapi"], "3.0.0");
  const Json& schemas = doc["components"]["schemas"];
  const Json& sts = schemas["io.k8s.api.apps.v1.StatefulSet"];
  EXPECT_EQ(sts["type"], "object");
  EXPECT_EQ(sts["x-kubernetes-group-version-kind"],
            Json::parse(R"([{"group":"apps","kind":"StatefulSet","version":"v1"}])"));
  EXPECT_EQ(
      sts["properties"]["metadata"]["allOf"],
      Json::parse(
          R"([{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}])"));
  EXPECT_EQ(sts["properties"]["metadata"]["default"], Json::object());
  const Json& spec = schemas["io.k8s.api.apps.v1.StatefulSetSpec"];
  EXPECT_EQ(spec["required"], Json::parse(R"(["selector","template","serviceName"])"));
  EXPECT_EQ(spec["properties"]["replicas"]["type"], "integer");
  EXPECT_EQ(spec["properties"]["replicas"]["format"], "int32");
  EXPECT_FALSE(spec["properties"]["replicas"].contains("default"));
  EXPECT_EQ(spec["properties"]["serviceName"]["default"], "");
  EXPECT_EQ(spec["properties"]["volumeClaimTemplates"]["x-kubernetes-list-type"], "atomic");
  EXPECT_EQ(spec["properties"]["volumeClaimTemplates"]["items"]["default"], Json::object());
  EXPECT_FALSE(spec["properties"]["updateStrategy"]["description"].get<std::string>().empty());
  const Json& strategy_type =
      schemas["io.k8s.api.apps.v1.StatefulSetUpdateStrategy"]["properties"]["type"];
  EXPECT_EQ(strategy_type["enum"], Json::parse(R"(["OnDelete","RollingUpdate"])"));
  const Json& containers = schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"];
  EXPECT_EQ(containers["x-kubernetes-patch-strategy"], "merge");
  EXPECT_EQ(containers["x-kubernetes-patch-merge-key"], "name");
  EXPECT_EQ(containers["x-kubernetes-list-type"], "map");
  EXPECT_EQ(containers["x-kubernetes-list-map-keys"], Json::parse(R"(["name"])"));
  const Json& quantity = schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"];
  EXPECT_EQ(quantity["oneOf"], Json::parse(R"([{"type":"string"},{"type":"number"}])"));
  EXPECT_EQ(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["format"], "int-or-string");
  EXPECT_EQ(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]["format"], "date-time");
  EXPECT_EQ(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"]["x-kubernetes-map-type"],
            "atomic");
  EXPECT_TRUE(schemas.contains("io.k8s.api.autoscaling.v1.Scale"));
  EXPECT_FALSE(schemas.contains("io.k8s.api.coordination.v1.Lease"));
  // Every reference resolves inside the document.
  ForEachRef(doc, [&](const std::string& ref) {
    const std::string prefix = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref;
  });
}

TEST(SchemaOpenApi, V3PathsAdvertiseFieldValidationOnPatch) {
  const Json& paths = Docs().V3Document("apis/apps/v1")->json["paths"];
  const Json& item = paths["/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}"];
  const Json& patch = item["patch"];
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
            Json::parse(R"({"group":"apps","kind":"StatefulSet","version":"v1"})"));
  EXPECT_EQ(patch["x-kubernetes-action"], "patch");
  bool field_validation = false;
  for (const Json& p : patch["parameters"]) field_validation |= p["name"] == "fieldValidation";
  EXPECT_TRUE(field_validation);
  EXPECT_TRUE(patch["requestBody"]["content"].contains("application/strategic-merge-patch+json"));
  for (const char* verb : {"get", "put", "delete"}) EXPECT_TRUE(item.contains(verb)) << verb;
  EXPECT_EQ(item["parameters"][0]["name"], "name");
  EXPECT_TRUE(paths.contains("/apis/apps/v1/namespaces/{namespace}/statefulsets"));
  EXPECT_TRUE(paths.contains("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/status"));
  EXPECT_EQ(paths["/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale"]["patch"]
                 ["x-kubernetes-group-version-kind"]["kind"],
            "Scale");
  EXPECT_TRUE(paths.contains("/apis/apps/v1/statefulsets"));
  const Json& core = Docs().V3Document("api/v1")->json["paths"];
  EXPECT_TRUE(core.contains("/api/v1/nodes/{name}"));
  EXPECT_TRUE(core.contains("/api/v1/namespaces/{namespace}/pods/{name}/binding"));
  EXPECT_EQ(core["/api/v1/namespaces/{namespace}/pods"]["get"]["operationId"],
            "listCoreV1NamespacedPod");
}

TEST(SchemaOpenApi, V2HasEveryDefinition) {
  const Json& v2 = Docs().V2().json;
  EXPECT_EQ(v2["swagger"], "2.0");
  const Json& defs = v2["definitions"];
  EXPECT_EQ(defs.size(), Registry::Builtin().All().size());
  const Json& template_prop = defs["io.k8s.api.apps.v1.StatefulSetSpec"]["properties"]["template"];
  EXPECT_EQ(template_prop["$ref"], "#/definitions/io.k8s.api.core.v1.PodTemplateSpec");
  EXPECT_FALSE(template_prop.contains("allOf"));
  ForEachRef(v2, [&](const std::string& ref) {
    const std::string prefix = "#/definitions/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    EXPECT_TRUE(defs.contains(ref.substr(prefix.size()))) << ref;
  });
  EXPECT_TRUE(v2["paths"].contains("/api/v1/namespaces/{namespace}/pods/{name}"));
}

}  // namespace
}  // namespace stead::api::schema

#include "api/apply/managed_fields.h"

#include <gtest/gtest.h>

#include "api/registry.h"
#include "api/schema/decode.h"
#include "api/schema/schema.h"

namespace stead::api::apply {
namespace {

Json J(const char* text) { return Json::parse(text); }

SystemTime At(const char* rfc3339) {
  SystemTime t;
  EXPECT_TRUE(ParseTime(rfc3339, &t)) << rfc3339;
  return t;
}

// Writes objects the way the API server's write path does: decode, default,
// record managed fields against the stored object.
class ManagedFieldsTest : public ::testing::Test {
 protected:
  void Use(const char* group, const char* kind) {
    resource_ = ResourceRegistry::Builtin().ByKind(group, kind);
    ASSERT_NE(resource_, nullptr);
    kind_ = schema::Registry::Builtin().FindKind(group, resource_->version, kind);
    ASSERT_NE(kind_, nullptr);
  }

  Json Decoded(const Json& body) {
    auto obj = schema::Decode(body, *kind_, schema::FieldValidation::kIgnore, nullptr);
    EXPECT_TRUE(obj.ok()) << obj.status().ToString();
    Json out = obj.ok() ? *obj : Json();
    out["apiVersion"] = resource_->GroupVersion();
    out["kind"] = resource_->kind;
    if (resource_->set_defaults) resource_->set_defaults(out);
    return out;
  }

  Json Create(const Json& body, const std::string& manager, const char* time) {
    Json obj = Decoded(body);
    obj["metadata"]["uid"] = "u-1";
    if (resource_->has_status) obj["status"] = Json::object();
    RecordUpdate(nullptr, obj, *kind_, Ctx(manager, "", time));
    return obj;
  }

  Json Update(const Json& live, const Json& body, const std::string& manager, const char* time,
              const std::string& subresource = "") {
    Json obj = Decoded(body);
    if (subresource.empty() && resource_->has_status) obj["status"] = live["status"];
    RecordUpdate(&live, obj, *kind_, Ctx(manager, subresource, time));
    return obj;
  }

  WriteContext Ctx(const std::string& manager, const std::string& sub, const char* time) {
    return WriteContext{manager, sub, At(time), ResetFields(resource_->has_status, sub)};
  }

  static Json Entries(const Json& obj) { return obj["metadata"].value("managedFields", Json()); }

  const ResourceType* resource_ = nullptr;
  const schema::TypeDef* kind_ = nullptr;
};

TEST_F(ManagedFieldsTest, CreateOwnsEverythingSetIncludingDefaults) {
  Use("apps", "Deployment");
  // What `kubectl create deployment nginx --image=nginx` sends.
  Json obj = Create(J(R"({"kind":"Deployment","apiVersion":"apps/v1",
      "metadata":{"name":"nginx","namespace":"default","creationTimestamp":null,"labels":{"app":"nginx"}},
      "spec":{"replicas":1,"selector":{"matchLabels":{"app":"nginx"}},
        "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},
        "strategy":{}},"status":{}})"),
                    "kubectl-create", "2025-01-02T03:04:05Z");
  // Upstream's entry for the same request.
  EXPECT_EQ(Entries(obj), J(R"([{"apiVersion":"apps/v1","fieldsType":"FieldsV1",
      "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
        "f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},"f:revisionHistoryLimit":{},
          "f:selector":{},
          "f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},
          "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
            "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},
                "f:imagePullPolicy":{},"f:name":{},"f:resources":{},"f:terminationMessagePath":{},
                "f:terminationMessagePolicy":{}}},
              "f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},
              "f:terminationGracePeriodSeconds":{}}}}},
      "manager":"kubectl-create","operation":"Update","time":"2025-01-02T03:04:05Z"}])"))
      << Entries(obj).dump();
}

class ConfigMapManagedFieldsTest : public ManagedFieldsTest {
 protected:
  void SetUp() override { Use("", "ConfigMap"); }
  Json Body(const char* data) {
    Json body = J(R"({"metadata":{"name":"cm","namespace":"default"}})");
    body["data"] = J(data);
    return body;
  }
  // Every entry as manager -> FieldsV1, for compact assertions.
  static std::map<std::string, Json> Owners(const Json& obj) {
    std::map<std::string, Json> out;
    for (const auto& e : Entries(obj)) {
      std::string key = e.value("manager", "") + "/" + e.value("operation", "");
      if (e.contains("subresource")) key += "/" + e["subresource"].get<std::string>();
      out[key] = e["fieldsV1"];
    }
    return out;
  }
};

TEST_F(ConfigMapManagedFieldsTest, UpdatesMoveOwnershipOfChangedFields) {
  Json v1 = Create(Body(R"({"a":"1","b":"2"})"), "creator", "2025-01-01T00:00:00Z");
  Json v2 = Update(v1, Body(R"({"a":"1","b":"3","c":"4"})"), "editor", "2025-01-01T00:01:00Z");
  EXPECT_EQ(Owners(v2), (std::map<std::string, Json>{
                            {"creator/Update", J(R"({"f:data":{".":{},"f:a":{}}})")},
                            {"editor/Update", J(R"({"f:data":{"f:b":{},"f:c":{}}})")}}));
  // Sorted by time; the editor's entry carries the time of its write.
  EXPECT_EQ(Entries(v2)[1]["time"], "2025-01-01T00:01:00Z");
  EXPECT_EQ(Entries(v2)[0]["time"], "2025-01-01T00:00:00Z");

  // Removing a field removes it from every owner; empty entries go away.
  Json v3 = Update(v2, Body(R"({"a":"1"})"), "pruner", "2025-01-01T00:02:00Z");
  EXPECT_EQ(
      Owners(v3),
      (std::map<std::string, Json>{{"creator/Update", J(R"({"f:data":{".":{},"f:a":{}}})")}}));

  // A write that changes nothing leaves the entries alone (no new time).
  Json v4 = Update(v3, Body(R"({"a":"1"})"), "idle", "2025-01-01T00:03:00Z");
  EXPECT_EQ(Entries(v4), Entries(v3));
}

TEST_F(ConfigMapManagedFieldsTest, SameManagerMergesItsEntry) {
  Json v1 = Create(Body(R"({"a":"1"})"), "m", "2025-01-01T00:00:00Z");
  Json v2 = Update(v1, Body(R"({"a":"1","b":"2"})"), "m", "2025-01-01T00:05:00Z");
  ASSERT_EQ(Entries(v2).size(), 1u);
  EXPECT_EQ(Entries(v2)[0]["fieldsV1"], J(R"({"f:data":{".":{},"f:a":{},"f:b":{}}})"));
  EXPECT_EQ(Entries(v2)[0]["time"], "2025-01-01T00:05:00Z");
}

TEST_F(ConfigMapManagedFieldsTest, ManagedFieldsInTheRequest) {
  Json v1 = Create(Body(R"({"a":"1"})"), "creator", "2025-01-01T00:00:00Z");
  // A client may replace them...
  Json body = Body(R"({"a":"1"})");
  body["metadata"]["managedFields"] = J(R"([{"manager":"someone","operation":"Update",
      "apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}])");
  Json v2 = Update(v1, body, "editor", "2025-01-01T00:01:00Z");
  EXPECT_EQ(Owners(v2),
            (std::map<std::string, Json>{{"someone/Update", J(R"({"f:data":{"f:a":{}}})")}}));
  // ...while invalid ones are ignored in favour of the stored ones...
  body["metadata"]["managedFields"] = J(R"([{"manager":"x","operation":"Patch","apiVersion":"v1",
      "fieldsType":"FieldsV1","fieldsV1":{}}])");
  Json v3 = Update(v1, body, "editor", "2025-01-01T00:01:00Z");
  EXPECT_EQ(Entries(v3), Entries(v1));
  // ...and an empty list clears them: the object is no longer tracked.
  body["metadata"]["managedFields"] = Json::array();
  EXPECT_TRUE(RequestResetsManagedFields(body));
  Json v4 = v1;
  v4["data"]["b"] = "2";
  v4["metadata"]["managedFields"] = Json::array();
  RecordUpdate(&v1, v4, *kind_, Ctx("editor", "", "2025-01-01T00:01:00Z"));
  EXPECT_FALSE(v4["metadata"].contains("managedFields"));
  Json v5 = Update(v4, Body(R"({"a":"2"})"), "editor", "2025-01-01T00:02:00Z");
  EXPECT_FALSE(v5["metadata"].contains("managedFields"));
  EXPECT_TRUE(RequestResetsManagedFields(J(R"({"metadata":{"managedFields":[{}]}})")));
  EXPECT_FALSE(RequestResetsManagedFields(J(R"({"metadata":{}})")));
}

TEST_F(ConfigMapManagedFieldsTest, CapsUpdateManagersAtTen) {
  Json obj = Create(Body(R"({"k0":"v"})"), "m0", "2025-01-01T00:00:00Z");
  for (int i = 1; i <= 11; ++i) {
    Json body = Body("{}");
    body["data"] = obj["data"];
    body["data"]["k" + std::to_string(i)] = "v";
    std::string time =
        "2025-01-01T00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z";
    obj = Update(obj, body, "m" + std::to_string(i), time.c_str());
  }
  auto owners = Owners(obj);
  EXPECT_EQ(owners.size(), 10u);
  // The two oldest writers were folded into "ancient-changes".
  EXPECT_EQ(owners["ancient-changes/Update"],
            J(R"({"f:data":{".":{},"f:k0":{},"f:k1":{},"f:k2":{}}})"));
  EXPECT_FALSE(owners.count("m0/Update"));
  EXPECT_FALSE(owners.count("m2/Update"));
  EXPECT_TRUE(owners.count("m3/Update"));
}

TEST_F(ManagedFieldsTest, StatusWritesRecordTheSubresource) {
  Use("apps", "StatefulSet");
  Json body = J(R"({"metadata":{"name":"web","namespace":"default"},"spec":{"serviceName":"web",
      "selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})");
  Json v1 = Create(body, "kubectl", "2025-01-01T00:00:00Z");
  // Status sent with the main resource is not owned.
  EXPECT_FALSE(Entries(v1)[0]["fieldsV1"].contains("f:status"));
  v1["status"] = J(R"({"replicas":0,"availableReplicas":0})");
  Json with_status = v1;
  with_status["status"] = J(R"({"replicas":3,"readyReplicas":2,"availableReplicas":0})");
  RecordUpdate(&v1, with_status, *kind_,
               Ctx("kube-controller-manager", "status", "2025-01-01T00:01:00Z"));
  Json e = Entries(with_status);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1]["manager"], "kube-controller-manager");
  EXPECT_EQ(e[1]["subresource"], "status");
  EXPECT_EQ(e[1]["fieldsV1"], J(R"({"f:status":{"f:readyReplicas":{},"f:replicas":{}}})"));
}

TEST_F(ManagedFieldsTest, ScaleOwnsReplicasWithoutTime) {
  Use("apps", "StatefulSet");
  Json body = J(R"({"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3,
      "serviceName":"web","selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})");
  Json v1 = Create(body, "kubectl-create", "2025-01-01T00:00:00Z");
  Json v2 = v1;
  v2["spec"]["replicas"] = 5;
  RecordUpdate(&v1, v2, *kind_, Ctx("kubectl", "scale", "2025-01-01T00:01:00Z"));
  Json e = Entries(v2);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0], J(R"({"apiVersion":"apps/v1","fieldsType":"FieldsV1",
      "fieldsV1":{"f:spec":{"f:replicas":{}}},"manager":"kubectl","operation":"Update",
      "subresource":"scale"})"));
  EXPECT_EQ(e[1]["manager"], "kubectl-create");
  EXPECT_FALSE(e[1]["fieldsV1"]["f:spec"].contains("f:replicas"));
  // Scaling to the same count changes nothing.
  Json v3 = v2;
  RecordUpdate(&v2, v3, *kind_, Ctx("other", "scale", "2025-01-01T00:02:00Z"));
  EXPECT_EQ(Entries(v3), Entries(v2));
}

TEST(ManagerNameTest, DefaultsFromTheUserAgent) {
  EXPECT_EQ(ManagerName("mine", "kubectl/v1.32.0"), "mine");
  EXPECT_EQ(ManagerName("", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc"), "kubectl");
  EXPECT_EQ(ManagerName("",
                        "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/x/"
                        "system:serviceaccount:kube-system:statefulset-controller"),
            "kube-controller-manager");
  EXPECT_EQ(ManagerName("", "curl"), "curl");
  EXPECT_EQ(ManagerName("", "a\tb/1"), "ab");
  EXPECT_EQ(ManagerName("", std::string(200, 'x')), std::string(128, 'x'));
  EXPECT_EQ(ManagerName("", ""), "");
}

TEST(ManagerIdentifierTest, IsUpstreamsJson) {
  EXPECT_EQ(ManagerIdentifier("kubectl", "Apply", "apps/v1", ""),
            R"({"manager":"kubectl","operation":"Apply"})");
  EXPECT_EQ(
      ManagerIdentifier("kubectl", "Update", "apps/v1", "scale"),
      R"({"manager":"kubectl","operation":"Update","apiVersion":"apps/v1","subresource":"scale"})");
  EXPECT_EQ(PrintManager(ManagerIdentifier("kubectl", "Apply", "apps/v1", "")), R"("kubectl")");
  EXPECT_EQ(PrintManager(ManagerIdentifier("kubectl", "Update", "apps/v1", "scale")),
            R"("kubectl" with subresource "scale" using apps/v1)");
  EXPECT_EQ(PrintManager(ManagerIdentifier("kubectl-client-side-apply", "Update", "apps/v1", "")),
            R"("kubectl-client-side-apply" using apps/v1)");
}

TEST(ManagedFieldsCodecTest, RejectsWhatUpstreamRejects) {
  auto decode = [](const char* text) {
    Json entries = J(text);
    return ManagedFields::Decode(&entries);
  };
  EXPECT_EQ(decode(R"([{"operation":"Patch","apiVersion":"v1","fieldsType":"FieldsV1"}])")
                .status()
                .message(),
            "operation must be `Apply` or `Update`");
  EXPECT_EQ(decode(R"([{"operation":"Update","apiVersion":"v1"}])").status().message(),
            "missing fieldsType in managed fields entry 0");
  EXPECT_EQ(decode(R"([{"operation":"Update","fieldsType":"FieldsV1"}])").status().message(),
            "apiVersion must not be empty");
  const char* entry = R"([{"manager":"a","operation":"Apply","apiVersion":"v1",
      "fieldsType":"FieldsV1","fieldsV1":{"f:data":{}},"time":"2025-01-01T00:00:00Z"}])";
  auto ok = decode(entry);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->Encode(), J(entry));
}

}  // namespace
}  // namespace stead::api::apply

#include "api/apply/server_side_apply.h"

#include <gtest/gtest.h>

#include "api/apply/managed_fields.h"
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

// Applies configurations the way the API server's patch path does: apply,
// then decode and default the result to get the stored object.
class ServerSideApplyTest : public ::testing::Test {
 protected:
  void SetUp() override { Use("apps", "Deployment"); }

  void Use(const char* group, const char* kind) {
    resource_ = ResourceRegistry::Builtin().ByKind(group, kind);
    ASSERT_NE(resource_, nullptr);
    kind_ = schema::Registry::Builtin().FindKind(group, resource_->version, kind);
    ASSERT_NE(kind_, nullptr);
  }

  Json Stored(const Json& obj) {
    auto decoded = schema::Decode(obj, *kind_, schema::FieldValidation::kIgnore, nullptr);
    EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
    Json out = decoded.ok() ? *decoded : Json();
    if (resource_->set_defaults) resource_->set_defaults(out);
    if (!out["metadata"].contains("uid")) out["metadata"]["uid"] = "u-1";
    return out;
  }

  Result<Json> TryApply(const Json* live, const Json& config, const std::string& manager,
                        const char* time, bool force = false) {
    ApplyRequest req{manager, force, "", At(time), ResetFields(resource_->has_status, "")};
    auto r = Apply(live, config, *kind_, req);
    if (!r.ok()) return r.status();
    return Stored(*r);
  }

  Json DoApply(const Json* live, const Json& config, const std::string& manager, const char* time,
               bool force = false) {
    auto r = TryApply(live, config, manager, time, force);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }

  // An ordinary update (PUT/PATCH) by `manager`.
  Json DoUpdate(const Json& live, Json next, const std::string& manager, const char* time) {
    next = Stored(next);
    RecordUpdate(&live, next, *kind_,
                 WriteContext{manager, "", At(time), ResetFields(resource_->has_status, "")});
    return next;
  }

  static Json Config(int replicas, const char* image = "nginx:1.27") {
    Json c = J(R"({"apiVersion":"apps/v1","kind":"Deployment",
        "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
        "spec":{"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
            "spec":{"containers":[{"name":"nginx"}]}}}})");
    c["spec"]["replicas"] = replicas;
    c["spec"]["template"]["spec"]["containers"][0]["image"] = image;
    return c;
  }

  static Json Entries(const Json& obj) { return obj["metadata"].value("managedFields", Json()); }

  static Json EntryOf(const Json& obj, const std::string& manager) {
    for (const auto& e : Entries(obj)) {
      if (e.value("manager", "") == manager) return e;
    }
    return Json();
  }

  const ResourceType* resource_ = nullptr;
  const schema::TypeDef* kind_ = nullptr;
};

TEST_F(ServerSideApplyTest, CreatesTheObjectAndOwnsExactlyTheAppliedFields) {
  Json obj = DoApply(nullptr, Config(3), "kubectl", "2025-01-01T00:00:00Z");
  EXPECT_EQ(obj["spec"]["replicas"], 3);
  EXPECT_EQ(obj["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.27");
  // Defaults are filled in by the write path, but nobody owns them.
  EXPECT_EQ(obj["spec"]["strategy"]["type"], "RollingUpdate");
  EXPECT_EQ(Entries(obj), J(R"([{"apiVersion":"apps/v1","fieldsType":"FieldsV1",
      "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},
        "f:spec":{"f:replicas":{},"f:selector":{},
          "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
            "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}},
      "manager":"kubectl","operation":"Apply","time":"2025-01-01T00:00:00Z"}])"))
      << Entries(obj).dump();
}

TEST_F(ServerSideApplyTest, ReapplyingTheSameConfigurationChangesNothing) {
  Json v1 = DoApply(nullptr, Config(3), "kubectl", "2025-01-01T00:00:00Z");
  auto again =
      Apply(&v1, Config(3), *kind_,
            ApplyRequest{"kubectl", false, "", At("2025-01-01T00:05:00Z"), ResetFields(true, "")});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, v1);
}

TEST_F(ServerSideApplyTest, DropsFieldsTheManagerStopsApplying) {
  Json first = Config(3);
  first["metadata"]["labels"]["tier"] = "web";
  first["spec"]["template"]["spec"]["containers"].push_back({{"name", "sidecar"}, {"image", "s"}});
  Json v1 = DoApply(nullptr, first, "kubectl", "2025-01-01T00:00:00Z");
  ASSERT_EQ(v1["spec"]["template"]["spec"]["containers"].size(), 2u);
  Json v2 = DoApply(&v1, Config(3), "kubectl", "2025-01-01T00:01:00Z");
  EXPECT_FALSE(v2["metadata"]["labels"].contains("tier"));
  EXPECT_EQ(v2["spec"]["template"]["spec"]["containers"].size(), 1u);
  EXPECT_EQ(EntryOf(v2, "kubectl")["time"], "2025-01-01T00:01:00Z");
}

TEST_F(ServerSideApplyTest, KeepsFieldsAnotherApplierStillOwns) {
  Json with_tier = Config(3);
  with_tier["metadata"]["labels"]["tier"] = "web";
  Json v1 = DoApply(nullptr, with_tier, "a", "2025-01-01T00:00:00Z");
  Json tier_only = J(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web","labels":{"tier":"web"}}})");
  Json v2 = DoApply(&v1, tier_only, "b", "2025-01-01T00:01:00Z");
  // Same value: shared ownership, no conflict.
  EXPECT_EQ(EntryOf(v2, "b")["fieldsV1"], J(R"({"f:metadata":{"f:labels":{"f:tier":{}}}})"));
  Json v3 = DoApply(&v2, Config(3), "a", "2025-01-01T00:02:00Z");
  EXPECT_EQ(v3["metadata"]["labels"]["tier"], "web");
  Json v4 = DoApply(&v3, J(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web"}})"),
                    "b", "2025-01-01T00:03:00Z");
  EXPECT_FALSE(v4["metadata"]["labels"].contains("tier"));
  EXPECT_TRUE(EntryOf(v4, "b").is_null());
}

TEST_F(ServerSideApplyTest, ConflictsWithAnotherManager) {
  Json v1 = DoApply(nullptr, Config(3), "kubectl", "2025-01-01T00:00:00Z");
  Json scaled = v1;
  scaled["spec"]["replicas"] = 5;
  Json v2 = DoUpdate(v1, scaled, "kubectl-client-side-apply", "2025-01-01T00:01:00Z");
  auto r = TryApply(&v2, Config(3), "kubectl", "2025-01-01T00:02:00Z");
  ASSERT_FALSE(r.ok());
  const Status& s = r.status();
  EXPECT_EQ(s.http_code(), 409);
  EXPECT_EQ(s.reason(), "Conflict");
  EXPECT_EQ(s.message(),
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using "
            "apps/v1: .spec.replicas");
  ASSERT_NE(s.details_or_null(), nullptr);
  ASSERT_EQ(s.details_or_null()->causes.size(), 1u);
  const StatusCause& cause = s.details_or_null()->causes[0];
  EXPECT_EQ(cause.reason, "FieldManagerConflict");
  EXPECT_EQ(cause.message, "conflict with \"kubectl-client-side-apply\" using apps/v1");
  EXPECT_EQ(cause.field, ".spec.replicas");

  // Applying the live value is no conflict: ownership is shared.
  Json shared = DoApply(&v2, Config(5), "kubectl", "2025-01-01T00:03:00Z");
  EXPECT_TRUE(
      EntryOf(shared, "kubectl-client-side-apply")["fieldsV1"]["f:spec"].contains("f:replicas"));

  // Forcing takes the field over.
  Json forced = DoApply(&v2, Config(3), "kubectl", "2025-01-01T00:04:00Z", /*force=*/true);
  EXPECT_EQ(forced["spec"]["replicas"], 3);
  EXPECT_TRUE(EntryOf(forced, "kubectl-client-side-apply").is_null());
  EXPECT_TRUE(EntryOf(forced, "kubectl")["fieldsV1"]["f:spec"].contains("f:replicas"));
}

TEST_F(ServerSideApplyTest, ListsEveryConflictByManager) {
  Json v1 = DoApply(nullptr, Config(3), "kubectl", "2025-01-01T00:00:00Z");
  Json changed = v1;
  changed["spec"]["replicas"] = 5;
  changed["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:2";
  Json v2 = DoUpdate(v1, changed, "mgr", "2025-01-01T00:01:00Z");
  Json labelled = v2;
  labelled["metadata"]["labels"]["app"] = "other";
  Json v3 = DoUpdate(v2, labelled, "another", "2025-01-01T00:02:00Z");
  auto r = TryApply(&v3, Config(3), "kubectl", "2025-01-01T00:03:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Apply failed with 3 conflicts: conflicts with \"another\" using apps/v1:\n"
            "- .metadata.labels.app\n"
            "conflicts with \"mgr\" using apps/v1:\n"
            "- .spec.replicas\n"
            "- .spec.template.spec.containers[name=\"nginx\"].image");
  EXPECT_EQ(r.status().details_or_null()->causes.size(), 3u);
}

TEST_F(ServerSideApplyTest, MergesListMapsByKeys) {
  Json a = Config(1);
  a["spec"]["template"]["spec"]["containers"][0]["ports"] = J(R"([{"containerPort":80}])");
  Json v1 = DoApply(nullptr, a, "a", "2025-01-01T00:00:00Z");
  Json b = J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
      "spec":{"template":{"spec":{"containers":[{"name":"nginx",
        "ports":[{"containerPort":53,"protocol":"UDP"}]}]}}}})");
  Json v2 = DoApply(&v1, b, "b", "2025-01-01T00:01:00Z");
  EXPECT_EQ(v2["spec"]["template"]["spec"]["containers"][0]["ports"],
            J(R"([{"containerPort":80,"protocol":"TCP"},{"containerPort":53,"protocol":"UDP"}])"));
  EXPECT_EQ(EntryOf(v2, "b")["fieldsV1"]["f:spec"]["f:template"]["f:spec"]["f:containers"],
            J(R"({"k:{\"name\":\"nginx\"}":{".":{},"f:name":{},"f:ports":{
                 "k:{\"containerPort\":53,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},
                   "f:protocol":{}}}}})"));
  // "a" stops applying its port: only b's remains.
  Json v3 = DoApply(&v2, Config(1), "a", "2025-01-01T00:02:00Z");
  EXPECT_EQ(v3["spec"]["template"]["spec"]["containers"][0]["ports"],
            J(R"([{"containerPort":53,"protocol":"UDP"}])"));
}

TEST_F(ServerSideApplyTest, ExistingFieldsBelongToBeforeFirstApply) {
  Json untracked = Stored(Config(2));
  auto r = TryApply(&untracked, Config(3), "kubectl", "2025-01-01T00:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: "
            ".spec.replicas");
}

TEST_F(ServerSideApplyTest, TakesOverFieldsStillAsClientSideApplyLeftThem) {
  Json last = Config(3);
  Json created = Stored(Config(3));
  created["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] =
      last.dump() + "\n";
  RecordUpdate(nullptr, created, *kind_,
               WriteContext{"kubectl-client-side-apply", "", At("2025-01-01T00:00:00Z"),
                            ResetFields(true, "")});
  // kubectl apply --server-side with a new replica count: the field still
  // holds what client-side apply last applied, so kubectl takes it over.
  Json v2 = DoApply(&created, Config(4), "kubectl", "2025-01-01T00:01:00Z");
  EXPECT_EQ(v2["spec"]["replicas"], 4);
  EXPECT_FALSE(
      EntryOf(v2, "kubectl-client-side-apply")["fieldsV1"]["f:spec"].contains("f:replicas"));
  // The annotation now holds the applied configuration.
  std::string annotation =
      v2["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"];
  EXPECT_EQ(Json::parse(annotation)["spec"]["replicas"], 4);
  EXPECT_EQ(annotation.back(), '\n');
  // Another manager gets no such allowance.
  EXPECT_FALSE(TryApply(&created, Config(4), "other", "2025-01-01T00:01:00Z").ok());
}

TEST_F(ServerSideApplyTest, RejectsBadConfigurations) {
  Json wrong_kind = Config(1);
  wrong_kind["kind"] = "StatefulSet";
  auto r = TryApply(nullptr, wrong_kind, "kubectl", "2025-01-01T00:00:00Z");
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(), "invalid object type: apps/v1, Kind=StatefulSet");

  Json with_managed = Config(1);
  with_managed["metadata"]["managedFields"] = Json::array();
  r = TryApply(nullptr, with_managed, "kubectl", "2025-01-01T00:00:00Z");
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(), "metadata.managedFields must be nil");

  Json unknown = Config(1);
  unknown["spec"]["foo"] = 1;
  r = TryApply(nullptr, unknown, "kubectl", "2025-01-01T00:00:00Z");
  EXPECT_EQ(r.status().http_code(), 500);
  EXPECT_EQ(r.status().message(),
            "failed to create typed patch object (default/web; apps/v1, Kind=Deployment): "
            ".spec.foo: field not declared in schema");
}

}  // namespace
}  // namespace stead::api::apply

// Deployment, ReplicaSet and ControllerRevision defaults and validation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/kinds/kinds.h"
#include "kind_test_util.h"

namespace stead::api::kinds {
namespace {

using testing::Created;
using testing::CreateErrors;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Messages;
using testing::Parse;
using testing::StatusErrors;
using testing::UpdateErrors;

Json Workload(const char* kind) {
  Json obj = Parse(R"({
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {
      "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
                   "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}
    }
  })");
  obj["kind"] = kind;
  return obj;
}

TEST(DeploymentKindTest, Defaults) {
  ResourceType t = Deployment();
  EXPECT_THAT(t.short_names, ElementsAre("deploy"));
  EXPECT_THAT(t.categories, ElementsAre("all"));
  Json d = Created(t, Workload("Deployment"));
  EXPECT_EQ(d["spec"]["replicas"], 1);
  EXPECT_EQ(
      d["spec"]["strategy"],
      Parse(
          R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})"));
  EXPECT_EQ(d["spec"]["revisionHistoryLimit"], 10);
  EXPECT_EQ(d["spec"]["progressDeadlineSeconds"], 600);
  EXPECT_EQ(d["spec"]["template"]["spec"]["restartPolicy"], "Always");
  EXPECT_THAT(Messages(CreateErrors(t, Workload("Deployment"))), IsEmpty());
  Json recreate = Workload("Deployment");
  recreate["spec"]["strategy"] = {{"type", "Recreate"}};
  EXPECT_EQ(Created(t, recreate)["spec"]["strategy"], Parse(R"({"type": "Recreate"})"));
}

TEST(DeploymentKindTest, Validation) {
  ResourceType t = Deployment();
  Json d = Workload("Deployment");
  d["spec"]["strategy"] = Parse(R"({"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}})");
  d["spec"]["minReadySeconds"] = 700;
  d["spec"]["template"]["spec"]["containers"][0].erase("image");
  EXPECT_THAT(Messages(CreateErrors(t, d)),
              ElementsAre("spec.template.spec.containers[0].image: Required value",
                          "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                          "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when "
                          "`maxSurge` is 0",
                          "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than "
                          "minReadySeconds"));
  Json bad = Workload("Deployment");
  bad["spec"]["strategy"] = Parse(R"({"type": "Recreate", "rollingUpdate": {}})");
  bad["spec"]["selector"] = Json::object();
  EXPECT_THAT(
      Messages(CreateErrors(t, bad)),
      ElementsAre(
          "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
          "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is "
          "invalid for deployment",
          "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy "
          "`type` is 'Recreate'"));
  Json odd = Workload("Deployment");
  odd["spec"]["strategy"] = {{"type", "Canary"}};
  EXPECT_THAT(
      Messages(CreateErrors(t, odd)),
      ElementsAre("spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Canary\", "
                  "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "
                  "\"Recreate\", \"RollingUpdate\""));
}

TEST(DeploymentKindTest, SelectorIsImmutable) {
  ResourceType t = Deployment();
  Json old = Created(t, Workload("Deployment"));
  Json d = old;
  d["spec"]["selector"]["matchLabels"]["tier"] = "x";
  d["spec"]["template"]["metadata"]["labels"]["tier"] = "x";
  EXPECT_THAT(
      Messages(UpdateErrors(t, d, old)),
      ElementsAre("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"
                  "\"app\":\"web\", \"tier\":\"x\"}, "
                  "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"));
  Json scaled = old;
  scaled["spec"]["replicas"] = 4;
  EXPECT_THAT(Messages(UpdateErrors(t, scaled, old)), IsEmpty());
}

TEST(DeploymentKindTest, Status) {
  ResourceType t = Deployment();
  Json d = Workload("Deployment");
  d["status"] =
      Parse(R"({"replicas": 2, "readyReplicas": 1, "availableReplicas": 2, "collisionCount": 1})");
  Json old = d;
  old["status"]["collisionCount"] = 2;
  EXPECT_THAT(
      Messages(StatusErrors(t, d, old)),
      ElementsAre(
          "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas",
          "status.collisionCount: Invalid value: 1: cannot be decremented"));
}

TEST(ReplicaSetKindTest, DefaultsValidationAndFieldSelector) {
  ResourceType t = ReplicaSet();
  EXPECT_THAT(t.short_names, ElementsAre("rs"));
  Json rs = Created(t, Workload("ReplicaSet"));
  EXPECT_EQ(rs["spec"]["replicas"], 1);
  EXPECT_THAT(Messages(CreateErrors(t, Workload("ReplicaSet"))), IsEmpty());
  Json bad = Workload("ReplicaSet");
  bad["spec"]["template"]["spec"]["restartPolicy"] = "OnFailure";
  bad["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 10;
  EXPECT_THAT(
      Messages(CreateErrors(t, bad)),
      ElementsAre("spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": "
                  "supported values: \"Always\"",
                  "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds "
                  "in ReplicaSet is not Supported"));
  rs["status"] = {{"replicas", 3}};
  EXPECT_EQ(t.field_value(rs, "status.replicas"), "3");
  rs["status"] = Parse(R"({"replicas": 1, "fullyLabeledReplicas": 2})");
  EXPECT_THAT(Messages(StatusErrors(t, rs, rs)),
              ElementsAre("status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than "
                          "status.replicas"));
}

TEST(ControllerRevisionKindTest, DataRequiredAndImmutable) {
  ResourceType t = ControllerRevision();
  Json cr =
      Parse(R"({"metadata": {"name": "web-5d8c4b9f7", "namespace": "default"}, "revision": -1})");
  EXPECT_THAT(Messages(CreateErrors(t, cr)),
              ElementsAre("data: Required value: data is mandatory",
                          "revision: Invalid value: -1: must be greater than or equal to 0"));
  Json old = cr;
  old["revision"] = 1;
  old["data"] = Parse(R"({"a": 1})");
  Json updated = old;
  updated["revision"] = 4;
  EXPECT_THAT(Messages(UpdateErrors(t, updated, old)), IsEmpty());
  updated["data"] = Parse(R"({"a": 2})");
  EXPECT_THAT(
      Messages(UpdateErrors(t, updated, old)),
      ElementsAre("data: Invalid value: runtime.RawExtension{Raw:[]uint8{0x7b, 0x22, 0x61, "
                  "0x22, 0x3a, 0x32, 0x7d}, Object:runtime.Object(nil)}: field is immutable"));
}

}  // namespace
}  // namespace stead::api::kinds

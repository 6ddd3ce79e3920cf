// StatefulSet defaults and validation (spec rules D1-D8, V1-V19; scenarios
// T9-T27 of E2E-SCENARIOS.md as they hold for Kubernetes 1.32 with the
// maxUnavailable feature on).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/kinds/kinds.h"
#include "kind_test_util.h"

namespace stead::api::kinds {
namespace {

using testing::Created;
using testing::CreateErrors;
using ::testing::ElementsAre;
using testing::InvalidMessage;
using ::testing::IsEmpty;
using testing::Messages;
using testing::Parse;
using testing::StatusErrors;
using testing::UpdateErrors;

constexpr const char* kImmutable =
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
    "'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' "
    "and 'minReadySeconds' are forbidden";

Json Minimal() {
  return Parse(R"({
    "apiVersion": "apps/v1", "kind": "StatefulSet",
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {
      "selector": {"matchLabels": {"app": "web"}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}
      }
    }
  })");
}

Json WithClaim() {
  Json s = Minimal();
  s["spec"]["serviceName"] = "nginx";
  s["spec"]["volumeClaimTemplates"] = Parse(R"([{
    "metadata": {"name": "www"},
    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
  }])");
  return s;
}

std::vector<std::string> Create(Json obj) { return Messages(CreateErrors(StatefulSet(), obj)); }

TEST(StatefulSetKindTest, Naming) {
  ResourceType t = StatefulSet();
  EXPECT_EQ(t.GroupVersion(), "apps/v1");
  EXPECT_EQ(t.plural, "statefulsets");
  EXPECT_EQ(t.singular, "statefulset");
  EXPECT_THAT(t.short_names, ElementsAre("sts"));
  EXPECT_THAT(t.categories, ElementsAre("all"));
  EXPECT_TRUE(t.namespaced && t.has_status && t.has_scale && t.tracks_generation);
  EXPECT_FALSE(t.graceful_delete);
}

// T9 / D1-D8.
TEST(StatefulSetKindTest, DefaultsMinimalSet) {
  Json s = Created(StatefulSet(), WithClaim());
  const Json& spec = s["spec"];
  EXPECT_EQ(spec["replicas"], 1);
  EXPECT_EQ(spec["podManagementPolicy"], "OrderedReady");
  EXPECT_EQ(
      spec["updateStrategy"],
      Parse(
          R"({"type": "RollingUpdate", "rollingUpdate": {"partition": 0, "maxUnavailable": 1}})"));
  EXPECT_EQ(spec["revisionHistoryLimit"], 10);
  EXPECT_EQ(spec["persistentVolumeClaimRetentionPolicy"],
            Parse(R"({"whenDeleted": "Retain", "whenScaled": "Retain"})"));
  EXPECT_FALSE(spec.contains("ordinals"));
  EXPECT_FALSE(spec.contains("minReadySeconds"));
  const Json& pod = spec["template"]["spec"];
  EXPECT_EQ(pod["restartPolicy"], "Always");
  EXPECT_EQ(pod["dnsPolicy"], "ClusterFirst");
  EXPECT_EQ(pod["schedulerName"], "default-scheduler");
  EXPECT_EQ(pod["terminationGracePeriodSeconds"], 30);
  EXPECT_EQ(pod["securityContext"], Json::object());
  EXPECT_FALSE(pod.contains("enableServiceLinks"));  // Pod-only default.
  const Json& ctr = pod["containers"][0];
  EXPECT_EQ(ctr["imagePullPolicy"], "IfNotPresent");
  EXPECT_EQ(ctr["terminationMessagePath"], "/dev/termination-log");
  EXPECT_EQ(ctr["terminationMessagePolicy"], "File");
  // Claim templates are kept as written (a deliberate difference; README).
  const Json& claim = spec["volumeClaimTemplates"][0];
  EXPECT_FALSE(claim["spec"].contains("volumeMode"));
  EXPECT_FALSE(claim.contains("status"));
  EXPECT_THAT(Messages(CreateErrors(StatefulSet(), WithClaim())), IsEmpty());
}

// T10 / D4: an explicit RollingUpdate without the block stays without it.
TEST(StatefulSetKindTest, RollingUpdateTypeWithoutBlockKeepsNoBlock) {
  Json s = Minimal();
  s["spec"]["updateStrategy"] = {{"type", "RollingUpdate"}};
  EXPECT_EQ(Created(StatefulSet(), s)["spec"]["updateStrategy"],
            Parse(R"({"type": "RollingUpdate"})"));
  s["spec"]["updateStrategy"] = {{"type", "OnDelete"}};
  EXPECT_EQ(Created(StatefulSet(), s)["spec"]["updateStrategy"], Parse(R"({"type": "OnDelete"})"));
}

TEST(StatefulSetKindTest, DefaultsKeepExplicitValues) {
  Json s = Minimal();
  s["spec"]["replicas"] = 0;
  s["spec"]["updateStrategy"] =
      Parse(R"({"rollingUpdate": {"partition": 2, "maxUnavailable": "50%"}})");
  s["spec"]["persistentVolumeClaimRetentionPolicy"] = {{"whenScaled", "Delete"}};
  Json d = Created(StatefulSet(), s);
  EXPECT_EQ(d["spec"]["replicas"], 0);
  EXPECT_EQ(
      d["spec"]["updateStrategy"],
      Parse(
          R"({"type": "RollingUpdate", "rollingUpdate": {"partition": 2, "maxUnavailable": "50%"}})"));
  EXPECT_EQ(d["spec"]["persistentVolumeClaimRetentionPolicy"],
            Parse(R"({"whenDeleted": "Retain", "whenScaled": "Delete"})"));
}

// T11: a missing selector also fails the template match (labels.Nothing()).
TEST(StatefulSetKindTest, MissingSelector) {
  Json s = Minimal();
  s["spec"].erase("selector");
  FieldErrorList errs = CreateErrors(StatefulSet(), s);
  EXPECT_THAT(Messages(errs),
              ElementsAre("spec.selector: Required value",
                          "spec.template.metadata.labels: Invalid value: "
                          "map[string]string{\"app\":\"web\"}: `selector` does not match template "
                          "`labels`"));
  EXPECT_EQ(InvalidMessage(StatefulSet(), s, errs),
            "StatefulSet.apps \"web\" is invalid: [spec.selector: Required value, "
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
            "`selector` does not match template `labels`]");
}

struct RejectCase {
  const char* name;
  const char* patch;  // merged into spec
  std::vector<std::string> messages;
};

class StatefulSetRejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(StatefulSetRejectTest, Rejects) {
  Json s = Minimal();
  s["spec"].merge_patch(Parse(GetParam().patch));
  EXPECT_EQ(Create(s), GetParam().messages);
}

INSTANTIATE_TEST_SUITE_P(
    StatefulSetTseries, StatefulSetRejectTest,
    ::testing::Values(
        RejectCase{
            "T12EmptySelector",
            R"({"selector": {"matchLabels": null}})",
            {"spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
             "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid "
             "for statefulset"}},
        RejectCase{
            "T13SelectorMismatch",
            R"({"template": {"metadata": {"labels": {"app": "other"}}}})",
            {"spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: "
             "`selector` does not match template `labels`"}},
        RejectCase{
            "T14RestartPolicy",
            R"({"template": {"spec": {"restartPolicy": "Never"}}})",
            {"spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
             "\"Always\""}},
        RejectCase{"T15ActiveDeadline",
                   R"({"template": {"spec": {"activeDeadlineSeconds": 5}}})",
                   {"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in "
                    "StatefulSet is not Supported"}},
        RejectCase{"T16PodManagementPolicy",
                   R"({"podManagementPolicy": "Foo"})",
                   {"spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or "
                    "'Parallel'"}},
        RejectCase{
            "T17UpdateStrategyType",
            R"({"updateStrategy": {"type": "Foo"}})",
            {"spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Foo\", "
             "RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be "
             "'RollingUpdate' or 'OnDelete'"}},
        RejectCase{
            "T17RecreateIsNotSupported",
            R"({"updateStrategy": {"type": "Recreate"}})",
            {"spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"
             "\"Recreate\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must "
             "be 'RollingUpdate' or 'OnDelete'"}},
        RejectCase{"T18OnDeleteWithRollingUpdate",
                   R"({"updateStrategy": {"type": "OnDelete", "rollingUpdate": {}}})",
                   {"spec.updateStrategy.rollingUpdate: Invalid value: "
                    "apps.RollingUpdateStatefulSetStrategy{Partition:0, "
                    "MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy "
                    "'RollingUpdate'"}},
        RejectCase{
            "T19NegativePartition",
            R"({"updateStrategy": {"rollingUpdate": {"partition": -1}}})",
            {"spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater "
             "than or equal to 0"}},
        RejectCase{"T20ZeroMaxUnavailable",
                   R"({"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}})",
                   {"spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
                    "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0"}},
        RejectCase{"T20ZeroPercentMaxUnavailable",
                   R"({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "0%"}}})",
                   {"spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
                    "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: cannot be 0"}},
        RejectCase{
            "T21MaxUnavailableOver100",
            R"({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "120%"}}})",
            {"spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
             "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than "
             "100%"}},
        RejectCase{
            "T21MaxUnavailableNotPercent",
            R"({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "abc"}}})",
            {"spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
             "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must "
             "be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used "
             "for validation is '[0-9]+%')",
             "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
             "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: cannot be 0"}},
        RejectCase{
            "T22RetentionPolicy",
            R"({"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Foo"}})",
            {"spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Foo\": "
             "supported values: \"Retain\", \"Delete\""}},
        RejectCase{"T23NegativeCounts",
                   R"({"replicas": -1, "minReadySeconds": -1, "ordinals": {"start": -1}})",
                   {"spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
                    "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"}},
        RejectCase{
            "T24ServiceName",
            R"({"serviceName": "Bad_Name"})",
            {"spec.serviceName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must "
             "consist of lower case alphanumeric characters or '-', and must start and end "
             "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
             "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"}},
        RejectCase{
            "BadTemplateLabel",
            R"({"selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web", "bad key": "x"}}}})",
            {"spec.template.labels: Invalid value: \"bad key\": name part must consist of "
             "alphanumeric characters, '-', '_' or '.', and must start and end with an "
             "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
             "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"}},
        RejectCase{
            "InvalidSelectorOperator",
            R"({"selector": {"matchExpressions": [{"key": "app", "operator": "Has"}]}})",
            {"spec.selector.matchExpressions[0].operator: Invalid value: \"Has\": not a valid "
             "selector operator",
             "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":"
             "\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{"
             "Key:\"app\", Operator:\"Has\", Values:[]string(nil)}}}"}}),
    [](const ::testing::TestParamInfo<RejectCase>& info) { return info.param.name; });

// 1.32 checks only the template's metadata; the pod spec is checked when
// the controller creates pods.
TEST(StatefulSetKindTest, TemplatePodSpecIsNotValidated) {
  Json s = Minimal();
  s["spec"]["template"]["spec"]["containers"] = Json::array();
  EXPECT_THAT(Create(s), IsEmpty());
}

TEST(StatefulSetKindTest, AcceptsValidVariants) {
  for (
      const char* patch :
      {R"({"podManagementPolicy": "Parallel"})", R"({"updateStrategy": {"type": "OnDelete"}})",
       R"({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "100%"}}})",
       R"({"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete", "whenScaled": "Delete"}})",
       R"({"ordinals": {"start": 5}, "minReadySeconds": 10, "serviceName": "nginx"})",
       R"({"selector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}})"}) {
    Json s = Minimal();
    s["spec"].merge_patch(Parse(patch));
    EXPECT_THAT(Create(s), IsEmpty()) << patch;
  }
}

// T24 / V1: names are DNS-1123 labels.
TEST(StatefulSetKindTest, NameMustBeDNSLabel) {
  Json s = Minimal();
  s["metadata"]["name"] = "a.b";
  EXPECT_THAT(Create(s),
              ElementsAre("metadata.name: Invalid value: \"a.b\": must not contain dots"));
}

Json Stored() {
  Json s = Created(StatefulSet(), WithClaim());
  s["metadata"]["resourceVersion"] = "5";
  return s;
}

// T25 / V16.
TEST(StatefulSetKindTest, ImmutableSpecFields) {
  for (const char* patch :
       {R"({"selector": {"matchLabels": {"app": "web", "tier": "x"}},
            "template": {"metadata": {"labels": {"app": "web", "tier": "x"}}}})",
        R"({"serviceName": "other"})",
        R"({"volumeClaimTemplates": [{"metadata": {"name": "www"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}}]})",
        R"({"podManagementPolicy": "Parallel"})"}) {
    Json updated = Stored();
    updated["spec"].merge_patch(Parse(patch));
    EXPECT_THAT(Messages(UpdateErrors(StatefulSet(), updated, Stored())), ElementsAre(kImmutable))
        << patch;
  }
}

TEST(StatefulSetKindTest, MutableSpecFields) {
  for (const char* patch :
       {R"({"replicas": 5})", R"({"ordinals": {"start": 3}})", R"({"minReadySeconds": 7})",
        R"({"revisionHistoryLimit": 3})",
        R"({"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}})",
        R"({"updateStrategy": {"type": "OnDelete", "rollingUpdate": null}})",
        R"({"updateStrategy": {"rollingUpdate": {"partition": 2, "maxUnavailable": 2}}})",
        R"({"persistentVolumeClaimRetentionPolicy": {"whenScaled": "Delete"}})"}) {
    Json updated = Stored();
    updated["spec"].merge_patch(Parse(patch));
    EXPECT_THAT(Messages(UpdateErrors(StatefulSet(), updated, Stored())), IsEmpty()) << patch;
  }
}

TEST(StatefulSetKindTest, UpdateRevalidatesSpec) {
  Json updated = Stored();
  updated["spec"]["replicas"] = -2;
  EXPECT_THAT(Messages(UpdateErrors(StatefulSet(), updated, Stored())),
              ElementsAre("spec.replicas: Invalid value: -2: must be greater than or equal to 0"));
}

// V17 ratcheting: a stored invalid serviceName may stay.
TEST(StatefulSetKindTest, InvalidServiceNameRatchets) {
  Json old = Stored();
  old["spec"]["serviceName"] = "Bad_Name";
  Json updated = old;
  updated["spec"]["replicas"] = 2;
  EXPECT_THAT(Messages(UpdateErrors(StatefulSet(), updated, old)), IsEmpty());
}

Json WithStatus(const char* status) {
  Json s = Stored();
  s["status"] = Parse(status);
  return s;
}

// T27 / V19.
TEST(StatefulSetKindTest, StatusValidation) {
  Json old = WithStatus(R"({"replicas": 3, "collisionCount": 2})");
  EXPECT_THAT(Messages(StatusErrors(
                  StatefulSet(),
                  WithStatus(R"({"replicas": 3, "readyReplicas": 4, "collisionCount": 2})"), old)),
              ElementsAre("status.readyReplicas: Invalid value: 4: cannot be greater than "
                          "status.replicas"));
  EXPECT_THAT(Messages(StatusErrors(StatefulSet(),
                                    WithStatus(R"({"replicas": 3, "collisionCount": 1})"), old)),
              ElementsAre("status.collisionCount: Invalid value: 1: cannot be decremented"));
  EXPECT_THAT(Messages(StatusErrors(StatefulSet(), WithStatus(R"({"replicas": 3})"), old)),
              ElementsAre("status.collisionCount: Invalid value: 0: cannot be decremented"));
  EXPECT_THAT(
      Messages(StatusErrors(
          StatefulSet(),
          WithStatus(
              R"({"replicas": -1, "readyReplicas": 2, "availableReplicas": 3, "observedGeneration": -1})"),
          WithStatus("{}"))),
      ElementsAre(
          "status.replicas: Invalid value: -1: must be greater than or equal to 0",
          "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
          "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
          // With replicas -1 even the zero counters exceed it.
          "status.currentReplicas: Invalid value: 0: cannot be greater than status.replicas",
          "status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas",
          "status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas",
          "status.availableReplicas: Invalid value: 3: cannot be greater than "
          "status.readyReplicas"));
  EXPECT_THAT(
      Messages(StatusErrors(StatefulSet(),
                            WithStatus(R"({"replicas": 3, "readyReplicas": 3, "currentReplicas": 1,
                                                   "updatedReplicas": 2, "availableReplicas": 3,
                                                   "collisionCount": 3})"),
                            old)),
      IsEmpty());
}

}  // namespace
}  // namespace stead::api::kinds

// ValidatePodTemplateSpec / ValidatePodSpec: one case per rule, on a fully
// defaulted template as the API server would validate it.
#include "api/validation/pod_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/kinds/defaults.h"

namespace stead::api::validation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Json Template() {
  return Json::parse(R"({
    "metadata": {"labels": {"app": "web"}},
    "spec": {
      "containers": [{"name": "app", "image": "nginx:1.27",
                      "ports": [{"containerPort": 80, "name": "http"}],
                      "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
      "volumes": [{"name": "data", "emptyDir": {}}]
    }
  })");
}

std::vector<std::string> Validate(Json tmpl) {
  kinds::SetPodTemplateDefaults(tmpl);
  FieldErrorList errs;
  ValidatePodTemplateSpec(errs, tmpl, FieldPath("spec").Child("template"), {});
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.ToString());
  return out;
}

std::vector<std::string> WithPatch(const char* patch) {
  Json t = Template();
  t["spec"].merge_patch(Json::parse(patch));
  return Validate(t);
}

TEST(PodSpecValidationTest, ValidTemplate) { EXPECT_THAT(Validate(Template()), IsEmpty()); }

TEST(PodSpecValidationTest, Containers) {
  EXPECT_THAT(WithPatch(R"({"containers": []})"),
              ElementsAre("spec.template.spec.containers: Required value"));
  EXPECT_THAT(
      WithPatch(R"({"containers": [{"name": "a", "image": "x"}, {"name": "a", "image": "y"}],
                           "volumes": null})"),
      ElementsAre("spec.template.spec.containers[1].name: Duplicate value: \"a\""));
  EXPECT_THAT(WithPatch(R"({"containers": [{"name": "App_1"}], "volumes": null})"),
              ElementsAre("spec.template.spec.containers[0].name: Invalid value: \"App_1\": a "
                          "lowercase RFC 1123 label must consist of lower case alphanumeric "
                          "characters or '-', and must start and end with an alphanumeric "
                          "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                          "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                          "spec.template.spec.containers[0].image: Required value"));
}

TEST(PodSpecValidationTest, PortsEnvAndMounts) {
  EXPECT_THAT(
      WithPatch(R"({"containers": [{"name": "a", "image": "x",
                    "ports": [{"containerPort": 0}, {"containerPort": 70000, "protocol": "ICMP"}],
                    "env": [{"name": ""}, {"name": "A=B"},
                            {"name": "X", "value": "v", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
                    "volumeMounts": [{"name": "missing", "mountPath": "/m"}]}]})"),
      ElementsAre(
          "spec.template.spec.containers[0].ports[0].containerPort: Required value",
          "spec.template.spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be "
          "between 1 and 65535, inclusive",
          "spec.template.spec.containers[0].ports[1].protocol: Unsupported value: \"ICMP\": "
          "supported values: \"SCTP\", \"TCP\", \"UDP\"",
          "spec.template.spec.containers[0].env[0].name: Required value",
          "spec.template.spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid "
          "environment "
          "variable name must consist only of printable ASCII characters other than '='",
          "spec.template.spec.containers[0].env[2].valueFrom: Invalid value: \"\": may not be "
          "specified when `value` is not empty",
          "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"missing\""));
}

TEST(PodSpecValidationTest, DownwardAPIEnv) {
  EXPECT_THAT(
      WithPatch(R"({"containers": [{"name": "a", "image": "x", "env": [
                 {"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                 {"name": "L", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}},
                 {"name": "P", "valueFrom": {"fieldRef": {"fieldPath": "status.phase"}}},
                 {"name": "Q", "valueFrom": {"fieldRef": {"fieldPath": "spec.bogus"}}}]}]})"),
      ElementsAre("spec.template.spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: "
                  "Unsupported value: \"status.phase\": supported values: \"metadata.name\", "
                  "\"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", "
                  "\"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", "
                  "\"status.podIP\", \"status.podIPs\"",
                  "spec.template.spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: "
                  "Invalid value: \"spec.bogus\": error converting fieldPath: field label not "
                  "supported: spec.bogus"));
}

TEST(PodSpecValidationTest, Resources) {
  EXPECT_THAT(
      WithPatch(R"({"containers": [{"name": "a", "image": "x", "resources": {
                     "limits": {"cpu": "500m", "memory": "1Gi", "example.com/gpu": "1"},
                     "requests": {"cpu": "1", "memory": "-1", "example.com/gpu": "2", "foo": "1"}}}],
                   "volumes": null})"),
      ElementsAre(
          "spec.template.spec.containers[0].resources.requests: Invalid value: \"1\": must be less "
          "than or equal to cpu limit of 500m",
          "spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be "
          "equal "
          "to example.com/gpu limit of 1",
          "spec.template.spec.containers[0].resources.requests[foo]: Invalid value: \"foo\": must "
          "be "
          "a standard resource type or fully qualified",
          "spec.template.spec.containers[0].resources.requests[foo]: Invalid value: \"foo\": must "
          "be "
          "a standard resource for containers",
          "spec.template.spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": "
          "must "
          "be greater than or equal to 0"));
}

TEST(PodSpecValidationTest, Probes) {
  EXPECT_THAT(
      WithPatch(R"({"containers": [{"name": "a", "image": "x",
                  "livenessProbe": {"successThreshold": 2, "httpGet": {"port": 0}},
                  "readinessProbe": {}}], "volumes": null})"),
      ElementsAre("spec.template.spec.containers[0].livenessProbe.httpGet.port: Invalid "
                  "value: 0: must be between 1 and 65535, inclusive",
                  "spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid "
                  "value: 2: must be 1",
                  "spec.template.spec.containers[0].readinessProbe: Required value: must "
                  "specify a handler type"));
}

TEST(PodSpecValidationTest, Volumes) {
  EXPECT_THAT(
      WithPatch(R"({"volumes": [{"name": "data", "emptyDir": {}},
                              {"name": "data", "hostPath": {"path": "/x/../y", "type": "Dir"}},
                              {"name": "two", "emptyDir": {}, "configMap": {"name": "c"}},
                              {"name": "s", "secret": {"secretName": "x", "defaultMode": 1000}}]})"),
      ElementsAre(
          "spec.template.spec.volumes[1].hostPath.path: Invalid value: \"/x/../y\": must not "
          "contain '..'",
          "spec.template.spec.volumes[1].hostPath.type: Unsupported value: \"Dir\": supported "
          "values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", "
          "\"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"",
          "spec.template.spec.volumes[1].name: Duplicate value: \"data\"",
          "spec.template.spec.volumes[2].configMap: Forbidden: may not specify more than 1 "
          "volume type",
          "spec.template.spec.volumes[3].secret.defaultMode: Invalid value: 1000: must be a "
          "number between 0 and 0777 (octal), both inclusive"));
}

TEST(PodSpecValidationTest, PolicyEnumsAndNames) {
  EXPECT_THAT(
      WithPatch(R"({"restartPolicy": "Sometimes", "dnsPolicy": "Weird", "hostname": "A",
                           "serviceAccountName": "Bad", "activeDeadlineSeconds": 0})"),
      ElementsAre(
          "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": "
          "supported values: \"Always\", \"OnFailure\", \"Never\"",
          "spec.template.spec.dnsPolicy: Unsupported value: \"Weird\": supported "
          "values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"",
          ::testing::StartsWith("spec.template.spec.serviceAccountName: Invalid value: \"Bad\""),
          "spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between "
          "1 and 2147483647, inclusive",
          ::testing::StartsWith("spec.template.spec.hostname: Invalid value: \"A\"")));
}

TEST(PodSpecValidationTest, TolerationsAndAffinity) {
  EXPECT_THAT(
      WithPatch(R"({"tolerations": [{"operator": "Equal", "value": "x"},
                                   {"key": "k", "operator": "Exists", "value": "v"},
                                   {"key": "k", "tolerationSeconds": 5, "effect": "NoSchedule"}],
                   "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                       {"labelSelector": {"matchLabels": {"app": "web"}}}]}}})"),
      ElementsAre(
          "spec.template.spec.affinity.podAntiAffinity."
          "requiredDuringSchedulingIgnoredDuringExecution[0]"
          ".topologyKey: Required value: can not be empty",
          "spec.template.spec.affinity.podAntiAffinity."
          "requiredDuringSchedulingIgnoredDuringExecution[0]"
          ".topologyKey: Invalid value: \"\": name part must be non-empty",
          ::testing::StartsWith("spec.template.spec.affinity.podAntiAffinity."
                                "requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: "
                                "Invalid value: \"\": name part must consist of"),
          "spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator "
          "must be Exists when `key` is empty, which means \"match all values and all keys\"",
          "spec.template.spec.tolerations[1].operator: Invalid value: \"v\": value must be "
          "empty when `operator` is 'Exists'",
          "spec.template.spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect "
          "must be 'NoExecute' when `tolerationSeconds` is set"));
}

TEST(PodSpecValidationTest, InitContainersAndEphemeral) {
  EXPECT_THAT(
      WithPatch(R"({"initContainers": [{"name": "app", "image": "x",
                              "readinessProbe": {"exec": {"command": ["true"]}}},
                             {"name": "side", "image": "x", "restartPolicy": "OnFailure"}],
                           "ephemeralContainers": [{"name": "debug", "image": "busybox"}]})"),
      ElementsAre("spec.template.spec.initContainers[0].name: Duplicate value: \"app\"",
                  "spec.template.spec.initContainers[0].readinessProbe: Forbidden: may not be "
                  "set for init containers without restartPolicy=Always",
                  "spec.template.spec.initContainers[1].restartPolicy: Unsupported value: "
                  "\"OnFailure\": supported values: \"Always\"",
                  "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not "
                  "allowed in pod template"));
}

TEST(PodSpecValidationTest, TemplateMetadata) {
  Json t = Template();
  t["metadata"]["annotations"] = {{"controller.kubernetes.io/pod-deletion-cost", "abc"}};
  EXPECT_THAT(Validate(t),
              ElementsAre("spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: "
                          "Invalid value: \"abc\": must be a 32bit integer"));
}

}  // namespace
}  // namespace stead::api::validation

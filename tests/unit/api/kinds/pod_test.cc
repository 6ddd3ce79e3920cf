// Pod defaults, create-time preparation (phase, QoS, admission defaults),
// validation of create/update/status and field selectors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/kinds/defaults.h"
#include "api/kinds/kinds.h"
#include "api/validation/pod.h"
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

Json MinimalPod() {
  return Parse(R"({"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": "web-0", "namespace": "default", "labels": {"app": "web"}},
                   "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                            "ports": [{"containerPort": 80}],
                                            "readinessProbe": {"httpGet": {"port": 80}}}]}})");
}

TEST(PodKindTest, Naming) {
  ResourceType t = Pod();
  EXPECT_EQ(t.GroupVersion(), "v1");
  EXPECT_EQ(t.GroupResource(), "pods");
  EXPECT_THAT(t.short_names, ElementsAre("po"));
  EXPECT_THAT(t.categories, ElementsAre("all"));
  EXPECT_TRUE(t.namespaced && t.has_status && t.graceful_delete);
  EXPECT_FALSE(t.has_scale || t.tracks_generation);
}

TEST(PodKindTest, Defaults) {
  Json pod = Created(Pod(), MinimalPod());
  const Json& spec = pod["spec"];
  EXPECT_EQ(spec["restartPolicy"], "Always");
  EXPECT_EQ(spec["dnsPolicy"], "ClusterFirst");
  EXPECT_EQ(spec["schedulerName"], "default-scheduler");
  EXPECT_EQ(spec["terminationGracePeriodSeconds"], 30);
  EXPECT_EQ(spec["securityContext"], Json::object());
  EXPECT_EQ(spec["enableServiceLinks"], true);
  EXPECT_EQ(spec["serviceAccountName"], "default");
  EXPECT_EQ(spec["serviceAccount"], "default");
  EXPECT_EQ(spec["priority"], 0);
  EXPECT_EQ(spec["preemptionPolicy"], "PreemptLowerPriority");
  const Json& ctr = spec["containers"][0];
  EXPECT_EQ(ctr["imagePullPolicy"], "Always");  // no tag means :latest
  EXPECT_EQ(ctr["terminationMessagePath"], "/dev/termination-log");
  EXPECT_EQ(ctr["terminationMessagePolicy"], "File");
  EXPECT_EQ(ctr["ports"][0]["protocol"], "TCP");
  EXPECT_EQ(ctr["readinessProbe"],
            Parse(R"({"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                      "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})"));
  EXPECT_EQ(pod["status"], Parse(R"({"phase": "Pending", "qosClass": "BestEffort"})"));
  EXPECT_THAT(Messages(CreateErrors(Pod(), MinimalPod())), IsEmpty());
}

TEST(PodKindTest, VolumeAndEnvDefaults) {
  Json pod = MinimalPod();
  pod["spec"]["volumes"] =
      Parse(R"([{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "c"}},
      {"name": "sec", "secret": {"secretName": "s"}}, {"name": "host", "hostPath": {"path": "/tmp"}},
      {"name": "tok", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}}])");
  pod["spec"]["containers"][0]["env"] =
      Parse(R"([{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}])");
  SetPodDefaults(pod);
  const Json& vols = pod["spec"]["volumes"];
  EXPECT_EQ(vols[0]["emptyDir"], Json::object());
  EXPECT_EQ(vols[1]["configMap"]["defaultMode"], 420);
  EXPECT_EQ(vols[2]["secret"]["defaultMode"], 420);
  EXPECT_EQ(vols[3]["hostPath"]["type"], "");
  EXPECT_EQ(vols[4]["projected"]["defaultMode"], 420);
  EXPECT_EQ(vols[4]["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"], 3600);
  EXPECT_EQ(pod["spec"]["containers"][0]["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
}

TEST(PodKindTest, ImagePullPolicyFromTag) {
  EXPECT_EQ(ImageTag("nginx"), "latest");
  EXPECT_EQ(ImageTag("nginx:latest"), "latest");
  EXPECT_EQ(ImageTag("nginx:1.27"), "1.27");
  EXPECT_EQ(ImageTag("registry.local:5000/team/app"), "latest");
  EXPECT_EQ(ImageTag("registry.local:5000/team/app:v2"), "v2");
  EXPECT_EQ(
      ImageTag("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
      "");
  EXPECT_EQ(ImageTag("Nginx"), "");  // not a valid reference
  EXPECT_EQ(ImageTag(""), "");
}

TEST(PodKindTest, RequestsDefaultFromLimitsAndQoS) {
  Json pod = MinimalPod();
  pod["spec"]["containers"][0]["resources"] = {{"limits", {{"cpu", "500m"}, {"memory", "128Mi"}}}};
  Json created = Created(Pod(), pod);
  EXPECT_EQ(created["spec"]["containers"][0]["resources"]["requests"],
            Parse(R"({"cpu": "500m", "memory": "128Mi"})"));
  EXPECT_EQ(created["status"]["qosClass"], "Guaranteed");

  pod["spec"]["containers"][0]["resources"] = {{"requests", {{"cpu", "100m"}}}};
  EXPECT_EQ(Created(Pod(), pod)["status"]["qosClass"], "Burstable");
  pod["spec"]["containers"][0]["resources"] = {{"limits", {{"cpu", "1"}}}};
  EXPECT_EQ(Created(Pod(), pod)["status"]["qosClass"], "Burstable");
}

TEST(PodKindTest, HostNetworkDefaultsHostPorts) {
  Json pod = MinimalPod();
  pod["spec"]["hostNetwork"] = true;
  Json created = Created(Pod(), pod);
  EXPECT_EQ(created["spec"]["containers"][0]["ports"][0]["hostPort"], 80);
  EXPECT_THAT(Messages(CreateErrors(Pod(), pod)), IsEmpty());
}

TEST(PodKindTest, SchedulingGatesAndAffinityKeys) {
  Json pod = MinimalPod();
  pod["spec"]["schedulingGates"] = Parse(R"([{"name": "example.com/wait"}])");
  pod["spec"]["affinity"] =
      Parse(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
      {"labelSelector": {"matchLabels": {"tier": "x"}}, "topologyKey": "kubernetes.io/hostname",
       "matchLabelKeys": ["app"]}]}})");
  Json created = Created(Pod(), pod);
  EXPECT_EQ(created["status"]["conditions"][0]["reason"], "SchedulingGated");
  EXPECT_EQ(created["spec"]["affinity"]["podAntiAffinity"]
                   ["requiredDuringSchedulingIgnoredDuringExecution"][0]["labelSelector"]
                   ["matchExpressions"],
            Parse(R"([{"key": "app", "operator": "In", "values": ["web"]}])"));
  pod["spec"]["nodeName"] = "node-1";
  EXPECT_THAT(Messages(CreateErrors(Pod(), pod)),
              ElementsAre("spec.nodeName: Forbidden: cannot be set until all schedulingGates have "
                          "been cleared"));
}

TEST(PodKindTest, CreateRejectsEphemeralContainersAndPaddedImages) {
  Json pod = MinimalPod();
  pod["spec"]["containers"][0]["image"] = " nginx";
  pod["spec"]["ephemeralContainers"] = Parse(R"([{"name": "dbg", "image": "busybox"}])");
  EXPECT_THAT(
      Messages(CreateErrors(Pod(), pod)),
      ElementsAre("spec.containers[0].image: Invalid value: \" nginx\": must not have leading "
                  "or trailing whitespace",
                  "spec.ephemeralContainers: Forbidden: cannot be set on create"));
}

TEST(PodKindTest, UpdateRestrictions) {
  Json old = Created(Pod(), MinimalPod());
  old["metadata"]["resourceVersion"] = "4";
  Json image = old;
  image["spec"]["containers"][0]["image"] = "nginx:1.28";
  EXPECT_THAT(Messages(UpdateErrors(Pod(), image, old)), IsEmpty());

  // A full replacement without the admission-set priority keeps it.
  Json replaced = old;
  replaced["spec"].erase("priority");
  replaced["spec"].erase("preemptionPolicy");
  EXPECT_THAT(Messages(UpdateErrors(Pod(), replaced, old)), IsEmpty());

  Json add_toleration = old;
  add_toleration["spec"]["tolerations"] = Parse(R"([{"key": "k", "operator": "Exists"}])");
  EXPECT_THAT(Messages(UpdateErrors(Pod(), add_toleration, old)), IsEmpty());

  Json restart = old;
  restart["spec"]["restartPolicy"] = "Never";
  FieldErrorList errs = UpdateErrors(Pod(), restart, old);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "spec");
  EXPECT_EQ(errs[0].type, FieldErrorType::kForbidden);
  EXPECT_THAT(errs[0].detail,
              ::testing::StartsWith(
                  "pod updates may not change fields other than `spec.containers[*].image`,"
                  "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                  "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                  "(allow it to be set to 1 if it was previously negative)\n"));
  EXPECT_THAT(errs[0].detail, ::testing::HasSubstr("RestartPolicy"));

  Json more = old;
  more["spec"]["containers"].push_back(Parse(R"({"name": "b", "image": "x"})"));
  EXPECT_THAT(
      Messages(UpdateErrors(Pod(), more, old)),
      ElementsAre("spec.containers: Forbidden: pod updates may not add or remove containers"));

  Json deadline = old;
  deadline["spec"]["activeDeadlineSeconds"] = 30;
  Json old_deadline = old;
  old_deadline["spec"]["activeDeadlineSeconds"] = 10;
  EXPECT_THAT(
      Messages(UpdateErrors(Pod(), deadline, old_deadline)),
      ElementsAre("spec.activeDeadlineSeconds: Invalid value: 30: must be less than or equal "
                  "to previous value"));
}

TEST(PodKindTest, StatusUpdate) {
  Json old = Created(Pod(), MinimalPod());
  old["spec"]["restartPolicy"] = "Never";
  old["status"]["containerStatuses"] =
      Parse(R"([{"name": "nginx", "state": {"terminated": {"exitCode": 0}}}])");
  Json pod = old;
  pod["status"]["containerStatuses"] = Parse(R"([{"name": "nginx", "state": {"running": {}}}])");
  pod["status"]["qosClass"] = "Guaranteed";
  pod["status"]["podIPs"] = Parse(R"([{"ip": "10.244.0.5"}, {"ip": "10.244.0.6"}])");
  EXPECT_THAT(
      Messages(StatusErrors(Pod(), pod, old)),
      ElementsAre("status.qosClass: Invalid value: \"Guaranteed\": field is immutable",
                  "status.containerStatuses[0].state: Forbidden: may not be transitioned to "
                  "non-terminated state",
                  "status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:\"10.244.0.5\"}, "
                  "core.PodIP{IP:\"10.244.0.6\"}}: may specify no more than one IP for each IP "
                  "family"));
}

TEST(PodKindTest, FieldSelectors) {
  ResourceType t = Pod();
  Json pod = Created(t, MinimalPod());
  pod["spec"]["nodeName"] = "node-1";
  pod["status"]["podIPs"] = Parse(R"([{"ip": "10.244.0.5"}])");
  EXPECT_EQ(t.field_value(pod, "spec.nodeName"), "node-1");
  EXPECT_EQ(t.field_value(pod, "spec.hostNetwork"), "false");
  EXPECT_EQ(t.field_value(pod, "status.phase"), "Pending");
  EXPECT_EQ(t.field_value(pod, "status.podIP"), "10.244.0.5");
  EXPECT_EQ(t.field_value(pod, "spec.restartPolicy"), "Always");
  EXPECT_EQ(t.field_value(pod, "spec.schedulerName"), "default-scheduler");
  EXPECT_EQ(t.field_value(pod, "spec.serviceAccountName"), "default");
  EXPECT_EQ(t.field_value(pod, "status.nominatedNodeName"), "");
  EXPECT_EQ(t.field_value(pod, "spec.bogus"), std::nullopt);
  for (const auto& f : t.field_selectors) EXPECT_TRUE(t.field_value(pod, f).has_value()) << f;
}

}  // namespace
}  // namespace stead::api::kinds

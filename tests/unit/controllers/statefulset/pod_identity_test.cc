// Pod naming and identity (N1–N7): ordinal parsing, the pod and claims the
// controller builds, and the invariants it repairs.
#include "controllers/statefulset/pod_identity.h"

#include <gtest/gtest.h>

namespace stead::controllers::statefulset {
namespace {

TEST(StatefulSetPodIdentityTest, ParsesParentAndOrdinal) {
  EXPECT_EQ(ParsePodName("web-10").parent, "web");
  EXPECT_EQ(ParsePodName("web-10").ordinal, 10);
  EXPECT_EQ(ParsePodName("web-1-0").parent, "web-1");
  EXPECT_EQ(ParsePodName("web-1-0").ordinal, 0);
  EXPECT_EQ(ParsePodName("web-007").ordinal, 7);
  EXPECT_EQ(ParsePodName("web").ordinal, -1);
  EXPECT_EQ(ParsePodName("web").parent, "");
  EXPECT_EQ(ParsePodName("web-").ordinal, -1);
  EXPECT_EQ(ParsePodName("-3").parent, "");
  EXPECT_EQ(ParsePodName("-3").ordinal, 3);
  EXPECT_EQ(ParsePodName("web-a").ordinal, -1);
  EXPECT_EQ(ParsePodName("web-2147483647").ordinal, 2147483647);
  // Overflow: no ordinal, but the parent is still "web" (Go's behaviour).
  EXPECT_EQ(ParsePodName("web-2147483648").ordinal, -1);
  EXPECT_EQ(ParsePodName("web-2147483648").parent, "web");
}

TEST(StatefulSetPodIdentityTest, Names) {
  EXPECT_EQ(PodName("web", 3), "web-3");
  EXPECT_EQ(ClaimName("www", "web", 0), "www-web-0");
}

Json TestSet() {
  return Json::parse(R"({
    "metadata": {"name": "web", "namespace": "ns", "uid": "u1"},
    "spec": {
      "serviceName": "nginx",
      "selector": {"matchLabels": {"app": "web"}},
      "template": {
        "metadata": {"labels": {"app": "web", "statefulset.kubernetes.io/pod-name": "bogus"},
                     "annotations": {"a": "b"}, "finalizers": ["example.com/f"]},
        "spec": {"containers": [{"name": "c", "image": "i"}],
                 "hostname": "ignored",
                 "volumes": [{"name": "www", "emptyDir": {}}, {"name": "home", "emptyDir": {}}]}
      },
      "volumeClaimTemplates": [
        {"metadata": {"name": "www", "labels": {"tier": "storage", "app": "other"},
                      "annotations": {"x": "y"}},
         "spec": {"accessModes": ["ReadWriteOnce"]}, "status": {"phase": "Pending"}},
        {"metadata": {"name": "logs"}, "spec": {"accessModes": ["ReadWriteOnce"]}}
      ]
    }
  })");
}

TEST(StatefulSetPodIdentityTest, NewPod) {
  Json set = TestSet();
  SetView view = MakeSetView(set);
  Json pod = NewStatefulSetPod(view, 2, "web-abc");
  EXPECT_EQ(pod["metadata"]["name"], "web-2");
  EXPECT_EQ(pod["metadata"]["namespace"], "ns");
  EXPECT_EQ(pod["metadata"]["generateName"], "web-");
  EXPECT_EQ(pod["metadata"]["labels"], (Json{{"app", "web"},
                                             {"statefulset.kubernetes.io/pod-name", "web-2"},
                                             {"apps.kubernetes.io/pod-index", "2"},
                                             {"controller-revision-hash", "web-abc"}}));
  EXPECT_EQ(pod["metadata"]["annotations"], (Json{{"a", "b"}}));
  EXPECT_EQ(pod["metadata"]["finalizers"], Json::array({"example.com/f"}));
  EXPECT_EQ(pod["metadata"]["ownerReferences"], Json::array({{{"apiVersion", "apps/v1"},
                                                              {"kind", "StatefulSet"},
                                                              {"name", "web"},
                                                              {"uid", "u1"},
                                                              {"controller", true},
                                                              {"blockOwnerDeletion", true}}}));
  EXPECT_EQ(pod["spec"]["hostname"], "web-2");
  EXPECT_EQ(pod["spec"]["subdomain"], "nginx");
  // Claim volumes first (template order), replacing a same-named volume.
  EXPECT_EQ(pod["spec"]["volumes"], Json::parse(R"([
              {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-2", "readOnly": false}},
              {"name": "logs", "persistentVolumeClaim": {"claimName": "logs-web-2", "readOnly": false}},
              {"name": "home", "emptyDir": {}}])"));
  EXPECT_FALSE(IsCreated(pod));
  EXPECT_TRUE(IdentityMatches(view, pod));
  EXPECT_TRUE(StorageMatches(view, pod));
}

TEST(StatefulSetPodIdentityTest, NoServiceNameMeansNoSubdomain) {
  Json set = TestSet();
  set["spec"].erase("serviceName");
  set["spec"]["template"]["spec"]["subdomain"] = "x";
  Json pod = NewStatefulSetPod(MakeSetView(set), 0, "r");
  EXPECT_FALSE(pod["spec"].contains("subdomain"));
}

TEST(StatefulSetPodIdentityTest, Claims) {
  Json set = TestSet();
  std::vector<Json> claims = ClaimsForOrdinal(MakeSetView(set), 1);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0]["metadata"]["name"], "www-web-1");
  EXPECT_EQ(claims[0]["metadata"]["namespace"], "ns");
  EXPECT_EQ(claims[0]["metadata"]["labels"], (Json{{"tier", "storage"}, {"app", "web"}}));
  EXPECT_EQ(claims[0]["metadata"]["annotations"], (Json{{"x", "y"}}));
  EXPECT_FALSE(claims[0].contains("status"));
  EXPECT_EQ(claims[1]["metadata"]["labels"], (Json{{"app", "web"}}));
}

TEST(StatefulSetPodIdentityTest, IdentityAndStorageRepairs) {
  Json set = TestSet();
  SetView view = MakeSetView(set);
  Json pod = NewStatefulSetPod(view, 1, "r");
  pod["metadata"]["labels"].erase("statefulset.kubernetes.io/pod-name");
  pod["metadata"]["labels"].erase("apps.kubernetes.io/pod-index");
  EXPECT_FALSE(IdentityMatches(view, pod));
  UpdateIdentity(view, pod);
  EXPECT_TRUE(IdentityMatches(view, pod));
  EXPECT_EQ(pod["metadata"]["labels"]["apps.kubernetes.io/pod-index"], "1");

  // The pod-index label is not part of the identity check (KEP-4017).
  pod["metadata"]["labels"].erase("apps.kubernetes.io/pod-index");
  EXPECT_TRUE(IdentityMatches(view, pod));

  pod["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] = "other";
  EXPECT_FALSE(StorageMatches(view, pod));
  UpdateStorage(view, pod);
  EXPECT_TRUE(StorageMatches(view, pod));

  Json foreign = pod;
  foreign["metadata"]["namespace"] = "elsewhere";
  EXPECT_FALSE(IdentityMatches(view, foreign));
}

TEST(StatefulSetPodIdentityTest, Availability) {
  auto now = SystemTime(std::chrono::seconds(1700000000));
  Json pod = {
      {"status",
       {{"phase", "Running"},
        {"conditions",
         Json::array({{{"type", "Ready"},
                       {"status", "True"},
                       {"lastTransitionTime", FormatTime(now - std::chrono::seconds(10))}}})}}}};
  EXPECT_TRUE(IsRunningAndReady(pod));
  EXPECT_TRUE(IsAvailable(pod, 0, now));
  EXPECT_TRUE(IsAvailable(pod, 9, now));
  EXPECT_FALSE(IsAvailable(pod, 10, now));  // strictly before now
  EXPECT_TRUE(IsUnavailable(pod, 10, now));
  pod["metadata"]["deletionTimestamp"] = FormatTime(now);
  EXPECT_TRUE(IsRunningAndReady(pod));
  EXPECT_TRUE(IsUnavailable(pod, 0, now));
  pod["status"]["phase"] = "Unknown";
  EXPECT_FALSE(IsRunningAndReady(pod));
}

}  // namespace
}  // namespace stead::controllers::statefulset

#include "controllers/replicaset/pod_ranking.h"

#include <gtest/gtest.h>

namespace stead::controllers::replicaset {
namespace {

const SystemTime kNow = SystemTime{} + std::chrono::hours(24 * 365 * 50);

std::string At(std::chrono::seconds ago) { return FormatTime(kNow - ago); }

Json Pod(const std::string& name, const std::string& node, const std::string& phase, bool ready,
         std::chrono::seconds created_ago = std::chrono::seconds(1000),
         std::chrono::seconds ready_ago = std::chrono::seconds(500)) {
  Json pod = {{"metadata",
               {{"name", name}, {"uid", "uid-" + name}, {"creationTimestamp", At(created_ago)}}},
              {"spec", {{"nodeName", node}}},
              {"status", {{"phase", phase}}}};
  if (ready) {
    pod["status"]["conditions"] = Json::array(
        {{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", At(ready_ago)}}});
  }
  return pod;
}

std::vector<std::string> Names(const std::vector<const Json*>& pods) {
  std::vector<std::string> out;
  for (const Json* p : pods) out.push_back(MetaName(*p));
  return out;
}

TEST(ReplicaSetPodRankingTest, UnassignedThenPendingThenNotReadyGoFirst) {
  Json running = Pod("running", "n1", "Running", true);
  Json not_ready = Pod("not-ready", "n1", "Running", false);
  Json unknown = Pod("unknown", "n1", "Unknown", false);
  Json pending = Pod("pending", "n1", "Pending", false);
  Json unassigned = Pod("unassigned", "", "Pending", false);
  std::vector<const Json*> pods = {&running, &not_ready, &unknown, &pending, &unassigned};
  EXPECT_EQ(Names(PodsToDelete(pods, {}, 4, kNow)),
            (std::vector<std::string>{"unassigned", "pending", "unknown", "not-ready"}));
  // All of them go: no sorting.
  EXPECT_EQ(Names(PodsToDelete(pods, {}, 5, kNow)).front(), "running");
}

TEST(ReplicaSetPodRankingTest, DeletionCostThenDoubledUpNodes) {
  Json a = Pod("a", "n1", "Running", true);
  Json b = Pod("b", "n2", "Running", true);
  Json c = Pod("c", "n2", "Running", true);
  // Same age everywhere: co-location decides (n2 has two pods).
  EXPECT_TRUE(PodDeletesBefore(b, 2, a, 1, kNow));
  EXPECT_FALSE(PodDeletesBefore(a, 1, b, 2, kNow));
  std::vector<const Json*> pods = {&a, &b, &c};
  EXPECT_NE(Names(PodsToDelete(pods, pods, 1, kNow))[0], "a");
  // A lower deletion cost outranks co-location.
  a["metadata"]["annotations"][kPodDeletionCostAnnotation] = "-5";
  EXPECT_EQ(Names(PodsToDelete(pods, pods, 1, kNow))[0], "a");
  // An invalid cost counts as 0.
  a["metadata"]["annotations"][kPodDeletionCostAnnotation] = "cheap";
  EXPECT_NE(Names(PodsToDelete(pods, pods, 1, kNow))[0], "a");
}

TEST(ReplicaSetPodRankingTest, ReadyForShorterTimeOnALogScale) {
  // Ready 10 s vs 1000 s: different log2 buckets, the newer one goes first.
  Json fresh =
      Pod("fresh", "n1", "Running", true, std::chrono::seconds(2000), std::chrono::seconds(10));
  Json old =
      Pod("old", "n1", "Running", true, std::chrono::seconds(2000), std::chrono::seconds(1000));
  EXPECT_TRUE(PodDeletesBefore(fresh, 0, old, 0, kNow));
  EXPECT_FALSE(PodDeletesBefore(old, 0, fresh, 0, kNow));
  // 1000 s vs 1001 s fall in one bucket: the UID decides, so "a" < "b".
  Json x = Pod("b", "n1", "Running", true, std::chrono::seconds(2000), std::chrono::seconds(1000));
  Json y = Pod("a", "n1", "Running", true, std::chrono::seconds(2000), std::chrono::seconds(1001));
  EXPECT_TRUE(PodDeletesBefore(y, 0, x, 0, kNow));
  EXPECT_FALSE(PodDeletesBefore(x, 0, y, 0, kNow));
}

TEST(ReplicaSetPodRankingTest, MoreRestartsThenNewerFirst) {
  Json calm = Pod("calm", "n1", "Running", false, std::chrono::seconds(10));
  Json flappy = Pod("flappy", "n1", "Running", false, std::chrono::seconds(5000));
  flappy["status"]["containerStatuses"] = Json::array({{{"name", "c"}, {"restartCount", 3}}});
  EXPECT_TRUE(PodDeletesBefore(flappy, 0, calm, 0, kNow));
  // Equal restarts: the newer pod goes first.
  Json older = Pod("older", "n1", "Running", false, std::chrono::seconds(5000));
  EXPECT_TRUE(PodDeletesBefore(calm, 0, older, 0, kNow));
  EXPECT_FALSE(PodDeletesBefore(older, 0, calm, 0, kNow));
  // Sidecar restarts break a tie of regular restarts.
  Json sidecar = older;
  sidecar["spec"]["initContainers"] =
      Json::array({{{"name", "proxy"}, {"restartPolicy", "Always"}}});
  sidecar["status"]["initContainerStatuses"] =
      Json::array({{{"name", "proxy"}, {"restartCount", 2}}});
  EXPECT_TRUE(PodDeletesBefore(sidecar, 0, calm, 0, kNow));
}

}  // namespace
}  // namespace stead::controllers::replicaset

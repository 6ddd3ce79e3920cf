#include "controllers/deployment/util.h"

#include <gtest/gtest.h>

namespace stead::controllers::deployment {
namespace {

const SystemTime kNow = SystemTime{} + std::chrono::hours(24 * 365 * 50);

Json Deployment(int replicas, Json max_surge, Json max_unavailable) {
  return Json{
      {"metadata", {{"name", "web"}, {"generation", 1}}},
      {"spec",
       {{"replicas", replicas},
        {"strategy",
         {{"type", "RollingUpdate"},
          {"rollingUpdate", {{"maxSurge", max_surge}, {"maxUnavailable", max_unavailable}}}}}}}};
}

RSPtr Set(const std::string& name, int replicas, int available = 0) {
  return std::make_shared<const Json>(
      Json{{"metadata", {{"name", name}, {"uid", "u-" + name}}},
           {"spec", {{"replicas", replicas}}},
           {"status", {{"replicas", replicas}, {"availableReplicas", available}}}});
}

TEST(DeploymentUtilTest, FencepostsRoundSurgeUpAndUnavailableDown) {
  const Json quarter = "25%", bad = "x";
  auto f = ResolveFenceposts(&quarter, &quarter, 10);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->max_surge, 3);        // ceil(2.5)
  EXPECT_EQ(f->max_unavailable, 2);  // floor(2.5)
  // 25% of 1 rounds to surge 1, unavailable 0.
  EXPECT_EQ(MaxSurge(Deployment(1, "25%", "25%")), 1);
  EXPECT_EQ(MaxUnavailable(Deployment(1, "25%", "25%")), 0);
  // Both resolving to 0 allows one unavailable pod.
  EXPECT_EQ(MaxUnavailable(Deployment(3, 0, "10%")), 1);
  // Capped at the replicas; 0 replicas or Recreate: none.
  EXPECT_EQ(MaxUnavailable(Deployment(2, 0, 5)), 2);
  EXPECT_EQ(MaxUnavailable(Deployment(0, 1, 1)), 0);
  Json recreate = Deployment(3, 1, 1);
  recreate["spec"]["strategy"] = {{"type", "Recreate"}};
  EXPECT_EQ(MaxSurge(recreate), 0);
  EXPECT_EQ(MaxUnavailable(recreate), 0);
  EXPECT_FALSE(ResolveFenceposts(&bad, nullptr, 3).ok());
}

TEST(DeploymentUtilTest, NewRSNewReplicasStaysWithinSurge) {
  Json d = Deployment(10, "25%", "25%");  // surge 3
  RSPtr old_rs = Set("old", 10, 10);
  RSPtr new_rs = Set("new", 0);
  EXPECT_EQ(*NewRSNewReplicas(d, {old_rs, new_rs}, *new_rs), 3);
  // At replicas + surge already: no growth.
  RSPtr grown = Set("new", 3);
  EXPECT_EQ(*NewRSNewReplicas(d, {old_rs, grown}, *grown), 3);
  // Never beyond the desired replicas.
  RSPtr half = Set("new", 8);
  EXPECT_EQ(*NewRSNewReplicas(d, {Set("old", 2), half}, *half), 10);
  RSPtr five = Set("new", 5);
  EXPECT_EQ(*NewRSNewReplicas(d, {Set("old", 5), five}, *five), 8);
  d["spec"]["strategy"] = {{"type", "Recreate"}};
  EXPECT_EQ(*NewRSNewReplicas(d, {old_rs, new_rs}, *new_rs), 10);
}

TEST(DeploymentUtilTest, ConditionsKeepTransitionTimeWhileStatusHolds) {
  Json status = Json::object();
  SetDeploymentCondition(status, NewDeploymentCondition(kProgressing, "True", kNewReplicaSetReason,
                                                        "Created new replica set \"a\"", kNow));
  SystemTime later = kNow + std::chrono::seconds(30);
  SetDeploymentCondition(
      status, NewDeploymentCondition(kProgressing, "True", kReplicaSetUpdatedReason, "x", later));
  const Json* c = GetDeploymentCondition(status, kProgressing);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["reason"], kReplicaSetUpdatedReason);
  EXPECT_EQ((*c)["lastTransitionTime"], FormatTime(kNow));
  EXPECT_EQ((*c)["lastUpdateTime"], FormatTime(later));
  // Same status and reason: nothing changes.
  SetDeploymentCondition(
      status, NewDeploymentCondition(kProgressing, "True", kReplicaSetUpdatedReason, "y", later));
  EXPECT_EQ((*GetDeploymentCondition(status, kProgressing))["message"], "x");
  // A new status moves the transition time.
  SetDeploymentCondition(
      status, NewDeploymentCondition(kProgressing, "False", kTimedOutReason, "z", later));
  EXPECT_EQ((*GetDeploymentCondition(status, kProgressing))["lastTransitionTime"],
            FormatTime(later));
  EXPECT_EQ(status["conditions"].size(), 1u);
}

TEST(DeploymentUtilTest, TimedOutAfterTheDeadlineSinceTheLastProgress) {
  Json d = Deployment(3, 1, 0);
  d["spec"]["progressDeadlineSeconds"] = 60;
  Json status = Json::object();
  SetDeploymentCondition(
      status, NewDeploymentCondition(kProgressing, "True", kReplicaSetUpdatedReason, "", kNow));
  EXPECT_FALSE(DeploymentTimedOut(d, status, kNow + std::chrono::seconds(60)));
  EXPECT_TRUE(DeploymentTimedOut(d, status, kNow + std::chrono::seconds(61)));
  // A completed rollout never times out.
  SetDeploymentCondition(
      status, NewDeploymentCondition(kProgressing, "True", kNewRSAvailableReason, "", kNow));
  EXPECT_FALSE(DeploymentTimedOut(d, status, kNow + std::chrono::hours(1)));
  d["spec"]["progressDeadlineSeconds"] = 2147483647;  // no deadline
  EXPECT_FALSE(HasProgressDeadline(d));
}

TEST(DeploymentUtilTest, RevisionAnnotationsAndHistory) {
  Json d = Deployment(3, 1, 0);
  d["metadata"]["annotations"] = {{"team", "a"},
                                  {kRevisionAnnotation, "7"},
                                  {"kubectl.kubernetes.io/last-applied-configuration", "{}"}};
  Json rs = {{"metadata", {{"name", "web-1"}}}};
  EXPECT_TRUE(SetNewReplicaSetAnnotations(d, rs, "4", false, 2000));
  EXPECT_EQ(rs["metadata"]["annotations"], (Json{{"team", "a"},
                                                 {kRevisionAnnotation, "4"},
                                                 {kDesiredReplicasAnnotation, "3"},
                                                 {kMaxReplicasAnnotation, "4"}}));
  // Rolled back to: the old revision goes into the history.
  EXPECT_TRUE(SetNewReplicaSetAnnotations(d, rs, "6", true, 2000));
  EXPECT_EQ(rs["metadata"]["annotations"][kRevisionAnnotation], "6");
  EXPECT_EQ(rs["metadata"]["annotations"][kRevisionHistoryAnnotation], "4");
  EXPECT_TRUE(SetNewReplicaSetAnnotations(d, rs, "9", true, 2000));
  EXPECT_EQ(rs["metadata"]["annotations"][kRevisionHistoryAnnotation], "4,6");
  // A lower revision never replaces a higher one.
  EXPECT_FALSE(SetNewReplicaSetAnnotations(d, rs, "8", true, 2000));
  // The history is trimmed from the front to the limit.
  EXPECT_TRUE(SetNewReplicaSetAnnotations(d, rs, "10", true, 4));
  EXPECT_EQ(rs["metadata"]["annotations"][kRevisionHistoryAnnotation], "6,9");
}

TEST(DeploymentUtilTest, ProportionsFollowTheMaxReplicasAnnotation) {
  Json d = Deployment(20, "25%", "25%");  // max 25 after the scale
  Json rs = *Set("a", 5);
  rs["metadata"]["annotations"][kMaxReplicasAnnotation] = "13";
  // 5 * 25 / 13 = 9.6 → 10: +5, bounded by what is left to add.
  EXPECT_EQ(ReplicaSetProportion(rs, d, 15, 0), 5);
  EXPECT_EQ(ReplicaSetProportion(rs, d, 15, 12), 3);
  // Scaling down to 0 removes everything.
  Json zero = Deployment(0, "25%", "25%");
  EXPECT_EQ(ReplicaSetProportion(rs, zero, -5, 0), -5);
}

TEST(DeploymentUtilTest, FindNewAndOldSetsIgnoreTheHashLabel) {
  Json tmpl = {{"metadata", {{"labels", {{"app", "web"}}}}},
               {"spec", {{"containers", Json::array({{{"name", "c"}, {"image", "nginx:1"}}})}}}};
  Json d = Deployment(3, 1, 0);
  d["spec"]["template"] = tmpl;
  Json rs_tmpl = tmpl;
  rs_tmpl["metadata"]["labels"][kDefaultDeploymentUniqueLabelKey] = "abc";
  Json other_tmpl = rs_tmpl;
  other_tmpl["spec"]["containers"][0]["image"] = "nginx:2";
  auto make = [](const std::string& name, const std::string& created, const Json& t) {
    return std::make_shared<const Json>(
        Json{{"metadata", {{"name", name}, {"uid", name}, {"creationTimestamp", created}}},
             {"spec", {{"replicas", 1}, {"template", t}}}});
  };
  RSPtr newer = make("newer", "2026-01-02T00:00:00Z", rs_tmpl);
  RSPtr older = make("older", "2026-01-01T00:00:00Z", rs_tmpl);
  RSPtr other = make("other", "2025-01-01T00:00:00Z", other_tmpl);
  EXPECT_EQ(MetaName(*FindNewReplicaSet(d, {newer, other, older})), "older");
  std::vector<RSPtr> old = FindOldReplicaSets(d, {newer, other, older});
  ASSERT_EQ(old.size(), 2u);
  EXPECT_EQ(MetaName(*old[0]), "newer");
  EXPECT_EQ(MetaName(*old[1]), "other");
}

}  // namespace
}  // namespace stead::controllers::deployment

#include "controllers/replicaset/status.h"

#include <gtest/gtest.h>

namespace stead::controllers::replicaset {
namespace {

const SystemTime kNow = SystemTime{} + std::chrono::hours(24 * 365 * 50);

Json Set(int replicas, int min_ready = 0) {
  return Json{{"metadata", {{"name", "web"}, {"generation", 3}}},
              {"spec",
               {{"replicas", replicas},
                {"minReadySeconds", min_ready},
                {"template", {{"metadata", {{"labels", {{"app", "web"}, {"tier", "fe"}}}}}}}}},
              {"status", {{"replicas", 0}}}};
}

Json Pod(bool ready, std::chrono::seconds ready_for, bool full_labels = true) {
  Json labels = {{"app", "web"}};
  if (full_labels) labels["tier"] = "fe";
  Json pod = {{"metadata", {{"labels", labels}}}, {"status", {{"phase", "Running"}}}};
  pod["status"]["conditions"] =
      Json::array({{{"type", "Ready"},
                    {"status", ready ? "True" : "False"},
                    {"lastTransitionTime", FormatTime(kNow - ready_for)}}});
  return pod;
}

TEST(ReplicaSetStatusTest, CountsLabeledReadyAndAvailablePods) {
  Json set = Set(4, 30);
  Json a = Pod(true, std::chrono::seconds(60));
  Json b = Pod(true, std::chrono::seconds(10));  // ready, not yet available
  Json c = Pod(false, std::chrono::seconds(60), false);
  Json status = CalculateStatus(set, {&a, &b, &c}, std::nullopt, kNow);
  EXPECT_EQ(status["replicas"], 3);
  EXPECT_EQ(status["fullyLabeledReplicas"], 2);
  EXPECT_EQ(status["readyReplicas"], 2);
  EXPECT_EQ(status["availableReplicas"], 1);
  EXPECT_EQ(status["observedGeneration"], 3);
  EXPECT_FALSE(status.contains("conditions"));
  EXPECT_TRUE(StatusNeedsUpdate(set, status));
  set["status"] = status;
  EXPECT_FALSE(StatusNeedsUpdate(set, status));
  set["metadata"]["generation"] = 4;  // a new generation is always acknowledged
  EXPECT_TRUE(StatusNeedsUpdate(set, status));
}

TEST(ReplicaSetStatusTest, ReplicaFailureConditionComesAndGoes) {
  Json set = Set(3);
  Json status =
      CalculateStatus(set, {}, std::string("pods \"web-x\" is forbidden: exceeded quota"), kNow);
  const Json* cond = GetReplicaSetCondition(status, kReplicaFailure);
  ASSERT_NE(cond, nullptr);
  EXPECT_EQ((*cond)["status"], "True");
  EXPECT_EQ((*cond)["reason"], "FailedCreate");
  EXPECT_EQ((*cond)["message"], "pods \"web-x\" is forbidden: exceeded quota");
  // A second failure keeps the first condition (and its time).
  set["status"] = status;
  Json again = CalculateStatus(set, {}, std::string("other"), kNow + std::chrono::seconds(5));
  EXPECT_EQ((*GetReplicaSetCondition(again, kReplicaFailure))["message"],
            "pods \"web-x\" is forbidden: exceeded quota");
  // Success removes it.
  Json ok = CalculateStatus(set, {}, std::nullopt, kNow);
  EXPECT_EQ(GetReplicaSetCondition(ok, kReplicaFailure), nullptr);
  // Too many pods: FailedDelete.
  Json p = Pod(true, std::chrono::seconds(1));
  Json small = Set(0);
  EXPECT_EQ((*GetReplicaSetCondition(CalculateStatus(small, {&p}, std::string("x"), kNow),
                                     kReplicaFailure))["reason"],
            "FailedDelete");
}

}  // namespace
}  // namespace stead::controllers::replicaset

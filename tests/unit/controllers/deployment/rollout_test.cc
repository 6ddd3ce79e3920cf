#include "controllers/deployment/rollout.h"

#include <gtest/gtest.h>

#include <map>

#include "controllers/framework/pod_template_hash.h"

namespace stead::controllers::deployment {
namespace {

const SystemTime kNow = SystemTime{} + std::chrono::hours(24 * 365 * 50);

// Records every write; ReplicaSets are kept by name.
class FakeWriter final : public Writer {
 public:
  std::map<std::string, Json> sets;
  std::vector<std::string> events;
  std::vector<Json> status_writes;
  std::vector<Json> deployment_writes;
  std::vector<std::chrono::milliseconds> requeues;
  int next_rv = 100;

  Result<Json> CreateReplicaSet(const Json& rs) override {
    if (sets.count(MetaName(rs))) return Status::AlreadyExists("exists");
    Json stored = rs;
    stored["metadata"]["uid"] = "uid-" + MetaName(rs);
    stored["metadata"]["resourceVersion"] = std::to_string(next_rv++);
    stored["metadata"]["creationTimestamp"] = FormatTime(kNow);
    sets[MetaName(rs)] = stored;
    return stored;
  }
  Result<Json> UpdateReplicaSet(const Json& rs) override {
    Json stored = rs;
    stored["metadata"]["resourceVersion"] = std::to_string(next_rv++);
    sets[MetaName(rs)] = stored;
    return stored;
  }
  Status DeleteReplicaSet(const Json& rs) override {
    sets.erase(MetaName(rs));
    events.push_back("delete " + MetaName(rs));
    return Status::OK();
  }
  Result<RSPtr> GetReplicaSet(const std::string&, const std::string& name) override {
    auto it = sets.find(name);
    if (it == sets.end()) return Status::NotFound(name);
    return std::make_shared<const Json>(it->second);
  }
  Result<Json> UpdateDeploymentStatus(const Json& d) override {
    status_writes.push_back(d);
    Json out = d;
    out["metadata"]["resourceVersion"] = std::to_string(next_rv++);
    return out;
  }
  Result<Json> UpdateDeployment(const Json& d) override {
    deployment_writes.push_back(d);
    Json out = d;
    out["metadata"]["resourceVersion"] = std::to_string(next_rv++);
    return out;
  }
  void Event(const Json&, const std::string& type, const std::string& reason,
             const std::string& message) override {
    events.push_back(type + " " + reason + " " + message);
  }
  void Requeue(std::chrono::milliseconds delay) override { requeues.push_back(delay); }

  std::vector<RSPtr> Snapshot() const {
    std::vector<RSPtr> out;
    for (const auto& [name, rs] : sets) out.push_back(std::make_shared<const Json>(rs));
    return out;
  }
};

Json Template(const std::string& image) {
  return Json{{"metadata", {{"labels", {{"app", "web"}}}}},
              {"spec", {{"containers", Json::array({{{"name", "web"}, {"image", image}}})}}}};
}

Json Deployment(int replicas, Json surge, Json unavailable, const std::string& image) {
  return Json{{"metadata",
               {{"name", "web"},
                {"namespace", "ns"},
                {"uid", "d-uid"},
                {"generation", 1},
                {"resourceVersion", "1"}}},
              {"spec",
               {{"replicas", replicas},
                {"selector", {{"matchLabels", {{"app", "web"}}}}},
                {"template", Template(image)},
                {"revisionHistoryLimit", 10},
                {"progressDeadlineSeconds", 600},
                {"strategy",
                 {{"type", "RollingUpdate"},
                  {"rollingUpdate", {{"maxSurge", surge}, {"maxUnavailable", unavailable}}}}}}}};
}

// A set of `d`'s template family at `replicas`, all `available`.
Json Set(const std::string& name, const std::string& image, int replicas, int available,
         const std::string& revision, const std::string& created, int desired = 3, int max = 4) {
  Json t = Template(image);
  t["metadata"]["labels"]["pod-template-hash"] = name;
  return Json{{"metadata",
               {{"name", "web-" + name},
                {"namespace", "ns"},
                {"uid", "uid-web-" + name},
                {"creationTimestamp", created},
                {"generation", 1},
                {"annotations",
                 {{kRevisionAnnotation, revision},
                  {kDesiredReplicasAnnotation, std::to_string(desired)},
                  {kMaxReplicasAnnotation, std::to_string(max)}}}}},
              {"spec", {{"replicas", replicas}, {"template", t}}},
              {"status",
               {{"replicas", replicas},
                {"readyReplicas", available},
                {"availableReplicas", available},
                {"observedGeneration", 1}}}};
}

int Replicas(const FakeWriter& w, const std::string& name) {
  return static_cast<int>(GetInt(w.sets.at(name), {"spec", "replicas"}));
}

TEST(DeploymentRolloutTest, FirstSyncCreatesTheNewReplicaSetAtFullSize) {
  FakeWriter w;
  Json d = Deployment(3, "25%", "25%", "nginx:1");
  Rollout r(d, {}, {}, kNow, &w);
  ASSERT_TRUE(r.Sync().ok());
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  ASSERT_EQ(w.sets.size(), 1u);
  const Json& rs = w.sets.begin()->second;
  EXPECT_EQ(MetaName(rs), "web-" + hash);
  EXPECT_EQ(rs["spec"]["replicas"], 3);
  EXPECT_EQ(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["spec"]["template"]["metadata"]["labels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["metadata"]["labels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["metadata"]["annotations"][kRevisionAnnotation], "1");
  EXPECT_EQ(rs["metadata"]["annotations"][kDesiredReplicasAnnotation], "3");
  EXPECT_EQ(rs["metadata"]["annotations"][kMaxReplicasAnnotation], "4");
  EXPECT_EQ(rs["metadata"]["ownerReferences"][0]["kind"], "Deployment");
  ASSERT_FALSE(w.events.empty());
  EXPECT_EQ(w.events[0],
            "Normal ScalingReplicaSet Scaled up replica set web-" + hash + " from 0 to 3");
  // Revision annotation and NewReplicaSetCreated are written.
  const Json& first = w.status_writes.at(0);
  EXPECT_EQ(first["metadata"]["annotations"][kRevisionAnnotation], "1");
  const Json* c = GetDeploymentCondition(first["status"], kProgressing);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["reason"], kNewReplicaSetReason);
  EXPECT_EQ((*c)["message"], "Created new replica set \"web-" + hash + "\"");
  // The final status: nothing available yet.
  const Json& last = w.status_writes.back()["status"];
  EXPECT_EQ((*GetDeploymentCondition(last, kAvailable))["reason"], kMinimumReplicasUnavailable);
  EXPECT_EQ(last["unavailableReplicas"], 3);
}

TEST(DeploymentRolloutTest, RollingUpdateSurgesThenScalesDownAsPodsBecomeAvailable) {
  // replicas 3, maxSurge 1, maxUnavailable 0.
  Json d = Deployment(3, 1, 0, "nginx:2");
  FakeWriter w;
  w.sets["web-old"] = Set("old", "nginx:1", 3, 3, "1", "2026-01-01T00:00:00Z");
  {
    Rollout r(d, w.Snapshot(), {}, kNow, &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  std::string new_name = "web-" + ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  EXPECT_EQ(Replicas(w, new_name), 1);  // 3 + 1 surge
  EXPECT_EQ(Replicas(w, "web-old"), 3);
  EXPECT_EQ(w.sets[new_name]["metadata"]["annotations"][kRevisionAnnotation], "2");

  // The new pod is not available: nothing may go (maxScaledDown = 4-3-1 = 0).
  {
    Rollout r(d, w.Snapshot(), {}, kNow, &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  EXPECT_EQ(Replicas(w, "web-old"), 3);
  EXPECT_EQ(Replicas(w, new_name), 1);

  // Once it is available one old pod goes, and only one.
  w.sets[new_name]["status"] = {{"replicas", 1}, {"readyReplicas", 1}, {"availableReplicas", 1}};
  {
    Rollout r(d, w.Snapshot(), {}, kNow, &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  EXPECT_EQ(Replicas(w, "web-old"), 2);
  EXPECT_EQ(w.events.back(),
            "Normal ScalingReplicaSet Scaled down replica set web-old from 3 to 2");
}

TEST(DeploymentRolloutTest, UnhealthyOldReplicasAreCleanedUpFirst) {
  // replicas 3, maxSurge 1, maxUnavailable 1: minAvailable 2.
  Json d = Deployment(3, 1, 1, "nginx:2");
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  FakeWriter w;
  // Old set: 3 replicas, only 1 available. New set: 1 replica, unavailable.
  w.sets["web-old"] = Set("old", "nginx:1", 3, 1, "1", "2026-01-01T00:00:00Z");
  w.sets["web-" + hash] = Set(hash, "nginx:2", 1, 0, "2", "2026-01-02T00:00:00Z");
  w.sets["web-" + hash]["spec"]["template"] = d["spec"]["template"];
  w.sets["web-" + hash]["spec"]["template"]["metadata"]["labels"]["pod-template-hash"] = hash;
  Rollout r(d, w.Snapshot(), {}, kNow, &w);
  ASSERT_TRUE(r.Sync().ok());
  // NewRSNewReplicas: total 4 = 3 + 1 surge, no growth. maxScaledDown =
  // 4 - 2 - 1 = 1: one unhealthy old replica is removed; the
  // availability-based step then finds 1 available <= 2 and stops.
  EXPECT_EQ(Replicas(w, "web-" + hash), 1);
  EXPECT_EQ(Replicas(w, "web-old"), 2);
}

TEST(DeploymentRolloutTest, ScalingEventIsProportional) {
  // Mid-rollout at 10 replicas (max 13), scaled to 20 (max 25).
  Json d = Deployment(20, "25%", "25%", "nginx:2");
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  FakeWriter w;
  w.sets["web-old"] = Set("old", "nginx:1", 5, 5, "1", "2026-01-01T00:00:00Z", 10, 13);
  Json n = Set(hash, "nginx:2", 5, 0, "2", "2026-01-02T00:00:00Z", 10, 13);
  n["spec"]["template"] = d["spec"]["template"];
  n["spec"]["template"]["metadata"]["labels"]["pod-template-hash"] = hash;
  w.sets["web-" + hash] = n;
  Rollout r(d, w.Snapshot(), {}, kNow, &w);
  ASSERT_TRUE(r.Sync().ok());
  // 15 to add; each set's fraction 5*25/13 → +5; the 5 left over go to the
  // first set in size order (the newer one on a tie when scaling up).
  EXPECT_EQ(Replicas(w, "web-" + hash), 15);
  EXPECT_EQ(Replicas(w, "web-old"), 10);
  EXPECT_EQ(w.sets["web-old"]["metadata"]["annotations"][kDesiredReplicasAnnotation], "20");
  EXPECT_EQ(w.sets["web-old"]["metadata"]["annotations"][kMaxReplicasAnnotation], "25");
}

TEST(DeploymentRolloutTest, RecreateWaitsForOldPodsBeforeCreating) {
  Json d = Deployment(2, 1, 0, "nginx:2");
  d["spec"]["strategy"] = {{"type", "Recreate"}};
  FakeWriter w;
  w.sets["web-old"] = Set("old", "nginx:1", 2, 2, "1", "2026-01-01T00:00:00Z", 2, 2);
  {
    Rollout r(d, w.Snapshot(), {}, kNow, &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  EXPECT_EQ(Replicas(w, "web-old"), 0);
  EXPECT_EQ(w.sets.size(), 1u);  // no new set while scaling down

  // Scaled down but a pod still terminates: still no new set.
  w.sets["web-old"]["status"] = {{"replicas", 0}};
  Json pod = {{"metadata", {{"name", "web-old-abcde"}}}, {"status", {{"phase", "Running"}}}};
  {
    Rollout r(d, w.Snapshot(), {{"uid-web-old", {&pod}}}, kNow, &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  EXPECT_EQ(w.sets.size(), 1u);

  // Gone: the new set is created at full size.
  {
    Rollout r(d, w.Snapshot(), {{"uid-web-old", {}}}, kNow, &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  ASSERT_EQ(w.sets.size(), 2u);
  std::string new_name = "web-" + ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  EXPECT_EQ(Replicas(w, new_name), 2);
}

TEST(DeploymentRolloutTest, HashCollisionBumpsCollisionCount) {
  Json d = Deployment(1, 1, 0, "nginx:2");
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  FakeWriter w;
  // Someone else's set has the name the new set would get.
  Json foreign = Set(hash, "busybox", 1, 1, "1", "2026-01-01T00:00:00Z");
  foreign["metadata"]["ownerReferences"] = Json::array(
      {{{"kind", "Deployment"}, {"name", "other"}, {"uid", "other"}, {"controller", true}}});
  w.sets["web-" + hash] = foreign;
  Rollout r(d, {}, {}, kNow, &w);
  EXPECT_TRUE(r.Sync().IsAlreadyExists());
  ASSERT_FALSE(w.status_writes.empty());
  EXPECT_EQ(w.status_writes.back()["status"]["collisionCount"], 1);
  // The next name differs.
  EXPECT_NE(ComputePodTemplateHash(d["spec"]["template"], 1), hash);
}

TEST(DeploymentRolloutTest, ProgressConditionsThroughARollout) {
  Json d = Deployment(1, 1, 0, "nginx:1");
  d["spec"]["progressDeadlineSeconds"] = 60;
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  Json n = Set(hash, "nginx:1", 1, 0, "1", "2026-01-01T00:00:00Z", 1, 2);
  n["spec"]["template"] = d["spec"]["template"];
  n["spec"]["template"]["metadata"]["labels"]["pod-template-hash"] = hash;
  d["metadata"]["annotations"][kRevisionAnnotation] = "1";
  d["status"] = {{"observedGeneration", 1}, {"replicas", 1}, {"updatedReplicas", 1}};
  SetDeploymentCondition(
      d["status"], NewDeploymentCondition(kProgressing, "True", kNewReplicaSetReason, "", kNow));
  // No progress for longer than the deadline: ProgressDeadlineExceeded.
  FakeWriter w;
  w.sets["web-" + hash] = n;
  {
    Rollout r(d, w.Snapshot(), {}, kNow + std::chrono::seconds(61), &w);
    ASSERT_TRUE(r.Sync().ok());
  }
  const Json& timed_out = w.status_writes.back()["status"];
  const Json* c = GetDeploymentCondition(timed_out, kProgressing);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["status"], "False");
  EXPECT_EQ((*c)["reason"], kTimedOutReason);
  EXPECT_EQ((*c)["message"], "ReplicaSet \"web-" + hash + "\" has timed out progressing.");

  // Before the deadline, without progress: requeued for the deadline.
  FakeWriter w2;
  w2.sets["web-" + hash] = n;
  Json d2 = d;
  {
    Rollout r(d2, w2.Snapshot(), {}, kNow, &w2);
    ASSERT_TRUE(r.Sync().ok());
    d2 = r.deployment();
  }
  {
    Rollout r(d2, w2.Snapshot(), {}, kNow + std::chrono::seconds(10), &w2);
    ASSERT_TRUE(r.Sync().ok());
  }
  ASSERT_FALSE(w2.requeues.empty());
  EXPECT_EQ(w2.requeues.back(), std::chrono::seconds(51));

  // Available: NewReplicaSetAvailable, Available=True.
  w2.sets["web-" + hash]["status"] = {
      {"replicas", 1}, {"readyReplicas", 1}, {"availableReplicas", 1}};
  {
    Rollout r(d2, w2.Snapshot(), {}, kNow + std::chrono::seconds(20), &w2);
    ASSERT_TRUE(r.Sync().ok());
  }
  const Json& done = w2.status_writes.back()["status"];
  EXPECT_EQ((*GetDeploymentCondition(done, kProgressing))["reason"], kNewRSAvailableReason);
  EXPECT_EQ((*GetDeploymentCondition(done, kAvailable))["status"], "True");
}

TEST(DeploymentRolloutTest, PausedDeploymentsScaleButDoNotRoll) {
  Json d = Deployment(5, 1, 0, "nginx:2");
  d["spec"]["paused"] = true;
  FakeWriter w;
  w.sets["web-old"] = Set("old", "nginx:1", 3, 3, "1", "2026-01-01T00:00:00Z");
  Rollout r(d, w.Snapshot(), {}, kNow, &w);
  ASSERT_TRUE(r.Sync().ok());
  EXPECT_EQ(w.sets.size(), 1u);  // no new set
  EXPECT_EQ(Replicas(w, "web-old"), 5);
  const Json& status = w.status_writes.front()["status"];
  EXPECT_EQ((*GetDeploymentCondition(status, kProgressing))["reason"], kPausedDeployReason);
}

TEST(DeploymentRolloutTest, HistoryBeyondTheLimitIsDeleted) {
  Json d = Deployment(1, 1, 0, "nginx:9");
  d["spec"]["revisionHistoryLimit"] = 1;
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  FakeWriter w;
  w.sets["web-a"] = Set("a", "nginx:1", 0, 0, "1", "2026-01-01T00:00:00Z", 1, 2);
  w.sets["web-b"] = Set("b", "nginx:2", 0, 0, "2", "2026-01-02T00:00:00Z", 1, 2);
  Json n = Set(hash, "nginx:9", 1, 1, "3", "2026-01-03T00:00:00Z", 1, 2);
  n["spec"]["template"] = d["spec"]["template"];
  n["spec"]["template"]["metadata"]["labels"]["pod-template-hash"] = hash;
  w.sets["web-" + hash] = n;
  d["metadata"]["annotations"][kRevisionAnnotation] = "3";
  d["status"] = {{"observedGeneration", 1},
                 {"replicas", 1},
                 {"updatedReplicas", 1},
                 {"availableReplicas", 1},
                 {"readyReplicas", 1}};
  Rollout r(d, w.Snapshot(), {}, kNow, &w);
  ASSERT_TRUE(r.Sync().ok());
  EXPECT_EQ(w.sets.count("web-a"), 0u);  // the oldest revision
  EXPECT_EQ(w.sets.count("web-b"), 1u);
}

TEST(DeploymentRolloutTest, DeprecatedRollbackToCopiesTheRevisionsTemplate) {
  Json d = Deployment(3, 1, 0, "nginx:2");
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  FakeWriter w;
  Json old = Set("old", "nginx:1", 0, 0, "1", "2026-01-01T00:00:00Z");
  old["metadata"]["annotations"]["note"] = "first";
  w.sets["web-old"] = old;
  Json n = Set(hash, "nginx:2", 3, 3, "2", "2026-01-02T00:00:00Z");
  n["spec"]["template"] = d["spec"]["template"];
  n["spec"]["template"]["metadata"]["labels"]["pod-template-hash"] = hash;
  w.sets["web-" + hash] = n;
  d["metadata"]["annotations"] = {{kRevisionAnnotation, "2"}, {kDeprecatedRollbackTo, "0"}};
  Rollout r(d, w.Snapshot(), {}, kNow, &w);
  ASSERT_TRUE(r.Sync().ok());
  ASSERT_EQ(w.deployment_writes.size(), 1u);
  const Json& written = w.deployment_writes[0];
  EXPECT_EQ(written["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1");
  EXPECT_FALSE(Has(written, {"spec", "template", "metadata", "labels", "pod-template-hash"}));
  EXPECT_FALSE(Has(written, {"metadata", "annotations", kDeprecatedRollbackTo}));
  EXPECT_EQ(written["metadata"]["annotations"]["note"], "first");
  EXPECT_EQ(written["metadata"]["annotations"][kRevisionAnnotation], "2");
  EXPECT_EQ(w.events.back(),
            "Normal DeploymentRollback Rolled back deployment \"web\" to revision 1");

  // A revision that does not exist: a warning, and the annotation goes.
  FakeWriter w2;
  w2.sets = w.sets;
  d["metadata"]["annotations"][kDeprecatedRollbackTo] = "7";
  Rollout r2(d, w2.Snapshot(), {}, kNow, &w2);
  ASSERT_TRUE(r2.Sync().ok());
  EXPECT_EQ(w2.events.back(),
            "Warning DeploymentRollbackRevisionNotFound Unable to find the revision to rollback "
            "to.");
  EXPECT_FALSE(Has(w2.deployment_writes.at(0), {"metadata", "annotations", kDeprecatedRollbackTo}));
}

}  // namespace
}  // namespace stead::controllers::deployment

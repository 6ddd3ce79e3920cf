// The Deployment controller's I/O shell, together with the ReplicaSet
// controller, against the real in-memory API stack on a FakeClock, with
// pod readiness written by the test as a kubelet would: what ends up in the
// API for a Deployment over a rollout.
#include "controllers/deployment/controller.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "controllers/deployment/util.h"
#include "controllers/framework/pod_template_hash.h"
#include "controllers/replicaset/controller.h"
#include "unit/controllers/framework/controller_test_env.h"

namespace stead::controllers {
namespace {

namespace dep = deployment;

class DeploymentControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::unique_ptr<RunnableController>> controllers;
    controllers.push_back(NewDeploymentController(env_.Context(), {.workers = 2}));
    controllers.push_back(NewReplicaSetController(env_.Context(), {.workers = 2}));
    env_.Start(std::move(controllers));
  }

  Json Deployment() { return env_.Get("apps", "deployments", "web"); }
  std::vector<Json> Sets() { return env_.List("apps", "replicasets"); }
  std::vector<Json> Pods() { return env_.List("", "pods"); }

  Json Template(const std::string& image) {
    return Json{{"metadata", {{"labels", {{"app", "web"}}}}},
                {"spec", {{"containers", Json::array({{{"name", "web"}, {"image", image}}})}}}};
  }

  void Create(int replicas, const std::string& image) {
    Json d = {{"apiVersion", "apps/v1"},
              {"kind", "Deployment"},
              {"metadata", {{"name", "web"}, {"namespace", "default"}}},
              {"spec",
               {{"replicas", replicas},
                {"selector", {{"matchLabels", {{"app", "web"}}}}},
                {"template", Template(image)}}}};
    auto r = env_.client().Create(env_.Type("apps", "deployments"), "default", d);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void ReadyAll() {
    for (const Json& p : Pods()) {
      if (!Has(p, {"spec", "nodeName"})) env_.MakeReady(MetaName(p));
    }
  }

  std::string Condition(const char* type) {
    Json d = Deployment();
    const Json* c = dep::GetDeploymentCondition(d["status"], type);
    return c ? GetString(*c, {"status"}) + "/" + GetString(*c, {"reason"}) : "";
  }

  ControllerTestEnv env_;
};

TEST_F(DeploymentControllerTest, CreatesTheHashedReplicaSetAndReportsTheRollout) {
  Create(2, "nginx:1.25");
  ASSERT_TRUE(env_.Converge([&] { return Pods().size() == 2; }));
  Json d = Deployment();
  // The stored (defaulted) template is what the hash is computed over.
  std::string hash = ComputePodTemplateHash(d["spec"]["template"], std::nullopt);
  std::vector<Json> sets = Sets();
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(MetaName(sets[0]), "web-" + hash);
  EXPECT_EQ(sets[0]["metadata"]["ownerReferences"][0]["uid"], d["metadata"]["uid"]);
  for (const Json& p : Pods()) {
    EXPECT_EQ(MetaName(p).rfind("web-" + hash + "-", 0), 0u) << MetaName(p);
    EXPECT_EQ(p["metadata"]["labels"]["pod-template-hash"], hash);
  }
  // The revision annotation goes onto the Deployment itself.
  ASSERT_TRUE(env_.Converge([&] {
    return GetString(Deployment(), {"metadata", "annotations", dep::kRevisionAnnotation}) == "1";
  }));
  EXPECT_EQ(GetInt(Deployment(), {"metadata", "generation"}), 1);  // metadata only
  EXPECT_TRUE(env_.Converge(
      [&] { return Condition(dep::kAvailable) == "False/MinimumReplicasUnavailable"; }));

  ReadyAll();
  ASSERT_TRUE(env_.Converge([&] {
    return Condition(dep::kProgressing) == "True/NewReplicaSetAvailable" &&
           Condition(dep::kAvailable) == "True/MinimumReplicasAvailable";
  }));
  d = Deployment();
  EXPECT_EQ(d["status"]["replicas"], 2);
  EXPECT_EQ(d["status"]["updatedReplicas"], 2);
  EXPECT_EQ(d["status"]["availableReplicas"], 2);
  EXPECT_EQ(d["status"]["observedGeneration"], 1);
  // Events are written asynchronously by the broadcaster.
  std::vector<std::string> events;
  ASSERT_TRUE(env_.Converge([&] { return !(events = env_.Events("web")).empty(); }));
  EXPECT_EQ(events[0], "ScalingReplicaSet Scaled up replica set web-" + hash + " from 0 to 2");
}

TEST_F(DeploymentControllerTest, RollsToANewTemplateAndKeepsTheOldSetAtZero) {
  Create(2, "nginx:1.25");
  ASSERT_TRUE(env_.Converge([&] { return Pods().size() == 2; }));
  ReadyAll();
  ASSERT_TRUE(
      env_.Converge([&] { return Condition(dep::kProgressing) == "True/NewReplicaSetAvailable"; }));
  std::string old_name = MetaName(Sets()[0]);
  auto r = env_.client().Patch(
      env_.Type("apps", "deployments"), "default", "web", apiserver::PatchKind::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Pods come up as the test makes them ready; the old set drains.
  ASSERT_TRUE(env_.Converge([&] {
    ReadyAll();
    Json d = Deployment();
    return GetInt(d, {"status", "updatedReplicas"}) == 2 &&
           GetInt(d, {"status", "availableReplicas"}) == 2 &&
           GetInt(d, {"status", "replicas"}) == 2 &&
           GetInt(d, {"status", "observedGeneration"}) == 2;
  }));
  std::vector<Json> sets = Sets();
  ASSERT_EQ(sets.size(), 2u);
  for (const Json& rs : sets) {
    if (MetaName(rs) == old_name) {
      EXPECT_EQ(rs["spec"]["replicas"], 0);
      EXPECT_EQ(GetString(rs, {"metadata", "annotations", dep::kRevisionAnnotation}), "1");
    } else {
      EXPECT_EQ(rs["spec"]["replicas"], 2);
      EXPECT_EQ(GetString(rs, {"metadata", "annotations", dep::kRevisionAnnotation}), "2");
    }
  }
  EXPECT_EQ(GetString(Deployment(), {"metadata", "annotations", dep::kRevisionAnnotation}), "2");
}

TEST_F(DeploymentControllerTest, AdoptsAMatchingOrphanReplicaSet) {
  Json orphan = {{"apiVersion", "apps/v1"},
                 {"kind", "ReplicaSet"},
                 {"metadata", {{"name", "legacy"}, {"namespace", "default"}}},
                 {"spec",
                  {{"replicas", 1},
                   {"selector", {{"matchLabels", {{"app", "web"}, {"v", "old"}}}}},
                   {"template",
                    {{"metadata", {{"labels", {{"app", "web"}, {"v", "old"}}}}},
                     {"spec", Template("nginx:1.0")["spec"]}}}}}};
  orphan["metadata"]["labels"] = {{"app", "web"}, {"v", "old"}};
  ASSERT_TRUE(env_.client().Create(env_.Type("apps", "replicasets"), "default", orphan).ok());
  Create(1, "nginx:1.25");
  ASSERT_TRUE(env_.Converge([&] {
    Json rs = env_.Get("apps", "replicasets", "legacy");
    const Json* refs = Lookup(rs, {"metadata", "ownerReferences"});
    return refs && refs->is_array() && !refs->empty() && (*refs)[0]["kind"] == "Deployment" &&
           (*refs)[0]["uid"] == Deployment()["metadata"]["uid"];
  }));
  // An old set of the Deployment now: scaled down as the new one is ready.
  ASSERT_TRUE(env_.Converge([&] {
    ReadyAll();
    return GetInt(env_.Get("apps", "replicasets", "legacy"), {"spec", "replicas"}) == 0;
  }));
}

}  // namespace
}  // namespace stead::controllers

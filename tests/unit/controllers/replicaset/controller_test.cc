// The ReplicaSet controller's I/O shell against the real in-memory API
// stack (memory store, watch cache, ResourceStore with admission, shared
// informers, event broadcaster) on a FakeClock, with pod readiness written
// by the test as a kubelet would, and a client that can hold back pod
// events (a lagging cache) or refuse pod creates.
#include "controllers/replicaset/controller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "unit/controllers/framework/controller_test_env.h"

namespace stead::controllers {
namespace {

class ReplicaSetControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::unique_ptr<RunnableController>> controllers;
    controllers.push_back(NewReplicaSetController(env_.Context(), {.workers = 2}));
    env_.Start(std::move(controllers));
  }

  const api::ResourceType& Pods() { return env_.Type("", "pods"); }
  const api::ResourceType& Sets() { return env_.Type("apps", "replicasets"); }
  bool Converge(const std::function<bool()>& condition,
                std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
    return env_.Converge(condition, deadline);
  }
  std::vector<Json> PodList() { return env_.List("", "pods"); }
  Json Set() { return env_.Get("apps", "replicasets", "web"); }
  void MakeReady(const std::string& name) { env_.MakeReady(name); }
  std::vector<std::string> Events() { return env_.Events("web"); }

  void CreateSet(int replicas) {
    Json set = Json::parse(R"({
      "apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}, "annotations": {"a": "b"}},
                     "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}
      }
    })");
    set["spec"]["replicas"] = replicas;
    auto r = client_->Create(Sets(), "default", set);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void Scale(int replicas) {
    auto r = client_->Patch(Sets(), "default", "web", apiserver::PatchKind::kMerge,
                            Json{{"spec", {{"replicas", replicas}}}}.dump());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  ControllerTestEnv env_;
  client::Client* const client_ = &env_.client();
  LaggingClient* const lagging_ = &env_.lagging();
};

TEST_F(ReplicaSetControllerTest, CreatesPodsFromTheTemplateWithGeneratedNames) {
  CreateSet(3);
  ASSERT_TRUE(Converge([&] { return PodList().size() == 3; }));
  std::string uid = MetaUid(Set());
  for (const Json& pod : PodList()) {
    EXPECT_EQ(pod["metadata"]["generateName"], "web-");
    EXPECT_EQ(MetaName(pod).size(), std::string("web-").size() + 5);
    EXPECT_EQ(pod["metadata"]["labels"]["app"], "web");
    EXPECT_EQ(pod["metadata"]["annotations"]["a"], "b");
    const Json& ref = pod["metadata"]["ownerReferences"][0];
    EXPECT_EQ(ref["kind"], "ReplicaSet");
    EXPECT_EQ(ref["uid"], uid);
    EXPECT_EQ(ref["controller"], true);
    EXPECT_EQ(ref["blockOwnerDeletion"], true);
  }
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "replicas"}) == 3; }));
  EXPECT_EQ(GetInt(Set(), {"status", "fullyLabeledReplicas"}), 3);
  EXPECT_EQ(GetInt(Set(), {"status", "observedGeneration"}), 1);
  for (const Json& pod : PodList()) MakeReady(MetaName(pod));
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "availableReplicas"}) == 3; }));
  EXPECT_EQ(GetInt(Set(), {"status", "readyReplicas"}), 3);
  std::vector<std::string> events;
  ASSERT_TRUE(Converge([&] { return (events = Events()).size() == 3; }));
  EXPECT_EQ(events[0].rfind("SuccessfulCreate Created pod: web-", 0), 0u) << events[0];
}

TEST_F(ReplicaSetControllerTest, ALaggingCacheNeverMakesItCreateTwice) {
  lagging_->Hold("pods");
  CreateSet(3);
  ASSERT_TRUE(Converge([&] { return lagging_->creates("pods") == 3; }));
  // Its own status write resyncs the set; the cache still shows no pods,
  // but the expectations hold it back.
  Converge([] { return false; }, std::chrono::milliseconds(300));
  EXPECT_EQ(lagging_->creates("pods"), 3);
  lagging_->Release();
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "replicas"}) == 3; }));
  EXPECT_EQ(lagging_->creates("pods"), 3);
  EXPECT_EQ(PodList().size(), 3u);
}

TEST_F(ReplicaSetControllerTest, ReplacesDeletedPodsAndScalesDownNotReadyFirst) {
  CreateSet(3);
  ASSERT_TRUE(Converge([&] { return PodList().size() == 3; }));
  std::vector<Json> pods = PodList();
  MakeReady(MetaName(pods[0]));
  MakeReady(MetaName(pods[1]));
  std::string gone = MetaName(pods[2]);
  ASSERT_TRUE(client_->Delete(Pods(), "default", gone, {}).ok());
  ASSERT_TRUE(Converge([&] {
    auto now = PodList();
    if (now.size() != 3) return false;
    for (const Json& p : now) {
      if (MetaName(p) == gone) return false;
    }
    return true;
  }));
  // Two ready pods and a new, unassigned one: scaling to 2 deletes that one.
  Scale(2);
  ASSERT_TRUE(Converge([&] { return PodList().size() == 2; }));
  std::vector<std::string> left;
  for (const Json& p : PodList()) left.push_back(MetaName(p));
  std::sort(left.begin(), left.end());
  std::vector<std::string> ready = {MetaName(pods[0]), MetaName(pods[1])};
  std::sort(ready.begin(), ready.end());
  EXPECT_EQ(left, ready);
  // Events are written asynchronously by the broadcaster.
  EXPECT_TRUE(Converge([&] {
    for (const std::string& e : Events()) {
      if (e.rfind("SuccessfulDelete Deleted pod: web-", 0) == 0) return true;
    }
    return false;
  }));
}

TEST_F(ReplicaSetControllerTest, CreateFailuresSetReplicaFailureAndSlowStart) {
  lagging_->FailCreates(
      "pods", Status::Forbidden("pods \"web-abcde\" is forbidden: exceeded quota: compute"));
  CreateSet(5);
  // Without advancing the fake clock, so no backed-off retry runs: only the
  // first sync and the one its own status write triggers.
  auto has_condition = [&] {
    Json set = Set();
    const Json* c = Lookup(set, {"status", "conditions"});
    return c && c->is_array() && !c->empty();
  };
  for (int i = 0; i < 5000 && !has_condition(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(has_condition());
  // Slow start: the first batch of one failed, so one attempt per sync
  // (five without it).
  EXPECT_LE(lagging_->attempts("pods"), 3);
  Json cond = Set()["status"]["conditions"][0];
  EXPECT_EQ(cond["type"], "ReplicaFailure");
  EXPECT_EQ(cond["status"], "True");
  EXPECT_EQ(cond["reason"], "FailedCreate");
  EXPECT_EQ(cond["message"], "pods \"web-abcde\" is forbidden: exceeded quota: compute");
  EXPECT_TRUE(Converge([&] {
    for (const std::string& e : Events()) {
      if (e ==
          "FailedCreate Error creating: pods \"web-abcde\" is forbidden: exceeded quota: "
          "compute") {
        return true;
      }
    }
    return false;
  }));
  lagging_->ClearFailure();
  ASSERT_TRUE(Converge(
      [&] {
        return PodList().size() == 5 && !Has(Set(), {"status", "conditions"});
      },
      std::chrono::seconds(60)));
}

TEST_F(ReplicaSetControllerTest, AdoptsOrphansAndReleasesPodsThatStopMatching) {
  Json orphan = Json::parse(R"({"apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "orphan", "namespace": "default", "labels": {"app": "web"}},
    "spec": {"containers": [{"name": "c", "image": "nginx"}]}})");
  ASSERT_TRUE(client_->Create(Pods(), "default", orphan).ok());
  CreateSet(2);
  ASSERT_TRUE(Converge([&] {
    auto r = client_->Get(Pods(), "default", "orphan");
    const Json* refs = r.ok() ? Lookup(**r, {"metadata", "ownerReferences"}) : nullptr;
    return refs && refs->is_array() && !refs->empty() && (*refs)[0]["uid"] == MetaUid(Set()) &&
           PodList().size() == 2;
  }));
  EXPECT_EQ(lagging_->creates("pods"), 1);  // the orphan counts
  ASSERT_TRUE(client_
                  ->Patch(Pods(), "default", "orphan", apiserver::PatchKind::kMerge,
                          R"({"metadata":{"labels":{"app":"other"}}})")
                  .ok());
  ASSERT_TRUE(Converge([&] {
    auto r = client_->Get(Pods(), "default", "orphan");
    const Json* refs = r.ok() ? Lookup(**r, {"metadata", "ownerReferences"}) : nullptr;
    return r.ok() && (!refs || refs->empty()) && PodList().size() == 3;
  }));
}

}  // namespace
}  // namespace stead::controllers

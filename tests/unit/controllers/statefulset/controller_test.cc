// The StatefulSet controller's I/O shell against the real in-memory API
// stack (memory store, watch cache, ResourceStore with admission, shared
// informers, event broadcaster) on a FakeClock: what it writes for a set
// over several syncs, with pod readiness written by the test as a kubelet
// would. The rules themselves are covered by the scenario files.
#include "controllers/statefulset/controller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/registry.h"
#include "apiserver/bootstrap.h"
#include "apiserver/resource_store.h"
#include "client/client.h"
#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/context.h"
#include "core/clock.h"
#include "store/memory/memory_store.h"
#include "store/watch_cache.h"
#include "unit/controllers/framework/controller_test_env.h"

namespace stead::controllers {
namespace {

class StatefulSetControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::unique_ptr<RunnableController>> controllers;
    controllers.push_back(NewStatefulSetController(env_.Context(), {.workers = 2}));
    env_.Start(std::move(controllers));
  }

  const api::ResourceType& Type(std::string_view group, std::string_view plural) {
    return env_.Type(group, plural);
  }

  // Polls, advancing the fake clock so that delayed requeues fire.
  bool Converge(const std::function<bool()>& condition,
                std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
    return env_.Converge(condition, deadline);
  }

  Json Get(std::string_view group, std::string_view plural, const std::string& name) {
    auto r = client_->Get(Type(group, plural), "default", name);
    return r.ok() ? **r : Json();
  }
  Json Pod(const std::string& name) { return Get("", "pods", name); }
  Json Set() { return Get("apps", "statefulsets", "web"); }

  // What a kubelet reports for a started, ready pod.
  void MakeReady(const std::string& name) {
    Json pod = Pod(name);
    ASSERT_FALSE(pod.is_null()) << name;
    pod["status"]["phase"] = "Running";
    pod["status"]["conditions"] = Json::array({{{"type", "Ready"},
                                                {"status", "True"},
                                                {"lastTransitionTime", FormatTime(clock_.Now())}}});
    auto r = client_->Update(Type("", "pods"), "default", pod, {}, apiserver::Subresource::kStatus);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void CreateSet(int replicas) {
    Json set = Json::parse(R"({
      "apiVersion": "apps/v1", "kind": "StatefulSet",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {
        "serviceName": "nginx",
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}},
                     "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}},
        "volumeClaimTemplates": [{"metadata": {"name": "www"},
          "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
      }
    })");
    set["spec"]["replicas"] = replicas;
    auto r = client_->Create(Type("apps", "statefulsets"), "default", set);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void Patch(const std::string& body) {
    auto r = client_->Patch(Type("apps", "statefulsets"), "default", "web",
                            apiserver::PatchKind::kMerge, body);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::vector<std::string> Events() { return env_.Events("web"); }

  ControllerTestEnv env_;
  client::Client* const client_ = &env_.client();
  LaggingClient* const lagging_ = &env_.lagging();
  FakeClock& clock_ = env_.clock();
};

TEST_F(StatefulSetControllerTest, OrderedScaleUpWaitsForReadiness) {
  CreateSet(2);
  ASSERT_TRUE(Converge([&] { return !Pod("web-0").is_null(); }));
  Json pod = Pod("web-0");
  EXPECT_EQ(pod["spec"]["hostname"], "web-0");
  EXPECT_EQ(pod["spec"]["subdomain"], "nginx");
  EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["uid"], Set()["metadata"]["uid"]);
  EXPECT_FALSE(Get("", "persistentvolumeclaims", "www-web-0").is_null());
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "observedGeneration"}) == 1; }));
  std::string revision = GetString(Set(), {"status", "updateRevision"});
  EXPECT_EQ(pod["metadata"]["labels"]["controller-revision-hash"], revision);
  EXPECT_FALSE(Get("apps", "controllerrevisions", revision).is_null());
  // web-0 is Pending: OrderedReady does not go on.
  EXPECT_TRUE(Pod("web-1").is_null());

  MakeReady("web-0");
  ASSERT_TRUE(Converge([&] { return !Pod("web-1").is_null(); }));
  MakeReady("web-1");
  ASSERT_TRUE(Converge([&] {
    Json s = Set();
    return GetInt(s, {"status", "readyReplicas"}) == 2 &&
           GetInt(s, {"status", "currentReplicas"}) == 2;
  }));
  std::vector<std::string> events = Events();
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "SuccessfulCreate create Pod web-1 in StatefulSet web successful"),
            events.end());
  for (const std::string& e : events) EXPECT_EQ(e.rfind("Failed", 0), std::string::npos) << e;
}

TEST_F(StatefulSetControllerTest, RollingUpdateAndScaleDown) {
  CreateSet(2);
  ASSERT_TRUE(Converge([&] { return !Pod("web-0").is_null(); }));
  MakeReady("web-0");
  ASSERT_TRUE(Converge([&] { return !Pod("web-1").is_null(); }));
  MakeReady("web-1");
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "readyReplicas"}) == 2; }));
  std::string old_revision = GetString(Set(), {"status", "currentRevision"});

  Patch(R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}})");
  // Unscheduled pods are deleted at once, so the replacement follows.
  ASSERT_TRUE(Converge([&] {
    Json p = Pod("web-1");
    return !p.is_null() && p["spec"]["containers"][0]["image"] == "nginx:1.26";
  }));
  EXPECT_EQ(Pod("web-0")["spec"]["containers"][0]["image"], "nginx:1.25");
  MakeReady("web-1");
  ASSERT_TRUE(Converge([&] {
    Json p = Pod("web-0");
    return !p.is_null() && p["spec"]["containers"][0]["image"] == "nginx:1.26";
  }));
  MakeReady("web-0");
  ASSERT_TRUE(Converge([&] {
    Json s = Set();
    return GetString(s, {"status", "currentRevision"}) ==
               GetString(s, {"status", "updateRevision"}) &&
           GetInt(s, {"status", "updatedReplicas"}) == 2;
  }));
  EXPECT_NE(GetString(Set(), {"status", "currentRevision"}), old_revision);

  Patch(R"({"spec":{"replicas":1}})");
  ASSERT_TRUE(Converge([&] { return Pod("web-1").is_null(); }));
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "replicas"}) == 1; }));
  EXPECT_FALSE(Pod("web-0").is_null());
  // Retain: the claim of the removed pod stays.
  EXPECT_FALSE(Get("", "persistentvolumeclaims", "www-web-1").is_null());
}

}  // namespace
}  // namespace stead::controllers

namespace stead::controllers {
namespace {

// R1b: while the caches have not seen the controller's own writes, more
// syncs of the set (here forced by set updates) must not act on the stale
// view: no second revision, claim or pod, no AlreadyExists.
TEST_F(StatefulSetControllerTest, WaitsForCachesToShowItsWrites) {
  for (const char* plural : {"pods", "persistentvolumeclaims", "controllerrevisions"}) {
    lagging_->Hold(plural);
  }
  CreateSet(1);
  ASSERT_TRUE(Converge([&] { return !Pod("web-0").is_null(); }));
  for (int i = 0; i < 5; ++i) {
    Patch(R"({"metadata":{"annotations":{"poke":")" + std::to_string(i) + R"("}}})");
    Converge([&] { return false; }, std::chrono::milliseconds(50));
  }
  EXPECT_EQ(lagging_->already_exists(), 0);
  EXPECT_EQ(lagging_->creates("pods"), 1);
  EXPECT_EQ(lagging_->creates("controllerrevisions"), 1);
  EXPECT_EQ(lagging_->creates("persistentvolumeclaims"), 1);

  lagging_->Release();
  MakeReady("web-0");
  ASSERT_TRUE(Converge([&] { return GetInt(Set(), {"status", "readyReplicas"}) == 1; }));
  EXPECT_EQ(lagging_->already_exists(), 0);
}

}  // namespace
}  // namespace stead::controllers

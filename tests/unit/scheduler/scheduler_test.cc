#include "scheduler/scheduler.h"

#include <gtest/gtest.h>

#include "unit/scheduler/controller_env.h"

namespace stead::scheduler {
namespace {

using std::chrono::seconds;
using stead::testing::ControllerEnv;
using stead::testing::PodCondition;

class SchedulerTest : public ::testing::Test {
 protected:
  void StartScheduler() { env_.Run(NewScheduler(env_.context())); }

  std::string WaitBound(const std::string& pod) {
    std::string node;
    EXPECT_TRUE(env_.WaitPod(pod, [&](const Json& p) {
      node = GetString(p, {"spec", "nodeName"});
      return !node.empty() && GetString(PodCondition(p, "PodScheduled"), {"status"}) == "True";
    })) << env_.GetPod(pod).dump();
    return node;
  }

  // After a change that makes a pending pod fit: the scheduler retries it
  // once it hears of the change and its backoff has passed. Which comes first
  // is not observable, so the clock is stepped by the maximum backoff until
  // the pod is bound.
  std::string AdvanceUntilBound(const std::string& pod) {
    for (int i = 0; i < 20; ++i) {
      env_.clock().Advance(seconds(10));
      std::string node;
      bool bound = stead::testing::Eventually(
          [&] {
            node = GetString(env_.GetPod(pod), {"spec", "nodeName"});
            return !node.empty();
          },
          std::chrono::milliseconds(200));
      if (bound) return WaitBound(pod);
    }
    ADD_FAILURE() << pod << " was not bound";
    return "";
  }

  // Waits for PodScheduled=False and returns its message.
  std::string WaitUnschedulable(const std::string& pod) {
    Json cond;
    EXPECT_TRUE(env_.WaitPod(pod, [&](const Json& p) {
      cond = PodCondition(p, "PodScheduled");
      return GetString(cond, {"status"}) == "False";
    })) << env_.GetPod(pod).dump();
    EXPECT_EQ(GetString(cond, {"reason"}), "Unschedulable");
    return GetString(cond, {"message"});
  }

  ControllerEnv env_;
};

TEST_F(SchedulerTest, BindsPodAndRecordsScheduledEvent) {
  env_.Create("", "nodes", "", ControllerEnv::Node("node-1"));
  StartScheduler();
  env_.Create("", "pods", "default", ControllerEnv::Pod("web-0", "500m", "1Gi"));
  EXPECT_EQ(WaitBound("web-0"), "node-1");
  // Recorded once the binding returned, so possibly after the pod shows bound.
  Json event;
  EXPECT_TRUE(stead::testing::Eventually([&] {
    event = env_.LastEvent("default", "web-0", "Scheduled");
    return !event.is_null();
  }));
  EXPECT_EQ(GetString(event, {"type"}), "Normal");
  EXPECT_EQ(GetString(event, {"message"}), "Successfully assigned default/web-0 to node-1");
  EXPECT_EQ(GetString(event, {"source", "component"}), "default-scheduler");
}

TEST_F(SchedulerTest, UnschedulablePodGetsUpstreamConditionAndEvent) {
  env_.Create("", "nodes", "", ControllerEnv::Node("node-a", "1"));
  env_.Create("", "nodes", "", ControllerEnv::Node("node-b", "8", "8Gi", {{"disk", "hdd"}}));
  env_.Create("", "nodes", "", ControllerEnv::Node("node-c", "8", "8Gi", {{"disk", "hdd"}}));
  StartScheduler();
  Json pod = ControllerEnv::Pod("web-0", "2");
  pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {"nodeSelectorTerms",
       {{{"matchExpressions", {{{"key", "disk"}, {"operator", "NotIn"}, {"values", {"hdd"}}}}}}}}};
  env_.Create("", "pods", "default", pod);
  const std::string expected =
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node "
      "affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found "
      "for incoming pod, 2 Preemption is not helpful for scheduling.";
  EXPECT_EQ(WaitUnschedulable("web-0"), expected);
  EXPECT_TRUE(GetString(env_.GetPod("web-0"), {"spec", "nodeName"}).empty());
  Json event;
  EXPECT_TRUE(stead::testing::Eventually([&] {
    event = env_.LastEvent("default", "web-0", "FailedScheduling");
    return !event.is_null();
  }));
  EXPECT_EQ(GetString(event, {"type"}), "Warning");
  EXPECT_EQ(GetString(event, {"message"}), expected);
  EXPECT_EQ(GetString(event, {"source", "component"}), "default-scheduler");
}

TEST_F(SchedulerTest, RetriesWhenCapacityIsFreed) {
  env_.Create("", "nodes", "", ControllerEnv::Node("node-1", "2"));
  StartScheduler();
  env_.Create("", "pods", "default", ControllerEnv::Pod("big", "2"));
  EXPECT_EQ(WaitBound("big"), "node-1");
  env_.Create("", "pods", "default", ControllerEnv::Pod("small", "1"));
  EXPECT_EQ(WaitUnschedulable("small"),
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
            "1 No preemption victims found for incoming pod.");
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(env_.client().Delete(env_.Type("", "pods"), "default", "big", now).ok());
  EXPECT_EQ(AdvanceUntilBound("small"), "node-1");
}

TEST_F(SchedulerTest, RetriesWhenANodeBecomesReady) {
  Json node = ControllerEnv::Node("node-1");
  node["status"]["conditions"] = {{{"type", "Ready"}, {"status", "False"}}};
  env_.Create("", "nodes", "", node);
  StartScheduler();
  env_.Create("", "pods", "default", ControllerEnv::Pod("web-0"));
  EXPECT_EQ(WaitUnschedulable("web-0"),
            "0/1 nodes are available: 1 node(s) had untolerated taint "
            "{node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 "
            "Preemption is not helpful for scheduling.");
  Json current = env_.Get("", "nodes", "", "node-1");
  current["status"]["conditions"] = {{{"type", "Ready"}, {"status", "True"}}};
  auto r =
      env_.client().Update(env_.Type("", "nodes"), "", current, {}, client::Subresource::kStatus);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(AdvanceUntilBound("web-0"), "node-1");
}

TEST_F(SchedulerTest, NoNodes) {
  StartScheduler();
  env_.Create("", "pods", "default", ControllerEnv::Pod("web-0"));
  EXPECT_EQ(WaitUnschedulable("web-0"), "no nodes available to schedule pods");
  env_.Create("", "nodes", "", ControllerEnv::Node("node-1"));
  EXPECT_EQ(AdvanceUntilBound("web-0"), "node-1");
}

TEST_F(SchedulerTest, SpreadsPodsOfOneOwner) {
  for (const char* n : {"node-a", "node-b", "node-c"}) {
    env_.Create("", "nodes", "", ControllerEnv::Node(n));
  }
  StartScheduler();
  std::set<std::string> used;
  for (int i = 0; i < 3; ++i) {
    Json pod = ControllerEnv::Pod("web-" + std::to_string(i), "100m", "128Mi");
    pod["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                           {"kind", "StatefulSet"},
                                           {"name", "web"},
                                           {"uid", "0b1c2d3e-0000-4000-8000-000000000001"},
                                           {"controller", true}}};
    env_.Create("", "pods", "default", pod);
    used.insert(WaitBound(pod["metadata"]["name"]));
  }
  EXPECT_EQ(used, (std::set<std::string>{"node-a", "node-b", "node-c"}));
}

TEST_F(SchedulerTest, IgnoresPodsOfOtherSchedulersAndBoundPods) {
  env_.Create("", "nodes", "", ControllerEnv::Node("node-1"));
  StartScheduler();
  Json other = ControllerEnv::Pod("other");
  other["spec"]["schedulerName"] = "my-scheduler";
  env_.Create("", "pods", "default", other);
  env_.Create("", "pods", "default", ControllerEnv::Pod("mine"));
  EXPECT_EQ(WaitBound("mine"), "node-1");
  Json o = env_.GetPod("other");
  EXPECT_TRUE(GetString(o, {"spec", "nodeName"}).empty());
  EXPECT_TRUE(PodCondition(o, "PodScheduled").is_null());
}

TEST_F(SchedulerTest, VolumeTopology) {
  env_.Create("", "nodes", "", ControllerEnv::Node("node-a"));
  env_.Create("", "nodes", "", ControllerEnv::Node("node-b"));
  env_.Create("storage.k8s.io", "storageclasses", "",
              {{"apiVersion", "storage.k8s.io/v1"},
               {"kind", "StorageClass"},
               {"metadata", {{"name", "late"}}},
               {"provisioner", "stead.dev/local-path"},
               {"volumeBindingMode", "WaitForFirstConsumer"}});
  env_.Create("", "persistentvolumes", "", Json::parse(R"({
      "apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv-b"},
      "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
               "local": {"path": "/data/pv-b"},
               "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                   {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node-b"]}]}]}}}})"));
  auto claim = [&](const std::string& name, const std::string& cls, const std::string& volume) {
    Json c = {{"apiVersion", "v1"},
              {"kind", "PersistentVolumeClaim"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec",
               {{"accessModes", {"ReadWriteOnce"}},
                {"resources", {{"requests", {{"storage", "1Gi"}}}}},
                {"storageClassName", cls}}}};
    if (!volume.empty()) {
      c["spec"]["volumeName"] = volume;
      c["metadata"]["annotations"]["pv.kubernetes.io/bind-completed"] = "yes";
    }
    env_.Create("", "persistentvolumeclaims", "default", c);
  };
  claim("bound", "", "pv-b");
  claim("immediate", "", "");
  claim("delayed", "late", "");
  auto pod_with = [&](const std::string& name, const std::string& claim_name) {
    Json pod = ControllerEnv::Pod(name);
    pod["spec"]["volumes"] = {
        {{"name", "data"}, {"persistentVolumeClaim", {{"claimName", claim_name}}}}};
    env_.Create("", "pods", "default", pod);
  };
  StartScheduler();
  pod_with("on-b", "bound");
  EXPECT_EQ(WaitBound("on-b"), "node-b");
  pod_with("waits", "immediate");
  EXPECT_EQ(WaitUnschedulable("waits"),
            "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
            "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  pod_with("missing", "nope");
  EXPECT_EQ(WaitUnschedulable("missing"),
            "0/2 nodes are available: persistentvolumeclaim \"nope\" not found. preemption: 0/2 "
            "nodes are available: 2 Preemption is not helpful for scheduling.");
  pod_with("late", "delayed");
  std::string node = WaitBound("late");
  EXPECT_EQ(GetString(env_.Get("", "persistentvolumeclaims", "default", "delayed"),
                      {"metadata", "annotations", "volume.kubernetes.io/selected-node"}),
            node);
  // Creating the missing claim (bound to pv-b) lets the pod through, to node-b.
  claim("nope", "", "pv-b");
  EXPECT_EQ(AdvanceUntilBound("missing"), "node-b");
}

}  // namespace
}  // namespace stead::scheduler

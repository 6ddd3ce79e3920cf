#include "agent/sim/simulated_nodes.h"

#include <gtest/gtest.h>

#include <set>

#include "agent/sim/behavior.h"
#include "scheduler/scheduler.h"
#include "unit/scheduler/controller_env.h"

namespace stead::agent::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using stead::testing::ControllerEnv;
using stead::testing::Eventually;
using stead::testing::PodCondition;

class SimulatedNodesTest : public ::testing::Test {
 protected:
  void StartNodes(int count, std::map<std::string, std::string> labels = {}) {
    SimulatedNodesOptions o;
    o.count = count;
    o.labels = std::move(labels);
    ASSERT_TRUE(ValidateSimulatedNodesOptions(o).ok());
    env_.Run(NewSimulatedNodes(env_.context(), o));
  }

  Json BoundPod(const std::string& name, const std::string& node,
                const std::map<std::string, std::string>& annotations = {}) {
    Json pod = ControllerEnv::Pod(name);
    pod["spec"]["nodeName"] = node;
    if (!annotations.empty()) pod["metadata"]["annotations"] = annotations;
    return env_.Create("", "pods", "default", pod);
  }

  static bool Ready(const Json& pod) {
    return GetString(PodCondition(pod, "Ready"), {"status"}) == "True";
  }
  // The node accepted the pod (its first status write): from here on the
  // clock may be advanced.
  bool WaitAccepted(const std::string& name) {
    return env_.WaitPod(name, [](const Json& p) { return Has(p, {"status", "podIP"}); });
  }
  bool WaitPhase(const std::string& name, const std::string& phase) {
    return env_.WaitPod(name, [&](const Json& p) {
      return GetString(p, {"status", "phase"}) == phase;
    });
  }

  ControllerEnv env_;
};

TEST_F(SimulatedNodesTest, RegistersNodesWithLeases) {
  StartNodes(2, {{"zone", "z1"}});
  ASSERT_TRUE(Eventually([&] {
    return !env_.Get("coordination.k8s.io", "leases", "kube-node-lease", "sim-node-1").is_null();
  }));
  Json node = env_.Get("", "nodes", "", "sim-node-1");
  EXPECT_EQ(node["metadata"]["labels"]["kubernetes.io/hostname"], "sim-node-1");
  EXPECT_EQ(node["metadata"]["labels"]["kubernetes.io/os"], "linux");
  EXPECT_EQ(node["metadata"]["labels"]["kubernetes.io/arch"], "amd64");
  EXPECT_EQ(node["metadata"]["labels"]["type"], "simulated");
  EXPECT_EQ(node["metadata"]["labels"]["zone"], "z1");
  EXPECT_EQ(node["spec"]["podCIDR"], "10.244.2.0/24");
  EXPECT_EQ(node["status"]["capacity"]["cpu"], "8");
  EXPECT_EQ(node["status"]["allocatable"]["memory"], "32Gi");
  EXPECT_EQ(node["status"]["capacity"]["pods"], "110");
  EXPECT_EQ(node["status"]["capacity"]["ephemeral-storage"], "100Gi");
  EXPECT_EQ(node["status"]["nodeInfo"]["kubeletVersion"], "v1.32.4-stead");
  EXPECT_EQ(node["status"]["nodeInfo"]["containerRuntimeVersion"], "stead-sim://1");
  EXPECT_EQ(node["status"]["addresses"],
            Json::parse(R"([{"type":"InternalIP","address":"10.240.0.2"},
                            {"type":"Hostname","address":"sim-node-1"}])"));
  std::map<std::string, std::string> conditions;
  for (const Json& c : node["status"]["conditions"]) conditions[c["type"]] = c["status"];
  EXPECT_EQ(conditions, (std::map<std::string, std::string>{{"DiskPressure", "False"},
                                                            {"MemoryPressure", "False"},
                                                            {"PIDPressure", "False"},
                                                            {"Ready", "True"}}));
  Json lease = env_.Get("coordination.k8s.io", "leases", "kube-node-lease", "sim-node-1");
  EXPECT_EQ(lease["spec"]["holderIdentity"], "sim-node-1");
  EXPECT_EQ(lease["spec"]["leaseDurationSeconds"], 40);
  EXPECT_EQ(lease["metadata"]["ownerReferences"][0]["uid"], node["metadata"]["uid"]);
  std::string renewed = lease["spec"]["renewTime"];
  EXPECT_EQ(renewed, FormatMicroTime(env_.clock().Now()));

  env_.clock().Advance(seconds(10));
  std::string expected = FormatMicroTime(env_.clock().Now());
  EXPECT_TRUE(Eventually([&] {
    return GetString(env_.Get("coordination.k8s.io", "leases", "kube-node-lease", "sim-node-1"),
                     {"spec", "renewTime"}) == expected;
  }));
  // Node status is re-reported every 5 minutes (lastHeartbeatTime).
  env_.clock().Advance(std::chrono::minutes(5));
  std::string heartbeat = FormatTime(env_.clock().Now());
  EXPECT_TRUE(Eventually([&] {
    Json n = env_.Get("", "nodes", "", "sim-node-0");
    return GetString(n["status"]["conditions"][3], {"lastHeartbeatTime"}) == heartbeat;
  }));
}

TEST_F(SimulatedNodesTest, PodLifecycle) {
  StartNodes(1);
  BoundPod("web-0", "sim-node-0");
  ASSERT_TRUE(WaitAccepted("web-0"));
  Json pod = env_.GetPod("web-0");
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  EXPECT_EQ(pod["status"]["hostIP"], "10.240.0.1");
  EXPECT_EQ(pod["status"]["podIP"].get<std::string>().rfind("10.244.1.", 0), 0u);
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
            "ContainerCreating");
  EXPECT_EQ(GetString(PodCondition(pod, "PodReadyToStartContainers"), {"status"}), "True");
  EXPECT_EQ(pod["status"]["startTime"], FormatTime(env_.clock().Now()));

  env_.clock().Advance(milliseconds(500));
  ASSERT_TRUE(WaitPhase("web-0", "Running"));
  EXPECT_TRUE(Ready(env_.GetPod("web-0")));

  // Readiness toggles with the annotation.
  Json p = env_.GetPod("web-0");
  p["metadata"]["annotations"][kAnnReady] = "false";
  ASSERT_TRUE(env_.client().Update(env_.Type("", "pods"), "default", p).ok());
  EXPECT_TRUE(env_.WaitPod("web-0", [&](const Json& x) { return !Ready(x); }));
  p = env_.GetPod("web-0");
  p["metadata"]["annotations"][kAnnReady] = "true";
  ASSERT_TRUE(env_.client().Update(env_.Type("", "pods"), "default", p).ok());
  EXPECT_TRUE(env_.WaitPod("web-0", [&](const Json& x) { return Ready(x); }));
}

TEST_F(SimulatedNodesTest, GracefulDeletionStopsThenDeletes) {
  StartNodes(1);
  BoundPod("web-0", "sim-node-0", {{kAnnTerminateDelay, "2s"}});
  ASSERT_TRUE(WaitAccepted("web-0"));
  env_.clock().Advance(milliseconds(500));
  ASSERT_TRUE(WaitPhase("web-0", "Running"));
  auto r = env_.client().Delete(env_.Type("", "pods"), "default", "web-0", {});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(env_.WaitPod("web-0", [](const Json& p) {
    return Has(p, {"metadata", "deletionTimestamp"});
  }));
  EXPECT_EQ(env_.GetPod("web-0")["metadata"]["deletionGracePeriodSeconds"], 30);
  // The node may see the deletion only after this advance; it then dates
  // the request from deletionTimestamp, whose whole seconds leave up to a
  // second of doubt: 2s of terminate delay are over by +3s in every case.
  env_.clock().Advance(seconds(3));
  EXPECT_TRUE(env_.WaitPod("web-0", [](const Json& p) { return p.is_null(); }));
}

TEST_F(SimulatedNodesTest, CrashLoopAndImagePullAreVisible) {
  StartNodes(1);
  BoundPod("crash", "sim-node-0", {{kAnnCrash, "true"}});
  Json broken = ControllerEnv::Pod("pull");
  broken["spec"]["nodeName"] = "sim-node-0";
  broken["spec"]["containers"][0]["image"] = "nginx:broken";
  env_.Create("", "pods", "default", broken);
  ASSERT_TRUE(WaitAccepted("crash"));
  ASSERT_TRUE(WaitAccepted("pull"));
  auto waiting = [&](const std::string& name, const std::string& reason) {
    return env_.WaitPod(name, [&](const Json& p) {
      const Json* cs = Lookup(p, {"status", "containerStatuses"});
      return cs && cs->is_array() && !cs->empty() &&
             GetString((*cs)[0], {"state", "waiting", "reason"}) == reason;
    });
  };
  env_.clock().Advance(milliseconds(500));
  EXPECT_TRUE(waiting("pull", "ErrImagePull"));
  env_.clock().Advance(seconds(1));
  EXPECT_TRUE(waiting("pull", "ImagePullBackOff"));
  env_.clock().Advance(seconds(1));
  EXPECT_TRUE(waiting("crash", "CrashLoopBackOff"));
  Json crash = env_.GetPod("crash");
  EXPECT_EQ(crash["status"]["containerStatuses"][0]["restartCount"], 1);
  EXPECT_EQ(crash["status"]["containerStatuses"][0]["lastState"]["terminated"]["exitCode"], 1);
  EXPECT_EQ(crash["status"]["phase"], "Running");
}

TEST_F(SimulatedNodesTest, CompletedPodSucceeds) {
  StartNodes(1);
  Json job = ControllerEnv::Pod("job");
  job["spec"]["nodeName"] = "sim-node-0";
  job["spec"]["restartPolicy"] = "Never";
  job["metadata"]["annotations"] = {{kAnnExit, "0"}, {kAnnRunDuration, "0s"}};
  env_.Create("", "pods", "default", job);
  ASSERT_TRUE(WaitAccepted("job"));
  env_.clock().Advance(milliseconds(500));
  EXPECT_TRUE(WaitPhase("job", "Succeeded"));
}

TEST_F(SimulatedNodesTest, PodWhoseHostPortIsTakenIsRejected) {
  StartNodes(1);
  auto with_port = [](Json pod) {
    pod["spec"]["nodeName"] = "sim-node-0";
    pod["spec"]["containers"][0]["ports"] = {{{"containerPort", 21017}, {"hostPort", 21017}}};
    return pod;
  };
  env_.Create("", "pods", "default", with_port(ControllerEnv::Pod("test-pod")));
  ASSERT_TRUE(WaitAccepted("test-pod"));
  env_.Create("", "pods", "default", with_port(ControllerEnv::Pod("ss-0")));
  ASSERT_TRUE(WaitPhase("ss-0", "Failed"));
  Json rejected = env_.GetPod("ss-0");
  EXPECT_EQ(rejected["status"]["reason"], "NodePorts");
  EXPECT_EQ(rejected["status"]["message"],
            "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for "
            "the requested pod ports");
  EXPECT_FALSE(Has(rejected, {"status", "podIP"}));

  // Deleting the rejected pod removes it at once (nothing runs); once the
  // port is free a new pod with the same name is admitted.
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(env_.client().Delete(env_.Type("", "pods"), "default", "test-pod", now).ok());
  ASSERT_TRUE(env_.client().Delete(env_.Type("", "pods"), "default", "ss-0", {}).ok());
  ASSERT_TRUE(Eventually([&] { return env_.GetPod("ss-0").is_null(); }));
  env_.Create("", "pods", "default", with_port(ControllerEnv::Pod("ss-0")));
  ASSERT_TRUE(WaitAccepted("ss-0"));
  env_.clock().Advance(milliseconds(500));
  EXPECT_TRUE(WaitPhase("ss-0", "Running"));
}

TEST_F(SimulatedNodesTest, UniqueIpsAcrossManyPods) {
  StartNodes(2);
  const int kPods = 200;
  for (int i = 0; i < kPods; ++i) {
    BoundPod("p-" + std::to_string(i), i % 2 ? "sim-node-1" : "sim-node-0");
  }
  ASSERT_TRUE(Eventually([&] {
    auto list = env_.client().List(env_.Type("", "pods"), "default");
    int pending = 0;
    for (const auto& p : list->items) pending += Has(*p, {"status", "podIP"}) ? 1 : 0;
    return pending == kPods;
  }));
  env_.clock().Advance(milliseconds(500));
  std::set<std::string> ips;
  ASSERT_TRUE(Eventually([&] {
    auto list = env_.client().List(env_.Type("", "pods"), "default");
    ips.clear();
    int running = 0;
    for (const auto& p : list->items) {
      if (GetString(*p, {"status", "phase"}) == "Running" && Ready(*p)) ++running;
      ips.insert(GetString(*p, {"status", "podIP"}));
    }
    return running == kPods;
  }));
  EXPECT_EQ(ips.size(), static_cast<size_t>(kPods));
  for (const std::string& ip : ips) {
    EXPECT_TRUE(ip.rfind("10.244.1.", 0) == 0 || ip.rfind("10.244.2.", 0) == 0) << ip;
  }
}

TEST_F(SimulatedNodesTest, PodsWaitForTheirClaims) {
  StartNodes(1);
  env_.Create("", "persistentvolumeclaims", "default",
              {{"apiVersion", "v1"},
               {"kind", "PersistentVolumeClaim"},
               {"metadata", {{"name", "data"}, {"namespace", "default"}}},
               {"spec",
                {{"accessModes", {"ReadWriteOnce"}},
                 {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}});
  Json pod = ControllerEnv::Pod("db");
  pod["spec"]["nodeName"] = "sim-node-0";
  pod["spec"]["volumes"] = {{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "data"}}}}};
  env_.Create("", "pods", "default", pod);
  ASSERT_TRUE(WaitAccepted("db"));
  env_.clock().Advance(seconds(5));
  Json claim = env_.Get("", "persistentvolumeclaims", "default", "data");
  claim["status"]["phase"] = "Bound";
  ASSERT_TRUE(env_.client()
                  .Update(env_.Type("", "persistentvolumeclaims"), "default", claim, {},
                          client::Subresource::kStatus)
                  .ok());
  // The start delay counts from when the node sees the claim bound, which
  // this test cannot observe: step the clock until the pod runs.
  bool running = false;
  for (int i = 0; i < 50 && !running; ++i) {
    env_.clock().Advance(milliseconds(100));
    running = Eventually(
        [&] {
          return GetString(env_.GetPod("db"), {"status", "phase"}) == "Running";
        },
        milliseconds(100));
  }
  EXPECT_TRUE(running);
}

TEST_F(SimulatedNodesTest, WithSchedulerEveryPodRuns) {
  StartNodes(3);
  ASSERT_TRUE(Eventually([&] {
    auto list = env_.client().List(env_.Type("", "nodes"), "");
    return list.ok() && list->items.size() == 3;
  }));
  // Started once the nodes exist, so that its synced cache has them all (a
  // pod found unschedulable would wait for the clock).
  env_.Run(scheduler::NewScheduler(env_.context()));
  for (int i = 0; i < 30; ++i) {
    Json pod = ControllerEnv::Pod("w-" + std::to_string(i), "100m");
    pod["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                           {"kind", "StatefulSet"},
                                           {"name", "w"},
                                           {"uid", "0b1c2d3e-0000-4000-8000-000000000002"},
                                           {"controller", true}}};
    env_.Create("", "pods", "default", pod);
  }
  ASSERT_TRUE(Eventually([&] {
    auto list = env_.client().List(env_.Type("", "pods"), "default");
    int creating = 0;
    for (const auto& p : list->items) creating += Has(*p, {"status", "podIP"}) ? 1 : 0;
    return creating == 30;
  }));
  env_.clock().Advance(milliseconds(500));
  std::map<std::string, int> per_node;
  ASSERT_TRUE(Eventually([&] {
    auto list = env_.client().List(env_.Type("", "pods"), "default");
    per_node.clear();
    int running = 0;
    for (const auto& p : list->items) {
      running += GetString(*p, {"status", "phase"}) == "Running" ? 1 : 0;
      ++per_node[GetString(*p, {"spec", "nodeName"})];
    }
    return running == 30;
  }));
  EXPECT_EQ(per_node, (std::map<std::string, int>{
                          {"sim-node-0", 10}, {"sim-node-1", 10}, {"sim-node-2", 10}}));
}

}  // namespace
}  // namespace stead::agent::sim

#include "agent/pod_status.h"

#include <gtest/gtest.h>

namespace stead::agent {
namespace {

const SystemTime kT0 = SystemTime(std::chrono::seconds(1700000000));

Json Pod(Json spec) {
  return {{"metadata", {{"name", "web-0"}, {"namespace", "default"}, {"uid", "u1"}}},
          {"spec", std::move(spec)},
          {"status",
           {{"phase", "Pending"},
            {"qosClass", "BestEffort"},
            {"conditions",
             {{{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", "x"}}}}}}};
}

Json OneContainer() { return {{"containers", {{{"name", "app"}, {"image", "nginx:1.27"}}}}}; }

ContainerRuntimeStatus Running(const std::string& name, bool ready = true) {
  ContainerRuntimeStatus c;
  c.name = name;
  c.image_id = "nginx@sha256:abc";
  c.container_id = "stead-sim://1";
  c.state.kind = ContainerState::Kind::kRunning;
  c.state.started_at = kT0;
  c.started = true;
  c.ready = ready;
  return c;
}

Json Cond(const Json& status, const std::string& type) {
  for (const Json& c : status["conditions"]) {
    if (c["type"] == type) return c;
  }
  return Json();
}

TEST(PodStatusTest, CreatingContainersArePending) {
  PodRuntimeStatus rt;
  rt.sandbox_ready = true;
  rt.host_ip = "10.240.0.1";
  rt.pod_ip = "10.244.1.2";
  rt.start_time = kT0;
  Json s = ComputePodStatus(Pod(OneContainer()), rt, kT0);
  EXPECT_EQ(s["phase"], "Pending");
  EXPECT_EQ(s["qosClass"], "BestEffort");
  EXPECT_EQ(s["podIP"], "10.244.1.2");
  EXPECT_EQ(s["podIPs"], Json::parse(R"([{"ip":"10.244.1.2"}])"));
  EXPECT_EQ(s["hostIPs"], Json::parse(R"([{"ip":"10.240.0.1"}])"));
  EXPECT_EQ(s["startTime"], FormatTime(kT0));
  EXPECT_EQ(s["containerStatuses"], Json::parse(R"([{"name":"app","image":"nginx:1.27",
      "imageID":"","ready":false,"restartCount":0,"started":false,"lastState":{},
      "state":{"waiting":{"reason":"ContainerCreating"}}}])"));
  std::vector<std::string> types;
  for (const Json& c : s["conditions"]) types.push_back(c["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"PodReadyToStartContainers", "Initialized", "Ready",
                                             "ContainersReady", "PodScheduled"}));
  EXPECT_EQ(Cond(s, "Ready")["reason"], "ContainersNotReady");
  EXPECT_EQ(Cond(s, "Ready")["message"], "containers with unready status: [app]");
  EXPECT_EQ(Cond(s, "Initialized")["status"], "True");
  // Unchanged conditions keep their transition time.
  EXPECT_EQ(Cond(s, "PodScheduled")["lastTransitionTime"], "x");
  EXPECT_TRUE(Cond(s, "PodScheduled")["lastProbeTime"].is_null());
}

TEST(PodStatusTest, RunningAndReady) {
  PodRuntimeStatus rt;
  rt.sandbox_ready = true;
  rt.containers = {Running("app")};
  Json pod = Pod(OneContainer());
  pod["spec"]["containers"][0]["volumeMounts"] = {
      {{"name", "data"}, {"mountPath", "/data"}},
      {{"name", "token"}, {"mountPath", "/var/run/secrets"}, {"readOnly", true}}};
  Json s = ComputePodStatus(pod, rt, kT0);
  EXPECT_EQ(s["phase"], "Running");
  EXPECT_EQ(Cond(s, "Ready")["status"], "True");
  EXPECT_EQ(Cond(s, "ContainersReady")["status"], "True");
  const Json& c = s["containerStatuses"][0];
  EXPECT_EQ(c["state"], Json::parse(R"({"running":{"startedAt":")" + FormatTime(kT0) + "\"}}"));
  EXPECT_EQ(c["containerID"], "stead-sim://1");
  EXPECT_EQ(c["volumeMounts"], Json::parse(R"([{"name":"data","mountPath":"/data"},
      {"name":"token","mountPath":"/var/run/secrets","readOnly":true,"recursiveReadOnly":"Disabled"}])"));

  // Becoming unready changes Ready's transition time only.
  pod["status"] = s;
  rt.containers = {Running("app", false)};
  Json later = ComputePodStatus(pod, rt, kT0 + std::chrono::seconds(5));
  EXPECT_EQ(Cond(later, "Ready")["status"], "False");
  EXPECT_EQ(Cond(later, "Ready")["lastTransitionTime"], FormatTime(kT0 + std::chrono::seconds(5)));
  EXPECT_EQ(Cond(later, "PodReadyToStartContainers")["lastTransitionTime"], FormatTime(kT0));
}

TEST(PodStatusTest, ReadinessGates) {
  Json pod = Pod(OneContainer());
  pod["spec"]["readinessGates"] = {{{"conditionType", "example.com/lb"}}};
  PodRuntimeStatus rt;
  rt.containers = {Running("app")};
  Json s = ComputePodStatus(pod, rt, kT0);
  EXPECT_EQ(Cond(s, "Ready")["reason"], "ReadinessGatesNotReady");
  EXPECT_EQ(Cond(s, "Ready")["message"],
            "corresponding condition of pod readiness gate \"example.com/lb\" does not exist.");
  pod["status"]["conditions"].push_back({{"type", "example.com/lb"}, {"status", "True"}});
  s = ComputePodStatus(pod, rt, kT0);
  EXPECT_EQ(Cond(s, "Ready")["status"], "True");
  EXPECT_EQ(s["conditions"][0]["type"], "example.com/lb");  // foreign conditions first
}

TEST(PodStatusTest, InitContainers) {
  Json spec = OneContainer();
  spec["initContainers"] = {{{"name", "setup"}, {"image", "busybox"}}};
  PodRuntimeStatus rt;
  Json s = ComputePodStatus(Pod(spec), rt, kT0);
  EXPECT_EQ(s["phase"], "Pending");
  EXPECT_EQ(s["initContainerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
  EXPECT_EQ(s["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
  EXPECT_EQ(Cond(s, "Initialized")["message"], "containers with incomplete status: [setup]");

  ContainerRuntimeStatus done;
  done.name = "setup";
  done.state.kind = ContainerState::Kind::kTerminated;
  done.state.reason = "Completed";
  rt.containers = {done};
  s = ComputePodStatus(Pod(spec), rt, kT0);
  EXPECT_EQ(s["initContainerStatuses"][0]["ready"], true);
  EXPECT_EQ(Cond(s, "Initialized")["status"], "True");
  EXPECT_EQ(s["phase"], "Pending");
}

TEST(PodStatusTest, Phases) {
  Json spec = OneContainer();
  ContainerRuntimeStatus exited;
  exited.name = "app";
  exited.state.kind = ContainerState::Kind::kTerminated;
  exited.state.exit_code = 1;
  PodRuntimeStatus rt;
  rt.containers = {exited};
  EXPECT_EQ(ComputePodStatus(Pod(spec), rt, kT0)["phase"], "Running");  // Always restarts
  spec["restartPolicy"] = "Never";
  Json failed = ComputePodStatus(Pod(spec), rt, kT0);
  EXPECT_EQ(failed["phase"], "Failed");
  EXPECT_EQ(Cond(failed, "Ready")["reason"], "PodFailed");
  rt.containers[0].state.exit_code = 0;
  Json succeeded = ComputePodStatus(Pod(spec), rt, kT0);
  EXPECT_EQ(succeeded["phase"], "Succeeded");
  EXPECT_EQ(Cond(succeeded, "Ready")["reason"], "PodCompleted");
  // Stopped for deletion: terminal whatever the policy.
  spec["restartPolicy"] = "Always";
  rt.terminal = true;
  EXPECT_EQ(ComputePodStatus(Pod(spec), rt, kT0)["phase"], "Succeeded");
  // Crash looping: waiting with a previous termination counts as stopped.
  ContainerRuntimeStatus looping;
  looping.name = "app";
  looping.state.kind = ContainerState::Kind::kWaiting;
  looping.state.reason = "CrashLoopBackOff";
  looping.last_state = exited.state;
  rt = PodRuntimeStatus();
  rt.containers = {looping};
  EXPECT_EQ(ComputePodStatus(Pod(spec), rt, kT0)["phase"], "Running");
  // A terminal phase sticks.
  Json pod = Pod(spec);
  pod["status"]["phase"] = "Failed";
  rt.containers = {Running("app")};
  EXPECT_EQ(ComputePodStatus(pod, rt, kT0)["phase"], "Failed");
}

TEST(PodStatusTest, ContainerStatusesSortedByName) {
  Json spec = {
      {"containers", {{{"name", "zeta"}, {"image", "a"}}, {{"name", "alpha"}, {"image", "b"}}}}};
  Json s = ComputePodStatus(Pod(spec), PodRuntimeStatus(), kT0);
  EXPECT_EQ(s["containerStatuses"][0]["name"], "alpha");
  EXPECT_EQ(Cond(s, "ContainersReady")["message"], "containers with unready status: [zeta alpha]");
}

TEST(PodStatusTest, GoDurations) {
  using std::chrono::milliseconds;
  EXPECT_EQ(FormatGoDuration(milliseconds(10000)), "10s");
  EXPECT_EQ(FormatGoDuration(milliseconds(80000)), "1m20s");
  EXPECT_EQ(FormatGoDuration(milliseconds(300000)), "5m0s");
  EXPECT_EQ(FormatGoDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatGoDuration(milliseconds(1500)), "1.5s");
  EXPECT_EQ(FormatGoDuration(milliseconds(3600000)), "1h0m0s");
}

}  // namespace
}  // namespace stead::agent

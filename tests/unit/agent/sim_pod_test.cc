#include "agent/sim/sim_pod.h"

#include <gtest/gtest.h>

#include "agent/pod_status.h"
#include "agent/sim/behavior.h"
#include "agent/sim/ip_pool.h"

namespace stead::agent::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const SystemTime kT0 = SystemTime(std::chrono::seconds(1700000000));

Json Pod(const std::map<std::string, std::string>& annotations = {}) {
  Json pod = {{"metadata", {{"name", "web-0"}, {"namespace", "default"}, {"uid", "u1"}}},
              {"spec", {{"containers", {{{"name", "app"}, {"image", "nginx:1.27"}}}}}},
              {"status", {{"phase", "Pending"}}}};
  if (!annotations.empty()) pod["metadata"]["annotations"] = annotations;
  return pod;
}

// Drives a SimPod and renders the status the node would write.
class Harness {
 public:
  explicit Harness(Json pod)
      : pod_(std::move(pod)), sim_(pod_, "10.240.0.1", "10.244.1.2", Behavior{}, kT0) {
    Advance(kT0);
  }
  void Advance(SystemTime t) {
    now_ = t;
    sim_.Advance(pod_, true, t);
    pod_["status"] = ComputePodStatus(pod_, sim_.Runtime(), t);
  }
  void AdvanceBy(milliseconds d) { Advance(now_ + d); }
  Json& pod() { return pod_; }
  SimPod& sim() { return sim_; }
  Json Container(int i = 0) { return pod_["status"]["containerStatuses"][i]; }
  std::string Waiting() { return GetString(Container(), {"state", "waiting", "reason"}); }
  std::string Phase() { return pod_["status"]["phase"]; }
  bool Ready() {
    for (const Json& c : pod_["status"]["conditions"]) {
      if (c["type"] == "Ready") return c["status"] == "True";
    }
    return false;
  }

 private:
  Json pod_;
  SimPod sim_;
  SystemTime now_;
};

TEST(SimPodTest, CreatedAfterStartDelayThenRunningAndReady) {
  Harness h(Pod());
  EXPECT_EQ(h.Phase(), "Pending");
  EXPECT_EQ(h.Waiting(), "ContainerCreating");
  EXPECT_EQ(h.pod()["status"]["podIP"], "10.244.1.2");
  EXPECT_EQ(h.sim().NextEvent(), kT0 + milliseconds(500));
  h.AdvanceBy(milliseconds(499));
  EXPECT_EQ(h.Phase(), "Pending");
  h.AdvanceBy(milliseconds(1));
  EXPECT_EQ(h.Phase(), "Running");
  EXPECT_TRUE(h.Ready());
  EXPECT_EQ(h.Container()["state"]["running"]["startedAt"], FormatTime(kT0 + milliseconds(500)));
  EXPECT_EQ(h.Container()["started"], true);
  EXPECT_FALSE(h.sim().NextEvent().has_value());
}

TEST(SimPodTest, AnnotatedStartDelayAndReadinessToggle) {
  Harness h(Pod({{kAnnStartDelay, "2s"}, {kAnnReady, "false"}}));
  h.AdvanceBy(milliseconds(1999));
  EXPECT_EQ(h.Phase(), "Pending");
  h.AdvanceBy(milliseconds(1));
  EXPECT_EQ(h.Phase(), "Running");
  EXPECT_FALSE(h.Ready());
  EXPECT_EQ(h.Container()["ready"], false);
  h.pod()["metadata"]["annotations"][kAnnReady] = "true";
  h.AdvanceBy(milliseconds(0));
  EXPECT_TRUE(h.Ready());
  h.pod()["metadata"]["annotations"][kAnnReady] = "false";
  h.AdvanceBy(milliseconds(0));
  EXPECT_FALSE(h.Ready());
}

TEST(SimPodTest, InitContainersRunFirst) {
  Json pod = Pod();
  pod["spec"]["initContainers"] = {{{"name", "one"}, {"image", "busybox"}},
                                   {{"name", "two"}, {"image", "busybox"}}};
  Harness h(pod);
  const Json& inits = h.pod()["status"]["initContainerStatuses"];
  EXPECT_EQ(h.Waiting(), "PodInitializing");
  EXPECT_EQ(inits[0]["state"]["waiting"]["reason"], "PodInitializing");
  h.AdvanceBy(milliseconds(500));
  EXPECT_EQ(h.pod()["status"]["initContainerStatuses"][0]["state"]["terminated"]["reason"],
            "Completed");
  EXPECT_TRUE(h.pod()["status"]["initContainerStatuses"][1]["state"].contains("waiting"));
  h.AdvanceBy(milliseconds(500));
  EXPECT_EQ(h.pod()["status"]["initContainerStatuses"][1]["state"]["terminated"]["exitCode"], 0);
  EXPECT_EQ(h.Waiting(), "PodInitializing");
  EXPECT_EQ(h.Phase(), "Pending");
  h.AdvanceBy(milliseconds(500));
  EXPECT_EQ(h.Phase(), "Running");
  EXPECT_TRUE(h.Ready());
}

TEST(SimPodTest, CrashLoopBackOff) {
  Harness h(Pod({{kAnnCrash, "true"}}));
  h.AdvanceBy(milliseconds(500));  // running
  EXPECT_EQ(h.Container()["restartCount"], 0);
  h.AdvanceBy(seconds(1));  // first exit: restarted at once
  EXPECT_EQ(h.Container()["restartCount"], 1);
  EXPECT_TRUE(h.Container()["state"].contains("running"));
  EXPECT_EQ(h.Container()["lastState"]["terminated"]["exitCode"], 1);
  EXPECT_EQ(h.Container()["lastState"]["terminated"]["reason"], "Error");
  h.AdvanceBy(seconds(1));  // second exit: back-off 10s
  EXPECT_EQ(h.Waiting(), "CrashLoopBackOff");
  EXPECT_EQ(h.Container()["state"]["waiting"]["message"],
            "back-off 10s restarting failed container=app pod=web-0_default(u1)");
  EXPECT_EQ(h.Phase(), "Running");
  EXPECT_FALSE(h.Ready());
  h.AdvanceBy(seconds(10));
  EXPECT_EQ(h.Container()["restartCount"], 2);
  EXPECT_TRUE(h.Container()["state"].contains("running"));
  h.AdvanceBy(seconds(1));
  EXPECT_EQ(h.Container()["state"]["waiting"]["message"],
            "back-off 20s restarting failed container=app pod=web-0_default(u1)");
  // Far ahead: the backoff doubles up to 5 minutes, replaying every restart.
  h.AdvanceBy(std::chrono::hours(1));
  EXPECT_EQ(h.Waiting(), "CrashLoopBackOff");
  EXPECT_EQ(h.Container()["state"]["waiting"]["message"],
            "back-off 5m0s restarting failed container=app pod=web-0_default(u1)");
  EXPECT_GT(h.Container()["restartCount"].get<int>(), 10);
}

TEST(SimPodTest, CompletionFollowsRestartPolicy) {
  Json pod = Pod({{kAnnExit, "0"}, {kAnnRunDuration, "3s"}});
  pod["spec"]["restartPolicy"] = "Never";
  Harness ok(pod);
  ok.AdvanceBy(milliseconds(500));
  EXPECT_EQ(ok.Phase(), "Running");
  ok.AdvanceBy(seconds(3));
  EXPECT_EQ(ok.Phase(), "Succeeded");
  EXPECT_TRUE(ok.sim().Finished());
  EXPECT_EQ(ok.Container()["state"]["terminated"]["reason"], "Completed");

  pod["metadata"]["annotations"][kAnnExit] = "3";
  Harness failed(pod);
  failed.AdvanceBy(seconds(10));
  EXPECT_EQ(failed.Phase(), "Failed");
  EXPECT_EQ(failed.Container()["state"]["terminated"]["exitCode"], 3);

  pod["spec"]["restartPolicy"] = "OnFailure";
  Harness retried(pod);
  retried.AdvanceBy(seconds(10));
  EXPECT_EQ(retried.Phase(), "Running");
  EXPECT_GE(retried.Container()["restartCount"].get<int>(), 1);
}

TEST(SimPodTest, ImagePullFailure) {
  Harness h(Pod({{kAnnImagePull, "fail"}}));
  h.AdvanceBy(milliseconds(500));
  EXPECT_EQ(h.Waiting(), "ErrImagePull");
  EXPECT_EQ(h.Phase(), "Pending");
  h.AdvanceBy(seconds(1));
  EXPECT_EQ(h.Waiting(), "ImagePullBackOff");
  EXPECT_EQ(h.Container()["state"]["waiting"]["message"], "Back-off pulling image \"nginx:1.27\"");
  h.AdvanceBy(seconds(9));  // next attempt 10s after the first
  EXPECT_EQ(h.Waiting(), "ErrImagePull");
  // Fixed: the next attempt succeeds.
  h.pod()["metadata"]["annotations"].erase(kAnnImagePull);
  h.AdvanceBy(seconds(20));
  EXPECT_EQ(h.Phase(), "Running");
}

TEST(SimPodTest, BrokenImageAndImageChange) {
  Harness h(Pod());
  h.AdvanceBy(milliseconds(500));
  EXPECT_EQ(h.Phase(), "Running");
  h.pod()["spec"]["containers"][0]["image"] = "nginx:broken";
  h.AdvanceBy(milliseconds(0));
  EXPECT_EQ(h.Waiting(), "ContainerCreating");
  h.AdvanceBy(milliseconds(500));
  EXPECT_EQ(h.Waiting(), "ErrImagePull");
  EXPECT_EQ(h.Container()["lastState"]["terminated"]["reason"], "Completed");
  h.pod()["spec"]["containers"][0]["image"] = "nginx:1.28";
  h.AdvanceBy(milliseconds(0));
  EXPECT_EQ(h.Waiting(), "ContainerCreating");
  h.AdvanceBy(milliseconds(500));
  EXPECT_TRUE(h.Container()["state"].contains("running"));
  EXPECT_EQ(h.Container()["restartCount"], 1);
  EXPECT_EQ(h.Container()["image"], "nginx:1.28");
}

TEST(SimPodTest, GracefulDeletion) {
  Harness h(Pod({{kAnnTerminateDelay, "1s"}}));
  h.AdvanceBy(milliseconds(500));
  // Deleted at kT0+500ms with the default grace period.
  h.pod()["metadata"]["deletionTimestamp"] = FormatTime(kT0 + milliseconds(500) + seconds(30));
  h.pod()["metadata"]["deletionGracePeriodSeconds"] = 30;
  h.AdvanceBy(milliseconds(0));
  EXPECT_FALSE(h.sim().Stopped());
  EXPECT_TRUE(h.Ready());
  h.AdvanceBy(seconds(1));
  EXPECT_TRUE(h.sim().Stopped());
  EXPECT_FALSE(h.Ready());
  EXPECT_EQ(h.Container()["state"]["terminated"]["exitCode"], 0);
  EXPECT_EQ(h.Phase(), "Succeeded");
}

TEST(SimPodTest, FailsOnSigterm) {
  Harness h(Pod({{kAnnTerminateExitCode, "1"}}));
  h.AdvanceBy(milliseconds(500));
  h.pod()["metadata"]["deletionTimestamp"] = FormatTime(kT0 + milliseconds(500) + seconds(30));
  h.pod()["metadata"]["deletionGracePeriodSeconds"] = 30;
  h.AdvanceBy(milliseconds(0));
  EXPECT_TRUE(h.sim().Stopped());
  EXPECT_EQ(h.Container()["state"]["terminated"]["exitCode"], 1);
  EXPECT_EQ(h.Container()["state"]["terminated"]["reason"], "Error");
  EXPECT_EQ(h.Phase(), "Failed");
}

TEST(SimPodTest, KilledAtEndOfGracePeriod) {
  Harness h(Pod({{kAnnTerminateDelay, "1m"}}));
  h.AdvanceBy(milliseconds(500));
  h.pod()["metadata"]["deletionTimestamp"] = FormatTime(kT0 + milliseconds(500) + seconds(5));
  h.pod()["metadata"]["deletionGracePeriodSeconds"] = 5;
  h.AdvanceBy(milliseconds(4400));
  EXPECT_FALSE(h.sim().Stopped());
  h.AdvanceBy(milliseconds(600));
  EXPECT_TRUE(h.sim().Stopped());
  EXPECT_EQ(h.Container()["state"]["terminated"]["exitCode"], 137);
  EXPECT_EQ(h.Phase(), "Failed");
}

TEST(SimPodTest, DeletedBeforeStartStopsAtOnce) {
  Json pod = Pod();
  pod["metadata"]["deletionTimestamp"] = "2023-11-14T22:14:00Z";
  pod["metadata"]["deletionGracePeriodSeconds"] = 30;
  SimPod sim(pod, "10.240.0.1", "10.244.1.2", Behavior{}, kT0);
  sim.Advance(pod, true, kT0);
  EXPECT_TRUE(sim.Stopped());
  EXPECT_TRUE(sim.NeverStarted());
}

TEST(SimPodTest, WaitsForVolumes) {
  Json pod = Pod();
  SimPod sim(pod, "10.240.0.1", "10.244.1.2", Behavior{}, kT0);
  sim.Advance(pod, false, kT0 + seconds(10));
  EXPECT_FALSE(sim.NextEvent().has_value());
  sim.Advance(pod, true, kT0 + seconds(20));
  EXPECT_EQ(sim.NextEvent(), kT0 + seconds(20) + milliseconds(500));
}

TEST(SimPodTest, AdoptsRunningContainers) {
  Harness h(Pod());
  h.AdvanceBy(milliseconds(500));
  h.AdvanceBy(seconds(60));
  Json running = h.pod();
  SimPod again(running, "10.240.0.1", "10.244.1.2", Behavior{}, kT0 + seconds(120));
  again.Adopt(running, kT0 + seconds(120));
  again.Advance(running, true, kT0 + seconds(120));
  Json status = ComputePodStatus(running, again.Runtime(), kT0 + seconds(120));
  EXPECT_EQ(status, running["status"]);
}

TEST(BehaviorTest, Annotations) {
  Json pod = Pod({{kAnnStartDelay, "bogus"}, {kAnnExit, "7"}, {kAnnTerminateDelay, "1.5s"}});
  Behavior defaults;
  defaults.start_delay = milliseconds(250);
  defaults.terminate_delay = milliseconds(300);
  Behavior b = BehaviorOf(pod, defaults);
  EXPECT_EQ(b.start_delay, milliseconds(250));
  EXPECT_EQ(b.exit_code, 7);
  EXPECT_EQ(b.terminate_delay, milliseconds(1500));
  EXPECT_TRUE(b.ready);
  EXPECT_EQ(BehaviorOf(Pod(), defaults).terminate_delay, milliseconds(300));
  EXPECT_TRUE(IsBrokenImage("nginx:broken"));
  EXPECT_TRUE(IsBrokenImage("registry:5000/app:1.0-broken"));
  EXPECT_FALSE(IsBrokenImage("broken:5000/app"));
  EXPECT_FALSE(IsBrokenImage("nginx"));
}

TEST(PodIpPoolTest, AllocatesUniqueAddressesAndReleases) {
  PodIpPool pool = std::move(PodIpPool::Create("10.244.1.0/24")).value();
  EXPECT_EQ(pool.Capacity(), 253u);
  EXPECT_EQ(pool.Gateway(), "10.244.1.1");
  std::set<std::string> seen;
  for (int i = 0; i < 253; ++i) {
    auto ip = pool.Allocate();
    ASSERT_TRUE(ip.ok());
    EXPECT_TRUE(seen.insert(*ip).second) << *ip;
  }
  EXPECT_TRUE(seen.count("10.244.1.2"));
  EXPECT_TRUE(seen.count("10.244.1.254"));
  EXPECT_FALSE(seen.count("10.244.1.255"));
  EXPECT_FALSE(pool.Allocate().ok());
  pool.Release("10.244.1.77");
  EXPECT_EQ(pool.Available(), 1u);
  EXPECT_EQ(*pool.Allocate(), "10.244.1.77");
}

TEST(PodIpPoolTest, RoundRobinAndReserve) {
  PodIpPool pool = std::move(PodIpPool::Create("10.244.2.0/24")).value();
  EXPECT_EQ(*pool.Allocate(), "10.244.2.2");
  pool.Release("10.244.2.2");
  EXPECT_EQ(*pool.Allocate(), "10.244.2.3");  // not reused at once
  EXPECT_TRUE(pool.Reserve("10.244.2.4"));
  EXPECT_FALSE(pool.Reserve("10.244.2.4"));
  EXPECT_FALSE(pool.Reserve("10.244.3.4"));
  EXPECT_EQ(*pool.Allocate(), "10.244.2.5");
  EXPECT_FALSE(PodIpPool::Create("10.244.2.0").ok());
  EXPECT_FALSE(PodIpPool::Create("10.244.2.0/31").ok());
}

}  // namespace
}  // namespace stead::agent::sim

#include "api/printers/pod.h"

#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace stead::api::printers {
namespace {

using testing::Ago;
using testing::Cells;
using testing::Now;
using testing::Printed;

// A pod of the tutorial's qdrant StatefulSet, scheduled but not started.
Json QdrantPod(const std::string& name, int64_t age_seconds) {
  return {
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       {{"name", name},
        {"namespace", "default"},
        {"creationTimestamp", Ago(age_seconds)},
        {"labels", {{"app", "qdrant"}}}}},
      {"spec",
       {{"nodeName", "stead-node"},
        {"containers", Json::array({{{"name", "qdrant"}, {"image", "qdrant/qdrant:latest"}}})}}},
      {"status", {{"phase", "Pending"}}},
  };
}

Json Running(bool ready, int64_t started_ago) {
  return {{"name", "qdrant"},
          {"ready", ready},
          {"restartCount", 0},
          {"started", true},
          {"state", {{"running", {{"startedAt", Ago(started_ago)}}}}}};
}

Json Waiting(const std::string& reason) {
  return {{"name", "qdrant"},
          {"ready", false},
          {"restartCount", 0},
          {"state", {{"waiting", {{"reason", reason}}}}}};
}

void SetRunning(Json& pod) {
  pod["status"]["phase"] = "Running";
  pod["status"]["podIP"] = "10.244.0.5";
  pod["status"]["podIPs"] = Json::array({{{"ip", "10.244.0.5"}}});
  pod["status"]["conditions"] = Json::array({
      {{"type", "Initialized"}, {"status", "True"}},
      {{"type", "Ready"}, {"status", "True"}},
      {{"type", "ContainersReady"}, {"status", "True"}},
      {{"type", "PodScheduled"}, {"status", "True"}},
  });
  pod["status"]["containerStatuses"] = Json::array({Running(true, 15)});
}

std::string Status(const Json& pod) { return Cells(Printed("", "Pod"), pod)[2]; }

TEST(PodPrinterTest, Columns) {
  ResourceType type = Printed("", "Pod");
  EXPECT_EQ(testing::ColumnSummary(type),
            (std::vector<std::string>{"Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0",
                                      "IP:1", "Node:1", "Nominated Node:1", "Readiness Gates:1"}));
  EXPECT_EQ(type.columns[0].format, "name");
  EXPECT_EQ(type.columns[3].type, "string");
}

TEST(PodPrinterTest, ContainerCreating) {
  Json pod = QdrantPod("qdrant-1", 9);
  pod["status"]["containerStatuses"] = Json::array({Waiting("ContainerCreating")});
  EXPECT_EQ(Cells(Printed("", "Pod"), pod),
            (std::vector<Json>{"qdrant-1", "0/1", "ContainerCreating", "0", "9s", "<none>",
                               "stead-node", "<none>", "<none>"}));
}

TEST(PodPrinterTest, RunningReady) {
  Json pod = QdrantPod("qdrant-0", 20);
  SetRunning(pod);
  EXPECT_EQ(Cells(Printed("", "Pod"), pod),
            (std::vector<Json>{"qdrant-0", "1/1", "Running", "0", "20s", "10.244.0.5", "stead-node",
                               "<none>", "<none>"}));
}

TEST(PodPrinterTest, RunningButNotReadyCountsZeroReady) {
  Json pod = QdrantPod("qdrant-0", 20);
  SetRunning(pod);
  pod["status"]["containerStatuses"][0]["ready"] = false;
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "Running");
}

TEST(PodPrinterTest, CrashLoopBackOffShowsRestartsAndLastRestart) {
  Json pod = QdrantPod("qdrant-2", 600);
  pod["status"]["phase"] = "Running";
  pod["status"]["containerStatuses"] = Json::array({{
      {"name", "qdrant"},
      {"ready", false},
      {"restartCount", 3},
      {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}},
      {"lastState",
       {{"terminated", {{"exitCode", 1}, {"reason", "Error"}, {"finishedAt", Ago(120)}}}}},
  }});
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "CrashLoopBackOff");
  EXPECT_EQ(cells[3], "3 (2m ago)");
  EXPECT_EQ(cells[4], "10m");
}

TEST(PodPrinterTest, RestartsWithoutTerminationTimeArePlain) {
  Json pod = QdrantPod("qdrant-0", 60);
  SetRunning(pod);
  pod["status"]["containerStatuses"][0]["restartCount"] = 2;
  EXPECT_EQ(Cells(Printed("", "Pod"), pod)[3], "2");
}

TEST(PodPrinterTest, TerminatingWhenDeletionTimestampSet) {
  Json pod = QdrantPod("qdrant-2", 180);
  SetRunning(pod);
  pod["metadata"]["deletionTimestamp"] = Ago(-30);
  pod["metadata"]["deletionGracePeriodSeconds"] = 30;
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[1], "1/1");
  EXPECT_EQ(cells[2], "Terminating");
  EXPECT_EQ(cells[4], "3m");
}

TEST(PodPrinterTest, DeletedFinishedPodKeepsItsPhase) {
  Json pod = QdrantPod("job", 60);
  pod["status"]["phase"] = "Succeeded";
  pod["metadata"]["deletionTimestamp"] = Ago(0);
  EXPECT_EQ(Status(pod), "Succeeded");
}

TEST(PodPrinterTest, NodeLostDeletionIsUnknown) {
  Json pod = QdrantPod("qdrant-0", 60);
  SetRunning(pod);
  pod["status"]["reason"] = "NodeLost";
  pod["metadata"]["deletionTimestamp"] = Ago(0);
  EXPECT_EQ(Status(pod), "Unknown");
}

TEST(PodPrinterTest, PendingWithoutStatuses) {
  EXPECT_EQ(Status(QdrantPod("qdrant-1", 1)), "Pending");
}

TEST(PodPrinterTest, SchedulingGated) {
  Json pod = QdrantPod("gated", 1);
  pod["spec"].erase("nodeName");
  pod["status"]["conditions"] =
      Json::array({{{"type", "PodScheduled"}, {"status", "False"}, {"reason", "SchedulingGated"}}});
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[2], "SchedulingGated");
  EXPECT_EQ(cells[6], "<none>");
}

TEST(PodPrinterTest, StatusReasonWins) {
  Json pod = QdrantPod("evicted", 100);
  pod["status"]["phase"] = "Failed";
  pod["status"]["reason"] = "Evicted";
  EXPECT_EQ(Status(pod), "Evicted");
}

Json WithInitContainer(Json pod, const Json& init_status) {
  pod["spec"]["initContainers"] = Json::array({{{"name", "init-storage"}, {"image", "busybox"}}});
  pod["status"]["initContainerStatuses"] = Json::array({init_status});
  pod["status"]["containerStatuses"] = Json::array({Waiting("PodInitializing")});
  return pod;
}

TEST(PodPrinterTest, InitContainerProgress) {
  Json pod = WithInitContainer(QdrantPod("qdrant-0", 2),
                               {{"name", "init-storage"},
                                {"ready", false},
                                {"restartCount", 0},
                                {"state", {{"waiting", {{"reason", "PodInitializing"}}}}}});
  EXPECT_EQ(Cells(Printed("", "Pod"), pod),
            (std::vector<Json>{"qdrant-0", "0/1", "Init:0/1", "0", "2s", "<none>", "stead-node",
                               "<none>", "<none>"}));

  pod["status"]["initContainerStatuses"][0]["state"] = {{"running", {{"startedAt", Ago(1)}}}};
  EXPECT_EQ(Status(pod), "Init:0/1");
}

TEST(PodPrinterTest, InitContainerFailed) {
  Json status = {{"name", "init-storage"},
                 {"ready", false},
                 {"restartCount", 2},
                 {"state", {{"terminated", {{"exitCode", 1}, {"reason", "Error"}}}}},
                 {"lastState", {{"terminated", {{"exitCode", 1}, {"finishedAt", Ago(30)}}}}}};
  Json pod = WithInitContainer(QdrantPod("qdrant-0", 90), status);
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[2], "Init:Error");
  // While initializing, init container restarts are the ones counted.
  EXPECT_EQ(cells[3], "2 (30s ago)");

  status["state"] = {{"terminated", {{"exitCode", 2}}}};
  EXPECT_EQ(Status(WithInitContainer(QdrantPod("qdrant-0", 90), status)), "Init:ExitCode:2");
  status["state"] = {{"terminated", {{"exitCode", 137}, {"signal", 9}}}};
  EXPECT_EQ(Status(WithInitContainer(QdrantPod("qdrant-0", 90), status)), "Init:Signal:9");
  status["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
  EXPECT_EQ(Status(WithInitContainer(QdrantPod("qdrant-0", 90), status)), "Init:CrashLoopBackOff");
}

TEST(PodPrinterTest, InitDoneMainContainerStarting) {
  Json pod =
      WithInitContainer(QdrantPod("qdrant-0", 5),
                        {{"name", "init-storage"},
                         {"ready", true},
                         {"restartCount", 0},
                         {"state", {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}}}});
  pod["status"]["conditions"] = Json::array({{{"type", "Initialized"}, {"status", "True"}}});
  EXPECT_EQ(Status(pod), "PodInitializing");
}

TEST(PodPrinterTest, SidecarCountsAsContainer) {
  Json pod = QdrantPod("qdrant-0", 30);
  SetRunning(pod);
  pod["spec"]["initContainers"] =
      Json::array({{{"name", "proxy"}, {"image", "envoy"}, {"restartPolicy", "Always"}}});
  pod["status"]["initContainerStatuses"] =
      Json::array({{{"name", "proxy"},
                    {"ready", true},
                    {"started", true},
                    {"restartCount", 1},
                    {"state", {{"running", Json::object()}}},
                    {"lastState", {{"terminated", {{"exitCode", 1}, {"finishedAt", Ago(20)}}}}}}});
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[1], "2/2");
  EXPECT_EQ(cells[2], "Running");
  EXPECT_EQ(cells[3], "1 (20s ago)");
}

TEST(PodPrinterTest, MainContainerTerminatedReasons) {
  Json pod = QdrantPod("task", 100);
  pod["status"]["phase"] = "Succeeded";
  pod["status"]["containerStatuses"] =
      Json::array({{{"name", "qdrant"},
                    {"state", {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}}}}});
  EXPECT_EQ(Status(pod), "Completed");

  pod["status"]["phase"] = "Failed";
  pod["status"]["containerStatuses"][0]["state"] = {{"terminated", {{"exitCode", 3}}}};
  EXPECT_EQ(Status(pod), "ExitCode:3");
  pod["status"]["containerStatuses"][0]["state"] = {
      {"terminated", {{"exitCode", 143}, {"signal", 15}}}};
  EXPECT_EQ(Status(pod), "Signal:15");
}

TEST(PodPrinterTest, CompletedWithAnotherContainerRunning) {
  Json pod = QdrantPod("two", 100);
  pod["status"]["phase"] = "Running";
  pod["spec"]["containers"].push_back({{"name", "sidecar"}, {"image", "busybox"}});
  Json done = {{"name", "qdrant"},
               {"state", {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}}}};
  Json running = Running(true, 50);
  running["name"] = "sidecar";
  pod["status"]["containerStatuses"] = Json::array({done, running});
  pod["status"]["conditions"] = Json::array({{{"type", "Ready"}, {"status", "False"}}});
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[1], "1/2");
  EXPECT_EQ(cells[2], "NotReady");

  pod["status"]["conditions"][0]["status"] = "True";
  EXPECT_EQ(Status(pod), "Running");
}

TEST(PodPrinterTest, WideCells) {
  Json pod = QdrantPod("qdrant-0", 20);
  SetRunning(pod);
  pod["status"]["nominatedNodeName"] = "node-b";
  pod["spec"]["readinessGates"] =
      Json::array({{{"conditionType", "example.com/a"}}, {{"conditionType", "example.com/b"}}});
  pod["status"]["conditions"].push_back({{"type", "example.com/a"}, {"status", "True"}});
  pod["status"]["conditions"].push_back({{"type", "example.com/b"}, {"status", "False"}});
  std::vector<Json> cells = Cells(Printed("", "Pod"), pod);
  EXPECT_EQ(cells[7], "node-b");
  EXPECT_EQ(cells[8], "1/2");
}

TEST(PodPrinterTest, RowConditionsForFinishedPods) {
  Json pod = QdrantPod("task", 100);
  EXPECT_TRUE(PodRowConditions(pod).empty());
  pod["status"]["phase"] = "Succeeded";
  EXPECT_EQ(PodRowConditions(pod), Json::parse(R"([{"type":"Completed","status":"True",
      "reason":"Succeeded","message":"The pod has completed successfully."}])"));
  pod["status"]["phase"] = "Failed";
  EXPECT_EQ(PodRowConditions(pod)[0]["message"], "The pod failed.");
}

TEST(PodPrinterTest, MissingCreationTimestampIsUnknownAge) {
  Json pod = QdrantPod("qdrant-0", 0);
  pod["metadata"].erase("creationTimestamp");
  EXPECT_EQ(Cells(Printed("", "Pod"), pod)[4], "<unknown>");
}

}  // namespace
}  // namespace stead::api::printers

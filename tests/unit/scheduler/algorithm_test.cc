#include "scheduler/algorithm.h"

#include <gtest/gtest.h>

#include "scheduler/node_selection.h"
#include "scheduler/resources.h"

namespace stead::scheduler {
namespace {

Json Node(const std::string& name, Json labels = Json::object(), const std::string& cpu = "4") {
  labels["kubernetes.io/hostname"] = name;
  Json capacity = {{"cpu", cpu}, {"memory", "8Gi"}, {"pods", "3"}, {"ephemeral-storage", "10Gi"}};
  return {{"metadata", {{"name", name}, {"labels", labels}}},
          {"status",
           {{"allocatable", capacity}, {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}};
}

Json Pod(const std::string& name, Json requests = Json::object()) {
  Json c = {{"name", "app"}, {"image", "nginx"}};
  if (!requests.empty()) c["resources"]["requests"] = requests;
  return {{"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", {{"containers", {c}}}}};
}

class AlgorithmTest : public ::testing::Test {
 protected:
  void AddNode(const Json& node) { cache_.UpdateNode(std::make_shared<const Json>(node)); }
  void Place(Json pod, const std::string& node) {
    pod["spec"]["nodeName"] = node;
    cache_.UpdatePod(pod);
  }
  ScheduleDecision Run(const Json& pod, const VolumeConstraints& volumes = {}) {
    ScheduleDecision d;
    cache_.WithNodes([&](const std::map<std::string, NodeInfo>& nodes) {
      d = Schedule(pod, DescribePod(pod), volumes, nodes);
    });
    return d;
  }

  SchedulerCache cache_;
};

TEST_F(AlgorithmTest, ResourceFitReasonsAndPodCount) {
  AddNode(Node("n1", {}, "1"));
  Place(Pod("a", {{"cpu", "500m"}}), "n1");
  Place(Pod("b"), "n1");
  Place(Pod("c"), "n1");
  ScheduleDecision d =
      Run(Pod("x", {{"cpu", "600m"}, {"memory", "9Gi"}, {"example.com/gpu", "1"}}));
  EXPECT_EQ(d.node, "");
  EXPECT_EQ(d.message,
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient example.com/gpu, 1 "
            "Insufficient memory, 1 Too many pods. preemption: 0/1 nodes are available: 1 No "
            "preemption victims found for incoming pod.");
}

TEST_F(AlgorithmTest, TerminalAndDeletedPodsFreeCapacity) {
  AddNode(Node("n1", {}, "1"));
  Json done = Pod("done", {{"cpu", "1"}});
  done["status"]["phase"] = "Succeeded";
  Place(done, "n1");
  Place(Pod("gone", {{"cpu", "1"}}), "n1");
  cache_.RemovePod("default/gone");
  EXPECT_EQ(Run(Pod("x", {{"cpu", "1"}})).node, "n1");
}

TEST_F(AlgorithmTest, AssumedPodsCountUntilForgotten) {
  AddNode(Node("n1", {}, "1"));
  PlacedPod p = DescribePod(Pod("a", {{"cpu", "1"}}));
  p.node = "n1";
  cache_.AssumePod(p);
  EXPECT_TRUE(cache_.IsAssumed("default/a"));
  // The informer still shows the pod unbound: the assumption stays.
  cache_.UpdatePod(Pod("a", {{"cpu", "1"}}));
  EXPECT_EQ(Run(Pod("x", {{"cpu", "1"}})).node, "");
  cache_.ForgetPod("default/a");
  EXPECT_EQ(Run(Pod("x", {{"cpu", "1"}})).node, "n1");
}

TEST_F(AlgorithmTest, TaintsTolerationsAndUnschedulable) {
  Json tainted = Node("a-tainted");
  tainted["spec"]["taints"] = {{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}};
  AddNode(tainted);
  Json cordoned = Node("b-cordoned");
  cordoned["spec"]["unschedulable"] = true;
  AddNode(cordoned);
  ScheduleDecision d = Run(Pod("x"));
  EXPECT_EQ(d.message,
            "0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) "
            "were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not "
            "helpful for scheduling.");
  Json tolerant = Pod("y");
  tolerant["spec"]["tolerations"] = {
      {{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"}, {"effect", "NoSchedule"}}};
  EXPECT_EQ(Run(tolerant).node, "a-tainted");
  Json everything = Pod("z");
  everything["spec"]["tolerations"] = {{{"operator", "Exists"}}};
  EXPECT_EQ(Run(everything).node, "a-tainted");  // ties go to the first name
}

TEST_F(AlgorithmTest, NodeConditionsActAsTaints) {
  Json not_ready = Node("a");
  not_ready["status"]["conditions"] = {{{"type", "Ready"}, {"status", "Unknown"}}};
  AddNode(not_ready);
  Json pressure = Node("b");
  pressure["status"]["conditions"] = {{{"type", "Ready"}, {"status", "True"}},
                                      {{"type", "DiskPressure"}, {"status", "True"}}};
  AddNode(pressure);
  EXPECT_EQ(Run(Pod("x")).message,
            "0/2 nodes are available: 1 node(s) had untolerated taint "
            "{node.kubernetes.io/disk-pressure: }, 1 node(s) had untolerated taint "
            "{node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: 2 "
            "Preemption is not helpful for scheduling.");
}

TEST_F(AlgorithmTest, NodeSelectorAndAffinity) {
  AddNode(Node("a", {{"zone", "z1"}, {"gen", "3"}}));
  AddNode(Node("b", {{"zone", "z2"}, {"gen", "5"}}));
  Json sel = Pod("x");
  sel["spec"]["nodeSelector"] = {{"zone", "z2"}};
  EXPECT_EQ(Run(sel).node, "b");

  Json gt = Pod("x");
  gt["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {"nodeSelectorTerms",
       {{{"matchExpressions", {{{"key", "gen"}, {"operator", "Lt"}, {"values", {"4"}}}}}}}}};
  EXPECT_EQ(Run(gt).node, "a");

  Json by_name = Pod("x");
  by_name["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {"nodeSelectorTerms",
       {{{"matchFields", {{{"key", "metadata.name"}, {"operator", "In"}, {"values", {"b"}}}}}}}}};
  EXPECT_EQ(Run(by_name).node, "b");
  by_name["spec"]["nodeSelector"] = {{"zone", "z1"}};
  EXPECT_EQ(Run(by_name).message,
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 "
            "node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/2 nodes are "
            "available: 2 Preemption is not helpful for scheduling.");
}

TEST_F(AlgorithmTest, PreemptionPolicyNever) {
  AddNode(Node("a", {}, "1"));
  Json pod = Pod("x", {{"cpu", "2"}});
  pod["spec"]["preemptionPolicy"] = "Never";
  EXPECT_EQ(Run(pod).message,
            "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to "
            "preemptionPolicy=Never.");
}

TEST_F(AlgorithmTest, HostPortsConflict) {
  AddNode(Node("a"));
  Json web = Pod("web");
  web["spec"]["containers"][0]["ports"] = {{{"containerPort", 80}, {"hostPort", 8080}}};
  Place(web, "a");
  Json again = Pod("again");
  again["spec"]["containers"][0]["ports"] = {
      {{"containerPort", 80}, {"hostPort", 8080}, {"hostIP", "10.0.0.1"}}};
  EXPECT_EQ(Run(again).message,
            "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod "
            "ports. preemption: 0/1 nodes are available: 1 No preemption victims found for "
            "incoming pod.");
  again["spec"]["containers"][0]["ports"][0]["protocol"] = "UDP";
  EXPECT_EQ(Run(again).node, "a");
}

TEST_F(AlgorithmTest, VolumeNodeAffinity) {
  AddNode(Node("a"));
  AddNode(Node("b"));
  VolumeConstraints v;
  v.node_affinities.push_back(Json::parse(R"([{"matchExpressions":[
      {"key":"kubernetes.io/hostname","operator":"In","values":["b"]}]}])"));
  EXPECT_EQ(Run(Pod("x"), v).node, "b");
  v.node_affinities.push_back(Json::parse(R"([{"matchFields":[
      {"key":"metadata.name","operator":"In","values":["a"]}]}])"));
  EXPECT_EQ(Run(Pod("x"), v).message,
            "0/2 nodes are available: 2 node(s) had volume node affinity conflict. preemption: "
            "0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
}

TEST_F(AlgorithmTest, ScoresPreferLeastAllocatedThenAffinity) {
  AddNode(Node("a"));
  AddNode(Node("b"));
  Place(Pod("busy", {{"cpu", "2"}, {"memory", "2Gi"}}), "a");
  EXPECT_EQ(Run(Pod("x", {{"cpu", "100m"}})).node, "b");
  Json prefer = Pod("y");
  prefer["spec"]["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] = {
      {{"weight", 100},
       {"preference",
        {{"matchExpressions",
          {{{"key", "kubernetes.io/hostname"}, {"operator", "In"}, {"values", {"a"}}}}}}}}};
  EXPECT_EQ(Run(prefer).node, "a");
}

TEST(NodeSelectionTest, Operators) {
  Json node = {{"metadata", {{"name", "n"}, {"labels", {{"a", "1"}, {"b", "x"}}}}}};
  auto term = [](const std::string& key, const std::string& op, Json values) {
    Json r = {{"key", key}, {"operator", op}};
    if (!values.is_null()) r["values"] = values;
    return Json{{"matchExpressions", {r}}};
  };
  EXPECT_TRUE(MatchNodeSelectorTerm(term("b", "In", {"x", "y"}), node));
  EXPECT_FALSE(MatchNodeSelectorTerm(term("b", "NotIn", {"x"}), node));
  EXPECT_TRUE(MatchNodeSelectorTerm(term("c", "NotIn", {"x"}), node));
  EXPECT_TRUE(MatchNodeSelectorTerm(term("a", "Exists", nullptr), node));
  EXPECT_TRUE(MatchNodeSelectorTerm(term("c", "DoesNotExist", nullptr), node));
  EXPECT_TRUE(MatchNodeSelectorTerm(term("a", "Gt", {"0"}), node));
  EXPECT_FALSE(MatchNodeSelectorTerm(term("a", "Lt", {"1"}), node));
  EXPECT_FALSE(MatchNodeSelectorTerm(term("b", "Gt", {"0"}), node));  // not a number
  EXPECT_FALSE(MatchNodeSelectorTerm(term("a", "Gt", {"x"}), node));  // invalid term
  EXPECT_FALSE(MatchNodeSelectorTerm(term("a", "In", Json::array()), node));
  EXPECT_FALSE(MatchNodeSelectorTerm(Json::object(), node));  // empty term
  Json fields = {
      {"matchFields", {{{"key", "metadata.name"}, {"operator", "NotIn"}, {"values", {"m"}}}}}};
  EXPECT_TRUE(MatchNodeSelectorTerm(fields, node));
  Json terms = Json::array({term("b", "In", {"z"}), fields});
  EXPECT_TRUE(MatchNodeSelectorTerms(&terms, node));
}

TEST(NodeSelectionTest, Tolerations) {
  Json taint = {{"key", "k"}, {"value", "v"}, {"effect", "NoExecute"}};
  EXPECT_TRUE(ToleratesTaint({{"key", "k"}, {"value", "v"}}, taint));
  EXPECT_FALSE(ToleratesTaint({{"key", "k"}, {"value", "w"}}, taint));
  EXPECT_TRUE(ToleratesTaint({{"key", "k"}, {"operator", "Exists"}}, taint));
  EXPECT_FALSE(
      ToleratesTaint({{"key", "k"}, {"operator", "Exists"}, {"effect", "NoSchedule"}}, taint));
  EXPECT_TRUE(ToleratesTaint({{"operator", "Exists"}}, taint));
  EXPECT_FALSE(ToleratesTaint({{"operator", "Equal"}}, taint));
}

TEST(ResourcesTest, PodRequestsFollowUpstream) {
  Json pod = Json::parse(R"({"spec":{
    "containers":[{"name":"a","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}},
                  {"name":"b","resources":{"requests":{"cpu":"200m"}}}],
    "initContainers":[{"name":"side","restartPolicy":"Always","resources":{"requests":{"cpu":"50m"}}},
                      {"name":"init","resources":{"requests":{"cpu":"1","memory":"1Gi"}}}],
    "overhead":{"cpu":"10m"}}})");
  Resources r = PodRequests(pod);
  // max(100m+200m+50m, 1+50m) + 10m overhead
  EXPECT_EQ(r.milli_cpu, 1060);
  EXPECT_EQ(r.memory, 1024LL * 1024 * 1024);
  Resources nz = PodNonZeroRequests(pod);
  // Missing memory requests count as 200Mi each for scoring (b, side).
  EXPECT_EQ(nz.memory, (1024LL + 200) << 20);
  Json plain = Json::parse(R"({"spec":{"containers":[{"name":"a"}]}})");
  EXPECT_TRUE(PodRequests(plain).IsZero());
  EXPECT_EQ(PodNonZeroRequests(plain).milli_cpu, 100);
  EXPECT_EQ(PodNonZeroRequests(plain).memory, 200LL << 20);
}

}  // namespace
}  // namespace stead::scheduler

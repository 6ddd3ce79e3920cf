#include "scheduler/admission.h"

#include <gtest/gtest.h>

namespace stead::scheduler {
namespace {

// AdmitPod over pods the test owns.
AdmissionResult Admit(const Json& pod, const Json& node, const std::vector<Json>& admitted) {
  std::vector<const Json*> borrowed;
  for (const Json& p : admitted) borrowed.push_back(&p);
  return AdmitPod(pod, node, borrowed);
}

Json Node(const std::string& cpu = "4", const std::string& pods = "3") {
  Json capacity = {{"cpu", cpu}, {"memory", "8Gi"}, {"pods", pods}};
  return {{"metadata", {{"name", "n1"}, {"labels", {{"kubernetes.io/hostname", "n1"}}}}},
          {"status", {{"allocatable", capacity}}}};
}

Json Pod(const std::string& name, Json container_extra = Json::object()) {
  Json c = {{"name", "app"}, {"image", "nginx"}};
  c.update(container_extra);
  return {{"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", {{"nodeName", "n1"}, {"containers", {c}}}},
          {"status", {{"phase", "Pending"}, {"qosClass", "BestEffort"}}}};
}

Json WithHostPort(const std::string& name, int port) {
  return Pod(name, {{"ports", {{{"containerPort", port}, {"hostPort", port}}}}});
}

Json Requesting(const std::string& name, const std::string& cpu) {
  return Pod(name, {{"resources", {{"requests", {{"cpu", cpu}}}}}});
}

TEST(AdmissionTest, AdmitsAPodThatFits) {
  AdmissionResult r = Admit(WithHostPort("a", 80), Node(), {WithHostPort("b", 81)});
  EXPECT_TRUE(r.admit);
  EXPECT_EQ(r.reason, "");
}

TEST(AdmissionTest, HostPortInUseIsRejectedWithTheNodePortsPredicate) {
  AdmissionResult r = Admit(WithHostPort("ss-0", 21017), Node(), {WithHostPort("test-pod", 21017)});
  EXPECT_FALSE(r.admit);
  EXPECT_EQ(r.reason, "NodePorts");
  EXPECT_EQ(r.message,
            "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod "
            "ports");
}

TEST(AdmissionTest, ResourcesComeFirstWithKubeletReasons) {
  AdmissionResult cpu =
      Admit(Requesting("x", "2"), Node("4"), {Requesting("a", "3")});
  EXPECT_FALSE(cpu.admit);
  EXPECT_EQ(cpu.reason, "OutOfcpu");
  EXPECT_EQ(cpu.message,
            "Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000");

  AdmissionResult pods = Admit(Pod("x"), Node("4", "2"), {Pod("a"), Pod("b")});
  EXPECT_EQ(pods.reason, "OutOfpods");
  EXPECT_EQ(pods.message,
            "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2");
}

TEST(AdmissionTest, OtherNodesAndTerminalPodsDoNotCount) {
  Json elsewhere = WithHostPort("a", 80);
  elsewhere["spec"]["nodeName"] = "n2";
  Json done = WithHostPort("b", 80);
  done["status"]["phase"] = "Succeeded";
  EXPECT_TRUE(Admit(WithHostPort("x", 80), Node(), {elsewhere, done}).admit);
}

TEST(AdmissionTest, NodeSelectorAndNoExecuteTaints) {
  Json picky = Pod("x");
  picky["spec"]["nodeSelector"] = {{"disk", "ssd"}};
  AdmissionResult r = Admit(picky, Node(), {});
  EXPECT_EQ(r.reason, "NodeAffinity");
  EXPECT_EQ(r.message,
            "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector");

  Json tainted = Node();
  tainted["spec"]["taints"] = {{{"key", "k"}, {"value", "v"}, {"effect", "NoExecute"}}};
  EXPECT_EQ(Admit(Pod("x"), tainted, {}).reason, "TaintToleration");
  Json tolerant = Pod("x");
  tolerant["spec"]["tolerations"] = {{{"key", "k"}, {"operator", "Exists"}}};
  EXPECT_TRUE(Admit(tolerant, tainted, {}).admit);
  // NoSchedule taints are the scheduler's business, not the kubelet's.
  tainted["spec"]["taints"][0]["effect"] = "NoSchedule";
  EXPECT_TRUE(Admit(Pod("x"), tainted, {}).admit);
}

TEST(AdmissionTest, RejectedStatusKeepsQosAndSchedulerConditions) {
  Json pod = WithHostPort("ss-0", 80);
  pod["status"]["conditions"] = {{{"type", "PodScheduled"}, {"status", "True"}}};
  Json status = RejectedPodStatus(pod, {false, "NodePorts", "Predicate NodePorts failed: x"});
  EXPECT_EQ(status["phase"], "Failed");
  EXPECT_EQ(status["reason"], "NodePorts");
  EXPECT_EQ(status["message"], "Pod was rejected: Predicate NodePorts failed: x");
  EXPECT_EQ(status["qosClass"], "BestEffort");
  EXPECT_EQ(status["conditions"][0]["type"], "PodScheduled");
  EXPECT_FALSE(status.contains("podIP"));
}

}  // namespace
}  // namespace stead::scheduler

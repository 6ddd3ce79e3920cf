// The dependency graph as a pure function: events in, graph state and
// requested actions out.
#include "controllers/garbagecollector/graph.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace stead::controllers::garbagecollector {
namespace {

using Strings = std::vector<std::string>;

Json Obj(const std::string& ns, const std::string& name, const std::string& uid,
         std::vector<Json> owners = {}) {
  Json meta = {{"name", name}, {"uid", uid}};
  if (!ns.empty()) meta["namespace"] = ns;
  if (!owners.empty()) meta["ownerReferences"] = std::move(owners);
  return {{"metadata", std::move(meta)}};
}

Json Ref(const std::string& api_version, const std::string& kind, const std::string& name,
         const std::string& uid, bool block = false) {
  return {{"apiVersion", api_version},
          {"kind", kind},
          {"name", name},
          {"uid", uid},
          {"blockOwnerDeletion", block}};
}

GraphEvent Event(GraphEvent::Type type, const std::string& api_version, const std::string& kind,
                 Json obj, const Json* old = nullptr) {
  GraphEvent e;
  e.type = type;
  e.api_version = api_version;
  e.kind = kind;
  e.object = std::make_shared<const Json>(std::move(obj));
  if (old) e.old_object = std::make_shared<const Json>(*old);
  return e;
}

Strings Sorted(Strings v) {
  std::sort(v.begin(), v.end());
  return v;
}

Json Deleting(Json obj, std::vector<std::string> finalizers) {
  obj["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  obj["metadata"]["finalizers"] = std::move(finalizers);
  return obj;
}

TEST(DependencyGraphTest, UnseenOwnerBecomesVirtualNodeToVerify) {
  DependencyGraph g;
  GraphActions a = g.Process(
      Event(GraphEvent::Type::kAdd, "v1", "Pod",
            Obj("ns", "web-0", "pod-1", {Ref("apps/v1", "StatefulSet", "web", "sts-1", true)})));
  EXPECT_EQ(a.attempt_to_delete, Strings{"sts-1"});
  auto owner = g.Get("sts-1");
  ASSERT_TRUE(owner);
  EXPECT_FALSE(owner->observed);
  EXPECT_EQ(owner->identity.String(),
            "[apps/v1/StatefulSet, namespace: ns, name: web, uid: sts-1]");
  ASSERT_EQ(g.Dependents("sts-1").size(), 1u);
  EXPECT_EQ(g.BlockingDependents("sts-1")[0].identity.name, "web-0");

  // Seen by its informer: observed, nothing to do.
  a = g.Process(Event(GraphEvent::Type::kAdd, "apps/v1", "StatefulSet", Obj("ns", "web", "sts-1")));
  EXPECT_TRUE(a.attempt_to_delete.empty());
  EXPECT_TRUE(g.Get("sts-1")->observed);
}

TEST(DependencyGraphTest, DeletedOwnerIsRecordedAbsentAndDependentsChecked) {
  DependencyGraph g;
  g.Process(Event(GraphEvent::Type::kAdd, "apps/v1", "ReplicaSet", Obj("ns", "rs", "rs-1")));
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "Pod",
                  Obj("ns", "a", "pod-a", {Ref("apps/v1", "ReplicaSet", "rs", "rs-1")})));
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "Pod",
                  Obj("ns", "b", "pod-b", {Ref("apps/v1", "ReplicaSet", "rs", "rs-1")})));
  GraphActions a =
      g.Process(Event(GraphEvent::Type::kDelete, "apps/v1", "ReplicaSet", Obj("ns", "rs", "rs-1")));
  EXPECT_EQ(Sorted(a.attempt_to_delete), (Strings{"pod-a", "pod-b"}));
  ASSERT_EQ(a.absent_owners.size(), 1u);
  EXPECT_EQ(a.absent_owners[0].String(),
            "[apps/v1/ReplicaSet, namespace: ns, name: rs, uid: rs-1]");
  EXPECT_FALSE(g.Get("rs-1"));
  EXPECT_EQ(g.Size(), 2u);
}

TEST(DependencyGraphTest, DeletionStartingWithFinalizersQueuesTheRightWork) {
  DependencyGraph g;
  Json owner = Obj("ns", "d", "d-1");
  g.Process(Event(GraphEvent::Type::kAdd, "apps/v1", "Deployment", owner));
  g.Process(Event(GraphEvent::Type::kAdd, "apps/v1", "ReplicaSet",
                  Obj("ns", "rs", "rs-1", {Ref("apps/v1", "Deployment", "d", "d-1", true)})));

  Json fg = Deleting(owner, {"foregroundDeletion"});
  GraphActions a = g.Process(Event(GraphEvent::Type::kUpdate, "apps/v1", "Deployment", fg, &owner));
  EXPECT_EQ(a.attempt_to_delete, (Strings{"rs-1", "d-1"}));
  EXPECT_TRUE(g.Get("d-1")->deleting_dependents);
  EXPECT_TRUE(g.Get("d-1")->being_deleted);
  // The same state again is no transition.
  a = g.Process(Event(GraphEvent::Type::kUpdate, "apps/v1", "Deployment", fg, &fg));
  EXPECT_TRUE(a.attempt_to_delete.empty());

  Json rs_owner = Obj("ns", "o", "o-1");
  g.Process(Event(GraphEvent::Type::kAdd, "apps/v1", "ReplicaSet", rs_owner));
  Json orphan = Deleting(rs_owner, {"orphan"});
  a = g.Process(Event(GraphEvent::Type::kUpdate, "apps/v1", "ReplicaSet", orphan, &rs_owner));
  EXPECT_EQ(a.attempt_to_orphan, Strings{"o-1"});
  EXPECT_TRUE(a.attempt_to_delete.empty());
}

TEST(DependencyGraphTest, RemovedBlockingReferenceWakesWaitingOwner) {
  DependencyGraph g;
  g.Process(Event(GraphEvent::Type::kAdd, "apps/v1", "ReplicaSet", Obj("ns", "rs", "rs-1")));
  Json pod = Obj("ns", "p", "pod-1", {Ref("apps/v1", "ReplicaSet", "rs", "rs-1", true)});
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "Pod", pod));
  Json released = Obj("ns", "p", "pod-1");
  GraphActions a = g.Process(Event(GraphEvent::Type::kUpdate, "v1", "Pod", released, &pod));
  EXPECT_EQ(a.attempt_to_delete, Strings{"rs-1"});
  EXPECT_TRUE(g.Dependents("rs-1").empty());
}

TEST(DependencyGraphTest, NamespacedOwnerInAnotherNamespaceIsReported) {
  DependencyGraph g;
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "ConfigMap", Obj("a", "owner", "cm-1")));
  GraphActions a =
      g.Process(Event(GraphEvent::Type::kAdd, "v1", "ConfigMap",
                      Obj("b", "dep", "cm-2", {Ref("v1", "ConfigMap", "owner", "cm-1")})));
  ASSERT_EQ(a.invalid_namespace_owners.size(), 1u);
  EXPECT_EQ(a.invalid_namespace_owners[0].dependent.name, "dep");
  EXPECT_EQ(a.invalid_namespace_owners[0].owner.String(),
            "[v1/ConfigMap, namespace: b, name: owner, uid: cm-1]");
  EXPECT_EQ(a.attempt_to_delete, Strings{"cm-2"});
}

TEST(DependencyGraphTest, VirtualDeleteRemovesUnseenOwner) {
  DependencyGraph g;
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "Pod",
                  Obj("ns", "p", "pod-1", {Ref("apps/v1", "StatefulSet", "gone", "sts-9")})));
  ObjectReference ref{"apps/v1", "StatefulSet", "gone", "sts-9", "ns"};
  GraphActions a = g.Process(GraphEvent::VirtualDelete(ref));
  EXPECT_EQ(a.attempt_to_delete, Strings{"pod-1"});
  ASSERT_EQ(a.absent_owners.size(), 1u);
  EXPECT_EQ(a.absent_owners[0], ref);
  EXPECT_FALSE(g.Get("sts-9"));
}

TEST(DependencyGraphTest, VirtualDeleteKeepsOwnerNamedDifferentlyByOtherDependents) {
  DependencyGraph g;
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "Pod",
                  Obj("ns", "p1", "pod-1", {Ref("apps/v1", "StatefulSet", "x", "uid-9")})));
  g.Process(Event(GraphEvent::Type::kAdd, "v1", "Pod",
                  Obj("ns", "p2", "pod-2", {Ref("apps/v1", "Deployment", "x", "uid-9")})));
  ObjectReference as_sts{"apps/v1", "StatefulSet", "x", "uid-9", "ns"};
  GraphActions a = g.Process(GraphEvent::VirtualDelete(as_sts));
  // Only the dependent using the verified coordinates is affected; the node
  // lives on under the other identity and is verified again.
  EXPECT_EQ(a.attempt_to_delete, Strings{"pod-1"});
  EXPECT_EQ(a.attempt_to_delete_rate_limited, Strings{"uid-9"});
  auto owner = g.Get("uid-9");
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->identity.kind, "Deployment");
}

}  // namespace
}  // namespace stead::controllers::garbagecollector

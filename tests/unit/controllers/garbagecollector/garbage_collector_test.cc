// The garbage collector on the in-memory API stack: cascading deletion in
// the background, foreground and orphan modes, several owners, owners that
// vanished before it started, and invalid owner references.
#include "controllers/garbagecollector/garbage_collector.h"

#include <gtest/gtest.h>

#include "unit/controllers/garbagecollector/controller_env.h"

namespace stead::controllers {
namespace {

using testing::ControllerEnv;

std::vector<std::string> OwnerUids(const Json& obj) {
  std::vector<std::string> out;
  if (const Json* refs = Lookup(obj, {"metadata", "ownerReferences"}); refs && refs->is_array()) {
    for (const Json& r : *refs) out.push_back(GetString(r, {"uid"}));
  }
  return out;
}

Json Finalizers(const Json& obj) {
  const Json* f = Lookup(obj, {"metadata", "finalizers"});
  return f ? *f : Json();
}

class GarbageCollectorTest : public ::testing::Test {
 protected:
  void StartGc() { env_.Run(NewGarbageCollector(env_.context())); }

  Json Pod(const std::string& name, std::vector<Json> owners) {
    return env_.Create("", "pods", "default",
                       ControllerEnv::WithOwners(ControllerEnv::Pod(name), std::move(owners)));
  }
  Status Delete(std::string_view group, std::string_view plural, const std::string& name,
                const std::string& policy = "") {
    client::DeleteOptions o;
    o.propagation_policy = policy;
    return env_.client().Delete(env_.Type(group, plural), "default", name, o).status();
  }
  bool PodGone(const std::string& name) { return env_.Gone("", "pods", "default", name); }

  ControllerEnv env_;
};

TEST_F(GarbageCollectorTest, BackgroundDeletionOfStatefulSetDeletesItsPods) {
  Json sts = env_.Create("apps", "statefulsets", "default", ControllerEnv::StatefulSet("web"));
  Pod("web-0", {ControllerEnv::OwnerRef(sts)});
  Pod("web-1", {ControllerEnv::OwnerRef(sts)});
  Json unrelated = env_.Create("", "pods", "default", ControllerEnv::Pod("other"));
  StartGc();

  ASSERT_TRUE(Delete("apps", "statefulsets", "web").ok());
  ASSERT_TRUE(env_.Eventually([&] { return PodGone("web-0") && PodGone("web-1"); }));
  EXPECT_FALSE(PodGone("other"));
}

TEST_F(GarbageCollectorTest, DeploymentDeletionCascadesThroughReplicaSetsToPods) {
  Json deploy = env_.Create("apps", "deployments", "default", ControllerEnv::Deployment("app"));
  Json rs = env_.Create("apps", "replicasets", "default",
                        ControllerEnv::WithOwners(ControllerEnv::ReplicaSet("app-5d4f"),
                                                  {ControllerEnv::OwnerRef(deploy)}));
  Pod("app-5d4f-x", {ControllerEnv::OwnerRef(rs)});
  Pod("app-5d4f-y", {ControllerEnv::OwnerRef(rs)});
  StartGc();

  ASSERT_TRUE(Delete("apps", "deployments", "app").ok());
  ASSERT_TRUE(env_.Eventually([&] {
    return env_.Gone("apps", "replicasets", "default", "app-5d4f") && PodGone("app-5d4f-x") &&
           PodGone("app-5d4f-y");
  }));
  // Counted once each delete has returned.
  Counter* deleted = env_.metrics().NewCounter("garbagecollector_controller_deleted_total", "");
  EXPECT_TRUE(env_.Eventually([&] {
    return deleted->Get({{"propagation_policy", "Background"}}) >= 3;
  }));
}

TEST_F(GarbageCollectorTest, DependentWithTwoOwnersSurvivesUntilBothAreGone) {
  Json a = env_.Create("", "configmaps", "default", ControllerEnv::ConfigMap("owner-a"));
  Json b = env_.Create("", "configmaps", "default", ControllerEnv::ConfigMap("owner-b"));
  Json dep = env_.Create("", "configmaps", "default",
                         ControllerEnv::WithOwners(ControllerEnv::ConfigMap("shared"),
                                                   {ControllerEnv::OwnerRef(a, false),
                                                    ControllerEnv::OwnerRef(b, false)}));
  StartGc();

  ASSERT_TRUE(Delete("", "configmaps", "owner-a").ok());
  // The collector drops the dangling reference instead of deleting it.
  ASSERT_TRUE(env_.Eventually([&] {
    auto cm = env_.Get("", "configmaps", "default", "shared");
    return cm && OwnerUids(*cm) == std::vector<std::string>{MetaUid(b)};
  }));
  EXPECT_EQ(MetaUid(*env_.Get("", "configmaps", "default", "shared")), MetaUid(dep));

  ASSERT_TRUE(Delete("", "configmaps", "owner-b").ok());
  ASSERT_TRUE(env_.Eventually([&] { return env_.Gone("", "configmaps", "default", "shared"); }));
}

TEST_F(GarbageCollectorTest, ForegroundDeletionKeepsOwnerUntilBlockingDependentsAreGone) {
  Json deploy = env_.Create("apps", "deployments", "default", ControllerEnv::Deployment("fg"));
  Json rs = env_.Create("apps", "replicasets", "default",
                        ControllerEnv::WithOwners(ControllerEnv::ReplicaSet("fg-1"),
                                                  {ControllerEnv::OwnerRef(deploy)}));
  // A finalizer holds the pod, and through it the whole chain.
  Json held =
      ControllerEnv::WithOwners(ControllerEnv::Pod("fg-1-a"), {ControllerEnv::OwnerRef(rs)});
  held["metadata"]["finalizers"] = {"example.com/hold"};
  env_.Create("", "pods", "default", held);
  Pod("fg-1-b", {ControllerEnv::OwnerRef(rs)});
  StartGc();

  ASSERT_TRUE(Delete("apps", "deployments", "fg", "Foreground").ok());
  ASSERT_TRUE(env_.Eventually([&] {
    auto pod = env_.Get("", "pods", "default", "fg-1-a");
    return pod && MetaDeleting(*pod) && PodGone("fg-1-b");
  }));
  // The replica set was deleted in the foreground too (it has dependents).
  auto rs_now = env_.Get("apps", "replicasets", "default", "fg-1");
  ASSERT_TRUE(rs_now);
  EXPECT_TRUE(MetaDeleting(*rs_now));
  EXPECT_EQ(Finalizers(*rs_now), Json::array({"foregroundDeletion"}));
  auto deploy_now = env_.Get("apps", "deployments", "default", "fg");
  ASSERT_TRUE(deploy_now);
  EXPECT_TRUE(MetaDeleting(*deploy_now));
  EXPECT_EQ(Finalizers(*deploy_now), Json::array({"foregroundDeletion"}));

  ASSERT_TRUE(env_.client()
                  .Patch(env_.Type("", "pods"), "default", "fg-1-a", client::PatchKind::kMerge,
                         R"({"metadata":{"finalizers":null}})")
                  .ok());
  ASSERT_TRUE(env_.Eventually([&] {
    return PodGone("fg-1-a") && env_.Gone("apps", "replicasets", "default", "fg-1") &&
           env_.Gone("apps", "deployments", "default", "fg");
  }));
}

TEST_F(GarbageCollectorTest, OrphanDeletionRemovesOwnerReferencesAndKeepsDependents) {
  Json rs = env_.Create("apps", "replicasets", "default", ControllerEnv::ReplicaSet("orph"));
  Json other = env_.Create("", "configmaps", "default", ControllerEnv::ConfigMap("other-owner"));
  Pod("orph-a", {ControllerEnv::OwnerRef(rs)});
  Pod("orph-b", {ControllerEnv::OwnerRef(rs), ControllerEnv::OwnerRef(other, false)});
  StartGc();

  ASSERT_TRUE(Delete("apps", "replicasets", "orph", "Orphan").ok());
  // The owner goes once its dependents are released.
  ASSERT_TRUE(env_.Eventually([&] { return env_.Gone("apps", "replicasets", "default", "orph"); }));
  auto a = env_.Get("", "pods", "default", "orph-a");
  auto b = env_.Get("", "pods", "default", "orph-b");
  ASSERT_TRUE(a && b);
  // No reference left: the field goes, as Go's omitempty drops it.
  EXPECT_EQ(Lookup(*a, {"metadata", "ownerReferences"}), nullptr);
  EXPECT_EQ(OwnerUids(*b), std::vector<std::string>{MetaUid(other)});
  EXPECT_GE(env_.metrics().NewCounter("garbagecollector_controller_orphaned_total", "")->Get(), 2);
}

TEST_F(GarbageCollectorTest, DependentsOfOwnersMissingAtStartAreCollected) {
  // As after `stead server` was down while the StatefulSet was deleted.
  Json gone = ControllerEnv::StatefulSet("gone");
  gone["metadata"]["uid"] = "0b5bd1e8-0000-4000-8000-00000000dead";
  Json live = env_.Create("apps", "statefulsets", "default", ControllerEnv::StatefulSet("live"));
  Pod("gone-0", {ControllerEnv::OwnerRef(gone)});
  Pod("both-0", {ControllerEnv::OwnerRef(gone, false), ControllerEnv::OwnerRef(live, false)});
  Pod("live-0", {ControllerEnv::OwnerRef(live)});
  StartGc();

  ASSERT_TRUE(env_.Eventually([&] {
    auto both = env_.Get("", "pods", "default", "both-0");
    return PodGone("gone-0") && both && OwnerUids(*both) == std::vector<std::string>{MetaUid(live)};
  }));
  EXPECT_FALSE(PodGone("live-0"));
}

TEST_F(GarbageCollectorTest, OwnerReplacedUnderTheSameNameDoesNotKeepDependents) {
  Json first = env_.Create("", "configmaps", "default", ControllerEnv::ConfigMap("owner"));
  Pod("dep", {ControllerEnv::OwnerRef(first, false, false)});
  ASSERT_TRUE(Delete("", "configmaps", "owner").ok());
  env_.Create("", "configmaps", "default", ControllerEnv::ConfigMap("owner"));
  StartGc();

  // The live object of that name has another uid: the owner is absent.
  ASSERT_TRUE(env_.Eventually([&] { return PodGone("dep"); }));
  EXPECT_FALSE(env_.Gone("", "configmaps", "default", "owner"));
}

TEST_F(GarbageCollectorTest, OwnerInAnotherNamespaceIsInvalidAndReported) {
  env_.cluster().CreateNamespace("other");
  Json owner = env_.Create("", "configmaps", "default", ControllerEnv::ConfigMap("owner"));
  Json dep = ControllerEnv::WithOwners(ControllerEnv::ConfigMap("dep"),
                                       {ControllerEnv::OwnerRef(owner, false)});
  env_.Create("", "configmaps", "other", dep);
  StartGc();

  // Owner references are looked up in the dependent's namespace.
  ASSERT_TRUE(env_.Eventually([&] { return env_.Gone("", "configmaps", "other", "dep"); }));
  EXPECT_FALSE(env_.Gone("", "configmaps", "default", "owner"));
  env_.events().Flush();
  auto events = env_.client().List(env_.Type("", "events"), "other");
  ASSERT_TRUE(events.ok());
  bool reported = false;
  for (const auto& e : events->items) {
    if (GetString(*e, {"reason"}) != "OwnerRefInvalidNamespace") continue;
    reported = true;
    EXPECT_EQ(GetString(*e, {"type"}), "Warning");
    EXPECT_EQ(GetString(*e, {"involvedObject", "name"}), "dep");
    EXPECT_EQ(GetString(*e, {"message"}),
              "ownerRef [v1/ConfigMap, namespace: other, name: owner, uid: " + MetaUid(owner) +
                  "] does not exist in namespace \"other\"");
    EXPECT_EQ(GetString(*e, {"source", "component"}), "garbage-collector-controller");
  }
  EXPECT_TRUE(reported);
}

TEST_F(GarbageCollectorTest, ClusterScopedOwnerOfNamespacedDependent) {
  Json sc = env_.Create("storage.k8s.io", "storageclasses", "",
                        {{"apiVersion", "storage.k8s.io/v1"},
                         {"kind", "StorageClass"},
                         {"metadata", {{"name", "fast"}}},
                         {"provisioner", "example.com/fast"}});
  env_.Create("", "configmaps", "default",
              ControllerEnv::WithOwners(ControllerEnv::ConfigMap("of-class"),
                                        {ControllerEnv::OwnerRef(sc, false)}));
  StartGc();

  ASSERT_TRUE(env_.client().Delete(env_.Type("storage.k8s.io", "storageclasses"), "", "fast").ok());
  ASSERT_TRUE(env_.Eventually([&] { return env_.Gone("", "configmaps", "default", "of-class"); }));
}

}  // namespace
}  // namespace stead::controllers

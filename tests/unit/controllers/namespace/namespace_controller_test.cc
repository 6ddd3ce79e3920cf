// Namespace deletion end to end on the in-memory API stack: the namespace
// controller empties the namespace (the garbage collector removing what its
// content owned), reports what holds it in status conditions, then
// finalizes it, upon which the API server removes it.
#include "controllers/namespace/namespace_controller.h"

#include <gtest/gtest.h>

#include "controllers/garbagecollector/garbage_collector.h"
#include "controllers/serviceaccount/serviceaccounts_controller.h"
#include "unit/controllers/garbagecollector/controller_env.h"

namespace stead::controllers {
namespace {

using testing::ControllerEnv;

// status.conditions as "type status reason: message".
std::vector<std::string> Conditions(const Json& ns) {
  std::vector<std::string> out;
  if (const Json* cs = Lookup(ns, {"status", "conditions"}); cs && cs->is_array()) {
    for (const Json& c : *cs) {
      out.push_back(GetString(c, {"type"}) + " " + GetString(c, {"status"}) + " " +
                    GetString(c, {"reason"}) + ": " + GetString(c, {"message"}));
    }
  }
  return out;
}

class NamespaceControllerTest : public ::testing::Test {
 protected:
  void StartControllers() {
    env_.Run(NewGarbageCollector(env_.context()));
    env_.Run(NewNamespaceController(env_.context()));
    env_.Run(NewServiceAccountsController(env_.context()));
  }
  Status DeleteNamespace(const std::string& name) {
    return env_.client().Delete(env_.Type("", "namespaces"), "", name).status();
  }
  Json Create(std::string_view group, std::string_view plural, const std::string& ns, Json obj) {
    return env_.Create(group, plural, ns, std::move(obj));
  }

  ControllerEnv env_;
};

TEST_F(NamespaceControllerTest, DeletingNamespaceRemovesContentThenNamespace) {
  env_.cluster().CreateNamespace("doomed");
  Json sts = Create("apps", "statefulsets", "doomed", ControllerEnv::StatefulSet("db"));
  Create("", "pods", "doomed",
         ControllerEnv::WithOwners(ControllerEnv::Pod("db-0"), {ControllerEnv::OwnerRef(sts)}));
  Create("", "configmaps", "doomed", ControllerEnv::ConfigMap("settings"));
  Create("", "services", "doomed",
         {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", "db"}}},
          {"spec", {{"clusterIP", "None"}, {"ports", {{{"port", 5432}}}}}}});
  Create("", "configmaps", "default", ControllerEnv::ConfigMap("bystander"));
  StartControllers();
  ASSERT_TRUE(
      env_.Eventually([&] { return !env_.Gone("", "serviceaccounts", "doomed", "default"); }));

  ASSERT_TRUE(DeleteNamespace("doomed").ok());
  auto ns = env_.Get("", "namespaces", "", "doomed");
  ASSERT_TRUE(ns);
  EXPECT_EQ(GetString(*ns, {"status", "phase"}), "Terminating");

  ASSERT_TRUE(env_.Eventually([&] { return env_.Gone("", "namespaces", "", "doomed"); }));
  for (auto [group, plural] :
       std::vector<std::pair<std::string, std::string>>{{"apps", "statefulsets"},
                                                        {"", "pods"},
                                                        {"", "configmaps"},
                                                        {"", "services"},
                                                        {"", "serviceaccounts"}}) {
    EXPECT_EQ(env_.Count(group, plural, "doomed"), 0u) << plural;
  }
  EXPECT_FALSE(env_.Gone("", "configmaps", "default", "bystander"));
}

TEST_F(NamespaceControllerTest, ContentHeldByFinalizerKeepsNamespaceAndIsReported) {
  env_.cluster().CreateNamespace("held");
  Json cm = ControllerEnv::ConfigMap("pinned");
  cm["metadata"]["finalizers"] = {"example.com/hold"};
  Create("", "configmaps", "held", cm);
  StartControllers();

  ASSERT_TRUE(DeleteNamespace("held").ok());
  const std::vector<std::string> want = {
      "NamespaceDeletionDiscoveryFailure False ResourcesDiscovered: All resources successfully "
      "discovered",
      "NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions: All legacy kube "
      "types successfully parsed",
      "NamespaceDeletionContentFailure False ContentDeleted: All content successfully deleted, "
      "may be waiting on finalization",
      "NamespaceContentRemaining True SomeResourcesRemain: Some resources are remaining: "
      "configmaps. has 1 resource instances",
      "NamespaceFinalizersRemaining True SomeFinalizersRemain: Some content in the namespace has "
      "finalizers remaining: example.com/hold in 1 resource instances",
  };
  ASSERT_TRUE(env_.Eventually([&] {
    auto ns = env_.Get("", "namespaces", "", "held");
    return ns && Conditions(*ns) == want;
  }));
  auto ns = env_.Get("", "namespaces", "", "held");
  EXPECT_EQ((*ns)["spec"]["finalizers"], Json::array({"kubernetes"}));
  auto pinned = env_.Get("", "configmaps", "held", "pinned");
  ASSERT_TRUE(pinned);
  EXPECT_TRUE(MetaDeleting(*pinned));

  ASSERT_TRUE(env_.client()
                  .Patch(env_.Type("", "configmaps"), "held", "pinned", client::PatchKind::kMerge,
                         R"({"metadata":{"finalizers":null}})")
                  .ok());
  ASSERT_TRUE(env_.Eventually([&] { return env_.Gone("", "namespaces", "", "held"); }));
}

TEST_F(NamespaceControllerTest, EveryActiveNamespaceGetsDefaultServiceAccount) {
  env_.cluster().CreateNamespace("t");
  // Terminating before the controller starts: it must not get an account.
  ASSERT_TRUE(DeleteNamespace("t").ok());
  env_.Run(NewServiceAccountsController(env_.context()));
  env_.cluster().CreateNamespace("u");

  // One worker, namespaces in key order: "t" was looked at before "u".
  ASSERT_TRUE(env_.Eventually([&] { return !env_.Gone("", "serviceaccounts", "u", "default"); }));
  EXPECT_TRUE(env_.Gone("", "serviceaccounts", "t", "default"));
  EXPECT_FALSE(env_.Gone("", "serviceaccounts", "default", "default"));
  EXPECT_FALSE(env_.Gone("", "serviceaccounts", "kube-system", "default"));

  auto first = env_.Get("", "serviceaccounts", "u", "default");
  ASSERT_TRUE(env_.client().Delete(env_.Type("", "serviceaccounts"), "u", "default").ok());
  ASSERT_TRUE(env_.Eventually([&] {
    auto sa = env_.Get("", "serviceaccounts", "u", "default");
    return sa && MetaUid(*sa) != MetaUid(*first);
  }));
}

// The finalize subresource as the controller uses it, without controllers.
TEST_F(NamespaceControllerTest, FinalizeSubresourceReleasesTerminatingNamespace) {
  env_.cluster().CreateNamespace("f");
  const api::ResourceType& namespaces = env_.Type("", "namespaces");
  auto active = env_.client().FinalizeNamespace(
      {{"metadata", {{"name", "f"}}}, {"spec", {{"finalizers", {"kubernetes", "example.com/x"}}}}});
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  EXPECT_EQ((*active)["spec"]["finalizers"], Json::array({"kubernetes", "example.com/x"}));

  ASSERT_TRUE(DeleteNamespace("f").ok());
  // A status write on a terminating namespace keeps it while spec.finalizers
  // remain.
  Json ns = *env_.Get("", "namespaces", "", "f");
  ns["status"]["conditions"] = {{{"type", "NamespaceContentRemaining"},
                                 {"status", "False"},
                                 {"reason", "ContentRemoved"},
                                 {"message", "All content successfully removed"}}};
  ASSERT_TRUE(env_.client().Update(namespaces, "", ns, {}, client::Subresource::kStatus).ok());
  ASSERT_FALSE(env_.Gone("", "namespaces", "", "f"));

  auto stale = env_.Get("", "namespaces", "", "f");
  Json partial = {{"metadata", {{"name", "f"}}}, {"spec", {{"finalizers", {"example.com/x"}}}}};
  ASSERT_TRUE(env_.client().FinalizeNamespace(partial).ok());
  ASSERT_FALSE(env_.Gone("", "namespaces", "", "f"));

  // A resourceVersion is a precondition.
  Json conflicting = {
      {"metadata", {{"name", "f"}, {"resourceVersion", MetaResourceVersion(*stale)}}},
      {"spec", {{"finalizers", Json::array()}}}};
  EXPECT_TRUE(env_.client().FinalizeNamespace(conflicting).status().IsConflict());

  ASSERT_TRUE(env_.client()
                  .FinalizeNamespace({{"metadata", {{"name", "f"}}}, {"spec", Json::object()}})
                  .ok());
  EXPECT_TRUE(env_.Gone("", "namespaces", "", "f"));
}

}  // namespace
}  // namespace stead::controllers

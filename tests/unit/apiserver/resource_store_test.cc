#include "apiserver/resource_store.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "apiserver/bootstrap.h"
#include "store/memory/memory_store.h"

namespace stead::apiserver {
namespace {

class ResourceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::NewMemoryStore();
    cache_ = std::move(store::WatchCache::Start(store_.get(), {})).value();
    rs_ = std::make_unique<ResourceStore>(store_.get(), cache_.get(),
                                          &api::ResourceRegistry::Builtin(), &clock_,
                                          ResourceStore::Options{});
    ASSERT_TRUE(Bootstrap(*rs_, {}).ok());
  }
  const api::ResourceType& T(const std::string& group, const std::string& plural) {
    return *api::ResourceRegistry::Builtin().ByResource(group, "", plural);
  }
  Json ConfigMap(const std::string& name, Json data = Json::object()) {
    return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}},
            {"data", data}};
  }
  Json StatefulSet(const std::string& name, int replicas = 1) {
    return Json::parse(R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":")" +
                       name + R"("},"spec":{"replicas":)" + std::to_string(replicas) +
                       R"(,"serviceName":"svc","selector":{"matchLabels":{"app":"a"}},
        "template":{"metadata":{"labels":{"app":"a"}},
                    "spec":{"containers":[{"name":"c","image":"nginx:1"}]}}}})");
  }
  Json Pod(const std::string& name, const std::string& node = "") {
    Json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"labels", {{"app", "a"}}}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx:1"}}}}}}};
    if (!node.empty()) p["spec"]["nodeName"] = node;
    return p;
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::WatchCache> cache_;
  std::unique_ptr<ResourceStore> rs_;
};

TEST_F(ResourceStoreTest, CreateFillsSystemFields) {
  auto r = rs_->Create(T("", "configmaps"), "default", ConfigMap("a"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Json& o = r->object;
  EXPECT_EQ(o["metadata"]["namespace"], "default");
  EXPECT_EQ(o["metadata"]["uid"].get<std::string>().size(), 36u);
  EXPECT_EQ(o["metadata"]["creationTimestamp"], FormatTime(clock_.Now()));
  EXPECT_FALSE(o["metadata"]["resourceVersion"].get<std::string>().empty());
  EXPECT_FALSE(o["metadata"].contains("generation"));
  auto again = rs_->Create(T("", "configmaps"), "default", ConfigMap("a"), {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().http_code(), 409);
  EXPECT_EQ(again.status().message(), "configmaps \"a\" already exists");
}

TEST_F(ResourceStoreTest, GenerateNameAndMissingNamespace) {
  Json cm = ConfigMap("");
  cm["metadata"].erase("name");
  cm["metadata"]["generateName"] = "web-";
  auto r = rs_->Create(T("", "configmaps"), "default", cm, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string name = r->object["metadata"]["name"];
  EXPECT_EQ(name.size(), 9u);
  EXPECT_EQ(name.rfind("web-", 0), 0u);
  auto missing = rs_->Create(T("", "configmaps"), "nope", ConfigMap("x"), {});
  EXPECT_EQ(missing.status().http_code(), 404);
  EXPECT_EQ(missing.status().message(), "namespaces \"nope\" not found");
}

TEST_F(ResourceStoreTest, UpdateConflictsOnStaleResourceVersion) {
  const auto& cms = T("", "configmaps");
  auto created = rs_->Create(cms, "default", ConfigMap("a", {{"k", "1"}}), {});
  ASSERT_TRUE(created.ok());
  Json v1 = created->object;
  Json v2 = v1;
  v2["data"]["k"] = "2";
  auto updated = rs_->Update(cms, "default", "a", v2, {});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  Json stale = v1;
  stale["data"]["k"] = "3";
  auto conflict = rs_->Update(cms, "default", "a", stale, {});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().http_code(), 409);
  EXPECT_EQ(conflict.status().message(),
            "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; "
            "please apply your changes to the latest version and try again");
  // Without a resourceVersion the update is unconditional.
  stale["metadata"].erase("resourceVersion");
  EXPECT_TRUE(rs_->Update(cms, "default", "a", stale, {}).ok());
}

// Two clients updating the same version at once: one wins, the other gets
// upstream's 409 whether its precondition failed against the cache or, in
// the race, in the store's own compare.
TEST_F(ResourceStoreTest, ConcurrentPreconditionLosersGetTheUpstreamConflict) {
  const auto& cms = T("", "configmaps");
  auto created = rs_->Create(cms, "default", ConfigMap("a", {{"k", "0"}}), {});
  ASSERT_TRUE(created.ok());
  Json current = created->object;
  for (int i = 0; i < 200; ++i) {
    Result<WriteResult> results[2] = {Status::Internal("unset"), Status::Internal("unset")};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        Json next = current;
        next["data"]["k"] = std::to_string(i) + "-" + std::to_string(w);
        results[w] = rs_->Update(cms, "default", "a", next, {});
      });
    }
    for (auto& t : writers) t.join();
    ASSERT_NE(results[0].ok(), results[1].ok()) << "iteration " << i;
    const Result<WriteResult>& loser = results[0].ok() ? results[1] : results[0];
    EXPECT_EQ(loser.status().http_code(), 409);
    ASSERT_EQ(loser.status().message(),
              "Operation cannot be fulfilled on configmaps \"a\": the object has been "
              "modified; please apply your changes to the latest version and try again")
        << "iteration " << i;
    current = (results[0].ok() ? results[0] : results[1])->object;
  }
}

TEST_F(ResourceStoreTest, NoOpUpdateKeepsResourceVersion) {
  const auto& cms = T("", "configmaps");
  auto created = rs_->Create(cms, "default", ConfigMap("a", {{"k", "1"}}), {});
  ASSERT_TRUE(created.ok());
  auto same = rs_->Update(cms, "default", "a", created->object, {});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->object["metadata"]["resourceVersion"],
            created->object["metadata"]["resourceVersion"]);
}

TEST_F(ResourceStoreTest, GenerationTracksSpecOnlyAndStatusIsSeparate) {
  const auto& sts = T("apps", "statefulsets");
  auto created = rs_->Create(sts, "default", StatefulSet("web"), {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->object["metadata"]["generation"], 1);
  Json labelled = created->object;
  labelled["metadata"]["labels"] = {{"x", "y"}};
  labelled["status"] = {{"replicas", 5}};  // ignored on the main resource
  auto r1 = rs_->Update(sts, "default", "web", labelled, {});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(r1->object["metadata"]["generation"], 1);
  EXPECT_NE(GetInt(r1->object, {"status", "replicas"}, 0), 5);
  Json scaled = r1->object;
  scaled["spec"]["replicas"] = 3;
  auto r2 = rs_->Update(sts, "default", "web", scaled, {});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->object["metadata"]["generation"], 2);
  Json status = r2->object;
  status["status"] = {{"replicas", 2}, {"readyReplicas", 1}, {"availableReplicas", 1}};
  status["spec"]["replicas"] = 9;  // ignored on /status
  auto r3 = rs_->Update(sts, "default", "web", status, {}, Subresource::kStatus);
  ASSERT_TRUE(r3.ok()) << r3.status().ToString();
  EXPECT_EQ(r3->object["spec"]["replicas"], 3);
  EXPECT_EQ(r3->object["status"]["replicas"], 2);
  EXPECT_EQ(r3->object["metadata"]["generation"], 2);
}

TEST_F(ResourceStoreTest, FinalizersHoldDeletionUntilRemoved) {
  const auto& cms = T("", "configmaps");
  Json cm = ConfigMap("f");
  cm["metadata"]["finalizers"] = {"example.com/hold"};
  ASSERT_TRUE(rs_->Create(cms, "default", cm, {}).ok());
  auto d = rs_->Delete(cms, "default", "f", {});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->deleted);
  auto held = rs_->Get(cms, "default", "f");
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(MetaDeleting(**held));
  auto released = rs_->GuaranteedUpdate(cms, "default", "f", [](Json& o) {
    o["metadata"].erase("finalizers");
    return Status::OK();
  }, {});
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  EXPECT_TRUE(rs_->Get(cms, "default", "f").status().IsNotFound());
}

TEST_F(ResourceStoreTest, PropagationPolicyBecomesGarbageCollectorFinalizer) {
  const auto& sts = T("apps", "statefulsets");
  ASSERT_TRUE(rs_->Create(sts, "default", StatefulSet("fg"), {}).ok());
  DeleteOptions fg;
  fg.propagation_policy = "Foreground";
  ASSERT_TRUE(rs_->Delete(sts, "default", "fg", fg).ok());
  auto obj = rs_->Get(sts, "default", "fg");
  ASSERT_TRUE(obj.ok());
  EXPECT_EQ((**obj)["metadata"]["finalizers"], Json::array({"foregroundDeletion"}));
  ASSERT_TRUE(rs_->Create(sts, "default", StatefulSet("bg"), {}).ok());
  DeleteOptions bg;
  bg.propagation_policy = "Background";
  auto d = rs_->Delete(sts, "default", "bg", bg);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->deleted);
  EXPECT_EQ(d->body["status"], "Success");
  EXPECT_EQ(d->body["details"]["name"], "bg");
}

TEST_F(ResourceStoreTest, DeletePreconditionMismatchConflicts) {
  const auto& cms = T("", "configmaps");
  ASSERT_TRUE(rs_->Create(cms, "default", ConfigMap("p"), {}).ok());
  DeleteOptions o;
  o.precondition_uid = "not-the-uid";
  auto d = rs_->Delete(cms, "default", "p", o);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().http_code(), 409);
  EXPECT_NE(d.status().message().find("Precondition failed: UID in precondition: not-the-uid"),
            std::string::npos);
}

TEST_F(ResourceStoreTest, BoundPodsAreDeletedGracefully) {
  const auto& pods = T("", "pods");
  ASSERT_TRUE(rs_->Create(pods, "default", Pod("bound", "node-1"), {}).ok());
  ASSERT_TRUE(rs_->Create(pods, "default", Pod("unbound"), {}).ok());
  auto d1 = rs_->Delete(pods, "default", "bound", {});
  ASSERT_TRUE(d1.ok());
  EXPECT_FALSE(d1->deleted);
  EXPECT_EQ(d1->body["metadata"]["deletionGracePeriodSeconds"], 30);
  EXPECT_EQ(d1->body["metadata"]["deletionTimestamp"],
            FormatTime(clock_.Now() + std::chrono::seconds(30)));
  DeleteOptions now;
  now.grace_period_seconds = 0;
  auto d2 = rs_->Delete(pods, "default", "bound", now);
  ASSERT_TRUE(d2.ok());
  EXPECT_TRUE(d2->deleted);
  auto d3 = rs_->Delete(pods, "default", "unbound", {});
  ASSERT_TRUE(d3.ok());
  EXPECT_TRUE(d3->deleted);
}

TEST_F(ResourceStoreTest, PodsStartPendingAndCanBeBound) {
  const auto& pods = T("", "pods");
  auto created = rs_->Create(pods, "default", Pod("p"), {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->object["status"]["phase"], "Pending");
  auto bound = rs_->BindPod("default", "p", {{"target", {{"kind", "Node"}, {"name", "n1"}}}}, {});
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  auto pod = rs_->Get(pods, "default", "p");
  EXPECT_EQ((**pod)["spec"]["nodeName"], "n1");
  auto again = rs_->BindPod("default", "p", {{"target", {{"kind", "Node"}, {"name", "n2"}}}}, {});
  EXPECT_EQ(again.status().http_code(), 409);
}

TEST_F(ResourceStoreTest, ListSelectorsAndPagination) {
  const auto& cms = T("", "configmaps");
  for (int i = 0; i < 5; ++i) {
    Json cm = ConfigMap("cm-" + std::to_string(i));
    cm["metadata"]["labels"] = {{"parity", i % 2 ? "odd" : "even"}};
    ASSERT_TRUE(rs_->Create(cms, "default", cm, {}).ok());
  }
  ListOptions sel;
  sel.label_selector = "parity=even";
  auto even = rs_->List(cms, "default", sel);
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(even->items.size(), 3u);
  ListOptions by_name;
  by_name.field_selector = "metadata.name=cm-3";
  EXPECT_EQ(rs_->List(cms, "", by_name)->items.size(), 1u);
  ListOptions bad;
  bad.field_selector = "spec.nope=1";
  EXPECT_EQ(rs_->List(cms, "", bad).status().message(), "field label not supported: spec.nope");

  ListOptions page;
  page.limit = 2;
  auto p1 = rs_->List(cms, "default", page);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->items.size(), 2u);
  ASSERT_FALSE(p1->continue_token.empty());
  // A write between pages does not change what the next page shows.
  ASSERT_TRUE(rs_->Create(cms, "default", ConfigMap("cm-00"), {}).ok());
  page.continue_token = p1->continue_token;
  auto p2 = rs_->List(cms, "default", page);
  ASSERT_TRUE(p2.ok()) << p2.status().ToString();
  ASSERT_EQ(p2->items.size(), 2u);
  EXPECT_EQ(MetaName(*p2->items[0]), "cm-2");
  EXPECT_EQ(p2->resource_version, p1->resource_version);
  page.continue_token = p2->continue_token;
  auto p3 = rs_->List(cms, "default", page);
  ASSERT_TRUE(p3.ok());
  ASSERT_EQ(p3->items.size(), 1u);
  EXPECT_TRUE(p3->continue_token.empty());
}

TEST_F(ResourceStoreTest, WatchFiltersBySelectorTransitions) {
  const auto& cms = T("", "configmaps");
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> seen;
  ListOptions o;
  o.label_selector = "app=web";
  o.resource_version = std::to_string(cache_->Revision());
  auto w = rs_->Watch(cms, "default", o, [&](const WatchEvent& e) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(std::string(WatchEvent::TypeName(e.type)) + " " + MetaName(*e.object));
    cv.notify_all();
  });
  ASSERT_TRUE(w.ok());
  Json cm = ConfigMap("w");
  auto c = rs_->Create(cms, "default", cm, {});  // not selected
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(rs_->GuaranteedUpdate(cms, "default", "w", [](Json& o) {
    o["metadata"]["labels"] = {{"app", "web"}};
    return Status::OK();
  }, {}).ok());
  ASSERT_TRUE(rs_->GuaranteedUpdate(cms, "default", "w", [](Json& o) {
    o["data"] = {{"k", "v"}};
    return Status::OK();
  }, {}).ok());
  ASSERT_TRUE(rs_->GuaranteedUpdate(cms, "default", "w", [](Json& o) {
    o["metadata"]["labels"] = {{"app", "db"}};
    return Status::OK();
  }, {}).ok());
  std::unique_lock<std::mutex> lock(mu);
  cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() >= 3; });
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED w", "MODIFIED w", "DELETED w"}));
}

TEST_F(ResourceStoreTest, ScaleSubresource) {
  const auto& sts = T("apps", "statefulsets");
  ASSERT_TRUE(rs_->Create(sts, "default", StatefulSet("web", 1), {}).ok());
  auto scale = rs_->GetScale(sts, "default", "web");
  ASSERT_TRUE(scale.ok());
  EXPECT_EQ((*scale)["spec"]["replicas"], 1);
  EXPECT_EQ((*scale)["status"]["selector"], "app=a");
  Json s = *scale;
  s["spec"]["replicas"] = 4;
  s["metadata"].erase("resourceVersion");
  auto updated = rs_->UpdateScale(sts, "default", "web", s, {});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ((**rs_->Get(sts, "default", "web"))["spec"]["replicas"], 4);
  s["spec"]["replicas"] = -1;
  EXPECT_EQ(rs_->UpdateScale(sts, "default", "web", s, {}).status().http_code(), 422);
}

TEST_F(ResourceStoreTest, ServiceClusterIpsAreAllocatedAndReleased) {
  const auto& svcs = T("", "services");
  Json svc = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", "s1"}}},
              {"spec", {{"ports", {{{"port", 80}}}}}}};
  auto r = rs_->Create(svcs, "default", svc, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string ip = r->object["spec"]["clusterIP"];
  EXPECT_EQ(ip.rfind("10.", 0), 0u);
  EXPECT_EQ(r->object["spec"]["clusterIPs"], Json::array({ip}));
  Json dup = svc;
  dup["metadata"]["name"] = "s2";
  dup["spec"]["clusterIP"] = ip;
  auto conflict = rs_->Create(svcs, "default", dup, {});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().http_code(), 422);
  EXPECT_NE(conflict.status().message().find("provided IP is already allocated"),
            std::string::npos);
  ASSERT_TRUE(rs_->Delete(svcs, "default", "s1", {}).ok());
  EXPECT_TRUE(rs_->Create(svcs, "default", dup, {}).ok());
  Json headless = svc;
  headless["metadata"]["name"] = "h";
  headless["spec"]["clusterIP"] = "None";
  auto h = rs_->Create(svcs, "default", headless, {});
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->object["spec"]["clusterIP"], "None");
}

TEST_F(ResourceStoreTest, DeletingANamespaceMarksItTerminating) {
  const auto& nss = T("", "namespaces");
  ASSERT_TRUE(rs_->Create(nss, "", {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                    {"metadata", {{"name", "team"}}}}, {}).ok());
  auto d = rs_->Delete(nss, "", "team", {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  auto ns = rs_->Get(nss, "", "team");
  ASSERT_TRUE(ns.ok());
  EXPECT_EQ((**ns)["status"]["phase"], "Terminating");
  auto blocked = rs_->Create(T("", "configmaps"), "team", ConfigMap("x"), {});
  EXPECT_EQ(blocked.status().http_code(), 403);
}

}  // namespace
}  // namespace stead::apiserver

// /status writes through the ResourceStore: each kind's rule of what besides
// .status the write may change (upstream's <kind>StatusStrategy
// .PrepareForUpdate), and the invariants every kind shares (the spec, uid,
// generation and creation time never change; changed metadata is validated).
#include <gtest/gtest.h>

#include "apiserver/bootstrap.h"
#include "apiserver/resource_store.h"
#include "store/memory/memory_store.h"

namespace stead::apiserver {
namespace {

class StatusWriteTest : public ::testing::Test {
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
  static Json Template() {
    return Json::parse(R"({"metadata":{"labels":{"app":"a"}},
        "spec":{"containers":[{"name":"c","image":"nginx:1"}]}})");
  }
  static Json Workload(const std::string& kind) {
    Json o = {{"apiVersion", "apps/v1"},
              {"kind", kind},
              {"metadata", {{"name", "w"}, {"labels", {{"tier", "web"}}}}},
              {"spec",
               {{"replicas", 1},
                {"selector", {{"matchLabels", {{"app", "a"}}}}},
                {"template", Template()}}}};
    if (kind == "StatefulSet") o["spec"]["serviceName"] = "svc";
    return o;
  }
  static Json Pod() {
    Json p = Template();
    p["apiVersion"] = "v1";
    p["kind"] = "Pod";
    p["metadata"]["name"] = "p";
    p["metadata"]["ownerReferences"] = Json::parse(
        R"([{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u-1",
             "controller":true}])");
    return p;
  }

  Json Create(const api::ResourceType& type, const std::string& ns, Json body) {
    auto r = rs_->Create(type, ns, std::move(body), {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->object : Json::object();
  }
  Result<WriteResult> PutStatus(const api::ResourceType& type, const std::string& ns,
                                const std::string& name, const Json& body) {
    return rs_->Update(type, ns, name, body, {}, Subresource::kStatus);
  }
  // The request a status writer sends: the stored object with a new status,
  // a changed spec and changed labels and annotations.
  static Json Meddle(Json obj, const std::string& spec_field, Json spec_value) {
    obj["spec"][spec_field] = std::move(spec_value);
    obj["metadata"]["labels"]["added"] = "label";
    obj["metadata"]["annotations"]["added"] = "annotation";
    return obj;
  }
  static std::vector<std::string> ErrorFields(const Status& s) {
    std::vector<std::string> out;
    if (const StatusDetails* d = s.details_or_null()) {
      for (const auto& c : d->causes) out.push_back(c.field);
    }
    return out;
  }
  static void ExpectSystemFieldsKept(const Json& stored, const Json& before) {
    for (const char* f : {"uid", "name", "creationTimestamp", "generation", "namespace"}) {
      EXPECT_EQ(stored["metadata"].value(f, Json()), before["metadata"].value(f, Json())) << f;
    }
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::WatchCache> cache_;
  std::unique_ptr<ResourceStore> rs_;
};

TEST_F(StatusWriteTest, DeploymentStatusKeepsSpecAndLabelsButTakesAnnotations) {
  const auto& deploys = T("apps", "deployments");
  Json before = Create(deploys, "default", Workload("Deployment"));
  Json req = Meddle(before, "replicas", 7);
  req["status"] = {{"observedGeneration", 1}, {"replicas", 1}};
  req["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "1";
  auto r = PutStatus(deploys, "default", "w", req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Json& o = r->object;
  EXPECT_EQ(o["spec"]["replicas"], 1);
  EXPECT_EQ(o["metadata"]["labels"], before["metadata"]["labels"]);
  EXPECT_EQ(o["metadata"]["annotations"]["added"], "annotation");
  EXPECT_EQ(o["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "1");
  EXPECT_EQ(o["status"]["replicas"], 1);
  ExpectSystemFieldsKept(o, before);
  EXPECT_EQ(o["metadata"]["generation"], 1);
  // What the write stored is what a read returns.
  auto got = rs_->Get(deploys, "default", "w");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((**got)["metadata"]["annotations"]["added"], "annotation");
}

TEST_F(StatusWriteTest, ReplicaSetAndStatefulSetStatusKeepOnlyTheSpec) {
  for (auto [plural, kind] :
       {std::pair{"replicasets", "ReplicaSet"}, std::pair{"statefulsets", "StatefulSet"}}) {
    SCOPED_TRACE(kind);
    const auto& type = T("apps", plural);
    Json before = Create(type, "default", Workload(kind));
    Json req = Meddle(before, "replicas", 9);
    req["status"] = {{"replicas", 1}};
    auto r = PutStatus(type, "default", "w", req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->object["spec"], before["spec"]);
    EXPECT_EQ(r->object["metadata"]["labels"]["added"], "label");
    EXPECT_EQ(r->object["metadata"]["labels"]["tier"], "web");
    EXPECT_EQ(r->object["metadata"]["annotations"]["added"], "annotation");
    EXPECT_EQ(r->object["status"]["replicas"], 1);
    ExpectSystemFieldsKept(r->object, before);
  }
}

TEST_F(StatusWriteTest, PodStatusKeepsSpecOwnerReferencesAndDeletionTimestamp) {
  const auto& pods = T("", "pods");
  Json before = Create(pods, "default", Pod());
  ASSERT_FALSE(GetString(before, {"status", "qosClass"}).empty());
  Json req = Meddle(before, "activeDeadlineSeconds", 30);
  req["metadata"]["ownerReferences"] = Json::array();
  req["metadata"]["deletionTimestamp"] = "2030-01-01T00:00:00Z";
  req["status"] = {{"phase", "Running"}};  // no qosClass: it is backfilled
  auto r = PutStatus(pods, "default", "p", req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Json& o = r->object;
  EXPECT_EQ(o["spec"], before["spec"]);
  EXPECT_EQ(o["metadata"]["ownerReferences"], before["metadata"]["ownerReferences"]);
  EXPECT_FALSE(o["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(o["metadata"]["labels"]["added"], "label");
  EXPECT_EQ(o["metadata"]["annotations"]["added"], "annotation");
  EXPECT_EQ(o["status"]["phase"], "Running");
  EXPECT_EQ(o["status"]["qosClass"], before["status"]["qosClass"]);
  ExpectSystemFieldsKept(o, before);
}

TEST_F(StatusWriteTest, CoreKindsStatusKeepsSpecAndTakesMetadata) {
  struct Case {
    const char* plural;
    const char* ns;
    Json body;
    const char* spec_field;
    Json spec_value;
  };
  std::vector<Case> cases = {
      {"nodes", "", Json::parse(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n"}})"),
       "unschedulable", true},
      {"namespaces", "",
       Json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}})"),
       "finalizers", Json::array({"example.com/x"})},
      {"services", "default",
       Json::parse(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},
           "spec":{"ports":[{"port":80}],"selector":{"app":"a"}}})"),
       "sessionAffinity", "ClientIP"},
      {"persistentvolumeclaims", "default",
       Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c"},
           "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})"),
       "volumeName", "pv-x"},
      {"persistentvolumes", "",
       Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"v"},
           "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
                   "hostPath":{"path":"/tmp/v"}}})"),
       "storageClassName", "other"},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.plural);
    const auto& type = T("", c.plural);
    Json before = Create(type, c.ns, c.body);
    Json req = Meddle(before, c.spec_field, c.spec_value);
    auto r = PutStatus(type, c.ns, MetaName(before), req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->object.value("spec", Json()), before.value("spec", Json()));
    EXPECT_EQ(r->object["metadata"]["labels"]["added"], "label");
    EXPECT_EQ(r->object["metadata"]["annotations"]["added"], "annotation");
    ExpectSystemFieldsKept(r->object, before);
  }
}

TEST_F(StatusWriteTest, StatusWriteNeverChangesUidOrGeneration) {
  const auto& sets = T("apps", "statefulsets");
  Json before = Create(sets, "default", Workload("StatefulSet"));
  Json req = before;
  req["metadata"]["generation"] = 5;
  req["metadata"].erase("uid");  // left out: the stored one stays
  req["metadata"].erase("creationTimestamp");
  req["status"] = {{"replicas", 1}, {"observedGeneration", 1}};
  auto r = PutStatus(sets, "default", "w", req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectSystemFieldsKept(r->object, before);
  // A different uid is an immutable-field error, as upstream.
  Json other = r->object;
  other["metadata"]["uid"] = "not-the-uid";
  auto bad = PutStatus(sets, "default", "w", other);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().http_code(), 422);
  EXPECT_EQ(ErrorFields(bad.status()), std::vector<std::string>{"metadata.uid"});
}

TEST_F(StatusWriteTest, ChangedMetadataIsValidated) {
  const auto& deploys = T("apps", "deployments");
  Create(deploys, "default", Workload("Deployment"));
  auto current = rs_->Get(deploys, "default", "w");
  ASSERT_TRUE(current.ok());
  Json bad_annotation = **current;
  bad_annotation["metadata"]["annotations"]["bad key!"] = "x";
  auto r = PutStatus(deploys, "default", "w", bad_annotation);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 422);
  EXPECT_EQ(ErrorFields(r.status()), std::vector<std::string>{"metadata.annotations"});

  const auto& pods = T("", "pods");
  Json pod = Create(pods, "default", Pod());
  pod["metadata"]["labels"]["app"] = "not a label value";
  auto p = PutStatus(pods, "default", "p", pod);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(ErrorFields(p.status()), std::vector<std::string>{"metadata.labels"});
}

TEST_F(StatusWriteTest, DeploymentLabelsDroppedOnStatusAreNotValidatedOrOwned) {
  const auto& deploys = T("apps", "deployments");
  Json before = Create(deploys, "default", Workload("Deployment"));
  Json req = before;
  req["metadata"]["labels"]["app"] = "not a label value";  // reset, so not checked
  req["metadata"]["annotations"]["note"] = "x";
  WriteOptions opts;
  opts.field_manager = "status-writer";
  auto r = rs_->Update(deploys, "default", "w", req, opts, Subresource::kStatus);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->object["metadata"]["labels"], before["metadata"]["labels"]);
  const Json* entries = Lookup(r->object, {"metadata", "managedFields"});
  ASSERT_NE(entries, nullptr);
  bool found = false;
  for (const Json& e : *entries) {
    if (e.value("manager", "") != "status-writer") continue;
    found = true;
    EXPECT_EQ(e.value("subresource", ""), "status");
    const Json* meta = Lookup(e, {"fieldsV1", "f:metadata"});
    ASSERT_NE(meta, nullptr);
    EXPECT_TRUE(meta->contains("f:annotations"));
    EXPECT_FALSE(meta->contains("f:labels"));
  }
  EXPECT_TRUE(found);
}

TEST_F(StatusWriteTest, MergePatchOfStatusCarriesAnnotations) {
  const auto& deploys = T("apps", "deployments");
  Create(deploys, "default", Workload("Deployment"));
  auto r = rs_->Patch(deploys, "default", "w", PatchKind::kMerge,
                      R"({"metadata":{"annotations":{"deployment.kubernetes.io/revision":"2"},
                          "labels":{"x":"y"}},"spec":{"replicas":4},
                          "status":{"replicas":1}})",
                      {}, Subresource::kStatus);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->object["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "2");
  EXPECT_FALSE(r->object["metadata"]["labels"].contains("x"));
  EXPECT_EQ(r->object["spec"]["replicas"], 1);
  EXPECT_EQ(r->object["status"]["replicas"], 1);
}

TEST_F(StatusWriteTest, PersistentVolumePhaseChangeStampsTransitionTime) {
  const auto& pvs = T("", "persistentvolumes");
  Json before = Create(pvs, "", Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume",
      "metadata":{"name":"v"},"spec":{"capacity":{"storage":"1Gi"},
      "accessModes":["ReadWriteOnce"],"hostPath":{"path":"/tmp/v"}}})"));
  std::string created = GetString(before, {"status", "lastPhaseTransitionTime"});
  ASSERT_FALSE(created.empty());
  clock_.Advance(std::chrono::seconds(90));
  // Same phase, no time given: the stored time stays.
  Json same = before;
  same["status"] = {{"phase", "Pending"}, {"message", "waiting"}};
  auto r1 = PutStatus(pvs, "", "v", same);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(GetString(r1->object, {"status", "lastPhaseTransitionTime"}), created);
  // A new phase with the old time: the time of the write.
  Json bound = r1->object;
  bound["status"]["phase"] = "Available";
  auto r2 = PutStatus(pvs, "", "v", bound);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(GetString(r2->object, {"status", "lastPhaseTransitionTime"}), FormatTime(clock_.Now()));
  EXPECT_NE(FormatTime(clock_.Now()), created);
  // A new phase with a time the writer chose: kept.
  Json released = r2->object;
  released["status"] = {{"phase", "Released"}, {"lastPhaseTransitionTime", "2030-01-01T00:00:00Z"}};
  auto r3 = PutStatus(pvs, "", "v", released);
  ASSERT_TRUE(r3.ok()) << r3.status().ToString();
  EXPECT_EQ(GetString(r3->object, {"status", "lastPhaseTransitionTime"}), "2030-01-01T00:00:00Z");
}

}  // namespace
}  // namespace stead::apiserver

#include <gtest/gtest.h>

#include "apiserver/admission/admission.h"
#include "apiserver/admission/default_storage_class.h"
#include "apiserver/admission/storage_object_in_use_protection.h"
#include "apiserver/bootstrap.h"
#include "apiserver/resource_store.h"
#include "store/memory/memory_store.h"

namespace stead::apiserver::admission {
namespace {

// Admission as the API server runs it: through ResourceStore::Create on the
// real in-memory stack, with the bootstrap default StorageClass `local`.
class StorageAdmissionTest : public ::testing::Test {
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

  static Json Claim(const std::string& name) {
    return Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
      "metadata":{"name":")" +
                       name + R"("},
      "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})");
  }

  Json CreateClaim(Json claim, bool dry_run = false) {
    WriteOptions wo;
    wo.dry_run = dry_run;
    auto r = rs_->Create(T("", "persistentvolumeclaims"), "default", std::move(claim), wo);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->object : Json();
  }

  void CreateClass(const std::string& name, bool is_default) {
    Json sc = {{"apiVersion", "storage.k8s.io/v1"},
               {"kind", "StorageClass"},
               {"metadata", {{"name", name}}},
               {"provisioner", "stead.dev/local-path"}};
    if (is_default) {
      sc["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
    }
    ASSERT_TRUE(rs_->Create(T("storage.k8s.io", "storageclasses"), "", sc, {}).ok());
  }

  void UnsetDefault(const std::string& name) {
    auto r = rs_->GuaranteedUpdate(T("storage.k8s.io", "storageclasses"), "", name,
                                   [](Json& sc) {
                                     sc["metadata"].erase("annotations");
                                     return Status::OK();
                                   },
                                   {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::WatchCache> cache_;
  std::unique_ptr<ResourceStore> rs_;
};

TEST_F(StorageAdmissionTest, ClaimWithoutClassGetsTheDefaultClass) {
  Json pvc = CreateClaim(Claim("data"));
  EXPECT_EQ(pvc["spec"]["storageClassName"], "local");
  // Stored that way, not only returned.
  auto stored = rs_->Get(T("", "persistentvolumeclaims"), "default", "data");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((**stored)["spec"]["storageClassName"], "local");
}

TEST_F(StorageAdmissionTest, ClaimNamingAClassOrNoClassKeepsIt) {
  Json explicit_class = Claim("fast");
  explicit_class["spec"]["storageClassName"] = "fast";
  EXPECT_EQ(CreateClaim(explicit_class)["spec"]["storageClassName"], "fast");

  Json no_class = Claim("none");
  no_class["spec"]["storageClassName"] = "";
  EXPECT_EQ(CreateClaim(no_class)["spec"]["storageClassName"], "");

  Json beta = Claim("beta");
  beta["metadata"]["annotations"] = {{"volume.beta.kubernetes.io/storage-class", "slow"}};
  EXPECT_FALSE(CreateClaim(beta)["spec"].contains("storageClassName"));
}

TEST_F(StorageAdmissionTest, NoDefaultClassLeavesTheClaimAlone) {
  UnsetDefault("local");
  CreateClass("plain", false);
  EXPECT_FALSE(CreateClaim(Claim("data"))["spec"].contains("storageClassName"));
}

TEST_F(StorageAdmissionTest, NewestOfSeveralDefaultsWins) {
  clock_.Advance(std::chrono::seconds(10));
  CreateClass("newer", true);
  EXPECT_EQ(CreateClaim(Claim("a"))["spec"]["storageClassName"], "newer");
  // Same creation second: the smaller name.
  CreateClass("alpha", true);
  EXPECT_EQ(CreateClaim(Claim("b"))["spec"]["storageClassName"], "alpha");
}

TEST_F(StorageAdmissionTest, ClaimsAndVolumesGetTheirProtectionFinalizer) {
  Json claim = Claim("data");
  claim["metadata"]["finalizers"] = {"example.com/keep"};
  EXPECT_EQ(CreateClaim(claim)["metadata"]["finalizers"],
            Json::array({"example.com/keep", "kubernetes.io/pvc-protection"}));
  Json again = Claim("again");
  again["metadata"]["finalizers"] = {"kubernetes.io/pvc-protection"};
  EXPECT_EQ(CreateClaim(again)["metadata"]["finalizers"],
            Json::array({"kubernetes.io/pvc-protection"}));

  Json pv = Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv1"},
    "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
            "hostPath":{"path":"/srv/pv1"}}})");
  auto created = rs_->Create(T("", "persistentvolumes"), "", pv, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->object["metadata"]["finalizers"],
            Json::array({"kubernetes.io/pv-protection"}));
}

TEST_F(StorageAdmissionTest, DryRunIsAdmittedToo) {
  Json pvc = CreateClaim(Claim("dry"), /*dry_run=*/true);
  EXPECT_EQ(pvc["spec"]["storageClassName"], "local");
  EXPECT_EQ(pvc["metadata"]["finalizers"], Json::array({"kubernetes.io/pvc-protection"}));
}

TEST_F(StorageAdmissionTest, OtherKindsAreUntouched) {
  Json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}};
  auto r = rs_->Create(T("", "configmaps"), "default", cm, {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->object["metadata"].contains("finalizers"));
}

TEST(PickDefaultStorageClassTest, BetaAnnotationCountsAndFalseDoesNot) {
  auto sc = [](const std::string& name, const std::string& ts, Json annotations) {
    return std::make_shared<const Json>(Json{
        {"metadata",
         {{"name", name}, {"creationTimestamp", ts}, {"annotations", std::move(annotations)}}}});
  };
  std::vector<store::ObjectPtr> classes = {
      sc("old-beta", "2024-01-01T00:00:00Z",
         {{"storageclass.beta.kubernetes.io/is-default-class", "true"}}),
      sc("newest-off", "2024-03-01T00:00:00Z",
         {{"storageclass.kubernetes.io/is-default-class", "false"}}),
  };
  store::ObjectPtr picked = PickDefaultStorageClass(classes);
  ASSERT_TRUE(picked);
  EXPECT_EQ(MetaName(*picked), "old-beta");
  EXPECT_FALSE(PickDefaultStorageClass({classes[1]}));
}

}  // namespace
}  // namespace stead::apiserver::admission

#include "controllers/volume/persistent_volume_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "controllers/volume/pv_protection_controller.h"
#include "controllers/volume/pvc_protection_controller.h"
#include "controllers/volume/volume_helpers.h"
#include "unit/controllers/volume/volume_test_env.h"

namespace stead::controllers {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::VolumeTestEnv;

constexpr char kBaseDir[] = "/var/lib/stead/volumes";

class PersistentVolumeControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PersistentVolumeControllerOptions options;
    options.volume_base_dir = kBaseDir;
    auto deleter = std::make_unique<volume::FakeVolumeDeleter>();
    deleter_ = deleter.get();
    options.deleter = std::move(deleter);
    pv_controller_ = NewPersistentVolumeController(env_.Context(), std::move(options));
    pvc_protection_ = NewPvcProtectionController(env_.Context());
    pv_protection_ = NewPvProtectionController(env_.Context());
    for (auto* c : {pv_controller_.get(), pvc_protection_.get(), pv_protection_.get()}) c->Start();
    env_.StartInformers();
  }

  Json Claim(const std::string& name) {
    return env_.Get("persistentvolumeclaims", "default", name);
  }
  Json Volume(const std::string& name) { return env_.Get("persistentvolumes", "", name); }

  bool ClaimPhaseIs(const std::string& name, const std::string& phase) {
    return GetString(Claim(name), {"status", "phase"}) == phase;
  }
  bool VolumePhaseIs(const std::string& name, const std::string& phase) {
    return GetString(Volume(name), {"status", "phase"}) == phase;
  }
  bool Gone(const Json& obj) { return obj.is_null(); }

  // Creates a claim and waits until it is bound; returns its volume's name.
  std::string CreateBoundClaim(Json claim) {
    std::string name = MetaName(claim);
    env_.Create("persistentvolumeclaims", "default", claim);
    EXPECT_TRUE(env_.Converge([&] { return ClaimPhaseIs(name, "Bound"); })) << Claim(name).dump();
    return GetString(Claim(name), {"spec", "volumeName"});
  }

  VolumeTestEnv env_;
  volume::FakeVolumeDeleter* deleter_ = nullptr;
  std::unique_ptr<RunnableController> pv_controller_;
  std::unique_ptr<RunnableController> pvc_protection_;
  std::unique_ptr<RunnableController> pv_protection_;
};

TEST_F(PersistentVolumeControllerTest, ProvisionsAndBindsAClaimOfTheDefaultClass) {
  std::string pv_name = CreateBoundClaim(VolumeTestEnv::Claim("qdrant-data-qdrant-0", "10Gi"));
  Json pvc = Claim("qdrant-data-qdrant-0");
  std::string uid = MetaUid(pvc);
  EXPECT_EQ(pv_name, "pvc-" + uid);
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv_name, "Bound"); }));

  // The claim.
  EXPECT_EQ(pvc["spec"]["storageClassName"], "local");
  EXPECT_EQ(pvc["metadata"]["annotations"],
            Json({{"pv.kubernetes.io/bind-completed", "yes"},
                  {"pv.kubernetes.io/bound-by-controller", "yes"},
                  {"volume.beta.kubernetes.io/storage-provisioner", "stead.dev/local-path"},
                  {"volume.kubernetes.io/storage-provisioner", "stead.dev/local-path"}}));
  EXPECT_EQ(pvc["metadata"]["finalizers"], Json::array({"kubernetes.io/pvc-protection"}));
  EXPECT_EQ(pvc["status"], Json({{"phase", "Bound"},
                                 {"accessModes", {"ReadWriteOnce"}},
                                 {"capacity", {{"storage", "10Gi"}}}}));

  // The volume.
  Json pv = Volume(pv_name);
  EXPECT_EQ(pv["metadata"]["annotations"],
            Json({{"pv.kubernetes.io/bound-by-controller", "yes"},
                  {"pv.kubernetes.io/provisioned-by", "stead.dev/local-path"}}));
  EXPECT_EQ(pv["metadata"]["finalizers"],
            Json::array({"kubernetes.io/pv-controller", "kubernetes.io/pv-protection"}));
  const Json& spec = pv["spec"];
  EXPECT_EQ(spec["capacity"], Json({{"storage", "10Gi"}}));
  EXPECT_EQ(spec["accessModes"], Json::array({"ReadWriteOnce"}));
  EXPECT_EQ(spec["persistentVolumeReclaimPolicy"], "Delete");
  EXPECT_EQ(spec["storageClassName"], "local");
  EXPECT_EQ(spec["volumeMode"], "Filesystem");
  EXPECT_EQ(spec["hostPath"],
            Json({{"path", std::string(kBaseDir) + "/" + pv_name}, {"type", "DirectoryOrCreate"}}));
  EXPECT_FALSE(spec.contains("nodeAffinity"));
  EXPECT_EQ(spec["claimRef"]["kind"], "PersistentVolumeClaim");
  EXPECT_EQ(spec["claimRef"]["apiVersion"], "v1");
  EXPECT_EQ(spec["claimRef"]["namespace"], "default");
  EXPECT_EQ(spec["claimRef"]["name"], "qdrant-data-qdrant-0");
  EXPECT_EQ(spec["claimRef"]["uid"], uid);
  EXPECT_FALSE(GetString(spec, {"claimRef", "resourceVersion"}).empty());

  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "qdrant-data-qdrant-0"),
              ElementsAre("Normal ProvisioningSucceeded Successfully provisioned volume " +
                          pv_name + " using stead.dev/local-path"));
}

TEST_F(PersistentVolumeControllerTest, BindsToTheSmallestMatchingPreCreatedVolume) {
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("too-small", "1Gi", "manual"));
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("large", "20Gi", "manual"));
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("fits", "5Gi", "manual"));
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("other-class", "4Gi", "slow"));
  env_.Create("persistentvolumes", "",
              VolumeTestEnv::Volume("rwx-only", "4Gi", "manual", {"ReadWriteMany"}));
  Json block = VolumeTestEnv::Volume("block", "4Gi", "manual");
  block["spec"]["volumeMode"] = "Block";
  env_.Create("persistentvolumes", "", block);
  for (const char* pv : {"too-small", "large", "fits", "other-class", "rwx-only", "block"}) {
    ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv, "Available"); })) << pv;
  }

  Json claim = VolumeTestEnv::Claim("data", "3Gi");
  claim["spec"]["storageClassName"] = "manual";
  EXPECT_EQ(CreateBoundClaim(claim), "fits");
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs("fits", "Bound"); }));

  Json pvc = Claim("data");
  Json pv = Volume("fits");
  EXPECT_EQ(pv["spec"]["claimRef"]["uid"], MetaUid(pvc));
  EXPECT_EQ(pv["metadata"]["annotations"], Json({{"pv.kubernetes.io/bound-by-controller", "yes"}}));
  EXPECT_EQ(pv["metadata"]["finalizers"], Json::array({"kubernetes.io/pv-protection"}));
  EXPECT_EQ(pvc["metadata"]["annotations"],
            Json({{"pv.kubernetes.io/bind-completed", "yes"},
                  {"pv.kubernetes.io/bound-by-controller", "yes"}}));
  // The claim reports what it got, not what it asked for.
  EXPECT_EQ(pvc["status"]["capacity"], Json({{"storage", "5Gi"}}));
  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "data"), IsEmpty());
  for (const char* pv : {"too-small", "large", "other-class", "rwx-only", "block"}) {
    EXPECT_EQ(GetString(Volume(pv), {"status", "phase"}), "Available") << pv;
  }
}

TEST_F(PersistentVolumeControllerTest, SelectorAndExplicitVolumeNameChooseTheVolume) {
  Json gold = VolumeTestEnv::Volume("gold", "50Gi", "manual");
  gold["metadata"]["labels"] = {{"tier", "gold"}};
  env_.Create("persistentvolumes", "", gold);
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("plain", "5Gi", "manual"));
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("named", "8Gi", "manual"));
  for (const char* pv : {"gold", "plain", "named"}) {
    ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv, "Available"); })) << pv;
  }

  Json selective = VolumeTestEnv::Claim("selective", "1Gi");
  selective["spec"]["storageClassName"] = "manual";
  selective["spec"]["selector"] = {{"matchLabels", {{"tier", "gold"}}}};
  EXPECT_EQ(CreateBoundClaim(selective), "gold");

  Json by_name = VolumeTestEnv::Claim("by-name", "1Gi");
  by_name["spec"]["storageClassName"] = "manual";
  by_name["spec"]["volumeName"] = "named";
  EXPECT_EQ(CreateBoundClaim(by_name), "named");
  // The user made this binding, so only the volume side says "controller".
  EXPECT_FALSE(volume::HasAnnotation(Claim("by-name"), volume::kAnnBoundByController));
  EXPECT_TRUE(volume::HasAnnotation(Volume("named"), volume::kAnnBoundByController));
}

TEST_F(PersistentVolumeControllerTest, ClaimWithoutClassWaitsForAVolume) {
  Json claim = VolumeTestEnv::Claim("waiting", "2Gi");
  claim["spec"]["storageClassName"] = "";  // explicitly no class: no default
  env_.Create("persistentvolumeclaims", "default", claim);
  ASSERT_TRUE(
      env_.Converge([&] { return !env_.EventsAbout("PersistentVolumeClaim", "waiting").empty(); }));
  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "waiting"),
              ElementsAre("Normal FailedBinding no persistent volumes available for this claim "
                          "and no storage class is set"));
  EXPECT_EQ(GetString(Claim("waiting"), {"status", "phase"}), "Pending");
  EXPECT_EQ(Claim("waiting")["spec"]["storageClassName"], "");

  // A volume that appears later is picked up by the periodic resync.
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("late", "2Gi", ""));
  ASSERT_TRUE(env_.Converge([&] { return ClaimPhaseIs("waiting", "Bound"); }));
  EXPECT_EQ(GetString(Claim("waiting"), {"spec", "volumeName"}), "late");
}

TEST_F(PersistentVolumeControllerTest, DeletedClaimReleasesAndDeletesItsProvisionedVolume) {
  std::string pv_name = CreateBoundClaim(VolumeTestEnv::Claim("scratch", "1Gi"));
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv_name, "Bound"); }));

  env_.Delete("persistentvolumeclaims", "default", "scratch");
  ASSERT_TRUE(env_.Converge([&] { return Gone(Claim("scratch")) && Gone(Volume(pv_name)); }));
  EXPECT_THAT(deleter_->Deleted(), ElementsAre(pv_name));
}

TEST_F(PersistentVolumeControllerTest, RetainedVolumeStaysReleased) {
  env_.Create("storageclasses", "",
              VolumeTestEnv::StorageClass("keep", "stead.dev/local-path", "Retain"),
              "storage.k8s.io");
  Json claim = VolumeTestEnv::Claim("precious", "1Gi");
  claim["spec"]["storageClassName"] = "keep";
  std::string pv_name = CreateBoundClaim(claim);
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv_name, "Bound"); }));
  Json pv = Volume(pv_name);
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  EXPECT_EQ(pv["metadata"]["finalizers"], Json::array({"kubernetes.io/pv-protection"}));

  env_.Delete("persistentvolumeclaims", "default", "precious");
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv_name, "Released"); }));
  env_.Pump(std::chrono::seconds(60));  // several resyncs
  pv = Volume(pv_name);
  EXPECT_EQ(GetString(pv, {"status", "phase"}), "Released");
  EXPECT_EQ(pv["spec"]["claimRef"]["name"], "precious");
  EXPECT_THAT(deleter_->Deleted(), IsEmpty());
}

TEST_F(PersistentVolumeControllerTest, BoundVolumeOutlivesItsDeletionUntilReleased) {
  env_.Create("persistentvolumes", "", VolumeTestEnv::Volume("guarded", "1Gi", "manual"));
  Json claim = VolumeTestEnv::Claim("user", "1Gi");
  claim["spec"]["storageClassName"] = "manual";
  EXPECT_EQ(CreateBoundClaim(claim), "guarded");
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs("guarded", "Bound"); }));

  env_.Delete("persistentvolumes", "", "guarded");
  env_.Pump(std::chrono::seconds(20));
  Json pv = Volume("guarded");
  ASSERT_FALSE(Gone(pv));
  EXPECT_TRUE(MetaDeleting(pv));
  EXPECT_EQ(pv["metadata"]["finalizers"], Json::array({"kubernetes.io/pv-protection"}));

  env_.Delete("persistentvolumeclaims", "default", "user");
  ASSERT_TRUE(env_.Converge([&] { return Gone(Volume("guarded")); }));
  // Retain: the storage was never touched.
  EXPECT_THAT(deleter_->Deleted(), IsEmpty());
}

TEST_F(PersistentVolumeControllerTest, FailedDeletionMarksTheVolumeFailedAndIsRetried) {
  std::string pv_name = CreateBoundClaim(VolumeTestEnv::Claim("stuck", "1Gi"));
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv_name, "Bound"); }));
  deleter_->FailWith(Status::Internal("device busy"));
  env_.Delete("persistentvolumeclaims", "default", "stuck");
  ASSERT_TRUE(env_.Converge([&] { return VolumePhaseIs(pv_name, "Failed"); }));
  EXPECT_EQ(GetString(Volume(pv_name), {"status", "message"}), "device busy");
  // The event follows the status write.
  ASSERT_TRUE(env_.Converge([&] {
    auto events = env_.EventsAbout("PersistentVolume", pv_name);
    return std::find(events.begin(), events.end(), "Warning VolumeFailedDelete device busy") !=
           events.end();
  }));

  deleter_->FailWith(Status::OK());
  ASSERT_TRUE(env_.Converge([&] { return Gone(Volume(pv_name)); }));
  EXPECT_THAT(deleter_->Deleted(), ElementsAre(pv_name));
}

TEST_F(PersistentVolumeControllerTest, ClaimInUseStaysTerminatingUntilItsPodIsGone) {
  std::string pv_name = CreateBoundClaim(VolumeTestEnv::Claim("in-use", "1Gi"));
  env_.Create("pods", "default", VolumeTestEnv::PodWithClaim("app-0", "in-use", "node-1"));
  // A claim nobody uses, deleted right after: once it is gone the
  // protection controller (one worker, FIFO) has looked at "in-use" too.
  env_.Create("persistentvolumeclaims", "default", VolumeTestEnv::Claim("unused", "1Gi"));

  env_.Delete("persistentvolumeclaims", "default", "in-use");
  env_.Delete("persistentvolumeclaims", "default", "unused");
  ASSERT_TRUE(env_.Converge([&] { return Gone(Claim("unused")); }));
  Json pvc = Claim("in-use");
  ASSERT_FALSE(Gone(pvc));
  EXPECT_TRUE(MetaDeleting(pvc));
  EXPECT_EQ(pvc["metadata"]["finalizers"], Json::array({"kubernetes.io/pvc-protection"}));

  // A pod being deleted still uses its claim until it is gone (1.32).
  env_.Delete("pods", "default", "app-0");
  ASSERT_TRUE(MetaDeleting(env_.Get("pods", "default", "app-0")));
  env_.Pump(std::chrono::seconds(20));
  EXPECT_FALSE(Gone(Claim("in-use")));
  EXPECT_EQ(GetString(Volume(pv_name), {"status", "phase"}), "Bound");

  env_.Delete("pods", "default", "app-0", 0);
  ASSERT_TRUE(env_.Converge([&] { return Gone(Claim("in-use")) && Gone(Volume(pv_name)); }));
  EXPECT_THAT(deleter_->Deleted(), Contains(pv_name));
}

TEST_F(PersistentVolumeControllerTest, UnscheduledPodDoesNotKeepItsClaim) {
  CreateBoundClaim(VolumeTestEnv::Claim("pending-user", "1Gi"));
  env_.Create("pods", "default", VolumeTestEnv::PodWithClaim("unscheduled", "pending-user", ""));
  env_.Delete("persistentvolumeclaims", "default", "pending-user");
  ASSERT_TRUE(env_.Converge([&] { return Gone(Claim("pending-user")); }));
}

// The tutorial's "corrupted cache" recovery: deleting a pod's claim and the
// pod; the StatefulSet controller then re-creates a claim of the same name,
// which must get a fresh volume.
TEST_F(PersistentVolumeControllerTest, RecreatedClaimOfTheSameNameGetsAFreshVolume) {
  const std::string name = "qdrant-data-qdrant-1";
  std::string old_pv = CreateBoundClaim(VolumeTestEnv::Claim(name, "10Gi"));
  std::string old_uid = MetaUid(Claim(name));
  env_.Create("pods", "default", VolumeTestEnv::PodWithClaim("qdrant-1", name, "node-1"));

  env_.Delete("persistentvolumeclaims", "default", name);
  env_.Delete("pods", "default", "qdrant-1", 0);
  ASSERT_TRUE(env_.Converge([&] { return Gone(Claim(name)); }));

  std::string new_pv = CreateBoundClaim(VolumeTestEnv::Claim(name, "10Gi"));
  EXPECT_NE(MetaUid(Claim(name)), old_uid);
  EXPECT_EQ(new_pv, "pvc-" + MetaUid(Claim(name)));
  EXPECT_NE(new_pv, old_pv);
  ASSERT_TRUE(env_.Converge([&] { return Gone(Volume(old_pv)); }));
  EXPECT_THAT(deleter_->Deleted(), ElementsAre(old_pv));
  EXPECT_EQ(GetString(Volume(new_pv), {"spec", "claimRef", "uid"}), MetaUid(Claim(name)));
}

TEST_F(PersistentVolumeControllerTest, WaitForFirstConsumerProvisionsOnTheSelectedNode) {
  env_.Create("storageclasses", "",
              VolumeTestEnv::StorageClass("local-wffc", "stead.dev/local-path", "Delete",
                                          "WaitForFirstConsumer"),
              "storage.k8s.io");
  env_.Create("nodes", "",
              {{"apiVersion", "v1"},
               {"kind", "Node"},
               {"metadata", {{"name", "node-1"}, {"labels", {{"kubernetes.io/hostname", "n1"}}}}}});
  Json claim = VolumeTestEnv::Claim("late-bound", "1Gi");
  claim["spec"]["storageClassName"] = "local-wffc";
  env_.Create("persistentvolumeclaims", "default", claim);
  ASSERT_TRUE(env_.Converge(
      [&] { return !env_.EventsAbout("PersistentVolumeClaim", "late-bound").empty(); }));
  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "late-bound"),
              ElementsAre("Normal WaitForFirstConsumer waiting for first consumer to be created "
                          "before binding"));
  EXPECT_EQ(GetString(Claim("late-bound"), {"status", "phase"}), "Pending");

  env_.Create("pods", "default", VolumeTestEnv::PodWithClaim("consumer", "late-bound", ""));
  ASSERT_TRUE(env_.Converge([&] {
    auto events = env_.EventsAbout("PersistentVolumeClaim", "late-bound");
    return std::find(events.begin(), events.end(),
                     "Normal WaitForPodScheduled waiting for pod consumer to be scheduled") !=
           events.end();
  }));

  // The scheduler's choice.
  Json pvc = Claim("late-bound");
  pvc["metadata"]["annotations"][volume::kAnnSelectedNode] = "node-1";
  ASSERT_TRUE(env_.client().Update(env_.Type("", "persistentvolumeclaims"), "default", pvc).ok());
  ASSERT_TRUE(env_.Converge([&] { return ClaimPhaseIs("late-bound", "Bound"); }));
  Json pv = Volume(GetString(Claim("late-bound"), {"spec", "volumeName"}));
  EXPECT_EQ(pv["spec"]["nodeAffinity"],
            Json::parse(R"({"required":{"nodeSelectorTerms":[{"matchExpressions":[
              {"key":"kubernetes.io/hostname","operator":"In","values":["n1"]}]}]}})"));
}

TEST_F(PersistentVolumeControllerTest, OtherProvisionersAreLeftToTheirOwners) {
  env_.Create("storageclasses", "", VolumeTestEnv::StorageClass("nfs", "example.com/nfs"),
              "storage.k8s.io");
  env_.Create("storageclasses", "", VolumeTestEnv::StorageClass("gce", "kubernetes.io/gce-pd"),
              "storage.k8s.io");
  Json external = VolumeTestEnv::Claim("external", "1Gi");
  external["spec"]["storageClassName"] = "nfs";
  env_.Create("persistentvolumeclaims", "default", external);
  Json intree = VolumeTestEnv::Claim("intree", "1Gi");
  intree["spec"]["storageClassName"] = "gce";
  env_.Create("persistentvolumeclaims", "default", intree);
  Json missing = VolumeTestEnv::Claim("missing", "1Gi");
  missing["spec"]["storageClassName"] = "nope";
  env_.Create("persistentvolumeclaims", "default", missing);

  ASSERT_TRUE(env_.Converge([&] {
    return !env_.EventsAbout("PersistentVolumeClaim", "external").empty() &&
           !env_.EventsAbout("PersistentVolumeClaim", "intree").empty() &&
           !env_.EventsAbout("PersistentVolumeClaim", "missing").empty();
  }));
  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "external"),
              ElementsAre("Normal ExternalProvisioning Waiting for a volume to be created either "
                          "by the external provisioner 'example.com/nfs' or manually by the "
                          "system administrator. If volume creation is delayed, please verify "
                          "that the provisioner is running and correctly registered."));
  EXPECT_EQ(GetString(Claim("external"),
                      {"metadata", "annotations", "volume.kubernetes.io/storage-provisioner"}),
            "example.com/nfs");
  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "intree"),
              ElementsAre("Warning ProvisioningFailed no volume plugin matched name: "
                          "kubernetes.io/gce-pd"));
  EXPECT_THAT(env_.EventsAbout("PersistentVolumeClaim", "missing"),
              ElementsAre("Warning ProvisioningFailed storageclass.storage.k8s.io \"nope\" not "
                          "found"));
  auto pvs = env_.client().List(env_.Type("", "persistentvolumes"), "");
  ASSERT_TRUE(pvs.ok());
  EXPECT_THAT(pvs->items, IsEmpty());
}

TEST_F(PersistentVolumeControllerTest, DefaultClassIsAssignedRetroactively) {
  Json sc = env_.Get("storageclasses", "", "local", "storage.k8s.io");
  sc["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"] = "false";
  ASSERT_TRUE(env_.client().Update(env_.Type("storage.k8s.io", "storageclasses"), "", sc).ok());
  env_.Create("persistentvolumeclaims", "default", VolumeTestEnv::Claim("early", "1Gi"));
  ASSERT_TRUE(
      env_.Converge([&] { return !env_.EventsAbout("PersistentVolumeClaim", "early").empty(); }));
  EXPECT_FALSE(Claim("early")["spec"].contains("storageClassName"));

  sc = env_.Get("storageclasses", "", "local", "storage.k8s.io");
  sc["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"] = "true";
  ASSERT_TRUE(env_.client().Update(env_.Type("storage.k8s.io", "storageclasses"), "", sc).ok());
  ASSERT_TRUE(env_.Converge([&] { return ClaimPhaseIs("early", "Bound"); }));
  EXPECT_EQ(Claim("early")["spec"]["storageClassName"], "local");
}

}  // namespace
}  // namespace stead::controllers

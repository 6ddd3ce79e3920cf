#include "controllers/volume/volume_helpers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <stdlib.h>

#include "controllers/volume/local_provisioner.h"
#include "controllers/volume/volume_deleter.h"

namespace stead::controllers::volume {
namespace {

store::ObjectPtr Pv(const std::string& name, const std::string& size,
                    std::vector<std::string> modes = {"ReadWriteOnce"},
                    const std::string& storage_class = "manual") {
  Json pv = {{"metadata", {{"name", name}}},
             {"spec",
              {{"capacity", {{"storage", size}}},
               {"accessModes", modes},
               {"storageClassName", storage_class},
               {"volumeMode", "Filesystem"}}},
             {"status", {{"phase", "Available"}}}};
  return std::make_shared<const Json>(std::move(pv));
}

store::ObjectPtr Edit(const store::ObjectPtr& obj, const std::function<void(Json&)>& edit) {
  Json copy = *obj;
  edit(copy);
  return std::make_shared<const Json>(std::move(copy));
}

Json Claim(const std::string& size, std::vector<std::string> modes = {"ReadWriteOnce"}) {
  return {{"metadata", {{"name", "data"}, {"namespace", "default"}, {"uid", "u1"}}},
          {"spec",
           {{"accessModes", modes},
            {"resources", {{"requests", {{"storage", size}}}}},
            {"storageClassName", "manual"}}}};
}

std::string Match(const Json& claim, const std::vector<store::ObjectPtr>& volumes,
                  bool delay = false) {
  auto r = FindBestMatchForClaim(claim, volumes, delay);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && *r ? MetaName(**r) : "";
}

TEST(FindBestMatchForClaimTest, SmallestVolumeThatFits) {
  EXPECT_EQ(Match(Claim("3Gi"), {Pv("a", "10Gi"), Pv("b", "3Gi"), Pv("c", "2Gi"), Pv("d", "4Gi")}),
            "b");
  EXPECT_EQ(Match(Claim("3000M"), {Pv("gi", "3Gi"), Pv("g", "3G")}), "g");
  EXPECT_EQ(Match(Claim("11Gi"), {Pv("a", "10Gi")}), "");
}

TEST(FindBestMatchForClaimTest, FewestAccessModesFirst) {
  // A volume offering only what was asked beats a smaller one offering more.
  EXPECT_EQ(Match(Claim("1Gi"), {Pv("multi", "1Gi", {"ReadWriteOnce", "ReadOnlyMany"}),
                                 Pv("single", "5Gi", {"ReadWriteOnce"})}),
            "single");
  EXPECT_EQ(Match(Claim("1Gi", {"ReadWriteMany"}),
                  {Pv("rwo", "1Gi"), Pv("rwx", "5Gi", {"ReadWriteOnce", "ReadWriteMany"})}),
            "rwx");
  EXPECT_EQ(Match(Claim("1Gi", {"ReadWriteMany"}), {Pv("rwo", "1Gi")}), "");
}

TEST(FindBestMatchForClaimTest, ClassModeSelectorPhaseAndDeletionFilter) {
  auto base = Pv("ok", "5Gi");
  auto other_class = Pv("slow", "1Gi", {"ReadWriteOnce"}, "slow");
  auto block = Edit(Pv("block", "1Gi"), [](Json& v) { v["spec"]["volumeMode"] = "Block"; });
  auto released = Edit(Pv("released", "1Gi"), [](Json& v) { v["status"]["phase"] = "Released"; });
  auto deleting = Edit(Pv("deleting", "1Gi"), [](Json& v) {
    v["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  });
  auto other_claim = Edit(Pv("taken", "1Gi"), [](Json& v) {
    v["spec"]["claimRef"] = {{"namespace", "default"}, {"name", "other"}, {"uid", "u2"}};
  });
  std::vector<store::ObjectPtr> all = {base, other_class, block, released, deleting, other_claim};
  EXPECT_EQ(Match(Claim("1Gi"), all), "ok");

  Json selective = Claim("1Gi");
  selective["spec"]["selector"] = {{"matchLabels", {{"tier", "gold"}}}};
  EXPECT_EQ(Match(selective, all), "");
  auto gold = Edit(Pv("gold", "9Gi"), [](Json& v) { v["metadata"]["labels"]["tier"] = "gold"; });
  all.push_back(gold);
  EXPECT_EQ(Match(selective, all), "gold");
}

TEST(FindBestMatchForClaimTest, PreBoundVolumeWinsAndDelayedBindingTakesOnlyIt) {
  auto prebound = Edit(Pv("mine", "8Gi"), [](Json& v) {
    v["spec"]["claimRef"] = {{"namespace", "default"}, {"name", "data"}};
    v["status"]["phase"] = "Pending";
  });
  std::vector<store::ObjectPtr> volumes = {Pv("small", "1Gi"), prebound};
  EXPECT_EQ(Match(Claim("1Gi"), volumes), "mine");
  EXPECT_EQ(Match(Claim("1Gi"), volumes, /*delay=*/true), "mine");
  EXPECT_EQ(Match(Claim("1Gi"), {Pv("small", "1Gi")}, /*delay=*/true), "");
  // A claimRef with another uid is someone else's claim of the same name.
  auto stale = Edit(prebound, [](Json& v) { v["spec"]["claimRef"]["uid"] = "old"; });
  EXPECT_EQ(Match(Claim("1Gi"), {stale}), "");
}

TEST(CheckVolumeSatisfiesClaimTest, UpstreamMessages) {
  Json claim = Claim("2Gi");
  EXPECT_TRUE(CheckVolumeSatisfiesClaim(*Pv("v", "2Gi"), claim).ok());
  EXPECT_EQ(CheckVolumeSatisfiesClaim(*Pv("v", "1Gi"), claim).message(),
            "requested PV is too small");
  EXPECT_EQ(CheckVolumeSatisfiesClaim(*Pv("v", "2Gi", {"ReadWriteOnce"}, "x"), claim).message(),
            "storageClassName does not match");
  EXPECT_EQ(CheckVolumeSatisfiesClaim(*Pv("v", "2Gi", {"ReadOnlyMany"}), claim).message(),
            "incompatible accessMode");
  auto deleting = Edit(
      Pv("v", "2Gi"), [](Json& v) { v["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z"; });
  EXPECT_EQ(CheckVolumeSatisfiesClaim(*deleting, claim).message(),
            "the volume is marked for deletion \"v\"");
}

TEST(PodClaimKeysTest, ClaimsAndEphemeralVolumes) {
  Json pod = {
      {"metadata", {{"name", "web-0"}, {"namespace", "ns"}}},
      {"spec",
       {{"volumes",
         {{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "data-web-0"}}}},
          {{"name", "tmp"}, {"emptyDir", Json::object()}},
          {{"name", "scratch"}, {"ephemeral", {{"volumeClaimTemplate", Json::object()}}}}}}}}};
  EXPECT_EQ(PodClaimKeys(pod), (std::vector<std::string>{"ns/data-web-0", "ns/web-0-scratch"}));
}

TEST(IsPodTerminatedTest, FinishedOrDeletedWithNothingRunning) {
  Json pod = {{"metadata", {{"name", "p"}}}, {"status", {{"phase", "Running"}}}};
  EXPECT_FALSE(IsPodTerminated(pod));
  pod["status"]["phase"] = "Succeeded";
  EXPECT_TRUE(IsPodTerminated(pod));
  pod["status"]["phase"] = "Running";
  pod["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  pod["status"]["containerStatuses"] = {{{"name", "c"}, {"state", {{"running", Json::object()}}}}};
  EXPECT_FALSE(IsPodTerminated(pod));
  pod["status"]["containerStatuses"][0]["state"] = {{"terminated", {{"exitCode", 0}}}};
  EXPECT_TRUE(IsPodTerminated(pod));
}

TEST(ProvisionLocalVolumeTest, VolumeForAClaim) {
  Json claim = Claim("10Gi");
  claim["spec"]["storageClassName"] = "local";
  Json sc = {{"metadata", {{"name", "local"}}}, {"reclaimPolicy", "Retain"}};
  LocalVolumeRequest request;
  request.volume_name = "pvc-u1";
  request.base_dir = "/data/volumes/";
  request.claim = &claim;
  request.storage_class = &sc;
  auto pv = ProvisionLocalVolume(request);
  ASSERT_TRUE(pv.ok()) << pv.status().ToString();
  EXPECT_EQ(*pv, Json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume",
    "metadata":{"name":"pvc-u1"},
    "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy":"Retain",
            "hostPath":{"path":"/data/volumes/pvc-u1","type":"DirectoryOrCreate"},
            "volumeMode":"Filesystem"}})"));

  Json node = {{"metadata", {{"name", "node-1"}}}};
  request.selected_node = &node;
  pv = ProvisionLocalVolume(request);
  ASSERT_TRUE(pv.ok());
  EXPECT_EQ((*pv)["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]
                 ["values"],
            Json::array({"node-1"}));

  claim["spec"]["volumeMode"] = "Block";
  EXPECT_FALSE(ProvisionLocalVolume(request).ok());
}

TEST(LocalPathVolumeDeleterTest, RemovesOnlyDirectoriesDirectlyUnderTheBase) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "stead-pv-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  fs::path base = tmpl;
  fs::create_directories(base / "pvc-1" / "sub");
  std::ofstream(base / "pvc-1" / "sub" / "file") << "data";
  fs::create_directories(base / "keep");
  LocalPathVolumeDeleter deleter(base.string());

  auto pv = [](const std::string& path) {
    return Json{{"metadata", {{"name", "pv"}}}, {"spec", {{"hostPath", {{"path", path}}}}}};
  };
  EXPECT_TRUE(deleter.Delete(pv((base / "pvc-1").string())).ok());
  EXPECT_FALSE(fs::exists(base / "pvc-1"));
  // Already gone: fine.
  EXPECT_TRUE(deleter.Delete(pv((base / "pvc-1").string())).ok());
  // Anything else is refused.
  EXPECT_FALSE(deleter.Delete(pv(base.string())).ok());
  EXPECT_FALSE(deleter.Delete(pv((base / "keep" / "..").string())).ok());
  EXPECT_FALSE(deleter.Delete(pv((base / ".." / "elsewhere").string())).ok());
  EXPECT_FALSE(deleter.Delete(pv("relative/pvc-1")).ok());
  EXPECT_TRUE(fs::exists(base / "keep"));
  fs::remove_all(base);
}

}  // namespace
}  // namespace stead::controllers::volume

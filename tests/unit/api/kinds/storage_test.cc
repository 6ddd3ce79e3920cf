// PersistentVolumeClaim, PersistentVolume and StorageClass.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/kinds/kinds.h"
#include "kind_test_util.h"

namespace stead::api::kinds {
namespace {

using testing::Created;
using testing::CreateErrors;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Messages;
using testing::Parse;
using ::testing::StartsWith;
using testing::UpdateErrors;

Json Claim() {
  return Parse(R"({"metadata": {"name": "www-web-0", "namespace": "default"},
                   "spec": {"accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": "1Gi"}}}})");
}

TEST(PersistentVolumeClaimKindTest, DefaultsAndCreate) {
  ResourceType t = PersistentVolumeClaim();
  EXPECT_THAT(t.short_names, ElementsAre("pvc"));
  Json pvc = Created(t, Claim());
  EXPECT_EQ(pvc["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(pvc["status"], Parse(R"({"phase": "Pending"})"));
  EXPECT_THAT(Messages(CreateErrors(t, Claim())), IsEmpty());
  Json bad = Claim();
  bad["spec"] = Parse(R"({"accessModes": ["ReadWriteOncePod", "ReadWriteOnce", "Sometimes"],
                          "resources": {"requests": {"storage": "0"}}, "volumeMode": "Raw"})");
  EXPECT_THAT(
      Messages(CreateErrors(t, bad)),
      ElementsAre(
          "spec.accessModes: Unsupported value: \"Sometimes\": supported values: "
          "\"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
          "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
          "spec.resources[storage]: Invalid value: \"0\": must be greater than zero",
          "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", "
          "\"Filesystem\""));
  Json empty = Claim();
  empty["spec"] = Json::object();
  EXPECT_THAT(Messages(CreateErrors(t, empty)),
              ElementsAre("spec.accessModes: Required value: at least 1 access mode is required",
                          "spec.resources[storage]: Required value"));
}

TEST(PersistentVolumeClaimKindTest, SpecIsImmutableExceptStorageGrowth) {
  ResourceType t = PersistentVolumeClaim();
  Json old = Created(t, Claim());
  old["metadata"]["resourceVersion"] = "3";
  Json bind = old;
  bind["spec"]["volumeName"] = "pv-1";
  EXPECT_THAT(Messages(UpdateErrors(t, bind, old)), IsEmpty());

  Json bound = old;
  bound["spec"]["volumeName"] = "pv-1";
  bound["status"] = Parse(R"({"phase": "Bound", "capacity": {"storage": "1Gi"}})");
  Json grow = bound;
  grow["spec"]["resources"]["requests"]["storage"] = "2Gi";
  EXPECT_THAT(Messages(UpdateErrors(t, grow, bound)), IsEmpty());

  Json modes = bound;
  modes["spec"]["accessModes"] = {"ReadWriteMany"};
  FieldErrorList errs = UpdateErrors(t, modes, bound);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_THAT(
      errs[0].ToString(),
      StartsWith("spec: Forbidden: spec is immutable after creation except resources.requests "
                 "and volumeAttributesClassName for bound claims\n"));

  Json shrink = bound;
  shrink["spec"]["resources"]["requests"]["storage"] = "512Mi";
  EXPECT_THAT(Messages(UpdateErrors(t, shrink, bound)),
              ElementsAre("spec.resources.requests.storage: Forbidden: field can not be less than "
                          "status.capacity"));
}

TEST(PersistentVolumeKindTest, DefaultsAndValidation) {
  ResourceType t = PersistentVolume();
  EXPECT_FALSE(t.namespaced);
  EXPECT_THAT(t.short_names, ElementsAre("pv"));
  Json pv = Parse(R"({"metadata": {"name": "pv-1", "creationTimestamp": "2026-01-01T00:00:00Z"},
                      "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                               "hostPath": {"path": "/var/lib/stead/pv-1"}}})");
  Json created = Created(t, pv);
  EXPECT_EQ(created["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  EXPECT_EQ(created["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(created["spec"]["hostPath"]["type"], "");
  EXPECT_EQ(created["status"],
            Parse(R"({"phase": "Pending", "lastPhaseTransitionTime": "2026-01-01T00:00:00Z"})"));
  EXPECT_THAT(Messages(CreateErrors(t, pv)), IsEmpty());

  Json local = pv;
  local["spec"].erase("hostPath");
  local["spec"]["local"] = {{"path", "/mnt/disk"}};
  local["spec"]["capacity"]["cpu"] = "1";
  EXPECT_THAT(
      Messages(CreateErrors(t, local)),
      ElementsAre("spec.capacity: Unsupported value: core.ResourceList{\"cpu\":\"1\", "
                  "\"storage\":\"1Gi\"}: supported values: \"storage\"",
                  "spec.nodeAffinity: Required value: Local volume requires node affinity"));

  Json old = created;
  Json moved = created;
  moved["spec"]["hostPath"]["path"] = "/elsewhere";
  EXPECT_THAT(Messages(UpdateErrors(t, moved, old)),
              ElementsAre(StartsWith("spec.persistentvolumesource: Forbidden: "
                                     "spec.persistentvolumesource is immutable after creation\n")));
  Json claimed = created;
  claimed["spec"]["claimRef"] = Parse(R"({"namespace": "default", "name": "www-web-0"})");
  EXPECT_THAT(Messages(UpdateErrors(t, claimed, old)), IsEmpty());
}

TEST(StorageClassKindTest, DefaultsValidationAndImmutability) {
  ResourceType t = StorageClass();
  EXPECT_EQ(t.GroupResource(), "storageclasses.storage.k8s.io");
  EXPECT_THAT(t.short_names, ElementsAre("sc"));
  EXPECT_FALSE(t.namespaced);
  Json sc = Parse(R"({"metadata": {"name": "local"}, "provisioner": "stead.dev/local"})");
  Json created = Created(t, sc);
  EXPECT_EQ(created["reclaimPolicy"], "Delete");
  EXPECT_EQ(created["volumeBindingMode"], "Immediate");
  EXPECT_THAT(Messages(CreateErrors(t, sc)), IsEmpty());
  Json bad = Parse(R"({"metadata": {"name": "x"}, "reclaimPolicy": "Recycle",
                       "volumeBindingMode": "Later"})");
  EXPECT_THAT(Messages(CreateErrors(t, bad)),
              ElementsAre("provisioner: Required value",
                          "reclaimPolicy: Unsupported value: \"Recycle\": supported values: "
                          "\"Delete\", \"Retain\"",
                          "volumeBindingMode: Unsupported value: \"Later\": supported values: "
                          "\"Immediate\", \"WaitForFirstConsumer\""));
  Json changed = created;
  changed["parameters"] = {{"a", "b"}};
  changed["volumeBindingMode"] = "WaitForFirstConsumer";
  EXPECT_THAT(
      Messages(UpdateErrors(t, changed, created)),
      ElementsAre(
          "parameters: Forbidden: updates to parameters are forbidden.",
          "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable"));
}

}  // namespace
}  // namespace stead::api::kinds

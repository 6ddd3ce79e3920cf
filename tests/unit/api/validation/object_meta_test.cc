#include "api/validation/object_meta.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stead::api::validation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Messages(const FieldErrorList& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.ToString());
  return out;
}

std::vector<std::string> Create(const char* meta, bool namespaced = true,
                                NameRule rule = NameIsDNSSubdomain) {
  return Messages(ValidateObjectMeta(Json::parse(meta), namespaced, rule, FieldPath("metadata")));
}

TEST(ObjectMetaTest, NameAndNamespace) {
  EXPECT_THAT(Create(R"({"name": "web", "namespace": "default"})"), IsEmpty());
  EXPECT_THAT(Create(R"({"namespace": "default"})"),
              ElementsAre("metadata.name: Required value: name or generateName is required"));
  EXPECT_THAT(Create(R"({"name": "web"})"), ElementsAre("metadata.namespace: Required value"));
  EXPECT_THAT(Create(R"({"name": "web", "namespace": "x"})", false),
              ElementsAre("metadata.namespace: Forbidden: not allowed on this type"));
  EXPECT_THAT(
      Create(R"({"name": "Web", "namespace": "default"})"),
      ElementsAre("metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain "
                  "must consist of lower case alphanumeric characters, '-' or '.', and must "
                  "start and end with an alphanumeric character (e.g. 'example.com', regex "
                  "used for validation is "
                  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  EXPECT_THAT(Create(R"({"generateName": "web-", "name": "web-x1", "namespace": "default"})", true,
                     NameIsDNSLabel),
              IsEmpty());
}

TEST(ObjectMetaTest, LabelsAnnotationsFinalizers) {
  EXPECT_THAT(
      Create(R"({"name": "a", "namespace": "n", "labels": {"app": "bad value"}})"),
      ElementsAre("metadata.labels: Invalid value: \"bad value\": a valid label must be an "
                  "empty string or consist of alphanumeric characters, '-', '_' or '.', and "
                  "must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                  "'my_value',  or '12345', regex used for validation is "
                  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
  // Annotation keys are checked case-insensitively.
  EXPECT_THAT(Create(R"({"name": "a", "namespace": "n", "annotations": {"Example.COM/Key": "x"}})"),
              IsEmpty());
  Json big = Json::parse(R"({"name": "a", "namespace": "n"})");
  big["annotations"]["k"] = std::string(256 * 1024, 'x');
  EXPECT_THAT(Messages(ValidateObjectMeta(big, true, NameIsDNSSubdomain, FieldPath("metadata"))),
              ElementsAre("metadata.annotations: Too long: may not be more than 262144 bytes"));
  EXPECT_THAT(Create(R"({"name": "a", "namespace": "n", "finalizers": ["custom"]})"),
              ElementsAre("metadata.finalizers[0]: Invalid value: \"custom\": name is neither a "
                          "standard finalizer name nor is it fully qualified"));
  EXPECT_THAT(
      Create(R"({"name": "a", "namespace": "n", "finalizers": ["orphan", "foregroundDeletion"]})"),
      ElementsAre("metadata.finalizers: Invalid value: []string{\"orphan\", "
                  "\"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot "
                  "be both set"));
  EXPECT_THAT(
      Create(R"({"name": "a", "namespace": "n", "finalizers": ["example.com/x", "kubernetes"]})"),
      IsEmpty());
}

TEST(ObjectMetaTest, OwnerReferences) {
  EXPECT_THAT(
      Create(R"({"name": "a", "namespace": "n", "ownerReferences": [{"apiVersion": "",
              "kind": "", "name": "", "uid": ""}]})"),
      ElementsAre(
          "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
          "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
          "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
          "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty"));
  EXPECT_THAT(
      Create(R"({"name": "a", "namespace": "n", "ownerReferences": [
          {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "a", "uid": "1", "controller": true},
          {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "b", "uid": "2", "controller": true}]})"),
      ElementsAre(
          "metadata.ownerReferences: Invalid value: "
          "[]v1.OwnerReference{v1.OwnerReference{APIVersion:"
          "\"apps/v1\", Kind:\"StatefulSet\", Name:\"a\", UID:\"1\", "
          "Controller:(*bool)(0xc000000000), "
          "BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:\"apps/v1\", "
          "Kind:\"ReplicaSet\", Name:\"b\", UID:\"2\", Controller:(*bool)(0xc000000000), "
          "BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. "
          "Found \"true\" in references for StatefulSet/a and ReplicaSet/b"));
}

TEST(ObjectMetaTest, Update) {
  Json old = Json::parse(R"({"name": "a", "namespace": "n", "uid": "u1", "resourceVersion": "3",
                             "creationTimestamp": "2026-01-02T03:04:05Z", "generation": 2})");
  Json ok = old;
  ok["labels"] = {{"x", "y"}};
  EXPECT_THAT(Messages(ValidateObjectMetaUpdate(ok, old, FieldPath("metadata"))), IsEmpty());
  Json bad = old;
  bad["name"] = "b";
  bad["uid"] = "u2";
  bad["generation"] = 1;
  bad["creationTimestamp"] = "2026-02-02T03:04:05Z";
  bad.erase("resourceVersion");
  EXPECT_THAT(
      Messages(ValidateObjectMetaUpdate(bad, old, FieldPath("metadata"))),
      ElementsAre("metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
                  "metadata.generation: Invalid value: 1: must not be decremented",
                  "metadata.name: Invalid value: \"b\": field is immutable",
                  "metadata.uid: Invalid value: \"u2\": field is immutable",
                  "metadata.creationTimestamp: Invalid value: 2026-02-02 03:04:05 +0000 UTC: "
                  "field is immutable"));
  Json deleting = old;
  deleting["deletionTimestamp"] = "2026-03-01T00:00:00Z";
  Json more = deleting;
  more["finalizers"] = {"example.com/new"};
  EXPECT_THAT(
      Messages(ValidateObjectMetaUpdate(more, deleting, FieldPath("metadata"))),
      ElementsAre("metadata.finalizers: Forbidden: no new finalizers can be added if the "
                  "object is being deleted, found new finalizers []string{\"example.com/new\"}"));
}

TEST(ObjectMetaTest, TemplateMetadataAllowsOnlyLabelsAndAnnotations) {
  FieldErrorList errs;
  ValidateTemplateObjectMeta(errs, Json::parse(R"({"labels": {"a": "b"}, "name": "x"})"),
                             FieldPath("spec").Child("metadata"));
  EXPECT_THAT(Messages(errs), ElementsAre("spec.metadata.name: Forbidden: cannot be set"));
}

}  // namespace
}  // namespace stead::api::validation

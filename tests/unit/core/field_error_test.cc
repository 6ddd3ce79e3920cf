#include "core/field_error.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace stead {
namespace {

TEST(FieldErrorTest, RendersLikeUpstream) {
  FieldPath spec("spec");
  EXPECT_EQ(FieldError::Invalid(spec.Child("replicas"), -1, "must be greater than or equal to 0")
                .ToString(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
  EXPECT_EQ(FieldError::Required(spec.Child("selector")).ToString(),
            "spec.selector: Required value");
  EXPECT_EQ(FieldError::NotSupported(spec.Child("template").Child("spec").Child("restartPolicy"),
                                     "Never", {"Always"})
                .ToString(),
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
            "\"Always\"");
  EXPECT_EQ(spec.Child("containers").Index(0).Child("image").str(), "spec.containers[0].image");
  EXPECT_EQ(FieldPath("metadata").Child("labels").Key("a/b").str(), "metadata.labels[a/b]");
}

TEST(FieldErrorTest, InvalidStatusAggregates) {
  FieldErrorList errs;
  errs.push_back(FieldError::Required(FieldPath("spec").Child("selector")));
  Status one = InvalidStatus("StatefulSet", "apps", "web", errs);
  EXPECT_EQ(one.http_code(), 422);
  EXPECT_EQ(one.message(), "StatefulSet.apps \"web\" is invalid: spec.selector: Required value");
  errs.push_back(FieldError::Forbidden(FieldPath("spec"), "nope"));
  Status two = InvalidStatus("Pod", "", "p", errs);
  EXPECT_EQ(two.message(),
            "Pod \"p\" is invalid: [spec.selector: Required value, spec: Forbidden: nope]");
  Json j = two.ToJson();
  EXPECT_EQ(j["reason"], "Invalid");
  EXPECT_EQ(j["details"]["causes"][1]["reason"], "FieldValueForbidden");
  EXPECT_EQ(j["details"]["causes"][1]["field"], "spec");
  EXPECT_EQ(j["details"]["causes"][1]["message"], "Forbidden: nope");
}

}  // namespace
}  // namespace stead

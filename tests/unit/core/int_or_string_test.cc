#include "core/int_or_string.h"

#include <gtest/gtest.h>

namespace stead {
namespace {

int64_t Scaled(const Json& v, int64_t total, bool up) {
  Result<int64_t> r = GetScaledValueFromIntOrPercent(v, total, up);
  EXPECT_TRUE(r.ok()) << v.dump() << ": " << r.status().message();
  return r.ok() ? *r : -1;
}

std::string Error(const Json& v) {
  Result<int64_t> r = GetScaledValueFromIntOrPercent(v, 10, false);
  EXPECT_FALSE(r.ok()) << v.dump();
  return r.ok() ? "" : r.status().message();
}

TEST(IntOrStringTest, ScaledValueLikeUpstream) {
  EXPECT_EQ(Scaled(123, 0, false), 123);
  EXPECT_EQ(Scaled("90%", 100, true), 90);
  EXPECT_EQ(Scaled("90%", 95, true), 86);
  EXPECT_EQ(Scaled("90%", 95, false), 85);
  EXPECT_EQ(Scaled("25%", 3, true), 1);
  EXPECT_EQ(Scaled("25%", 3, false), 0);
  EXPECT_EQ(Scaled("+40%", 10, false), 4);
  EXPECT_EQ(Scaled("0%", 10, true), 0);
  EXPECT_EQ(Scaled(-1, 10, true), -1);
}

TEST(IntOrStringTest, ErrorsLikeUpstream) {
  EXPECT_EQ(Error(Json()), "nil value for IntOrString");
  EXPECT_EQ(Error("90"), "invalid value for IntOrString: invalid type: string is not a percentage");
  EXPECT_EQ(Error("90#"),
            "invalid value for IntOrString: invalid type: string is not a percentage");
  EXPECT_EQ(Error("%"),
            "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": "
            "invalid syntax");
  EXPECT_EQ(Error("#%"),
            "invalid value for IntOrString: invalid value \"#%\": strconv.Atoi: parsing \"#\": "
            "invalid syntax");
  EXPECT_EQ(Error("40%%"),
            "invalid value for IntOrString: invalid value \"40%%\": strconv.Atoi: parsing "
            "\"40%\": invalid syntax");
  EXPECT_EQ(Error("99999999999999999999%"),
            "invalid value for IntOrString: invalid value \"99999999999999999999%\": "
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
  EXPECT_EQ(Error(1.5), "invalid value for IntOrString: invalid type: neither int nor percentage");
  EXPECT_EQ(Error(Json::array()),
            "invalid value for IntOrString: invalid type: neither int nor percentage");
}

TEST(IntOrStringTest, Validation) {
  FieldPath p =
      FieldPath("spec").Child("updateStrategy").Child("rollingUpdate").Child("maxUnavailable");
  EXPECT_TRUE(ValidatePositiveIntOrPercent(3, p).empty());
  EXPECT_TRUE(ValidatePositiveIntOrPercent("50%", p).empty());
  FieldErrorList neg = ValidatePositiveIntOrPercent(-1, p);
  ASSERT_EQ(neg.size(), 1u);
  EXPECT_EQ(neg[0].ToString(),
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater "
            "than or equal to 0");
  FieldErrorList bad = ValidatePositiveIntOrPercent("abc", p);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].ToString(),
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
            "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be "
            "a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
            "validation is '[0-9]+%')");
  EXPECT_TRUE(IsNotMoreThan100Percent("100%", p).empty());
  EXPECT_TRUE(IsNotMoreThan100Percent(500, p).empty());
  EXPECT_TRUE(IsNotMoreThan100Percent("abc", p).empty());
  FieldErrorList over = IsNotMoreThan100Percent("101%", p);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].ToString(),
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "
            "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than "
            "100%");
  EXPECT_EQ(RenderIntOrString(5), "intstr.IntOrString{Type:0, IntVal:5, StrVal:\"\"}");
}

}  // namespace
}  // namespace stead

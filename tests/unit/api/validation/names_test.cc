#include "api/validation/names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/validation/go_format.h"

namespace stead::api::validation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NamesTest, DNS1123Label) {
  EXPECT_THAT(IsDNS1123Label("my-name"), IsEmpty());
  EXPECT_THAT(IsDNS1123Label("a.b"), ElementsAre("must not contain dots"));
  EXPECT_THAT(IsDNS1123Label("Web"),
              ElementsAre("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                          "characters or '-', and must start and end with an alphanumeric "
                          "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                          "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
  EXPECT_THAT(IsDNS1123Label(std::string(64, 'a')),
              ElementsAre("must be no more than 63 characters"));
}

TEST(NamesTest, DNS1035Label) {
  EXPECT_THAT(IsDNS1035Label("web"), IsEmpty());
  EXPECT_THAT(IsDNS1035Label("1web"),
              ElementsAre("a DNS-1035 label must consist of lower case alphanumeric characters or "
                          "'-', start with an alphabetic character, and end with an alphanumeric "
                          "character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
                          "'[a-z]([-a-z0-9]*[a-z0-9])?')"));
}

TEST(NamesTest, NameRulesMaskTrailingDashForPrefixes) {
  EXPECT_THAT(NameIsDNSSubdomain("web-", true), IsEmpty());
  EXPECT_THAT(NameIsDNSLabel("web-", true), IsEmpty());
  EXPECT_THAT(NameIsDNSLabel("web-", false), ::testing::SizeIs(1));
  // Upstream replaces the last two characters: "a-" becomes "a", "-" stays.
  EXPECT_THAT(NameIsDNSLabel("-", true), ::testing::SizeIs(1));
}

TEST(NamesTest, EnvVarNames) {
  EXPECT_THAT(IsRelaxedEnvVarName("1 weird.NAME-ok"), IsEmpty());
  EXPECT_THAT(IsRelaxedEnvVarName("A=B"),
              ElementsAre("a valid environment variable name must consist only of printable ASCII "
                          "characters other than '='"));
  EXPECT_THAT(IsRelaxedEnvVarName(""), ElementsAre("environment variable name must be non-empty"));
  EXPECT_THAT(IsEnvVarName("1abc"), ::testing::SizeIs(1));
  EXPECT_THAT(IsEnvVarName(".."), ElementsAre("must not be '..'"));
}

TEST(NamesTest, PortNames) {
  EXPECT_THAT(IsValidPortName("http"), IsEmpty());
  EXPECT_THAT(
      IsValidPortName("web--port-name-too-long"),
      ElementsAre("must be no more than 15 characters", "must not contain consecutive hyphens"));
  EXPECT_THAT(IsValidPortName("80"), ElementsAre("must contain at least one letter (a-z)"));
  EXPECT_THAT(IsValidPortNum(0), ElementsAre("must be between 1 and 65535, inclusive"));
}

TEST(NamesTest, ConfigMapKeys) {
  EXPECT_THAT(IsConfigMapKey("app.conf"), IsEmpty());
  EXPECT_THAT(IsConfigMapKey("a/b"),
              ElementsAre("a valid config key must consist of alphanumeric characters, '-', '_' or "
                          "'.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
                          "validation is '[-._a-zA-Z0-9]+')"));
}

TEST(NamesTest, IPs) {
  bool v6 = false;
  EXPECT_TRUE(ParseIP("10.0.0.1", &v6));
  EXPECT_FALSE(v6);
  EXPECT_TRUE(ParseIP("010.000.000.001"));  // sloppy IPv4
  EXPECT_TRUE(ParseIP("2001:db8::1", &v6));
  EXPECT_TRUE(v6);
  EXPECT_FALSE(ParseIP("10.0.0"));
  EXPECT_FALSE(ParseIP("256.0.0.1"));
  EXPECT_TRUE(IsLoopbackIP("127.0.0.2"));
  EXPECT_TRUE(IsLoopbackIP("::1"));
  EXPECT_TRUE(IsUnspecifiedIP("0.0.0.0"));
  EXPECT_TRUE(IsLinkLocalUnicastIP("169.254.1.1"));
  EXPECT_TRUE(IsLinkLocalMulticastIP("224.0.0.5"));
  EXPECT_TRUE(ParseCIDR("10.244.0.0/16"));
  EXPECT_FALSE(ParseCIDR("10.244.0.0/33"));
}

TEST(GoFormatTest, RendersLikeGo) {
  Json labels = {{"b", "2"}, {"a", "1"}};
  EXPECT_EQ(GoStringMap(&labels), "map[string]string{\"a\":\"1\", \"b\":\"2\"}");
  EXPECT_EQ(GoStringMap(nullptr), "map[string]string(nil)");
  EXPECT_EQ(GoLabelSelector(Json::parse(
                R"({"matchExpressions": [{"key": "k", "operator": "In", "values": ["x", "y"]}]})")),
            "v1.LabelSelector{MatchLabels:map[string]string(nil), "
            "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"k\", "
            "Operator:\"In\", Values:[]string{\"x\", \"y\"}}}}");
  Json one = 1;
  EXPECT_EQ(GoPointer("intstr.IntOrString", nullptr), "(*intstr.IntOrString)(nil)");
  EXPECT_EQ(GoPointer("intstr.IntOrString", &one), "(*intstr.IntOrString)(0xc000000000)");
}

}  // namespace
}  // namespace stead::api::validation

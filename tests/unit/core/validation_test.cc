#include "core/validation.h"

#include <string>

#include <gtest/gtest.h>

namespace stead {
namespace {

using Errors = std::vector<std::string>;

TEST(ValidationTest, QualifiedNames) {
  for (const char* ok :
       {"simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple",
        "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple",
        "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678",
        "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
        "a.b.c.d.e.f/"
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"}) {
    EXPECT_EQ(IsQualifiedName(ok), Errors{}) << ok;
  }
  for (const char* bad : {"nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-",
                          "only/one/slash", "Example.com/abc", "example_com/abc", "example.com/",
                          "/simple", "a/b/c", "underscore_at_end_"}) {
    EXPECT_FALSE(IsQualifiedName(bad).empty()) << bad;
  }
  EXPECT_EQ(IsQualifiedName("/"),
            (Errors{"prefix part must be non-empty", "name part must be non-empty",
                    "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
                    "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', "
                    " or '123-abc', regex used for validation is "
                    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"}));
}

TEST(ValidationTest, LabelValues) {
  for (const char* ok : {"", "simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1",
                         "1234", "Uppercase_Is_OK_123", "a.b"}) {
    EXPECT_EQ(IsValidLabelValue(ok), Errors{}) << ok;
  }
  EXPECT_EQ(IsValidLabelValue(std::string(64, 'a')), Errors{"must be no more than 63 characters"});
  EXPECT_EQ(IsValidLabelValue("-x").size(), 1u);
  EXPECT_EQ(IsValidLabelValue("-" + std::string(64, 'a')).size(), 2u);
}

TEST(ValidationTest, Dns1123) {
  EXPECT_EQ(IsDNS1123Subdomain("a.b-c.d"), Errors{});
  EXPECT_EQ(IsDNS1123Subdomain("a..b").size(), 1u);
  EXPECT_EQ(IsDNS1123Subdomain("A").size(), 1u);
  EXPECT_EQ(IsDNS1123Subdomain(std::string(254, 'a')),
            Errors{"must be no more than 253 characters"});
  EXPECT_EQ(IsDNS1123Label("web-0"), Errors{});
  EXPECT_EQ(IsDNS1123Label("a.b"), Errors{"must not contain dots"});
  EXPECT_EQ(IsDNS1123Label("Web"),
            Errors{"a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                   "or '-', and must start and end with an alphanumeric character (e.g. "
                   "'my-name',  or '123-abc', regex used for validation is "
                   "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"});
  EXPECT_EQ(IsDNS1123Label(std::string(64, 'a')), Errors{"must be no more than 63 characters"});
}

TEST(ValidationTest, Percent) {
  EXPECT_EQ(IsValidPercent("25%"), Errors{});
  EXPECT_EQ(IsValidPercent("0%"), Errors{});
  for (const char* bad : {"%", "25", "-1%", "2.5%", "25%%", " 25%", ""}) {
    EXPECT_EQ(IsValidPercent(bad).size(), 1u) << bad;
  }
}

}  // namespace
}  // namespace stead

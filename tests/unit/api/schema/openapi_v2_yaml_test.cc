#include "api/schema/openapi_v2_yaml.h"

#include <gtest/gtest.h>

namespace stead::api::schema {
namespace {

struct Case {
  const char* json;
  const char* yaml;
};

// Expected texts are what gnostic's compiler.Marshal (gopkg.in/yaml.v3)
// produces for the same JSON values.
TEST(OpenApiV2YamlTest, MatchesYamlV3Layout) {
  const Case cases[] = {
      {R"("abc")", "abc\n"},
      {R"("")", "\"\"\n"},
      {R"("true")", "\"true\"\n"},
      {R"("5")", "\"5\"\n"},
      {R"(5)", "5\n"},
      {R"(1.5)", "1.5\n"},
      {R"(true)", "true\n"},
      {R"(null)", "null\n"},
      {R"({})", "{}\n"},
      {R"([])", "[]\n"},
      {R"([{"group":"apps","kind":"Deployment","version":"v1"}])",
       "- group: apps\n  kind: Deployment\n  version: v1\n"},
      {R"(["a","b"])", "- a\n- b\n"},
      {R"({"a":{"b":[1,2]},"c":"x: y"})", "a:\n    b:\n        - 1\n        - 2\nc: 'x: y'\n"},
      {R"("a\nb")", "|-\n    a\n    b\n"},
      {R"("a\n")", "|\n    a\n"},
      {R"("a: b")", "'a: b'\n"},
      {R"("- x")", "'- x'\n"},
      {R"("-x")", "-x\n"},
      {R"("-")", "'-'\n"},
      {R"("null")", "\"null\"\n"},
      {R"("~")", "\"~\"\n"},
      {R"("0x10")", "\"0x10\"\n"},
      {R"("0o17")", "\"0o17\"\n"},
      {R"("1_000")", "\"1_000\"\n"},
      {R"("+1")", "\"+1\"\n"},
      {R"(".5")", "\".5\"\n"},
      {R"("1e3")", "\"1e3\"\n"},
      {R"("1.0")", "\"1.0\"\n"},
      {R"("1x")", "1x\n"},
      {R"("-1x")", "-1x\n"},
      {R"("True")", "\"True\"\n"},
      {R"("tRue")", "tRue\n"},
      {R"("yes")", "yes\n"},
      {R"("2006-01-02")", "\"2006-01-02\"\n"},
      {R"("2006-01-02T15:04:05Z")", "\"2006-01-02T15:04:05Z\"\n"},
      {R"(" lead")", "' lead'\n"},
      {R"("trail ")", "'trail '\n"},
      {R"("a#b")", "a#b\n"},
      {R"("a #b")", "'a #b'\n"},
      {R"("x:")", "'x:'\n"},
      {R"("x:y")", "x:y\n"},
      {R"("?x")", "?x\n"},
      {R"("@x")", "'@x'\n"},
      {R"("*")", "'*'\n"},
      {R"("{a}")", "'{a}'\n"},
      {R"("x]")", "x]\n"},
      {R"("a,b")", "a,b\n"},
      {R"("it's")", "it's\n"},
      {R"("a\"b")", "a\"b\n"},
      {R"("x\ty")", "\"x\\ty\"\n"},
      {R"("\u0001")", "\"\\x01\"\n"},
      {R"("é")", "é\n"},
      {R"([[1],[]])", "- - 1\n- []\n"},
      {R"({"k":[]})", "k: []\n"},
      {R"([{}])", "- {}\n"},
      {R"({"":1})", "\"\": 1\n"},
      {R"({"a b":1})", "a b: 1\n"},
      {R"({"5":1})", "\"5\": 1\n"},
      {R"({"a":[{"b":1,"c":2}]})", "a:\n    - b: 1\n      c: 2\n"},
      {R"([{"a":{"b":1}}])", "- a:\n    b: 1\n"},
      {R"([{"a":[1,2],"b":{"c":[{"d":1}]}}])",
       "- a:\n    - 1\n    - 2\n  b:\n    c:\n        - d: 1\n"},
      {R"([[{"a":1,"b":2}]])", "- - a: 1\n    b: 2\n"},
      {R"({"a":[[1,2]]})", "a:\n    - - 1\n      - 2\n"},
      {R"([{"discriminator":"type","fields-to-discriminateBy":{"localhostProfile":"LocalhostProfile"}}])",
       "- discriminator: type\n  fields-to-discriminateBy:\n    localhostProfile: "
       "LocalhostProfile\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GnosticYaml(Json::parse(c.json)), c.yaml) << c.json;
  }
}

TEST(OpenApiV2YamlTest, LongAndMultiLineTextAndKeys) {
  const std::string words = [] {
    std::string w;
    for (int i = 0; i < 20; ++i) w += (i ? " " : "") + std::string("word") + std::to_string(i);
    return w;
  }();
  const std::string k129(129, 'k');
  // Lines are never folded.
  EXPECT_EQ(GnosticYaml(Json(words)), words + "\n");
  EXPECT_EQ(GnosticYaml(Json{{"a", words}}), "a: " + words + "\n");
  // Keys longer than 128 bytes, or spanning lines, take the "? key" form.
  EXPECT_EQ(GnosticYaml(Json::parse("[{\"" + k129 + "\":1}]")), "- ? " + k129 + "\n  : 1\n");
  EXPECT_EQ(GnosticYaml(Json::parse("{\"" + k129 + "\":{\"x\":1}}")), "? " + k129 + "\n:   x: 1\n");
  EXPECT_EQ(GnosticYaml(Json::parse("{\"" + k129 + "\":[1]}")), "? " + k129 + "\n:   - 1\n");
  EXPECT_EQ(GnosticYaml(Json::parse(R"({"a\nb":1})")), "? |-\n    a\n    b\n: 1\n");
  // Literal blocks: indentation, keep-chomping, and where they are not allowed.
  EXPECT_EQ(GnosticYaml(Json::parse(R"({"a":"x\n y"})")), "a: |-\n    x\n     y\n");
  EXPECT_EQ(GnosticYaml(Json::parse(R"(["x\ny"])")), "- |-\n  x\n  y\n");
  EXPECT_EQ(GnosticYaml(Json("x\n\n")), "|+\n    x\n\n");
  EXPECT_EQ(GnosticYaml(Json(" \nx")), "\" \\nx\"\n");
  EXPECT_EQ(GnosticYaml(Json("a \nb")), "\"a \\nb\"\n");
}

}  // namespace
}  // namespace stead::api::schema

#include "core/field_selector.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace stead {
namespace {

using Fields = std::map<std::string, std::string>;

FieldSelector::Getter From(const Fields& fields) {
  return [fields](const std::string& f) -> std::optional<std::string> {
    auto it = fields.find(f);
    if (it == fields.end()) return std::nullopt;
    return it->second;
  };
}

bool Match(std::string_view selector, const Fields& fields) {
  Result<FieldSelector> s = FieldSelector::Parse(selector);
  EXPECT_TRUE(s.ok()) << selector << ": " << s.status().message();
  return s.ok() && s->Matches(From(fields));
}

std::string ParseError(std::string_view selector) {
  Result<FieldSelector> s = FieldSelector::Parse(selector);
  EXPECT_FALSE(s.ok()) << selector;
  return s.ok() ? "" : s.status().message();
}

TEST(FieldSelectorTest, ParsesAndRestrings) {
  for (const char* s : {"x=a,y=b,z=c", "", "x!=a,y=b", R"(x=a||y\=b)", R"(x=a\=\=b)"}) {
    Result<FieldSelector> sel = FieldSelector::Parse(s);
    ASSERT_TRUE(sel.ok()) << s << ": " << sel.status().message();
    EXPECT_EQ(sel->ToString(), s);
  }
  EXPECT_EQ(FieldSelector::Parse("x=a,a=x")->ToString(), "a=x,x=a");
  EXPECT_EQ(FieldSelector::Parse("b==v")->ToString(), "b=v");
  EXPECT_EQ(FieldSelector::Parse(",a=a,")->ToString(), "a=a");
  EXPECT_TRUE(FieldSelector::Parse("=")->Empty());
  EXPECT_TRUE(FieldSelector::Parse("")->Empty());

  Result<FieldSelector> sel =
      FieldSelector::Parse(R"(status.phase!=Running,metadata.name=web-0,k=\\\,)");
  ASSERT_TRUE(sel.ok());
  std::vector<FieldSelector::Requirement> want = {
      {"k", FieldSelector::Operator::kEquals, R"(\,)"},
      {"metadata.name", FieldSelector::Operator::kEquals, "web-0"},
      {"status.phase", FieldSelector::Operator::kNotEquals, "Running"},
  };
  EXPECT_EQ(sel->requirements(), want);
  EXPECT_EQ(sel->RequiresExactMatch("metadata.name"), "web-0");
  EXPECT_EQ(sel->RequiresExactMatch("status.phase"), std::nullopt);
  EXPECT_EQ(FieldSelector::Parse("함=수,목=록")->requirements().size(), 2u);
}

TEST(FieldSelectorTest, RejectsWithUpstreamMessages) {
  for (const char* s : {"x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"}) {
    ParseError(s);
  }
  EXPECT_EQ(ParseError("x=a,b"), "invalid selector: 'x=a,b'; can't understand 'b'");
  EXPECT_EQ(ParseError("x"), "invalid selector: 'x'; can't understand 'x'");
  EXPECT_EQ(ParseError("x==a==b"), "invalid field selector: unescaped character in value: 61");
  EXPECT_EQ(ParseError(R"(k=\a)"), R"(invalid field selector: invalid escape sequence: \a)");
  EXPECT_EQ(ParseError(R"(k=\)"), R"(invalid field selector: invalid escape sequence: \)");
  EXPECT_EQ(ParseError(R"(k=\\\)"), R"(invalid field selector: invalid escape sequence: \)");
  EXPECT_EQ(ParseError("k=\\\xc3\xa9"),
            "invalid field selector: invalid escape sequence: \\\xc3\xa9");
}

TEST(FieldSelectorTest, Matches) {
  EXPECT_TRUE(Match("", {{"x", "y"}}));
  EXPECT_TRUE(Match("x=y", {{"x", "y"}}));
  EXPECT_TRUE(Match("x=y,z=w", {{"x", "y"}, {"z", "w"}}));
  EXPECT_TRUE(Match("x!=y,z!=w", {{"x", "z"}, {"z", "a"}}));
  EXPECT_TRUE(Match("notin=in", {{"notin", "in"}}));
  EXPECT_FALSE(Match("x=y", {{"x", "z"}}));
  EXPECT_FALSE(Match("x=y,z=w", {{"x", "w"}, {"z", "w"}}));
  EXPECT_FALSE(Match("x!=y,z!=w", {{"x", "z"}, {"z", "w"}}));
  Fields fields = {{"foo", "bar"}, {"baz", "blah"}, {"complex", R"(=value\,\)"}};
  EXPECT_TRUE(Match(R"(foo=bar,baz=blah,complex=\=value\\\,\\)", fields));
  EXPECT_FALSE(Match("foo=bar,foobar=bar,baz=blah", fields));
  // An unknown field reads as "".
  EXPECT_TRUE(Match("spec.nodeName=", {}));
  EXPECT_TRUE(Match("spec.nodeName!=node1", {}));
}

TEST(FieldSelectorTest, EscapeValue) {
  EXPECT_EQ(EscapeFieldValue(""), "");
  EXPECT_EQ(EscapeFieldValue("a"), "a");
  EXPECT_EQ(EscapeFieldValue("="), R"(\=)");
  EXPECT_EQ(EscapeFieldValue(","), R"(\,)");
  EXPECT_EQ(EscapeFieldValue(R"(\=\,\)"), R"(\\\=\\\,\\)");
  Result<FieldSelector> round = FieldSelector::Parse("k=" + EscapeFieldValue(R"(\=\,\)"));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->requirements()[0].value, R"(\=\,\)");
}

}  // namespace
}  // namespace stead

#include "core/label_selector.h"

#include <string>

#include <gtest/gtest.h>

namespace stead {
namespace {

using Op = LabelSelector::Operator;

LabelSelector MustParse(std::string_view s) {
  Result<LabelSelector> sel = LabelSelector::Parse(s);
  EXPECT_TRUE(sel.ok()) << s << ": " << sel.status().message();
  return sel.ok() ? *sel : LabelSelector::Nothing();
}

std::string ParseError(std::string_view s) {
  Result<LabelSelector> sel = LabelSelector::Parse(s);
  EXPECT_FALSE(sel.ok()) << s << " parsed as " << sel->ToString();
  return sel.ok() ? "" : sel.status().message();
}

const char kNameRegexError[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const char kLabelValueError[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

TEST(LabelSelectorTest, GoodStringsRoundTrip) {
  // Upstream TestSelectorParse: the canonical string is the input minus spaces.
  for (const char* s :
       {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"}) {
    std::string want = s;
    std::erase(want, ' ');
    EXPECT_EQ(MustParse(s).ToString(), want) << s;
  }
  EXPECT_EQ(MustParse("x=a,a=x").ToString(), MustParse("a=x,x=a").ToString());
  EXPECT_EQ(MustParse("foo=bar,baz=blah").ToString(), "baz=blah,foo=bar");
  EXPECT_EQ(MustParse("x notin (abc,,def),bar,z in (),w").ToString(),
            "bar,w,x notin (,abc,def),z in ()");
  EXPECT_EQ(MustParse("a in (x,y,notin, z,in)").ToString(), "a in (in,notin,x,y,z)");
  EXPECT_EQ(MustParse("x in (b,a,b)").requirements()[0].values,
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(MustParse("\rx").ToString(), "x");
  EXPECT_EQ(MustParse("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)").ToString(),
            "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)");
  EXPECT_EQ(MustParse("x  notin\t\t(abc,def)").ToString(), "x notin (abc,def)");
  EXPECT_EQ(MustParse("x==a,y").ToString(), "x==a,y");
  EXPECT_EQ(MustParse("x notin (, a)").ToString(), "x notin (,a)");
  EXPECT_EQ(MustParse("notin=in").ToString(), "notin=in");
}

TEST(LabelSelectorTest, BadStringsFailWithUpstreamMessages) {
  for (const char* s :
       {"x=a||y=b", "x==a==b", "!x=a", "x<a", "x,,y", ",x,y", "x nott in (y)", "a in (xyz),",
        "a in (xyz)b notin ()", "a in (xyz abc)", "a notin(", "a (", "("}) {
    ParseError(s);
  }
  EXPECT_EQ(ParseError("x==a==b"), "found '==', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("!x=a"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("x,,y"), "found ',', expected: identifier after ','");
  EXPECT_EQ(ParseError(",x"), "found ',', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(ParseError("a b"),
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(ParseError("a in (xyz abc)"),
            "unable to parse requirement: found 'abc', expected: ',' or ')'");
  EXPECT_EQ(ParseError("a notin("),
            "unable to parse requirement: found '', expected: ',', ')' or identifier");
  EXPECT_EQ(ParseError("a in x"), "unable to parse requirement: found 'x' expected: '('");
  EXPECT_EQ(ParseError("a in (x,"),
            "unable to parse requirement: found '', expected: ',', or identifier");
  EXPECT_EQ(ParseError("a=("), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(ParseError("!"), "unable to parse requirement: found '', expected: identifier");
  EXPECT_EQ(ParseError("x<a"),
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' "
            "operators, the value must be an integer");
  EXPECT_EQ(ParseError("-a=b"),
            std::string("unable to parse requirement: <nil>: Invalid value: \"-a\": name part ") +
                kNameRegexError);
  EXPECT_EQ(ParseError("a=-b"),
            std::string("unable to parse requirement: values[0][a]: Invalid value: \"-b\": ") +
                kLabelValueError);
  EXPECT_EQ(ParseError("a/b/c"),
            std::string("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a "
                        "qualified name ") +
                kNameRegexError +
                " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
  EXPECT_EQ(ParseError("Example.com/a"),
            "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a "
            "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character (e.g. "
            "'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_EQ(ParseError(std::string(64, 'a')),
            "unable to parse requirement: <nil>: Invalid value: \"" + std::string(64, 'a') +
                "\": name part must be no more than 63 characters");
  // Two value problems aggregate in brackets.
  EXPECT_EQ(ParseError("a>-1"),
            std::string("unable to parse requirement: values[0][a]: Invalid value: \"-1\": ") +
                kLabelValueError);
  EXPECT_EQ(ParseError("a in (-x,-y)"),
            std::string("unable to parse requirement: [values[0][a]: Invalid value: \"-x\": ") +
                kLabelValueError + ", values[1][a]: Invalid value: \"-y\": " + kLabelValueError +
                "]");
  EXPECT_EQ(ParseError("a=\x01"),
            std::string("unable to parse requirement: values[0][a]: Invalid value: \"\\x01\": ") +
                kLabelValueError);
}

TEST(LabelSelectorTest, MatchesLikeUpstream) {
  struct {
    const char* selector;
    LabelSet labels;
    bool match;
  } cases[] = {
      {"", {{"x", "y"}}, true},
      {"x=y", {{"x", "y"}}, true},
      {"x=y,z=w", {{"x", "y"}, {"z", "w"}}, true},
      {"x!=y,z!=w", {{"x", "z"}, {"z", "a"}}, true},
      {"notin=in", {{"notin", "in"}}, true},
      {"x", {{"x", "z"}}, true},
      {"!x", {{"y", "z"}}, true},
      {"x>1", {{"x", "2"}}, true},
      {"x<1", {{"x", "0"}}, true},
      {"x=z", {}, false},
      {"x=y", {{"x", "z"}}, false},
      {"x=y,z=w", {{"x", "w"}, {"z", "w"}}, false},
      {"x!=y,z!=w", {{"x", "z"}, {"z", "w"}}, false},
      {"x", {{"y", "z"}}, false},
      {"!x", {{"x", "z"}}, false},
      {"x>1", {{"x", "0"}}, false},
      {"x<1", {{"x", "2"}}, false},
      {"x>1", {{"x", "v2"}}, false},
      {"x>1", {}, false},
      // != and notin match objects without the key.
      {"x!=y", {}, true},
      {"x notin (a,b)", {{"y", "a"}}, true},
      {"x notin (a,b)", {{"x", "a"}}, false},
      {"x in (a,b)", {{"x", "b"}}, true},
      {"x in ()", {{"x", ""}}, true},
      {"x in ()", {{"y", "baz"}}, false},
      {"x notin (),y", {{"y", ""}}, true},
      {"foo=bar,foobar=bar,baz=blah", {{"foo", "bar"}, {"baz", "blah"}}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(MustParse(c.selector).Matches(c.labels), c.match) << c.selector;
  }
}

TEST(LabelSelectorTest, EverythingNothingAndSets) {
  LabelSelector everything;
  EXPECT_TRUE(everything.Empty());
  EXPECT_TRUE(everything.MatchesEverything());
  EXPECT_TRUE(everything.Matches({{"x", "y"}}));
  LabelSelector nothing = LabelSelector::Nothing();
  EXPECT_FALSE(nothing.Empty());
  EXPECT_TRUE(nothing.MatchesNothing());
  EXPECT_FALSE(nothing.Matches({}));
  EXPECT_EQ(nothing.ToString(), "");

  LabelSet labels = {{"foo", "bar"}, {"baz", "blah"}};
  EXPECT_TRUE(SelectorFromSet({}).Empty());
  EXPECT_TRUE(SelectorFromSet({}).Matches(labels));
  EXPECT_TRUE(SelectorFromSet({{"foo", "bar"}}).Matches(labels));
  EXPECT_TRUE(SelectorFromSet(labels).Matches(labels));
  EXPECT_FALSE(SelectorFromSet({{"foo", "baz"}}).Matches(labels));
  EXPECT_EQ(SelectorFromSet({{"app", "foo"}, {"a", "b"}}).ToString(), "a=b,app=foo");
}

TEST(LabelSelectorTest, RequirementValidationAndRendering) {
  auto err = [](std::string key, Op op, std::vector<std::string> values) {
    Result<LabelSelector::Requirement> r =
        LabelSelector::MakeRequirement(std::move(key), op, std::move(values));
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(err("x1", Op::kIn, {}),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't "
            "be empty");
  EXPECT_EQ(err("x5", Op::kEquals, {"bar", "foo"}),
            "values: Invalid value: []string{\"bar\", \"foo\"}: exact-match compatibility "
            "requires one single value");
  EXPECT_EQ(err("x8", Op::kExists, {"foo"}),
            "values: Invalid value: []string{\"foo\"}: values set must be empty for exists and "
            "does not exist");
  EXPECT_EQ(err("x13", Op::kGreaterThan, {}),
            "values: Invalid value: []string(nil): for 'Gt', 'Lt' operators, exactly one value "
            "is required");
  EXPECT_EQ(err("x14", Op::kGreaterThan, {"bar"}),
            "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an "
            "integer");
  EXPECT_EQ(err(std::string(254, 'a'), Op::kExists, {}),
            "key: Invalid value: \"" + std::string(254, 'a') +
                "\": name part must be no more than 63 characters");
  EXPECT_EQ(err("x16", Op::kEquals, {std::string(254, 'a')}),
            "values[0][x16]: Invalid value: \"" + std::string(254, 'a') +
                "\": must be no more than 63 characters");
  EXPECT_EQ(err("x17", Op::kEquals, {"a b"}),
            std::string("values[0][x17]: Invalid value: \"a b\": ") + kLabelValueError);
  EXPECT_EQ(err("x3", Op::kIn, {"foo"}), "ok");
  EXPECT_EQ(err("x11", Op::kGreaterThan, {"1"}), "ok");

  auto str = [](std::vector<LabelSelector::Requirement> reqs) {
    return LabelSelector().Add(std::move(reqs)).ToString();
  };
  EXPECT_EQ(
      str({{"x", Op::kIn, {"def", "abc"}}, {"y", Op::kNotIn, {"jkl"}}, {"z", Op::kExists, {}}}),
      "x in (abc,def),y notin (jkl),z");
  EXPECT_EQ(str({{"x", Op::kNotIn, {"abc", "def"}},
                 {"y", Op::kNotEquals, {"jkl"}},
                 {"z", Op::kDoesNotExist, {}}}),
            "x notin (abc,def),y!=jkl,!z");
  EXPECT_EQ(
      str({{"z", Op::kNotIn, {""}}, {"x", Op::kNotIn, {"abc"}}, {"y", Op::kIn, {"jkl", "mno"}}}),
      "x notin (abc),y in (jkl,mno),z notin ()");
  EXPECT_EQ(str({{"x", Op::kEquals, {"abc"}},
                 {"y", Op::kDoubleEquals, {"jkl"}},
                 {"z", Op::kNotEquals, {"a"}},
                 {"z", Op::kExists, {}}}),
            "x=abc,y==jkl,z!=a,z");
  EXPECT_EQ(str({{"y", Op::kLessThan, {"8"}}, {"x", Op::kGreaterThan, {"2"}}}), "x>2,y<8");
}

TEST(LabelSelectorTest, RequiresExactMatch) {
  LabelSelector s =
      LabelSelector().Add({{"key", Op::kIn, {"value", "value1"}}, {"key2", Op::kIn, {"value2"}}});
  EXPECT_EQ(s.RequiresExactMatch("key"), std::nullopt);
  EXPECT_EQ(s.RequiresExactMatch("key2"), "value2");
  EXPECT_EQ(MustParse("key==v").RequiresExactMatch("key"), "v");
  EXPECT_EQ(MustParse("key=v").RequiresExactMatch("key"), "v");
  EXPECT_EQ(MustParse("key!=v").RequiresExactMatch("key"), std::nullopt);
  EXPECT_EQ(MustParse("key=v").RequiresExactMatch("other"), std::nullopt);
}

TEST(LabelSelectorTest, FromMetav1LabelSelector) {
  Json sel = Json::parse(R"({
    "matchLabels": {"foo": "bar", "baz": "blah"},
    "matchExpressions": [
      {"key": "tier", "operator": "In", "values": ["web", "cache"]},
      {"key": "env", "operator": "NotIn", "values": ["dev"]},
      {"key": "gpu", "operator": "Exists"},
      {"key": "legacy", "operator": "DoesNotExist"}
    ]})");
  Result<LabelSelector> s = LabelSelector::FromJson(sel);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->ToString(), "baz=blah,env notin (dev),foo=bar,gpu,!legacy,tier in (cache,web)");
  EXPECT_TRUE(s->Matches({{"foo", "bar"}, {"baz", "blah"}, {"tier", "web"}, {"gpu", "1"}}));
  EXPECT_FALSE(s->Matches({{"foo", "bar"}, {"baz", "blah"}, {"tier", "web"}}));
  EXPECT_FALSE(
      s->Matches({{"foo", "bar"}, {"baz", "blah"}, {"tier", "web"}, {"gpu", "1"}, {"env", "dev"}}));

  EXPECT_TRUE(LabelSelector::FromJson(Json()).value().MatchesNothing());
  EXPECT_TRUE(LabelSelector::FromJson(Json::object()).value().MatchesEverything());
  EXPECT_TRUE(LabelSelector::FromJson(Json::parse(R"({"matchLabels": {}})")).value().Empty());

  auto err = [](const char* text) {
    Result<LabelSelector> r = LabelSelector::FromJson(Json::parse(text));
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? "" : r.status().message();
  };
  EXPECT_EQ(err(R"({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]})"),
            "\"Gt\" is not a valid label selector operator");
  EXPECT_EQ(err(R"({"matchExpressions": [{"key": "a", "operator": "In"}]})"),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't "
            "be empty");
  EXPECT_EQ(err(R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})"),
            "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does "
            "not exist");
  EXPECT_EQ(err(R"({"matchLabels": {"app": "a b"}})"),
            std::string("values[0][app]: Invalid value: \"a b\": ") + kLabelValueError);
  EXPECT_EQ(err(R"({"matchLabels": {"a b": "x"}})"),
            std::string("key: Invalid value: \"a b\": name part ") + kNameRegexError);
}

}  // namespace
}  // namespace stead

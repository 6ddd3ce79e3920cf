#include "apiserver/http/url.h"

#include <gtest/gtest.h>

namespace stead::apiserver::http {
namespace {

using Query = std::multimap<std::string, std::string>;

TEST(UrlTest, PercentDecodesPathsKeepingPlus) {
  EXPECT_EQ(PercentDecode("/api/v1/a%20b+c%2Fd", false), "/api/v1/a b+c/d");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%e2%9C%93", false), "\xe2\x9c\x93");
  EXPECT_FALSE(PercentDecode("%2", false));
  EXPECT_FALSE(PercentDecode("abc%", false));
  EXPECT_FALSE(PercentDecode("%zz", false));
}

TEST(UrlTest, ParsesQueriesLikeGo) {
  Query query;
  ParseQuery("labelSelector=app%3Dweb%2Ctier+in+(a)&watch&x=1&x=2&&=v&bad=%zz&semi=a;b", &query);
  Query expected = {
      {"labelSelector", "app=web,tier in (a)"}, {"watch", ""}, {"x", "1"}, {"x", "2"}, {"", "v"}};
  EXPECT_EQ(query, expected);
  auto range = query.equal_range("x");
  EXPECT_EQ(range.first->second, "1");
}

TEST(UrlTest, SplitsTargets) {
  auto target = DecodeTarget("/api/v1/namespaces/a%2Fb/pods?fieldSelector=spec.nodeName%3Dn1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/api/v1/namespaces/a/b/pods");
  EXPECT_EQ(target->query, (Query{{"fieldSelector", "spec.nodeName=n1"}}));

  target = DecodeTarget("http://example:8080/version?x=1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/version");
  EXPECT_EQ(target->query, (Query{{"x", "1"}}));

  target = DecodeTarget("/plain");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/plain");
  EXPECT_TRUE(target->query.empty());

  EXPECT_FALSE(DecodeTarget("/bad%g0?x=1"));
}

}  // namespace
}  // namespace stead::apiserver::http

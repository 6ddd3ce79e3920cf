#include "apiserver/auth/token.h"

#include <gtest/gtest.h>

#include "apiserver/auth/files.h"
#include "unit/apiserver/auth/auth_test_dir.h"

namespace stead::apiserver::auth {
namespace {

class TokenTest : public testing::TempDirTest {};

TEST_F(TokenTest, AdminTokenIsCreatedOnceWithPrivateMode) {
  auto token = EnsureAdminToken(dir_);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->size(), 64u);
  EXPECT_EQ(token->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(Mode(dir_ + "/token"), 0600u);
  EXPECT_EQ(*ReadWholeFile(dir_ + "/token"), *token + "\n");
  auto again = EnsureAdminToken(dir_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *token);
}

TEST_F(TokenTest, CorruptTokenFileIsAnError) {
  ASSERT_TRUE(WriteFileAtomically(dir_ + "/token", "short\n", 0600).ok());
  EXPECT_FALSE(EnsureAdminToken(dir_).ok());
}

TEST(TokenGenerationTest, TokensDiffer) { EXPECT_NE(GenerateToken(), GenerateToken()); }

TEST(BearerTokenTest, ParsesLikeUpstream) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("  bearer abc  "), "abc");
  EXPECT_EQ(BearerToken("BEARER abc extra"), "abc");
  EXPECT_EQ(BearerToken("Bearer  abc"), std::nullopt);  // empty second field
  EXPECT_EQ(BearerToken("Bearer"), std::nullopt);
  EXPECT_EQ(BearerToken("Basic abc"), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer\tabc"), std::nullopt);
  EXPECT_EQ(BearerToken(""), std::nullopt);
}

TEST(TokenAuthenticatorTest, MapsTokensToUsers) {
  TokenAuthenticator authenticator;
  const std::string admin = GenerateToken();
  authenticator.AddToken(admin, AdminUser());
  authenticator.AddToken("agent-token", {.name = "system:node:n1", .groups = {"system:nodes"}});

  auto user = authenticator.AuthenticateHeader("Bearer " + admin);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->name, "admin");
  EXPECT_EQ(user->groups, (std::vector<std::string>{"system:masters", "system:authenticated"}));

  auto node = authenticator.AuthenticateToken("agent-token");
  ASSERT_TRUE(node);
  EXPECT_EQ(node->name, "system:node:n1");
  EXPECT_EQ(node->groups, (std::vector<std::string>{"system:nodes", "system:authenticated"}));

  EXPECT_FALSE(authenticator.AuthenticateHeader("Bearer " + admin.substr(0, 63)));
  EXPECT_FALSE(authenticator.AuthenticateHeader("Bearer " + admin + "0"));
  EXPECT_FALSE(authenticator.AuthenticateHeader(admin));
  EXPECT_FALSE(authenticator.AuthenticateHeader(""));

  EXPECT_TRUE(authenticator.RemoveToken("agent-token"));
  EXPECT_FALSE(authenticator.RemoveToken("agent-token"));
  EXPECT_FALSE(authenticator.AuthenticateToken("agent-token"));
  EXPECT_TRUE(authenticator.AuthenticateToken(admin));
}

TEST(TokenAuthenticatorTest, AddingAKnownTokenReplacesItsUser) {
  TokenAuthenticator authenticator;
  authenticator.AddToken("t", {.name = "old"});
  authenticator.AddToken("t", {.name = "new", .groups = {"system:authenticated"}});
  auto user = authenticator.AuthenticateToken("t");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->name, "new");
  EXPECT_EQ(user->groups, (std::vector<std::string>{"system:authenticated"}));
}

TEST(TokenAuthenticatorTest, UnauthorizedBodyMatchesUpstream) {
  EXPECT_EQ(UnauthorizedBody(),
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
            R"("message":"Unauthorized","reason":"Unauthorized","code":401})");
}

}  // namespace
}  // namespace stead::apiserver::auth

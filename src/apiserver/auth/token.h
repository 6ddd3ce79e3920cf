// Bearer-token authentication. The admin token is 32 random bytes (hex) kept
// in DATA_DIR/token (mode 0600), created on first start and reused after.
// TokenAuthenticator maps tokens to users the way the upstream token-file
// authenticator does, and checks them in constant time: the presented token
// is hashed and compared with every known hash, so neither timing nor early
// exits reveal how much of a token matched. Thread-safe.
#pragma once

#include <array>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stead::apiserver::auth {

struct UserInfo {
  std::string name;
  std::string uid;
  std::vector<std::string> groups;
};

// "admin" in system:masters.
UserInfo AdminUser();

// 32 bytes from the OS CSPRNG, hex-encoded (64 characters).
std::string GenerateToken();

// Reads DATA_DIR/token, or creates it with a new token.
Result<std::string> EnsureAdminToken(const std::string& data_dir);

// The bearer token in an Authorization header value ("Bearer <token>", the
// scheme case-insensitive), or nullopt, following upstream's bearertoken
// request authenticator.
std::optional<std::string_view> BearerToken(std::string_view authorization);

class TokenAuthenticator {
 public:
  // Adds or replaces the user of `token`.
  void AddToken(std::string_view token, UserInfo user);
  // False if the token was unknown.
  bool RemoveToken(std::string_view token);

  // The user of the bearer token in `authorization` (the header value); the
  // group system:authenticated is always included. nullopt when there is no
  // bearer token or it is unknown: the caller answers 401 (UnauthorizedBody).
  std::optional<UserInfo> AuthenticateHeader(std::string_view authorization) const;
  std::optional<UserInfo> AuthenticateToken(std::string_view token) const;

 private:
  using Digest = std::array<unsigned char, 32>;
  static Digest Hash(std::string_view token);

  struct Entry {
    Digest digest;
    UserInfo user;
  };
  mutable std::shared_mutex mu_;
  std::vector<Entry> entries_;  // guarded by mu_
};

// The metav1.Status body of a 401.
std::string UnauthorizedBody();

}  // namespace stead::apiserver::auth

#include "apiserver/auth/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>

#include "apiserver/auth/files.h"

namespace stead::apiserver::auth {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr std::string_view kAuthenticatedGroup = "system:authenticated";

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsHexToken(std::string_view s) {
  return s.size() == 2 * kTokenBytes &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

}  // namespace

UserInfo AdminUser() { return {.name = "admin", .uid = "", .groups = {"system:masters"}}; }

std::string GenerateToken() {
  unsigned char bytes[kTokenBytes];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // Without randomness there is no safe credential to hand out.
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(2 * kTokenBytes);
  for (unsigned char b : bytes) {
    token.push_back(kHex[b >> 4]);
    token.push_back(kHex[b & 15]);
  }
  OPENSSL_cleanse(bytes, sizeof(bytes));
  return token;
}

Result<std::string> EnsureAdminToken(const std::string& data_dir) {
  STEAD_RETURN_IF_ERROR(MakeDirectories(data_dir, 0700));
  const std::string path = data_dir + "/token";
  auto existing = ReadWholeFile(path);
  if (existing.ok()) {
    std::string_view token = TrimSpace(*existing);
    if (!IsHexToken(token)) {
      return Status::Internal(path + " does not hold a token; remove it to create a new one");
    }
    return std::string(token);
  }
  if (!existing.status().IsNotFound()) return existing.status();
  std::string token = GenerateToken();
  STEAD_RETURN_IF_ERROR(WriteFileAtomically(path, token + "\n", 0600));
  return token;
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  authorization = TrimSpace(authorization);
  size_t space = authorization.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view scheme = authorization.substr(0, space);
  if (scheme.size() != 6 || strncasecmp(scheme.data(), "bearer", 6) != 0) return std::nullopt;
  // Upstream splits on single spaces and takes the second field, so
  // "Bearer  x" carries an empty (invalid) token and "Bearer x y" carries "x".
  std::string_view rest = authorization.substr(space + 1);
  std::string_view token = rest.substr(0, rest.find(' '));
  if (token.empty()) return std::nullopt;
  return token;
}

TokenAuthenticator::Digest TokenAuthenticator::Hash(std::string_view token) {
  Digest digest{};
  unsigned int size = 0;
  EVP_Digest(token.data(), token.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

void TokenAuthenticator::AddToken(std::string_view token, UserInfo user) {
  Digest digest = Hash(token);
  std::unique_lock lock(mu_);
  for (Entry& entry : entries_) {
    if (entry.digest == digest) {
      entry.user = std::move(user);
      return;
    }
  }
  entries_.push_back({digest, std::move(user)});
}

bool TokenAuthenticator::RemoveToken(std::string_view token) {
  Digest digest = Hash(token);
  std::unique_lock lock(mu_);
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& entry) { return entry.digest == digest; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::optional<UserInfo> TokenAuthenticator::AuthenticateHeader(
    std::string_view authorization) const {
  auto token = BearerToken(authorization);
  if (!token) return std::nullopt;
  return AuthenticateToken(*token);
}

std::optional<UserInfo> TokenAuthenticator::AuthenticateToken(std::string_view token) const {
  Digest digest = Hash(token);
  const Entry* match = nullptr;
  std::shared_lock lock(mu_);
  for (const Entry& entry : entries_) {
    if (CRYPTO_memcmp(entry.digest.data(), digest.data(), digest.size()) == 0) match = &entry;
  }
  if (match == nullptr) return std::nullopt;
  UserInfo user = match->user;
  if (std::find(user.groups.begin(), user.groups.end(), kAuthenticatedGroup) == user.groups.end()) {
    user.groups.emplace_back(kAuthenticatedGroup);
  }
  return user;
}

std::string UnauthorizedBody() {
  return R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
         R"("message":"Unauthorized","reason":"Unauthorized","code":401})";
}

}  // namespace stead::apiserver::auth

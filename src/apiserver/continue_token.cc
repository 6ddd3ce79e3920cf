#include "apiserver/continue_token.h"

#include "core/base64.h"
#include "core/json.h"

namespace stead::apiserver {

namespace {
// URL-safe base64 without padding, as upstream's RawURLEncoding.
std::string UrlSafe(std::string b64) {
  for (auto& c : b64) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

std::string FromUrlSafe(std::string text) {
  for (auto& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4) text.push_back('=');
  return text;
}
}  // namespace

std::string EncodeContinueToken(const ContinueToken& token) {
  Json j = {{"v", "meta.k8s.io/v1"}, {"rv", token.revision}, {"start", token.start}};
  return UrlSafe(Base64Encode(j.dump()));
}

Result<ContinueToken> DecodeContinueToken(const std::string& text) {
  auto raw = Base64Decode(FromUrlSafe(text));
  if (!raw.ok()) return Status::BadRequest("continue key is not valid: " + raw.status().message());
  auto j = ParseJson(*raw);
  if (!j.ok() || !j->is_object() || j->value("v", "") != "meta.k8s.io/v1" ||
      !(*j)["rv"].is_number_integer() || !(*j)["start"].is_string()) {
    return Status::BadRequest("continue key is not valid: incorrect encoded start resourceVersion");
  }
  ContinueToken t;
  t.revision = (*j)["rv"].get<int64_t>();
  t.start = (*j)["start"].get<std::string>();
  if (t.revision <= 0) {
    return Status::BadRequest("continue key is not valid: incorrect encoded start resourceVersion");
  }
  if (t.start.find("..") != std::string::npos || (!t.start.empty() && t.start[0] == '/')) {
    return Status::BadRequest("continue key is not valid: path traversal");
  }
  return t;
}

}  // namespace stead::apiserver

// Continue tokens of paginated lists: opaque to clients, they carry the
// revision of the first page (so later pages are consistent with it) and
// the key (relative to the list prefix) to resume at.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace stead::apiserver {

struct ContinueToken {
  int64_t revision = 0;
  std::string start;  // key suffix after the list prefix, inclusive
};

std::string EncodeContinueToken(const ContinueToken& token);
// 400 BadRequest ("continue key is not valid: ...") on malformed tokens.
Result<ContinueToken> DecodeContinueToken(const std::string& text);

}  // namespace stead::apiserver

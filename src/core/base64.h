// Standard base64 (RFC 4648 alphabet, '=' padding) with Go's
// encoding/base64 StdEncoding decoding rules, which is how []byte fields such
// as Secret.data arrive in JSON: CR and LF are ignored anywhere, padding is
// required, unused trailing bits are tolerated.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace stead {

std::string Base64Encode(std::string_view data);
// Errors are 400 BadRequest: "illegal base64 data at input byte <n>".
Result<std::string> Base64Decode(std::string_view text);

}  // namespace stead

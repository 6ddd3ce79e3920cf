#include "api/validation/names.h"

#include <arpa/inet.h>

#include <cstring>

namespace stead::api::validation {
namespace {

constexpr std::string_view kDNS1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1035LabelErrMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchDNS1123Label(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool MatchDNS1035Label(std::string_view s) {
  return !s.empty() && s.front() >= 'a' && s.front() <= 'z' && MatchDNS1123Label(s);
}

Problems HasChDirPrefix(std::string_view value) {
  if (value == ".") return {"must not be '.'"};
  if (value == "..") return {"must not be '..'"};
  if (value.substr(0, 2) == "..") return {"must not start with '..'"};
  return {};
}

// upstream maskTrailingDash: replaces the *last two* characters with "a"
// when the name ends in '-'.
std::string MaskTrailingDash(std::string_view name) {
  if (name.size() > 1 && name.back() == '-') {
    return std::string(name.substr(0, name.size() - 2)) + "a";
  }
  return std::string(name);
}

bool ParseIPv4Sloppy(std::string_view s, uint8_t out[4]) {
  int part = 0;
  size_t i = 0;
  while (part < 4) {
    if (i >= s.size() || !IsDigit(s[i])) return false;
    int v = 0;
    size_t digits = 0;
    while (i < s.size() && IsDigit(s[i])) {
      v = v * 10 + (s[i] - '0');
      if (v > 255) return false;
      ++i;
      ++digits;
    }
    if (digits == 0) return false;
    out[part++] = static_cast<uint8_t>(v);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

// Parses into 16 bytes (IPv4 as v4-mapped). Returns false on failure.
bool ParseIPBytes(std::string_view value, uint8_t out[16], bool* is_v6) {
  uint8_t v4[4];
  if (ParseIPv4Sloppy(value, v4)) {
    std::memset(out, 0, 16);
    out[10] = out[11] = 0xff;
    std::memcpy(out + 12, v4, 4);
    if (is_v6) *is_v6 = false;
    return true;
  }
  if (value.find(':') == std::string_view::npos || value.size() > 64) return false;
  std::string copy(value);
  if (inet_pton(AF_INET6, copy.c_str(), out) != 1) return false;
  if (is_v6) *is_v6 = true;
  return true;
}

bool IsV4Mapped(const uint8_t b[16]) {
  for (int i = 0; i < 10; ++i) {
    if (b[i] != 0) return false;
  }
  return b[10] == 0xff && b[11] == 0xff;
}

}  // namespace

std::string EmptyError() { return "must be non-empty"; }

std::string InclusiveRangeError(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

Problems IsDNS1035Label(std::string_view value) {
  Problems errs;
  if (value.size() > 63) errs.push_back(MaxLenError(63));
  if (!MatchDNS1035Label(value)) {
    errs.push_back(RegexError(kDNS1035LabelErrMsg, kDNS1035LabelFmt, {"my-name", "abc-123"}));
  }
  return errs;
}

Problems IsCIdentifier(std::string_view value) {
  bool ok = !value.empty() && (IsAlpha(value[0]) || value[0] == '_');
  for (char c : value) ok = ok && (IsAlnum(c) || c == '_');
  if (ok) return {};
  return {RegexError(
      "a valid C identifier must start with alphabetic character or '_', followed by a string "
      "of alphanumeric characters or '_'",
      "[A-Za-z_][A-Za-z0-9_]*", {"my_name", "MY_NAME", "MyName"})};
}

Problems IsEnvVarName(std::string_view value) {
  Problems errs;
  auto first_ok = [](char c) { return IsAlpha(c) || c == '-' || c == '.' || c == '_'; };
  bool ok = !value.empty() && first_ok(value[0]);
  for (char c : value) ok = ok && (first_ok(c) || IsDigit(c));
  if (!ok) {
    errs.push_back(RegexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', "
        "'-', or '.', and must not start with a digit",
        "[-._a-zA-Z][-._a-zA-Z0-9]*", {"my.env-name", "MY_ENV.NAME", "MyEnvName1"}));
  }
  for (auto& m : HasChDirPrefix(value)) errs.push_back(std::move(m));
  return errs;
}

Problems IsRelaxedEnvVarName(std::string_view value) {
  Problems errs;
  if (value.empty()) errs.push_back("environment variable name " + EmptyError());
  for (unsigned char c : value) {
    // Any byte >= 0x80 starts a non-ASCII rune, which is rejected.
    if (c >= 0x7f || c < 0x20 || c == '=') {
      errs.push_back(
          "a valid environment variable name must consist only of printable ASCII characters "
          "other than '='");
      break;
    }
  }
  return errs;
}

Problems IsConfigMapKey(std::string_view value) {
  Problems errs;
  if (value.size() > 253) errs.push_back(MaxLenError(253));
  bool ok = !value.empty();
  for (char c : value) ok = ok && (IsAlnum(c) || c == '-' || c == '.' || c == '_');
  if (!ok) {
    errs.push_back(
        RegexError("a valid config key must consist of alphanumeric characters, '-', "
                   "'_' or '.'",
                   "[-._a-zA-Z0-9]+", {"key.name", "KEY_NAME", "key-name"}));
  }
  for (auto& m : HasChDirPrefix(value)) errs.push_back(std::move(m));
  return errs;
}

Problems IsValidPortName(std::string_view port) {
  Problems errs;
  if (port.size() > 15) errs.push_back(MaxLenError(15));
  bool charset = !port.empty();
  bool letter = false;
  for (char c : port) {
    charset = charset && (IsLowerAlnum(c) || c == '-');
    letter = letter || (c >= 'a' && c <= 'z');
  }
  if (!charset) {
    errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!letter) errs.push_back("must contain at least one letter (a-z)");
  if (port.find("--") != std::string_view::npos) {
    errs.push_back("must not contain consecutive hyphens");
  }
  if (!port.empty() && (port.front() == '-' || port.back() == '-')) {
    errs.push_back("must not begin or end with a hyphen");
  }
  return errs;
}

Problems IsValidPortNum(int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return {InclusiveRangeError(1, 65535)};
}

Problems IsHTTPHeaderName(std::string_view value) {
  bool ok = !value.empty();
  for (char c : value) ok = ok && (IsAlnum(c) || c == '-');
  if (ok) return {};
  return {RegexError("a valid HTTP header must consist of alphanumeric characters or '-'",
                     "[-A-Za-z0-9]+", {"X-Header-Name"})};
}

Problems IsValidUserID(int64_t uid) {
  if (uid >= 0 && uid <= 2147483647) return {};
  return {InclusiveRangeError(0, 2147483647)};
}

Problems IsValidGroupID(int64_t gid) { return IsValidUserID(gid); }

bool ParseIP(std::string_view value, bool* is_v6) {
  uint8_t b[16];
  return ParseIPBytes(value, b, is_v6);
}

bool IsLoopbackIP(std::string_view value) {
  uint8_t b[16];
  if (!ParseIPBytes(value, b, nullptr)) return false;
  if (IsV4Mapped(b)) return b[12] == 127;
  for (int i = 0; i < 15; ++i) {
    if (b[i] != 0) return false;
  }
  return b[15] == 1;
}

bool IsUnspecifiedIP(std::string_view value) {
  uint8_t b[16];
  if (!ParseIPBytes(value, b, nullptr)) return false;
  if (IsV4Mapped(b)) return b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0;
  for (int i = 0; i < 16; ++i) {
    if (b[i] != 0) return false;
  }
  return true;
}

bool IsLinkLocalUnicastIP(std::string_view value) {
  uint8_t b[16];
  if (!ParseIPBytes(value, b, nullptr)) return false;
  if (IsV4Mapped(b)) return b[12] == 169 && b[13] == 254;
  return b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
}

bool IsLinkLocalMulticastIP(std::string_view value) {
  uint8_t b[16];
  if (!ParseIPBytes(value, b, nullptr)) return false;
  if (IsV4Mapped(b)) return b[12] == 224 && b[13] == 0 && b[14] == 0;
  return b[0] == 0xff && (b[1] & 0x0f) == 0x02;
}

bool ParseCIDR(std::string_view value, bool* is_v6) {
  size_t slash = value.find('/');
  if (slash == std::string_view::npos) return false;
  bool v6 = false;
  if (!ParseIP(value.substr(0, slash), &v6)) return false;
  std::string_view bits = value.substr(slash + 1);
  if (bits.empty() || bits.size() > 3) return false;
  int n = 0;
  for (char c : bits) {
    if (!IsDigit(c)) return false;
    n = n * 10 + (c - '0');
  }
  if (n > (v6 ? 128 : 32)) return false;
  if (is_v6) *is_v6 = v6;
  return true;
}

Problems NameIsDNSSubdomain(std::string_view name, bool prefix) {
  if (prefix) return IsDNS1123Subdomain(MaskTrailingDash(name));
  return IsDNS1123Subdomain(name);
}

Problems NameIsDNSLabel(std::string_view name, bool prefix) {
  if (prefix) return IsDNS1123Label(MaskTrailingDash(name));
  return IsDNS1123Label(name);
}

Problems NameIsDNS1035Label(std::string_view name, bool prefix) {
  if (prefix) return IsDNS1035Label(MaskTrailingDash(name));
  return IsDNS1035Label(name);
}

}  // namespace stead::api::validation

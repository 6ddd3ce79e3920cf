#include "core/base64.h"

#include <array>
#include <cstdint>

namespace stead {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeDecodeMap() {
  std::array<uint8_t, 256> map{};
  for (uint8_t& v : map) v = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) map[static_cast<uint8_t>(kAlphabet[i])] = i;
  return map;
}
constexpr std::array<uint8_t, 256> kDecodeMap = MakeDecodeMap();

Status Corrupt(size_t at) {
  return Status::BadRequest("illegal base64 data at input byte " + std::to_string(at));
}

bool IsNewline(char c) { return c == '\n' || c == '\r'; }

}  // namespace

std::string Base64Encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(data[i]) << 16 | static_cast<uint8_t>(data[i + 1]) << 8 |
                 static_cast<uint8_t>(data[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 0x3F];
    out += kAlphabet[(v >> 6) & 0x3F];
    out += kAlphabet[v & 0x3F];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint8_t>(data[i]) << 16;
    if (rest == 2) v |= static_cast<uint8_t>(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 0x3F];
    out += rest == 2 ? kAlphabet[(v >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view src) {
  std::string out;
  out.reserve(src.size() / 4 * 3);
  size_t si = 0;
  // One quantum of up to four symbols per iteration, reporting errors at the
  // byte offsets Go's decoder reports.
  while (si < src.size()) {
    uint8_t buf[4] = {0, 0, 0, 0};
    size_t len = 4;
    bool done = false;
    for (int j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return out;
        return Corrupt(si - static_cast<size_t>(j));
      }
      char in = src[si++];
      uint8_t v = kDecodeMap[static_cast<uint8_t>(in)];
      if (v != kInvalid) {
        buf[j] = v;
        continue;
      }
      if (IsNewline(in)) {
        --j;
        continue;
      }
      if (in != '=') return Corrupt(si - 1);
      // Padding ends the input.
      if (j < 2) return Corrupt(si - 1);
      if (j == 2) {
        while (si < src.size() && IsNewline(src[si])) ++si;
        if (si == src.size()) return Corrupt(src.size());
        if (src[si] != '=') return Corrupt(si - 1);
        ++si;
      }
      while (si < src.size() && IsNewline(src[si])) ++si;
      if (si < src.size()) return Corrupt(si);
      len = static_cast<size_t>(j);
      done = true;
      break;
    }
    uint32_t v = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
    out += static_cast<char>(v >> 16);
    if (len >= 3) out += static_cast<char>((v >> 8) & 0xFF);
    if (len == 4) out += static_cast<char>(v & 0xFF);
    if (done) break;
  }
  return out;
}

}  // namespace stead

#include "core/duration.h"

#include <cstdint>
#include <string>

namespace stead {
namespace {

// Go's time.quote: non-ASCII and control bytes as \xNN.
std::string TimeQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x80 || c < ' ') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

uint64_t UnitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1000;
  if (unit == "ms") return 1000 * 1000;
  if (unit == "s") return 1000 * 1000 * 1000;
  if (unit == "m") return 60ull * 1000 * 1000 * 1000;
  if (unit == "h") return 3600ull * 1000 * 1000 * 1000;
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
  const auto invalid = [&] {
    return Status::BadRequest("time: invalid duration " + TimeQuote(text));
  };
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return invalid();
  uint64_t total = 0;
  while (!s.empty()) {
    if (s[0] != '.' && !IsDigit(s[0])) return invalid();
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (whole > kLimit / 10) return invalid();
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
      if (whole > kLimit) return invalid();
    }
    const bool digits_before = i > 0;
    s.remove_prefix(i);
    uint64_t frac = 0;
    double scale = 1;
    bool digits_after = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      for (i = 0; i < s.size() && IsDigit(s[i]); ++i) {
        digits_after = true;
        // Extra fraction digits beyond 63 bits only stop adding precision.
        if (overflow) continue;
        uint64_t next = frac * 10 + static_cast<uint64_t>(s[i] - '0');
        if (frac > (kLimit - 1) / 10 || next > kLimit) {
          overflow = true;
          continue;
        }
        frac = next;
        scale *= 10;
      }
      s.remove_prefix(i);
    }
    if (!digits_before && !digits_after) return invalid();
    for (i = 0; i < s.size() && s[i] != '.' && !IsDigit(s[i]); ++i) {
    }
    if (i == 0) {
      return Status::BadRequest("time: missing unit in duration " + TimeQuote(text));
    }
    std::string_view unit = s.substr(0, i);
    s.remove_prefix(i);
    uint64_t nanos = UnitNanos(unit);
    if (nanos == 0) {
      return Status::BadRequest("time: unknown unit " + TimeQuote(unit) + " in duration " +
                                TimeQuote(text));
    }
    if (whole > kLimit / nanos) return invalid();
    whole *= nanos;
    if (frac > 0) {
      whole +=
          static_cast<uint64_t>(static_cast<double>(frac) * (static_cast<double>(nanos) / scale));
      if (whole > kLimit) return invalid();
    }
    total += whole;
    if (total > kLimit) return invalid();
  }
  if (negative) return std::chrono::nanoseconds(static_cast<int64_t>(0 - total));
  if (total > kLimit - 1) return invalid();
  return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

}  // namespace stead

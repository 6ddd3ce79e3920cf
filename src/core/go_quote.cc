#include "core/go_quote.h"

#include <cstdint>
#include <cstdio>

namespace stead {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point and its width,
// or -1 with width 1 for an invalid byte (as Go's utf8.DecodeRuneInString).
int32_t DecodeRune(std::string_view s, size_t i, size_t& width) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  width = 1;
  uint8_t c = b(0);
  if (c < 0x80) return c;
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    width = 2;
    return ((c & 0x1F) << 6) | (b(1) & 0x3F);
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    int32_t r = ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    if (r < 0x800 || (r >= 0xD800 && r <= 0xDFFF)) return -1;
    width = 3;
    return r;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    int32_t r = ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    if (r < 0x10000 || r > 0x10FFFF) return -1;
    width = 4;
    return r;
  }
  return -1;
}

bool IsPrint(int32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r <= 0xA0 || r == 0xAD) return false;  // C1 controls, NBSP, soft hyphen
  if (r == 0x1680 || (r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
      (r >= 0x205F && r <= 0x206F) || r == 0x3000 || r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB)) {
    return false;  // spaces, separators and format characters
  }
  if ((r >= 0xE000 && r <= 0xF8FF) || r >= 0xF0000) return false;  // private use
  return (r & 0xFFFE) != 0xFFFE;                                   // noncharacters
}

void AppendHex(std::string& out, const char* format, uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), format, v);
  out += buf;
}

}  // namespace

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t width;
    int32_t r = DecodeRune(s, i, width);
    if (r < 0) {
      AppendHex(out, "\\x%02x", static_cast<uint8_t>(s[i]));
    } else if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (IsPrint(r)) {
      out.append(s.substr(i, width));
    } else {
      switch (r) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        default:
          if (r < ' ' || r == 0x7F) {
            AppendHex(out, "\\x%02x", static_cast<uint32_t>(r));
          } else if (r < 0x10000) {
            AppendHex(out, "\\u%04x", static_cast<uint32_t>(r));
          } else {
            AppendHex(out, "\\U%08x", static_cast<uint32_t>(r));
          }
      }
    }
    i += width;
  }
  out += '"';
  return out;
}

std::string GoStringSlice(const std::vector<std::string>& values, bool is_nil) {
  if (is_nil) return "[]string(nil)";
  std::string out = "[]string{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += GoQuote(values[i]);
  }
  out += "}";
  return out;
}

}  // namespace stead

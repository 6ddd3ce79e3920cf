#include "controllers/statefulset/go_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace stead::controllers::statefulset {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Decodes one UTF-8 sequence at s[i] the way Go's utf8.DecodeRuneInString
// does: overlong forms, surrogates and values above U+10FFFF are invalid.
// Returns the rune and sets *size; -1 with size 1 for an invalid byte.
int32_t DecodeRune(std::string_view s, size_t i, size_t* size) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  auto cont = [&](size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  *size = 1;
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(i + 1)) {
    *size = 2;
    return ((b0 & 0x1F) << 6) | (byte(i + 1) & 0x3F);
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(i + 1) && cont(i + 2)) {
    int32_t r = ((b0 & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
    if (r < 0x800 || (r >= 0xD800 && r <= 0xDFFF)) return -1;
    *size = 3;
    return r;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
    int32_t r = ((b0 & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) |
                (byte(i + 3) & 0x3F);
    if (r < 0x10000 || r > 0x10FFFF) return -1;
    *size = 4;
    return r;
  }
  return -1;
}

void AppendString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      switch (b) {
        case '\\':
        case '"':
          out.push_back('\\');
          out.push_back(static_cast<char>(b));
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
        default:
          if (b < 0x20 || b == '<' || b == '>' || b == '&') {
            out += "\\u00";
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 0xF]);
          } else {
            out.push_back(static_cast<char>(b));
          }
      }
      ++i;
      continue;
    }
    size_t size = 1;
    int32_t r = DecodeRune(s, i, &size);
    if (r < 0) {
      out += "\\ufffd";
    } else if (r == 0x2028 || r == 0x2029) {
      out += "\\u202";
      out.push_back(kHex[r & 0xF]);
    } else {
      out.append(s.substr(i, size));
    }
    i += size;
  }
  out.push_back('"');
}

// Go prints float64 with strconv.AppendFloat(f, 'f' or 'e', -1, 64): the
// shortest digits that round-trip; 'e' below 1e-6 and from 1e21 on, with
// a single-digit negative exponent written without padding ("1e-7").
void AppendFloat(std::string& out, double f) {
  char buf[64];
  double abs = std::fabs(f);
  bool exponent = abs != 0 && (abs < 1e-6 || abs >= 1e21);
  auto res = std::to_chars(buf, buf + sizeof(buf), f,
                           exponent ? std::chars_format::scientific : std::chars_format::fixed);
  std::string text(buf, res.ptr);
  if (exponent) {
    size_t n = text.size();
    if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') {
      text.erase(n - 2, 1);
    }
  }
  out += text;
}

void Append(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      AppendFloat(out, static_cast<double>(v.get<int64_t>()));
      return;
    case Json::value_t::number_unsigned:
      AppendFloat(out, static_cast<double>(v.get<uint64_t>()));
      return;
    case Json::value_t::number_float:
      AppendFloat(out, v.get<double>());
      return;
    case Json::value_t::string:
      AppendString(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::binary:
      out += "null";
      return;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : v) {
        if (!first) out.push_back(',');
        first = false;
        Append(out, item);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::object: {
      // nlohmann's object is a std::map<std::string, ...>: bytewise key
      // order, the same order Go sorts map keys in.
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(out, key);
        out.push_back(':');
        Append(out, item);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string GoJsonMarshal(const Json& value) {
  std::string out;
  Append(out, value);
  return out;
}

}  // namespace stead::controllers::statefulset

#include "api/apply/go_json.h"

#include <cmath>
#include <cstdio>

#include "core/go_quote.h"

namespace stead::api::apply {

namespace {

void AppendHex4(std::string& out, unsigned v) {
  static const char kHex[] = "0123456789abcdef";
  out += "\\u";
  out += kHex[(v >> 12) & 0xF];
  out += kHex[(v >> 8) & 0xF];
  out += kHex[(v >> 4) & 0xF];
  out += kHex[v & 0xF];
}

// Go's strconv.FormatFloat(f, 'g'-like, -1) as encoding/json uses it:
// shortest representation, exponent form only for very large or small
// magnitudes.
std::string GoFloat(double f) {
  if (std::isnan(f) || std::isinf(f)) return "null";
  Json j = f;
  std::string s = j.dump();
  // nlohmann prints 1e+21 style exponents and always keeps a ".0" for
  // integral doubles; Go drops the fraction ("1" for 1.0).
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

void AppendJson(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      break;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      break;
    case Json::value_t::number_integer:
      out += std::to_string(v.get<int64_t>());
      break;
    case Json::value_t::number_unsigned:
      out += std::to_string(v.get<uint64_t>());
      break;
    case Json::value_t::number_float:
      out += GoFloat(v.get<double>());
      break;
    case Json::value_t::string:
      out += GoJsonString(v.get_ref<const std::string&>());
      break;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) out += ',';
        first = false;
        AppendJson(out, item);
      }
      out += ']';
      break;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        out += GoJsonString(it.key());
        out += ':';
        AppendJson(out, it.value());
      }
      out += '}';
      break;
    }
    default:
      out += "null";
      break;
  }
}

}  // namespace

std::string GoJsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '<':
      case '>':
      case '&':
        AppendHex4(out, c);
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      AppendHex4(out, c);
      continue;
    }
    // U+2028 and U+2029 (E2 80 A8 / E2 80 A9) break JavaScript parsers.
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      AppendHex4(out, static_cast<unsigned char>(s[i + 2]) == 0xA8 ? 0x2028 : 0x2029);
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  out += '"';
  return out;
}

std::string GoJson(const Json& value) {
  std::string out;
  AppendJson(out, value);
  return out;
}

std::string GoValueString(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
      return std::to_string(value.get<int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(value.get<uint64_t>());
    case Json::value_t::number_float:
      return GoFloat(value.get<double>());
    case Json::value_t::string:
      return GoQuote(value.get_ref<const std::string&>());
    case Json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out += ',';
        out += GoValueString(value[i]);
      }
      return out + "]";
    }
    case Json::value_t::object: {
      std::string out;
      for (auto it = value.begin(); it != value.end(); ++it) {
        out += it.key() + "=" + GoValueString(it.value());
      }
      return out;
    }
    default:
      return "{{undefined}}";
  }
}

}  // namespace stead::api::apply

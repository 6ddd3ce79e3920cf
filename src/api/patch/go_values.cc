#include "api/patch/go_values.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace stead::api::patch {
namespace {

// strconv.FormatFloat(f, 'g', -1, 64), which is what %v prints.
std::string FormatFloat(double f) {
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::scientific);
  std::string_view sci(buf, end - buf);  // shortest round-trip digits: -d.ddde+XX
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exp = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);

  std::string out = negative ? "-" : "";
  // Shortest 'g' switches to exponent form below 1e-4 and from 1e6 (Go uses
  // precision 6 for that decision when printing the shortest form).
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    std::string exp_digits = std::to_string(exp < 0 ? -exp : exp);
    if (exp_digits.size() < 2) exp_digits.insert(0, "0");
    return out + exp_digits;
  }
  int point = exp + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0." + std::string(-point, '0') + digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out += digits + std::string(point - digits.size(), '0');
  } else {
    out += digits.substr(0, point) + "." + digits.substr(point);
  }
  return out;
}

std::string FormatScalar(const Json& v) {
  switch (GoTypeOf(v)) {
    case GoType::kNil:
      return "<nil>";
    case GoType::kString:
      return v.get<std::string>();
    case GoType::kBool:
      return v.get<bool>() ? "true" : "false";
    case GoType::kInt64:
      return v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                    : std::to_string(v.get<int64_t>());
    case GoType::kFloat64:
      return FormatFloat(v.get<double>());
    default:
      return "";
  }
}

const char* TypeName(GoType t) {
  switch (t) {
    case GoType::kMap:
      return "map[string]interface {}";
    case GoType::kSlice:
      return "[]interface {}";
    case GoType::kString:
      return "string";
    case GoType::kInt64:
      return "int64";
    case GoType::kFloat64:
      return "float64";
    case GoType::kBool:
      return "bool";
    case GoType::kNil:
      break;
  }
  return "";
}

// fmt prints map and slice elements with the same verb as the container.
std::string Format(const Json& v, char verb) {
  GoType t = GoTypeOf(v);
  if (t == GoType::kMap) {
    std::string out = "map[";
    bool first = true;
    for (const auto& [k, item] : v.items()) {  // nlohmann sorts keys like fmt does
      if (!first) out += ' ';
      first = false;
      out += k + ":" + Format(item, verb);
    }
    return out + "]";
  }
  if (t == GoType::kSlice) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ' ';
      out += Format(v[i], verb);
    }
    return out + "]";
  }
  if (verb == 's' && t != GoType::kString) {
    if (t == GoType::kNil) return "%!s(<nil>)";
    return std::string("%!s(") + TypeName(t) + "=" + FormatScalar(v) + ")";
  }
  return FormatScalar(v);
}

}  // namespace

GoType GoTypeOf(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object:
      return GoType::kMap;
    case Json::value_t::array:
      return GoType::kSlice;
    case Json::value_t::string:
      return GoType::kString;
    case Json::value_t::boolean:
      return GoType::kBool;
    case Json::value_t::number_integer:
      return GoType::kInt64;
    case Json::value_t::number_unsigned:
      return v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                 ? GoType::kInt64
                 : GoType::kFloat64;
    case Json::value_t::number_float:
      return GoType::kFloat64;
    default:
      return GoType::kNil;
  }
}

bool GoEqual(const Json& a, const Json& b) {
  GoType t = GoTypeOf(a);
  if (t != GoTypeOf(b)) return false;
  switch (t) {
    case GoType::kNil:
      return true;
    case GoType::kInt64:
      return a.get<int64_t>() == b.get<int64_t>();
    case GoType::kFloat64:
      return a.get<double>() == b.get<double>();
    case GoType::kMap: {
      if (a.size() != b.size()) return false;
      for (const auto& [k, av] : a.items()) {
        auto it = b.find(k);
        if (it == b.end() || !GoEqual(av, *it)) return false;
      }
      return true;
    }
    case GoType::kSlice: {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!GoEqual(a[i], b[i])) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

std::string GoFormat(const Json& v) { return Format(v, 'v'); }

std::string GoFormatS(const Json& v) { return Format(v, 's'); }

std::string GoTypeString(const Json& v) {
  GoType t = GoTypeOf(v);
  return t == GoType::kNil ? "%!s(<nil>)" : TypeName(t);
}

}  // namespace stead::api::patch

#include "apiserver/yaml.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <regex>

namespace stead::apiserver {

namespace {

bool IsNullText(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool ParseBool(const std::string& s, bool* out) {
  if (s == "true" || s == "True" || s == "TRUE") {
    *out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    *out = false;
    return true;
  }
  return false;
}

bool ParseInt(const std::string& s, int64_t* out) {
  static const std::regex kInt("^[-+]?(0|[1-9][0-9_]*)$|^0x[0-9a-fA-F]+$|^0o[0-7]+$");
  if (!std::regex_match(s, kInt)) return false;
  std::string digits;
  for (char c : s) {
    if (c != '_') digits.push_back(c);
  }
  errno = 0;
  char* end = nullptr;
  long long v;
  if (digits.rfind("0x", 0) == 0) {
    v = std::strtoll(digits.c_str() + 2, &end, 16);
  } else if (digits.rfind("0o", 0) == 0) {
    v = std::strtoll(digits.c_str() + 2, &end, 8);
  } else {
    v = std::strtoll(digits.c_str(), &end, 10);
  }
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

bool ParseFloat(const std::string& s, double* out) {
  static const std::regex kFloat(
      "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  if (!std::regex_match(s, kFloat)) return false;
  *out = std::strtod(s.c_str(), nullptr);
  return true;
}

Json Convert(const YAML::Node& node, int depth) {
  if (depth > 10000) throw YAML::Exception(YAML::Mark::null_mark(), "document too deeply nested");
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return s;
      if (IsNullText(s)) return nullptr;
      bool b;
      if (ParseBool(s, &b)) return b;
      int64_t i;
      if (ParseInt(s, &i)) return i;
      double d;
      if (ParseFloat(s, &d)) return d;
      return s;
    }
    case YAML::NodeType::Sequence: {
      Json arr = Json::array();
      for (const auto& item : node) arr.push_back(Convert(item, depth + 1));
      return arr;
    }
    case YAML::NodeType::Map: {
      Json obj = Json::object();
      for (const auto& kv : node) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
        obj[key] = Convert(kv.second, depth + 1);
      }
      return obj;
    }
  }
  return nullptr;
}

bool NeedsQuotes(const std::string& s) {
  if (IsNullText(s)) return true;
  bool b;
  int64_t i;
  double d;
  if (ParseBool(s, &b) || ParseInt(s, &i) || ParseFloat(s, &d)) return true;
  static const char* kYaml11Bools[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
                                       "NO", "on", "On", "ON", "off", "Off", "OFF"};
  for (const char* w : kYaml11Bools) {
    if (s == w) return true;
  }
  return false;
}

void Emit(YAML::Emitter& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      out << YAML::Null;
      break;
    case Json::value_t::boolean:
      out << v.get<bool>();
      break;
    case Json::value_t::number_integer:
      out << v.get<int64_t>();
      break;
    case Json::value_t::number_unsigned:
      out << v.get<uint64_t>();
      break;
    case Json::value_t::number_float:
      out << v.get<double>();
      break;
    case Json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      if (NeedsQuotes(s)) {
        out << YAML::DoubleQuoted << s;
      } else {
        out << s;
      }
      break;
    }
    case Json::value_t::array:
      if (v.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        break;
      }
      out << YAML::BeginSeq;
      for (const auto& item : v) Emit(out, item);
      out << YAML::EndSeq;
      break;
    case Json::value_t::object:
      if (v.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        break;
      }
      out << YAML::BeginMap;
      for (auto it = v.begin(); it != v.end(); ++it) {
        out << YAML::Key << it.key() << YAML::Value;
        Emit(out, it.value());
      }
      out << YAML::EndMap;
      break;
    default:
      out << YAML::Null;
  }
}

}  // namespace

Result<Json> YamlToJson(std::string_view text) {
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    std::vector<YAML::Node> non_empty;
    for (auto& d : docs) {
      if (!d.IsNull()) non_empty.push_back(d);
    }
    if (non_empty.empty()) return Json(nullptr);
    if (non_empty.size() > 1) {
      return Status::BadRequest("yaml: the body contains more than one document");
    }
    return Convert(non_empty[0], 0);
  } catch (const YAML::Exception& e) {
    return Status::BadRequest(std::string("error converting YAML to JSON: yaml: ") + e.what());
  }
}

std::string JsonToYaml(const Json& value) {
  YAML::Emitter out;
  out.SetIndent(2);
  Emit(out, value);
  std::string s = out.c_str();
  s.push_back('\n');
  return s;
}

}  // namespace stead::apiserver

#include "api/validation/go_format.h"

namespace stead::api::validation {

std::string GoStringMap(const std::map<std::string, std::string>& m) {
  std::string out = "map[string]string{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ", ";
    first = false;
    out += GoQuote(k) + ":" + GoQuote(v);
  }
  return out + "}";
}

std::string GoStringMap(const Json* value) {
  if (value == nullptr || !value->is_object()) return "map[string]string(nil)";
  return GoStringMap(StringMap(value));
}

std::string GoStringSlice(const Json* value) {
  if (value == nullptr || !value->is_array()) return "[]string(nil)";
  std::vector<std::string> v;
  for (const auto& e : *value) v.push_back(e.is_string() ? e.get<std::string>() : "");
  return stead::GoStringSlice(v);
}

std::string GoLabelSelector(const Json& selector) {
  std::string out =
      "v1.LabelSelector{MatchLabels:" + GoStringMap(Lookup(selector, {"matchLabels"}));
  out += ", MatchExpressions:";
  const Json* exprs = Lookup(selector, {"matchExpressions"});
  if (exprs == nullptr || !exprs->is_array()) {
    out += "[]v1.LabelSelectorRequirement(nil)";
  } else {
    out += "[]v1.LabelSelectorRequirement{";
    for (size_t i = 0; i < exprs->size(); ++i) {
      const Json& e = (*exprs)[i];
      if (i) out += ", ";
      out += "v1.LabelSelectorRequirement{Key:" + GoQuote(GetString(e, {"key"})) +
             ", Operator:" + GoQuote(GetString(e, {"operator"})) +
             ", Values:" + GoStringSlice(Lookup(e, {"values"})) + "}";
    }
    out += "}";
  }
  return out + "}";
}

std::string GoPointer(std::string_view type, const Json* value) {
  std::string out = "(*" + std::string(type) + ")(";
  out += (value == nullptr || value->is_null()) ? "nil" : std::string(kGoPointer);
  return out + ")";
}

}  // namespace stead::api::validation

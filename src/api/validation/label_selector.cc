#include "api/validation/label_selector.h"

#include <algorithm>

#include "api/validation/common.h"
#include "api/validation/object_meta.h"

namespace stead::api::validation {

void ValidateLabelSelector(FieldErrorList& errs, const Json* selector,
                           const LabelSelectorOptions& opts, const FieldPath& path) {
  if (selector == nullptr) return;
  ValidateLabels(errs, Get(*selector, "matchLabels"), path.Child("matchLabels"));
  const Json* exprs = Get(*selector, "matchExpressions");
  if (exprs == nullptr || !exprs->is_array()) return;
  for (size_t i = 0; i < exprs->size(); ++i) {
    const Json& e = (*exprs)[i];
    FieldPath p = path.Child("matchExpressions").Index(i);
    std::string op = Str(e, "operator");
    size_t nvalues = Len(e, "values");
    if (op == "In" || op == "NotIn") {
      if (nvalues == 0) {
        errs.push_back(FieldError::Required(
            p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (nvalues > 0) {
        errs.push_back(FieldError::Forbidden(
            p.Child("values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      errs.push_back(InvalidString(p.Child("operator"), op, "not a valid selector operator"));
    }
    ValidateLabelName(errs, Str(e, "key"), p.Child("key"));
    if (!opts.allow_invalid_label_value) {
      if (const Json* values = Array(e, "values")) {
        for (size_t j = 0; j < values->size(); ++j) {
          std::string v = (*values)[j].is_string() ? (*values)[j].get<std::string>() : "";
          AppendInvalid(errs, p.Child("values").Index(j), v, IsValidLabelValue(v));
        }
      }
    }
  }
}

bool SelectorConvertible(const Json* selector) {
  if (selector == nullptr) return true;
  if (const Json* labels = Object(*selector, "matchLabels")) {
    for (auto it = labels->begin(); it != labels->end(); ++it) {
      std::string v = it.value().is_string() ? it.value().get<std::string>() : "";
      if (!IsQualifiedName(it.key()).empty() || !IsValidLabelValue(v).empty()) return false;
    }
  }
  if (const Json* exprs = Array(*selector, "matchExpressions")) {
    for (const Json& e : *exprs) {
      std::string op = Str(e, "operator");
      size_t n = Len(e, "values");
      if (!IsQualifiedName(Str(e, "key")).empty()) return false;
      if (op == "In" || op == "NotIn") {
        if (n == 0) return false;
      } else if (op == "Exists" || op == "DoesNotExist") {
        if (n != 0) return false;
      } else {
        return false;
      }
      if (const Json* values = Array(e, "values")) {
        for (const Json& v : *values) {
          if (!IsValidLabelValue(v.is_string() ? v.get<std::string>() : "").empty()) return false;
        }
      }
    }
  }
  return true;
}

bool SelectorEmpty(const Json* selector) {
  return selector == nullptr ||
         (Len(*selector, "matchLabels") == 0 && Len(*selector, "matchExpressions") == 0);
}

bool SelectorMatches(const Json& selector, const std::map<std::string, std::string>& labels) {
  for (const auto& [k, v] : StringMap(Get(selector, "matchLabels"))) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  if (const Json* exprs = Array(selector, "matchExpressions")) {
    for (const Json& e : *exprs) {
      std::string key = Str(e, "key"), op = Str(e, "operator");
      auto it = labels.find(key);
      bool has = it != labels.end();
      bool in_values = false;
      if (const Json* values = Array(e, "values")) {
        in_values = has && std::any_of(values->begin(), values->end(), [&](const Json& v) {
                      return v.is_string() && v.get<std::string>() == it->second;
                    });
      }
      if (op == "In" && !in_values) return false;
      if (op == "NotIn" && in_values) return false;
      if (op == "Exists" && !has) return false;
      if (op == "DoesNotExist" && has) return false;
    }
  }
  return true;
}

}  // namespace stead::api::validation

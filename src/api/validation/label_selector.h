// metav1.LabelSelector checks used by workload validation: field validation
// (ValidateLabelSelector), convertibility to a selector
// (LabelSelectorAsSelector succeeding) and matching a label set.
#pragma once

#include <map>
#include <string>

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

struct LabelSelectorOptions {
  bool allow_invalid_label_value = false;
};

void ValidateLabelSelector(FieldErrorList& errs, const Json* selector,
                           const LabelSelectorOptions& opts, const FieldPath& path);

// True when LabelSelectorAsSelector would succeed (a nil selector converts
// to "match nothing", which also succeeds).
bool SelectorConvertible(const Json* selector);

// No matchLabels and no matchExpressions.
bool SelectorEmpty(const Json* selector);

// Whether a convertible selector matches the labels. An empty selector
// matches everything.
bool SelectorMatches(const Json& selector, const std::map<std::string, std::string>& labels);

}  // namespace stead::api::validation

#include "api/validation/workload.h"

#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/label_selector.h"

namespace stead::api::validation {

std::string GoSelectorOrNull(const Json* selector) {
  return selector ? GoLabelSelector(*selector) : "null";
}

void ValidateWorkloadSelector(FieldErrorList& errs, const Json& spec, std::string_view what,
                              const FieldPath& path) {
  const Json* selector = Get(spec, "selector");
  FieldPath sp = path.Child("selector");
  if (selector == nullptr) {
    errs.push_back(FieldError::Required(sp));
    return;
  }
  ValidateLabelSelector(errs, selector, {}, sp);
  if (SelectorEmpty(selector)) {
    errs.push_back(FieldError::InvalidRaw(sp, GoLabelSelector(*selector),
                                          "empty selector is invalid for " + std::string(what)));
  }
}

void ValidateTemplateMatchesSelector(FieldErrorList& errs, const Json* selector, const Json& tmpl,
                                     const FieldPath& template_path) {
  const Json* labels = Lookup(tmpl, {"metadata", "labels"});
  // labels.Nothing() is not Empty() and matches nothing; an empty selector
  // skips the check.
  bool matches = selector != nullptr &&
                 (SelectorEmpty(selector) || SelectorMatches(*selector, StringMap(labels)));
  if (!matches) {
    errs.push_back(FieldError::InvalidRaw(template_path.Child("metadata").Child("labels"),
                                          GoStringMap(labels),
                                          "`selector` does not match template `labels`"));
  }
}

void ValidatePodTemplateSpecForReplicaSet(FieldErrorList& errs, const Json* tmpl,
                                          const Json* selector, std::string_view kind,
                                          const FieldPath& path, const PodValidationOptions& opts) {
  if (tmpl == nullptr) {
    errs.push_back(FieldError::Required(path));
    return;
  }
  ValidateTemplateMatchesSelector(errs, selector, *tmpl, path);
  ValidatePodTemplateSpec(errs, *tmpl, path, opts);
  std::string restart = GetString(*tmpl, {"spec", "restartPolicy"});
  if (restart != "Always") {
    errs.push_back(
        FieldError::NotSupported(path.Child("spec").Child("restartPolicy"), restart, {"Always"}));
  }
  if (Lookup(*tmpl, {"spec", "activeDeadlineSeconds"}) != nullptr &&
      !Lookup(*tmpl, {"spec", "activeDeadlineSeconds"})->is_null()) {
    errs.push_back(FieldError::Forbidden(
        path.Child("spec").Child("activeDeadlineSeconds"),
        "activeDeadlineSeconds in " + std::string(kind) + " is not Supported"));
  }
}

void ValidateCollisionCountNotDecremented(FieldErrorList& errs, const Json& obj, const Json& old) {
  const Json* n = Lookup(obj, {"status", "collisionCount"});
  const Json* o = Lookup(old, {"status", "collisionCount"});
  if (n && n->is_null()) n = nullptr;
  if (o && o->is_null()) o = nullptr;
  bool decremented =
      (n == nullptr && o != nullptr) || (n && o && n->get<int64_t>() < o->get<int64_t>());
  if (decremented) {
    errs.push_back(FieldError::Invalid(FieldPath("status").Child("collisionCount"),
                                       n ? n->get<int64_t>() : 0, "cannot be decremented"));
  }
}

}  // namespace stead::api::validation

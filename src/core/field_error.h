// Field errors: the validation error vocabulary of Kubernetes
// (k8s.io/apimachinery/pkg/util/validation/field), rendered byte-for-byte
// like upstream so that kubectl users see the same messages.
//
//   FieldPath("spec").Child("replicas")          -> "spec.replicas"
//   FieldPath("spec").Child("containers").Index(0) -> "spec.containers[0]"
//   FieldPath("metadata").Child("labels").Key("a") -> "metadata.labels[a]"
//
//   errs.push_back(FieldError::Invalid(path, json(-1), "must be ..."));
//   Status s = InvalidStatus("StatefulSet", "apps", "web", errs);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace stead {

class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::string root) : path_(std::move(root)) {}
  FieldPath Child(std::string_view name) const;
  FieldPath Index(size_t i) const;
  FieldPath Key(std::string_view key) const;
  const std::string& str() const { return path_; }
  bool empty() const { return path_.empty(); }

 private:
  std::string path_;
};

enum class FieldErrorType {
  kNotFound,
  kRequired,
  kDuplicate,
  kInvalid,
  kNotSupported,
  kForbidden,
  kTooLong,
  kTooMany,
  kInternal,
  kTypeInvalid,
};

struct FieldError {
  FieldErrorType type;
  std::string field;
  // Rendered bad value ("-1", "\"Never\"", "map[string]string{...}"); empty
  // optional when upstream omits it (Required, Forbidden, TooLong, Internal).
  std::optional<std::string> value;
  std::string detail;

  // "Required value", "Invalid value", ...
  static const char* TypeString(FieldErrorType t);
  // "FieldValueRequired", ...
  static const char* CauseReason(FieldErrorType t);

  // The text after "<field>: ", e.g. `Invalid value: -1: must be ...`.
  std::string Body() const;
  // "<field>: <body>"
  std::string ToString() const;

  static FieldError Required(const FieldPath& p, std::string detail = "");
  static FieldError Forbidden(const FieldPath& p, std::string detail);
  static FieldError Invalid(const FieldPath& p, const nlohmann::json& value, std::string detail);
  // Invalid with a value already rendered the way Go's %#v would print it.
  static FieldError InvalidRaw(const FieldPath& p, std::string rendered, std::string detail);
  static FieldError NotSupported(const FieldPath& p, const nlohmann::json& value,
                                 const std::vector<std::string>& supported);
  static FieldError Duplicate(const FieldPath& p, const nlohmann::json& value);
  static FieldError NotFound(const FieldPath& p, const nlohmann::json& value);
  static FieldError TooLong(const FieldPath& p, size_t max_length);
  static FieldError TooMany(const FieldPath& p, size_t actual, size_t max);
  static FieldError TypeInvalid(const FieldPath& p, const nlohmann::json& value,
                                std::string detail);
  static FieldError Internal(const FieldPath& p, std::string detail);

  // Renders a JSON scalar like Go's fmt for validation messages: strings are
  // quoted, numbers and booleans plain, null as "null".
  static std::string RenderValue(const nlohmann::json& value);
};

using FieldErrorList = std::vector<FieldError>;

// Appends all of `more` to `errs`.
void Append(FieldErrorList& errs, FieldErrorList more);

// 422 Invalid: `<Kind>[.<group>] "<name>" is invalid: <errors>` with one
// details.causes entry per error.
Status InvalidStatus(const std::string& kind, const std::string& group, const std::string& name,
                     const FieldErrorList& errs);

}  // namespace stead

#include "core/field_error.h"

#include <set>

namespace stead {

FieldPath FieldPath::Child(std::string_view name) const {
  if (path_.empty()) return FieldPath(std::string(name));
  return FieldPath(path_ + "." + std::string(name));
}

FieldPath FieldPath::Index(size_t i) const {
  return FieldPath(path_ + "[" + std::to_string(i) + "]");
}

FieldPath FieldPath::Key(std::string_view key) const {
  return FieldPath(path_ + "[" + std::string(key) + "]");
}

const char* FieldError::TypeString(FieldErrorType t) {
  switch (t) {
    case FieldErrorType::kNotFound: return "Not found";
    case FieldErrorType::kRequired: return "Required value";
    case FieldErrorType::kDuplicate: return "Duplicate value";
    case FieldErrorType::kInvalid: return "Invalid value";
    case FieldErrorType::kNotSupported: return "Unsupported value";
    case FieldErrorType::kForbidden: return "Forbidden";
    case FieldErrorType::kTooLong: return "Too long";
    case FieldErrorType::kTooMany: return "Too many";
    case FieldErrorType::kInternal: return "Internal error";
    case FieldErrorType::kTypeInvalid: return "Invalid value";
  }
  return "Invalid value";
}

const char* FieldError::CauseReason(FieldErrorType t) {
  switch (t) {
    case FieldErrorType::kNotFound: return "FieldValueNotFound";
    case FieldErrorType::kRequired: return "FieldValueRequired";
    case FieldErrorType::kDuplicate: return "FieldValueDuplicate";
    case FieldErrorType::kInvalid: return "FieldValueInvalid";
    case FieldErrorType::kNotSupported: return "FieldValueNotSupported";
    case FieldErrorType::kForbidden: return "FieldValueForbidden";
    case FieldErrorType::kTooLong: return "FieldValueTooLong";
    case FieldErrorType::kTooMany: return "FieldValueTooMany";
    case FieldErrorType::kInternal: return "InternalError";
    case FieldErrorType::kTypeInvalid: return "FieldValueTypeInvalid";
  }
  return "FieldValueInvalid";
}

std::string FieldError::RenderValue(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return nlohmann::json(v.get<std::string>()).dump();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d == static_cast<double>(static_cast<long long>(d))) {
      return std::to_string(static_cast<long long>(d));
    }
    return v.dump();
  }
  return v.dump();
}

std::string FieldError::Body() const {
  std::string s = TypeString(type);
  if (value.has_value()) s += ": " + *value;
  if (!detail.empty()) s += ": " + detail;
  return s;
}

std::string FieldError::ToString() const {
  if (field.empty()) return Body();
  return field + ": " + Body();
}

FieldError FieldError::Required(const FieldPath& p, std::string detail) {
  return {FieldErrorType::kRequired, p.str(), std::nullopt, std::move(detail)};
}
FieldError FieldError::Forbidden(const FieldPath& p, std::string detail) {
  return {FieldErrorType::kForbidden, p.str(), std::nullopt, std::move(detail)};
}
FieldError FieldError::Invalid(const FieldPath& p, const nlohmann::json& value,
                               std::string detail) {
  return {FieldErrorType::kInvalid, p.str(), RenderValue(value), std::move(detail)};
}
FieldError FieldError::InvalidRaw(const FieldPath& p, std::string rendered, std::string detail) {
  return {FieldErrorType::kInvalid, p.str(), std::move(rendered), std::move(detail)};
}
FieldError FieldError::NotSupported(const FieldPath& p, const nlohmann::json& value,
                                    const std::vector<std::string>& supported) {
  std::string detail;
  if (!supported.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i) detail += ", ";
      detail += nlohmann::json(supported[i]).dump();
    }
  }
  return {FieldErrorType::kNotSupported, p.str(), RenderValue(value), detail};
}
FieldError FieldError::Duplicate(const FieldPath& p, const nlohmann::json& value) {
  return {FieldErrorType::kDuplicate, p.str(), RenderValue(value), ""};
}
FieldError FieldError::NotFound(const FieldPath& p, const nlohmann::json& value) {
  return {FieldErrorType::kNotFound, p.str(), RenderValue(value), ""};
}
FieldError FieldError::TooLong(const FieldPath& p, size_t max_length) {
  return {FieldErrorType::kTooLong, p.str(), std::nullopt,
          "may not be more than " + std::to_string(max_length) + " bytes"};
}
FieldError FieldError::TooMany(const FieldPath& p, size_t actual, size_t max) {
  return {FieldErrorType::kTooMany, p.str(), std::to_string(actual),
          "must have at most " + std::to_string(max) + " items"};
}
FieldError FieldError::TypeInvalid(const FieldPath& p, const nlohmann::json& value,
                                   std::string detail) {
  return {FieldErrorType::kTypeInvalid, p.str(), RenderValue(value), std::move(detail)};
}
FieldError FieldError::Internal(const FieldPath& p, std::string detail) {
  return {FieldErrorType::kInternal, p.str(), std::nullopt, std::move(detail)};
}

void Append(FieldErrorList& errs, FieldErrorList more) {
  for (auto& e : more) errs.push_back(std::move(e));
}

Status InvalidStatus(const std::string& kind, const std::string& group, const std::string& name,
                     const FieldErrorList& errs) {
  std::string qualified = group.empty() ? kind : kind + "." + group;
  std::string msg = qualified + " \"" + name + "\" is invalid";
  // Upstream aggregates deduplicate identical messages.
  std::vector<std::string> texts;
  std::set<std::string> seen;
  for (const auto& e : errs) {
    std::string t = e.ToString();
    if (seen.insert(t).second) texts.push_back(std::move(t));
  }
  if (texts.size() == 1) {
    msg += ": " + texts[0];
  } else if (texts.size() > 1) {
    msg += ": [";
    for (size_t i = 0; i < texts.size(); ++i) {
      if (i) msg += ", ";
      msg += texts[i];
    }
    msg += "]";
  }
  Status s = Status::Invalid(msg);
  StatusDetails& d = s.details();
  d.name = name;
  d.group = group;
  d.kind = kind;
  for (const auto& e : errs) d.causes.push_back(StatusCause{FieldError::CauseReason(e.type), e.Body(), e.field});
  return s;
}

}  // namespace stead

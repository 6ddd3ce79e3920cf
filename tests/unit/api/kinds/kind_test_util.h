// Helpers for the per-kind tests: run a kind's hooks the way the API server
// does (defaults, preparation, validation) and render the errors as
// upstream's messages.
#pragma once

#include <string>
#include <vector>

#include "api/resource.h"
#include "api/validation/object_meta.h"
#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::kinds::testing {

inline Json Parse(const std::string& text) { return Json::parse(text); }

inline std::vector<std::string> Messages(const FieldErrorList& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(e.ToString());
  return out;
}

// Defaults, prepare_create, then metadata + kind validation of a new object.
inline FieldErrorList CreateErrors(const ResourceType& t, Json obj) {
  if (t.set_defaults) t.set_defaults(obj);
  if (t.prepare_create) t.prepare_create(obj);
  FieldErrorList errs = validation::ValidateObjectMeta(
      obj.value("metadata", Json::object()), t.namespaced, t.name_rule, FieldPath("metadata"));
  if (t.validate_create) t.validate_create(obj, errs);
  return errs;
}

// The same object after set_defaults and prepare_create.
inline Json Created(const ResourceType& t, Json obj) {
  if (t.set_defaults) t.set_defaults(obj);
  if (t.prepare_create) t.prepare_create(obj);
  return obj;
}

// Defaults + prepare_update + kind validation of an update of `old`.
inline FieldErrorList UpdateErrors(const ResourceType& t, Json obj, const Json& old) {
  if (t.set_defaults) t.set_defaults(obj);
  if (t.prepare_update) t.prepare_update(obj, old);
  FieldErrorList errs;
  if (t.validate_update) t.validate_update(obj, old, errs);
  return errs;
}

inline FieldErrorList StatusErrors(const ResourceType& t, const Json& obj, const Json& old) {
  FieldErrorList errs;
  if (t.validate_status) t.validate_status(obj, old, errs);
  return errs;
}

// The 422 message the API server would send.
inline std::string InvalidMessage(const ResourceType& t, const Json& obj,
                                  const FieldErrorList& errs) {
  return InvalidStatus(t.kind, t.group, MetaName(obj), errs).message();
}

}  // namespace stead::api::kinds::testing

// core/v1 Event: only upstream's legacy event checks apply to this API
// version, plus the core/v1 event field selectors.
#include "api/validation/event.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"

namespace stead::api::kinds {
namespace {

std::optional<std::string> FieldValue(const Json& ev, const std::string& field) {
  static const std::pair<const char*, const char*> kInvolved[] = {
      {"involvedObject.kind", "kind"},
      {"involvedObject.namespace", "namespace"},
      {"involvedObject.name", "name"},
      {"involvedObject.uid", "uid"},
      {"involvedObject.apiVersion", "apiVersion"},
      {"involvedObject.resourceVersion", "resourceVersion"},
      {"involvedObject.fieldPath", "fieldPath"}};
  for (const auto& [name, key] : kInvolved) {
    if (field == name) return GetString(ev, {"involvedObject", key});
  }
  if (field == "reason") return GetString(ev, {"reason"});
  if (field == "reportingComponent") return GetString(ev, {"reportingComponent"});
  if (field == "source") return GetString(ev, {"source", "component"});
  if (field == "type") return GetString(ev, {"type"});
  return std::nullopt;
}

}  // namespace

ResourceType Event() {
  ResourceType t;
  t.version = "v1";
  t.kind = "Event";
  t.plural = "events";
  t.singular = "event";
  t.short_names = {"ev"};
  t.namespaced = true;
  t.validate_create = [](const Json& ev, FieldErrorList& errs) {
    validation::ValidateEventLegacy(errs, ev);
  };
  t.validate_update = [](const Json& ev, const Json&, FieldErrorList& errs) {
    validation::ValidateEventLegacy(errs, ev);
  };
  t.field_selectors = {"involvedObject.kind",
                       "involvedObject.namespace",
                       "involvedObject.name",
                       "involvedObject.uid",
                       "involvedObject.apiVersion",
                       "involvedObject.resourceVersion",
                       "involvedObject.fieldPath",
                       "reason",
                       "reportingComponent",
                       "source",
                       "type"};
  t.field_value = FieldValue;
  return t;
}

}  // namespace stead::api::kinds

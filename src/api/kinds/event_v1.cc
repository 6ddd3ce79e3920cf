// events.k8s.io/v1 Event: the same events in their newer shape, with the
// strict validation upstream applies to this API version and its field
// selectors (regarding.*, reason, reportingController, type).
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/event.h"

namespace stead::api::kinds {
namespace {

std::optional<std::string> FieldValue(const Json& ev, const std::string& field) {
  static const std::pair<const char*, const char*> kRegarding[] = {
      {"regarding.kind", "kind"},
      {"regarding.namespace", "namespace"},
      {"regarding.name", "name"},
      {"regarding.uid", "uid"},
      {"regarding.apiVersion", "apiVersion"},
      {"regarding.resourceVersion", "resourceVersion"},
      {"regarding.fieldPath", "fieldPath"}};
  for (const auto& [name, key] : kRegarding) {
    if (field == name) return GetString(ev, {"regarding", key});
  }
  if (field == "reason") return GetString(ev, {"reason"});
  if (field == "reportingController") return GetString(ev, {"reportingController"});
  if (field == "type") return GetString(ev, {"type"});
  return std::nullopt;
}

}  // namespace

ResourceType EventV1() {
  ResourceType t;
  t.group = "events.k8s.io";
  t.version = "v1";
  t.kind = "Event";
  t.plural = "events";
  t.singular = "event";
  t.short_names = {"ev"};
  t.namespaced = true;
  t.validate_create = [](const Json& ev, FieldErrorList& errs) {
    validation::ValidateEventStrictCreate(errs, validation::EventV1ToCore(ev));
  };
  t.validate_update = [](const Json& ev, const Json& old, FieldErrorList& errs) {
    validation::ValidateEventStrictUpdate(errs, validation::EventV1ToCore(ev),
                                          validation::EventV1ToCore(old));
  };
  t.field_selectors = {"regarding.kind",       "regarding.namespace",
                       "regarding.name",       "regarding.uid",
                       "regarding.apiVersion", "regarding.resourceVersion",
                       "regarding.fieldPath",  "reason",
                       "reportingController",  "type"};
  t.field_value = FieldValue;
  return t;
}

}  // namespace stead::api::kinds

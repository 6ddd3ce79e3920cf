// Event validation (pkg/apis/core/validation/events.go). Events served as
// core/v1 get only the legacy checks; events.k8s.io/v1 requests get the
// strict ones as well. Both work on the core/v1 JSON shape;
// EventV1ToCore maps an events.k8s.io/v1 object onto it (regarding ->
// involvedObject, note -> message, deprecated* -> source/firstTimestamp/...),
// so that field paths come out with upstream's internal names.
#pragma once

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

Json EventV1ToCore(const Json& event);

void ValidateEventLegacy(FieldErrorList& errs, const Json& event);
void ValidateEventStrictCreate(FieldErrorList& errs, const Json& event);
void ValidateEventStrictUpdate(FieldErrorList& errs, const Json& event, const Json& old);

}  // namespace stead::api::validation

// ObjectMeta validation (upstream ValidateObjectMeta / ValidateObjectMetaUpdate
// in k8s.io/apimachinery/pkg/api/validation plus the core wrapper that also
// checks "kubernetes-style" finalizer names). The API server runs these for
// every kind before the kind's own hooks; the name rule comes from the kind.
//
// ValidateObjectMetaUpdate expects the server to have already carried over
// what upstream's generic store copies before validating (resourceVersion
// for unconditional updates, generation, uid and creationTimestamp when the
// client omitted them).
#pragma once

#include "api/validation/names.h"
#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

inline constexpr int64_t kTotalAnnotationSizeLimitB = 256 * (1 << 10);

// `meta` is the object's "metadata" (may be null/absent). `path` is normally
// FieldPath("metadata").
FieldErrorList ValidateObjectMeta(const Json& meta, bool namespaced, const NameRule& name_rule,
                                  const FieldPath& path);
FieldErrorList ValidateObjectMetaUpdate(const Json& new_meta, const Json& old_meta,
                                        const FieldPath& path);

// Pieces, for embedded metadata (pod templates, claim templates).
void ValidateLabels(FieldErrorList& errs, const Json* labels, const FieldPath& path);
void ValidateLabelName(FieldErrorList& errs, std::string_view name, const FieldPath& path);
void ValidateAnnotations(FieldErrorList& errs, const Json* annotations, const FieldPath& path);
// ValidateTemplateObjectMeta: labels and annotations only; any other
// metadata field is "Forbidden: cannot be set".
void ValidateTemplateObjectMeta(FieldErrorList& errs, const Json& meta, const FieldPath& path);
// The finalizer name rule of namespaces' spec.finalizers (qualified name +
// standard-name check), all errors reported at `path`.
void ValidateFinalizerName(FieldErrorList& errs, std::string_view name, const FieldPath& path);

}  // namespace stead::api::validation

// coordination.k8s.io/v1 Lease: positive durations, non-negative transition
// counts. The coordinated-leader-election fields (strategy, preferredHolder)
// belong to an alpha feature that is off in 1.32 and are dropped.
#include "api/kinds/kinds.h"
#include "api/validation/common.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void Validate(const Json& lease, FieldErrorList& errs) {
  const Json* spec = v::Get(lease, "spec");
  if (spec == nullptr) return;
  FieldPath path("spec");
  if (const Json* d = v::Get(*spec, "leaseDurationSeconds");
      d && d->is_number() && d->get<int64_t>() <= 0) {
    errs.push_back(
        FieldError::Invalid(path.Child("leaseDurationSeconds"), *d, "must be greater than 0"));
  }
  if (const Json* t = v::Get(*spec, "leaseTransitions");
      t && t->is_number() && t->get<int64_t>() < 0) {
    errs.push_back(FieldError::Invalid(path.Child("leaseTransitions"), *t,
                                       "must be greater than or equal to 0"));
  }
}

void DropDisabledFields(Json& lease, const Json* old) {
  Json* spec = LookupMutable(lease, {"spec"});
  if (spec == nullptr || !spec->is_object()) return;
  for (const char* key : {"strategy", "preferredHolder"}) {
    // A stored object that already uses a field keeps it.
    if (old && Lookup(*old, {"spec", key})) continue;
    spec->erase(key);
  }
}

}  // namespace

ResourceType Lease() {
  ResourceType t;
  t.group = "coordination.k8s.io";
  t.version = "v1";
  t.kind = "Lease";
  t.plural = "leases";
  t.singular = "lease";
  t.namespaced = true;
  t.validate_create = Validate;
  t.validate_update = [](const Json& lease, const Json&, FieldErrorList& errs) {
    Validate(lease, errs);
  };
  t.prepare_create = [](Json& lease) { DropDisabledFields(lease, nullptr); };
  t.prepare_update = [](Json& lease, const Json& old) { DropDisabledFields(lease, &old); };
  return t;
}

}  // namespace stead::api::kinds

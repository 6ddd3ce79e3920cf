// core/v1 PersistentVolumeClaim: volumeMode Filesystem, phase Pending on
// create, claim spec validation and the update rule (immutable spec except
// resources.requests growth and the one-time volumeName binding).
#include "api/kinds/defaults.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/persistent_volume.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void ValidateCreate(const Json& pvc, FieldErrorList& errs) {
  const Json* spec = v::Get(pvc, "spec");
  v::ValidatePersistentVolumeClaimSpec(errs, spec ? *spec : Json::object(), FieldPath("spec"));
}

void PrepareCreate(Json& pvc) { pvc["status"] = {{"phase", "Pending"}}; }

}  // namespace

ResourceType PersistentVolumeClaim() {
  ResourceType t;
  t.version = "v1";
  t.kind = "PersistentVolumeClaim";
  t.plural = "persistentvolumeclaims";
  t.singular = "persistentvolumeclaim";
  t.short_names = {"pvc"};
  t.namespaced = true;
  t.has_status = true;
  t.set_defaults = SetPersistentVolumeClaimDefaults;
  t.validate_create = ValidateCreate;
  t.validate_update = [](const Json& pvc, const Json& old, FieldErrorList& errs) {
    v::ValidatePersistentVolumeClaimUpdate(errs, pvc, old);
  };
  t.validate_status = [](const Json& pvc, const Json&, FieldErrorList& errs) {
    v::ValidatePersistentVolumeClaimStatusUpdate(errs, pvc);
  };
  t.prepare_create = PrepareCreate;
  return t;
}

}  // namespace stead::api::kinds

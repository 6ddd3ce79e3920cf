// core/v1 PersistentVolume: cluster-scoped; reclaim policy Retain and
// volumeMode Filesystem by default; phase Pending (with its transition time)
// on create, a new transition time with each phase change through /status;
// spec validation and immutable volume sources.
#include "api/validation/persistent_volume.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void SetDefaults(Json& pv) {
  Json& status = Ensure(pv, {"status"});
  if (v::Str(status, "phase").empty()) status["phase"] = "Pending";
  Json& spec = Ensure(pv, {"spec"});
  if (v::Str(spec, "persistentVolumeReclaimPolicy").empty()) {
    spec["persistentVolumeReclaimPolicy"] = "Retain";
  }
  if (v::Get(spec, "volumeMode") == nullptr) spec["volumeMode"] = "Filesystem";
  if (Json* hp = LookupMutable(spec, {"hostPath"}); hp && hp->is_object() && !v::Get(*hp, "type")) {
    (*hp)["type"] = "";
  }
}

void PrepareCreate(Json& pv) {
  Json status = {{"phase", "Pending"}};
  // PersistentVolumeLastPhaseTransitionTime (GA in 1.31); the create time
  // stands in for "now".
  std::string created = GetString(pv, {"metadata", "creationTimestamp"});
  if (!created.empty()) status["lastPhaseTransitionTime"] = created;
  pv["status"] = std::move(status);
}

// persistentvolumeStatusStrategy.PrepareForUpdate: a write that keeps the
// phase keeps its transition time unless it sets one; one that changes the
// phase without choosing a new time gets the time of the write.
void PrepareStatus(Json& pv, const Json& old, SystemTime now) {
  std::string phase = GetString(pv, {"status", "phase"});
  const Json* old_time = Lookup(old, {"status", "lastPhaseTransitionTime"});
  const Json* new_time = Lookup(pv, {"status", "lastPhaseTransitionTime"});
  bool unset = new_time == nullptr || new_time->is_null();
  if (phase == GetString(old, {"status", "phase"})) {
    if (unset && old_time != nullptr) Ensure(pv, {"status"})["lastPhaseTransitionTime"] = *old_time;
  } else if (unset || (old_time != nullptr && *new_time == *old_time)) {
    Ensure(pv, {"status"})["lastPhaseTransitionTime"] = FormatTime(now);
  }
}

}  // namespace

ResourceType PersistentVolume() {
  ResourceType t;
  t.version = "v1";
  t.kind = "PersistentVolume";
  t.plural = "persistentvolumes";
  t.singular = "persistentvolume";
  t.short_names = {"pv"};
  t.namespaced = false;
  t.has_status = true;
  t.set_defaults = SetDefaults;
  t.validate_create = [](const Json& pv, FieldErrorList& errs) {
    const Json* spec = v::Get(pv, "spec");
    v::ValidatePersistentVolumeSpec(errs, spec ? *spec : Json::object(), FieldPath("spec"));
  };
  t.validate_update = [](const Json& pv, const Json& old, FieldErrorList& errs) {
    v::ValidatePersistentVolumeUpdate(errs, pv, old);
  };
  t.prepare_create = PrepareCreate;
  t.prepare_status = PrepareStatus;
  return t;
}

}  // namespace stead::api::kinds

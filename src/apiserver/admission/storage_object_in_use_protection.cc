#include "apiserver/admission/storage_object_in_use_protection.h"

#include <algorithm>

namespace stead::apiserver::admission {

namespace {

void AddFinalizer(Json& obj, const char* finalizer) {
  Json& meta = Ensure(obj, {"metadata"});
  Json& finalizers = meta["finalizers"];
  if (!finalizers.is_array()) finalizers = Json::array();
  if (std::find(finalizers.begin(), finalizers.end(), finalizer) != finalizers.end()) return;
  finalizers.push_back(finalizer);
}

}  // namespace

Status AdmitStorageObjectInUseProtection(const api::ResourceType& type, Json& obj) {
  if (!type.group.empty()) return Status::OK();
  if (type.plural == "persistentvolumeclaims") {
    AddFinalizer(obj, kPvcProtectionFinalizer);
  } else if (type.plural == "persistentvolumes") {
    AddFinalizer(obj, kPvProtectionFinalizer);
  }
  return Status::OK();
}

}  // namespace stead::apiserver::admission

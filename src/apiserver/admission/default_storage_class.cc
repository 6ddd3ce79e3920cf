#include "apiserver/admission/default_storage_class.h"

#include "core/clock.h"

namespace stead::apiserver::admission {

namespace {

bool HasAnnotation(const Json& obj, const char* key) {
  const Json* annotations = Lookup(obj, {"metadata", "annotations"});
  return annotations && annotations->is_object() && annotations->contains(key);
}

// spec.storageClassName as a Go *string: unset and null are both nil.
const Json* StorageClassName(const Json& obj) {
  const Json* name = Lookup(obj, {"spec", "storageClassName"});
  return name && name->is_string() ? name : nullptr;
}

std::string ClassOf(const Json& obj) {
  if (HasAnnotation(obj, kBetaStorageClassAnnotation)) {
    return GetString(obj, {"metadata", "annotations", kBetaStorageClassAnnotation});
  }
  const Json* name = StorageClassName(obj);
  return name ? name->get<std::string>() : "";
}

SystemTime CreationTime(const Json& obj) {
  SystemTime t{};
  ParseTime(GetString(obj, {"metadata", "creationTimestamp"}), &t);
  return t;
}

}  // namespace

std::string ClaimStorageClass(const Json& claim) { return ClassOf(claim); }

std::string VolumeStorageClass(const Json& volume) { return ClassOf(volume); }

bool ClaimHasStorageClass(const Json& claim) {
  return HasAnnotation(claim, kBetaStorageClassAnnotation) || StorageClassName(claim) != nullptr;
}

bool IsDefaultStorageClass(const Json& storage_class) {
  auto annotations = MetaAnnotations(storage_class);
  auto is_true = [&](const char* key) {
    auto it = annotations.find(key);
    return it != annotations.end() && it->second == "true";
  };
  return is_true(kIsDefaultClassAnnotation) || is_true(kBetaIsDefaultClassAnnotation);
}

store::ObjectPtr PickDefaultStorageClass(const std::vector<store::ObjectPtr>& classes) {
  store::ObjectPtr best;
  for (const auto& sc : classes) {
    if (!IsDefaultStorageClass(*sc)) continue;
    if (!best) {
      best = sc;
      continue;
    }
    SystemTime t = CreationTime(*sc), best_t = CreationTime(*best);
    if (t > best_t || (t == best_t && MetaName(*sc) < MetaName(*best))) best = sc;
  }
  return best;
}

Status AdmitDefaultStorageClass(const api::ResourceType& type, Json& obj,
                                const AdmissionContext& context) {
  if (!type.group.empty() || type.plural != "persistentvolumeclaims") return Status::OK();
  if (ClaimHasStorageClass(obj)) return Status::OK();
  store::ObjectPtr def = PickDefaultStorageClass(context.List("storage.k8s.io", "storageclasses"));
  if (!def) return Status::OK();
  Ensure(obj, {"spec"})["storageClassName"] = MetaName(*def);
  return Status::OK();
}

}  // namespace stead::apiserver::admission

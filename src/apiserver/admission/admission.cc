#include "apiserver/admission/admission.h"

#include "apiserver/admission/default_storage_class.h"
#include "apiserver/admission/storage_object_in_use_protection.h"
#include "apiserver/keys.h"

namespace stead::apiserver::admission {

std::vector<store::ObjectPtr> AdmissionContext::List(std::string_view group,
                                                     std::string_view plural) const {
  std::vector<store::ObjectPtr> out;
  const api::ResourceType* type = registry_.ByResource(group, "", plural);
  if (!type) return out;
  int64_t revision = 0;
  for (auto& cached : cache_.List(ListPrefix(*type, ""), "", &revision)) {
    out.push_back(std::move(cached.object));
  }
  return out;
}

Status AdmitCreate(const api::ResourceType& type, Json& obj, const AdmissionContext& context) {
  // kube-apiserver's recommended plugin order: DefaultStorageClass before
  // StorageObjectInUseProtection.
  STEAD_RETURN_IF_ERROR(AdmitDefaultStorageClass(type, obj, context));
  STEAD_RETURN_IF_ERROR(AdmitStorageObjectInUseProtection(type, obj));
  return Status::OK();
}

}  // namespace stead::apiserver::admission

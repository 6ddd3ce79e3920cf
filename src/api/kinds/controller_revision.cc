// apps/v1 ControllerRevision: `data` is mandatory and immutable, `revision`
// non-negative.
#include <cstdio>

#include "api/kinds/kinds.h"
#include "api/validation/common.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

// %#v of a runtime.RawExtension holding the JSON bytes of `data`.
std::string GoRawExtension(const Json* data) {
  std::string out = "runtime.RawExtension{Raw:";
  if (data == nullptr) {
    out += "[]uint8(nil)";
  } else {
    out += "[]uint8{";
    std::string bytes = data->dump();
    for (size_t i = 0; i < bytes.size(); ++i) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "0x%x", static_cast<unsigned char>(bytes[i]));
      out += (i ? ", " : "") + std::string(buf);
    }
    out += "}";
  }
  return out + ", Object:runtime.Object(nil)}";
}

void ValidateCreate(const Json& obj, FieldErrorList& errs) {
  if (v::Get(obj, "data") == nullptr) {
    errs.push_back(FieldError::Required(FieldPath("data"), "data is mandatory"));
  }
  v::ValidateNonnegativeField(errs, v::Int(obj, "revision"), FieldPath("revision"));
}

void ValidateUpdate(const Json& obj, const Json& old, FieldErrorList& errs) {
  ValidateCreate(obj, errs);
  const Json* data = v::Get(obj, "data");
  const Json* old_data = v::Get(old, "data");
  // RawExtension compares byte for byte, not semantically.
  bool same = (data == nullptr) == (old_data == nullptr) && (!data || *data == *old_data);
  if (!same) {
    errs.push_back(FieldError::InvalidRaw(FieldPath("data"), GoRawExtension(data),
                                          std::string(v::kFieldImmutableErrorMsg)));
  }
}

}  // namespace

ResourceType ControllerRevision() {
  ResourceType t;
  t.group = "apps";
  t.version = "v1";
  t.kind = "ControllerRevision";
  t.plural = "controllerrevisions";
  t.singular = "controllerrevision";
  t.namespaced = true;
  t.validate_create = ValidateCreate;
  t.validate_update = ValidateUpdate;
  return t;
}

}  // namespace stead::api::kinds

// core/v1 ConfigMap: keys must be valid config keys and unique across data
// and binaryData, the total size is capped at 1 MiB, and immutable config
// maps keep their contents.
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "core/base64.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

constexpr size_t kMaxSize = 1024 * 1024;

void Validate(const Json& cm, FieldErrorList& errs) {
  size_t total = 0;
  const Json* binary = v::Get(cm, "binaryData");
  if (const Json* data = v::Object(cm, "data")) {
    for (auto it = data->begin(); it != data->end(); ++it) {
      FieldPath p = FieldPath("data").Key(it.key());
      v::AppendInvalid(errs, p, it.key(), v::IsConfigMapKey(it.key()));
      if (binary && v::Get(*binary, it.key())) {
        errs.push_back(v::InvalidString(p, it.key(), "duplicate of key present in binaryData"));
      }
      if (it.value().is_string()) total += it.value().get_ref<const std::string&>().size();
    }
  }
  if (const Json* bin = v::Object(cm, "binaryData")) {
    for (auto it = bin->begin(); it != bin->end(); ++it) {
      v::AppendInvalid(errs, FieldPath("binaryData").Key(it.key()), it.key(),
                       v::IsConfigMapKey(it.key()));
      if (it.value().is_string()) {
        auto decoded = Base64Decode(it.value().get<std::string>());
        total += decoded.ok() ? decoded->size() : 0;
      }
    }
  }
  if (total > kMaxSize) errs.push_back(FieldError::TooLong(FieldPath(""), kMaxSize));
}

void ValidateUpdate(const Json& cm, const Json& old, FieldErrorList& errs) {
  if (v::Bool(old, "immutable")) {
    constexpr const char* kMsg = "field is immutable when `immutable` is set";
    if (!v::Bool(cm, "immutable"))
      errs.push_back(FieldError::Forbidden(FieldPath("immutable"), kMsg));
    for (const char* key : {"data", "binaryData"}) {
      if (!v::SemanticEqual(v::Get(cm, key), v::Get(old, key))) {
        errs.push_back(FieldError::Forbidden(FieldPath(key), kMsg));
      }
    }
  }
  Validate(cm, errs);
}

}  // namespace

ResourceType ConfigMap() {
  ResourceType t;
  t.version = "v1";
  t.kind = "ConfigMap";
  t.plural = "configmaps";
  t.singular = "configmap";
  t.short_names = {"cm"};
  t.namespaced = true;
  t.validate_create = Validate;
  t.validate_update = ValidateUpdate;
  return t;
}

}  // namespace stead::api::kinds

// core/v1 Secret: type Opaque by default, stringData folded into data (as
// v1 conversion does), key and size rules, the per-type required keys, and
// immutability of the type and of immutable secrets.
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "core/base64.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

constexpr size_t kMaxSize = 1024 * 1024;

void SetDefaults(Json& secret) {
  if (v::Str(secret, "type").empty()) secret["type"] = "Opaque";
  if (const Json* string_data = v::Object(secret, "stringData")) {
    Json& data = Ensure(secret, {"data"});
    if (!data.is_object()) data = Json::object();
    for (auto it = string_data->begin(); it != string_data->end(); ++it) {
      if (it.value().is_string()) data[it.key()] = Base64Encode(it.value().get<std::string>());
    }
  }
  secret.erase("stringData");
}

std::optional<std::string> Decoded(const Json& secret, const std::string& key) {
  const Json* value = Lookup(secret, {"data", key});
  if (value == nullptr || !value->is_string()) return std::nullopt;
  auto decoded = Base64Decode(value->get<std::string>());
  return decoded.ok() ? std::optional<std::string>(*decoded) : std::optional<std::string>("");
}

void RequireJsonKey(const Json& secret, const std::string& key, FieldErrorList& errs) {
  FieldPath p = FieldPath("data").Key(key);
  auto bytes = Decoded(secret, key);
  if (!bytes) {
    errs.push_back(FieldError::Required(p));
    return;
  }
  Json parsed = Json::parse(*bytes, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    errs.push_back(
        v::InvalidString(p, "<secret contents redacted>", "invalid character in JSON input"));
  }
}

void Validate(const Json& secret, FieldErrorList& errs) {
  size_t total = 0;
  if (const Json* data = v::Object(secret, "data")) {
    for (auto it = data->begin(); it != data->end(); ++it) {
      v::AppendInvalid(errs, FieldPath("data").Key(it.key()), it.key(),
                       v::IsConfigMapKey(it.key()));
      if (auto bytes = Decoded(secret, it.key())) total += bytes->size();
    }
  }
  if (total > kMaxSize) errs.push_back(FieldError::TooLong(FieldPath("data"), kMaxSize));
  std::string type = v::Str(secret, "type");
  if (type == "kubernetes.io/service-account-token") {
    if (MetaAnnotations(secret)["kubernetes.io/service-account.name"].empty()) {
      errs.push_back(FieldError::Required(
          FieldPath("metadata").Child("annotations").Key("kubernetes.io/service-account.name")));
    }
  } else if (type == "kubernetes.io/dockercfg") {
    RequireJsonKey(secret, ".dockercfg", errs);
  } else if (type == "kubernetes.io/dockerconfigjson") {
    RequireJsonKey(secret, ".dockerconfigjson", errs);
  } else if (type == "kubernetes.io/basic-auth") {
    if (!Decoded(secret, "username") && !Decoded(secret, "password")) {
      errs.push_back(FieldError::Required(FieldPath("data").Key("username")));
      errs.push_back(FieldError::Required(FieldPath("data").Key("password")));
    }
  } else if (type == "kubernetes.io/ssh-auth") {
    auto key = Decoded(secret, "ssh-privatekey");
    if (!key || key->empty())
      errs.push_back(FieldError::Required(FieldPath("data").Key("ssh-privatekey")));
  } else if (type == "kubernetes.io/tls") {
    for (const char* key : {"tls.crt", "tls.key"}) {
      if (!Decoded(secret, key)) errs.push_back(FieldError::Required(FieldPath("data").Key(key)));
    }
  }
}

void ValidateUpdate(const Json& secret, const Json& old, FieldErrorList& errs) {
  v::ValidateImmutableString(errs, secret, old, "type", FieldPath("type"));
  if (v::Bool(old, "immutable")) {
    constexpr const char* kMsg = "field is immutable when `immutable` is set";
    if (!v::Bool(secret, "immutable"))
      errs.push_back(FieldError::Forbidden(FieldPath("immutable"), kMsg));
    if (!v::SemanticEqual(v::Get(secret, "data"), v::Get(old, "data"))) {
      errs.push_back(FieldError::Forbidden(FieldPath("data"), kMsg));
    }
  }
  Validate(secret, errs);
}

}  // namespace

ResourceType Secret() {
  ResourceType t;
  t.version = "v1";
  t.kind = "Secret";
  t.plural = "secrets";
  t.singular = "secret";
  t.namespaced = true;
  t.set_defaults = SetDefaults;
  t.validate_create = Validate;
  t.validate_update = ValidateUpdate;
  t.field_selectors = {"type"};
  t.field_value = [](const Json& secret, const std::string& field) -> std::optional<std::string> {
    if (field == "type") return GetString(secret, {"type"});
    return std::nullopt;
  };
  return t;
}

}  // namespace stead::api::kinds

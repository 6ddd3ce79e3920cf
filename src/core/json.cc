#include "core/json.h"

namespace stead {

Result<Json> ParseJson(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Re-parse with exceptions for a precise message.
    try {
      Json ignored = Json::parse(text.begin(), text.end());
      (void)ignored;
    } catch (const Json::parse_error& e) {
      std::string what = e.what();
      // Strip nlohmann's "[json.exception.parse_error.101] " prefix.
      if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
      return Status::BadRequest("invalid JSON: " + what);
    }
    return Status::BadRequest("invalid JSON");
  }
  return j;
}

const Json* Lookup(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* cur = &obj;
  for (auto key : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

Json* LookupMutable(Json& obj, std::initializer_list<std::string_view> path) {
  return const_cast<Json*>(Lookup(obj, path));
}

std::string GetString(const Json& obj, std::initializer_list<std::string_view> path,
                      std::string_view fallback) {
  const Json* v = Lookup(obj, path);
  if (v && v->is_string()) return v->get<std::string>();
  return std::string(fallback);
}

int64_t GetInt(const Json& obj, std::initializer_list<std::string_view> path, int64_t fallback) {
  const Json* v = Lookup(obj, path);
  if (v && v->is_number_integer()) return v->get<int64_t>();
  if (v && v->is_number_float()) return static_cast<int64_t>(v->get<double>());
  return fallback;
}

bool GetBool(const Json& obj, std::initializer_list<std::string_view> path, bool fallback) {
  const Json* v = Lookup(obj, path);
  if (v && v->is_boolean()) return v->get<bool>();
  return fallback;
}

bool Has(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  return v != nullptr && !v->is_null();
}

Json& Ensure(Json& obj, std::initializer_list<std::string_view> path) {
  Json* cur = &obj;
  for (auto key : path) {
    if (!cur->is_object()) *cur = Json::object();
    cur = &(*cur)[std::string(key)];
  }
  return *cur;
}

void Erase(Json& obj, std::initializer_list<std::string_view> path) {
  if (path.size() == 0) return;
  Json* cur = &obj;
  auto it = path.begin();
  for (size_t i = 0; i + 1 < path.size(); ++i, ++it) {
    if (!cur->is_object()) return;
    auto f = cur->find(*it);
    if (f == cur->end()) return;
    cur = &*f;
  }
  if (cur->is_object()) cur->erase(std::string(*it));
}

std::string MetaName(const Json& obj) { return GetString(obj, {"metadata", "name"}); }
std::string MetaNamespace(const Json& obj) { return GetString(obj, {"metadata", "namespace"}); }
std::string MetaUid(const Json& obj) { return GetString(obj, {"metadata", "uid"}); }
std::string MetaResourceVersion(const Json& obj) {
  return GetString(obj, {"metadata", "resourceVersion"});
}

std::map<std::string, std::string> StringMap(const Json* obj) {
  std::map<std::string, std::string> out;
  if (!obj || !obj->is_object()) return out;
  for (auto it = obj->begin(); it != obj->end(); ++it) {
    if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

std::map<std::string, std::string> MetaLabels(const Json& obj) {
  return StringMap(Lookup(obj, {"metadata", "labels"}));
}

std::map<std::string, std::string> MetaAnnotations(const Json& obj) {
  return StringMap(Lookup(obj, {"metadata", "annotations"}));
}

bool MetaDeleting(const Json& obj) { return Has(obj, {"metadata", "deletionTimestamp"}); }

}  // namespace stead

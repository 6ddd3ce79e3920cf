// JSON helpers. Kubernetes objects are handled as nlohmann::json throughout;
// these accessors never throw and make object-field access short.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace stead {

using Json = nlohmann::json;

// Parses JSON text; errors become 400 BadRequest statuses whose message
// names the position (as upstream's decoder does).
Result<Json> ParseJson(std::string_view text);

// Non-throwing lookup of a nested object field; nullptr when any step is
// missing or not an object.
const Json* Lookup(const Json& obj, std::initializer_list<std::string_view> path);
Json* LookupMutable(Json& obj, std::initializer_list<std::string_view> path);

std::string GetString(const Json& obj, std::initializer_list<std::string_view> path,
                      std::string_view fallback = "");
int64_t GetInt(const Json& obj, std::initializer_list<std::string_view> path,
               int64_t fallback = 0);
bool GetBool(const Json& obj, std::initializer_list<std::string_view> path, bool fallback = false);
bool Has(const Json& obj, std::initializer_list<std::string_view> path);

// Returns obj[path...], creating intermediate objects (replacing non-objects).
Json& Ensure(Json& obj, std::initializer_list<std::string_view> path);
// Erases obj[path...] if present.
void Erase(Json& obj, std::initializer_list<std::string_view> path);

// ObjectMeta shortcuts.
std::string MetaName(const Json& obj);
std::string MetaNamespace(const Json& obj);
std::string MetaUid(const Json& obj);
std::string MetaResourceVersion(const Json& obj);
std::map<std::string, std::string> MetaLabels(const Json& obj);
std::map<std::string, std::string> MetaAnnotations(const Json& obj);
bool MetaDeleting(const Json& obj);  // has metadata.deletionTimestamp

// Reads a string->string map (labels, selectors, nodeSelector); non-string
// values are skipped.
std::map<std::string, std::string> StringMap(const Json* obj);

}  // namespace stead

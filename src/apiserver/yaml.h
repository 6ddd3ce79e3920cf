// YAML <-> JSON for request and response bodies (application/yaml), with
// Kubernetes' typing of plain scalars (null, booleans, numbers) and quoting
// of strings that would otherwise read as another type.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace stead::apiserver {

// 400 BadRequest on malformed YAML or more than one document.
Result<Json> YamlToJson(std::string_view text);
std::string JsonToYaml(const Json& value);

}  // namespace stead::apiserver

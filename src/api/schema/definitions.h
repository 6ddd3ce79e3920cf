// The built-in schema definitions, one DSL source per API group (see dsl.h
// for the format). Each function returns a static string.
#pragma once

#include <string_view>
#include <vector>

namespace stead::api::schema {

std::string_view MetaDefinitions();
std::string_view CoreDefinitions();
std::string_view AppsDefinitions();
std::string_view AutoscalingDefinitions();
std::string_view DiscoveryDefinitions();
std::string_view CoordinationDefinitions();
std::string_view StorageDefinitions();
std::string_view EventsDefinitions();

// All of the above.
std::vector<std::string_view> BuiltinDefinitionSources();

}  // namespace stead::api::schema

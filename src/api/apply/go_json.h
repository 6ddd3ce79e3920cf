// JSON text as Go's encoding/json writes it, for the places where
// server-side apply turns values into strings that end up in objects or
// messages: the keys of FieldsV1 ("k:{\"name\":\"web\"}", "v:\"a\""), field
// manager identifiers and the last-applied-configuration annotation.
// Differs from nlohmann's dump() in the escapes: '<', '>', '&', U+2028 and
// U+2029 become \u003c, \u003e, \u0026, \u2028, \u2029, and control
// characters other than \n \r \t use \u00XX. Object keys come out sorted,
// compact, as json.Marshal of a map does. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace stead::api::apply {

// A JSON string literal, quotes included.
std::string GoJsonString(std::string_view s);

// Compact JSON text of `value`.
std::string GoJson(const Json& value);

// %v of a scalar as fmt prints it inside smd paths: strings quoted with
// strconv.Quote, numbers and booleans bare, null as "null"; lists as
// "[a,b]" and maps as "k=v" pairs run together (upstream's value.ToString).
std::string GoValueString(const Json& value);

}  // namespace stead::api::apply

// The YAML text gnostic keeps in an openapi.v2.Any (default, example, enum
// values and x-* vendor extensions of the protobuf OpenAPI v2 document).
// gnostic's compiler.Marshal clears the node styles that the JSON source
// carried and marshals the node with gopkg.in/yaml.v3, so the text is block
// YAML with yaml.v3's layout: 4-space indentation, sequence items indented
// under their key, "- " items whose mappings continue two columns in,
// strings quoted exactly when a plain scalar would read as another type or
// would not parse, multi-line strings as literal blocks, no line folding,
// keys over 128 bytes in the "? key" form. Clients decode it back
// with a YAML parser; matching yaml.v3's bytes keeps our document identical
// to the one kube-apiserver serves.
#pragma once

#include <string>

#include "core/json.h"

namespace stead::api::schema {

// The text always ends with a newline ("abc\n", "- a\n- b\n", "{}\n").
std::string GnosticYaml(const Json& value);

}  // namespace stead::api::schema

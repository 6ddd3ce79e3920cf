// GoJsonMarshal: the bytes Go's encoding/json.Marshal produces for a value
// that was decoded into interface{} — the form in which upstream's
// StatefulSet controller serialises the pod template it stores in a
// ControllerRevision (N8). Byte-exactness matters because the revision name
// is a hash of these bytes (N9): object keys sorted bytewise, no whitespace,
// every number printed as a float64 ("30", "1e+21", "1e-7"), and strings
// escaped as Go does (<, >, & as \u003c \u003e \u0026, U+2028/U+2029
// escaped, invalid UTF-8 replaced by \ufffd). Pure function.
#pragma once

#include <string>

#include "core/json.h"

namespace stead::controllers::statefulset {

std::string GoJsonMarshal(const Json& value);

}  // namespace stead::controllers::statefulset

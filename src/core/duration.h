// Go duration strings ("1h2m3s", "500ms", "1.5h", "-2m"), as parsed by Go's
// time.ParseDuration for request parameters like `?timeout=32s`. Units: ns,
// us (µs, μs), ms, s, m, h; fractions and signs allowed; "0" needs no unit.
#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"

namespace stead {

// Errors are 400 BadRequest with Go's text, e.g.
// `time: invalid duration "abc"`, `time: missing unit in duration "1"`,
// `time: unknown unit "d" in duration "1d"`.
Result<std::chrono::nanoseconds> ParseDuration(std::string_view text);

}  // namespace stead

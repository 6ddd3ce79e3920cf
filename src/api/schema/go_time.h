// metav1.Time / metav1.MicroTime JSON values as upstream reads and writes
// them: Go's time.Parse with the RFC 3339 layouts (same error messages),
// written back in UTC ("2024-05-01T10:00:00Z", MicroTime with exactly six
// fractional digits). Stateless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stead::api::schema {

// A parsed time, already converted to UTC.
struct GoTime {
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int nanos = 0;
  // Go's zero time (0001-01-01T00:00:00Z), which both types write as null.
  bool IsZero() const;
  std::string FormatRfc3339() const;       // metav1.Time
  std::string FormatRfc3339Micro() const;  // metav1.MicroTime

  // Seconds since the Unix epoch (negative before 1970), as Go's Unix().
  int64_t UnixSeconds() const;
  // The UTC time `seconds` after the epoch plus `nanos` (0..999999999).
  static GoTime FromUnix(int64_t seconds, int nanos);
};

// Parses `value` with layout "2006-01-02T15:04:05Z07:00" (micro = false) or
// "2006-01-02T15:04:05.000000Z07:00" (micro = true). The error is Go's
// time.ParseError text, e.g. `parsing time "x" as "2006-01-02T15:04:05Z07:00":
// cannot parse "x" as "2006"`.
Result<GoTime> ParseGoTime(std::string_view value, bool micro);

}  // namespace stead::api::schema

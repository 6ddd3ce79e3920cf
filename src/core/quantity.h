// Quantity: Kubernetes resource quantities ("500m", "10Gi", "1e3", "0.5"),
// with upstream's parsing rules, comparison and canonical formatting
// (k8s.io/apimachinery/pkg/api/resource). Value type, thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stead {

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity() = default;
  // Parses a quantity string; error message as upstream ("quantities must
  // match the regular expression ..." / "unable to parse quantity's suffix").
  static Result<Quantity> Parse(std::string_view text);
  static Quantity FromMilli(int64_t milli, Format format = Format::kDecimalSI);
  static Quantity FromInt(int64_t value, Format format = Format::kDecimalSI);

  // Value rounded up to an integer (upstream Value()).
  int64_t Value() const;
  // Value * 1000 rounded up (upstream MilliValue()).
  int64_t MilliValue() const;
  bool IsZero() const;
  int Sign() const;
  // -1, 0, 1.
  int Compare(const Quantity& other) const;
  Format format() const { return format_; }

  // Canonical string as upstream serializes it ("1Gi", "500m", "1500M"...).
  std::string ToString() const;

  Quantity& operator+=(const Quantity& other);
  Quantity& operator-=(const Quantity& other);

 private:
  // Exact value = mantissa_ * 10^scale_ (scale_ may be negative). Binary
  // inputs are converted exactly to this decimal form.
  __int128 mantissa_ = 0;
  int scale_ = 0;
  Format format_ = Format::kDecimalSI;
};

}  // namespace stead

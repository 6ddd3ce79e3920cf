// Quantity: Kubernetes resource quantities ("500m", "10Gi", "1e3", "0.5"),
// with upstream's parsing rules, comparison and canonical formatting
// (k8s.io/apimachinery/pkg/api/resource). Value type, thread-compatible.
//
// The value is exact: an arbitrary-precision decimal, like upstream's inf.Dec
// fallback. Parsing rounds precision below 1n up (away from zero), caps
// binary-suffixed values at 2^63-1 and remembers the input text when upstream
// would (a canonical-looking input is echoed back verbatim, "+1" included).
// Where upstream's int64 results overflow, Value()/MilliValue() saturate.
// As with upstream's inf.Dec, adding values whose exponents differ by n costs
// O(n) digits, so callers summing untrusted input should validate it first.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace stead {

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity() = default;
  // Parses a quantity string; error message as upstream ("quantities must
  // match the regular expression ..." / "unable to parse quantity's suffix").
  // Errors are 400 BadRequest.
  static Result<Quantity> Parse(std::string_view text);
  // Decodes a JSON field the way upstream's UnmarshalJSON does: a string
  // (surrounding whitespace trimmed) or a number; null is zero.
  static Result<Quantity> FromJson(const Json& value);
  static Quantity FromMilli(int64_t milli, Format format = Format::kDecimalSI);
  static Quantity FromInt(int64_t value, Format format = Format::kDecimalSI);
  // value * 10^scale (upstream NewScaledQuantity, which is DecimalSI).
  static Quantity FromScaled(int64_t value, int scale, Format format = Format::kDecimalSI);

  // Value rounded up (away from zero) to an integer (upstream Value()).
  int64_t Value() const;
  // Value * 1000 rounded up (upstream MilliValue()).
  int64_t MilliValue() const;
  // ceil(value / 10^scale), e.g. ScaledValue(-9) is nanounits.
  int64_t ScaledValue(int scale) const;
  // Nearest double; +-inf when out of range.
  double AsApproximateDouble() const;
  bool IsZero() const { return magnitude_.empty(); }
  int Sign() const;
  // -1, 0, 1.
  int Compare(const Quantity& other) const;
  Format format() const { return format_; }

  // Canonical string as upstream serializes it ("1Gi", "500m", "1500M"...).
  std::string ToString() const;
  Json ToJson() const { return ToString(); }

  // Adding to or subtracting from a zero quantity adopts the other's format.
  Quantity& operator+=(const Quantity& other);
  Quantity& operator-=(const Quantity& other);
  void Neg();

  friend bool operator==(const Quantity& a, const Quantity& b) { return a.Compare(b) == 0; }
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
    return a.Compare(b) <=> 0;
  }

 private:
  void Normalize();
  void AddSigned(const Quantity& other, bool negate);

  // Exact value = (negative_ ? -1 : 1) * magnitude_ * 10^scale_. magnitude_
  // is little-endian base-1e9 limbs without leading zero limbs (empty is
  // zero) and carries no trailing decimal zeros, so equal values have equal
  // representations.
  std::vector<uint32_t> magnitude_;
  int64_t scale_ = 0;
  bool negative_ = false;
  Format format_ = Format::kDecimalSI;
  // The parsed text when upstream keeps it as the serialized form.
  std::string cached_;
};

}  // namespace stead

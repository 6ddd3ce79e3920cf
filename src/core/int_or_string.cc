#include "core/int_or_string.h"

#include <cmath>
#include <limits>
#include <optional>

#include "core/go_quote.h"
#include "core/validation.h"

namespace stead {
namespace {

// Go's strconv.Atoi on a 64-bit platform, including its error text.
Result<int64_t> Atoi(const std::string& s) {
  const std::string prefix = "strconv.Atoi: parsing " + GoQuote(s) + ": ";
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return Status::BadRequest(prefix + "invalid syntax");
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t v = 0;
  bool overflow = false;
  for (char c : digits) {
    if (c < '0' || c > '9') return Status::BadRequest(prefix + "invalid syntax");
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (overflow || v > (limit - digit) / 10) {
      overflow = true;
    } else {
      v = v * 10 + digit;
    }
  }
  if (overflow) return Status::BadRequest(prefix + "value out of range");
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

// An int32 JSON integer, as IntOrString decodes it.
std::optional<int32_t> IntValue(const Json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) return std::nullopt;
    return static_cast<int32_t>(u);
  }
  int64_t i = value.get<int64_t>();
  if (i < std::numeric_limits<int32_t>::min() || i > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int32_t>(i);
}

int64_t ClampToInt64(double d) {
  if (!(d > -9.2e18)) return std::numeric_limits<int64_t>::min();
  if (d > 9.2e18) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(d);
}

}  // namespace

Result<int64_t> GetScaledValueFromIntOrPercent(const Json& value, int64_t total, bool round_up) {
  if (value.is_null()) return Status::BadRequest("nil value for IntOrString");
  if (std::optional<int32_t> i = IntValue(value)) return int64_t{*i};
  const std::string kPrefix = "invalid value for IntOrString: ";
  if (!value.is_string()) {
    return Status::BadRequest(kPrefix + "invalid type: neither int nor percentage");
  }
  const std::string& s = value.get_ref<const std::string&>();
  if (s.empty() || s.back() != '%') {
    return Status::BadRequest(kPrefix + "invalid type: string is not a percentage");
  }
  Result<int64_t> percent = Atoi(s.substr(0, s.size() - 1));
  if (!percent.ok()) {
    return Status::BadRequest(kPrefix + "invalid value " + GoQuote(s) + ": " +
                              percent.status().message());
  }
  double scaled = static_cast<double>(*percent) * static_cast<double>(total) / 100;
  return ClampToInt64(round_up ? std::ceil(scaled) : std::floor(scaled));
}

std::string RenderIntOrString(const Json& value) {
  if (value.is_string()) {
    return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" +
           GoQuote(value.get_ref<const std::string&>()) + "}";
  }
  return "intstr.IntOrString{Type:0, IntVal:" + std::to_string(IntValue(value).value_or(0)) +
         ", StrVal:\"\"}";
}

FieldErrorList ValidatePositiveIntOrPercent(const Json& value, const FieldPath& path) {
  FieldErrorList errs;
  if (value.is_string()) {
    for (std::string& msg : IsValidPercent(value.get_ref<const std::string&>())) {
      errs.push_back(FieldError::InvalidRaw(path, RenderIntOrString(value), std::move(msg)));
    }
  } else if (std::optional<int32_t> i = IntValue(value); i && *i < 0) {
    errs.push_back(FieldError::Invalid(path, *i, "must be greater than or equal to 0"));
  }
  return errs;
}

FieldErrorList IsNotMoreThan100Percent(const Json& value, const FieldPath& path) {
  FieldErrorList errs;
  if (!value.is_string()) return errs;
  const std::string& s = value.get_ref<const std::string&>();
  if (!IsValidPercent(s).empty()) return errs;
  Result<int64_t> percent = Atoi(s.substr(0, s.size() - 1));
  if (percent.ok() && *percent <= 100) return errs;
  errs.push_back(
      FieldError::InvalidRaw(path, RenderIntOrString(value), "must not be greater than 100%"));
  return errs;
}

}  // namespace stead

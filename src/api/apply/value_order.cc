#include "api/apply/value_order.h"

#include <set>
#include <string>

namespace stead::api::apply {

namespace {

bool IsInt(const Json& v) { return v.is_number_integer(); }
bool IsFloat(const Json& v) { return v.is_number_float(); }
int64_t AsInt(const Json& v) {
  return v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
}

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int MapCompare(const Json& lhs, const Json& rhs) {
  size_t llen = lhs.size(), rlen = rhs.size();
  if (llen == 0 && rlen == 0) return 0;
  std::set<std::string> keys;
  for (auto it = lhs.begin(); it != lhs.end(); ++it) keys.insert(it.key());
  for (auto it = rhs.begin(); it != rhs.end(); ++it) keys.insert(it.key());
  size_t i = 0;
  for (const auto& k : keys) {
    int c = 0;
    auto l = lhs.find(k);
    auto r = rhs.find(k);
    if (i == llen) {
      c = -1;
    } else if (i == rlen) {
      c = 1;
    } else if (l == lhs.end()) {
      c = 1;
    } else if (r == rhs.end()) {
      c = -1;
    } else {
      c = ValueCompare(*l, *r);
    }
    ++i;
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace

int ValueCompare(const Json& lhs, const Json& rhs) {
  if (IsFloat(lhs)) {
    if (!IsFloat(rhs)) {
      if (IsInt(rhs)) return Cmp(lhs.get<double>(), static_cast<double>(AsInt(rhs)));
      return -1;
    }
    return Cmp(lhs.get<double>(), rhs.get<double>());
  } else if (IsFloat(rhs)) {
    if (IsInt(lhs)) return Cmp(static_cast<double>(AsInt(lhs)), rhs.get<double>());
    return 1;
  }
  if (IsInt(lhs)) {
    if (!IsInt(rhs)) return -1;
    return Cmp(AsInt(lhs), AsInt(rhs));
  } else if (IsInt(rhs)) {
    return 1;
  }
  if (lhs.is_string()) {
    if (!rhs.is_string()) return -1;
    return Cmp(lhs.get_ref<const std::string&>(), rhs.get_ref<const std::string&>());
  } else if (rhs.is_string()) {
    return 1;
  }
  if (lhs.is_boolean()) {
    if (!rhs.is_boolean()) return -1;
    return Cmp(lhs.get<bool>(), rhs.get<bool>());
  } else if (rhs.is_boolean()) {
    return 1;
  }
  if (lhs.is_array()) {
    if (!rhs.is_array()) return -1;
    for (size_t i = 0;; ++i) {
      if (i >= lhs.size() && i >= rhs.size()) return 0;
      if (i >= lhs.size()) return -1;
      if (i >= rhs.size()) return 1;
      if (int c = ValueCompare(lhs[i], rhs[i]); c != 0) return c;
    }
  } else if (rhs.is_array()) {
    return 1;
  }
  if (lhs.is_object()) {
    if (!rhs.is_object()) return -1;
    return MapCompare(lhs, rhs);
  } else if (rhs.is_object()) {
    return 1;
  }
  if (lhs.is_null()) return rhs.is_null() ? 0 : -1;
  if (rhs.is_null()) return 1;
  return 0;
}

bool ValueEquals(const Json& lhs, const Json& rhs) {
  if (IsFloat(lhs) || IsFloat(rhs)) {
    double lf = 0, rf = 0;
    if (IsFloat(lhs)) {
      lf = lhs.get<double>();
    } else if (IsInt(lhs)) {
      lf = static_cast<double>(AsInt(lhs));
    } else {
      return false;
    }
    if (IsFloat(rhs)) {
      rf = rhs.get<double>();
    } else if (IsInt(rhs)) {
      rf = static_cast<double>(AsInt(rhs));
    } else {
      return false;
    }
    return lf == rf;
  }
  if (IsInt(lhs) || IsInt(rhs)) return IsInt(lhs) && IsInt(rhs) && AsInt(lhs) == AsInt(rhs);
  if (lhs.is_string() || rhs.is_string()) return lhs == rhs;
  if (lhs.is_boolean() || rhs.is_boolean()) return lhs == rhs;
  if (lhs.is_array() || rhs.is_array()) {
    if (!lhs.is_array() || !rhs.is_array() || lhs.size() != rhs.size()) return false;
    for (size_t i = 0; i < lhs.size(); ++i) {
      if (!ValueEquals(lhs[i], rhs[i])) return false;
    }
    return true;
  }
  if (lhs.is_object() || rhs.is_object()) {
    if (!lhs.is_object() || !rhs.is_object() || lhs.size() != rhs.size()) return false;
    for (auto it = lhs.begin(); it != lhs.end(); ++it) {
      auto other = rhs.find(it.key());
      if (other == rhs.end() || !ValueEquals(it.value(), *other)) return false;
    }
    return true;
  }
  return lhs.is_null() == rhs.is_null();
}

}  // namespace stead::api::apply

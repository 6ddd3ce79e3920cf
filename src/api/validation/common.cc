#include "api/validation/common.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>

#include "api/validation/go_format.h"

namespace stead::api::validation {

const Json* Get(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Str(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

int64_t Int(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  if (v && v->is_number_integer()) return v->get<int64_t>();
  if (v && v->is_number_float()) return static_cast<int64_t>(v->get<double>());
  return 0;
}

bool Bool(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  return v && v->is_boolean() && v->get<bool>();
}

const Json* Array(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  return v && v->is_array() && !v->empty() ? v : nullptr;
}

const Json* Object(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  return v && v->is_object() && !v->empty() ? v : nullptr;
}

size_t Len(const Json& obj, std::string_view key) {
  const Json* v = Get(obj, key);
  return v && (v->is_array() || v->is_object()) ? v->size() : 0;
}

bool IsZero(const Json* v) {
  if (v == nullptr || v->is_null()) return true;
  if (v->is_string()) return v->get_ref<const std::string&>().empty();
  if (v->is_array()) return v->empty();
  if (v->is_boolean()) return !v->get<bool>();
  if (v->is_number()) return v->get<double>() == 0;
  if (v->is_object()) {
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!IsZero(&it.value())) return false;
    }
    return true;
  }
  return false;
}

bool SemanticEqual(const Json* a, const Json* b) {
  // Whether a Go field is a pointer (where nil != &T{}) is not visible in
  // JSON; all-zero structs are treated like absent ones, which is the more
  // permissive reading.
  if (IsZero(a) && IsZero(b)) return true;
  if (a == nullptr || b == nullptr) return false;
  if (a->is_object() && b->is_object()) {
    for (auto it = a->begin(); it != a->end(); ++it) {
      if (!SemanticEqual(&it.value(), Get(*b, it.key()))) return false;
    }
    for (auto it = b->begin(); it != b->end(); ++it) {
      if (a->find(it.key()) == a->end() && !IsZero(&it.value())) return false;
    }
    return true;
  }
  if (a->is_array() && b->is_array()) {
    if (a->size() != b->size()) return false;
    for (size_t i = 0; i < a->size(); ++i) {
      if (!SemanticEqual(&(*a)[i], &(*b)[i])) return false;
    }
    return true;
  }
  if (a->is_number() && b->is_number()) return a->get<double>() == b->get<double>();
  return *a == *b;
}

FieldError InvalidString(const FieldPath& path, std::string_view value, std::string detail) {
  return FieldError::InvalidRaw(path, GoQuote(value), std::move(detail));
}

void AppendInvalid(FieldErrorList& errs, const FieldPath& path, std::string_view value,
                   const Problems& msgs) {
  for (const auto& m : msgs) errs.push_back(InvalidString(path, value, m));
}

void ValidateNonnegativeField(FieldErrorList& errs, int64_t value, const FieldPath& path) {
  if (value < 0) {
    errs.push_back(FieldError::Invalid(path, value, std::string(kIsNegativeErrorMsg)));
  }
}

void ValidateDNS1123Label(FieldErrorList& errs, std::string_view value, const FieldPath& path) {
  AppendInvalid(errs, path, value, IsDNS1123Label(value));
}

void ValidateDNS1123Subdomain(FieldErrorList& errs, std::string_view value, const FieldPath& path) {
  AppendInvalid(errs, path, value, IsDNS1123Subdomain(value));
}

void ValidateQualifiedName(FieldErrorList& errs, std::string_view value, const FieldPath& path) {
  AppendInvalid(errs, path, value, IsQualifiedName(value));
}

void ValidateImmutableField(FieldErrorList& errs, const Json* new_value, const Json* old_value,
                            const FieldPath& path, std::string rendered) {
  if (!SemanticEqual(new_value, old_value)) {
    errs.push_back(
        FieldError::InvalidRaw(path, std::move(rendered), std::string(kFieldImmutableErrorMsg)));
  }
}

void ValidateImmutableString(FieldErrorList& errs, const Json& new_obj, const Json& old_obj,
                             std::string_view key, const FieldPath& path) {
  std::string n = Str(new_obj, key), o = Str(old_obj, key);
  if (n != o) errs.push_back(InvalidString(path, n, std::string(kFieldImmutableErrorMsg)));
}

namespace {

// getPercentValue: the number of a valid "<n>%" string.
std::optional<int64_t> PercentValue(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.get_ref<const std::string&>();
  if (!IsValidPercent(s).empty()) return std::nullopt;
  int64_t n = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    n = n * 10 + (s[i] - '0');
    if (n > 1'000'000'000'000LL) break;
  }
  return n;
}

}  // namespace

int64_t IntOrPercentValue(const Json& value) {
  if (auto p = PercentValue(value)) return *p;
  if (value.is_number()) return value.get<int64_t>();
  // IntOrString.IntValue() of a string is strconv.Atoi's result, 0 on error.
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    char* end = nullptr;
    errno = 0;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || end != s.c_str() + s.size() || errno != 0 ||
        std::isspace(static_cast<unsigned char>(s[0])))
      return 0;
    return n;
  }
  return 0;
}

std::string SpecDiff(std::string_view type_name, const Json& old_spec, const Json& new_spec) {
  std::set<std::string> keys;
  for (const Json* s : {&old_spec, &new_spec}) {
    if (!s->is_object()) continue;
    for (auto it = s->begin(); it != s->end(); ++it) keys.insert(it.key());
  }
  std::string out = "  " + std::string(type_name) + "{\n";
  for (const auto& key : keys) {
    const Json* o = Get(old_spec, key);
    const Json* n = Get(new_spec, key);
    if (SemanticEqual(o, n)) continue;
    std::string field = key;
    field[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(field[0])));
    out += "- \t" + field + ": " + (o ? o->dump() : "nil") + ",\n";
    out += "+ \t" + field + ": " + (n ? n->dump() : "nil") + ",\n";
  }
  return out + "  }\n";
}

std::string IntOrStringText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return std::to_string(value.get<int64_t>());
  return "0";
}

}  // namespace stead::api::validation

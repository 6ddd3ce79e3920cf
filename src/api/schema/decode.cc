#include "api/schema/decode.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "api/schema/go_time.h"
#include "core/base64.h"
#include "core/go_quote.h"
#include "core/quantity.h"

namespace stead::api::schema {
namespace {

std::string_view ShortName(const TypeDef& def) {
  std::string_view name = def.name;
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// How Go's decoder names a JSON value in "cannot unmarshal <value>".
std::string ValueKind(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "bool";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    case Json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

class Decoder {
 public:
  explicit Decoder(FieldValidation mode) : mode_(mode) {}

  // Decodes `in` (never null) as `type`. Returns nullopt after an error.
  std::optional<Json> Value(const Json& in, const TypeDef& type);
  // The zero value Go writes for an absent field of this type, or nullopt
  // when the field is omitted.
  std::optional<Json> Absent(const FieldDef& field);

  const std::optional<Status>& error() const { return error_; }
  const std::vector<std::string>& unknown() const { return unknown_; }

 private:
  std::optional<Json> Object(const Json& in, const TypeDef& type);
  // > 0 while decoding a StatefulSet's volumeClaimTemplates.
  int as_written_depth_ = 0;
  std::optional<Json> Integer(const Json& in, const TypeDef& type);
  std::optional<Json> Bytes(const Json& in, const TypeDef& type);

  std::nullopt_t TypeError(const std::string& value, const std::string& go_type) {
    if (error_) return std::nullopt;
    std::string msg = "json: cannot unmarshal " + value;
    if (struct_ != nullptr && !stack_.empty()) {
      msg += " into Go struct field " + std::string(ShortName(*struct_)) + ".";
      for (size_t i = 0; i < stack_.size(); ++i) {
        if (i > 0) msg += '.';
        msg += stack_[i];
      }
    } else {
      msg += " into Go value";
    }
    msg += " of type " + go_type;
    error_ = Status::BadRequest(std::move(msg));
    return std::nullopt;
  }
  std::nullopt_t Fail(Status status) {
    if (!error_) error_ = std::move(status);
    return std::nullopt;
  }

  FieldValidation mode_;
  std::optional<Status> error_;
  std::vector<std::string> unknown_;
  // Error context like Go's decoder: the innermost struct and the JSON
  // field names from the root (without list indexes) ...
  const TypeDef* struct_ = nullptr;
  std::vector<std::string_view> stack_;
  // ... and the path with list indexes, for unknown-field messages.
  std::string path_;
};

bool IsEmpty(const Json& v, TypeKind kind) {
  switch (kind) {
    case TypeKind::kString:
    case TypeKind::kBytes:
      return v.is_string() && v.get_ref<const std::string&>().empty();
    case TypeKind::kInteger:
    case TypeKind::kNumber:
      return v.is_number() && v == 0;
    case TypeKind::kBoolean:
      return v.is_boolean() && !v.get<bool>();
    case TypeKind::kArray:
    case TypeKind::kMap:
      return v.empty();
    default:
      return false;  // structs are never empty to encoding/json
  }
}

std::optional<Json> Decoder::Absent(const FieldDef& field) {
  if (field.pointer) {
    return field.omit_empty ? std::nullopt : std::optional<Json>(nullptr);
  }
  switch (field.type->kind) {
    case TypeKind::kObject:
      return Object(Json::object(), *field.type);
    case TypeKind::kTime:
    case TypeKind::kMicroTime:
    case TypeKind::kAny:
      return Json(nullptr);
    case TypeKind::kQuantity:
      return Json("0");
    case TypeKind::kIntOrString:
      return Json(0);
    case TypeKind::kString:
      return field.omit_empty ? std::nullopt : std::optional<Json>("");
    case TypeKind::kInteger:
    case TypeKind::kNumber:
      return field.omit_empty ? std::nullopt : std::optional<Json>(0);
    case TypeKind::kBoolean:
      return field.omit_empty ? std::nullopt : std::optional<Json>(false);
    case TypeKind::kArray:
    case TypeKind::kMap:
    case TypeKind::kBytes:
      return field.omit_empty ? std::nullopt : std::optional<Json>(nullptr);
  }
  return std::nullopt;
}

std::optional<Json> Decoder::Object(const Json& in, const TypeDef& type) {
  if (!in.is_object()) return TypeError(ValueKind(in), type.go_name);
  Json out = Json::object();
  const TypeDef* saved_struct = struct_;
  struct_ = &type;
  size_t path_len = path_.size();
  for (auto it = in.begin(); it != in.end(); ++it) {
    const std::string& key = it.key();
    const FieldDef* field = type.FindField(key);
    if (field == nullptr) {
      if (mode_ != FieldValidation::kIgnore) {
        unknown_.push_back(path_.empty() ? key : path_ + "." + key);
      }
      continue;
    }
    if (it.value().is_null()) continue;
    stack_.push_back(field->name);
    if (!path_.empty()) path_ += '.';
    path_ += field->name;
    bool as_written = field->name == "volumeClaimTemplates" && type.name.size() >= 15 &&
                      type.name.compare(type.name.size() - 15, 15, "StatefulSetSpec") == 0;
    as_written_depth_ += as_written ? 1 : 0;
    std::optional<Json> v = Value(it.value(), *field->type);
    as_written_depth_ -= as_written ? 1 : 0;
    stack_.pop_back();
    path_.resize(path_len);
    if (!v) {
      struct_ = saved_struct;
      return std::nullopt;
    }
    if (!field->pointer && field->omit_empty && IsEmpty(*v, field->type->kind)) continue;
    out[field->name] = std::move(*v);
  }
  for (const FieldDef& field : type.fields) {
    if (out.contains(field.name)) continue;
    // Claim templates are stored as written (see README): no zero values
    // filled in, so kubectl's comparison of this atomic list sees no change.
    if (as_written_depth_ > 0) continue;
    // A zero creationTimestamp is omitted (the Kubernetes 1.34 behaviour),
    // not serialized as null inside templates.
    if (field.name == "creationTimestamp" && field.type->kind == TypeKind::kTime) continue;
    std::optional<Json> zero = Absent(field);
    if (error_) break;
    if (zero) out[field.name] = std::move(*zero);
  }
  struct_ = saved_struct;
  if (error_) return std::nullopt;
  return out;
}

std::optional<Json> Decoder::Integer(const Json& in, const TypeDef& type) {
  if (!in.is_number()) return TypeError(ValueKind(in), type.go_name);
  bool is32 = type.format == "int32";
  int64_t lo = is32 ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min();
  int64_t hi = is32 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
  if (in.is_number_unsigned()) {
    uint64_t u = in.get<uint64_t>();
    if (u > static_cast<uint64_t>(hi)) return TypeError("number " + in.dump(), type.go_name);
    return Json(static_cast<int64_t>(u));
  }
  if (in.is_number_integer()) {
    int64_t i = in.get<int64_t>();
    if (i < lo || i > hi) return TypeError("number " + in.dump(), type.go_name);
    return Json(i);
  }
  return TypeError("number " + in.dump(), type.go_name);
}

std::optional<Json> Decoder::Bytes(const Json& in, const TypeDef& type) {
  if (in.is_string()) {
    Result<std::string> raw = Base64Decode(in.get_ref<const std::string&>());
    if (!raw.ok()) return Fail(raw.status());
    return Json(Base64Encode(*raw));
  }
  if (in.is_array()) {  // encoding/json also reads []byte from a list of numbers
    std::string raw;
    for (const Json& b : in) {
      if (!b.is_number_integer() && !b.is_number_unsigned()) {
        return TypeError(ValueKind(b) == "number" ? "number " + b.dump() : ValueKind(b), "uint8");
      }
      int64_t v = b.get<int64_t>();
      if (v < 0 || v > 255) return TypeError("number " + b.dump(), "uint8");
      raw += static_cast<char>(v);
    }
    return Json(Base64Encode(raw));
  }
  return TypeError(ValueKind(in), type.go_name);
}

std::optional<Json> Decoder::Value(const Json& in, const TypeDef& type) {
  switch (type.kind) {
    case TypeKind::kObject:
      return Object(in, type);
    case TypeKind::kString:
      if (!in.is_string()) return TypeError(ValueKind(in), type.go_name);
      return in;
    case TypeKind::kInteger:
      return Integer(in, type);
    case TypeKind::kNumber:
      if (!in.is_number()) return TypeError(ValueKind(in), type.go_name);
      return in;
    case TypeKind::kBoolean:
      if (!in.is_boolean()) return TypeError(ValueKind(in), type.go_name);
      return in;
    case TypeKind::kBytes:
      return Bytes(in, type);
    case TypeKind::kAny:
      return in;
    case TypeKind::kIntOrString:
      if (in.is_string()) return in;
      if (!in.is_number()) return TypeError(ValueKind(in), "int32");
      if (!in.is_number_float()) {
        bool fits = in.is_number_unsigned()
                        ? in.get<uint64_t>() <= uint64_t{std::numeric_limits<int32_t>::max()}
                        : in.get<int64_t>() >= std::numeric_limits<int32_t>::min() &&
                              in.get<int64_t>() <= std::numeric_limits<int32_t>::max();
        if (fits) return in;
      }
      return TypeError("number " + in.dump(), "int32");
    case TypeKind::kQuantity: {
      std::string text = in.is_string() ? in.get<std::string>() : in.dump();
      size_t b = text.find_first_not_of(" \t\n\r");
      size_t e = text.find_last_not_of(" \t\n\r");
      text = b == std::string::npos ? "" : text.substr(b, e - b + 1);
      Result<Quantity> q = Quantity::Parse(text);
      if (!q.ok()) return Fail(Status::BadRequest(q.status().message()));
      // Kept as written (validated, not canonicalized): re-applying an
      // unchanged manifest with `cpu: 1000m` must not look like a change to
      // kubectl's three-way merge. See README "deliberate differences".
      return in.is_string() ? Json(text) : Json(q->ToString());
    }
    case TypeKind::kTime:
    case TypeKind::kMicroTime: {
      if (!in.is_string()) return TypeError(ValueKind(in), "string");
      bool micro = type.kind == TypeKind::kMicroTime;
      Result<GoTime> t = ParseGoTime(in.get_ref<const std::string&>(), micro);
      if (!t.ok()) return Fail(t.status());
      if (t->IsZero()) return Json(nullptr);
      return Json(micro ? t->FormatRfc3339Micro() : t->FormatRfc3339());
    }
    case TypeKind::kArray: {
      if (!in.is_array()) return TypeError(ValueKind(in), type.go_name);
      Json out = Json::array();
      size_t path_len = path_.size();
      for (size_t i = 0; i < in.size(); ++i) {
        path_ += "[" + std::to_string(i) + "]";
        std::optional<Json> v;
        if (in[i].is_null()) {
          FieldDef zero;
          zero.type = type.element;
          zero.omit_empty = false;
          v = Absent(zero);
        } else {
          v = Value(in[i], *type.element);
        }
        path_.resize(path_len);
        if (!v) return std::nullopt;
        out.push_back(std::move(*v));
      }
      return out;
    }
    case TypeKind::kMap: {
      if (!in.is_object()) return TypeError(ValueKind(in), type.go_name);
      Json out = Json::object();
      size_t path_len = path_.size();
      for (auto it = in.begin(); it != in.end(); ++it) {
        path_ += "[" + it.key() + "]";
        std::optional<Json> v;
        if (it.value().is_null()) {
          FieldDef zero;
          zero.type = type.element;
          zero.omit_empty = false;
          v = Absent(zero);
        } else {
          v = Value(it.value(), *type.element);
        }
        path_.resize(path_len);
        if (!v) return std::nullopt;
        out[it.key()] = std::move(*v);
      }
      return out;
    }
  }
  return in;
}

Result<Json> Run(const Json& input, const TypeDef& type, FieldValidation mode,
                 std::vector<std::string>* warnings, const std::string& prefix) {
  Decoder decoder(mode);
  std::optional<Json> out = decoder.Value(input, type);
  if (!out) {
    const Status& st = *decoder.error();
    return Status(st.http_code(), st.reason(), prefix + st.message());
  }
  if (!decoder.unknown().empty()) {
    if (mode == FieldValidation::kStrict) {
      std::string msg = prefix + "strict decoding error: ";
      for (size_t i = 0; i < decoder.unknown().size(); ++i) {
        if (i > 0) msg += ", ";
        msg += "unknown field " + GoQuote(decoder.unknown()[i]);
      }
      return Status::BadRequest(std::move(msg));
    }
    if (mode == FieldValidation::kWarn && warnings != nullptr) {
      for (const std::string& path : decoder.unknown()) {
        warnings->push_back("unknown field " + GoQuote(path));
      }
    }
  }
  return std::move(*out);
}

}  // namespace

Result<Json> Decode(const Json& input, const TypeDef& kind_type, FieldValidation mode,
                    std::vector<std::string>* warnings) {
  std::string prefix;
  if (!kind_type.gvk.empty()) {
    prefix = kind_type.gvk.kind + " in version \"" + kind_type.gvk.version +
             "\" cannot be handled as a " + kind_type.gvk.kind + ": ";
  }
  return Run(input, kind_type, mode, warnings, prefix);
}

Result<Json> DecodeValue(const Json& input, const TypeDef& type, FieldValidation mode,
                         std::vector<std::string>* warnings) {
  return Run(input, type, mode, warnings, "");
}

const FieldDef* LookupFieldPath(const TypeDef& root, std::string_view dotted_path) {
  const TypeDef* type = &root;
  const FieldDef* field = nullptr;
  while (true) {
    size_t dot = dotted_path.find('.');
    std::string_view name = dotted_path.substr(0, dot);
    if (type == nullptr || type->kind != TypeKind::kObject) return nullptr;
    field = type->FindField(name);
    if (field == nullptr) return nullptr;
    if (dot == std::string_view::npos) return field;
    type = field->type;
    dotted_path.remove_prefix(dot + 1);
  }
}

}  // namespace stead::api::schema

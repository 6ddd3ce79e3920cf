#include "api/protobuf/codec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "api/protobuf/wire.h"
#include "api/schema/go_time.h"
#include "core/base64.h"

namespace stead::api::protobuf {
namespace {

using schema::FieldDef;
using schema::TypeDef;
using schema::TypeKind;

constexpr std::string_view kMagic{"k8s\0", 4};

// Messages nest only as deep as the schema, except through RawExtension,
// which may hold another enveloped object: this bounds that recursion.
constexpr int kMaxDepth = 64;

// Year 0 and year 9999 as Unix seconds: the range RFC 3339 can write.
constexpr int64_t kMinUnixSeconds = -62167219200;
constexpr int64_t kMaxUnixSeconds = 253402300799;

std::string_view ShortName(const TypeDef& type) {
  std::string_view name = type.name;
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// The Go field name errors mention ("Data" for "data").
std::string GoFieldName(std::string_view json_name) {
  std::string name(json_name);
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

Status WrongWireType(WireType wire, std::string_view go_field) {
  return Status::BadRequest("proto: wrong wireType = " + std::to_string(static_cast<int>(wire)) +
                            " for field " + std::string(go_field));
}

// Length of the valid UTF-8 sequence at s[i] (Go's acceptance ranges:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  auto cont = [&](size_t k, uint8_t lo = 0x80, uint8_t hi = 0xbf) {
    return k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  uint8_t c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    uint8_t lo = c == 0xe0 ? 0xa0 : 0x80;
    uint8_t hi = c == 0xed ? 0x9f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    uint8_t lo = c == 0xf0 ? 0x90 : 0x80;
    uint8_t hi = c == 0xf4 ? 0x8f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

// Go strings may hold any bytes; encoding/json writes each invalid byte as
// U+FFFD, which is what a JSON client of upstream would read back.
std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      out += "\xef\xbf\xbd";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

bool IsVarintKind(TypeKind kind) {
  return kind == TypeKind::kInteger || kind == TypeKind::kBoolean;
}

Json VarintJson(uint64_t v, const TypeDef& type) {
  if (type.kind == TypeKind::kBoolean) return Json(v != 0);
  // gogo keeps the low 32 bits of an int32 field.
  if (type.format == "int32") return Json(static_cast<int32_t>(static_cast<uint32_t>(v)));
  return Json(static_cast<int64_t>(v));
}

// The JSON of a map value missing from its entry: Go's zero value.
Json ZeroMapValue(const TypeDef& type) {
  if (type.kind == TypeKind::kString) return Json("");
  if (type.kind == TypeKind::kQuantity) return Json("0");
  return Json(nullptr);
}

// Upstream's summarizeData: JSON-looking bodies as text, others in hex.
std::string Summarize(std::string_view data) {
  constexpr size_t kMax = 30;
  if (data.empty()) return "<empty>";
  std::string_view head = data.substr(0, kMax);
  std::string out;
  if (data[0] == '{') {
    out = ValidUtf8(head);
  } else {
    static constexpr char kHex[] = "0123456789abcdef";
    for (char c : head) {
      out.push_back(kHex[static_cast<uint8_t>(c) >> 4]);
      out.push_back(kHex[static_cast<uint8_t>(c) & 15]);
    }
  }
  if (data.size() > kMax) out += " ...";
  return out;
}

struct GroupVersion {
  std::string group;
  std::string version;
};

GroupVersion SplitApiVersion(std::string_view api_version) {
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

std::string JoinApiVersion(const std::string& group, const std::string& version) {
  return group.empty() ? version : group + "/" + version;
}

// runtime.Unknown with its TypeMeta.
struct Envelope {
  std::string api_version;
  std::string kind;
  std::string_view raw;
};

Status ReadTypeMeta(std::string_view data, Envelope* env) {
  WireReader r(data);
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey("TypeMeta", &number, &wire));
    if (number == 1 || number == 2) {
      if (wire != WireType::kBytes) return WrongWireType(wire, number == 1 ? "APIVersion" : "Kind");
      std::string_view value;
      STEAD_RETURN_IF_ERROR(r.ReadBytes(&value));
      (number == 1 ? env->api_version : env->kind) = ValidUtf8(value);
    } else {
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  return Status::OK();
}

Result<Envelope> ReadEnvelope(std::string_view body) {
  if (body.empty()) return Status::BadRequest("empty data");
  if (body.substr(0, kMagic.size()) != kMagic) {
    return Status::BadRequest(
        "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
  }
  Envelope env;
  WireReader r(body.substr(kMagic.size()));
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey("Unknown", &number, &wire));
    if (number == 1 || number == 2) {
      if (wire != WireType::kBytes) return WrongWireType(wire, number == 1 ? "TypeMeta" : "Raw");
      std::string_view value;
      STEAD_RETURN_IF_ERROR(r.ReadBytes(&value));
      if (number == 1) {
        STEAD_RETURN_IF_ERROR(ReadTypeMeta(value, &env));
      } else {
        env.raw = value;
      }
    } else {
      // contentEncoding and contentType: upstream ignores them too.
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  return env;
}

// ---- decoding ---------------------------------------------------------------

class Decoder {
 public:
  explicit Decoder(const schema::Registry& registry) : registry_(registry) {}

  // Adds the fields of `type` found in `data` to `out` (an object). With a
  // non-zero `embed_tag`, `data` is the message of an inline-embedded struct
  // and only its fields are looked for.
  Status Message(std::string_view data, const TypeDef& type, int embed_tag, Json& out, int depth);

  // An enveloped object, as found in a request body or a RawExtension.
  Result<Json> Object(std::string_view body, const TypeDef* expected, int depth);

 private:
  Status Field(WireReader& r, WireType wire, const FieldDef& field, Json& out, int depth);
  Status Single(WireReader& r, WireType wire, const TypeDef& type, std::string_view go_field,
                Json& slot, int depth);
  Status Quantity(std::string_view data, Json& slot);
  Status IntOrString(std::string_view data, Json& slot);
  Status Time(std::string_view data, bool micro, Json& slot);
  Status Raw(std::string_view data, Json& slot, int depth);

  const schema::Registry& registry_;
};

const FieldDef* FindProtoField(const TypeDef& type, int embed_tag, int number) {
  for (const FieldDef& f : type.fields) {
    if (f.proto_tag == number && f.proto_embed_tag == embed_tag) return &f;
  }
  return nullptr;
}

bool HasEmbedded(const TypeDef& type, int number) {
  return std::any_of(type.fields.begin(), type.fields.end(),
                     [&](const FieldDef& f) { return f.proto_embed_tag == number; });
}

Status Decoder::Message(std::string_view data, const TypeDef& type, int embed_tag, Json& out,
                        int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: message nesting is too deep");
  std::string_view name = ShortName(type);
  WireReader r(data);
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey(name, &number, &wire));
    if (const FieldDef* f = FindProtoField(type, embed_tag, number)) {
      STEAD_RETURN_IF_ERROR(Field(r, wire, *f, out, depth));
    } else if (embed_tag == 0 && HasEmbedded(type, number)) {
      if (wire != WireType::kBytes) return WrongWireType(wire, name);
      std::string_view embedded;
      STEAD_RETURN_IF_ERROR(r.ReadBytes(&embedded));
      STEAD_RETURN_IF_ERROR(Message(embedded, type, number, out, depth + 1));
    } else {
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  return Status::OK();
}

Status Decoder::Field(WireReader& r, WireType wire, const FieldDef& field, Json& out, int depth) {
  const TypeDef& type = *field.type;
  std::string go_field = GoFieldName(field.name);
  if (type.kind == TypeKind::kArray) {
    Json& list = out[field.name];
    if (!list.is_array()) list = Json::array();
    const TypeDef& element = *type.element;
    if (wire == WireType::kBytes && IsVarintKind(element.kind)) {  // packed
      std::string_view packed;
      STEAD_RETURN_IF_ERROR(r.ReadBytes(&packed));
      WireReader pr(packed);
      while (!pr.done()) {
        uint64_t v;
        STEAD_RETURN_IF_ERROR(pr.ReadVarint(&v));
        list.push_back(VarintJson(v, element));
      }
      return Status::OK();
    }
    Json item;
    STEAD_RETURN_IF_ERROR(Single(r, wire, element, go_field, item, depth));
    list.push_back(std::move(item));
    return Status::OK();
  }
  if (type.kind == TypeKind::kMap) {
    if (wire != WireType::kBytes) return WrongWireType(wire, go_field);
    std::string_view entry;
    STEAD_RETURN_IF_ERROR(r.ReadBytes(&entry));
    WireReader er(entry);
    std::string key;
    Json value = ZeroMapValue(*type.element);
    while (!er.done()) {
      int number;
      WireType ew;
      STEAD_RETURN_IF_ERROR(er.ReadKey(go_field, &number, &ew));
      if (number == 1) {
        if (ew != WireType::kBytes) return WrongWireType(ew, go_field);
        std::string_view k;
        STEAD_RETURN_IF_ERROR(er.ReadBytes(&k));
        key = ValidUtf8(k);
      } else if (number == 2) {
        STEAD_RETURN_IF_ERROR(Single(er, ew, *type.element, go_field, value, depth));
      } else {
        STEAD_RETURN_IF_ERROR(er.Skip(ew));
      }
    }
    Json& map = out[field.name];
    if (!map.is_object()) map = Json::object();
    map[key] = std::move(value);
    return Status::OK();
  }
  return Single(r, wire, type, go_field, out[field.name], depth);
}

Status Decoder::Single(WireReader& r, WireType wire, const TypeDef& type, std::string_view go_field,
                       Json& slot, int depth) {
  switch (type.kind) {
    case TypeKind::kInteger:
    case TypeKind::kBoolean: {
      if (wire != WireType::kVarint) return WrongWireType(wire, go_field);
      uint64_t v;
      STEAD_RETURN_IF_ERROR(r.ReadVarint(&v));
      slot = VarintJson(v, type);
      return Status::OK();
    }
    case TypeKind::kNumber: {
      if (wire != WireType::kFixed64) return WrongWireType(wire, go_field);
      uint64_t bits;
      STEAD_RETURN_IF_ERROR(r.ReadFixed64(&bits));
      double d = std::bit_cast<double>(bits);
      if (!std::isfinite(d)) {
        return Status::BadRequest("json: unsupported value: " + std::string(std::isnan(d) ? "NaN"
                                                                            : d > 0       ? "+Inf"
                                                                                    : "-Inf"));
      }
      slot = d;
      return Status::OK();
    }
    case TypeKind::kArray:
    case TypeKind::kMap:
      // Protobuf has no list of lists or map of lists; the schema has none.
      return Status::BadRequest("proto: field " + std::string(go_field) +
                                " has no protobuf encoding");
    default:
      break;
  }
  if (wire != WireType::kBytes) return WrongWireType(wire, go_field);
  std::string_view data;
  STEAD_RETURN_IF_ERROR(r.ReadBytes(&data));
  switch (type.kind) {
    case TypeKind::kObject:
      if (!slot.is_object()) slot = Json::object();  // a repeated message merges
      return Message(data, type, 0, slot, depth + 1);
    case TypeKind::kString:
      slot = ValidUtf8(data);
      return Status::OK();
    case TypeKind::kBytes:
      slot = Base64Encode(data);
      return Status::OK();
    case TypeKind::kQuantity:
      return Quantity(data, slot);
    case TypeKind::kIntOrString:
      return IntOrString(data, slot);
    case TypeKind::kTime:
    case TypeKind::kMicroTime:
      return Time(data, type.kind == TypeKind::kMicroTime, slot);
    case TypeKind::kAny:
      return Raw(data, slot, depth);
    default:
      return Status::OK();
  }
}

Status Decoder::Quantity(std::string_view data, Json& slot) {
  // Validated later by schema::Decode, like a quantity string in JSON.
  std::string text = "0";
  WireReader r(data);
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey("Quantity", &number, &wire));
    if (number != 1) {
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
      continue;
    }
    if (wire != WireType::kBytes) return WrongWireType(wire, "String_");
    std::string_view s;
    STEAD_RETURN_IF_ERROR(r.ReadBytes(&s));
    text = ValidUtf8(s);
  }
  slot = std::move(text);
  return Status::OK();
}

Status Decoder::IntOrString(std::string_view data, Json& slot) {
  uint64_t type = 0;
  uint64_t int_val = 0;
  std::string str_val;
  WireReader r(data);
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey("IntOrString", &number, &wire));
    if (number == 1 || number == 2) {
      if (wire != WireType::kVarint) return WrongWireType(wire, number == 1 ? "Type" : "IntVal");
      STEAD_RETURN_IF_ERROR(r.ReadVarint(number == 1 ? &type : &int_val));
    } else if (number == 3) {
      if (wire != WireType::kBytes) return WrongWireType(wire, "StrVal");
      std::string_view s;
      STEAD_RETURN_IF_ERROR(r.ReadBytes(&s));
      str_val = ValidUtf8(s);
    } else {
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  if (type == 0) {
    slot = static_cast<int32_t>(static_cast<uint32_t>(int_val));
  } else if (type == 1) {
    slot = std::move(str_val);
  } else {
    return Status::BadRequest("impossible IntOrString.Type");
  }
  return Status::OK();
}

Status Decoder::Time(std::string_view data, bool micro, Json& slot) {
  // An empty message is the zero time (upstream's Time.Unmarshal).
  if (data.empty()) {
    slot = nullptr;
    return Status::OK();
  }
  int64_t seconds = 0;
  int64_t nanos = 0;
  WireReader r(data);
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey("Timestamp", &number, &wire));
    if (number != 1 && number != 2) {
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
      continue;
    }
    if (wire != WireType::kVarint) return WrongWireType(wire, number == 1 ? "Seconds" : "Nanos");
    uint64_t v;
    STEAD_RETURN_IF_ERROR(r.ReadVarint(&v));
    if (number == 1) {
      seconds = static_cast<int64_t>(v);
    } else {
      nanos = static_cast<int32_t>(static_cast<uint32_t>(v));
    }
  }
  // metav1.Time keeps whole seconds; MicroTime truncates to microseconds
  // (toward zero, as Go's Duration.Truncate) before normalizing like
  // time.Unix.
  if (!micro) nanos = 0;
  nanos -= nanos % 1000;
  int64_t carry = nanos / 1000000000;
  nanos %= 1000000000;
  if (nanos < 0) {
    nanos += 1000000000;
    --carry;
  }
  if (seconds < kMinUnixSeconds - carry || seconds > kMaxUnixSeconds - carry) {
    return Status::BadRequest("Time.MarshalJSON: year outside of range [0,9999]");
  }
  schema::GoTime t = schema::GoTime::FromUnix(seconds + carry, static_cast<int>(nanos));
  if (t.IsZero()) {
    slot = nullptr;
  } else {
    slot = micro ? t.FormatRfc3339Micro() : t.FormatRfc3339();
  }
  return Status::OK();
}

Status Decoder::Raw(std::string_view data, Json& slot, int depth) {
  std::string_view raw;
  WireReader r(data);
  while (!r.done()) {
    int number;
    WireType wire;
    STEAD_RETURN_IF_ERROR(r.ReadKey("RawExtension", &number, &wire));
    if (number != 1) {
      STEAD_RETURN_IF_ERROR(r.Skip(wire));
      continue;
    }
    if (wire != WireType::kBytes) return WrongWireType(wire, "Raw");
    STEAD_RETURN_IF_ERROR(r.ReadBytes(&raw));
  }
  if (raw.empty()) {
    slot = nullptr;
    return Status::OK();
  }
  if (raw.substr(0, kMagic.size()) == kMagic) {
    STEAD_ASSIGN_OR_RETURN(slot, Object(raw, nullptr, depth + 1));
    return Status::OK();
  }
  STEAD_ASSIGN_OR_RETURN(slot, ParseJson(raw));
  return Status::OK();
}

Result<Json> Decoder::Object(std::string_view body, const TypeDef* expected, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: message nesting is too deep");
  auto unrecognized = [&](const Status& st) -> Status {
    if (expected == nullptr) return st;
    return Status::BadRequest("the object provided is unrecognized (must be of type " +
                              expected->gvk.kind + "): " + st.message() + " (" + Summarize(body) +
                              ")");
  };
  Result<Envelope> env = ReadEnvelope(body);
  if (!env.ok()) return unrecognized(env.status());
  // Upstream's gvkWithDefaults: missing parts come from the endpoint's kind.
  GroupVersion gv = SplitApiVersion(env->api_version);
  std::string kind = env->kind;
  if (expected != nullptr) {
    if (kind.empty()) kind = expected->gvk.kind;
    if (gv.version.empty() && (gv.group.empty() || gv.group == expected->gvk.group)) {
      gv.group = expected->gvk.group;
      gv.version = expected->gvk.version;
    }
  }
  if (kind.empty())
    return unrecognized(
        Status::BadRequest("Object 'Kind' is missing in '" + Summarize(body) + "'"));
  if (gv.version.empty()) {
    return unrecognized(
        Status::BadRequest("Object 'apiVersion' is missing in '" + Summarize(body) + "'"));
  }
  auto prefixed = [&](const Status& st) -> Status {
    if (expected == nullptr) return st;
    return Status::BadRequest(kind + " in version \"" + gv.version + "\" cannot be handled as a " +
                              expected->gvk.kind + ": " + st.message());
  };
  std::string api_version = JoinApiVersion(gv.group, gv.version);
  const TypeDef* type = registry_.FindKind(gv.group, gv.version, kind);
  if (type == nullptr && expected != nullptr && expected->gvk.kind == kind) type = expected;
  if (type == nullptr) {
    return prefixed(Status::BadRequest("no kind \"" + kind + "\" is registered for version \"" +
                                       api_version +
                                       "\" in scheme \"pkg/api/legacyscheme/scheme.go:30\""));
  }
  Json out = Json::object();
  Status st = Message(env->raw, *type, 0, out, depth + 1);
  if (!st.ok()) return prefixed(st);
  if (type->FindField("kind") != nullptr) {
    out["apiVersion"] = api_version;
    out["kind"] = kind;
  }
  return out;
}

// ---- encoding -----------------------------------------------------------------

Status Mismatch(const TypeDef& type, const Json& value) {
  return Status::Internal("protobuf encoding: a JSON " + std::string(value.type_name()) +
                          " does not fit " + type.go_name);
}

Status EncodeMessage(const Json& obj, const TypeDef& type, int embed_tag, WireWriter& w);

Status EncodeSingle(const Json& v, int tag, const TypeDef& type, WireWriter& w) {
  switch (type.kind) {
    case TypeKind::kObject: {
      size_t mark = w.BeginMessage(tag);
      STEAD_RETURN_IF_ERROR(EncodeMessage(v.is_null() ? Json::object() : v, type, 0, w));
      w.EndMessage(mark);
      return Status::OK();
    }
    case TypeKind::kString:
      if (v.is_null()) {
        w.Bytes(tag, "");
        return Status::OK();
      }
      if (!v.is_string()) return Mismatch(type, v);
      w.Bytes(tag, v.get_ref<const std::string&>());
      return Status::OK();
    case TypeKind::kInteger:
      if (v.is_number_integer()) {
        w.Varint(tag, static_cast<uint64_t>(v.get<int64_t>()));
      } else if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() &&
                 std::abs(v.get<double>()) < 9.2e18) {
        w.Varint(tag, static_cast<uint64_t>(static_cast<int64_t>(v.get<double>())));
      } else if (v.is_null()) {
        w.Varint(tag, 0);
      } else {
        return Mismatch(type, v);
      }
      return Status::OK();
    case TypeKind::kBoolean:
      if (!v.is_boolean() && !v.is_null()) return Mismatch(type, v);
      w.Varint(tag, v.is_boolean() && v.get<bool>() ? 1 : 0);
      return Status::OK();
    case TypeKind::kNumber:
      if (!v.is_number() && !v.is_null()) return Mismatch(type, v);
      w.Fixed64(tag, std::bit_cast<uint64_t>(v.is_number() ? v.get<double>() : 0.0));
      return Status::OK();
    case TypeKind::kBytes: {
      if (v.is_null()) return Status::OK();
      if (!v.is_string()) return Mismatch(type, v);
      Result<std::string> raw = Base64Decode(v.get_ref<const std::string&>());
      if (!raw.ok()) return Status::Internal("protobuf encoding: " + raw.status().message());
      w.Bytes(tag, *raw);
      return Status::OK();
    }
    case TypeKind::kQuantity: {
      size_t mark = w.BeginMessage(tag);
      if (v.is_string()) {
        w.Bytes(1, v.get_ref<const std::string&>());
      } else if (v.is_number()) {
        w.Bytes(1, v.dump());
      } else if (v.is_null()) {
        w.Bytes(1, "0");
      } else {
        return Mismatch(type, v);
      }
      w.EndMessage(mark);
      return Status::OK();
    }
    case TypeKind::kIntOrString: {
      // All three fields, as gogo writes them.
      size_t mark = w.BeginMessage(tag);
      if (v.is_string()) {
        w.Varint(1, 1);
        w.Varint(2, 0);
        w.Bytes(3, v.get_ref<const std::string&>());
      } else if (v.is_number_integer() || v.is_null()) {
        w.Varint(1, 0);
        w.Varint(2, static_cast<uint64_t>(v.is_null() ? 0 : v.get<int64_t>()));
        w.Bytes(3, "");
      } else {
        return Mismatch(type, v);
      }
      w.EndMessage(mark);
      return Status::OK();
    }
    case TypeKind::kTime:
    case TypeKind::kMicroTime: {
      size_t mark = w.BeginMessage(tag);
      if (v.is_string()) {
        bool micro = type.kind == TypeKind::kMicroTime;
        Result<schema::GoTime> t = schema::ParseGoTime(v.get_ref<const std::string&>(), micro);
        if (!t.ok()) return Status::Internal("protobuf encoding: " + t.status().message());
        if (!t->IsZero()) {
          // metav1.Time sends whole seconds only (its ProtoTime leaves nanos 0).
          w.Varint(1, static_cast<uint64_t>(t->UnixSeconds()));
          w.Varint(2, micro ? static_cast<uint64_t>(t->nanos - t->nanos % 1000) : 0);
        }
      } else if (!v.is_null()) {
        return Mismatch(type, v);
      }
      w.EndMessage(mark);
      return Status::OK();
    }
    case TypeKind::kAny: {
      if (v.is_null()) return Status::OK();
      size_t mark = w.BeginMessage(tag);
      w.Bytes(1, v.dump());
      w.EndMessage(mark);
      return Status::OK();
    }
    case TypeKind::kArray:
    case TypeKind::kMap:
      return Status::Internal("protobuf encoding: " + type.go_name + " has no protobuf form");
  }
  return Status::OK();
}

Status EncodeField(const Json& v, const FieldDef& field, WireWriter& w) {
  const TypeDef& type = *field.type;
  int tag = field.proto_tag;
  if (type.kind == TypeKind::kArray) {
    if (!v.is_array()) return Mismatch(type, v);
    for (const Json& item : v) STEAD_RETURN_IF_ERROR(EncodeSingle(item, tag, *type.element, w));
    return Status::OK();
  }
  if (type.kind == TypeKind::kMap) {
    if (!v.is_object()) return Mismatch(type, v);
    // nlohmann objects iterate in byte order of the keys, as Go sorts them.
    for (auto it = v.begin(); it != v.end(); ++it) {
      size_t mark = w.BeginMessage(tag);
      w.Bytes(1, it.key());
      STEAD_RETURN_IF_ERROR(EncodeSingle(it.value(), 2, *type.element, w));
      w.EndMessage(mark);
    }
    return Status::OK();
  }
  return EncodeSingle(v, tag, type, w);
}

Status EncodeMessage(const Json& obj, const TypeDef& type, int embed_tag, WireWriter& w) {
  if (!obj.is_object()) return Mismatch(type, obj);
  // Fields in ascending number order (embedded structs at their own number),
  // as gogo writes them.
  std::vector<std::pair<int, const FieldDef*>> order;
  order.reserve(type.fields.size());
  for (const FieldDef& f : type.fields) {
    if (f.proto_tag == 0) continue;
    if (embed_tag != 0 && f.proto_embed_tag != embed_tag) continue;
    int key = embed_tag == 0 && f.proto_embed_tag != 0 ? f.proto_embed_tag : f.proto_tag;
    order.emplace_back(key, &f);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  int last_embedded = 0;
  for (const auto& [key, f] : order) {
    if (embed_tag == 0 && f->proto_embed_tag != 0) {
      // An inline-embedded struct is a non-pointer field: always written.
      if (last_embedded == key) continue;
      last_embedded = key;
      size_t mark = w.BeginMessage(key);
      STEAD_RETURN_IF_ERROR(EncodeMessage(obj, type, key, w));
      w.EndMessage(mark);
      continue;
    }
    auto it = obj.find(f->name);
    if (it == obj.end()) continue;
    if (it->is_null()) {
      // gogo writes a non-pointer metav1.Time even when zero (as an empty
      // message); null is how the zero time reads in JSON.
      bool time = f->type->kind == TypeKind::kTime || f->type->kind == TypeKind::kMicroTime;
      if (time && !f->pointer) w.Bytes(f->proto_tag, "");
      continue;
    }
    STEAD_RETURN_IF_ERROR(EncodeField(*it, *f, w));
  }
  return Status::OK();
}

}  // namespace

Result<Json> DecodeObject(std::string_view body, const schema::TypeDef* expected,
                          const schema::Registry& registry) {
  return Decoder(registry).Object(body, expected, 0);
}

Result<Json> MessageToJson(std::string_view message, const schema::TypeDef& type,
                           const schema::Registry& registry) {
  Json out = Json::object();
  STEAD_RETURN_IF_ERROR(Decoder(registry).Message(message, type, 0, out, 0));
  return out;
}

Result<std::string> JsonToMessage(const Json& value, const schema::TypeDef& type) {
  WireWriter w;
  STEAD_RETURN_IF_ERROR(EncodeMessage(value, type, 0, w));
  return std::move(w).Take();
}

Result<std::string> EncodeObject(const Json& obj, const schema::TypeDef& type) {
  STEAD_ASSIGN_OR_RETURN(std::string raw, JsonToMessage(obj, type));
  std::string api_version = JoinApiVersion(type.gvk.group, type.gvk.version);
  std::string kind = type.gvk.kind;
  if (auto it = obj.find("apiVersion"); it != obj.end() && it->is_string()) api_version = *it;
  if (auto it = obj.find("kind"); it != obj.end() && it->is_string()) kind = *it;
  WireWriter w;
  w.buffer().append(kMagic);
  size_t mark = w.BeginMessage(1);
  w.Bytes(1, api_version);
  w.Bytes(2, kind);
  w.EndMessage(mark);
  w.Bytes(2, raw);
  w.Bytes(3, "");
  w.Bytes(4, "");
  return std::move(w).Take();
}

Result<std::string> EncodeObject(const Json& obj, const schema::Registry& registry) {
  std::string api_version = obj.is_object() ? GetString(obj, {"apiVersion"}) : "";
  std::string kind = obj.is_object() ? GetString(obj, {"kind"}) : "";
  GroupVersion gv = SplitApiVersion(api_version);
  const TypeDef* type = registry.FindKind(gv.group, gv.version, kind);
  if (type == nullptr) {
    return Status::NotAcceptable("object " + kind + " (" + api_version +
                                 ") cannot be encoded to a protobuf message");
  }
  return EncodeObject(obj, *type);
}

std::string EncodeWatchEvent(std::string_view type, std::string_view object) {
  WireWriter w;
  w.Bytes(1, type);
  size_t mark = w.BeginMessage(2);
  w.Bytes(1, object);
  w.EndMessage(mark);
  std::string event = std::move(w).Take();
  std::string frame;
  frame.reserve(4 + event.size());
  auto len = static_cast<uint32_t>(event.size());
  for (int shift = 24; shift >= 0; shift -= 8) frame.push_back(static_cast<char>(len >> shift));
  frame += event;
  return frame;
}

}  // namespace stead::api::protobuf

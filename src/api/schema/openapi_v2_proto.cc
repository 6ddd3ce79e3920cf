#include "api/schema/openapi_v2_proto.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "api/protobuf/wire.h"
#include "api/schema/openapi_v2_yaml.h"

namespace stead::api::schema {
namespace {

using protobuf::WireWriter;

// ---------------------------------------------------------------------------
// Message layouts. A message is either a list of fields, each read from one
// JSON key, plus (optionally) the field number of its repeated NamedAny
// vendor extensions, or a custom writer (oneofs, maps).

enum class Kind {
  kString,
  kBool,
  kInt64,
  kDouble,
  kStrings,   // repeated string
  kMessage,   // a nested message
  kMessages,  // repeated message, from a JSON array
  kAny,
  kAnys,  // repeated Any, from a JSON array
};

struct Message;

struct Field {
  std::string_view key;
  int number;
  Kind kind;
  const Message* message = nullptr;
};

using CustomWriter = void (*)(const Json& value, WireWriter& w);

struct Message {
  std::vector<Field> fields;  // in field-number order
  int extensions = 0;         // 0: none
  CustomWriter write = nullptr;
};

// gnostic's StringForScalarNode: strings, integers (their text) and null ("").
std::optional<std::string> StringValue(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  if (v.is_null()) return std::string();
  return std::nullopt;
}

void WriteBody(const Message& m, const Json& v, WireWriter& w);

void WriteMessage(int number, const Message& m, const Json& v, WireWriter& w) {
  size_t mark = w.BeginMessage(number);
  WriteBody(m, v, w);
  w.EndMessage(mark);
}

// An openapi.v2.Any: only its yaml (2) is set, as without extension handlers.
void WriteAny(int number, const Json& v, WireWriter& w) {
  size_t mark = w.BeginMessage(number);
  w.Bytes(2, GnosticYaml(v));
  w.EndMessage(mark);
}

void WriteExtensions(int number, const Json& obj, WireWriter& w) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it.key().rfind("x-", 0) != 0) continue;
    size_t mark = w.BeginMessage(number);  // NamedAny
    w.Bytes(1, it.key());
    WriteAny(2, it.value(), w);
    w.EndMessage(mark);
  }
}

void WriteField(const Field& f, const Json& v, WireWriter& w) {
  switch (f.kind) {
    case Kind::kString: {
      auto s = StringValue(v);
      if (s && !s->empty()) w.Bytes(f.number, *s);
      break;
    }
    case Kind::kBool:
      if (v.is_boolean() && v.get<bool>()) w.Varint(f.number, 1);
      break;
    case Kind::kInt64:
      if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX) break;
        int64_t n = v.get<int64_t>();
        if (n != 0) w.Varint(f.number, static_cast<uint64_t>(n));
      }
      break;
    case Kind::kDouble:
      if (v.is_number()) {
        double d = v.get<double>();
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        if (bits != 0) w.Fixed64(f.number, bits);
      }
      break;
    case Kind::kStrings:
      if (v.is_array()) {
        for (const Json& item : v) {
          if (auto s = StringValue(item)) w.Bytes(f.number, *s);
        }
      }
      break;
    case Kind::kMessage:
      WriteMessage(f.number, *f.message, v, w);
      break;
    case Kind::kMessages:
      if (v.is_array()) {
        for (const Json& item : v) WriteMessage(f.number, *f.message, item, w);
      }
      break;
    case Kind::kAny:
      WriteAny(f.number, v, w);
      break;
    case Kind::kAnys:
      if (v.is_array()) {
        for (const Json& item : v) WriteAny(f.number, item, w);
      }
      break;
  }
}

// Like gnostic, a message of the wrong JSON type is still present, empty.
void WriteBody(const Message& m, const Json& v, WireWriter& w) {
  if (m.write) {
    m.write(v, w);
    return;
  }
  if (!v.is_object()) return;
  for (const Field& f : m.fields) {
    auto it = v.find(f.key);
    if (it != v.end()) WriteField(f, *it, w);
  }
  if (m.extensions) WriteExtensions(m.extensions, v, w);
}

// Named* pairs (name = 1, value = 2) for the keys `accept` takes.
template <typename ValueWriter>
void WriteNamed(int number, const Json& obj, bool (*accept)(const std::string&),
                ValueWriter write_value, WireWriter& w) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (accept && !accept(it.key())) continue;
    size_t mark = w.BeginMessage(number);
    w.Bytes(1, it.key());
    write_value(it.value());
    w.EndMessage(mark);
  }
}

void WriteNamedMessages(int number, const Message& value, const Json& obj, WireWriter& w,
                        bool (*accept)(const std::string&) = nullptr) {
  WriteNamed(
      number, obj, accept, [&](const Json& v) { WriteMessage(2, value, v, w); }, w);
}

bool IsExtension(const std::string& key) { return key.rfind("x-", 0) == 0; }
bool IsPath(const std::string& key) { return key.rfind('/', 0) == 0; }
bool IsResponseCode(const std::string& key) {
  return key == "default" || (key.size() == 3 && std::all_of(key.begin(), key.end(), [](char c) {
                                return c >= '0' && c <= '9';
                              }));
}

bool HasStringKey(const Json& v, const char* key) {
  auto it = v.find(key);
  return it != v.end() && it->is_string();
}

std::string StringKey(const Json& v, const char* key) {
  auto it = v.find(key);
  return it != v.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ---------------------------------------------------------------------------
// The messages of OpenAPIv2.proto.

extern const Message kAdditionalPropertiesItem, kApiKeySecurity, kBasicAuthenticationSecurity,
    kBodyParameter, kContact, kDefinitions, kDocument, kExamples, kExternalDocs, kFileSchema,
    kFormDataParameterSubSchema, kHeader, kHeaderParameterSubSchema, kHeaders, kInfo, kItemsItem,
    kJsonReference, kLicense, kNonBodyParameter, kOauth2AccessCodeSecurity,
    kOauth2ApplicationSecurity, kOauth2ImplicitSecurity, kOauth2PasswordSecurity, kOauth2Scopes,
    kOperation, kParameter, kParameterDefinitions, kParametersItem, kPathItem,
    kPathParameterSubSchema, kPaths, kPrimitivesItems, kProperties, kQueryParameterSubSchema,
    kResponse, kResponseDefinitions, kResponseValue, kResponses, kSchema, kSchemaItem,
    kSecurityDefinitions, kSecurityDefinitionsItem, kSecurityRequirement, kTag, kTypeItem, kXml;

// AdditionalPropertiesItem { oneof { Schema schema = 1; bool boolean = 2; } }
void WriteAdditionalPropertiesItem(const Json& v, WireWriter& w) {
  if (v.is_object()) {
    WriteMessage(1, kSchema, v, w);
  } else if (v.is_boolean()) {
    w.Varint(2, v.get<bool>() ? 1 : 0);  // a set oneof member is written even when false
  }
}

// TypeItem { repeated string value = 1; }: a type name or a list of them.
void WriteTypeItem(const Json& v, WireWriter& w) {
  auto text = [](const Json& s) { return s.is_string() ? s.get<std::string>() : s.dump(); };
  if (v.is_array()) {
    for (const Json& item : v) {
      if (!item.is_object() && !item.is_array()) w.Bytes(1, text(item));
    }
  } else if (!v.is_object()) {
    w.Bytes(1, text(v));
  }
}

// ItemsItem { repeated Schema schema = 1; }: gnostic reads a single schema;
// a JSON-schema tuple (an array of schemas) keeps each of them.
void WriteItemsItem(const Json& v, WireWriter& w) {
  if (v.is_object()) {
    WriteMessage(1, kSchema, v, w);
  } else if (v.is_array()) {
    for (const Json& item : v) {
      if (item.is_object()) WriteMessage(1, kSchema, item, w);
    }
  }
}

// NonBodyParameter { oneof { header = 1; form_data = 2; query = 3; path = 4; } }
void WriteNonBodyParameter(const Json& v, WireWriter& w) {
  std::string in = StringKey(v, "in");
  if (in == "header") WriteMessage(1, kHeaderParameterSubSchema, v, w);
  if (in == "formData") WriteMessage(2, kFormDataParameterSubSchema, v, w);
  if (in == "query") WriteMessage(3, kQueryParameterSubSchema, v, w);
  if (in == "path") WriteMessage(4, kPathParameterSubSchema, v, w);
}

// Parameter { oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; }
// }
void WriteParameter(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  std::string in = StringKey(v, "in");
  if (in == "body") {
    WriteMessage(1, kBodyParameter, v, w);
  } else if (in == "header" || in == "formData" || in == "query" || in == "path") {
    WriteMessage(2, kNonBodyParameter, v, w);
  }
}

// ParametersItem { oneof { Parameter parameter = 1; JsonReference json_reference = 2; } }
void WriteParametersItem(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  if (HasStringKey(v, "$ref")) {
    WriteMessage(2, kJsonReference, v, w);
  } else {
    WriteMessage(1, kParameter, v, w);
  }
}

// ResponseValue { oneof { Response response = 1; JsonReference json_reference = 2; } }
void WriteResponseValue(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  if (HasStringKey(v, "$ref")) {
    WriteMessage(2, kJsonReference, v, w);
  } else {
    WriteMessage(1, kResponse, v, w);
  }
}

// SchemaItem { oneof { Schema schema = 1; FileSchema file_schema = 2; } }:
// a {"type": "file"} object that fits FileSchema's keys is a FileSchema.
void WriteSchemaItem(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  static const char* const kFileKeys[] = {"default",      "description", "example",
                                          "externalDocs", "format",      "readOnly",
                                          "required",     "title",       "type"};
  bool file = StringKey(v, "type") == "file";
  for (auto it = v.begin(); file && it != v.end(); ++it) {
    file = IsExtension(it.key()) || std::any_of(std::begin(kFileKeys), std::end(kFileKeys),
                                                [&](const char* k) { return it.key() == k; });
  }
  WriteMessage(file ? 2 : 1, file ? kFileSchema : kSchema, v, w);
}

// SecurityDefinitionsItem: by type (and flow for oauth2).
void WriteSecurityDefinitionsItem(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  std::string type = StringKey(v, "type");
  std::string flow = StringKey(v, "flow");
  if (type == "basic") WriteMessage(1, kBasicAuthenticationSecurity, v, w);
  if (type == "apiKey") WriteMessage(2, kApiKeySecurity, v, w);
  if (type == "oauth2" && flow == "implicit") WriteMessage(3, kOauth2ImplicitSecurity, v, w);
  if (type == "oauth2" && flow == "password") WriteMessage(4, kOauth2PasswordSecurity, v, w);
  if (type == "oauth2" && flow == "application") {
    WriteMessage(5, kOauth2ApplicationSecurity, v, w);
  }
  if (type == "oauth2" && flow == "accessCode") WriteMessage(6, kOauth2AccessCodeSecurity, v, w);
}

// Paths { repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2; }
void WritePaths(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  WriteExtensions(1, v, w);
  WriteNamedMessages(2, kPathItem, v, w, IsPath);
}

// Responses { repeated NamedResponseValue response_code = 1; repeated NamedAny vendor_extension =
// 2; }
void WriteResponses(const Json& v, WireWriter& w) {
  if (!v.is_object()) return;
  WriteNamedMessages(1, kResponseValue, v, w, IsResponseCode);
  WriteExtensions(2, v, w);
}

// The map messages: repeated Named<T> additional_properties = 1.
void WriteSchemaMap(const Json& v, WireWriter& w) { WriteNamedMessages(1, kSchema, v, w); }
void WriteParameterMap(const Json& v, WireWriter& w) { WriteNamedMessages(1, kParameter, v, w); }
void WriteResponseMap(const Json& v, WireWriter& w) { WriteNamedMessages(1, kResponse, v, w); }
void WriteHeaderMap(const Json& v, WireWriter& w) { WriteNamedMessages(1, kHeader, v, w); }
void WriteSecurityDefinitionsMap(const Json& v, WireWriter& w) {
  WriteNamedMessages(1, kSecurityDefinitionsItem, v, w);
}
void WriteAnyMap(const Json& v, WireWriter& w) {
  WriteNamed(
      1, v, nullptr, [&](const Json& item) { WriteAny(2, item, w); }, w);
}
void WriteStringMap(const Json& v, WireWriter& w) {  // NamedString
  WriteNamed(
      1, v, nullptr,
      [&](const Json& item) {
        auto s = StringValue(item);
        if (s && !s->empty()) w.Bytes(2, *s);
      },
      w);
}
void WriteStringArrayMap(const Json& v, WireWriter& w) {  // NamedStringArray
  WriteNamed(
      1, v, nullptr,
      [&](const Json& item) {
        size_t mark = w.BeginMessage(2);  // StringArray { repeated string value = 1; }
        WriteField({"", 1, Kind::kStrings}, item, w);
        w.EndMessage(mark);
      },
      w);
}

const Message kAdditionalPropertiesItem{{}, 0, WriteAdditionalPropertiesItem};
const Message kTypeItem{{}, 0, WriteTypeItem};
const Message kItemsItem{{}, 0, WriteItemsItem};
const Message kNonBodyParameter{{}, 0, WriteNonBodyParameter};
const Message kParameter{{}, 0, WriteParameter};
const Message kParametersItem{{}, 0, WriteParametersItem};
const Message kResponseValue{{}, 0, WriteResponseValue};
const Message kSchemaItem{{}, 0, WriteSchemaItem};
const Message kSecurityDefinitionsItem{{}, 0, WriteSecurityDefinitionsItem};
const Message kPaths{{}, 0, WritePaths};
const Message kResponses{{}, 0, WriteResponses};
const Message kDefinitions{{}, 0, WriteSchemaMap};
const Message kProperties{{}, 0, WriteSchemaMap};
const Message kParameterDefinitions{{}, 0, WriteParameterMap};
const Message kResponseDefinitions{{}, 0, WriteResponseMap};
const Message kHeaders{{}, 0, WriteHeaderMap};
const Message kSecurityDefinitions{{}, 0, WriteSecurityDefinitionsMap};
const Message kExamples{{}, 0, WriteAnyMap};
const Message kOauth2Scopes{{}, 0, WriteStringMap};
const Message kSecurityRequirement{{}, 0, WriteStringArrayMap};

const Message kDocument{{{"swagger", 1, Kind::kString},
                         {"info", 2, Kind::kMessage, &kInfo},
                         {"host", 3, Kind::kString},
                         {"basePath", 4, Kind::kString},
                         {"schemes", 5, Kind::kStrings},
                         {"consumes", 6, Kind::kStrings},
                         {"produces", 7, Kind::kStrings},
                         {"paths", 8, Kind::kMessage, &kPaths},
                         {"definitions", 9, Kind::kMessage, &kDefinitions},
                         {"parameters", 10, Kind::kMessage, &kParameterDefinitions},
                         {"responses", 11, Kind::kMessage, &kResponseDefinitions},
                         {"security", 12, Kind::kMessages, &kSecurityRequirement},
                         {"securityDefinitions", 13, Kind::kMessage, &kSecurityDefinitions},
                         {"tags", 14, Kind::kMessages, &kTag},
                         {"externalDocs", 15, Kind::kMessage, &kExternalDocs}},
                        16};

const Message kInfo{{{"title", 1, Kind::kString},
                     {"version", 2, Kind::kString},
                     {"description", 3, Kind::kString},
                     {"termsOfService", 4, Kind::kString},
                     {"contact", 5, Kind::kMessage, &kContact},
                     {"license", 6, Kind::kMessage, &kLicense}},
                    7};
const Message kContact{
    {{"name", 1, Kind::kString}, {"url", 2, Kind::kString}, {"email", 3, Kind::kString}}, 4};
const Message kLicense{{{"name", 1, Kind::kString}, {"url", 2, Kind::kString}}, 3};
const Message kExternalDocs{{{"description", 1, Kind::kString}, {"url", 2, Kind::kString}}, 3};
const Message kTag{{{"name", 1, Kind::kString},
                    {"description", 2, Kind::kString},
                    {"externalDocs", 3, Kind::kMessage, &kExternalDocs}},
                   4};
const Message kXml{{{"name", 1, Kind::kString},
                    {"namespace", 2, Kind::kString},
                    {"prefix", 3, Kind::kString},
                    {"attribute", 4, Kind::kBool},
                    {"wrapped", 5, Kind::kBool}},
                   6};
const Message kJsonReference{{{"$ref", 1, Kind::kString}, {"description", 2, Kind::kString}}};

const Message kApiKeySecurity{{{"type", 1, Kind::kString},
                               {"name", 2, Kind::kString},
                               {"in", 3, Kind::kString},
                               {"description", 4, Kind::kString}},
                              5};
const Message kBasicAuthenticationSecurity{
    {{"type", 1, Kind::kString}, {"description", 2, Kind::kString}}, 3};
const Message kOauth2AccessCodeSecurity{{{"type", 1, Kind::kString},
                                         {"flow", 2, Kind::kString},
                                         {"scopes", 3, Kind::kMessage, &kOauth2Scopes},
                                         {"authorizationUrl", 4, Kind::kString},
                                         {"tokenUrl", 5, Kind::kString},
                                         {"description", 6, Kind::kString}},
                                        7};
const Message kOauth2ApplicationSecurity{{{"type", 1, Kind::kString},
                                          {"flow", 2, Kind::kString},
                                          {"scopes", 3, Kind::kMessage, &kOauth2Scopes},
                                          {"tokenUrl", 4, Kind::kString},
                                          {"description", 5, Kind::kString}},
                                         6};
const Message kOauth2ImplicitSecurity{{{"type", 1, Kind::kString},
                                       {"flow", 2, Kind::kString},
                                       {"scopes", 3, Kind::kMessage, &kOauth2Scopes},
                                       {"authorizationUrl", 4, Kind::kString},
                                       {"description", 5, Kind::kString}},
                                      6};
const Message kOauth2PasswordSecurity{{{"type", 1, Kind::kString},
                                       {"flow", 2, Kind::kString},
                                       {"scopes", 3, Kind::kMessage, &kOauth2Scopes},
                                       {"tokenUrl", 4, Kind::kString},
                                       {"description", 5, Kind::kString}},
                                      6};

const Message kPathItem{{{"$ref", 1, Kind::kString},
                         {"get", 2, Kind::kMessage, &kOperation},
                         {"put", 3, Kind::kMessage, &kOperation},
                         {"post", 4, Kind::kMessage, &kOperation},
                         {"delete", 5, Kind::kMessage, &kOperation},
                         {"options", 6, Kind::kMessage, &kOperation},
                         {"head", 7, Kind::kMessage, &kOperation},
                         {"patch", 8, Kind::kMessage, &kOperation},
                         {"parameters", 9, Kind::kMessages, &kParametersItem}},
                        10};
const Message kOperation{{{"tags", 1, Kind::kStrings},
                          {"summary", 2, Kind::kString},
                          {"description", 3, Kind::kString},
                          {"externalDocs", 4, Kind::kMessage, &kExternalDocs},
                          {"operationId", 5, Kind::kString},
                          {"produces", 6, Kind::kStrings},
                          {"consumes", 7, Kind::kStrings},
                          {"parameters", 8, Kind::kMessages, &kParametersItem},
                          {"responses", 9, Kind::kMessage, &kResponses},
                          {"schemes", 10, Kind::kStrings},
                          {"deprecated", 11, Kind::kBool},
                          {"security", 12, Kind::kMessages, &kSecurityRequirement}},
                         13};

const Message kBodyParameter{{{"description", 1, Kind::kString},
                              {"name", 2, Kind::kString},
                              {"in", 3, Kind::kString},
                              {"required", 4, Kind::kBool},
                              {"schema", 5, Kind::kMessage, &kSchema}},
                             6};

// The primitive-typed parameter sub-schemas, headers and items share their
// fields; only the numbering differs. `first` fields precede them.
std::vector<Field> PrimitiveFields(std::vector<Field> first, int type_number, bool with_items) {
  int n = type_number;
  std::vector<Field> f = std::move(first);
  f.push_back({"type", n++, Kind::kString});
  f.push_back({"format", n++, Kind::kString});
  if (with_items) f.push_back({"items", n++, Kind::kMessage, &kPrimitivesItems});
  f.push_back({"collectionFormat", n++, Kind::kString});
  f.push_back({"default", n++, Kind::kAny});
  f.push_back({"maximum", n++, Kind::kDouble});
  f.push_back({"exclusiveMaximum", n++, Kind::kBool});
  f.push_back({"minimum", n++, Kind::kDouble});
  f.push_back({"exclusiveMinimum", n++, Kind::kBool});
  f.push_back({"maxLength", n++, Kind::kInt64});
  f.push_back({"minLength", n++, Kind::kInt64});
  f.push_back({"pattern", n++, Kind::kString});
  f.push_back({"maxItems", n++, Kind::kInt64});
  f.push_back({"minItems", n++, Kind::kInt64});
  f.push_back({"uniqueItems", n++, Kind::kBool});
  f.push_back({"enum", n++, Kind::kAnys});
  f.push_back({"multipleOf", n++, Kind::kDouble});
  return f;
}

std::vector<Field> ParameterHead(bool allow_empty_value) {
  std::vector<Field> f = {{"required", 1, Kind::kBool},
                          {"in", 2, Kind::kString},
                          {"description", 3, Kind::kString},
                          {"name", 4, Kind::kString}};
  if (allow_empty_value) f.push_back({"allowEmptyValue", 5, Kind::kBool});
  return f;
}

const Message kHeaderParameterSubSchema{PrimitiveFields(ParameterHead(false), 5, true), 22};
const Message kPathParameterSubSchema{PrimitiveFields(ParameterHead(false), 5, true), 22};
const Message kQueryParameterSubSchema{PrimitiveFields(ParameterHead(true), 6, true), 23};
const Message kFormDataParameterSubSchema{PrimitiveFields(ParameterHead(true), 6, true), 23};
const Message kPrimitivesItems{PrimitiveFields({}, 1, true), 18};
std::vector<Field> HeaderFields() {
  std::vector<Field> f = PrimitiveFields({}, 1, true);
  f.push_back({"description", 18, Kind::kString});
  return f;
}
const Message kHeader{HeaderFields(), 19};

const Message kResponse{{{"description", 1, Kind::kString},
                         {"schema", 2, Kind::kMessage, &kSchemaItem},
                         {"headers", 3, Kind::kMessage, &kHeaders},
                         {"examples", 4, Kind::kMessage, &kExamples}},
                        5};

const Message kSchema{{{"$ref", 1, Kind::kString},
                       {"format", 2, Kind::kString},
                       {"title", 3, Kind::kString},
                       {"description", 4, Kind::kString},
                       {"default", 5, Kind::kAny},
                       {"multipleOf", 6, Kind::kDouble},
                       {"maximum", 7, Kind::kDouble},
                       {"exclusiveMaximum", 8, Kind::kBool},
                       {"minimum", 9, Kind::kDouble},
                       {"exclusiveMinimum", 10, Kind::kBool},
                       {"maxLength", 11, Kind::kInt64},
                       {"minLength", 12, Kind::kInt64},
                       {"pattern", 13, Kind::kString},
                       {"maxItems", 14, Kind::kInt64},
                       {"minItems", 15, Kind::kInt64},
                       {"uniqueItems", 16, Kind::kBool},
                       {"maxProperties", 17, Kind::kInt64},
                       {"minProperties", 18, Kind::kInt64},
                       {"required", 19, Kind::kStrings},
                       {"enum", 20, Kind::kAnys},
                       {"additionalProperties", 21, Kind::kMessage, &kAdditionalPropertiesItem},
                       {"type", 22, Kind::kMessage, &kTypeItem},
                       {"items", 23, Kind::kMessage, &kItemsItem},
                       {"allOf", 24, Kind::kMessages, &kSchema},
                       {"properties", 25, Kind::kMessage, &kProperties},
                       {"discriminator", 26, Kind::kString},
                       {"readOnly", 27, Kind::kBool},
                       {"xml", 28, Kind::kMessage, &kXml},
                       {"externalDocs", 29, Kind::kMessage, &kExternalDocs},
                       {"example", 30, Kind::kAny}},
                      31};
const Message kFileSchema{{{"format", 1, Kind::kString},
                           {"title", 2, Kind::kString},
                           {"description", 3, Kind::kString},
                           {"default", 4, Kind::kAny},
                           {"required", 5, Kind::kStrings},
                           {"type", 6, Kind::kString},
                           {"readOnly", 7, Kind::kBool},
                           {"externalDocs", 8, Kind::kMessage, &kExternalDocs},
                           {"example", 9, Kind::kAny}},
                          10};

// ---------------------------------------------------------------------------
// Accept negotiation (goautoneg's ParseAccept order).

struct AcceptClause {
  std::string type, subtype;
  double q = 1.0;
};

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// Calls fn on each sep-separated piece of s (an empty s is one empty piece).
template <typename Fn>
void ForEachPiece(std::string_view s, char sep, Fn fn) {
  while (true) {
    size_t pos = s.find(sep);
    fn(s.substr(0, pos));
    if (pos == std::string_view::npos) return;
    s.remove_prefix(pos + 1);
  }
}

std::vector<AcceptClause> ParseAccept(std::string_view header) {
  std::vector<AcceptClause> clauses;
  ForEachPiece(header, ',', [&](std::string_view part) {
    std::string_view range = part.substr(0, part.find(';'));
    size_t slash = range.find('/');
    AcceptClause c;
    c.type = Trimmed(range.substr(0, slash));
    if (slash == std::string_view::npos) {
      if (c.type != "*") return;
      c.subtype = "*";
    } else {
      std::string_view sub = range.substr(slash + 1);
      if (sub.find('/') != std::string_view::npos) return;
      c.subtype = Trimmed(sub);
    }
    if (range.size() < part.size()) {
      ForEachPiece(part.substr(range.size() + 1), ';', [&](std::string_view param) {
        size_t eq = param.find('=');
        if (eq != std::string_view::npos && Trimmed(param.substr(0, eq)) == "q") {
          c.q = std::strtod(std::string(param.substr(eq + 1)).c_str(), nullptr);
        }
      });
    }
    clauses.push_back(std::move(c));
  });
  std::stable_sort(clauses.begin(), clauses.end(),
                   [](const AcceptClause& a, const AcceptClause& b) {
                     if (a.q != b.q) return a.q > b.q;
                     if ((a.type == "*") != (b.type == "*")) return b.type == "*";
                     return a.subtype != "*" && b.subtype == "*";
                   });
  return clauses;
}

}  // namespace

std::string OpenApiV2ToProtobuf(const Json& document) {
  WireWriter w;
  WriteBody(kDocument, document, w);
  return std::move(w).Take();
}

OpenApiV2Format NegotiateOpenApiV2(std::string_view accept) {
  std::string header = Trimmed(accept);
  if (header.empty()) header = "*/*";
  struct Offer {
    std::string_view subtype;
    OpenApiV2Format format;
  };
  static const Offer kOffers[] = {
      {"json", OpenApiV2Format::kJson},
      {std::string_view(kOpenApiV2ProtobufMediaTypeDeprecated).substr(12),
       OpenApiV2Format::kProtobuf},
      {std::string_view(kOpenApiV2ProtobufMediaType).substr(12), OpenApiV2Format::kProtobuf},
  };
  for (const AcceptClause& c : ParseAccept(header)) {
    for (const Offer& o : kOffers) {
      if (c.type != "application" && c.type != "*") continue;
      if (c.subtype != o.subtype && c.subtype != "*") continue;
      return o.format;
    }
  }
  return OpenApiV2Format::kNotAcceptable;
}

}  // namespace stead::api::schema

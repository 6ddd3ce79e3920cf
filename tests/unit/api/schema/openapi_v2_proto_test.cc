#include "api/schema/openapi_v2_proto.h"

#include <gtest/gtest.h>

#include <cstring>
#include <utility>
#include <vector>

#include "api/protobuf/wire.h"
#include "api/schema/openapi.h"

namespace stead::api::schema {
namespace {

using protobuf::WireReader;
using protobuf::WireType;

// A test-only reader: a message's fields by number, in wire order; nested
// messages are decoded on demand with the field numbers of OpenAPIv2.proto
// that each test names.
class Msg {
 public:
  static Msg Parse(std::string_view data) {
    Msg m;
    WireReader r(data);
    while (!r.done()) {
      int field = 0;
      WireType type;
      Status s = r.ReadKey("openapi.v2", &field, &type);
      if (!s.ok()) return Fail(m, s.message());
      Value v{type, 0, {}};
      if (type == WireType::kVarint) {
        s = r.ReadVarint(&v.number);
      } else if (type == WireType::kFixed64) {
        s = r.ReadFixed64(&v.number);
      } else if (type == WireType::kBytes) {
        std::string_view b;
        s = r.ReadBytes(&b);
        v.bytes = std::string(b);
      } else {
        return Fail(m, "unexpected wire type");
      }
      if (!s.ok()) return Fail(m, s.message());
      m.fields_.emplace_back(field, std::move(v));
    }
    return m;
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t Count(int field) const {
    size_t n = 0;
    for (const auto& [f, v] : fields_) n += f == field;
    return n;
  }
  std::vector<int> Numbers() const {
    std::vector<int> out;
    for (const auto& [f, v] : fields_) out.push_back(f);
    return out;
  }
  std::string Str(int field, size_t index = 0) const {
    const Value* v = Find(field, index);
    return v ? v->bytes : "<missing>";
  }
  std::vector<std::string> Strs(int field) const {
    std::vector<std::string> out;
    for (const auto& [f, v] : fields_) {
      if (f == field) out.push_back(v.bytes);
    }
    return out;
  }
  uint64_t Varint(int field) const {
    const Value* v = Find(field, 0);
    return v && v->type == WireType::kVarint ? v->number : ~uint64_t{0};
  }
  double Double(int field) const {
    const Value* v = Find(field, 0);
    if (!v || v->type != WireType::kFixed64) return -12345;
    double d;
    std::memcpy(&d, &v->number, sizeof d);
    return d;
  }
  Msg Sub(int field, size_t index = 0) const {
    const Value* v = Find(field, index);
    if (!v || v->type != WireType::kBytes) {
      Msg m;
      return Fail(m, "no message in field " + std::to_string(field));
    }
    return Parse(v->bytes);
  }
  // The value message of the Named* pair (name = 1, value = 2) called `name`
  // in repeated field `field`.
  Msg Named(int field, std::string_view name) const {
    for (size_t i = 0; i < Count(field); ++i) {
      Msg pair = Sub(field, i);
      if (pair.Str(1) == name) return pair.Sub(2);
    }
    Msg m;
    return Fail(m, "no pair " + std::string(name));
  }
  std::vector<std::string> Names(int field) const {
    std::vector<std::string> out;
    for (size_t i = 0; i < Count(field); ++i) out.push_back(Sub(field, i).Str(1));
    return out;
  }

 private:
  struct Value {
    WireType type;
    uint64_t number;
    std::string bytes;
  };
  static Msg Fail(Msg& m, std::string error) {
    m.error_ = std::move(error);
    return m;
  }
  const Value* Find(int field, size_t index) const {
    for (const auto& [f, v] : fields_) {
      if (f == field && index-- == 0) return &v;
    }
    return nullptr;
  }
  std::vector<std::pair<int, Value>> fields_;
  std::string error_;
};

// Field numbers of OpenAPIv2.proto used below.
constexpr int kDocSwagger = 1, kDocInfo = 2, kDocHost = 3, kDocBasePath = 4, kDocSchemes = 5,
              kDocPaths = 8, kDocDefinitions = 9, kDocParameters = 10, kDocResponses = 11,
              kDocSecurity = 12, kDocSecurityDefinitions = 13, kDocTags = 14, kDocExtensions = 16;
constexpr int kSchemaRef = 1, kSchemaFormat = 2, kSchemaDescription = 4, kSchemaDefault = 5,
              kSchemaMaximum = 7, kSchemaMinimum = 9, kSchemaExclusiveMinimum = 10,
              kSchemaMaxLength = 11, kSchemaMinItems = 15, kSchemaRequired = 19, kSchemaEnum = 20,
              kSchemaAdditionalProperties = 21, kSchemaType = 22, kSchemaItems = 23,
              kSchemaAllOf = 24, kSchemaProperties = 25, kSchemaReadOnly = 27, kSchemaExample = 30,
              kSchemaExtensions = 31;
constexpr int kAnyYaml = 2;

std::string Proto(std::string_view json) { return OpenApiV2ToProtobuf(Json::parse(json)); }

// The YAML of the NamedAny called `name` in repeated field `field`.
std::string ExtensionYaml(const Msg& m, int field, std::string_view name) {
  return m.Named(field, name).Str(kAnyYaml);
}

TEST(OpenApiV2ProtoTest, TinyDocumentMatchesHandComputedBytes) {
  // Document{swagger: "2.0" (1), info (2): Info{title: "T" (1), version: "v" (2)}}
  EXPECT_EQ(Proto(R"({"swagger":"2.0","info":{"title":"T","version":"v"}})"),
            std::string("\x0a\x03"
                        "2.0"
                        "\x12\x06"
                        "\x0a\x01T"
                        "\x12\x01v"));
  // definitions (9): Definitions{NamedSchema{name: "A", value: Schema{
  //   type (22, key b2 01): TypeItem{value: "string"}}}}
  EXPECT_EQ(Proto(R"({"definitions":{"A":{"type":"string"}}})"), std::string("\x4a\x12"
                                                                             "\x0a\x10"
                                                                             "\x0a\x01"
                                                                             "A"
                                                                             "\x12\x0b"
                                                                             "\xb2\x01\x08"
                                                                             "\x0a\x06"
                                                                             "string"));
  // Zero scalars and empty lists are left out; present messages stay, empty.
  EXPECT_EQ(Proto(R"({"swagger":"","host":"","schemes":[],"info":{}})"),
            std::string("\x12\x00", 2));
  EXPECT_EQ(Proto("{}"), "");
}

TEST(OpenApiV2ProtoTest, SchemaFields) {
  std::string bytes = Proto(R"({"definitions":{"io.k8s.api.apps.v1.Thing":{
    "description":"A thing.",
    "type":"object",
    "required":["spec","name"],
    "properties":{
      "name":{"type":"string","maxLength":63,"enum":["a","b"],"default":"a"},
      "count":{"type":"integer","format":"int32","minimum":-1,"exclusiveMinimum":true,
               "maximum":2.5,"example":7},
      "labels":{"type":"object","additionalProperties":{"type":"string","default":""}},
      "closed":{"type":"object","additionalProperties":false},
      "items":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/Item"},
               "x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","port"],
               "x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge,retainKeys"},
      "spec":{"allOf":[{"$ref":"#/definitions/Spec"}],"readOnly":true,"default":{}},
      "multi":{"type":["string","null"]}
    },
    "x-kubernetes-group-version-kind":[{"group":"apps","kind":"Thing","version":"v1"}]
  }}})");
  Msg doc = Msg::Parse(bytes);
  ASSERT_TRUE(doc.ok()) << doc.error();
  EXPECT_EQ(doc.Numbers(), std::vector<int>{kDocDefinitions});
  Msg thing = doc.Sub(kDocDefinitions).Named(1, "io.k8s.api.apps.v1.Thing");
  ASSERT_TRUE(thing.ok()) << thing.error();
  EXPECT_EQ(thing.Str(kSchemaDescription), "A thing.");
  EXPECT_EQ(thing.Sub(kSchemaType).Strs(1), std::vector<std::string>{"object"});
  EXPECT_EQ(thing.Strs(kSchemaRequired), (std::vector<std::string>{"spec", "name"}));
  EXPECT_EQ(ExtensionYaml(thing, kSchemaExtensions, "x-kubernetes-group-version-kind"),
            "- group: apps\n  kind: Thing\n  version: v1\n");
  // Fields come in field-number order, extensions last.
  EXPECT_EQ(thing.Numbers(), (std::vector<int>{kSchemaDescription, kSchemaRequired, kSchemaRequired,
                                               kSchemaType, kSchemaProperties, kSchemaExtensions}));

  Msg props = thing.Sub(kSchemaProperties);
  // Properties keep the JSON (sorted) key order.
  EXPECT_EQ(props.Names(1), (std::vector<std::string>{"closed", "count", "items", "labels", "multi",
                                                      "name", "spec"}));
  Msg name = props.Named(1, "name");
  EXPECT_EQ(name.Varint(kSchemaMaxLength), 63u);
  ASSERT_EQ(name.Count(kSchemaEnum), 2u);
  EXPECT_EQ(name.Sub(kSchemaEnum, 0).Str(kAnyYaml), "a\n");
  EXPECT_EQ(name.Sub(kSchemaEnum, 1).Str(kAnyYaml), "b\n");
  EXPECT_EQ(name.Sub(kSchemaDefault).Str(kAnyYaml), "a\n");
  EXPECT_EQ(name.Sub(kSchemaDefault).Count(1), 0u);  // no google.protobuf.Any value

  Msg count = props.Named(1, "count");
  EXPECT_EQ(count.Str(kSchemaFormat), "int32");
  EXPECT_EQ(count.Double(kSchemaMinimum), -1.0);
  EXPECT_EQ(count.Double(kSchemaMaximum), 2.5);
  EXPECT_EQ(count.Varint(kSchemaExclusiveMinimum), 1u);
  EXPECT_EQ(count.Sub(kSchemaExample).Str(kAnyYaml), "7\n");

  Msg labels = props.Named(1, "labels").Sub(kSchemaAdditionalProperties);
  EXPECT_EQ(labels.Sub(1).Sub(kSchemaType).Strs(1), std::vector<std::string>{"string"});
  EXPECT_EQ(labels.Sub(1).Sub(kSchemaDefault).Str(kAnyYaml), "\"\"\n");
  // additionalProperties: false is the oneof's boolean (2), written although false.
  Msg closed = props.Named(1, "closed").Sub(kSchemaAdditionalProperties);
  EXPECT_EQ(closed.Numbers(), std::vector<int>{2});
  EXPECT_EQ(closed.Varint(2), 0u);

  Msg items = props.Named(1, "items");
  EXPECT_EQ(items.Varint(kSchemaMinItems), 1u);
  EXPECT_EQ(items.Sub(kSchemaItems).Sub(1).Str(kSchemaRef), "#/definitions/Item");
  EXPECT_EQ(ExtensionYaml(items, kSchemaExtensions, "x-kubernetes-list-type"), "map\n");
  EXPECT_EQ(ExtensionYaml(items, kSchemaExtensions, "x-kubernetes-list-map-keys"),
            "- name\n- port\n");
  EXPECT_EQ(ExtensionYaml(items, kSchemaExtensions, "x-kubernetes-patch-merge-key"), "name\n");
  EXPECT_EQ(ExtensionYaml(items, kSchemaExtensions, "x-kubernetes-patch-strategy"),
            "merge,retainKeys\n");

  Msg spec = props.Named(1, "spec");
  EXPECT_EQ(spec.Sub(kSchemaAllOf).Str(kSchemaRef), "#/definitions/Spec");
  EXPECT_EQ(spec.Varint(kSchemaReadOnly), 1u);
  EXPECT_EQ(spec.Sub(kSchemaDefault).Str(kAnyYaml), "{}\n");
  EXPECT_EQ(props.Named(1, "multi").Sub(kSchemaType).Strs(1),
            (std::vector<std::string>{"string", "null"}));
}

TEST(OpenApiV2ProtoTest, PathsOperationsAndParameterOneofs) {
  std::string bytes = Proto(R"({
    "paths":{
      "/api/v1/namespaces/{namespace}/configmaps":{
        "parameters":[
          {"name":"namespace","in":"path","required":true,"type":"string","uniqueItems":true},
          {"$ref":"#/parameters/pretty"}
        ],
        "post":{
          "operationId":"createCoreV1NamespacedConfigMap",
          "consumes":["*/*"],
          "tags":["core_v1"],
          "parameters":[
            {"name":"body","in":"body","required":true,"schema":{"$ref":"#/definitions/CM"}},
            {"name":"dryRun","in":"query","type":"string","uniqueItems":true},
            {"name":"X-Trace","in":"header","type":"string"},
            {"name":"file","in":"formData","type":"file"}
          ],
          "responses":{
            "200":{"description":"OK","schema":{"$ref":"#/definitions/CM"}},
            "401":{"description":"Unauthorized"},
            "default":{"$ref":"#/responses/err"},
            "x-code":1
          },
          "x-kubernetes-action":"post",
          "x-kubernetes-group-version-kind":{"group":"","kind":"ConfigMap","version":"v1"}
        }
      },
      "x-paths-note":"n",
      "not-a-path":{}
    },
    "parameters":{"pretty":{"name":"pretty","in":"query","type":"string","uniqueItems":true}},
    "responses":{"err":{"description":"Error","schema":{"type":"file"}}}
  })");
  Msg doc = Msg::Parse(bytes);
  ASSERT_TRUE(doc.ok()) << doc.error();
  Msg paths = doc.Sub(kDocPaths);
  // Paths: vendor extensions (1), then paths (2); other keys are dropped.
  EXPECT_EQ(paths.Numbers(), (std::vector<int>{1, 2}));
  EXPECT_EQ(ExtensionYaml(paths, 1, "x-paths-note"), "n\n");
  Msg item = paths.Named(2, "/api/v1/namespaces/{namespace}/configmaps");
  ASSERT_TRUE(item.ok()) << item.error();
  // PathItem.parameters (9): ParametersItem{parameter (1): Parameter{non_body (2):
  //   NonBodyParameter{path (4): PathParameterSubSchema}}}
  ASSERT_EQ(item.Count(9), 2u);
  Msg path_param = item.Sub(9, 0).Sub(1).Sub(2).Sub(4);
  ASSERT_TRUE(path_param.ok()) << path_param.error();
  EXPECT_EQ(path_param.Varint(1), 1u);  // required
  EXPECT_EQ(path_param.Str(2), "path");
  EXPECT_EQ(path_param.Str(4), "namespace");
  EXPECT_EQ(path_param.Str(5), "string");
  EXPECT_EQ(path_param.Varint(19), 1u);  // uniqueItems
  // A $ref parameter is the JsonReference (2).
  EXPECT_EQ(item.Sub(9, 1).Numbers(), std::vector<int>{2});
  EXPECT_EQ(item.Sub(9, 1).Sub(2).Str(1), "#/parameters/pretty");

  Msg post = item.Sub(4);  // PathItem.post
  EXPECT_EQ(post.Strs(1), std::vector<std::string>{"core_v1"});
  EXPECT_EQ(post.Str(5), "createCoreV1NamespacedConfigMap");
  EXPECT_EQ(post.Strs(7), std::vector<std::string>{"*/*"});
  ASSERT_EQ(post.Count(8), 4u);
  Msg body = post.Sub(8, 0).Sub(1).Sub(1);  // Parameter.body_parameter
  EXPECT_EQ(body.Str(2), "body");
  EXPECT_EQ(body.Str(3), "body");
  EXPECT_EQ(body.Varint(4), 1u);
  EXPECT_EQ(body.Sub(5).Str(kSchemaRef), "#/definitions/CM");
  Msg query = post.Sub(8, 1).Sub(1).Sub(2).Sub(3);  // query_parameter_sub_schema
  EXPECT_EQ(query.Str(4), "dryRun");
  EXPECT_EQ(query.Str(6), "string");
  EXPECT_EQ(query.Varint(20), 1u);
  EXPECT_EQ(post.Sub(8, 2).Sub(1).Sub(2).Sub(1).Str(4), "X-Trace");  // header
  EXPECT_EQ(post.Sub(8, 3).Sub(1).Sub(2).Sub(2).Str(6), "file");     // formData type
  EXPECT_EQ(ExtensionYaml(post, 13, "x-kubernetes-action"), "post\n");
  EXPECT_EQ(ExtensionYaml(post, 13, "x-kubernetes-group-version-kind"),
            "group: \"\"\nkind: ConfigMap\nversion: v1\n");

  Msg responses = post.Sub(9);
  EXPECT_EQ(responses.Names(1), (std::vector<std::string>{"200", "401", "default"}));
  EXPECT_EQ(ExtensionYaml(responses, 2, "x-code"), "1\n");
  Msg ok = responses.Named(1, "200").Sub(1);  // ResponseValue.response
  EXPECT_EQ(ok.Str(1), "OK");
  EXPECT_EQ(ok.Sub(2).Sub(1).Str(kSchemaRef), "#/definitions/CM");  // SchemaItem.schema
  EXPECT_EQ(responses.Named(1, "default").Sub(2).Str(1), "#/responses/err");

  Msg pretty = doc.Sub(kDocParameters).Named(1, "pretty");  // NamedParameter
  EXPECT_EQ(pretty.Sub(2).Sub(3).Str(4), "pretty");
  // {"type": "file"} response schema is SchemaItem.file_schema (2).
  Msg err = doc.Sub(kDocResponses).Named(1, "err");
  EXPECT_EQ(err.Str(1), "Error");
  EXPECT_EQ(err.Sub(2).Numbers(), std::vector<int>{2});
  EXPECT_EQ(err.Sub(2).Sub(2).Str(6), "file");
}

TEST(OpenApiV2ProtoTest, DocumentLevelFields) {
  Msg doc = Msg::Parse(Proto(R"({
    "swagger":"2.0","host":"h:1","basePath":"/b","schemes":["https"],
    "info":{"title":"Kubernetes","version":"unversioned","contact":{"name":"c"},"x-i":true},
    "security":[{"BearerToken":[]},{"oauth":["read","write"]}],
    "securityDefinitions":{
      "BearerToken":{"type":"apiKey","name":"authorization","in":"header","description":"Bearer"},
      "basic":{"type":"basic"},
      "oauth":{"type":"oauth2","flow":"accessCode","authorizationUrl":"a","tokenUrl":"t",
               "scopes":{"read":"Read","write":"Write"}}
    },
    "tags":[{"name":"core","externalDocs":{"url":"u"}}],
    "x-top":{"a":[1,2]}
  })"));
  ASSERT_TRUE(doc.ok()) << doc.error();
  EXPECT_EQ(doc.Str(kDocSwagger), "2.0");
  EXPECT_EQ(doc.Str(kDocHost), "h:1");
  EXPECT_EQ(doc.Str(kDocBasePath), "/b");
  EXPECT_EQ(doc.Strs(kDocSchemes), std::vector<std::string>{"https"});
  Msg info = doc.Sub(kDocInfo);
  EXPECT_EQ(info.Str(1), "Kubernetes");
  EXPECT_EQ(info.Str(2), "unversioned");
  EXPECT_EQ(info.Sub(5).Str(1), "c");
  EXPECT_EQ(ExtensionYaml(info, 7, "x-i"), "true\n");
  // security: SecurityRequirement{NamedStringArray{name, StringArray{value...}}}
  ASSERT_EQ(doc.Count(kDocSecurity), 2u);
  Msg bearer = doc.Sub(kDocSecurity, 0).Named(1, "BearerToken");
  ASSERT_TRUE(bearer.ok()) << bearer.error();
  EXPECT_EQ(bearer.Count(1), 0u);
  EXPECT_EQ(doc.Sub(kDocSecurity, 1).Named(1, "oauth").Strs(1),
            (std::vector<std::string>{"read", "write"}));
  Msg defs = doc.Sub(kDocSecurityDefinitions);
  Msg api_key = defs.Named(1, "BearerToken").Sub(2);  // api_key_security
  EXPECT_EQ(api_key.Str(1), "apiKey");
  EXPECT_EQ(api_key.Str(2), "authorization");
  EXPECT_EQ(api_key.Str(3), "header");
  EXPECT_EQ(api_key.Str(4), "Bearer");
  EXPECT_EQ(defs.Named(1, "basic").Sub(1).Str(1), "basic");
  Msg oauth = defs.Named(1, "oauth").Sub(6);  // oauth2_access_code_security
  EXPECT_EQ(oauth.Str(4), "a");
  EXPECT_EQ(oauth.Str(5), "t");
  EXPECT_EQ(oauth.Sub(3).Names(1), (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(oauth.Sub(3).Sub(1, 0).Str(2), "Read");
  EXPECT_EQ(doc.Sub(kDocTags).Str(1), "core");
  EXPECT_EQ(doc.Sub(kDocTags).Sub(3).Str(2), "u");
  EXPECT_EQ(ExtensionYaml(doc, kDocExtensions, "x-top"), "a:\n    - 1\n    - 2\n");
}

TEST(OpenApiV2ProtoTest, MalformedValuesAreSkippedNeverFatal) {
  // Wrong JSON types where gnostic would report errors: strings accept
  // integers (their text) and null, other mismatches are left out.
  Msg doc = Msg::Parse(Proto(R"({
    "swagger":5, "host":null, "basePath":true, "schemes":"https", "info":"x",
    "paths":[], "definitions":{"A":5,"B":{"type":{},"required":"x","maxLength":1.5,
      "minLength":-2,"maximum":"big","properties":[],"items":[{"type":"string"},3],
      "additionalProperties":"yes","enum":{"a":1},"unknownField":{"deep":[1]}}},
    "parameters":{"p":{"in":"nowhere"},"q":"str"},
    "responses":{"r":[]},
    "security":[5,{"k":"notalist"}],
    "tags":[null],
    "unknown":{"x":1}
  })"));
  ASSERT_TRUE(doc.ok()) << doc.error();
  EXPECT_EQ(doc.Str(kDocSwagger), "5");
  EXPECT_EQ(doc.Count(kDocHost), 0u);
  EXPECT_EQ(doc.Count(kDocBasePath), 0u);
  EXPECT_EQ(doc.Count(kDocSchemes), 0u);
  EXPECT_EQ(doc.Sub(kDocInfo).Numbers(), std::vector<int>{});
  Msg a = doc.Sub(kDocDefinitions).Named(1, "A");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.Numbers(), std::vector<int>{});
  Msg b = doc.Sub(kDocDefinitions).Named(1, "B");
  EXPECT_EQ(b.Sub(kSchemaType).Numbers(), std::vector<int>{});
  EXPECT_EQ(b.Count(kSchemaRequired), 0u);
  EXPECT_EQ(b.Count(kSchemaMaxLength), 0u);
  EXPECT_EQ(b.Varint(12), static_cast<uint64_t>(-2));  // minLength, two's complement
  EXPECT_EQ(b.Count(kSchemaMaximum), 0u);
  EXPECT_EQ(b.Count(kSchemaEnum), 0u);
  EXPECT_EQ(b.Sub(kSchemaItems).Count(1), 1u);
  EXPECT_EQ(b.Sub(kSchemaAdditionalProperties).Numbers(), std::vector<int>{});
  EXPECT_EQ(doc.Sub(kDocParameters).Named(1, "p").Numbers(), std::vector<int>{});
  EXPECT_EQ(doc.Sub(kDocSecurity, 1).Named(1, "k").Numbers(), std::vector<int>{});

  // Every JSON type in every position of a schema-shaped document.
  const Json kinds[] = {Json(5),
                        Json(-1.5),
                        Json("s"),
                        Json(true),
                        Json(nullptr),
                        Json::array({1, "a", Json::object()}),
                        Json::object({{"x-a", 1}})};
  const char* const keys[] = {"swagger",    "info",         "paths",    "definitions",
                              "parameters", "responses",    "security", "securityDefinitions",
                              "tags",       "externalDocs", "x-ext"};
  for (const char* key : keys) {
    for (const Json& value : kinds) {
      Json d = {{"swagger", "2.0"}};
      d["definitions"]["S"] = {{"properties", {{"p", value}}},
                               {"items", value},
                               {"type", value},
                               {"additionalProperties", value},
                               {"allOf", Json::array({value})},
                               {"xml", value}};
      d[key] = value;
      EXPECT_TRUE(Msg::Parse(OpenApiV2ToProtobuf(d)).ok()) << d.dump();
    }
  }
}

TEST(OpenApiV2ProtoTest, BuiltinDocument) {
  const Json& json = OpenApiV2();
  Msg doc = Msg::Parse(OpenApiV2Protobuf());
  ASSERT_TRUE(doc.ok()) << doc.error();
  EXPECT_EQ(doc.Str(kDocSwagger), "2.0");
  Msg defs = doc.Sub(kDocDefinitions);
  EXPECT_EQ(defs.Count(1), json["definitions"].size());
  Msg cm = defs.Named(1, "io.k8s.api.core.v1.ConfigMap");
  ASSERT_TRUE(cm.ok()) << cm.error();
  EXPECT_EQ(ExtensionYaml(cm, kSchemaExtensions, "x-kubernetes-group-version-kind"),
            "- group: \"\"\n  kind: ConfigMap\n  version: v1\n");
  Msg data = cm.Sub(kSchemaProperties).Named(1, "data");
  EXPECT_EQ(data.Sub(kSchemaType).Strs(1), std::vector<std::string>{"object"});
  EXPECT_EQ(data.Sub(kSchemaAdditionalProperties).Sub(1).Sub(kSchemaType).Strs(1),
            std::vector<std::string>{"string"});
  EXPECT_EQ(doc.Sub(kDocPaths).Count(2), json["paths"].size());
  // Built once: the same bytes every time.
  EXPECT_EQ(&OpenApiV2Protobuf(), &OpenApiV2Protobuf());
}

TEST(OpenApiV2ProtoTest, Negotiation) {
  EXPECT_EQ(NegotiateOpenApiV2(""), OpenApiV2Format::kJson);
  EXPECT_EQ(NegotiateOpenApiV2("*/*"), OpenApiV2Format::kJson);
  EXPECT_EQ(NegotiateOpenApiV2("application/json"), OpenApiV2Format::kJson);
  EXPECT_EQ(NegotiateOpenApiV2(kOpenApiV2ProtobufMediaTypeDeprecated), OpenApiV2Format::kProtobuf);
  EXPECT_EQ(NegotiateOpenApiV2(kOpenApiV2ProtobufMediaType), OpenApiV2Format::kProtobuf);
  EXPECT_EQ(NegotiateOpenApiV2(std::string(kOpenApiV2ProtobufMediaType) + ", application/json"),
            OpenApiV2Format::kProtobuf);
  EXPECT_EQ(
      NegotiateOpenApiV2(std::string(kOpenApiV2ProtobufMediaType) + ";q=0.5, application/json"),
      OpenApiV2Format::kJson);
  EXPECT_EQ(NegotiateOpenApiV2("*/*, " + std::string(kOpenApiV2ProtobufMediaType)),
            OpenApiV2Format::kProtobuf);  // the specific type sorts first
  EXPECT_EQ(NegotiateOpenApiV2("application/*"), OpenApiV2Format::kJson);
  EXPECT_EQ(NegotiateOpenApiV2("text/html"), OpenApiV2Format::kNotAcceptable);
  EXPECT_EQ(NegotiateOpenApiV2("application/vnd.kubernetes.protobuf"),
            OpenApiV2Format::kNotAcceptable);
  EXPECT_EQ(NegotiateOpenApiV2("garbage"), OpenApiV2Format::kNotAcceptable);
  EXPECT_EQ(NegotiateOpenApiV2("application/json/x"), OpenApiV2Format::kNotAcceptable);
  EXPECT_EQ(NegotiateOpenApiV2("*; q=0.1"), OpenApiV2Format::kJson);
  EXPECT_EQ(NegotiateOpenApiV2(",;,;q="), OpenApiV2Format::kNotAcceptable);
}

}  // namespace
}  // namespace stead::api::schema

// The OpenAPI documents kubectl downloads (apply's field validation check,
// explain): the v3 index (GET /openapi/v3), one v3 document per served
// group version (GET /openapi/v3/apis/apps/v1) and the swagger 2.0 document
// (GET /openapi/v2). They are generated from the schema Registry (the
// component schemas, shaped like upstream's: allOf-wrapped $refs, published
// defaults, x-kubernetes-* extensions) and from the served resources (the
// paths: verbs, parameters, x-kubernetes-group-version-kind per operation).
//
// Documents are immutable: an OpenApiDocuments instance builds them once,
// on first use (thread-safe), with their serialized text and a content
// hash (SHA-512, upper-case hex, like upstream's ?hash=). The v2 document
// also has its gnostic protobuf form (openapi_v2_proto.h), built once from
// the JSON on first request, as kube-openapi does.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/resource.h"
#include "api/schema/schema.h"
#include "core/json.h"

namespace stead::api::schema {

struct OpenApiDocument {
  Json json;
  std::string text;  // json.dump()
  std::string hash;  // SHA-512 of text, upper-case hex
};

class OpenApiDocuments {
 public:
  // `schema` must outlive this object; `resources` are copied.
  OpenApiDocuments(const Registry& schema, std::vector<ResourceType> resources);
  ~OpenApiDocuments();
  OpenApiDocuments(const OpenApiDocuments&) = delete;
  OpenApiDocuments& operator=(const OpenApiDocuments&) = delete;

  // The built-in schema and resources (api::ResourceRegistry::Builtin()).
  static const OpenApiDocuments& Builtin();

  // {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}
  const OpenApiDocument& V3Index() const;
  // A group version's document by its path: "api/v1", "apis/apps/v1"; a
  // "?hash=..." suffix is ignored. nullptr when the group version is not served.
  const OpenApiDocument* V3Document(std::string_view group_version_path) const;
  // The swagger 2.0 document with every definition and path.
  const OpenApiDocument& V2() const;
  // V2() as a serialized openapi.v2.Document (its ETag is V2().hash).
  const std::string& V2Protobuf() const;

 private:
  struct V3Docs;
  const V3Docs& GetV3() const;

  const Registry& schema_;
  std::vector<ResourceType> resources_;
  // Built on first use; the v3 index needs every v3 document's hash, the v2
  // document is independent.
  mutable std::once_flag v3_once_;
  mutable std::unique_ptr<V3Docs> v3_;
  mutable std::once_flag v2_once_;
  mutable std::unique_ptr<OpenApiDocument> v2_;
  mutable std::once_flag v2_protobuf_once_;
  mutable std::string v2_protobuf_;
};

// Shortcuts on OpenApiDocuments::Builtin(), as the API server uses them.
const Json& OpenApiV3Index();
// nullptr when not served.
const Json* OpenApiV3Document(std::string_view group_version_path);
const Json& OpenApiV2();
const std::string& OpenApiV3IndexText();
const std::string* OpenApiV3DocumentText(std::string_view group_version_path);
const std::string& OpenApiV2Text();
const std::string& OpenApiV2Protobuf();
const std::string& OpenApiV2Hash();
// "" when not served.
std::string OpenApiV3Hash(std::string_view group_version_path);

}  // namespace stead::api::schema

// The OpenAPI v2 (swagger 2.0) document in gnostic's protobuf encoding, the
// `openapi.v2.Document` message of github.com/google/gnostic-models
// (openapiv2/OpenAPIv2.proto). client-go asks GET /openapi/v2 for it
// (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf) and
// kubectl validates objects client-side against it when OpenAPI v3 does not
// know their kind (a v1 List, for instance).
//
// kube-openapi builds the bytes with gnostic's ParseDocument on the JSON text
// and proto.Marshal; OpenApiV2ToProtobuf produces the same message from the
// same document: every swagger field present lands in its field, map-shaped
// objects (definitions, properties, paths, responses, ...) become their
// ordered Named* pairs, oneofs pick the alternative gnostic's validation
// would (a "$ref" makes a JsonReference, "in" picks the parameter kind,
// additionalProperties is a schema or a boolean), and default/example/enum
// values and x-* vendor extensions become an Any holding the value's YAML
// text (openapi_v2_yaml.h). Fields are written in field-number order and
// zero scalars are left out, as proto.Marshal does. Values of the wrong JSON
// type are skipped (gnostic would reject the document); nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace stead::api::schema {

// kube-openapi's media types: the first is the one it answers with, the
// second (deprecated, still what client-go sends) is served the same bytes.
inline constexpr char kOpenApiV2ProtobufMediaType[] =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
inline constexpr char kOpenApiV2ProtobufMediaTypeDeprecated[] =
    "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

// The serialized openapi.v2.Document of a swagger 2.0 JSON document.
std::string OpenApiV2ToProtobuf(const Json& document);

enum class OpenApiV2Format { kJson, kProtobuf, kNotAcceptable };

// kube-openapi's negotiation for /openapi/v2: the Accept clauses by
// decreasing quality (more specific first among equals), each matched
// against application/json, then the two protobuf types; an empty header
// means */*. kNotAcceptable is a 406.
OpenApiV2Format NegotiateOpenApiV2(std::string_view accept);

}  // namespace stead::api::schema

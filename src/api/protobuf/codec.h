// The Kubernetes protobuf encoding (application/vnd.kubernetes.protobuf) of
// built-in objects, converted to and from the JSON form the rest of stead
// works with. The conversion is driven by the schema registry: every field
// carries upstream's protobuf field number (see api/schema/dsl.h), so no
// generated code is involved.
//
// A body is the 4-byte magic "k8s\0" followed by a runtime.Unknown message
// {1: TypeMeta{1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding,
// 4: contentType} whose raw bytes are the object's own message. Special
// values have their own small messages: resource.Quantity {1: string},
// intstr.IntOrString {1: type, 2: intVal, 3: strVal}, metav1.Time and
// MicroTime {1: seconds, 2: nanos}, RawExtension and FieldsV1 {1: raw};
// maps are repeated {1: key, 2: value} entries.
//
// Decoding yields what the JSON decoder would have been given for the same
// Go object: every field present on the wire, zero values included, so the
// result still goes through schema::Decode (which drops omitempty zeros).
// Malformed input is a 400 with gogo-protobuf's texts; no input can make the
// decoder read out of bounds or recurse without limit.
//
// Stateless functions; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "api/schema/schema.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::protobuf {

inline constexpr std::string_view kMediaType = "application/vnd.kubernetes.protobuf";
// Watch responses: a stream of length-prefixed metav1.WatchEvent messages.
inline constexpr std::string_view kWatchMediaType =
    "application/vnd.kubernetes.protobuf;stream=watch";

// Decodes a request body of the protobuf media type. The envelope's
// apiVersion and kind select the message type: `expected` (the type the
// endpoint takes, or null) when the kind is expected's kind in any version
// (DeleteOptions comes in every group's version), else the registry's kind.
// An envelope without kind or version takes them from `expected`. The result
// carries apiVersion and kind. With `expected`, errors are prefixed like the
// upstream handlers' ("ConfigMap in version \"v1\" cannot be handled as a
// ConfigMap: unexpected EOF").
Result<Json> DecodeObject(std::string_view body, const schema::TypeDef* expected,
                          const schema::Registry& registry = schema::Registry::Builtin());

// Encodes an object, list or Status (apiVersion and kind taken from `obj`)
// as a protobuf body of `type`. A value that does not fit the schema is a
// 500: objects are encoded after they have been decoded and stored.
Result<std::string> EncodeObject(const Json& obj, const schema::TypeDef& type);
// The same, finding the type from the object's apiVersion and kind; 406
// NotAcceptable when the registry has no such kind (a Table, discovery
// documents), which have no protobuf form here.
Result<std::string> EncodeObject(const Json& obj,
                                 const schema::Registry& registry = schema::Registry::Builtin());

// One frame of a protobuf watch stream: a 4-byte big-endian length and a
// metav1.WatchEvent {1: type, 2: RawExtension{1: object}} where `object` is
// an EncodeObject body.
std::string EncodeWatchEvent(std::string_view type, std::string_view object);

// The message of one struct type (no envelope), for tests and for callers
// that already know the type.
Result<Json> MessageToJson(std::string_view message, const schema::TypeDef& type,
                           const schema::Registry& registry = schema::Registry::Builtin());
Result<std::string> JsonToMessage(const Json& value, const schema::TypeDef& type);

}  // namespace stead::api::protobuf

// The API schema: one description of every served type (field names, types,
// descriptions, list/map semantics, strategic-merge keys), written once and
// used for
//   * decoding request bodies like upstream's typed decoder (type errors,
//     unknown-field pruning and fieldValidation=Strict|Warn|Ignore),
//   * strategic merge patch (patch strategy and merge key per field),
//   * the OpenAPI v2/v3 documents kubectl downloads for apply/explain.
//
// Definitions are named like upstream's OpenAPI definitions
// ("io.k8s.api.apps.v1.StatefulSetSpec") and written in a small text format
// (see dsl.h and definitions_*.cc). The registry is immutable after
// construction and safe to share between threads; TypeDef pointers stay
// valid for the registry's lifetime.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json.h"

namespace stead::api::schema {

enum class TypeKind {
  kObject,  // fields (a struct)
  kMap,     // map[string]<value>  (labels, annotations, resources ...)
  kArray,   // []<items>
  kString,
  kInteger,  // format int32 / int64
  kNumber,   // format double
  kBoolean,
  kIntOrString,  // intstr.IntOrString (ports, maxUnavailable)
  kQuantity,     // resource.Quantity ("500m", "10Gi"), a string or number in JSON
  kTime,         // metav1.Time, RFC 3339 string
  kMicroTime,    // metav1.MicroTime
  kBytes,        // []byte, base64 string (Secret data)
  kAny,          // anything (RawExtension, FieldsV1): kept as is
};

struct TypeDef;

struct FieldDef {
  std::string name;
  const TypeDef* type = nullptr;
  std::string description;
  // In the OpenAPI "required" list: no `omitempty` and no `+optional`.
  bool required = false;
  // Go `omitempty`: zero values of non-pointer scalars, empty lists and maps
  // are dropped when the object is decoded (as upstream's typed round trip
  // would). Without it, an absent scalar comes back as its zero value.
  bool omit_empty = true;
  // A Go pointer: an explicit zero ("replicas: 0") is kept, absence is nil.
  bool pointer = false;
  // Strategic merge patch: "merge", "replace", "retainKeys", "merge,retainKeys"
  // (x-kubernetes-patch-strategy), and the merge key for lists of objects.
  std::string patch_strategy;
  std::string patch_merge_key;
  // Server-side apply list semantics: "atomic", "set", "map" (+ keys).
  std::string list_type;
  std::vector<std::string> list_map_keys;
  // x-kubernetes-map-type set on this field ("atomic" or "granular").
  std::string map_type;
  // Default published in OpenAPI (+default=...); null when there is none.
  Json default_value;
  // Protobuf field number from upstream's generated.proto; 0 when the field
  // has none (apiVersion and kind of a top-level kind travel in the
  // runtime.Unknown envelope instead).
  int proto_tag = 0;
  // Non-zero when the field comes from a Go struct embedded inline (JSON
  // flattens it, protobuf keeps it as a nested message under this number:
  // Volume.volumeSource, Probe.handler, ...); proto_tag then numbers the
  // field inside that message.
  int proto_embed_tag = 0;
};

struct GroupVersionKind {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;
  bool empty() const { return kind.empty(); }
};

struct TypeDef {
  std::string name;  // definition name; empty for anonymous (array/map/scalar) types
  TypeKind kind = TypeKind::kObject;
  std::string format;  // "int32", "int64", "double", "date-time", "byte", "int-or-string"
  std::string description;
  std::vector<FieldDef> fields;      // kObject
  const TypeDef* element = nullptr;  // kArray items / kMap values
  // For top-level kinds: group/version/kind (x-kubernetes-group-version-kind).
  GroupVersionKind gvk;
  // x-kubernetes-map-type of a struct: "atomic" for +structType=atomic.
  std::string map_type;
  // Allowed values of an enum-like string (upstream's +enum types).
  std::vector<std::string> enum_values;
  // A discriminated union (x-kubernetes-unions): the discriminator field and
  // member field -> discriminator value.
  std::string union_discriminator;
  std::vector<std::pair<std::string, std::string>> union_fields;
  // The Go type as upstream's decoder names it in type errors
  // ("int32", "v1.PodSpec", "[]v1.Container", "map[string]string").
  std::string go_name;

  const FieldDef* FindField(std::string_view field_name) const;

  // Built by Registry::Freeze(); maps field name -> index into `fields`.
  std::unordered_map<std::string_view, size_t> field_index;
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The built-in registry with every type stead serves; built on first use
  // (thread-safe), in a few milliseconds.
  static const Registry& Builtin();

  const TypeDef* Find(std::string_view definition_name) const;
  // The top-level type of a kind, e.g. ("apps", "v1", "StatefulSet").
  const TypeDef* FindKind(std::string_view group, std::string_view version,
                          std::string_view kind) const;
  // All named definitions, sorted by name.
  std::vector<const TypeDef*> All() const;

  // Construction API used by the definitions loader (see dsl.h).
  // Define returns the existing definition when the name is already known,
  // so that a definition can be referenced before it is filled in.
  TypeDef* Define(std::string name, TypeKind kind);
  const TypeDef* Scalar(TypeKind kind, std::string format = "");
  const TypeDef* ArrayOf(const TypeDef* element);
  const TypeDef* MapOf(const TypeDef* value, std::string go_name = "");
  // An anonymous named Go type (e.g. `type PodPhase string`): inlined in
  // OpenAPI, but with its own Go name and enum values.
  TypeDef* Alias(TypeKind kind, std::string go_name);
  // Builds lookup indexes; call once after the last definition.
  void Freeze();

 private:
  std::map<std::string, std::unique_ptr<TypeDef>, std::less<>> named_;
  std::vector<std::unique_ptr<TypeDef>> anonymous_;
  // Interning of anonymous types, so that equal ones are shared.
  std::map<std::pair<TypeKind, std::string>, const TypeDef*> scalars_;
  std::map<const TypeDef*, const TypeDef*> arrays_;
  std::map<std::pair<const TypeDef*, std::string>, const TypeDef*> maps_;
  std::map<std::string, const TypeDef*, std::less<>> kinds_;  // "group/version/Kind"
};

}  // namespace stead::api::schema

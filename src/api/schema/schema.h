// The API schema: one description of every served type (field names, types,
// descriptions, list/map semantics, strategic-merge keys), written once and
// used for
//   * decoding request bodies like upstream's typed decoder (type errors,
//     unknown-field pruning and fieldValidation=Strict|Warn|Ignore),
//   * strategic merge patch (patch strategy and merge key per field),
//   * the OpenAPI v2/v3 documents kubectl downloads for apply/explain.
//
// Definitions are named like upstream's OpenAPI definitions
// ("io.k8s.api.apps.v1.StatefulSetSpec"). The registry is immutable after
// construction and safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace stead::api::schema {

enum class TypeKind {
  kObject,       // fields (a struct)
  kMap,          // map[string]<value>  (labels, annotations, resources ...)
  kArray,        // []<items>
  kString,
  kInteger,      // format int32 / int64
  kNumber,       // format double
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
  bool required = false;
  // Go `omitempty` on a non-pointer field: zero values are dropped when the
  // object is decoded (as upstream's typed round trip would).
  bool omit_empty = true;
  // Strategic merge patch: "merge", "replace", "retainKeys", "merge,retainKeys"
  // (x-kubernetes-patch-strategy), and the merge key for lists of objects.
  std::string patch_strategy;
  std::string patch_merge_key;
  // Server-side apply list semantics: "atomic", "set", "map" (+ keys).
  std::string list_type;
  std::vector<std::string> list_map_keys;
  // Allowed values for enum-like strings (documentation only).
  std::vector<std::string> enum_values;
};

struct TypeDef {
  std::string name;  // definition name; empty for anonymous (array/map/scalar) types
  TypeKind kind = TypeKind::kObject;
  std::string format;  // "int32", "int64", "double", "date-time", "byte", "int-or-string"
  std::string description;
  std::vector<FieldDef> fields;        // kObject
  const TypeDef* element = nullptr;    // kArray items / kMap values
  // For top-level kinds: group/version/kind (x-kubernetes-group-version-kind).
  std::string group, version, kind;
  // map semantics for SSA ("atomic" or "granular"); structs default granular.
  std::string map_type;

  const FieldDef* FindField(std::string_view field_name) const;
};

class Registry {
 public:
  // The built-in registry with every type stead serves; built on first use.
  static const Registry& Builtin();

  const TypeDef* Find(std::string_view definition_name) const;
  // The top-level type of a kind, e.g. ("apps", "v1", "StatefulSet").
  const TypeDef* FindKind(std::string_view group, std::string_view version,
                          std::string_view kind) const;
  // All named definitions, sorted by name.
  std::vector<const TypeDef*> All() const;

  // Construction API used by the definitions (see definitions*.cc).
  TypeDef* Define(std::string name, TypeKind kind);
  const TypeDef* Scalar(TypeKind kind, std::string format = "");
  const TypeDef* ArrayOf(const TypeDef* element);
  const TypeDef* MapOf(const TypeDef* value);

 private:
  std::map<std::string, std::unique_ptr<TypeDef>, std::less<>> named_;
  std::vector<std::unique_ptr<TypeDef>> anonymous_;
};

}  // namespace stead::api::schema

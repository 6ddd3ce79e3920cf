// Schema-driven operations on objects, as structured-merge-diff performs
// them for server-side apply (sigs.k8s.io/structured-merge-diff/v4/typed):
// the set of fields an object sets, the difference between two objects,
// merging an applied configuration into an object, removing fields, and
// validating an applied configuration against the schema.
//
// List and map semantics come from the schema the way the API server
// derives them from its OpenAPI document: a list is associative when its
// field says x-kubernetes-list-type map (keyed by the list-map keys) or set,
// or, without a list type, when its patch strategy is merge (keyed by the
// patch merge key, or a set without one); every other list is atomic.
// Structs and maps are granular unless their type or field says
// x-kubernetes-map-type atomic. Quantities, int-or-strings and times are
// untyped scalars; RawExtension-like "object" scalars are untyped atomic
// values. Pure functions over JSON values.
#pragma once

#include <string>
#include <vector>

#include "api/apply/field_set.h"
#include "api/schema/schema.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::apply {

// Where a value sits in the schema: its type and the field holding it (list
// and map semantics are declared on fields). A null type is the untyped
// atom: any scalar, or an atomic list or map of untyped values.
struct TypeRef {
  const schema::TypeDef* type = nullptr;
  const schema::FieldDef* field = nullptr;
};

inline TypeRef KindRef(const schema::TypeDef& kind) { return TypeRef{&kind, nullptr}; }

// How `rhs` differs from `lhs`, as field sets: leaves (scalars, atomic lists
// and maps) that changed value are modified; fields, list items and map
// entries present on one side only are added or removed.
struct Comparison {
  FieldSet removed;
  FieldSet modified;
  FieldSet added;

  bool IsSame() const { return removed.Empty() && modified.Empty() && added.Empty(); }
  // Drops `ignored` fields and everything below them from all three sets.
  void Exclude(const FieldSet& ignored);
};

// The fields `value` sets: every leaf, every list item, every map entry
// that is not a struct field, and struct fields that are null or empty
// objects. Items of associative lists whose key cannot be computed are
// skipped; duplicated items count as one atomic item.
FieldSet ToFieldSet(const Json& value, TypeRef type);

// Compares two values of the same type. Errors (malformed list items) come
// back as InternalError with upstream's messages.
Result<Comparison> Compare(const Json& lhs, const Json& rhs, TypeRef type);

// Merges `rhs` (an applied configuration) into `lhs`: scalars, atomic lists
// and atomic maps are taken from rhs; granular maps and structs are merged
// field by field; associative lists are merged item by item, keeping rhs's
// order and the positions of lhs-only items. Errors (duplicated keys in rhs)
// come back as InternalError with upstream's messages.
Result<Json> Merge(const Json& lhs, const Json& rhs, TypeRef type);

// Removes the fields in `items` from `value`. Like upstream, a map or list
// left empty by the removal becomes null.
Json RemoveItems(const Json& value, const FieldSet& items, TypeRef type);

// Checks that `value` conforms to the schema: known fields only, scalars of
// the right kind, list items with their keys, and (unless
// `allow_duplicates`) no duplicated keys. Returns the error text as
// upstream's ValidationErrors prints it ("" when valid).
std::string Validate(const Json& value, TypeRef type, bool allow_duplicates);

// Adds struct fields that prefix members of `set` as members themselves.
FieldSet EnsureNamedFieldsAreMembers(const FieldSet& set, TypeRef type);

// The object a Go program gets from `new(Kind)` and serializes: fields
// without omitempty at their zero value, nested structs present, apiVersion
// and kind set. What upstream compares a new object against on create.
Json ZeroObject(const schema::TypeDef& kind);

}  // namespace stead::api::apply

// Field paths and sets of field paths: what server-side apply tracks per
// field manager (sigs.k8s.io/structured-merge-diff/v4/fieldpath).
//
// A path is a sequence of elements, each a struct field or map key
// (".spec"), the key of an associative-list item
// ("[containerPort=80,protocol=\"TCP\"]"), the value of a set-list item
// ("[=\"finalizer\"]") or a list index ("[0]"). A FieldSet is a trie of
// paths; a path can be a member of the set and, at the same time, prefix
// other members (an associative-list item and its fields). Sets serialize
// to the FieldsV1 format of metadata.managedFields exactly as upstream
// ({"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},
// "f:port":{}}}}}), and elements keep upstream's order (fields, then keys,
// values and indexes; each by content). Value types, freely copyable.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace stead::api::apply {

struct PathElement {
  // Declaration order is the sort order between kinds.
  enum class Kind { kField, kKey, kValue, kIndex };

  Kind kind = Kind::kField;
  std::string field;                              // kField
  std::vector<std::pair<std::string, Json>> key;  // kKey, sorted by name
  Json value;                                     // kValue
  int index = 0;                                  // kIndex

  static PathElement Field(std::string name);
  // Sorts the key fields by name.
  static PathElement Key(std::vector<std::pair<std::string, Json>> fields);
  static PathElement Value(Json value);
  static PathElement Index(int index);

  int Compare(const PathElement& other) const;
  bool operator==(const PathElement& other) const { return Compare(other) == 0; }
  bool operator<(const PathElement& other) const { return Compare(other) < 0; }

  // ".name", "[k1=v1,k2=v2]", "[=value]", "[3]" (conflict messages).
  std::string ToString() const;
  // The FieldsV1 key: "f:name", "k:{...}", "v:<json>", "i:3".
  std::string Serialize() const;
  // Parses a FieldsV1 key. Keys of an unknown kind give NotFound (upstream
  // skips them); malformed keys give BadRequest.
  static Result<PathElement> Deserialize(std::string_view text);
};

using Path = std::vector<PathElement>;

// ".spec.template.spec.containers[name=\"web\"].image"
std::string PathString(const Path& path);

class FieldSet {
 public:
  struct Child;

  FieldSet() = default;

  // Inserts a path; the empty path is ignored.
  void Insert(const Path& path);
  bool Has(const Path& path) const;
  bool Empty() const;

  FieldSet Union(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;
  // Paths of this set that are not in `other`. A member of `other` does not
  // remove the paths below it (see RecursiveDifference).
  FieldSet Difference(const FieldSet& other) const;
  // Like Difference, but a member of `other` also removes everything below.
  FieldSet RecursiveDifference(const FieldSet& other) const;
  // The paths below `element`, relative to it.
  FieldSet WithPrefix(const PathElement& element) const;

  // Visits every member path: this level's members first, then the
  // children's, each in element order.
  void Iterate(const std::function<void(const Path&)>& fn) const;

  // FieldsV1 form.
  Json ToFieldsV1() const;
  static Result<FieldSet> FromFieldsV1(const Json& fields);

  const std::vector<PathElement>& members() const { return members_; }
  const std::vector<Child>& children() const { return children_; }
  // Adds a member / returns the child set for `element`, creating it.
  void InsertMember(const PathElement& element);
  FieldSet& Descend(const PathElement& element);

  bool operator==(const FieldSet& other) const;
  bool operator!=(const FieldSet& other) const { return !(*this == other); }

 private:
  void IteratePrefix(Path& prefix, const std::function<void(const Path&)>& fn) const;
  Json EmitFieldsV1(bool include_self) const;

  std::vector<PathElement> members_;  // sorted, unique
  std::vector<Child> children_;       // sorted by element, unique
};

struct FieldSet::Child {
  PathElement element;
  FieldSet set;
};

}  // namespace stead::api::apply

// The garbage collector's view of ownership: metav1.OwnerReference as read
// from an object's metadata.ownerReferences, and ObjectReference, the
// identity of a node in the dependency graph (an owner reference's
// coordinates plus the namespace the object lives in, "" when
// cluster-scoped). Value types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace stead::controllers::garbagecollector {

inline constexpr char kFinalizerOrphanDependents[] = "orphan";
inline constexpr char kFinalizerDeleteDependents[] = "foregroundDeletion";

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;

  bool operator==(const OwnerReference&) const = default;
  bool Blocking() const { return block_owner_deletion.value_or(false); }

  static OwnerReference FromJson(const Json& ref);
  Json ToJson() const;
  // metadata.ownerReferences of an object (entries that are not objects are
  // skipped).
  static std::vector<OwnerReference> ListOf(const Json& obj);
};

struct ObjectReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::string ns;

  bool operator==(const ObjectReference&) const = default;

  // An owner's coordinates (apiVersion, kind, name, uid) seen from an object
  // in namespace `ns`.
  static ObjectReference Of(const OwnerReference& ref, std::string ns);
  // Same apiVersion, kind, name and uid (namespace not compared).
  bool MatchesCoordinates(const OwnerReference& ref) const;
  // "[apps/v1/StatefulSet, namespace: ns, name: web, uid: 1234]", as
  // upstream prints references in logs and events.
  std::string String() const;
  // A map key covering every field.
  std::string Key() const;
};

// Upstream's ordering of alternative owner identities: kind, apiVersion,
// namespace, name, uid.
bool ReferenceLess(const ObjectReference& a, const ObjectReference& b);

// Splits "apps/v1" into group "apps" and version "v1" ("v1" -> "", "v1").
void SplitApiVersion(std::string_view api_version, std::string* group, std::string* version);

bool HasFinalizer(const Json& obj, std::string_view finalizer);

}  // namespace stead::controllers::garbagecollector

// DependencyGraph: the garbage collector's picture of who owns whom, keyed by
// uid (upstream GraphBuilder.uidToNode and processGraphChanges).
//
// Every object of every watched kind is a node; a node's dependents are the
// objects whose metadata.ownerReferences name its uid. An owner that is
// referenced but has not been seen is a "virtual" node until the informers
// show it (or the API server says it does not exist, which arrives as a
// virtual delete event).
//
// Process() applies one change (an informer event, or a virtual delete) and
// returns what the collector must do about it — which nodes to look at for
// deletion or orphaning, which owners are now known to be absent, which
// invalid owner references to report — without doing any I/O itself, so the
// graph logic is tested as a pure function.
//
// Thread-safety: Process() is called by one thread (the graph builder);
// the read accessors may be called concurrently from the workers and return
// snapshots.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "controllers/garbagecollector/object_reference.h"
#include "core/json.h"
#include "store/watch_cache.h"

namespace stead::controllers::garbagecollector {

// One change to the graph.
struct GraphEvent {
  enum class Type { kAdd, kUpdate, kDelete };
  Type type = Type::kAdd;
  // Not from an informer: the collector found that the object does not
  // exist (only deletes are virtual).
  bool is_virtual = false;
  // The object's type, from the informer that saw it (or the reference that
  // named it).
  std::string api_version;
  std::string kind;
  // The object (metadata is all that is read) and, for updates, its
  // previous state.
  store::ObjectPtr object;
  store::ObjectPtr old_object;

  // A virtual delete event for an object that does not exist.
  static GraphEvent VirtualDelete(const ObjectReference& ref);
};

// What a graph change asks the collector to do, in this order: remember
// absent owners, report invalid references, then enqueue.
struct GraphActions {
  struct InvalidOwner {
    ObjectReference dependent;
    ObjectReference owner;  // the owner reference as the dependent states it
  };
  std::vector<ObjectReference> absent_owners;
  std::vector<InvalidOwner> invalid_namespace_owners;
  std::vector<std::string> attempt_to_delete;               // uids
  std::vector<std::string> attempt_to_delete_rate_limited;  // uids
  std::vector<std::string> attempt_to_orphan;               // uids
};

// A copy of a node's state.
struct NodeSnapshot {
  ObjectReference identity;
  std::vector<OwnerReference> owners;
  bool observed = false;
  bool being_deleted = false;
  bool deleting_dependents = false;
  size_t num_dependents = 0;
};

class DependencyGraph {
 public:
  GraphActions Process(const GraphEvent& event);

  std::optional<NodeSnapshot> Get(const std::string& uid) const;
  std::vector<NodeSnapshot> Dependents(const std::string& uid) const;
  // Dependents whose reference to `uid` has blockOwnerDeletion: true.
  std::vector<NodeSnapshot> BlockingDependents(const std::string& uid) const;
  size_t Size() const;

 private:
  struct Node {
    ObjectReference identity;
    std::set<std::string> dependents;  // uids
    std::vector<OwnerReference> owners;
    bool is_virtual = false;
    bool being_deleted = false;
    bool deleting_dependents = false;
  };

  // All require mu_.
  Node* Find(const std::string& uid);
  NodeSnapshot Snapshot(const Node& n) const;
  std::vector<const Node*> DependentNodes(const Node& n) const;
  void AddDependentToOwners(Node& n, const std::vector<OwnerReference>& owners, GraphActions& out);
  void RemoveDependentFromOwners(const Node& n, const std::vector<OwnerReference>& owners);
  void AddUnblockedOwnersToDeleteQueue(
      const std::vector<OwnerReference>& removed,
      const std::vector<std::pair<OwnerReference, OwnerReference>>& changed, GraphActions& out);
  void ProcessTransitions(const Json* old_obj, const Json& obj, Node& n, GraphActions& out);
  void ReportInvalidNamespaceOwner(const Node& dependent, const std::string& owner_uid,
                                   GraphActions& out) const;
  // Splits dependents by whether their reference to identity.uid matches
  // all of `identity` (a dependent may land in both).
  void PartitionDependents(const std::vector<const Node*>& deps, const ObjectReference& identity,
                           std::vector<const Node*>* matching,
                           std::vector<const Node*>* nonmatching) const;
  std::optional<ObjectReference> AlternateOwnerIdentity(const std::vector<const Node*>& deps,
                                                        const ObjectReference& absent) const;

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<Node>> nodes_;  // guarded by mu_
};

}  // namespace stead::controllers::garbagecollector

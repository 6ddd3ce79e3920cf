#include "controllers/garbagecollector/graph.h"

#include <unordered_map>

namespace stead::controllers::garbagecollector {

namespace {

using OwnerRefPair = std::pair<OwnerReference, OwnerReference>;  // old, new

ObjectReference IdentityFromEvent(const GraphEvent& event) {
  const Json& obj = *event.object;
  return ObjectReference{event.api_version, event.kind, MetaName(obj), MetaUid(obj),
                         MetaNamespace(obj)};
}

// The owner references `now` adds, removes and changes relative to `before`
// (matched by uid).
void ReferencesDiffs(const std::vector<OwnerReference>& before,
                     const std::vector<OwnerReference>& now, std::vector<OwnerReference>* added,
                     std::vector<OwnerReference>* removed, std::vector<OwnerRefPair>* changed) {
  std::unordered_map<std::string, const OwnerReference*> old_by_uid;
  for (const OwnerReference& ref : before) old_by_uid[ref.uid] = &ref;
  for (const OwnerReference& ref : now) {
    auto it = old_by_uid.find(ref.uid);
    if (it == old_by_uid.end()) {
      added->push_back(ref);
      continue;
    }
    if (!(*it->second == ref)) changed->emplace_back(*it->second, ref);
    old_by_uid.erase(it);
  }
  // In the order of `before`, for stable output.
  for (const OwnerReference& ref : before) {
    if (old_by_uid.count(ref.uid)) {
      removed->push_back(ref);
      old_by_uid.erase(ref.uid);
    }
  }
}

// The deletion started (or the finalizer arrived) with this change.
bool DeletionStartsWithFinalizer(const Json* old_obj, const Json& obj, std::string_view finalizer) {
  if (!MetaDeleting(obj) || !HasFinalizer(obj, finalizer)) return false;
  if (old_obj == nullptr) return true;
  return !MetaDeleting(*old_obj) || !HasFinalizer(*old_obj, finalizer);
}

}  // namespace

GraphEvent GraphEvent::VirtualDelete(const ObjectReference& ref) {
  GraphEvent e;
  e.type = Type::kDelete;
  e.is_virtual = true;
  e.api_version = ref.api_version;
  e.kind = ref.kind;
  Json meta = {{"name", ref.name}, {"uid", ref.uid}};
  if (!ref.ns.empty()) meta["namespace"] = ref.ns;
  e.object = std::make_shared<const Json>(Json{{"metadata", std::move(meta)}});
  return e;
}

DependencyGraph::Node* DependencyGraph::Find(const std::string& uid) {
  auto it = nodes_.find(uid);
  return it == nodes_.end() ? nullptr : it->second.get();
}

NodeSnapshot DependencyGraph::Snapshot(const Node& n) const {
  NodeSnapshot s;
  s.identity = n.identity;
  s.owners = n.owners;
  s.observed = !n.is_virtual;
  s.being_deleted = n.being_deleted;
  s.deleting_dependents = n.deleting_dependents;
  s.num_dependents = n.dependents.size();
  return s;
}

std::vector<const DependencyGraph::Node*> DependencyGraph::DependentNodes(const Node& n) const {
  std::vector<const Node*> out;
  out.reserve(n.dependents.size());
  for (const std::string& uid : n.dependents) {
    auto it = nodes_.find(uid);
    if (it != nodes_.end()) out.push_back(it->second.get());
  }
  return out;
}

std::optional<NodeSnapshot> DependencyGraph::Get(const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return std::nullopt;
  return Snapshot(*it->second);
}

std::vector<NodeSnapshot> DependencyGraph::Dependents(const std::string& uid) const {
  std::vector<NodeSnapshot> out;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return out;
  for (const Node* dep : DependentNodes(*it->second)) out.push_back(Snapshot(*dep));
  return out;
}

std::vector<NodeSnapshot> DependencyGraph::BlockingDependents(const std::string& uid) const {
  std::vector<NodeSnapshot> out;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return out;
  for (const Node* dep : DependentNodes(*it->second)) {
    for (const OwnerReference& owner : dep->owners) {
      if (owner.uid == uid && owner.Blocking()) out.push_back(Snapshot(*dep));
    }
  }
  return out;
}

size_t DependencyGraph::Size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return nodes_.size();
}

void DependencyGraph::ReportInvalidNamespaceOwner(const Node& dependent,
                                                  const std::string& owner_uid,
                                                  GraphActions& out) const {
  for (const OwnerReference& ref : dependent.owners) {
    if (ref.uid != owner_uid) continue;
    out.invalid_namespace_owners.push_back(
        {dependent.identity, ObjectReference::Of(ref, dependent.identity.ns)});
    return;
  }
}

void DependencyGraph::AddDependentToOwners(Node& n, const std::vector<OwnerReference>& owners,
                                           GraphActions& out) {
  // Whether some referenced owner is already known under coordinates the
  // reference does not match: the collector then checks the reference.
  bool potentially_invalid = false;
  for (const OwnerReference& owner : owners) {
    Node* owner_node = Find(owner.uid);
    if (owner_node == nullptr) {
      // Not seen yet: a virtual node, which the collector verifies with the
      // API server (a virtual delete event follows if it does not exist).
      auto created = std::make_unique<Node>();
      created->identity = ObjectReference::Of(owner, n.identity.ns);
      created->is_virtual = true;
      created->dependents.insert(n.identity.uid);
      nodes_[owner.uid] = std::move(created);
      out.attempt_to_delete.push_back(owner.uid);
      continue;
    }
    owner_node->dependents.insert(n.identity.uid);
    if (potentially_invalid) continue;
    bool owner_namespaced = !owner_node->identity.ns.empty();
    if (owner_namespaced && owner_node->identity.ns != n.identity.ns) {
      // A namespaced owner in another namespace is certainly wrong once it
      // has been observed; cluster-scoped owners may be referenced from
      // anywhere.
      if (!owner_node->is_virtual) ReportInvalidNamespaceOwner(n, owner.uid, out);
      potentially_invalid = true;
    } else if (!owner_node->identity.MatchesCoordinates(owner)) {
      potentially_invalid = true;
    } else if (!owner_namespaced && owner_node->identity.ns != n.identity.ns &&
               owner_node->is_virtual) {
      // A virtual cluster-scoped owner seen from a namespaced dependent may
      // be a missing namespaced object referenced from a cluster-scoped one.
      potentially_invalid = true;
    }
  }
  if (potentially_invalid) out.attempt_to_delete.push_back(n.identity.uid);
}

void DependencyGraph::RemoveDependentFromOwners(const Node& n,
                                                const std::vector<OwnerReference>& owners) {
  for (const OwnerReference& owner : owners) {
    if (Node* owner_node = Find(owner.uid)) owner_node->dependents.erase(n.identity.uid);
  }
}

void DependencyGraph::AddUnblockedOwnersToDeleteQueue(const std::vector<OwnerReference>& removed,
                                                      const std::vector<OwnerRefPair>& changed,
                                                      GraphActions& out) {
  // An owner waiting for its blocking dependents may be able to go now.
  for (const OwnerReference& ref : removed) {
    if (ref.Blocking() && Find(ref.uid)) out.attempt_to_delete.push_back(ref.uid);
  }
  for (const auto& [before, now] : changed) {
    if (before.Blocking() && !now.Blocking() && Find(now.uid)) {
      out.attempt_to_delete.push_back(now.uid);
    }
  }
}

void DependencyGraph::ProcessTransitions(const Json* old_obj, const Json& obj, Node& n,
                                         GraphActions& out) {
  if (DeletionStartsWithFinalizer(old_obj, obj, kFinalizerOrphanDependents)) {
    out.attempt_to_orphan.push_back(n.identity.uid);
    return;
  }
  if (DeletionStartsWithFinalizer(old_obj, obj, kFinalizerDeleteDependents)) {
    // A node first added as virtual has not had this set.
    n.deleting_dependents = true;
    for (const std::string& dep : n.dependents) out.attempt_to_delete.push_back(dep);
    out.attempt_to_delete.push_back(n.identity.uid);
  }
}

void DependencyGraph::PartitionDependents(const std::vector<const Node*>& deps,
                                          const ObjectReference& identity,
                                          std::vector<const Node*>* matching,
                                          std::vector<const Node*>* nonmatching) const {
  bool owner_namespaced = !identity.ns.empty();
  for (const Node* dep : deps) {
    bool found_match = false;
    bool found_mismatch = false;
    if (owner_namespaced && identity.ns != dep->identity.ns) {
      found_mismatch = true;
    } else {
      for (const OwnerReference& ref : dep->owners) {
        if (ref.uid != identity.uid) continue;
        if (identity.MatchesCoordinates(ref)) {
          found_match = true;
        } else {
          found_mismatch = true;
        }
      }
    }
    if (found_match && matching) matching->push_back(dep);
    if (found_mismatch && nonmatching) nonmatching->push_back(dep);
  }
}

std::optional<ObjectReference> DependencyGraph::AlternateOwnerIdentity(
    const std::vector<const Node*>& deps, const ObjectReference& absent) const {
  bool absent_cluster_scoped = absent.ns.empty();
  std::set<std::string> seen = {absent.Key()};
  std::optional<ObjectReference> first;
  std::optional<ObjectReference> first_following;
  for (const Node* dep : deps) {
    for (const OwnerReference& ref : dep->owners) {
      if (ref.uid != absent.uid) continue;
      if (absent.MatchesCoordinates(ref) &&
          (absent_cluster_scoped || absent.ns == dep->identity.ns)) {
        continue;
      }
      ObjectReference alt = ObjectReference::Of(ref, dep->identity.ns);
      if (absent_cluster_scoped && alt.api_version == absent.api_version &&
          alt.kind == absent.kind) {
        // This apiVersion/kind is known to be cluster-scoped.
        alt.ns.clear();
      }
      if (!seen.insert(alt.Key()).second) continue;
      if (!first || ReferenceLess(alt, *first)) first = alt;
      if (ReferenceLess(absent, alt) &&
          (!first_following || ReferenceLess(alt, *first_following))) {
        first_following = alt;
      }
    }
  }
  return first_following ? first_following : first;
}

GraphActions DependencyGraph::Process(const GraphEvent& event) {
  GraphActions out;
  const Json& obj = *event.object;
  const Json* old_obj = event.old_object ? event.old_object.get() : nullptr;
  std::string uid = MetaUid(obj);
  std::lock_guard<std::mutex> lock(mu_);
  Node* existing = Find(uid);
  if (existing && !event.is_virtual && existing->is_virtual) {
    // First sight of an owner that was known only from references.
    ObjectReference observed = IdentityFromEvent(event);
    if (!(observed == existing->identity)) {
      // Dependents that referred to it under other coordinates: let the
      // collector check them (a no-op if their owners are fine).
      std::vector<const Node*> nonmatching;
      PartitionDependents(DependentNodes(*existing), observed, nullptr, &nonmatching);
      for (const Node* dep : nonmatching) {
        if (!observed.ns.empty() && dep->identity.ns != observed.ns) {
          ReportInvalidNamespaceOwner(*dep, observed.uid, out);
        }
        out.attempt_to_delete.push_back(dep->identity.uid);
      }
      existing->identity = observed;
    }
    existing->is_virtual = false;
  }

  switch (event.type) {
    case GraphEvent::Type::kAdd:
    case GraphEvent::Type::kUpdate: {
      if (existing == nullptr) {
        auto created = std::make_unique<Node>();
        created->identity = IdentityFromEvent(event);
        created->owners = OwnerReference::ListOf(obj);
        created->being_deleted = MetaDeleting(obj);
        created->deleting_dependents =
            created->being_deleted && HasFinalizer(obj, kFinalizerDeleteDependents);
        Node& n = *created;
        nodes_[uid] = std::move(created);
        AddDependentToOwners(n, n.owners, out);
        ProcessTransitions(old_obj, obj, n, out);
        return out;
      }
      if (!event.is_virtual && (existing->identity.api_version != event.api_version ||
                                existing->identity.kind != event.kind)) {
        existing->identity.api_version = event.api_version;
        existing->identity.kind = event.kind;
      }
      std::vector<OwnerReference> owners = OwnerReference::ListOf(obj);
      std::vector<OwnerReference> added, removed;
      std::vector<OwnerRefPair> changed;
      ReferencesDiffs(existing->owners, owners, &added, &removed, &changed);
      if (!added.empty() || !removed.empty() || !changed.empty()) {
        AddUnblockedOwnersToDeleteQueue(removed, changed, out);
        existing->owners = std::move(owners);
        AddDependentToOwners(*existing, added, out);
        RemoveDependentFromOwners(*existing, removed);
      }
      if (MetaDeleting(obj)) existing->being_deleted = true;
      ProcessTransitions(old_obj, obj, *existing, out);
      return out;
    }
    case GraphEvent::Type::kDelete:
      break;
  }

  if (existing == nullptr) return out;
  bool remove = true;
  if (event.is_virtual) {
    ObjectReference deleted = IdentityFromEvent(event);
    std::vector<const Node*> matching, nonmatching;
    if (existing->is_virtual) {
      // Unsure of its coordinates: dependents that name it differently keep
      // the node alive under one of their identities.
      PartitionDependents(DependentNodes(*existing), deleted, &matching, &nonmatching);
      if (!nonmatching.empty()) {
        remove = false;
        if (!matching.empty()) {
          out.absent_owners.push_back(deleted);
          for (const Node* dep : matching) out.attempt_to_delete.push_back(dep->identity.uid);
        }
        if (existing->identity == deleted) {
          if (auto alt = AlternateOwnerIdentity(nonmatching, deleted)) {
            existing->identity = *alt;
            out.attempt_to_delete_rate_limited.push_back(uid);
          }
        }
      }
    } else if (!(existing->identity == deleted)) {
      // An observed node is never removed on a virtual event for other
      // coordinates; only dependents using those coordinates are affected.
      remove = false;
      PartitionDependents(DependentNodes(*existing), deleted, &matching, nullptr);
      if (!matching.empty()) {
        out.absent_owners.push_back(deleted);
        for (const Node* dep : matching) out.attempt_to_delete.push_back(dep->identity.uid);
      }
    }
  }
  if (!remove) return out;

  std::unique_ptr<Node> node = std::move(nodes_[uid]);
  nodes_.erase(uid);
  RemoveDependentFromOwners(*node, node->owners);
  if (!node->dependents.empty()) out.absent_owners.push_back(IdentityFromEvent(event));
  for (const std::string& dep : node->dependents) out.attempt_to_delete.push_back(dep);
  for (const OwnerReference& owner : node->owners) {
    // An owner waiting for its dependents may be able to go now.
    Node* owner_node = Find(owner.uid);
    if (owner_node && owner_node->deleting_dependents) out.attempt_to_delete.push_back(owner.uid);
  }
  return out;
}

}  // namespace stead::controllers::garbagecollector

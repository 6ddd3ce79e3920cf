// The status conditions a terminating namespace carries while the namespace
// controller empties it (upstream pkg/controller/namespace/deletion
// status_condition_utils.go): NamespaceDeletionDiscoveryFailure,
// NamespaceDeletionGroupVersionParsingFailure,
// NamespaceDeletionContentFailure, NamespaceContentRemaining and
// NamespaceFinalizersRemaining, each "False" with an all-is-well reason
// unless a deletion pass found otherwise. Reasons and messages are
// upstream's, byte for byte. A value type; no I/O.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::namespaces {

// What one deletion pass left behind.
struct ContentTotals {
  // "<resource>.<group>" -> instances still present.
  std::map<std::string, int> resources_remaining;
  // finalizer -> instances still carrying it.
  std::map<std::string, int> finalizers_remaining;
};

class DeletionConditions {
 public:
  void ProcessContentTotals(const ContentTotals& totals);
  // An error deleting the content of one resource.
  void ProcessDeleteContentError(std::string message);
  // Brings status.conditions of `ns` up to date (lastTransitionTime moves
  // when a condition's status changes); true if anything changed.
  bool Update(Json& ns, SystemTime now);

 private:
  struct Condition {
    std::string type;
    std::string status;
    std::string reason;
    std::string message;
  };
  std::vector<Condition> conditions_;
  std::vector<std::string> delete_content_errors_;
};

}  // namespace stead::controllers::namespaces

// NamespacedResourcesDeleter: empties a namespace that is being deleted and
// then releases it (upstream pkg/controller/namespace/deletion
// namespaced_resources_deleter.go).
//
// For a namespace with a deletionTimestamp whose spec.finalizers still name
// the token ("kubernetes"):
//   1. its phase is made Terminating if it is not already;
//   2. every namespaced resource the server serves is deleted in it with
//      deletecollection (propagationPolicy Background; pods gracefully —
//      their node removes them), then listed to see what remains;
//   3. the namespace's status conditions report what remains, which
//      finalizers hold it and which deletions failed;
//   4. when nothing remains, the token is removed from spec.finalizers
//      through namespaces/<name>/finalize, upon which the API server removes
//      the namespace if no other finalizer is left.
//
// Thread-safe (stateless between calls); the client must outlive it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "client/client.h"
#include "core/clock.h"
#include "core/result.h"

namespace stead::controllers::namespaces {

class NamespacedResourcesDeleter {
 public:
  NamespacedResourcesDeleter(client::Client* client, const Clock* clock,
                             std::string finalizer_token = "kubernetes");

  // Carries the deletion of namespace `name` as far as it can. Returns 0
  // when there is nothing more to do (finalized, gone, or not being
  // deleted), or an estimate in seconds of how long the remaining content
  // needs to go away (look again later). Errors are worth a retry.
  Result<int64_t> Delete(const std::string& name);

 private:
  struct ResourceRemaining {
    int64_t estimate_seconds = 0;  // 0: no estimate (not "all gone")
    int num_remaining = 0;
    std::map<std::string, int> finalizers_remaining;
  };

  Result<Json> UpdateNamespaceStatus(const Json& ns);
  Result<Json> FinalizeNamespace(const Json& ns);
  // Runs `fn` on the namespace, re-reading it after conflicts.
  Result<Json> RetryOnConflict(Json ns,
                               Result<Json> (NamespacedResourcesDeleter::*fn)(const Json&));
  Result<int64_t> DeleteAllContent(const Json& ns);
  Status DeleteAllContentForResource(const api::ResourceType& type, const std::string& ns,
                                     SystemTime deleted_at, ResourceRemaining* out);
  Status DeleteEachItem(const api::ResourceType& type, const std::string& ns);
  // For pods: the longest grace period of the ones still running, unless
  // the namespace has been terminating for longer than that.
  Result<int64_t> EstimateGracefulTermination(const api::ResourceType& type, const std::string& ns,
                                              SystemTime deleted_at);

  client::Client* const client_;
  const Clock* const clock_;
  const std::string finalizer_token_;
  const api::ResourceType& namespaces_;
};

}  // namespace stead::controllers::namespaces

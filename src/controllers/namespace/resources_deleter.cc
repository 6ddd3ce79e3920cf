#include "controllers/namespace/resources_deleter.h"

#include <algorithm>
#include <set>
#include <vector>

#include "controllers/namespace/deletion_conditions.h"
#include "core/log.h"

namespace stead::controllers::namespaces {

namespace {

constexpr char kLog[] = "namespace-controller";
// Upstream's default wait for finalizers found on remaining content.
constexpr int64_t kFinalizerEstimateSeconds = 15;

bool Finalized(const Json& ns) {
  const Json* f = Lookup(ns, {"spec", "finalizers"});
  return !f || !f->is_array() || f->empty();
}

// Go's %v of a schema.GroupVersionResource.
std::string GvrString(const api::ResourceType& type) {
  return "{" + type.group + " " + type.version + " " + type.plural + "}";
}

// utilerrors.NewAggregate(...).Error().
std::string Aggregate(const std::vector<std::string>& errs) {
  if (errs.size() == 1) return errs[0];
  std::string out = "[";
  for (size_t i = 0; i < errs.size(); ++i) {
    if (i) out += ", ";
    out += errs[i];
  }
  return out + "]";
}

bool NotSupported(const Status& s) { return s.IsNotFound() || s.http_code() == 405; }

client::DeleteOptions Background() {
  // The namespace controller removes everything itself; the garbage
  // collector must not orphan anything on its behalf.
  client::DeleteOptions o;
  o.propagation_policy = "Background";
  return o;
}

}  // namespace

NamespacedResourcesDeleter::NamespacedResourcesDeleter(client::Client* client, const Clock* clock,
                                                       std::string finalizer_token)
    : client_(client),
      clock_(clock),
      finalizer_token_(std::move(finalizer_token)),
      namespaces_(client->Type("", "namespaces")) {}

Result<int64_t> NamespacedResourcesDeleter::Delete(const std::string& name) {
  auto got = client_->Get(namespaces_, "", name);
  if (!got.ok()) {
    if (got.status().IsNotFound()) return int64_t{0};
    return got.status();
  }
  if (!MetaDeleting(**got)) return int64_t{0};
  LOG_DEBUG(kLog, "Namespace controller - syncNamespace",
            {{"namespace", name}, {"finalizerToken", finalizer_token_}});

  auto ns = RetryOnConflict(**got, &NamespacedResourcesDeleter::UpdateNamespaceStatus);
  if (!ns.ok()) {
    if (ns.status().IsNotFound()) return int64_t{0};
    return ns.status();
  }
  if (!MetaDeleting(*ns) || Finalized(*ns)) return int64_t{0};

  STEAD_ASSIGN_OR_RETURN(int64_t estimate, DeleteAllContent(*ns));
  if (estimate > 0) return estimate;

  auto finalized = RetryOnConflict(*ns, &NamespacedResourcesDeleter::FinalizeNamespace);
  // Not found: another controller sharing the token finished it.
  if (!finalized.ok() && !finalized.status().IsNotFound()) return finalized.status();
  return int64_t{0};
}

Result<Json> NamespacedResourcesDeleter::RetryOnConflict(
    Json ns, Result<Json> (NamespacedResourcesDeleter::*fn)(const Json&)) {
  while (true) {
    Result<Json> r = (this->*fn)(ns);
    if (r.ok() || !r.status().IsConflict()) return r;
    STEAD_ASSIGN_OR_RETURN(store::ObjectPtr latest, client_->Get(namespaces_, "", MetaName(ns)));
    if (MetaUid(*latest) != MetaUid(ns)) {
      return Status::Internal("namespace uid has changed across retries");
    }
    ns = *latest;
  }
}

Result<Json> NamespacedResourcesDeleter::UpdateNamespaceStatus(const Json& ns) {
  if (!MetaDeleting(ns) || GetString(ns, {"status", "phase"}) == "Terminating") return ns;
  Json next = ns;
  next["status"]["phase"] = "Terminating";
  return client_->Update(namespaces_, "", std::move(next), {}, client::Subresource::kStatus);
}

Result<Json> NamespacedResourcesDeleter::FinalizeNamespace(const Json& ns) {
  std::set<std::string> keep;  // sorted, as upstream's sets.String
  if (const Json* f = Lookup(ns, {"spec", "finalizers"}); f && f->is_array()) {
    for (const Json& v : *f) {
      if (v.is_string() && v.get<std::string>() != finalizer_token_)
        keep.insert(v.get<std::string>());
    }
  }
  Json finalize = {{"apiVersion", "v1"},
                   {"kind", "Namespace"},
                   {"metadata", ns.value("metadata", Json::object())},
                   {"spec", {{"finalizers", Json(keep)}}}};
  auto r = client_->FinalizeNamespace(std::move(finalize));
  // Already gone: the finalization happened.
  if (!r.ok() && r.status().IsNotFound()) return ns;
  return r;
}

Result<int64_t> NamespacedResourcesDeleter::DeleteAllContent(const Json& ns) {
  std::string name = MetaName(ns);
  SystemTime deleted_at{};
  ParseTime(GetString(ns, {"metadata", "deletionTimestamp"}), &deleted_at);
  LOG_DEBUG(kLog, "namespace controller - deleteAllContent", {{"namespace", name}});

  std::vector<std::string> errs;
  DeletionConditions conditions;
  ContentTotals totals;
  int64_t estimate = 0;
  for (const api::ResourceType& type : client_->registry().All()) {
    if (!type.namespaced) continue;
    ResourceRemaining remaining;
    Status s = DeleteAllContentForResource(type, name, deleted_at, &remaining);
    if (!s.ok()) {
      // Keep going with the other resources.
      errs.push_back(s.message());
      conditions.ProcessDeleteContentError(s.message());
    }
    estimate = std::max(estimate, remaining.estimate_seconds);
    if (remaining.num_remaining > 0) {
      totals.resources_remaining[type.plural + "." + type.group] = remaining.num_remaining;
      for (const auto& [finalizer, n] : remaining.finalizers_remaining) {
        if (n > 0) totals.finalizers_remaining[finalizer] += n;
      }
    }
  }
  conditions.ProcessContentTotals(totals);

  // Always brought up to date: a condition that was failing may be fine now.
  Json next = ns;
  if (conditions.Update(next, clock_->Now())) {
    auto updated =
        client_->Update(namespaces_, "", std::move(next), {}, client::Subresource::kStatus);
    if (!updated.ok()) {
      LOG_ERROR(kLog, "couldn't update status condition for namespace",
                {{"namespace", name}, {"error", updated.status().ToString()}});
    }
  }
  LOG_DEBUG(
      kLog, "namespace controller - deleteAllContent",
      {{"namespace", name}, {"estimate", estimate}, {"errors", static_cast<int64_t>(errs.size())}});
  if (!errs.empty()) return Status::Internal(Aggregate(errs));
  return estimate;
}

Status NamespacedResourcesDeleter::DeleteAllContentForResource(const api::ResourceType& type,
                                                               const std::string& ns,
                                                               SystemTime deleted_at,
                                                               ResourceRemaining* out) {
  STEAD_ASSIGN_OR_RETURN(int64_t estimate, EstimateGracefulTermination(type, ns, deleted_at));
  out->estimate_seconds = estimate;

  auto deleted = client_->DeleteCollection(type, ns, {}, Background());
  if (!deleted.ok()) {
    if (!NotSupported(deleted.status())) return deleted.status();
    STEAD_RETURN_IF_ERROR(DeleteEachItem(type, ns));
  }

  auto listed = client_->List(type, ns);
  if (!listed.ok()) return NotSupported(listed.status()) ? Status::OK() : listed.status();
  if (listed->items.empty()) {
    out->estimate_seconds = 0;
    return Status::OK();
  }
  out->num_remaining = static_cast<int>(listed->items.size());
  for (const store::ObjectPtr& item : listed->items) {
    if (const Json* f = Lookup(*item, {"metadata", "finalizers"}); f && f->is_array()) {
      for (const Json& v : *f) {
        if (v.is_string()) ++out->finalizers_remaining[v.get<std::string>()];
      }
    }
  }
  if (estimate != 0) return Status::OK();
  if (!out->finalizers_remaining.empty()) {
    // Finalizers are a normal reason to wait (e.g. the garbage collector).
    out->estimate_seconds = kFinalizerEstimateSeconds;
    return Status::OK();
  }
  return Status::Internal("unexpected items still remain in namespace: " + ns +
                          " for gvr: " + GvrString(type));
}

Status NamespacedResourcesDeleter::DeleteEachItem(const api::ResourceType& type,
                                                  const std::string& ns) {
  auto listed = client_->List(type, ns);
  if (!listed.ok()) return NotSupported(listed.status()) ? Status::OK() : listed.status();
  for (const store::ObjectPtr& item : listed->items) {
    auto r = client_->Delete(type, ns, MetaName(*item), Background());
    if (!r.ok() && !NotSupported(r.status())) return r.status();
  }
  return Status::OK();
}

Result<int64_t> NamespacedResourcesDeleter::EstimateGracefulTermination(
    const api::ResourceType& type, const std::string& ns, SystemTime deleted_at) {
  if (!type.group.empty() || type.plural != "pods") return int64_t{0};
  STEAD_ASSIGN_OR_RETURN(client::ListResult pods, client_->List(type, ns));
  int64_t estimate = 0;
  for (const store::ObjectPtr& pod : pods.items) {
    std::string phase = GetString(*pod, {"status", "phase"});
    if (phase == "Succeeded" || phase == "Failed") continue;
    if (const Json* grace = Lookup(*pod, {"spec", "terminationGracePeriodSeconds"});
        grace && grace->is_number_integer()) {
      estimate = std::max(estimate, grace->get<int64_t>());
    }
  }
  // Past the estimate already: the pods are late, not pending.
  if (clock_->Now() - deleted_at >= std::chrono::seconds(estimate)) return int64_t{0};
  return estimate;
}

}  // namespace stead::controllers::namespaces

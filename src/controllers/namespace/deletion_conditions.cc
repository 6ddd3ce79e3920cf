#include "controllers/namespace/deletion_conditions.h"

#include <algorithm>

namespace stead::controllers::namespaces {

namespace {

constexpr char kDiscoveryFailure[] = "NamespaceDeletionDiscoveryFailure";
constexpr char kGVParsingFailure[] = "NamespaceDeletionGroupVersionParsingFailure";
constexpr char kContentFailure[] = "NamespaceDeletionContentFailure";
constexpr char kContentRemaining[] = "NamespaceContentRemaining";
constexpr char kFinalizersRemaining[] = "NamespaceFinalizersRemaining";

struct OkCondition {
  const char* type;
  const char* reason;
  const char* message;
};

// In the order upstream maintains them.
constexpr OkCondition kConditionTypes[] = {
    {kDiscoveryFailure, "ResourcesDiscovered", "All resources successfully discovered"},
    {kGVParsingFailure, "ParsedGroupVersions", "All legacy kube types successfully parsed"},
    {kContentFailure, "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"},
    {kContentRemaining, "ContentRemoved", "All content successfully removed"},
    {kFinalizersRemaining, "ContentHasNoFinalizers", "All content-preserving finalizers finished"},
};

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

}  // namespace

void DeletionConditions::ProcessContentTotals(const ContentTotals& totals) {
  if (!totals.resources_remaining.empty()) {
    std::vector<std::string> parts;
    for (const auto& [resource, n] : totals.resources_remaining) {
      if (n == 0) continue;
      parts.push_back(resource + " has " + std::to_string(n) + " resource instances");
    }
    std::sort(parts.begin(), parts.end());
    conditions_.push_back({kContentRemaining, "True", "SomeResourcesRemain",
                           "Some resources are remaining: " + Join(parts)});
  }
  if (!totals.finalizers_remaining.empty()) {
    std::vector<std::string> parts;
    for (const auto& [finalizer, n] : totals.finalizers_remaining) {
      if (n == 0) continue;
      parts.push_back(finalizer + " in " + std::to_string(n) + " resource instances");
    }
    std::sort(parts.begin(), parts.end());
    conditions_.push_back(
        {kFinalizersRemaining, "True", "SomeFinalizersRemain",
         "Some content in the namespace has finalizers remaining: " + Join(parts)});
  }
}

void DeletionConditions::ProcessDeleteContentError(std::string message) {
  delete_content_errors_.push_back(std::move(message));
}

bool DeletionConditions::Update(Json& ns, SystemTime now) {
  auto has = [&](const char* type) {
    return std::any_of(conditions_.begin(), conditions_.end(),
                       [&](const Condition& c) { return c.type == type; });
  };
  if (!has(kContentFailure) && !delete_content_errors_.empty()) {
    std::vector<std::string> msgs = delete_content_errors_;
    std::sort(msgs.begin(), msgs.end());
    conditions_.push_back({kContentFailure, "True", "ContentDeletionFailed",
                           "Failed to delete all resource types, " + std::to_string(msgs.size()) +
                               " remaining: " + Join(msgs)});
  }

  Json& conditions = Ensure(ns, {"status"})["conditions"];
  if (!conditions.is_array()) conditions = Json::array();
  std::string stamp = FormatTime(now);
  bool changed = false;
  for (const OkCondition& ok : kConditionTypes) {
    Condition want{ok.type, "False", ok.reason, ok.message};
    for (const Condition& c : conditions_) {
      if (c.type == ok.type) {
        want = c;
        break;
      }
    }
    Json* existing = nullptr;
    for (Json& c : conditions) {
      if (GetString(c, {"type"}) == want.type) {
        existing = &c;
        break;
      }
    }
    if (existing == nullptr) {
      conditions.push_back({{"type", want.type},
                            {"status", want.status},
                            {"lastTransitionTime", stamp},
                            {"reason", want.reason},
                            {"message", want.message}});
      changed = true;
      continue;
    }
    Json& c = *existing;
    if (GetString(c, {"status"}) == want.status && GetString(c, {"reason"}) == want.reason &&
        GetString(c, {"message"}) == want.message) {
      continue;
    }
    if (GetString(c, {"status"}) != want.status) c["lastTransitionTime"] = stamp;
    c["status"] = want.status;
    c["reason"] = want.reason;
    c["message"] = want.message;
    changed = true;
  }
  return changed;
}

}  // namespace stead::controllers::namespaces

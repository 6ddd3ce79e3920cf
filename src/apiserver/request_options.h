// Options of API requests (the query parameters of list, watch, write and
// delete calls), shared by the HTTP handlers and the in-process client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace stead::apiserver {

enum class FieldValidation { kIgnore, kWarn, kStrict };

// Parses the fieldValidation query value ("" -> Warn, the upstream default).
Result<FieldValidation> ParseFieldValidation(const std::string& value);

struct WriteOptions {
  bool dry_run = false;
  std::string field_manager;
  FieldValidation field_validation = FieldValidation::kWarn;
  // Force ownership of conflicting fields (server-side apply).
  bool force = false;
  // The client's User-Agent: names the field manager of a write that has no
  // fieldManager ("kubectl/v1.32.0 ..." -> "kubectl").
  std::string user_agent;
};

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  int64_t limit = 0;
  std::string continue_token;
  std::string resource_version;
  std::string resource_version_match;  // "", "NotOlderThan", "Exact"
  // Watch only.
  bool allow_watch_bookmarks = false;
  int64_t timeout_seconds = 0;
  std::optional<bool> send_initial_events;
};

struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds;
  std::string precondition_uid;
  std::string precondition_resource_version;
  std::string propagation_policy;  // "", "Orphan", "Background", "Foreground"
  std::optional<bool> orphan_dependents;
  bool dry_run = false;

  // Merges a DeleteOptions JSON body (metav1.DeleteOptions) into these
  // options; body fields win over query parameters as upstream.
  Status MergeBody(const Json& body);
};

}  // namespace stead::apiserver

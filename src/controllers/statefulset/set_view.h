// SetView: the fields of an apps/v1 StatefulSet that the reconcile core
// reads, extracted once from the (already defaulted) JSON object so that the
// rules below read like the spec instead of like JSON lookups. Absent fields
// take the values upstream's defaulting would have given them (D1–D7), so a
// view of an undefaulted object behaves like the defaulted one.
//
// The view keeps a pointer to the JSON it was built from (for the template
// and claim templates); the JSON must outlive it. Immutable value type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"

namespace stead::controllers::statefulset {

enum class PodManagementPolicy { kOrderedReady, kParallel };
enum class UpdateStrategyType { kRollingUpdate, kOnDelete };
enum class RetentionPolicy { kRetain, kDelete };

struct SetView {
  const Json* object = nullptr;

  std::string name;
  std::string namespace_;
  std::string uid;
  int64_t generation = 0;
  bool deleting = false;  // metadata.deletionTimestamp is set

  int32_t replicas = 1;
  int32_t start_ordinal = 0;  // spec.ordinals.start
  int32_t min_ready_seconds = 0;
  int32_t revision_history_limit = 10;
  std::string service_name;
  PodManagementPolicy pod_management = PodManagementPolicy::kOrderedReady;
  UpdateStrategyType strategy = UpdateStrategyType::kRollingUpdate;
  // spec.updateStrategy.rollingUpdate is present (U2 distinguishes a nil
  // block from partition 0).
  bool has_rolling_update = false;
  int32_t partition = 0;
  Json max_unavailable;  // null when absent (then 1)
  RetentionPolicy when_deleted = RetentionPolicy::kRetain;
  RetentionPolicy when_scaled = RetentionPolicy::kRetain;

  // The last status the controller (or anyone) wrote.
  int32_t status_current_replicas = 0;
  std::string status_current_revision;
  int32_t collision_count = 0;

  const Json& pod_template() const;     // spec.template ({} when absent)
  const Json& claim_templates() const;  // spec.volumeClaimTemplates ([] when absent)
  const Json& selector() const;         // spec.selector (null when absent)
  const Json& status() const;           // status ({} when absent)
  const Json& annotations() const;      // metadata.annotations ({} when absent)

  bool monotonic() const { return pod_management != PodManagementPolicy::kParallel; }
  int32_t end_ordinal() const { return start_ordinal + replicas - 1; }
  bool InRange(int ordinal) const { return ordinal >= start_ordinal && ordinal <= end_ordinal(); }
};

SetView MakeSetView(const Json& set);

}  // namespace stead::controllers::statefulset

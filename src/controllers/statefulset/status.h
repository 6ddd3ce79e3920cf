// StatefulSet status (S-rules): counting pods into replicas / ready /
// available / current / updated (S2–S6), completing an update (U10), the
// write policy (S10) and the JSON shape written to /status (S11, with
// foreign conditions preserved as in 1.37, S9).
//
// Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "controllers/statefulset/set_view.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::statefulset {

struct SetStatus {
  int64_t observed_generation = 0;
  int32_t replicas = 0;
  int32_t ready_replicas = 0;
  int32_t available_replicas = 0;
  int32_t current_replicas = 0;
  int32_t updated_replicas = 0;
  std::string current_revision;
  std::string update_revision;
  int32_t collision_count = 0;
};

// Recounts the five counters from `pods` (placeholders, i.e. pods with no
// phase, count for nothing), keeping the other fields.
void CountPods(SetStatus& status, const std::vector<const Json*>& pods, int32_t min_ready_seconds,
               SystemTime now);

// U10, for every strategy (1.36+): once every desired replica exists, is
// updated and ready, the update revision becomes the current one.
void CompleteUpdate(const SetView& set, SetStatus& status);

// S10: true when `status` differs from the stored status in a field that
// justifies a write (observedGeneration only when it grew).
bool StatusNeedsWrite(const SetView& set, const SetStatus& status);

// The status object to PUT: S11 field presence, collisionCount always,
// conditions carried over from the stored status.
Json StatusToJson(const SetView& set, const SetStatus& status);

}  // namespace stead::controllers::statefulset

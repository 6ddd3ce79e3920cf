// SlowStartBatch (k8s.io/kubernetes pkg/controller/replicaset): calls `fn`
// `count` times in batches that start at `initial_batch_size` and double
// after every batch without a failure; the calls of one batch run in
// parallel. The first failing batch ends it, so a controller facing a
// persistent error (quota, admission) makes a handful of requests instead
// of hundreds. Returns how many calls succeeded and the first error.
//
// Thread-safe if `fn` is.
#pragma once

#include <functional>

#include "core/status.h"

namespace stead::controllers {

// upstream's SlowStartInitialBatchSize.
inline constexpr int kSlowStartInitialBatchSize = 1;

struct SlowStartResult {
  int successes = 0;
  Status error;
};

SlowStartResult SlowStartBatch(int count, int initial_batch_size,
                               const std::function<Status()>& fn);

}  // namespace stead::controllers

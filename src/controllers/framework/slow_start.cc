#include "controllers/framework/slow_start.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "controllers/framework/parallelize.h"

namespace stead::controllers {
namespace {

// Parallel calls of one batch are spread over at most this many threads.
constexpr int kMaxParallel = 16;

}  // namespace

SlowStartResult SlowStartBatch(int count, int initial_batch_size,
                               const std::function<Status()>& fn) {
  SlowStartResult result;
  int remaining = count;
  for (int batch = std::min(remaining, initial_batch_size); batch > 0;
       batch = std::min(2 * batch, remaining)) {
    std::atomic<int> failures{0};
    std::mutex mu;
    Status first_error;
    ParallelizeUntil(kMaxParallel, batch, [&](int) {
      Status st = fn();
      if (st.ok()) return;
      failures.fetch_add(1);
      std::lock_guard<std::mutex> lock(mu);
      if (first_error.ok()) first_error = st;
    });
    result.successes += batch - failures.load();
    if (failures.load() > 0) {
      result.error = first_error;
      return result;
    }
    remaining -= batch;
  }
  return result;
}

}  // namespace stead::controllers

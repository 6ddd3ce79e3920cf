#include "controllers/framework/slow_start.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

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
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    std::mutex mu;
    Status first_error;
    auto worker = [&] {
      while (next.fetch_add(1) < batch) {
        Status st = fn();
        if (st.ok()) continue;
        failures.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = st;
      }
    };
    int threads = std::min(batch, kMaxParallel);
    if (threads == 1) {
      worker();
    } else {
      std::vector<std::thread> pool;
      for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
      for (std::thread& t : pool) t.join();
    }
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

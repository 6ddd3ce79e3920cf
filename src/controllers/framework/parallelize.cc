#include "controllers/framework/parallelize.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace stead::controllers {

void ParallelizeUntil(int workers, int pieces, const std::function<void(int piece)>& fn) {
  if (pieces <= 0) return;
  std::atomic<int> next{0};
  auto work = [&] {
    for (int piece; (piece = next.fetch_add(1)) < pieces;) fn(piece);
  };
  int threads = std::min(std::max(workers, 1), pieces);
  if (threads == 1) {
    work();
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (int i = 0; i < threads; ++i) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
}

}  // namespace stead::controllers

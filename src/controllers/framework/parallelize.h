// ParallelizeUntil (client-go util/workqueue): runs fn(0..pieces-1) on at
// most `workers` threads and returns when every piece is done. The calling
// thread does the work itself when one worker suffices.
//
// Thread-safe if `fn` is.
#pragma once

#include <functional>

namespace stead::controllers {

void ParallelizeUntil(int workers, int pieces, const std::function<void(int piece)>& fn);

}  // namespace stead::controllers

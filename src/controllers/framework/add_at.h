// AddAt: queues a key for an absolute time on the queue's clock.
//
// RateLimitingQueue::AddAfter takes a delay that the queue adds to its own
// reading of the clock. A caller that computed the delay from an earlier
// reading would be late by however much the clock moved in between — with a
// FakeClock, by a whole Advance() of the test, so the key would never come
// due. AddAt re-adds the key until the clock reads the same before and after
// the call (the earliest pending time of a key wins, so re-adding only
// corrects), bounded to a few rounds for a real clock, where the drift is
// microseconds.
#pragma once

#include "client/workqueue.h"
#include "core/clock.h"

namespace stead::controllers {

inline void AddAt(client::RateLimitingQueue& queue, const Clock& clock, const std::string& key,
                  SystemTime when) {
  SystemTime before = clock.Now();
  for (int round = 0; round < 3; ++round) {
    queue.AddAfter(key, std::max(when - before, SystemTime::duration::zero()));
    SystemTime after = clock.Now();
    if (after == before) return;
    before = after;
  }
}

}  // namespace stead::controllers

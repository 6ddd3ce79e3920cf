// WatchHub: the registry of active watches of one store and the fan-out of
// committed events to them. It is the part of the Store contract every
// backend shares: no gaps or duplicates between history and live events,
// revision order, and delivery on one thread (the store's committer) so that
// callbacks for a batch run before its writers are acknowledged.
//
// Protocol (see Committer, the only user):
//  1. Watch(): Register() fixes the revision R the watch is live from; the
//     caller reads history (after, R] from the backend and passes it to
//     Activate(), or calls Abandon() on error. Events published meanwhile are
//     queued behind the history.
//  2. Committer thread: Publish() after each durable commit, then Deliver()
//     before acknowledging the writers.
//
// Thread-safe. Handles may outlive the hub; destroying a handle waits for an
// in-flight callback of that watch unless called from inside a callback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/store.h"

namespace stead::store {

class WatchHub : public std::enable_shared_from_this<WatchHub> {
 public:
  struct Watcher;

  // `revision` is the last committed revision. `wakeup` is called (without
  // hub locks held) when a watcher becomes deliverable outside Publish(), so
  // the delivering thread runs Deliver() soon.
  WatchHub(int64_t revision, std::function<void()> wakeup);
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  struct Registration {
    std::shared_ptr<Watcher> watcher;
    int64_t live_from = 0;  // history must cover (after_revision, live_from]
  };
  Registration Register(std::string_view prefix, int64_t after_revision, EventsCallback callback);
  // Queues `history` ahead of any live events and returns the handle.
  std::unique_ptr<WatchHandle> Activate(const std::shared_ptr<Watcher>& watcher,
                                        std::vector<Event> history);
  void Abandon(const std::shared_ptr<Watcher>& watcher);

  // Committer thread only. `events` are in revision order, the last one has
  // revision `revision`.
  void Publish(int64_t revision, const std::vector<Event>& events);
  // Runs the callbacks of every active watcher with queued events.
  void Deliver();
  // The thread that runs Deliver(); handles destroyed on it do not wait.
  void SetDeliveryThread(std::thread::id id);

  int64_t revision() const;

 private:
  class Handle;
  void Remove(const std::shared_ptr<Watcher>& watcher);
  bool OnDeliveryThread() const;

  const std::function<void()> wakeup_;

  mutable std::mutex mu_;
  // Protected by mu_.
  int64_t revision_;
  std::vector<std::shared_ptr<Watcher>> watchers_;
  std::thread::id delivery_thread_;
};

}  // namespace stead::store

#include "store/watch_hub.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <utility>

namespace stead::store {

struct WatchHub::Watcher {
  Watcher(std::string_view p, int64_t a, EventsCallback cb)
      : prefix(p), after_revision(a), callback(std::move(cb)) {}

  const std::string prefix;
  const int64_t after_revision;
  const EventsCallback callback;

  // Protected by the hub's mu_. Events wait here until the watcher is
  // activated (its history is known) and then until Deliver() runs.
  bool activated = false;
  std::vector<Event> queue;

  // Held while the callback runs, so a handle destroyed on another thread
  // waits for an in-flight callback.
  std::mutex callback_mu;
  std::atomic<bool> active{true};
};

class WatchHub::Handle final : public WatchHandle {
 public:
  Handle(std::weak_ptr<WatchHub> hub, std::shared_ptr<Watcher> watcher)
      : hub_(std::move(hub)), watcher_(std::move(watcher)) {}

  ~Handle() override {
    std::shared_ptr<WatchHub> hub = hub_.lock();
    if (hub == nullptr) {
      // The store is gone and so is its delivery thread.
      watcher_->active = false;
      return;
    }
    if (hub->OnDeliveryThread()) {
      // Inside a callback (maybe this watch's own): callback_mu may be held
      // by this very thread, and nothing else can be in flight.
      watcher_->active = false;
    } else {
      std::lock_guard<std::mutex> lock(watcher_->callback_mu);
      watcher_->active = false;
    }
    hub->Remove(watcher_);
  }

 private:
  const std::weak_ptr<WatchHub> hub_;
  const std::shared_ptr<Watcher> watcher_;
};

WatchHub::WatchHub(int64_t revision, std::function<void()> wakeup)
    : wakeup_(std::move(wakeup)), revision_(revision) {}

WatchHub::Registration WatchHub::Register(std::string_view prefix, int64_t after_revision,
                                          EventsCallback callback) {
  auto watcher = std::make_shared<Watcher>(prefix, after_revision, std::move(callback));
  std::lock_guard<std::mutex> lock(mu_);
  watchers_.push_back(watcher);
  return Registration{watcher, revision_};
}

std::unique_ptr<WatchHandle> WatchHub::Activate(const std::shared_ptr<Watcher>& watcher,
                                                std::vector<Event> history) {
  bool deliverable;
  {
    std::lock_guard<std::mutex> lock(mu_);
    history.insert(history.end(), std::make_move_iterator(watcher->queue.begin()),
                   std::make_move_iterator(watcher->queue.end()));
    watcher->queue = std::move(history);
    watcher->activated = true;
    deliverable = !watcher->queue.empty();
  }
  if (deliverable) wakeup_();
  return std::make_unique<Handle>(weak_from_this(), watcher);
}

void WatchHub::Abandon(const std::shared_ptr<Watcher>& watcher) {
  watcher->active = false;
  Remove(watcher);
}

void WatchHub::Remove(const std::shared_ptr<Watcher>& watcher) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find(watchers_.begin(), watchers_.end(), watcher);
  if (it != watchers_.end()) watchers_.erase(it);
}

void WatchHub::Publish(int64_t revision, const std::vector<Event>& events) {
  std::lock_guard<std::mutex> lock(mu_);
  revision_ = revision;
  for (const auto& watcher : watchers_) {
    for (const Event& event : events) {
      // A watcher may have been registered from a revision newer than the
      // hub's (a List saw a commit not yet published): skip what it has seen.
      if (event.kv.mod_revision <= watcher->after_revision) continue;
      if (!event.kv.key.starts_with(watcher->prefix)) continue;
      watcher->queue.push_back(event);
    }
  }
}

void WatchHub::Deliver() {
  std::vector<std::pair<std::shared_ptr<Watcher>, std::vector<Event>>> work;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& watcher : watchers_) {
      if (!watcher->activated || watcher->queue.empty()) continue;
      work.emplace_back(watcher, std::move(watcher->queue));
      watcher->queue.clear();
    }
  }
  for (auto& [watcher, events] : work) {
    std::lock_guard<std::mutex> lock(watcher->callback_mu);
    if (watcher->active) watcher->callback(events);
  }
}

void WatchHub::SetDeliveryThread(std::thread::id id) {
  std::lock_guard<std::mutex> lock(mu_);
  delivery_thread_ = id;
}

bool WatchHub::OnDeliveryThread() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delivery_thread_ == std::this_thread::get_id();
}

int64_t WatchHub::revision() const {
  std::lock_guard<std::mutex> lock(mu_);
  return revision_;
}

}  // namespace stead::store

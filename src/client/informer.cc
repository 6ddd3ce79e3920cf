#include "client/informer.h"

#include <algorithm>

#include "client/object_key.h"
#include "core/log.h"

namespace stead::client {

namespace {

constexpr std::chrono::milliseconds kInitialBackoff{800};
constexpr std::chrono::seconds kMaxBackoff{30};

Status StatusOfErrorEvent(const WatchEvent& event) {
  if (!event.object) return Status::Internal("watch ended");
  const Json& body = *event.object;
  Status s = Status::FromJson(body, static_cast<int>(GetInt(body, {"code"}, 500)));
  return s.ok() ? Status::Internal("watch ended") : s;
}

}  // namespace

SharedInformer::SharedInformer(Client* client, const api::ResourceType& type, const Clock* clock,
                               std::chrono::milliseconds resync_period)
    : client_(client), type_(type), clock_(clock), resync_period_(resync_period) {
  indices_[kNamespaceIndex].fn = [](const Json& obj) {
    return std::vector<std::string>{MetaNamespace(obj)};
  };
}

SharedInformer::~SharedInformer() { Stop(); }

SharedInformer::HandlerId SharedInformer::AddEventHandler(ResourceEventHandler handler) {
  auto h = std::make_shared<Handler>();
  h->fns = std::move(handler);
  std::lock_guard<std::mutex> lock(mu_);
  h->id = next_handler_id_++;
  // Registration goes through the delivery queue so that the handler sees
  // the cache as of this point, then every later event, with nothing lost
  // or doubled in between.
  Pending p;
  p.kind = Pending::Kind::kAddHandler;
  p.handler = h;
  pending_.push_back(std::move(p));
  cv_.notify_all();
  return h->id;
}

void SharedInformer::RemoveEventHandler(HandlerId id) {
  bool on_delivery_thread;
  {
    std::lock_guard<std::mutex> lock(mu_);
    on_delivery_thread = delivery_thread_ == std::this_thread::get_id();
    std::erase_if(pending_, [&](const Pending& p) {
      return p.kind == Pending::Kind::kAddHandler && p.handler->id == id;
    });
    delivered_.erase(id);
  }
  if (on_delivery_thread) {
    // Inside a handler: dispatch_mu_ is held by this thread and handlers_
    // is being iterated, so only mark it.
    for (auto& h : handlers_) {
      if (h->id == id) h->removed = true;
    }
    return;
  }
  std::lock_guard<std::mutex> d(dispatch_mu_);
  std::erase_if(handlers_, [&](const std::shared_ptr<Handler>& h) { return h->id == id; });
}

Status SharedInformer::AddIndexer(const std::string& name, IndexFunc fn) {
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  if (indices_.count(name)) return Status::AlreadyExists("indexer conflict: " + name);
  Index& index = indices_[name];
  index.fn = std::move(fn);
  for (const auto& [key, obj] : items_) IndexLocked(index, key, *obj, true);
  return Status::OK();
}

void SharedInformer::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  delivery_thread_ = thread_.get_id();
}

void SharedInformer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool SharedInformer::HasSynced() const {
  std::lock_guard<std::mutex> lock(mu_);
  return synced_;
}

bool SharedInformer::HandlerSynced(HandlerId id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return synced_ && delivered_.count(id) > 0;
}

bool SharedInformer::WaitForSync(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return synced_; });
}

std::string SharedInformer::LastSyncResourceVersion() const {
  std::shared_lock<std::shared_mutex> lock(cache_mu_);
  return last_rv_;
}

ObjectPtr SharedInformer::Get(std::string_view ns, std::string_view name) const {
  return GetByKey(MetaNamespaceKey(type_.namespaced ? ns : "", name));
}

ObjectPtr SharedInformer::GetByKey(std::string_view key) const {
  std::shared_lock<std::shared_mutex> lock(cache_mu_);
  auto it = items_.find(key);
  return it == items_.end() ? nullptr : it->second;
}

std::vector<ObjectPtr> SharedInformer::List(std::string_view ns,
                                            const LabelSelector& selector) const {
  std::vector<ObjectPtr> out;
  auto matches = [&](const ObjectPtr& obj) {
    return selector.Empty() || selector.Matches(MetaLabels(*obj));
  };
  std::shared_lock<std::shared_mutex> lock(cache_mu_);
  if (ns.empty()) {
    for (const auto& [key, obj] : items_) {
      if (matches(obj)) out.push_back(obj);
    }
    return out;
  }
  const Index& index = indices_.find(kNamespaceIndex)->second;
  auto keys = index.values.find(ns);
  if (keys == index.values.end()) return out;
  for (const std::string& key : keys->second) {
    const ObjectPtr& obj = items_.find(key)->second;
    if (matches(obj)) out.push_back(obj);
  }
  return out;
}

std::vector<std::string> SharedInformer::ListKeys() const {
  std::shared_lock<std::shared_mutex> lock(cache_mu_);
  std::vector<std::string> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(key);
  return out;
}

std::vector<ObjectPtr> SharedInformer::ByIndex(const std::string& index_name,
                                               const std::string& value) const {
  std::vector<ObjectPtr> out;
  std::shared_lock<std::shared_mutex> lock(cache_mu_);
  auto index = indices_.find(index_name);
  if (index == indices_.end()) return out;
  auto keys = index->second.values.find(value);
  if (keys == index->second.values.end()) return out;
  for (const std::string& key : keys->second) out.push_back(items_.find(key)->second);
  return out;
}

void SharedInformer::IndexLocked(Index& index, const std::string& key, const Json& obj, bool add) {
  for (const std::string& value : index.fn(obj)) {
    if (add) {
      index.values[value].insert(key);
      continue;
    }
    auto it = index.values.find(value);
    if (it == index.values.end()) continue;
    it->second.erase(key);
    if (it->second.empty()) index.values.erase(it);
  }
}

ObjectPtr SharedInformer::Store(const std::string& key, const ObjectPtr& obj, bool advance_rv) {
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  ObjectPtr& slot = items_[key];
  ObjectPtr old = slot;
  for (auto& [name, index] : indices_) {
    if (old) IndexLocked(index, key, *old, false);
    IndexLocked(index, key, *obj, true);
  }
  slot = obj;
  if (advance_rv) last_rv_ = MetaResourceVersion(*obj);
  return old;
}

ObjectPtr SharedInformer::Remove(const std::string& key, const std::string& resource_version) {
  std::unique_lock<std::shared_mutex> lock(cache_mu_);
  if (!resource_version.empty()) last_rv_ = resource_version;
  auto it = items_.find(key);
  if (it == items_.end()) return nullptr;
  ObjectPtr old = std::move(it->second);
  items_.erase(it);
  for (auto& [name, index] : indices_) IndexLocked(index, key, *old, false);
  return old;
}

void SharedInformer::Notify(const std::function<void(const ResourceEventHandler&)>& call) {
  std::lock_guard<std::mutex> d(dispatch_mu_);
  for (size_t i = 0; i < handlers_.size(); ++i) {
    // Index-based: a handler may mark handlers removed, never add them.
    if (!handlers_[i]->removed) call(handlers_[i]->fns);
  }
  std::erase_if(handlers_, [](const std::shared_ptr<Handler>& h) { return h->removed; });
}

void SharedInformer::AddHandlerNow(const std::shared_ptr<Handler>& handler) {
  std::vector<ObjectPtr> existing;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    existing.reserve(items_.size());
    for (const auto& [key, obj] : items_) existing.push_back(obj);
  }
  std::lock_guard<std::mutex> d(dispatch_mu_);
  // Listed first so that it can remove itself from inside on_add.
  handlers_.push_back(handler);
  for (const ObjectPtr& obj : existing) {
    if (handler->removed) break;
    if (handler->fns.on_add) handler->fns.on_add(obj);
  }
  if (handler->removed) {
    handlers_.pop_back();
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  delivered_.insert(handler->id);
}

Status SharedInformer::OpenWatch(const std::string& resource_version) {
  uint64_t epoch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    epoch = ++epoch_;  // whatever the old stream still sends is dropped
  }
  watch_.reset();
  ListOptions options;
  options.allow_watch_bookmarks = true;
  if (resource_version.empty()) {
    options.send_initial_events = true;
    options.resource_version_match = "NotOlderThan";
  } else {
    options.resource_version = resource_version;
  }
  auto sink = [this, epoch](const WatchEvent& event) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || epoch != epoch_) return;
    Pending p;
    p.epoch = epoch;
    p.event = event;
    pending_.push_back(std::move(p));
    cv_.notify_all();
  };
  STEAD_ASSIGN_OR_RETURN(watch_, client_->Watch(type_, "", options, std::move(sink)));
  if (resource_version.empty()) {
    in_initial_state_ = true;
    relist_seen_.clear();
  }
  return Status::OK();
}

void SharedInformer::HandleEvent(const WatchEvent& event) {
  switch (event.type) {
    case WatchEvent::Type::kAdded:
    case WatchEvent::Type::kModified: {
      const ObjectPtr& obj = event.object;
      std::string key = MetaNamespaceKey(*obj);
      if (in_initial_state_) relist_seen_.insert(key);
      ObjectPtr old = Store(key, obj, !in_initial_state_);
      if (old) {
        Notify([&](const ResourceEventHandler& h) {
          if (h.on_update) h.on_update(old, obj);
        });
      } else {
        Notify([&](const ResourceEventHandler& h) {
          if (h.on_add) h.on_add(obj);
        });
      }
      return;
    }
    case WatchEvent::Type::kDeleted: {
      const ObjectPtr& obj = event.object;
      Remove(MetaNamespaceKey(*obj), MetaResourceVersion(*obj));
      Notify([&](const ResourceEventHandler& h) {
        if (h.on_delete) h.on_delete(obj);
      });
      return;
    }
    case WatchEvent::Type::kBookmark:
      if (!event.bookmark_revision.empty()) {
        std::unique_lock<std::shared_mutex> lock(cache_mu_);
        last_rv_ = event.bookmark_revision;
      }
      if (event.initial_events_end && in_initial_state_) FinishInitialState();
      return;
    case WatchEvent::Type::kError:
      return;  // handled by Run
  }
}

void SharedInformer::FinishInitialState() {
  // Objects cached before the relist that it did not list again are gone.
  std::vector<std::string> vanished;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    for (const auto& [key, obj] : items_) {
      if (!relist_seen_.count(key)) vanished.push_back(key);
    }
  }
  for (const std::string& key : vanished) {
    ObjectPtr obj = Remove(key, "");
    Notify([&](const ResourceEventHandler& h) {
      if (h.on_delete) h.on_delete(obj);
    });
  }
  in_initial_state_ = false;
  relist_seen_.clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    synced_ = true;
  }
  cv_.notify_all();
}

void SharedInformer::Resync() {
  std::vector<ObjectPtr> all;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    all.reserve(items_.size());
    for (const auto& [key, obj] : items_) all.push_back(obj);
  }
  for (const ObjectPtr& obj : all) {
    Notify([&](const ResourceEventHandler& h) {
      if (h.on_update) h.on_update(obj, obj);
    });
  }
}

void SharedInformer::Run() {
  const bool resync = resync_period_.count() > 0;
  const auto resync_period = std::chrono::duration_cast<SystemTime::duration>(resync_period_);
  SystemTime next_resync = clock_->Now() + resync_period;
  bool need_watch = true;
  std::string from_rv;  // "" = relist
  std::chrono::milliseconds backoff = kInitialBackoff;
  while (true) {
    if (need_watch) {
      Status s = OpenWatch(from_rv);
      if (s.ok()) {
        need_watch = false;
        backoff = kInitialBackoff;
      } else if (s.IsExpired() && !from_rv.empty()) {
        from_rv.clear();  // too old to resume: relist at once
        continue;
      } else {
        LOG_WARN("informer", "watch failed, retrying",
                 {{"resource", type_.GroupResource()},
                  {"error", s.ToString()},
                  {"backoff_ms", static_cast<int64_t>(backoff.count())}});
        std::unique_lock<std::mutex> lock(mu_);
        SystemTime until = clock_->Now() + backoff;
        while (!stopping_ && clock_->Now() < until) clock_->WaitUntil(cv_, lock, until);
        if (stopping_) break;
        backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
        continue;
      }
    }
    Pending item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      while (!stopping_ && pending_.empty()) {
        if (!resync || !synced_) {
          cv_.wait(lock);
        } else if (clock_->Now() >= next_resync) {
          break;
        } else {
          clock_->WaitUntil(cv_, lock, next_resync);
        }
      }
      if (stopping_) break;
      if (pending_.empty()) {
        lock.unlock();
        Resync();
        next_resync = clock_->Now() + resync_period;
        continue;
      }
      item = std::move(pending_.front());
      pending_.pop_front();
      if (item.kind == Pending::Kind::kEvent && item.epoch != epoch_) continue;
    }
    if (item.kind == Pending::Kind::kAddHandler) {
      AddHandlerNow(item.handler);
      continue;
    }
    if (item.event.type != WatchEvent::Type::kError) {
      HandleEvent(item.event);
      continue;
    }
    Status why = StatusOfErrorEvent(item.event);
    // A watch that broke during its initial state has no consistent point
    // to resume from.
    from_rv = why.IsExpired() || in_initial_state_ ? "" : LastSyncResourceVersion();
    LOG_INFO("informer", "watch ended, restarting",
             {{"resource", type_.GroupResource()},
              {"error", why.ToString()},
              {"resourceVersion", from_rv}});
    need_watch = true;
  }
  watch_.reset();
  std::lock_guard<std::mutex> lock(mu_);
  pending_.clear();
}

SharedInformerFactory::SharedInformerFactory(Client* client, const Clock* clock, Options options)
    : client_(client), clock_(clock), options_(options) {}

SharedInformerFactory::SharedInformerFactory(Client* client, const Clock* clock)
    : SharedInformerFactory(client, clock, Options()) {}

SharedInformerFactory::~SharedInformerFactory() { Shutdown(); }

SharedInformer& SharedInformerFactory::For(const api::ResourceType& type) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = informers_[type.GroupResource()];
  if (!slot) {
    slot = std::make_unique<SharedInformer>(client_, type, clock_, options_.resync_period);
  }
  return *slot;
}

SharedInformer& SharedInformerFactory::For(std::string_view group, std::string_view plural) {
  return For(client_->Type(group, plural));
}

void SharedInformerFactory::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, informer] : informers_) {
    if (std::find(started_.begin(), started_.end(), informer.get()) != started_.end()) continue;
    informer->Start();
    started_.push_back(informer.get());
  }
}

bool SharedInformerFactory::WaitForCacheSync(std::chrono::milliseconds timeout) {
  std::vector<SharedInformer*> started;
  {
    std::lock_guard<std::mutex> lock(mu_);
    started = started_;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (SharedInformer* informer : started) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!informer->WaitForSync(std::max(left, std::chrono::milliseconds::zero()))) return false;
  }
  return true;
}

void SharedInformerFactory::Shutdown() {
  std::vector<SharedInformer*> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [name, informer] : informers_) all.push_back(informer.get());
  }
  for (SharedInformer* informer : all) informer->Stop();
}

}  // namespace stead::client

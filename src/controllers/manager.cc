#include "controllers/manager.h"

#include "core/log.h"

namespace stead::controllers {

ControllerManager::ControllerManager(apiserver::ResourceStore* resources, const Clock* clock,
                                     MetricsRegistry* metrics, Options options)
    : options_(std::move(options)), clock_(clock) {
  client_ = std::make_unique<client::LocalClient>(resources, "stead-controller-manager");
  informers_ = std::make_unique<client::SharedInformerFactory>(client_.get(), clock);
  events_ = std::make_unique<client::EventBroadcaster>(client_.get(), clock);
  controller_metrics_ = std::make_unique<ControllerMetrics>(*metrics);
  context_.client = client_.get();
  context_.informers = informers_.get();
  context_.events = events_.get();
  context_.clock = clock;
  context_.metrics = metrics;
  context_.controller_metrics = controller_metrics_.get();
}

ControllerManager::~ControllerManager() { Stop(); }

void ControllerManager::AddLeaderElected(std::string name, ControllerFactory factory) {
  leader_elected_.emplace_back(std::move(name), std::move(factory));
}

void ControllerManager::AddAlwaysOn(std::string name, ControllerFactory factory) {
  always_on_.emplace_back(std::move(name), std::move(factory));
}

Status ControllerManager::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::pair<std::string, std::unique_ptr<RunnableController>>> built;
    for (auto& [name, factory] : always_on_) {
      auto c = factory(context_);
      if (c) built.emplace_back(name, std::move(c));
    }
    informers_->Start();
    if (!informers_->WaitForCacheSync(options_.informer_sync_timeout)) {
      LOG_WARN("controller-manager", "informer caches not synced in time; starting anyway");
    }
    for (auto& [name, c] : built) {
      c->Start();
      LOG_INFO("controller-manager", "started", {{"loop", name}});
      running_always_.push_back(std::move(c));
    }
  }
  if (!options_.leader_elect) {
    StartLeaderElected();
    return Status::OK();
  }
  return Campaign();
}

Status ControllerManager::Campaign() {
  LeaderElectionConfig config;
  config.identity = options_.identity.empty() ? DefaultLeaderIdentity() : options_.identity;
  config.lease_duration = options_.lease_duration;
  config.renew_deadline = options_.renew_deadline;
  config.retry_period = options_.retry_period;
  config.release_on_cancel = true;
  config.callbacks.on_started_leading = [this] { StartLeaderElected(); };
  config.callbacks.on_stopped_leading = [this] {
    StopLeaderElected();
    // Campaign again from another thread: the elector cannot be replaced
    // from inside its own callback.
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    if (restarter_.joinable()) restarter_.detach();
    restarter_ = std::thread([this] {
      std::unique_ptr<LeaderElector> old;
      {
        std::lock_guard<std::mutex> l(mu_);
        if (stopping_) return;
        old = std::move(elector_);
      }
      old.reset();
      Status s = Campaign();
      if (!s.ok()) LOG_ERROR("controller-manager", "cannot campaign", {{"error", s.message()}});
    });
  };
  config.callbacks.on_new_leader = [id = config.identity](const std::string& leader) {
    LOG_INFO("controller-manager", "leader observed", {{"leader", leader}, {"self", leader == id}});
  };
  STEAD_ASSIGN_OR_RETURN(std::unique_ptr<LeaderElector> elector,
                         LeaderElector::Create(client_.get(), clock_, std::move(config)));
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return Status::OK();
  elector_ = std::move(elector);
  elector_->Start();
  return Status::OK();
}

void ControllerManager::StartLeaderElected() {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || leading_) return;
  leading_ = true;
  // Factories take their informers from the shared factory; those start
  // and sync before any controller runs, so no controller acts on a
  // partial view.
  std::vector<std::pair<std::string, std::unique_ptr<RunnableController>>> built;
  for (auto& [name, factory] : leader_elected_) {
    auto c = factory(context_);
    if (c) built.emplace_back(name, std::move(c));
  }
  informers_->Start();
  if (!informers_->WaitForCacheSync(options_.informer_sync_timeout)) {
    LOG_WARN("controller-manager", "informer caches not synced in time; starting anyway");
  }
  for (auto& [name, c] : built) {
    c->Start();
    LOG_INFO("controller-manager", "started", {{"controller", name}});
    running_elected_.push_back(std::move(c));
  }
}

void ControllerManager::StopLeaderElected() {
  std::vector<std::unique_ptr<RunnableController>> stopping;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping.swap(running_elected_);
    leading_ = false;
  }
  for (auto it = stopping.rbegin(); it != stopping.rend(); ++it) (*it)->Stop();
  if (!stopping.empty()) LOG_INFO("controller-manager", "stopped leading; controllers stopped");
}

void ControllerManager::Stop() {
  std::unique_ptr<LeaderElector> elector;
  std::vector<std::unique_ptr<RunnableController>> always;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    elector = std::move(elector_);
    always.swap(running_always_);
  }
  if (restarter_.joinable()) restarter_.join();
  if (elector) elector->Stop();  // runs on_stopped_leading if leading
  StopLeaderElected();
  for (auto it = always.rbegin(); it != always.rend(); ++it) (*it)->Stop();
  informers_->Shutdown();
  events_.reset();  // flushes queued events
}

}  // namespace stead::controllers

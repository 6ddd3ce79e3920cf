// ControllerManager: runs stead's in-process controllers, as
// kube-controller-manager and kube-scheduler do upstream, on top of one
// in-process client, one set of shared informers and one event broadcaster.
//
// Cluster-wide controllers (registered with AddLeaderElected) run only while
// this process holds the `kube-system/stead-controller-manager` Lease, so
// several `stead server` processes sharing a store never act twice. When
// leadership is lost they are stopped and the process campaigns again.
// Node-local loops (AddAlwaysOn: simulated nodes, the node agent) run in
// every process.
//
// Thread-safe for Start/Stop; Add* must be called before Start.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apiserver/resource_store.h"
#include "controllers/context.h"
#include "controllers/framework/leader_election.h"

namespace stead::controllers {

using ControllerFactory =
    std::function<std::unique_ptr<RunnableController>(const ControllerContext&)>;

class ControllerManager {
 public:
  struct Options {
    bool leader_elect = true;
    std::string identity;  // default: DefaultLeaderIdentity()
    std::chrono::seconds lease_duration{15};
    std::chrono::seconds renew_deadline{10};
    std::chrono::seconds retry_period{2};
    std::chrono::milliseconds informer_sync_timeout{std::chrono::seconds(30)};
  };

  // `resources`, `clock` and `metrics` must outlive the manager.
  ControllerManager(apiserver::ResourceStore* resources, const Clock* clock,
                    MetricsRegistry* metrics, Options options);
  ~ControllerManager();

  ControllerManager(const ControllerManager&) = delete;
  ControllerManager& operator=(const ControllerManager&) = delete;

  void AddLeaderElected(std::string name, ControllerFactory factory);
  void AddAlwaysOn(std::string name, ControllerFactory factory);

  // Starts the always-on loops and the election (or, without leader
  // election, the cluster-wide controllers directly).
  Status Start();
  void Stop();

  bool leading() const { return leading_; }
  const ControllerContext& context() const { return context_; }

 private:
  void StartLeaderElected();
  void StopLeaderElected();
  Status Campaign();

  const Options options_;
  const Clock* const clock_;
  std::unique_ptr<client::Client> client_;
  std::unique_ptr<client::SharedInformerFactory> informers_;
  std::unique_ptr<client::EventBroadcaster> events_;
  std::unique_ptr<ControllerMetrics> controller_metrics_;
  ControllerContext context_;

  std::vector<std::pair<std::string, ControllerFactory>> leader_elected_;
  std::vector<std::pair<std::string, ControllerFactory>> always_on_;

  std::mutex mu_;
  std::vector<std::unique_ptr<RunnableController>> running_always_;   // guarded by mu_
  std::vector<std::unique_ptr<RunnableController>> running_elected_;  // guarded by mu_
  std::unique_ptr<LeaderElector> elector_;                             // guarded by mu_
  bool stopping_ = false;                                              // guarded by mu_
  std::atomic<bool> leading_{false};
  std::thread restarter_;
};

}  // namespace stead::controllers

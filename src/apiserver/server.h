// ApiServer: the assembled API server of `stead server` — the SQLite store
// in the data directory, the watch cache, the resource store, the HTTP(S)
// front end with PKI, bearer-token authentication and a kubeconfig for
// kubectl. Components that run in the same process (controllers, DNS,
// agent) reach the API through resources() without HTTP.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/registry.h"
#include "apiserver/api_handler.h"
#include "apiserver/discovery.h"
#include "apiserver/http/http_server.h"
#include "apiserver/resource_store.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "store/store.h"
#include "store/watch_cache.h"

namespace stead::apiserver {

struct ServerConfig {
  std::string data_dir = "/var/lib/stead";
  std::string listen_host = "127.0.0.1";
  uint16_t port = 6443;  // 0 = any free port
  bool use_tls = true;
  std::string service_cidr = "10.96.0.0/12";
  // Extra subject alternative names for the serving certificate.
  std::vector<std::string> extra_sans;
  int worker_threads = 32;
  // Store compaction: keep this many revisions of history (0 = never compact).
  int64_t compaction_retain_revisions = 10000;
  int compaction_interval_seconds = 60;
  // Non-empty: keep the cluster state in this etcd cluster (client URLs)
  // instead of DIR/state.db, so that several servers share it.
  std::vector<std::string> etcd_servers;
  WatchManager::Options watch_options;
};

class ApiServer {
 public:
  // Opens (or creates) the data directory and starts serving.
  static Result<std::unique_ptr<ApiServer>> Start(const ServerConfig& config, const Clock* clock,
                                                  MetricsRegistry* metrics);
  ~ApiServer();

  ResourceStore& resources() { return *resources_; }
  store::Store& store() { return *store_; }
  uint16_t port() const { return http_->port(); }
  const std::string& kubeconfig_path() const { return kubeconfig_path_; }
  const std::string& admin_token() const { return admin_token_; }
  // Marks the server ready (/readyz); set once in-process components run.
  void SetReady(bool ready) { ready_ = ready; }
  // Stops HTTP (ending watches), then closes the store. Idempotent.
  void Stop();

 private:
  ApiServer() = default;

  ServerConfig config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::WatchCache> cache_;
  std::unique_ptr<ResourceStore> resources_;
  std::unique_ptr<Discovery> discovery_;
  std::unique_ptr<ApiHandler> handler_;
  std::unique_ptr<http::Server> http_;
  std::string kubeconfig_path_;
  std::string admin_token_;
  std::atomic<bool> ready_{false};
  bool stopped_ = false;
};

}  // namespace stead::apiserver

// ApiHandler: the Kubernetes REST API over HTTP. Routes requests
// (/api, /apis, /openapi, /version, health, /metrics, resource paths),
// authenticates them, negotiates content (JSON, YAML, meta.k8s.io Table),
// decodes bodies and calls the ResourceStore; watch requests become chunked
// streams owned by the WatchManager. Errors are metav1.Status bodies.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "apiserver/discovery.h"
#include "apiserver/http/http_server.h"
#include "apiserver/resource_store.h"
#include "apiserver/watch_manager.h"
#include "core/metrics.h"

namespace stead::apiserver {

class ApiHandler : public http::Handler {
 public:
  struct Deps {
    ResourceStore* resources = nullptr;
    const Discovery* discovery = nullptr;
    MetricsRegistry* metrics = nullptr;
    // Returns the user name for an authenticated request, or "" if the
    // credentials are missing or wrong.
    std::function<std::string(const http::Request&)> authenticate;
    // Readiness of the server (controllers started, etc.).
    std::function<bool()> ready;
    WatchManager::Options watch_options;
  };

  explicit ApiHandler(Deps deps);
  ~ApiHandler() override;

  void Handle(http::Request request, std::unique_ptr<http::Responder> responder) override;

  // Ends every watch (before the HTTP server stops).
  void Shutdown();
  size_t active_watches() const { return watches_.active(); }

 private:
  struct Route;
  struct Output;
  void Serve(const http::Request& req, http::Responder& responder, Output& out, Route& route);
  void ServeResource(const http::Request& req, http::Responder& responder, Output& out,
                     Route& route);
  void ServeWatch(const http::Request& req, http::Responder& responder, Route& route,
                  const ListOptions& options);

  Deps deps_;
  WatchManager watches_;
  Counter* requests_total_;
  Histogram* request_duration_;
};

}  // namespace stead::apiserver

// What every in-process controller is built from, and the shape every
// controller has, so that the controller manager (src/controllers/manager.h)
// can start them all the same way:
//
//   std::unique_ptr<RunnableController> NewFooController(const ControllerContext&, ...);
//
// Controllers read only from the shared informers' caches and write only
// through the client; events go through the broadcaster. Everything in the
// context outlives the controllers. A factory takes the informers it needs
// from `informers` when it builds the controller; the manager then starts
// and syncs them before calling Start(), so Start() may assume warm caches.
#pragma once

#include <memory>
#include <string>

#include "client/client.h"
#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/framework/controller.h"
#include "core/clock.h"
#include "core/metrics.h"

namespace stead::controllers {

struct ControllerContext {
  client::Client* client = nullptr;
  client::SharedInformerFactory* informers = nullptr;
  client::EventBroadcaster* events = nullptr;
  const Clock* clock = nullptr;
  MetricsRegistry* metrics = nullptr;
  // Shared reconcile metrics (workqueue depth, reconcile counts/latency).
  ControllerMetrics* controller_metrics = nullptr;
};

class RunnableController {
 public:
  virtual ~RunnableController() = default;
  virtual const std::string& name() const = 0;
  // Registers its informer handlers and starts its workers (informers
  // deliver synthetic adds to handlers registered late). Idempotent.
  virtual void Start() = 0;
  // Stops the workers; idempotent; also called by the destructor.
  virtual void Stop() = 0;
};

}  // namespace stead::controllers

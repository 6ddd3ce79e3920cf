// The namespace controller (upstream pkg/controller/namespace): when a
// namespace is deleted it empties it, then releases its "kubernetes"
// finalizer so that the API server removes it (see resources_deleter.h).
//
// A namespace is looked at `deletion_grace_period` after a change shows it
// with a deletionTimestamp (upstream waits 5s so that an object created at
// the last moment through a lagging API server is not missed). While
// content remains it is looked at again after half the estimated time plus
// one second; failures are retried with backoff (5ms doubling to at most
// 60s, within 10 qps).
#pragma once

#include <chrono>
#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

struct NamespaceControllerOptions {
  int workers = 2;
  std::chrono::milliseconds deletion_grace_period{std::chrono::seconds(5)};
};

std::unique_ptr<RunnableController> NewNamespaceController(const ControllerContext& context);
std::unique_ptr<RunnableController> NewNamespaceController(const ControllerContext& context,
                                                           NamespaceControllerOptions options);

}  // namespace stead::controllers

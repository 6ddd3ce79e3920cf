// HandlerRegistrations: the event handlers one component added to shared
// informers, so that it removes them all, and only them, when it stops.
// Not thread-safe: its owner serializes Add and RemoveAll (controllers do
// both under their start/stop lock).
#pragma once

#include <utility>
#include <vector>

#include "client/informer.h"

namespace stead::client {

class HandlerRegistrations {
 public:
  // Adds `handler` to `informer` (which must outlive the registration).
  void Add(SharedInformer& informer, ResourceEventHandler handler);
  // Removes every handler added so far; idempotent.
  void RemoveAll();

 private:
  std::vector<std::pair<SharedInformer*, SharedInformer::HandlerId>> registered_;
};

}  // namespace stead::client

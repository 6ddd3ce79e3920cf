#include "client/handler_registrations.h"

namespace stead::client {

void HandlerRegistrations::Add(SharedInformer& informer, ResourceEventHandler handler) {
  registered_.emplace_back(&informer, informer.AddEventHandler(std::move(handler)));
}

void HandlerRegistrations::RemoveAll() {
  for (const auto& [informer, id] : registered_) informer->RemoveEventHandler(id);
  registered_.clear();
}

}  // namespace stead::client

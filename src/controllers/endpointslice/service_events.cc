#include "controllers/endpointslice/service_events.h"

#include "controllers/endpointslice/pod_endpoints.h"

namespace stead::controllers::endpointslice {

client::ResourceEventHandler ServicePodHandler(const client::SharedInformer& services,
                                               std::function<void(const std::string&)> enqueue) {
  auto selecting = [&services, enqueue](const client::ObjectPtr& pod) {
    for (const std::string& key :
         ServicesSelecting(services.List(MetaNamespace(*pod)), MetaLabels(*pod))) {
      enqueue(key);
    }
  };
  client::ResourceEventHandler h;
  h.on_add = selecting;
  h.on_update = [&services, enqueue](const client::ObjectPtr& old_pod,
                                     const client::ObjectPtr& pod) {
    for (const std::string& key :
         ServicesToUpdateOnPodChange(services.List(MetaNamespace(*pod)), *old_pod, *pod)) {
      enqueue(key);
    }
  };
  h.on_delete = selecting;
  return h;
}

}  // namespace stead::controllers::endpointslice

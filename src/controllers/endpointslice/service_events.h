// What the EndpointSlice and Endpoints controllers share around their work
// queues of Service keys: the pod event handler that queues the Services
// selecting a pod (on add and delete; on update only when something an
// endpoint shows changed, see pod_endpoints.h), and the API error that
// makes them drop a Service instead of retrying.
#pragma once

#include <functional>
#include <string>

#include "client/informer.h"
#include "core/status.h"

namespace stead::controllers::endpointslice {

// `services` is the Service informer; `enqueue` takes a Service key. Both
// must outlive the handler.
client::ResourceEventHandler ServicePodHandler(const client::SharedInformer& services,
                                               std::function<void(const std::string&)> enqueue);

}  // namespace stead::controllers::endpointslice

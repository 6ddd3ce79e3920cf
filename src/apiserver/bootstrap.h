// Objects every cluster has from the first start: the namespaces default,
// kube-system, kube-public and kube-node-lease, the `kubernetes` Service
// (10.96.0.1:443) with its Endpoints, and the default StorageClass `local`.
// Idempotent: existing objects are left alone.
#pragma once

#include <cstdint>
#include <string>

#include "apiserver/resource_store.h"

namespace stead::apiserver {

struct BootstrapConfig {
  std::string advertise_address = "127.0.0.1";
  uint16_t port = 6443;
  std::string kubernetes_service_ip = "10.96.0.1";
};

Status Bootstrap(ResourceStore& resources, const BootstrapConfig& config);

}  // namespace stead::apiserver

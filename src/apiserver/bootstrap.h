// Objects every cluster has from the first start: the namespaces default,
// kube-system, kube-public and kube-node-lease, the `kubernetes` Service
// (10.96.0.1:443) with its Endpoints and EndpointSlice (the server's own
// address and port; only when that address is not loopback, which the API
// rejects in endpoints), the cluster DNS Service `kube-system/kube-dns`
// (10.96.0.10, as kubeadm creates it) and the default StorageClass `local`.
// Idempotent: existing objects are left alone, except that the `kubernetes`
// endpoints follow a changed address or port.
#pragma once

#include <cstdint>
#include <string>

#include "apiserver/resource_store.h"

namespace stead::apiserver {

struct BootstrapConfig {
  std::string advertise_address = "127.0.0.1";
  uint16_t port = 6443;
  std::string kubernetes_service_ip = "10.96.0.1";
  std::string dns_service_ip = "10.96.0.10";
};

// The cluster DNS address of a service CIDR: its 10th address, as kubeadm
// picks it (10.96.0.0/12 -> 10.96.0.10); "" for a CIDR it cannot parse.
std::string DnsServiceIpFor(const std::string& service_cidr);

Status Bootstrap(ResourceStore& resources, const BootstrapConfig& config);

}  // namespace stead::apiserver

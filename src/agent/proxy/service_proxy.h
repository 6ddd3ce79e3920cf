// The service proxy: stead's kube-proxy in nftables mode, an always-on
// node-local loop (`stead server --proxy-mode nftables`). It watches
// Services and discovery.k8s.io/v1 EndpointSlices through the shared
// informers and keeps stead's nftables table (ruleset.h) equal to what they
// say: ClusterIPs from the service CIDR load-balance TCP, UDP and SCTP to
// the ready endpoints.
//
// Every informer event only asks the SyncRunner for a sync; each sync
// rebuilds the whole ruleset from the caches (level-triggered, coalesced,
// rate-limited by min_sync_period with a burst of 2, resynced every
// sync_period, failures retried with backoff). The first sync runs when
// the controller starts (the manager has synced the informers by then) and
// replaces any table of the same name left by an earlier run; Stop()
// deletes the table, so a stopped server leaves no rules behind.
//
// Thread-safe; see context.h for the controller shape.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "agent/proxy/conntrack.h"
#include "agent/proxy/nft.h"
#include "controllers/context.h"

namespace stead::agent::proxy {

struct ServiceProxyOptions {
  std::string table = "stead";
  std::chrono::milliseconds min_sync_period{1000};
  std::chrono::milliseconds sync_period{30000};
  // IPv4 service CIDRs (unallocated addresses in them are dropped).
  std::vector<std::string> service_cidrs{"10.96.0.0/12"};
  // For internalTrafficPolicy Local (kube-proxy: the node's hostname).
  std::string node_name;
  // Delete stale UDP conntrack flows after each sync (needs `conntrack`).
  bool conntrack_cleanup = true;
};

// Checks the table name (letters, digits, '-' and '_') and the CIDRs.
Status ValidateServiceProxyOptions(const ServiceProxyOptions& options);

// The proxy owns `nft` and `conntrack` (null: no flow cleanup).
std::unique_ptr<controllers::RunnableController> NewServiceProxy(
    const controllers::ControllerContext& context, ServiceProxyOptions options,
    std::unique_ptr<Nft> nft, std::unique_ptr<Conntrack> conntrack);

}  // namespace stead::agent::proxy

// Syncer: one full sync of the service proxy — generate the ruleset from
// the current Services and EndpointSlices and apply it through Nft — plus
// the bookkeeping the ruleset itself cannot do, as kube-proxy's
// syncProxyRules does:
//
//   * The first sync of a process replaces the table (a table left by a
//     crashed run is deleted in the same transaction that builds ours);
//     later syncs flush and rebuild it in place.
//   * Affinity sets of endpoints that went away are deleted in the sync's
//     transaction.
//   * Chains of services and endpoints that went away are emptied (every
//     sync flushes the table) and deleted in a separate transaction at least
//     one second later: before Linux 6.2 the kernel notices only with a
//     delay that a chain is no longer referenced by a map element, and a
//     delete in the same transaction would fail. A failed delete is retried
//     on a later sync. NextCleanup() says when one is due.
//   * After a successful sync, UDP conntrack flows still DNATed to an
//     endpoint their Service no longer has are deleted (stale_flows.h),
//     when a Conntrack is given.
//   * Cleanup() deletes the table (shutdown).
//
// Metrics (upstream kube-proxy names where upstream has one):
// kubeproxy_sync_proxy_rules_duration_seconds,
// kubeproxy_sync_proxy_rules_last_timestamp_seconds,
// kubeproxy_sync_proxy_rules_nftables_sync_failures_total,
// kubeproxy_sync_proxy_rules_nftables_cleanup_failures_total,
// kubeproxy_conntrack_reconciler_deleted_entries_total,
// stead_proxy_programmed_services and stead_proxy_programmed_endpoints
// (service ports and endpoint chains in the last applied ruleset).
//
// Thread-compatible: the SyncRunner calls it from one thread.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agent/proxy/conntrack.h"
#include "agent/proxy/nft.h"
#include "agent/proxy/ruleset.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "store/watch_cache.h"

namespace stead::agent::proxy {

struct SyncerMetrics {
  explicit SyncerMetrics(MetricsRegistry& registry);
  Histogram* duration;
  Gauge* last_timestamp;
  Counter* sync_failures;
  Counter* cleanup_failures;
  Counter* conntrack_deleted;
  Gauge* services;
  Gauge* endpoints;
};

class Syncer {
 public:
  // `nft` and `clock` must outlive the syncer; `conntrack` (no flow
  // cleanup when null) and `metrics` may be null.
  Syncer(Nft* nft, Conntrack* conntrack, const Clock* clock, RulesetOptions options,
         SyncerMetrics* metrics);

  Status Sync(const std::vector<store::ObjectPtr>& services,
              const std::vector<store::ObjectPtr>& slices);
  // When stale chains may be deleted (nullopt: none pending).
  std::optional<SystemTime> NextCleanup() const;
  // Deletes the table; afterwards the next Sync replaces it again.
  Status Cleanup();

  // Stale-chain deletion waits this long after a chain's last use.
  static constexpr std::chrono::seconds kStaleChainDelay{1};

 private:
  void DeleteStaleChains(SystemTime now, const std::set<std::string>& active);
  void DeleteStaleFlows(const std::vector<ServicePort>& ports);

  Nft* const nft_;
  Conntrack* const conntrack_;
  const Clock* const clock_;
  const RulesetOptions options_;
  SyncerMetrics* const metrics_;

  bool table_created_ = false;
  // Service/endpoint chains and affinity sets in the kernel's table.
  std::set<std::string> chains_;
  std::set<std::string> sets_;
  // Chains no longer referenced, with the time they became unreferenced.
  std::map<std::string, SystemTime> stale_;
};

}  // namespace stead::agent::proxy

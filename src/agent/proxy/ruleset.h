// The nftables ruleset of stead's service proxy: a pure function from the
// proxied service ports (service_ports.h) to the text of one `nft -f -`
// transaction, laid out like kube-proxy's nftables mode
// (pkg/proxy/nftables/proxier.go, 1.32) inside one table of our own
// (`ip stead` by default):
//
//   base chains   filter-forward / filter-output (priority dstnat-10,
//                 before DNAT): new connections to a service
//                 without endpoints are looked up in @no-endpoint-services
//                 and rejected (reject-chain: ICMP port unreachable, which a
//                 TCP client sees as "connection refused") or dropped
//                 (internalTrafficPolicy Local with endpoints only on other
//                 nodes); filter-forward and filter-output-post-dnat
//                 (dstnat+10) send new connections still addressed to a
//                 cluster IP after DNAT to cluster-ips-check: a known
//                 cluster IP on a port it does not serve is rejected, any
//                 other address of the service CIDRs dropped. Both checks
//                 let through addresses local to the node (`fib daddr type
//                 local`): a cluster IP configured on the node, like the
//                 cluster DNS's 10.96.0.10, is served by its local listener.
//                 (No filter-input chain: without NodePorts it has nothing
//                 to check.)
//                 nat-prerouting / nat-output (dstnat) jump to `services`.
//   services      `ip daddr . meta l4proto . th dport vmap @service-ips`:
//                 one map element per service port with usable endpoints,
//                 `goto service-<hash>-ns/svc/proto/port`.
//   service-...   with sessionAffinity ClientIP first one rule per endpoint
//                 `ip saddr @affinity-... goto endpoint-...`, then
//                 `numgen random mod N vmap { 0 : goto endpoint-..., ... }`.
//   endpoint-...  `update @affinity-... { ip saddr }` (affinity only), then
//                 `meta l4proto tcp dnat to 10.244.1.5:8080`.
//   affinity-...  per-endpoint sets of client addresses, flags
//                 dynamic,timeout, timeout = the affinity timeoutSeconds.
//
// No masquerade chains: stead does not SNAT (README, "Where stead differs").
// NodePorts, externalIPs and load-balancer IPs are not programmed.
//
// The transaction starts with `add table` and then either `flush table`
// (every rule of the table goes; chains, sets and maps stay, so affinity
// sets keep their entries across syncs) or, with replace_table, `delete
// table` (a table left by an earlier process is replaced whole). Then every
// chain, set and map is (re)declared with `add`, the maps and cluster-ips
// are flushed and refilled. nft applies the file as one transaction: a
// failing sync changes nothing, and nothing outside our table is touched.
// Chains and sets of services that went away are not in the text: the
// caller deletes them (see Syncer).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "agent/proxy/service_ports.h"

namespace stead::agent::proxy {

struct RulesetOptions {
  std::string table = "stead";
  // IPv4 service CIDRs: traffic to an unallocated address in them is
  // dropped (cluster-ips-check).
  std::vector<std::string> service_cidrs;
  // This node's name, for internalTrafficPolicy Local.
  std::string node_name;
  // `delete table` instead of `flush table` (the first sync of a process).
  bool replace_table = false;
};

struct Ruleset {
  std::string text;
  // The service-/endpoint- chains and affinity- sets the text defines.
  std::set<std::string> chains;
  std::set<std::string> sets;
  int services = 0;   // service ports with usable endpoints
  int endpoints = 0;  // endpoint chains
};

Ruleset GenerateRuleset(const std::vector<ServicePort>& ports, const RulesetOptions& options);

// Services and EndpointSlices straight to a ruleset (BuildServicePorts,
// then GenerateRuleset).
Ruleset GenerateRuleset(const std::vector<store::ObjectPtr>& services,
                        const std::vector<store::ObjectPtr>& slices, const RulesetOptions& options);

}  // namespace stead::agent::proxy

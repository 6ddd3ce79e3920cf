// Stale UDP flows: conntrack entries of UDP Service traffic that still point
// at an endpoint the Service no longer has. UDP has no connection to break,
// so without cleanup a client that keeps its source port (a DNS resolver, a
// syslog sender) would keep being DNATed to the vanished endpoint for as
// long as it keeps sending. kube-proxy's conntrack.CleanStaleEntries
// reconciles the table after every sync; this is the same rule:
//
//   for every UDP service port whose Service has serving endpoints (any
//   node, ready or not, terminating or not: a change to the Service must
//   not break flows that still work), delete each flow originally addressed
//   to clusterIP:port whose reply source is not one of those endpoint IPs.
//
// Services without serving endpoints are left alone (their flows are
// rejected by the rules anyway). Pure functions.
#pragma once

#include <string>
#include <vector>

#include "agent/proxy/service_ports.h"

namespace stead::agent::proxy {

struct ConntrackFlow {
  std::string orig_dst;
  int orig_dport = 0;
  std::string reply_src;

  bool operator==(const ConntrackFlow&) const = default;
  bool operator<(const ConntrackFlow& o) const {
    return std::tie(orig_dst, orig_dport, reply_src) <
           std::tie(o.orig_dst, o.orig_dport, o.reply_src);
  }
};

// Parses `conntrack -L -p udp` output (the first src=/dst=/dport= are the
// original direction, the second src= the reply's); other lines are skipped.
std::vector<ConntrackFlow> ParseUdpFlows(const std::string& text);

// The distinct (orig_dst, orig_dport, reply_src) triples to delete.
std::vector<ConntrackFlow> StaleUdpFlows(const std::vector<ConntrackFlow>& flows,
                                         const std::vector<ServicePort>& ports);

}  // namespace stead::agent::proxy

// Conntrack: the connection-tracking table operations the service proxy
// needs to drop stale UDP flows (stale_flows.h), as an interface with a fake
// for tests. The real implementation runs Debian's `conntrack` binary
// (conntrack-tools), as the nft binary is run for the rules. IPv4 only.
// Thread-compatible.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "core/status.h"

namespace stead::agent::proxy {

class Conntrack {
 public:
  virtual ~Conntrack() = default;
  // `conntrack -L -p udp` output: one flow per line.
  virtual Result<std::string> ListUdp() = 0;
  // Deletes the UDP flows originally addressed to orig_dst:orig_port_dst
  // whose replies come from reply_src (the DNAT target); returns how many.
  virtual Result<int> DeleteUdp(const std::string& orig_dst, int orig_port_dst,
                                const std::string& reply_src) = 0;
};

std::unique_ptr<Conntrack> NewExecConntrack(std::string binary = "conntrack");

// Whether `conntrack --version` runs (the reason when not).
Status CheckConntrackUsable(const std::string& binary = "conntrack");

}  // namespace stead::agent::proxy

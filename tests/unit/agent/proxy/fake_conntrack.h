// FakeConntrack: a conntrack table held as `conntrack -L` text lines;
// DeleteUdp removes the matching lines and records the call.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "agent/proxy/conntrack.h"
#include "agent/proxy/stale_flows.h"

namespace stead::agent::proxy::testing {

class FakeConntrack final : public Conntrack {
 public:
  void Add(const std::string& line) { lines_.push_back(line); }

  Result<std::string> ListUdp() override {
    std::string out;
    for (const auto& l : lines_) out += l + "\n";
    return out;
  }
  Result<int> DeleteUdp(const std::string& orig_dst, int orig_port_dst,
                        const std::string& reply_src) override {
    deletes.push_back(orig_dst + ":" + std::to_string(orig_port_dst) + "->" + reply_src);
    int n = 0;
    std::vector<std::string> kept;
    for (const auto& l : lines_) {
      auto flows = ParseUdpFlows(l);
      if (!flows.empty() && flows[0] == ConntrackFlow{orig_dst, orig_port_dst, reply_src}) {
        ++n;
      } else {
        kept.push_back(l);
      }
    }
    lines_ = kept;
    return n;
  }

  std::vector<std::string> deletes;

 private:
  std::vector<std::string> lines_;
};

}  // namespace stead::agent::proxy::testing

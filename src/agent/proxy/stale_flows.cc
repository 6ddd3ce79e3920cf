#include "agent/proxy/stale_flows.h"

#include <map>
#include <set>
#include <sstream>

namespace stead::agent::proxy {

std::vector<ConntrackFlow> ParseUdpFlows(const std::string& text) {
  std::vector<ConntrackFlow> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string proto, word;
    if (!(words >> proto) || proto != "udp") continue;
    ConntrackFlow f;
    int srcs = 0;
    bool have_dst = false, have_dport = false;
    while (words >> word) {
      if (word.rfind("src=", 0) == 0) {
        if (++srcs == 2) f.reply_src = word.substr(4);
      } else if (word.rfind("dst=", 0) == 0 && srcs == 1 && !have_dst) {
        f.orig_dst = word.substr(4);
        have_dst = true;
      } else if (word.rfind("dport=", 0) == 0 && srcs == 1 && !have_dport) {
        try {
          f.orig_dport = std::stoi(word.substr(6));
          have_dport = true;
        } catch (...) {
        }
      }
    }
    if (have_dst && have_dport && !f.reply_src.empty()) out.push_back(std::move(f));
  }
  return out;
}

std::vector<ConntrackFlow> StaleUdpFlows(const std::vector<ConntrackFlow>& flows,
                                         const std::vector<ServicePort>& ports) {
  // clusterIP:port -> serving endpoint IPs
  std::map<std::pair<std::string, int>, std::set<std::string>> serving;
  for (const ServicePort& p : ports) {
    if (p.protocol != "udp") continue;
    std::set<std::string> ips;
    for (const Endpoint& ep : p.endpoints) {
      if (ep.serving) ips.insert(ep.ip);
    }
    if (!ips.empty()) serving[{p.cluster_ip, p.port}] = std::move(ips);
  }
  std::set<ConntrackFlow> stale;
  for (const ConntrackFlow& f : flows) {
    auto it = serving.find({f.orig_dst, f.orig_dport});
    if (it != serving.end() && !it->second.count(f.reply_src)) stale.insert(f);
  }
  return {stale.begin(), stale.end()};
}

}  // namespace stead::agent::proxy

#include "agent/proxy/ruleset.h"

#include <algorithm>
#include <cctype>

#include "agent/proxy/chain_names.h"
#include "agent/proxy/endpoint_selection.h"

namespace stead::agent::proxy {

namespace {

constexpr char kServicesChain[] = "services";
constexpr char kServiceIPsMap[] = "service-ips";
constexpr char kClusterIPsSet[] = "cluster-ips";
constexpr char kClusterIPsCheckChain[] = "cluster-ips-check";
constexpr char kEndpointsCheckChain[] = "service-endpoints-check";
constexpr char kNoEndpointServicesMap[] = "no-endpoint-services";
constexpr char kRejectChain[] = "reject-chain";
constexpr char kServiceKeyType[] = "ipv4_addr . inet_proto . inet_service : verdict";

struct BaseChain {
  const char* name;
  const char* type;
  const char* hook;
  int priority;
};

// Filter chains see pre-DNAT addresses (dstnat - 10), except the one that
// checks what is still addressed to a cluster IP after DNAT.
constexpr BaseChain kBaseChains[] = {
    {"filter-forward", "filter", "forward", -110},
    {"filter-output", "filter", "output", -110},
    {"filter-output-post-dnat", "filter", "output", -90},
    {"nat-prerouting", "nat", "prerouting", -100},
    {"nat-output", "nat", "output", -100},
};

struct Jump {
  const char* from;
  const char* match;
  const char* to;
};

constexpr Jump kJumps[] = {
    {"filter-forward", "ct state new", kEndpointsCheckChain},
    {"filter-output", "ct state new", kEndpointsCheckChain},
    {"nat-output", "", kServicesChain},
    {"nat-prerouting", "", kServicesChain},
    {"filter-forward", "ct state new", kClusterIPsCheckChain},
    {"filter-output-post-dnat", "ct state new", kClusterIPsCheckChain},
};

bool SafeCidr(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isdigit(c) || c == '.' || c == '/';
  });
}

class Writer {
 public:
  explicit Writer(const std::string& table) : prefix_("ip " + table) {}

  void Line(const std::string& s) {
    text_ += s;
    text_ += '\n';
  }
  void Chain(const std::string& name, const std::string& spec = "") {
    Line("add chain " + prefix_ + " " + name + (spec.empty() ? "" : " { " + spec + " }"));
  }
  void Rule(const std::string& chain, const std::string& rule) {
    Line("add rule " + prefix_ + " " + chain + " " + rule);
  }
  void Element(const std::string& set, const std::string& element) {
    Line("add element " + prefix_ + " " + set + " { " + element + " }");
  }
  const std::string& prefix() const { return prefix_; }
  std::string Take() { return std::move(text_); }

 private:
  const std::string prefix_;
  std::string text_;
};

void WriteSetup(Writer& w, const RulesetOptions& options) {
  const std::string& t = w.prefix();
  w.Line("add table " + t);
  if (options.replace_table) {
    w.Line("delete table " + t);
    w.Line("add table " + t + " { comment \"rules for stead\" ; }");
  } else {
    w.Line("flush table " + t);
  }
  for (const BaseChain& c : kBaseChains) {
    w.Chain(c.name, std::string("type ") + c.type + " hook " + c.hook + " priority " +
                        std::to_string(c.priority) + " ;");
  }
  for (const char* chain : {kEndpointsCheckChain, kServicesChain, kClusterIPsCheckChain}) {
    w.Chain(chain);
  }
  for (const Jump& j : kJumps) {
    w.Rule(j.from, std::string(j.match) + (*j.match ? " " : "") + "jump " + j.to);
  }

  // A cluster IP that is also an address of this node is served here by
  // whoever listens on it (stead's cluster DNS on 10.96.0.10): neither
  // rejected nor dropped for lack of endpoints.
  for (const char* chain : {kEndpointsCheckChain, kClusterIPsCheckChain}) {
    w.Rule(chain, "fib daddr type local return comment \"Served on this node\"");
  }
  w.Line("add set " + t + " " + kClusterIPsSet +
         " { type ipv4_addr ; comment \"Active ClusterIPs\" ; }");
  w.Line("flush set " + t + " " + kClusterIPsSet);
  w.Rule(kClusterIPsCheckChain, std::string("ip daddr @") + kClusterIPsSet +
                                    " reject comment \"Reject traffic to invalid ports of "
                                    "ClusterIPs\"");
  std::string cidrs;
  for (const std::string& cidr : options.service_cidrs) {
    if (!SafeCidr(cidr)) continue;
    cidrs += (cidrs.empty() ? "" : ", ") + cidr;
  }
  if (!cidrs.empty()) {
    w.Rule(kClusterIPsCheckChain,
           "ip daddr { " + cidrs + " } drop comment \"Drop traffic to unallocated ClusterIPs\"");
  }

  w.Line("add map " + t + " " + kNoEndpointServicesMap + " { type " + kServiceKeyType +
         " ; comment \"vmap to drop or reject packets to services with no endpoints\" ; }");
  w.Line("flush map " + t + " " + kNoEndpointServicesMap);
  w.Chain(kRejectChain, "comment \"helper for @no-endpoint-services\" ;");
  w.Rule(kRejectChain, "reject");
  w.Rule(kEndpointsCheckChain,
         std::string("ip daddr . meta l4proto . th dport vmap @") + kNoEndpointServicesMap);

  w.Line("add map " + t + " " + kServiceIPsMap + " { type " + kServiceKeyType +
         " ; comment \"ClusterIP traffic\" ; }");
  w.Line("flush map " + t + " " + kServiceIPsMap);
  w.Rule(kServicesChain, std::string("ip daddr . meta l4proto . th dport vmap @") + kServiceIPsMap);
}

void WriteServicePort(Writer& w, const ServicePort& port, const RulesetOptions& options,
                      Ruleset& out) {
  std::string key = port.cluster_ip + " . " + port.protocol + " . " + std::to_string(port.port);
  SelectedEndpoints selected = SelectEndpoints(port, options.node_name);
  if (selected.endpoints.empty()) {
    // No endpoints anywhere: reject; only on other nodes (Local): drop.
    std::string verdict = selected.has_any ? "drop" : std::string("goto ") + kRejectChain;
    w.Element(kNoEndpointServicesMap, key + " comment \"" + port.NameString() + "\" : " + verdict);
    return;
  }
  ++out.services;
  std::string service_chain = ServiceChainName(port);
  out.chains.insert(service_chain);
  w.Chain(service_chain);

  bool affinity = port.affinity_timeout_seconds > 0;
  std::vector<std::string> endpoint_chains;
  for (const Endpoint& ep : selected.endpoints) {
    std::string chain = EndpointChainName(port, ep);
    endpoint_chains.push_back(chain);
    out.chains.insert(chain);
    ++out.endpoints;
    w.Chain(chain);
    if (affinity) {
      std::string set = AffinitySetName(port, ep);
      out.sets.insert(set);
      w.Line("add set " + w.prefix() + " " + set +
             " { type ipv4_addr ; flags dynamic,timeout ; timeout " +
             std::to_string(port.affinity_timeout_seconds) + "s ; }");
      w.Rule(service_chain, "ip saddr @" + set + " goto " + chain);
      w.Rule(chain, "update @" + set + " { ip saddr }");
    }
    w.Rule(chain, "meta l4proto " + port.protocol + " dnat to " + ep.String());
  }
  std::string vmap;
  for (size_t i = 0; i < endpoint_chains.size(); ++i) {
    vmap += (i ? ", " : "") + std::to_string(i) + " : goto " + endpoint_chains[i];
  }
  w.Rule(service_chain,
         "numgen random mod " + std::to_string(endpoint_chains.size()) + " vmap { " + vmap + " }");
  w.Element(kServiceIPsMap, key + " : goto " + service_chain);
}

}  // namespace

Ruleset GenerateRuleset(const std::vector<ServicePort>& ports, const RulesetOptions& options) {
  Ruleset out;
  Writer w(options.table);
  WriteSetup(w, options);
  std::set<std::string> cluster_ips;
  for (const ServicePort& port : ports) {
    WriteServicePort(w, port, options, out);
    cluster_ips.insert(port.cluster_ip);
  }
  for (const std::string& ip : cluster_ips) w.Element(kClusterIPsSet, ip);
  out.text = w.Take();
  return out;
}

Ruleset GenerateRuleset(const std::vector<store::ObjectPtr>& services,
                        const std::vector<store::ObjectPtr>& slices,
                        const RulesetOptions& options) {
  return GenerateRuleset(BuildServicePorts(services, slices), options);
}

}  // namespace stead::agent::proxy

#include "agent/proxy/stale_flows.h"

#include <gtest/gtest.h>

namespace stead::agent::proxy {
namespace {

TEST(ParseUdpFlows, OriginalAndReplyDirections) {
  auto flows = ParseUdpFlows(
      "udp      17 25 src=10.244.98.2 dst=10.96.100.10 sport=40000 dport=53 "
      "src=10.244.99.13 dst=10.244.98.2 sport=5353 dport=40000 mark=0 use=1\n"
      "udp      17 29 src=10.1.0.1 dst=10.96.0.5 sport=40001 dport=53 [UNREPLIED] "
      "src=10.1.0.9 dst=10.1.0.1 sport=5353 dport=40001 mark=0 use=1\n"
      "tcp      6 431999 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 "
      "dst=1.1.1.1 sport=2 dport=1 [ASSURED] mark=0 use=1\n"
      "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.\n");
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_EQ(flows[0], (ConntrackFlow{"10.96.100.10", 53, "10.244.99.13"}));
  EXPECT_EQ(flows[1], (ConntrackFlow{"10.96.0.5", 53, "10.1.0.9"}));
}

ServicePort Udp(const std::string& ip, int port, std::vector<Endpoint> eps) {
  ServicePort p;
  p.ns = "default";
  p.service = "dns";
  p.protocol = "udp";
  p.cluster_ip = ip;
  p.port = port;
  p.endpoints = std::move(eps);
  return p;
}

Endpoint Ep(const std::string& ip, bool serving = true) {
  Endpoint e;
  e.ip = ip;
  e.port = 5353;
  e.serving = serving;
  e.ready = serving;
  return e;
}

TEST(StaleUdpFlows, FlowsToVanishedEndpointsOnly) {
  std::vector<ConntrackFlow> flows = {
      {"10.96.0.10", 53, "10.244.1.1"},  // still an endpoint
      {"10.96.0.10", 53, "10.244.1.9"},  // gone
      {"10.96.0.10", 53, "10.244.1.9"},  // same triple once
      {"10.96.0.10", 53, "10.244.1.2"},  // not serving any more
      {"10.96.0.10", 53, "10.96.0.10"},  // never DNATed (before the rules)
      {"10.96.0.10", 54, "10.244.1.9"},  // another port: not a service port
      {"10.96.0.20", 53, "10.244.1.9"},  // a Service without serving endpoints
      {"10.96.0.30", 53, "10.244.1.9"},  // not a Service
  };
  std::vector<ServicePort> ports = {
      Udp("10.96.0.10", 53, {Ep("10.244.1.1"), Ep("10.244.1.2", false)}),
      Udp("10.96.0.20", 53, {Ep("10.244.1.3", false)}),
  };
  auto stale = StaleUdpFlows(flows, ports);
  EXPECT_EQ(stale, (std::vector<ConntrackFlow>{{"10.96.0.10", 53, "10.244.1.2"},
                                               {"10.96.0.10", 53, "10.244.1.9"},
                                               {"10.96.0.10", 53, "10.96.0.10"}}));
}

TEST(StaleUdpFlows, TcpPortsIgnored) {
  ServicePort tcp = Udp("10.96.0.10", 53, {Ep("10.244.1.1")});
  tcp.protocol = "tcp";
  EXPECT_TRUE(StaleUdpFlows({{"10.96.0.10", 53, "10.244.1.9"}}, {tcp}).empty());
}

}  // namespace
}  // namespace stead::agent::proxy

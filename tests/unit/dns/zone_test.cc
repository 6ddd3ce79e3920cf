#include "dns/zone.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace stead::dns {
namespace {

Json Service(const std::string& ns, const std::string& name, const std::string& cluster_ip,
             Json ports = Json::array()) {
  Json svc = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", name}, {"namespace", ns}}},
              {"spec", {{"type", "ClusterIP"}, {"clusterIP", cluster_ip}, {"ports", ports}}}};
  if (cluster_ip != "None") svc["spec"]["clusterIPs"] = {cluster_ip};
  return svc;
}

Json Endpoint(const std::string& ip, const std::string& hostname = "", Json ready = nullptr) {
  Json ep = {{"addresses", {ip}}};
  if (!hostname.empty()) ep["hostname"] = hostname;
  if (!ready.is_null()) ep["conditions"] = {{"ready", ready}};
  return ep;
}

Json Slice(const std::string& ns, const std::string& name, const std::string& service,
           Json endpoints, Json ports = Json::array(), const std::string& type = "IPv4") {
  return {
      {"apiVersion", "discovery.k8s.io/v1"},
      {"kind", "EndpointSlice"},
      {"metadata",
       {{"name", name}, {"namespace", ns}, {"labels", {{"kubernetes.io/service-name", service}}}}},
      {"addressType", type},
      {"endpoints", endpoints},
      {"ports", ports}};
}

class ZoneTest : public ::testing::Test {
 protected:
  ZoneTest() : zone_(ZoneOptions{}, &clock_) {
    zone_.UpsertNamespace("default");
    zone_.UpsertNamespace("kube-system");
  }

  LookupResult Ask(const std::string& name, uint16_t type) {
    auto r = zone_.Lookup({name, type, kClassIN});
    EXPECT_TRUE(r.has_value()) << name;
    return r ? *r : LookupResult();
  }
  // The answer addresses (A/AAAA) as text, sorted.
  static std::vector<std::string> Ips(const LookupResult& r) {
    std::vector<std::string> out;
    for (const auto& rr : r.answers) {
      if (rr.type == kTypeA || rr.type == kTypeAAAA) out.push_back(FormatIp(rr.data));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static bool HasSoa(const LookupResult& r) {
    return r.authority.size() == 1 && r.authority[0].type == kTypeSOA &&
           r.authority[0].name == "cluster.local";
  }

  FakeClock clock_;
  ZoneIndex zone_;
};

TEST_F(ZoneTest, ClusterIPServiceAnswersItsAddress) {
  zone_.UpsertService(Service("default", "web", "10.96.0.42", {{{"name", "http"}, {"port", 80}}}));
  auto r = Ask("web.default.svc.cluster.local", kTypeA);
  EXPECT_EQ(r.rcode, kRcodeNoError);
  EXPECT_EQ(Ips(r), std::vector<std::string>{"10.96.0.42"});
  EXPECT_EQ(r.answers[0].ttl, 5u);
  // Case-insensitive, trailing dot tolerated; the owner echoes the question.
  auto upper = Ask("WEB.Default.svc.cluster.local.", kTypeA);
  EXPECT_EQ(Ips(upper), std::vector<std::string>{"10.96.0.42"});
  EXPECT_EQ(upper.answers[0].name, "WEB.Default.svc.cluster.local.");
}

TEST_F(ZoneTest, AaaaOfAnIpv4ServiceIsNodata) {
  zone_.UpsertService(Service("default", "web", "10.96.0.42"));
  auto r = Ask("web.default.svc.cluster.local", kTypeAAAA);
  EXPECT_EQ(r.rcode, kRcodeNoError);
  EXPECT_TRUE(r.answers.empty());
  EXPECT_TRUE(HasSoa(r));
}

TEST_F(ZoneTest, UnknownNamesAreNxdomainWithSoa) {
  zone_.UpsertService(Service("default", "web", "10.96.0.42"));
  for (const char* name : {"nope.default.svc.cluster.local", "web.other.svc.cluster.local",
                           "x.y.z.web.default.svc.cluster.local.x", "foo.cluster.local",
                           "a.b.c.d.e.f.svc.cluster.local", "nosuchns.svc.cluster.local",
                           "web.default.svc.cluster.local.svc.cluster.local"}) {
    auto r = zone_.Lookup({name, kTypeA, kClassIN});
    if (std::string(name).ends_with(".x")) {
      EXPECT_FALSE(r.has_value()) << name;  // not in the zone
      continue;
    }
    ASSERT_TRUE(r.has_value()) << name;
    EXPECT_EQ(r->rcode, kRcodeNXDomain) << name;
    EXPECT_TRUE(HasSoa(*r)) << name;
  }
}

TEST_F(ZoneTest, EmptyNonTerminalsAreNodata) {
  zone_.UpsertService(Service("default", "web", "10.96.0.42", {{{"name", "http"}, {"port", 80}}}));
  for (const char* name :
       {"svc.cluster.local", "default.svc.cluster.local", "_tcp.web.default.svc.cluster.local",
        "pod.cluster.local", "dns.cluster.local"}) {
    auto r = Ask(name, kTypeA);
    EXPECT_EQ(r.rcode, kRcodeNoError) << name;
    EXPECT_TRUE(r.answers.empty()) << name;
    EXPECT_TRUE(HasSoa(r)) << name;
  }
  EXPECT_EQ(Ask("_udp.web.default.svc.cluster.local", kTypeA).rcode, kRcodeNXDomain);
}

TEST_F(ZoneTest, HeadlessServiceAnswersEveryReadyEndpoint) {
  zone_.UpsertService(Service("default", "qdrant-service", "None"));
  zone_.UpsertEndpointSlice(Slice(
      "default", "qdrant-service-abc", "qdrant-service",
      {Endpoint("10.244.0.5", "qdrant-0", true), Endpoint("10.244.0.6", "qdrant-1"),  // ready unset
       Endpoint("10.244.0.7", "qdrant-2", false)}));
  auto r = Ask("qdrant-service.default.svc.cluster.local", kTypeA);
  EXPECT_EQ(Ips(r), (std::vector<std::string>{"10.244.0.5", "10.244.0.6"}));
  EXPECT_EQ(Ips(Ask("qdrant-0.qdrant-service.default.svc.cluster.local", kTypeA)),
            std::vector<std::string>{"10.244.0.5"});
  EXPECT_EQ(Ask("qdrant-2.qdrant-service.default.svc.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  EXPECT_EQ(zone_.endpoint_count(), 2u);
}

TEST_F(ZoneTest, EndpointsWithoutHostnameGetDashedNames) {
  zone_.UpsertService(Service("default", "h", "None"));
  zone_.UpsertEndpointSlice(Slice("default", "h-1", "h", {Endpoint("10.244.1.9")}));
  EXPECT_EQ(Ips(Ask("10-244-1-9.h.default.svc.cluster.local", kTypeA)),
            std::vector<std::string>{"10.244.1.9"});
}

TEST_F(ZoneTest, HeadlessWithoutReadyEndpointsIsNxdomain) {
  zone_.UpsertService(Service("default", "h", "None"));
  auto r = Ask("h.default.svc.cluster.local", kTypeA);
  EXPECT_EQ(r.rcode, kRcodeNXDomain);
  EXPECT_TRUE(HasSoa(r));
  EXPECT_EQ(Ask("_tcp.h.default.svc.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  zone_.UpsertEndpointSlice(Slice("default", "h-1", "h", {Endpoint("10.244.0.1", "a", false)}));
  EXPECT_EQ(Ask("h.default.svc.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  zone_.UpsertEndpointSlice(Slice("default", "h-1", "h", {Endpoint("10.244.0.1", "a", true)}));
  EXPECT_EQ(Ips(Ask("h.default.svc.cluster.local", kTypeA)),
            std::vector<std::string>{"10.244.0.1"});
}

TEST_F(ZoneTest, EndpointsMergeAcrossSlicesWithoutDuplicates) {
  zone_.UpsertService(Service("default", "h", "None"));
  zone_.UpsertEndpointSlice(
      Slice("default", "h-1", "h", {Endpoint("10.244.0.1"), Endpoint("10.244.0.2")}));
  zone_.UpsertEndpointSlice(
      Slice("default", "h-2", "h", {Endpoint("10.244.0.2"), Endpoint("10.244.0.3")}));
  EXPECT_EQ(Ips(Ask("h.default.svc.cluster.local", kTypeA)),
            (std::vector<std::string>{"10.244.0.1", "10.244.0.2", "10.244.0.3"}));
  zone_.DeleteEndpointSlice("default", "h-1");
  EXPECT_EQ(Ips(Ask("h.default.svc.cluster.local", kTypeA)),
            (std::vector<std::string>{"10.244.0.2", "10.244.0.3"}));
}

TEST_F(ZoneTest, SlicesBeforeTheirServiceAreKept) {
  zone_.UpsertEndpointSlice(Slice("default", "h-1", "h", {Endpoint("10.244.0.1", "a")}));
  EXPECT_EQ(Ask("a.h.default.svc.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  zone_.UpsertService(Service("default", "h", "None"));
  EXPECT_EQ(Ips(Ask("a.h.default.svc.cluster.local", kTypeA)),
            std::vector<std::string>{"10.244.0.1"});
}

TEST_F(ZoneTest, UpdatesReplaceAddresses) {
  zone_.UpsertService(Service("default", "h", "None"));
  zone_.UpsertEndpointSlice(Slice("default", "h-1", "h", {Endpoint("10.244.0.1", "p-0")}));
  zone_.UpsertEndpointSlice(Slice("default", "h-1", "h", {Endpoint("10.244.0.9", "p-0")}));
  EXPECT_EQ(Ips(Ask("p-0.h.default.svc.cluster.local", kTypeA)),
            std::vector<std::string>{"10.244.0.9"});
  // The old address has no PTR any more; the new one has.
  EXPECT_FALSE(zone_.Lookup({"1.0.244.10.in-addr.arpa", kTypePTR, kClassIN}).has_value());
  auto ptr = zone_.Lookup({"9.0.244.10.in-addr.arpa", kTypePTR, kClassIN});
  ASSERT_TRUE(ptr.has_value());
  EXPECT_EQ(ptr->answers[0].target, "p-0.h.default.svc.cluster.local");
}

TEST_F(ZoneTest, DeletingTheServiceRemovesEverything) {
  zone_.UpsertService(Service("default", "web", "10.96.0.42"));
  zone_.DeleteService("default", "web");
  EXPECT_EQ(Ask("web.default.svc.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  EXPECT_FALSE(zone_.Lookup({"42.0.96.10.in-addr.arpa", kTypePTR, kClassIN}).has_value());
  EXPECT_EQ(zone_.service_count(), 0u);
}

TEST_F(ZoneTest, SrvForNamedPortsOfAClusterIPService) {
  zone_.UpsertService(Service("default", "web", "10.96.0.42",
                              {{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}},
                               {{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}},
                               {{"port", 9000}}}));
  auto r = Ask("_http._tcp.web.default.svc.cluster.local", kTypeSRV);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].srv.port, 80);
  EXPECT_EQ(r.answers[0].srv.target, "web.default.svc.cluster.local");
  ASSERT_EQ(r.additional.size(), 1u);
  EXPECT_EQ(FormatIp(r.additional[0].data), "10.96.0.42");
  EXPECT_EQ(Ask("_dns._udp.web.default.svc.cluster.local", kTypeSRV).answers.size(), 1u);
  EXPECT_EQ(Ask("_dns._tcp.web.default.svc.cluster.local", kTypeSRV).rcode, kRcodeNXDomain);
  // The service name itself lists every named port.
  EXPECT_EQ(Ask("web.default.svc.cluster.local", kTypeSRV).answers.size(), 2u);
  // A of a port name: the name exists, no A there.
  auto a = Ask("_http._tcp.web.default.svc.cluster.local", kTypeA);
  EXPECT_EQ(a.rcode, kRcodeNoError);
  EXPECT_TRUE(a.answers.empty());
}

TEST_F(ZoneTest, SrvOfAHeadlessServiceNamesEachEndpoint) {
  zone_.UpsertService(
      Service("default", "qdrant-service", "None", {{{"name", "api"}, {"port", 6333}}}));
  zone_.UpsertEndpointSlice(Slice("default", "q-1", "qdrant-service",
                                  {Endpoint("10.244.0.5", "qdrant-0"),
                                   Endpoint("10.244.0.6", "qdrant-1"), Endpoint("10.244.0.7")},
                                  {{{"name", "api"}, {"port", 6333}, {"protocol", "TCP"}}}));
  auto r = Ask("_api._tcp.qdrant-service.default.svc.cluster.local", kTypeSRV);
  ASSERT_EQ(r.answers.size(), 3u);
  std::vector<std::string> targets;
  for (const auto& rr : r.answers) {
    EXPECT_EQ(rr.srv.port, 6333);
    EXPECT_EQ(rr.srv.weight, 33);
    targets.push_back(rr.srv.target);
  }
  std::sort(targets.begin(), targets.end());
  EXPECT_EQ(targets,
            (std::vector<std::string>{"10-244-0-7.qdrant-service.default.svc.cluster.local",
                                      "qdrant-0.qdrant-service.default.svc.cluster.local",
                                      "qdrant-1.qdrant-service.default.svc.cluster.local"}));
  EXPECT_EQ(r.additional.size(), 3u);
}

TEST_F(ZoneTest, PtrForClusterIPsAndEndpoints) {
  zone_.UpsertService(Service("kube-system", "kube-dns", "10.96.0.10"));
  zone_.UpsertService(Service("default", "h", "None"));
  zone_.UpsertEndpointSlice(
      Slice("default", "h-1", "h", {Endpoint("10.244.0.5", "web-0"), Endpoint("10.244.0.6")}));
  auto dns = zone_.Lookup({"10.0.96.10.in-addr.arpa", kTypePTR, kClassIN});
  ASSERT_TRUE(dns.has_value());
  ASSERT_EQ(dns->answers.size(), 1u);
  EXPECT_EQ(dns->answers[0].target, "kube-dns.kube-system.svc.cluster.local");
  auto ep = zone_.Lookup({"5.0.244.10.in-addr.arpa.", kTypePTR, kClassIN});
  ASSERT_TRUE(ep.has_value());
  EXPECT_EQ(ep->answers[0].target, "web-0.h.default.svc.cluster.local");
  auto dashed = zone_.Lookup({"6.0.244.10.in-addr.arpa", kTypePTR, kClassIN});
  ASSERT_TRUE(dashed.has_value());
  EXPECT_EQ(dashed->answers[0].target, "10-244-0-6.h.default.svc.cluster.local");
  // Unknown addresses and malformed reverse names are not ours.
  EXPECT_FALSE(zone_.Lookup({"7.0.244.10.in-addr.arpa", kTypePTR, kClassIN}).has_value());
  EXPECT_FALSE(zone_.Lookup({"300.0.244.10.in-addr.arpa", kTypePTR, kClassIN}).has_value());
}

TEST_F(ZoneTest, Ipv6EndpointsAndReverseNames) {
  zone_.UpsertService(Service("default", "h6", "None"));
  zone_.UpsertEndpointSlice(
      Slice("default", "h6-1", "h6", {Endpoint("fd00::5", "a")}, Json::array(), "IPv6"));
  EXPECT_EQ(Ips(Ask("a.h6.default.svc.cluster.local", kTypeAAAA)),
            std::vector<std::string>{"fd00::5"});
  auto nodata = Ask("a.h6.default.svc.cluster.local", kTypeA);
  EXPECT_EQ(nodata.rcode, kRcodeNoError);
  EXPECT_TRUE(nodata.answers.empty());
  auto ip = ParseIp("fd00::5");
  ASSERT_TRUE(ip.has_value());
  auto ptr = zone_.Lookup({ReverseName(*ip), kTypePTR, kClassIN});
  ASSERT_TRUE(ptr.has_value());
  EXPECT_EQ(ptr->answers[0].target, "a.h6.default.svc.cluster.local");
}

TEST_F(ZoneTest, ExternalNameIsACname) {
  Json svc = {{"metadata", {{"name", "ext"}, {"namespace", "default"}}},
              {"spec", {{"type", "ExternalName"}, {"externalName", "db.example.com"}}}};
  zone_.UpsertService(svc);
  auto r = Ask("ext.default.svc.cluster.local", kTypeA);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].type, kTypeCNAME);
  EXPECT_EQ(r.answers[0].target, "db.example.com");
  EXPECT_EQ(r.chase, "db.example.com");
  // An in-zone target is followed here.
  zone_.UpsertService(Service("default", "web", "10.96.0.42"));
  svc["spec"]["externalName"] = "web.default.svc.cluster.local";
  zone_.UpsertService(svc);
  auto in = Ask("ext.default.svc.cluster.local", kTypeA);
  ASSERT_EQ(in.answers.size(), 2u);
  EXPECT_EQ(in.answers[0].type, kTypeCNAME);
  EXPECT_EQ(FormatIp(in.answers[1].data), "10.96.0.42");
  EXPECT_TRUE(in.chase.empty());
}

TEST_F(ZoneTest, ExternalNameLoopsEnd) {
  Json a = {{"metadata", {{"name", "a"}, {"namespace", "default"}}},
            {"spec", {{"type", "ExternalName"}, {"externalName", "b.default.svc.cluster.local"}}}};
  Json b = a;
  b["metadata"]["name"] = "b";
  b["spec"]["externalName"] = "a.default.svc.cluster.local";
  zone_.UpsertService(a);
  zone_.UpsertService(b);
  auto r = Ask("a.default.svc.cluster.local", kTypeA);
  EXPECT_LE(r.answers.size(), 10u);
}

TEST_F(ZoneTest, PodNamesCarryTheirAddress) {
  EXPECT_EQ(Ips(Ask("10-244-0-5.default.pod.cluster.local", kTypeA)),
            std::vector<std::string>{"10.244.0.5"});
  EXPECT_EQ(Ask("10-244-0.default.pod.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  EXPECT_EQ(Ask("not-an-ip.default.pod.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  EXPECT_TRUE(Ask("10-244-0-5.default.pod.cluster.local", kTypeAAAA).answers.empty());
  EXPECT_EQ(Ips(Ask("fd00--5.default.pod.cluster.local", kTypeAAAA)),
            std::vector<std::string>{"fd00::5"});
  EXPECT_EQ(Ask("10-244-0-5.nosuchns.pod.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  EXPECT_EQ(Ask("nosuchns.pod.cluster.local", kTypeA).rcode, kRcodeNXDomain);
  auto ns = Ask("default.pod.cluster.local", kTypeA);
  EXPECT_EQ(ns.rcode, kRcodeNoError);
  EXPECT_TRUE(ns.answers.empty());
}

TEST_F(ZoneTest, ApexHasSoaAndNs) {
  zone_.UpsertService(Service("kube-system", "kube-dns", "10.96.0.10"));
  auto soa = Ask("cluster.local", kTypeSOA);
  ASSERT_EQ(soa.answers.size(), 1u);
  EXPECT_EQ(soa.answers[0].soa.mname, "ns.dns.cluster.local");
  EXPECT_EQ(soa.answers[0].soa.rname, "hostmaster.cluster.local");
  EXPECT_EQ(soa.answers[0].soa.minimum, 5u);
  auto ns = Ask("cluster.local", kTypeNS);
  ASSERT_EQ(ns.answers.size(), 1u);
  EXPECT_EQ(ns.answers[0].target, "ns.dns.cluster.local");
  ASSERT_EQ(ns.additional.size(), 1u);
  EXPECT_EQ(FormatIp(ns.additional[0].data), "10.96.0.10");
  EXPECT_EQ(Ips(Ask("ns.dns.cluster.local", kTypeA)), std::vector<std::string>{"10.96.0.10"});
  auto version = Ask("dns-version.cluster.local", kTypeTXT);
  ASSERT_EQ(version.answers.size(), 1u);
  EXPECT_EQ(version.answers[0].data, std::string("\x05"
                                                 "1.1.0"));
  auto a = Ask("cluster.local", kTypeA);
  EXPECT_EQ(a.rcode, kRcodeNoError);
  EXPECT_TRUE(a.answers.empty());
}

TEST_F(ZoneTest, NamesOutsideTheZoneAreNotAnswered) {
  EXPECT_FALSE(zone_.Lookup({"example.com", kTypeA, kClassIN}).has_value());
  EXPECT_FALSE(zone_.Lookup({"local", kTypeA, kClassIN}).has_value());
  EXPECT_FALSE(zone_.Lookup({"xcluster.local", kTypeA, kClassIN}).has_value());
}

TEST_F(ZoneTest, OtherDomainAndTtl) {
  ZoneIndex zone(ZoneOptions{"k8s.internal", 30}, &clock_);
  zone.UpsertService(Service("default", "web", "10.96.0.42"));
  auto r = zone.Lookup({"web.default.svc.k8s.internal", kTypeA, kClassIN});
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->answers.size(), 1u);
  EXPECT_EQ(r->answers[0].ttl, 30u);
  EXPECT_FALSE(zone.Lookup({"web.default.svc.cluster.local", kTypeA, kClassIN}).has_value());
}

TEST_F(ZoneTest, SlicesThatChangeServiceMove) {
  zone_.UpsertService(Service("default", "a", "None"));
  zone_.UpsertService(Service("default", "b", "None"));
  zone_.UpsertEndpointSlice(Slice("default", "s", "a", {Endpoint("10.244.0.1")}));
  zone_.UpsertEndpointSlice(Slice("default", "s", "b", {Endpoint("10.244.0.1")}));
  EXPECT_TRUE(Ask("a.default.svc.cluster.local", kTypeA).answers.empty());
  EXPECT_EQ(Ask("b.default.svc.cluster.local", kTypeA).answers.size(), 1u);
}

}  // namespace
}  // namespace stead::dns

// ZoneIndex: the cluster domain (cluster.local) as the Kubernetes DNS
// specification defines it (github.com/kubernetes/dns docs/specification.md),
// with CoreDNS's kubernetes plugin as the reference for the details, held in
// memory and kept current from Service, EndpointSlice and Namespace events.
// A query is answered from this index alone; nothing is read from the store.
//
// Names (zone "cluster.local", TTL 5 s by default):
//   <svc>.<ns>.svc.<zone>               A/AAAA: the ClusterIPs; for a headless
//                                       Service every ready endpoint address
//                                       (ready unset counts as ready; none:
//                                       NXDOMAIN, as the spec says); SRV: one
//                                       per named port (targets and their
//                                       addresses in the additional section);
//                                       ExternalName: CNAME to spec.externalName
//   <ep>.<svc>.<ns>.svc.<zone>          A/AAAA of the endpoints whose hostname is
//                                       <ep>, or without a hostname whose address
//                                       written with dashes is <ep> (10-244-0-5)
//   _<port>._<proto>.<svc>.<ns>.svc.<zone>  SRV for the named port
//   <a-b-c-d>.<ns>.pod.<zone>           A of the address in the name, for an
//                                       existing namespace (CoreDNS's "pods
//                                       insecure", the kube-dns behaviour)
//   <zone>                              SOA, NS ns.dns.<zone> (whose A is the
//                                       kube-system/kube-dns ClusterIP)
//   dns-version.<zone>                  TXT "1.1.0" (the schema version)
//   d.c.b.a.in-addr.arpa, ...ip6.arpa   PTR of a ClusterIP (the Service name) or
//                                       of an endpoint address (<ep>.<svc>...)
// A name that exists without records of the asked type (an empty
// non-terminal such as svc.<zone>, <ns>.svc.<zone> of an existing namespace,
// _tcp.<svc>..., or an AAAA query of an IPv4-only name) is NODATA; any other
// name in the zone is NXDOMAIN. Both carry the zone's SOA in the authority
// section. Reverse names the index does not know are not answered (the
// caller forwards them, like CoreDNS's `fallthrough in-addr.arpa ip6.arpa`).
//
// Updates are incremental: an event recompiles only the records of the one
// Service it concerns. Thread-safe: events come from the informers' delivery
// threads, lookups from any number of server threads. Lookups share a
// reader/writer lock; an event holds it exclusively only while it recompiles
// that one Service (microseconds, a large headless Service a little more).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "dns/message.h"

namespace stead::dns {

struct ZoneOptions {
  std::string domain = "cluster.local";
  uint32_t ttl = 5;
};

struct LookupResult {
  uint8_t rcode = kRcodeNoError;
  std::vector<ResourceRecord> answers;
  std::vector<ResourceRecord> authority;
  std::vector<ResourceRecord> additional;
  // Non-empty when the answer ends in a CNAME to a name outside the zone
  // (an ExternalName Service): the caller resolves that name upstream and
  // appends what it finds.
  std::string chase;
};

class ZoneIndex {
 public:
  // `clock` (for the SOA serial, the time of the last change) must outlive
  // the index.
  ZoneIndex(ZoneOptions options, const Clock* clock);

  ZoneIndex(const ZoneIndex&) = delete;
  ZoneIndex& operator=(const ZoneIndex&) = delete;

  // Informer events (objects as served by the API).
  void UpsertService(const Json& service);
  void DeleteService(const std::string& ns, const std::string& name);
  void UpsertEndpointSlice(const Json& slice);
  void DeleteEndpointSlice(const std::string& ns, const std::string& name);
  void UpsertNamespace(const std::string& name);
  void DeleteNamespace(const std::string& name);

  const std::string& domain() const { return options_.domain; }
  // `canonical_name` (see CanonicalName) is the zone apex or below it.
  bool InZone(std::string_view canonical_name) const;
  // The answer to `q` if it is ours to give: any name in the zone, or a
  // PTR query for an address the index knows; nullopt otherwise.
  std::optional<LookupResult> Lookup(const Question& q) const;

  // Sizes, for metrics.
  size_t service_count() const;
  size_t endpoint_count() const;

 private:
  struct Port {
    std::string name;      // lowercase; "" for an unnamed port
    std::string protocol;  // "tcp", "udp", "sctp"
    uint16_t port = 0;
  };
  struct Endpoint {
    std::string ip;     // 4 or 16 bytes
    std::string label;  // hostname, or the address with dashes
    size_t port_set = 0;
  };
  enum class Kind { kClusterIP, kHeadless, kExternalName };
  // What a Service object says.
  struct ServiceSpec {
    Kind kind = Kind::kClusterIP;
    std::vector<std::string> cluster_ips;  // 4 or 16 bytes each
    std::string external_name;             // canonical
    std::vector<Port> ports;
  };
  // What an EndpointSlice says (ready endpoints only).
  struct SliceSpec {
    std::string service_key;  // "<ns>/<service>"
    std::vector<Port> ports;
    std::vector<std::pair<std::string, std::string>> endpoints;  // ip bytes, hostname
  };
  // The compiled records of one Service (immutable once published).
  struct ServiceRecords {
    std::string ns, name;
    std::string fqdn;  // <name>.<ns>.svc.<zone>
    ServiceSpec spec;
    std::vector<std::vector<Port>> port_sets;  // one per EndpointSlice
    std::vector<Endpoint> endpoints;           // deduplicated by address
  };

  // Recompiles the records of `service_key` from the specs and publishes
  // them (or removes them when the Service is gone). Caller holds mu_.
  void RebuildLocked(const std::string& service_key);
  void AddReverseLocked(const ServiceRecords& records);
  void RemoveReverseLocked(const ServiceRecords& records);
  void Touch();

  // Lookup parts (caller holds mu_ shared).
  LookupResult LookupInZoneLocked(const Question& q, const std::string& canonical, int depth) const;
  void ServiceAnswerLocked(const ServiceRecords& svc, const Question& q, int depth,
                           LookupResult* out) const;
  void EndpointAnswerLocked(const ServiceRecords& svc, std::string_view label, const Question& q,
                            LookupResult* out) const;
  void PortAnswerLocked(const ServiceRecords& svc, std::string_view port, std::string_view protocol,
                        const Question& q, LookupResult* out) const;
  void PodAnswer(std::string_view dashed, const Question& q, LookupResult* out) const;
  void ApexAnswerLocked(const Question& q, LookupResult* out) const;
  std::optional<LookupResult> ReverseLocked(const Question& q, const std::string& canonical) const;
  const ServiceRecords* FindLocked(std::string_view ns, std::string_view name) const;
  bool NamespaceExistsLocked(std::string_view ns) const;
  // NXDOMAIN / NODATA with the SOA in the authority section.
  void Negative(uint8_t rcode, LookupResult* out) const;
  ResourceRecord Soa() const;

  const ZoneOptions options_;
  const std::string suffix_;  // "." + domain
  const Clock* const clock_;
  std::atomic<uint32_t> serial_;

  mutable std::shared_mutex mu_;
  // Inputs, keyed "<ns>/<name>".
  std::unordered_map<std::string, ServiceSpec> services_;                 // guarded by mu_
  std::unordered_map<std::string, SliceSpec> slices_;                     // guarded by mu_
  std::unordered_map<std::string, std::set<std::string>> slices_by_svc_;  // guarded by mu_
  std::set<std::string, std::less<>> namespaces_;                         // guarded by mu_
  // Published records, keyed "<ns>/<name>", and the reverse index
  // (address bytes -> names, in insertion order).
  std::unordered_map<std::string, std::shared_ptr<const ServiceRecords>>
      records_;                                                        // guarded by mu_
  std::unordered_map<std::string, std::vector<std::string>> reverse_;  // guarded by mu_
  std::unordered_map<std::string, size_t> services_per_ns_;            // guarded by mu_
  size_t endpoint_count_ = 0;                                          // guarded by mu_
};

// Address helpers shared with the tests: text <-> 4/16 bytes, the dashed
// form used in names, and the reverse-lookup name of an address.
std::optional<std::string> ParseIp(std::string_view text);
std::string FormatIp(std::string_view bytes);
std::string DashedIp(std::string_view bytes);
std::string ReverseName(std::string_view bytes);

}  // namespace stead::dns

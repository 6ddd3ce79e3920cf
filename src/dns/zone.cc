#include "dns/zone.h"

#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <mutex>

namespace stead::dns {

namespace {

constexpr char kServiceNameLabel[] = "kubernetes.io/service-name";
// The schema version of the specification implemented (dns-version.<zone>).
constexpr char kSchemaVersion[] = "1.1.0";
// CNAME chains inside the zone are followed at most this deep.
constexpr int kMaxCnameDepth = 8;

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> SplitLabels(std::string_view name) {
  std::vector<std::string_view> labels;
  size_t start = 0;
  while (start <= name.size() && !name.empty()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    labels.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

bool WantsAddress(uint16_t qtype, size_t ip_size) {
  if (qtype == kTypeANY) return true;
  return ip_size == 4 ? qtype == kTypeA : qtype == kTypeAAAA;
}

std::string ProtocolOf(const Json& port) { return Lowercase(GetString(port, {"protocol"}, "TCP")); }

// spec.ports of a Service or ports of an EndpointSlice.
template <typename PortT>
std::vector<PortT> ParsePorts(const Json* ports) {
  std::vector<PortT> out;
  if (!ports || !ports->is_array()) return out;
  for (const Json& p : *ports) {
    if (!p.is_object()) continue;
    int64_t number = GetInt(p, {"port"}, 0);
    if (number <= 0 || number > 65535) continue;
    PortT port;
    port.name = Lowercase(GetString(p, {"name"}));
    port.protocol = ProtocolOf(p);
    port.port = static_cast<uint16_t>(number);
    out.push_back(std::move(port));
  }
  return out;
}

}  // namespace

std::optional<std::string> ParseIp(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    return std::string(reinterpret_cast<char*>(buf), 16);
  }
  return std::nullopt;
}

std::string FormatIp(std::string_view bytes) {
  char buf[INET6_ADDRSTRLEN] = {0};
  inet_ntop(bytes.size() == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof(buf));
  return buf;
}

std::string DashedIp(std::string_view bytes) {
  std::string text = FormatIp(bytes);
  std::replace(text.begin(), text.end(), bytes.size() == 4 ? '.' : ':', '-');
  return text;
}

std::string ReverseName(std::string_view bytes) {
  std::string out;
  if (bytes.size() == 4) {
    for (int i = 3; i >= 0; --i) out += std::to_string(static_cast<uint8_t>(bytes[i])) + ".";
    return out + "in-addr.arpa";
  }
  static const char kHex[] = "0123456789abcdef";
  for (int i = static_cast<int>(bytes.size()) - 1; i >= 0; --i) {
    uint8_t b = static_cast<uint8_t>(bytes[i]);
    out.push_back(kHex[b & 0xF]);
    out.push_back('.');
    out.push_back(kHex[b >> 4]);
    out.push_back('.');
  }
  return out + "ip6.arpa";
}

namespace {

// The address a reverse name stands for ("5.0.244.10.in-addr.arpa").
std::optional<std::string> AddressOfReverseName(std::string_view name) {
  std::vector<std::string_view> labels = SplitLabels(name);
  if (name.ends_with(".in-addr.arpa") && labels.size() == 6) {
    std::string ip(4, '\0');
    for (int i = 0; i < 4; ++i) {
      std::string_view l = labels[3 - i];
      if (l.empty() || l.size() > 3 || (l.size() > 1 && l[0] == '0')) return std::nullopt;
      int v = 0;
      for (char c : l) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
      }
      if (v > 255) return std::nullopt;
      ip[i] = static_cast<char>(v);
    }
    return ip;
  }
  if (name.ends_with(".ip6.arpa") && labels.size() == 34) {
    std::string ip(16, '\0');
    for (int i = 0; i < 32; ++i) {
      std::string_view l = labels[31 - i];
      if (l.size() != 1) return std::nullopt;
      char c = l[0];
      int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (v < 0) return std::nullopt;
      ip[i / 2] = static_cast<char>(ip[i / 2] | (i % 2 == 0 ? v << 4 : v));
    }
    return ip;
  }
  return std::nullopt;
}

// "10-244-0-5" or "fd00--1" back to address bytes.
std::optional<std::string> AddressOfDashed(std::string_view dashed) {
  std::string text(dashed);
  const bool v4 =
      std::count(text.begin(), text.end(), '-') == 3 && text.find("--") == std::string::npos;
  std::replace(text.begin(), text.end(), '-', v4 ? '.' : ':');
  auto ip = ParseIp(text);
  if (ip && (ip->size() == 4) != v4) return std::nullopt;
  return ip;
}

}  // namespace

ZoneIndex::ZoneIndex(ZoneOptions options, const Clock* clock)
    : options_(std::move(options)), suffix_("." + options_.domain), clock_(clock), serial_(0) {
  Touch();
}

void ZoneIndex::Touch() {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_->Now().time_since_epoch());
  serial_.store(static_cast<uint32_t>(now.count()));
}

void ZoneIndex::UpsertService(const Json& service) {
  ServiceSpec spec;
  const std::string type = GetString(service, {"spec", "type"}, "ClusterIP");
  const std::string cluster_ip = GetString(service, {"spec", "clusterIP"});
  if (type == "ExternalName") {
    spec.kind = Kind::kExternalName;
    spec.external_name = CanonicalName(GetString(service, {"spec", "externalName"}));
  } else if (cluster_ip == "None") {
    spec.kind = Kind::kHeadless;
  } else {
    const Json* ips = stead::Lookup(service, {"spec", "clusterIPs"});
    std::vector<std::string> texts;
    if (ips && ips->is_array()) {
      for (const Json& ip : *ips) {
        if (ip.is_string()) texts.push_back(ip.get<std::string>());
      }
    }
    if (texts.empty() && !cluster_ip.empty()) texts.push_back(cluster_ip);
    for (const std::string& t : texts) {
      if (auto bytes = ParseIp(t)) spec.cluster_ips.push_back(*bytes);
    }
  }
  spec.ports = ParsePorts<Port>(stead::Lookup(service, {"spec", "ports"}));
  const std::string key = MetaNamespace(service) + "/" + MetaName(service);
  std::unique_lock lock(mu_);
  services_[key] = std::move(spec);
  RebuildLocked(key);
}

void ZoneIndex::DeleteService(const std::string& ns, const std::string& name) {
  const std::string key = ns + "/" + name;
  std::unique_lock lock(mu_);
  if (services_.erase(key) == 0) return;
  RebuildLocked(key);
}

void ZoneIndex::UpsertEndpointSlice(const Json& slice) {
  const std::string ns = MetaNamespace(slice);
  const std::string key = ns + "/" + MetaName(slice);
  auto labels = MetaLabels(slice);
  auto service = labels.find(kServiceNameLabel);
  SliceSpec spec;
  const std::string address_type = GetString(slice, {"addressType"});
  if (service != labels.end() && !service->second.empty() &&
      (address_type == "IPv4" || address_type == "IPv6")) {
    spec.service_key = ns + "/" + service->second;
    spec.ports = ParsePorts<Port>(stead::Lookup(slice, {"ports"}));
    const Json* endpoints = stead::Lookup(slice, {"endpoints"});
    if (endpoints && endpoints->is_array()) {
      for (const Json& ep : *endpoints) {
        if (!ep.is_object()) continue;
        // A nil ready condition means unknown, which consumers treat as ready.
        if (!GetBool(ep, {"conditions", "ready"}, true)) continue;
        const Json* addresses = stead::Lookup(ep, {"addresses"});
        if (!addresses || !addresses->is_array()) continue;
        std::string hostname = Lowercase(GetString(ep, {"hostname"}));
        for (const Json& a : *addresses) {
          if (!a.is_string()) continue;
          if (auto bytes = ParseIp(a.get<std::string>()))
            spec.endpoints.emplace_back(*bytes, hostname);
        }
      }
    }
  }
  std::unique_lock lock(mu_);
  auto old = slices_.find(key);
  std::string old_service;
  if (old != slices_.end()) old_service = old->second.service_key;
  if (spec.service_key.empty()) {
    if (old != slices_.end()) slices_.erase(old);
  } else {
    slices_[key] = spec;
    slices_by_svc_[spec.service_key].insert(key);
  }
  if (!old_service.empty() && old_service != spec.service_key) {
    auto& set = slices_by_svc_[old_service];
    set.erase(key);
    if (set.empty()) slices_by_svc_.erase(old_service);
    RebuildLocked(old_service);
  }
  if (!spec.service_key.empty()) RebuildLocked(spec.service_key);
}

void ZoneIndex::DeleteEndpointSlice(const std::string& ns, const std::string& name) {
  const std::string key = ns + "/" + name;
  std::unique_lock lock(mu_);
  auto it = slices_.find(key);
  if (it == slices_.end()) return;
  std::string service = it->second.service_key;
  slices_.erase(it);
  auto& set = slices_by_svc_[service];
  set.erase(key);
  if (set.empty()) slices_by_svc_.erase(service);
  RebuildLocked(service);
}

void ZoneIndex::UpsertNamespace(const std::string& name) {
  std::unique_lock lock(mu_);
  namespaces_.insert(name);
}

void ZoneIndex::DeleteNamespace(const std::string& name) {
  std::unique_lock lock(mu_);
  namespaces_.erase(name);
}

void ZoneIndex::RebuildLocked(const std::string& service_key) {
  auto old = records_.find(service_key);
  if (old != records_.end()) {
    RemoveReverseLocked(*old->second);
    endpoint_count_ -= old->second->endpoints.size();
    auto ns = services_per_ns_.find(old->second->ns);
    if (ns != services_per_ns_.end() && --ns->second == 0) services_per_ns_.erase(ns);
    records_.erase(old);
  }
  Touch();
  auto spec = services_.find(service_key);
  if (spec == services_.end()) return;
  auto records = std::make_shared<ServiceRecords>();
  size_t slash = service_key.find('/');
  records->ns = service_key.substr(0, slash);
  records->name = service_key.substr(slash + 1);
  records->fqdn = records->name + "." + records->ns + ".svc" + suffix_;
  records->spec = spec->second;
  if (records->spec.kind != Kind::kExternalName) {
    auto slices = slices_by_svc_.find(service_key);
    std::set<std::string> seen;
    if (slices != slices_by_svc_.end()) {
      for (const std::string& slice_key : slices->second) {
        const SliceSpec& slice = slices_.at(slice_key);
        records->port_sets.push_back(slice.ports);
        for (const auto& [ip, hostname] : slice.endpoints) {
          if (!seen.insert(ip).second) continue;
          records->endpoints.push_back(
              {ip, hostname.empty() ? DashedIp(ip) : hostname, records->port_sets.size() - 1});
        }
      }
    }
  }
  endpoint_count_ += records->endpoints.size();
  ++services_per_ns_[records->ns];
  AddReverseLocked(*records);
  records_[service_key] = std::move(records);
}

void ZoneIndex::AddReverseLocked(const ServiceRecords& r) {
  for (const std::string& ip : r.spec.cluster_ips) reverse_[ip].push_back(r.fqdn);
  for (const Endpoint& ep : r.endpoints) reverse_[ep.ip].push_back(ep.label + "." + r.fqdn);
}

void ZoneIndex::RemoveReverseLocked(const ServiceRecords& r) {
  auto remove = [this](const std::string& ip, const std::string& name) {
    auto it = reverse_.find(ip);
    if (it == reverse_.end()) return;
    auto& names = it->second;
    auto pos = std::find(names.begin(), names.end(), name);
    if (pos != names.end()) names.erase(pos);
    if (names.empty()) reverse_.erase(it);
  };
  for (const std::string& ip : r.spec.cluster_ips) remove(ip, r.fqdn);
  for (const Endpoint& ep : r.endpoints) remove(ep.ip, ep.label + "." + r.fqdn);
}

bool ZoneIndex::InZone(std::string_view name) const {
  return name == options_.domain || name.ends_with(suffix_);
}

size_t ZoneIndex::service_count() const {
  std::shared_lock lock(mu_);
  return records_.size();
}

size_t ZoneIndex::endpoint_count() const {
  std::shared_lock lock(mu_);
  return endpoint_count_;
}

std::optional<LookupResult> ZoneIndex::Lookup(const Question& q) const {
  const std::string canonical = CanonicalName(q.name);
  std::shared_lock lock(mu_);
  if (InZone(canonical)) return LookupInZoneLocked(q, canonical, 0);
  return ReverseLocked(q, canonical);
}

ResourceRecord ZoneIndex::Soa() const {
  SoaData soa;
  soa.mname = "ns.dns." + options_.domain;
  soa.rname = "hostmaster." + options_.domain;
  soa.serial = serial_.load();
  soa.refresh = 7200;
  soa.retry = 1800;
  soa.expire = 86400;
  soa.minimum = options_.ttl;
  return MakeSoaRecord(options_.domain, options_.ttl, std::move(soa));
}

void ZoneIndex::Negative(uint8_t rcode, LookupResult* out) const {
  out->rcode = rcode;
  out->authority.push_back(Soa());
}

const ZoneIndex::ServiceRecords* ZoneIndex::FindLocked(std::string_view ns,
                                                       std::string_view name) const {
  std::string key;
  key.reserve(ns.size() + name.size() + 1);
  key.append(ns).append("/").append(name);
  auto it = records_.find(key);
  return it == records_.end() ? nullptr : it->second.get();
}

bool ZoneIndex::NamespaceExistsLocked(std::string_view ns) const {
  return namespaces_.count(ns) > 0 || services_per_ns_.count(std::string(ns)) > 0;
}

LookupResult ZoneIndex::LookupInZoneLocked(const Question& q, const std::string& canonical,
                                           int depth) const {
  LookupResult out;
  std::string_view rel(canonical);
  rel = rel.size() == options_.domain.size() ? std::string_view()
                                             : rel.substr(0, rel.size() - suffix_.size());
  std::vector<std::string_view> l = SplitLabels(rel);
  const size_t m = l.size();
  if (m == 0) {
    ApexAnswerLocked(q, &out);
  } else if (l.back() == "svc") {
    if (m == 1) {
      Negative(kRcodeNoError, &out);
    } else if (m == 2) {
      Negative(NamespaceExistsLocked(l[0]) ? kRcodeNoError : kRcodeNXDomain, &out);
    } else if (m > 5) {
      Negative(kRcodeNXDomain, &out);
    } else if (const ServiceRecords* svc = FindLocked(l[m - 2], l[m - 3]);
               !svc || (svc->spec.kind == Kind::kHeadless && svc->endpoints.empty())) {
      // A headless Service without ready endpoints does not exist (spec
      // 2.4.1), and so nothing below its name does (RFC 8020).
      Negative(kRcodeNXDomain, &out);
    } else if (m == 3) {
      ServiceAnswerLocked(*svc, q, depth, &out);
    } else if (m == 4 && l[0].starts_with('_')) {
      // _<proto>.<svc>...: an empty non-terminal when a named port uses it.
      std::string_view proto = l[0].substr(1);
      bool exists = std::any_of(svc->spec.ports.begin(), svc->spec.ports.end(), [&](const Port& p) {
        return !p.name.empty() && p.protocol == proto;
      });
      for (const auto& set : svc->port_sets) {
        for (const Port& p : set) exists = exists || (!p.name.empty() && p.protocol == proto);
      }
      Negative(exists ? kRcodeNoError : kRcodeNXDomain, &out);
    } else if (m == 4) {
      EndpointAnswerLocked(*svc, l[0], q, &out);
    } else if (l[0].starts_with('_') && l[1].starts_with('_')) {
      PortAnswerLocked(*svc, l[0].substr(1), l[1].substr(1), q, &out);
    } else {
      Negative(kRcodeNXDomain, &out);
    }
  } else if (l.back() == "pod") {
    // As CoreDNS: pod names exist only in existing namespaces.
    if (m == 1) {
      Negative(kRcodeNoError, &out);
    } else if (m <= 3 && !NamespaceExistsLocked(l[m - 2])) {
      Negative(kRcodeNXDomain, &out);
    } else if (m == 2) {
      Negative(kRcodeNoError, &out);
    } else if (m == 3) {
      PodAnswer(l[0], q, &out);
    } else {
      Negative(kRcodeNXDomain, &out);
    }
  } else if (m == 1 && l[0] == "dns-version") {
    if (q.type == kTypeTXT || q.type == kTypeANY) {
      out.answers.push_back(MakeTxtRecord(q.name, options_.ttl, {kSchemaVersion}));
    } else {
      Negative(kRcodeNoError, &out);
    }
  } else if (m == 1 && l[0] == "dns") {
    Negative(kRcodeNoError, &out);
  } else if (m == 2 && l[0] == "ns" && l[1] == "dns") {
    const ServiceRecords* dns = FindLocked("kube-system", "kube-dns");
    if (dns) {
      for (const std::string& ip : dns->spec.cluster_ips) {
        if (WantsAddress(q.type, ip.size())) {
          out.answers.push_back(MakeAddressRecord(q.name, options_.ttl, ip));
        }
      }
    }
    if (out.answers.empty()) Negative(kRcodeNoError, &out);
  } else {
    Negative(kRcodeNXDomain, &out);
  }
  return out;
}

void ZoneIndex::ApexAnswerLocked(const Question& q, LookupResult* out) const {
  const std::string ns_name = "ns.dns." + options_.domain;
  if (q.type == kTypeSOA || q.type == kTypeANY) out->answers.push_back(Soa());
  if (q.type == kTypeNS || q.type == kTypeANY) {
    out->answers.push_back(MakeNameRecord(q.name, kTypeNS, options_.ttl, ns_name));
    if (const ServiceRecords* dns = FindLocked("kube-system", "kube-dns")) {
      for (const std::string& ip : dns->spec.cluster_ips) {
        out->additional.push_back(MakeAddressRecord(ns_name, options_.ttl, ip));
      }
    }
  }
  if (out->answers.empty()) Negative(kRcodeNoError, out);
}

void ZoneIndex::ServiceAnswerLocked(const ServiceRecords& svc, const Question& q, int depth,
                                    LookupResult* out) const {
  const uint32_t ttl = options_.ttl;
  if (svc.spec.kind == Kind::kExternalName) {
    const std::string& target = svc.spec.external_name;
    if (target.empty()) return Negative(kRcodeNoError, out);
    out->answers.push_back(MakeNameRecord(q.name, kTypeCNAME, ttl, target));
    if (q.type == kTypeCNAME) return;
    if (!InZone(target)) {
      out->chase = target;
      return;
    }
    if (depth >= kMaxCnameDepth) return;
    Question next{target, q.type, q.klass};
    LookupResult rest = LookupInZoneLocked(next, target, depth + 1);
    out->rcode = rest.rcode;
    for (auto* section : {&rest.answers, &rest.authority, &rest.additional}) {
      auto& into = section == &rest.answers     ? out->answers
                   : section == &rest.authority ? out->authority
                                                : out->additional;
      into.insert(into.end(), section->begin(), section->end());
    }
    out->chase = rest.chase;
    return;
  }
  if (svc.spec.kind == Kind::kClusterIP) {
    for (const std::string& ip : svc.spec.cluster_ips) {
      if (WantsAddress(q.type, ip.size()))
        out->answers.push_back(MakeAddressRecord(q.name, ttl, ip));
    }
    if (q.type == kTypeSRV || q.type == kTypeANY) {
      bool any = false;
      for (const Port& p : svc.spec.ports) {
        if (p.name.empty()) continue;
        out->answers.push_back(MakeSrvRecord(q.name, ttl, {0, 100, p.port, svc.fqdn}));
        any = true;
      }
      if (any && q.type == kTypeSRV) {
        for (const std::string& ip : svc.spec.cluster_ips) {
          out->additional.push_back(MakeAddressRecord(svc.fqdn, ttl, ip));
        }
      }
    }
  } else {
    for (const Endpoint& ep : svc.endpoints) {
      if (WantsAddress(q.type, ep.ip.size())) {
        out->answers.push_back(MakeAddressRecord(q.name, ttl, ep.ip));
      }
    }
    if (q.type == kTypeSRV || q.type == kTypeANY) {
      size_t count = 0;
      for (const Endpoint& ep : svc.endpoints) {
        for (const Port& p : svc.port_sets[ep.port_set]) count += p.name.empty() ? 0 : 1;
      }
      const uint16_t weight = static_cast<uint16_t>(count ? std::max<size_t>(1, 100 / count) : 0);
      for (const Endpoint& ep : svc.endpoints) {
        const std::string target = ep.label + "." + svc.fqdn;
        bool any = false;
        for (const Port& p : svc.port_sets[ep.port_set]) {
          if (p.name.empty()) continue;
          out->answers.push_back(MakeSrvRecord(q.name, ttl, {0, weight, p.port, target}));
          any = true;
        }
        if (any && q.type == kTypeSRV)
          out->additional.push_back(MakeAddressRecord(target, ttl, ep.ip));
      }
    }
  }
  if (out->answers.empty()) Negative(kRcodeNoError, out);
}

void ZoneIndex::EndpointAnswerLocked(const ServiceRecords& svc, std::string_view label,
                                     const Question& q, LookupResult* out) const {
  bool exists = false;
  for (const Endpoint& ep : svc.endpoints) {
    if (ep.label != label) continue;
    exists = true;
    if (WantsAddress(q.type, ep.ip.size())) {
      out->answers.push_back(MakeAddressRecord(q.name, options_.ttl, ep.ip));
    }
  }
  if (out->answers.empty()) Negative(exists ? kRcodeNoError : kRcodeNXDomain, out);
}

void ZoneIndex::PortAnswerLocked(const ServiceRecords& svc, std::string_view port,
                                 std::string_view protocol, const Question& q,
                                 LookupResult* out) const {
  const uint32_t ttl = options_.ttl;
  auto matches = [&](const Port& p) { return p.name == port && p.protocol == protocol; };
  bool exists = false;
  if (svc.spec.kind == Kind::kClusterIP) {
    for (const Port& p : svc.spec.ports) {
      if (!matches(p)) continue;
      exists = true;
      if (q.type != kTypeSRV && q.type != kTypeANY) continue;
      out->answers.push_back(MakeSrvRecord(q.name, ttl, {0, 100, p.port, svc.fqdn}));
      for (const std::string& ip : svc.spec.cluster_ips) {
        out->additional.push_back(MakeAddressRecord(svc.fqdn, ttl, ip));
      }
    }
  } else if (svc.spec.kind == Kind::kHeadless) {
    size_t count = 0;
    for (const Endpoint& ep : svc.endpoints) {
      count += std::count_if(svc.port_sets[ep.port_set].begin(), svc.port_sets[ep.port_set].end(),
                             matches);
    }
    const uint16_t weight = static_cast<uint16_t>(count ? std::max<size_t>(1, 100 / count) : 0);
    for (const Endpoint& ep : svc.endpoints) {
      const std::string target = ep.label + "." + svc.fqdn;
      for (const Port& p : svc.port_sets[ep.port_set]) {
        if (!matches(p)) continue;
        exists = true;
        if (q.type != kTypeSRV && q.type != kTypeANY) continue;
        out->answers.push_back(MakeSrvRecord(q.name, ttl, {0, weight, p.port, target}));
        out->additional.push_back(MakeAddressRecord(target, ttl, ep.ip));
      }
    }
    // A named Service port without ready endpoints still names something.
    exists = exists || std::any_of(svc.spec.ports.begin(), svc.spec.ports.end(), matches);
  }
  if (out->answers.empty()) Negative(exists ? kRcodeNoError : kRcodeNXDomain, out);
}

void ZoneIndex::PodAnswer(std::string_view dashed, const Question& q, LookupResult* out) const {
  auto ip = AddressOfDashed(dashed);
  if (!ip) return Negative(kRcodeNXDomain, out);
  if (WantsAddress(q.type, ip->size())) {
    out->answers.push_back(MakeAddressRecord(q.name, options_.ttl, *ip));
  } else {
    Negative(kRcodeNoError, out);
  }
}

std::optional<LookupResult> ZoneIndex::ReverseLocked(const Question& q,
                                                     const std::string& canonical) const {
  if (q.type != kTypePTR && q.type != kTypeANY) return std::nullopt;
  auto ip = AddressOfReverseName(canonical);
  if (!ip) return std::nullopt;
  auto it = reverse_.find(*ip);
  if (it == reverse_.end()) return std::nullopt;
  LookupResult out;
  for (const std::string& name : it->second) {
    out.answers.push_back(MakeNameRecord(q.name, kTypePTR, options_.ttl, name));
  }
  return out;
}

}  // namespace stead::dns

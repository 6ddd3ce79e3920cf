#include "dns/cluster_dns.h"

#include <arpa/inet.h>
#include <ifaddrs.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "core/log.h"

namespace stead::dns {

namespace {

Result<ListenAddress> ParseListenAddress(const std::string& text) {
  auto colon = text.rfind(':');
  auto bad = [&] { return Status::Invalid("--dns-listen: \"" + text + "\" is not ADDR:PORT"); };
  if (colon == std::string::npos || colon + 1 == text.size()) return bad();
  ListenAddress a;
  a.host = text.substr(0, colon);
  if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') {
    a.host = a.host.substr(1, a.host.size() - 2);
  }
  std::string port = text.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return bad();
  int p = std::stoi(port);
  if (p > 65535 || !ParseIp(a.host)) return bad();
  a.port = static_cast<uint16_t>(p);
  return a;
}

}  // namespace

Result<std::vector<ListenAddress>> ListenAddressesFromFlag(const std::string* flag,
                                                           const std::string& dns_service_ip) {
  std::vector<ListenAddress> out;
  if (!flag) {
    out.push_back({"127.0.0.1", 53, false});
    if (ParseIp(dns_service_ip)) out.push_back({dns_service_ip, 53, false, true});
    return out;
  }
  if (*flag == "none") return out;
  std::stringstream in(*flag);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    STEAD_ASSIGN_OR_RETURN(ListenAddress a, ParseListenAddress(item));
    out.push_back(std::move(a));
  }
  if (out.empty()) return Status::Invalid("--dns-listen: no address given (use none to disable)");
  return out;
}

bool IsLocalAddress(const std::string& ip) {
  auto want = ParseIp(ip);
  if (!want) return false;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return false;
  bool found = false;
  for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    if (i->ifa_addr->sa_family == AF_INET && want->size() == 4) {
      auto* a = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
      found = std::memcmp(&a->sin_addr, want->data(), 4) == 0;
    } else if (i->ifa_addr->sa_family == AF_INET6 && want->size() == 16) {
      auto* a = reinterpret_cast<sockaddr_in6*>(i->ifa_addr);
      found = std::memcmp(&a->sin6_addr, want->data(), 16) == 0;
    }
  }
  freeifaddrs(list);
  return found;
}

std::vector<std::string> UpstreamsFor(const std::vector<std::string>& flag,
                                      const std::string& resolv_conf_path,
                                      const std::vector<ListenAddress>& listen) {
  std::vector<std::string> candidates = flag;
  if (candidates.empty()) {
    std::ifstream in(resolv_conf_path);
    std::stringstream contents;
    contents << in.rdbuf();
    candidates = ParseResolvConf(contents.str());
  }
  std::vector<std::string> out;
  for (const std::string& c : candidates) {
    auto server = ParseUpstreamServer(c);
    if (!server.ok()) {
      out.push_back(c);  // reported by Start
      continue;
    }
    bool own = false;
    for (const ListenAddress& l : listen) {
      auto mine = ParseUpstreamServer(l.host, l.port);
      own = own || (mine.ok() && mine->text == server->text);
    }
    if (own) {
      LOG_WARN("dns", "ignoring upstream that is our own address", {{"upstream", server->text}});
      continue;
    }
    out.push_back(c);
  }
  return out;
}

Result<std::unique_ptr<ClusterDns>> ClusterDns::Start(apiserver::ResourceStore* resources,
                                                      const Clock* clock, MetricsRegistry* metrics,
                                                      ClusterDnsOptions options) {
  std::unique_ptr<ClusterDns> d(new ClusterDns());
  std::vector<UpstreamServer> upstreams;
  for (const std::string& u : options.upstreams) {
    STEAD_ASSIGN_OR_RETURN(UpstreamServer s, ParseUpstreamServer(u));
    upstreams.push_back(std::move(s));
  }
  d->client_ = std::make_unique<client::LocalClient>(resources, "dns");
  d->informers_ = std::make_unique<client::SharedInformerFactory>(d->client_.get(), clock);
  d->zone_ = std::make_shared<ZoneIndex>(options.zone, clock);
  ZoneIndex* zone = d->zone_.get();

  client::ResourceEventHandler services;
  services.on_add = [zone](const client::ObjectPtr& o) { zone->UpsertService(*o); };
  services.on_update = [zone](const client::ObjectPtr&, const client::ObjectPtr& o) {
    zone->UpsertService(*o);
  };
  services.on_delete = [zone](const client::ObjectPtr& o) {
    zone->DeleteService(MetaNamespace(*o), MetaName(*o));
  };
  d->informers_->For("", "services").AddEventHandler(std::move(services));

  client::ResourceEventHandler slices;
  slices.on_add = [zone](const client::ObjectPtr& o) { zone->UpsertEndpointSlice(*o); };
  slices.on_update = [zone](const client::ObjectPtr&, const client::ObjectPtr& o) {
    zone->UpsertEndpointSlice(*o);
  };
  slices.on_delete = [zone](const client::ObjectPtr& o) {
    zone->DeleteEndpointSlice(MetaNamespace(*o), MetaName(*o));
  };
  d->informers_->For("discovery.k8s.io", "endpointslices").AddEventHandler(std::move(slices));

  client::ResourceEventHandler namespaces;
  namespaces.on_add = [zone](const client::ObjectPtr& o) { zone->UpsertNamespace(MetaName(*o)); };
  namespaces.on_update = [zone](const client::ObjectPtr&, const client::ObjectPtr& o) {
    zone->UpsertNamespace(MetaName(*o));
  };
  namespaces.on_delete = [zone](const client::ObjectPtr& o) {
    zone->DeleteNamespace(MetaName(*o));
  };
  d->informers_->For("", "namespaces").AddEventHandler(std::move(namespaces));

  d->informers_->Start();
  if (!d->informers_->WaitForCacheSync(options.sync_timeout)) {
    return Status::Timeout("dns: informers did not sync");
  }

  std::vector<std::string> upstream_texts;
  for (const auto& u : upstreams) upstream_texts.push_back(u.text);
  d->forwarder_ = std::make_unique<Forwarder>(std::move(upstreams), options.upstream_timeout);
  if (options.cache_size > 0) {
    AnswerCache::Options co;
    co.capacity = options.cache_size;
    co.hits =
        metrics->NewCounter("dns_cache_hits_total", "Forwarded queries answered from the cache.");
    co.misses =
        metrics->NewCounter("dns_cache_misses_total", "Forwarded queries not found in the cache.");
    d->cache_ = std::make_shared<AnswerCache>(clock, co);
    std::weak_ptr<AnswerCache> weak_cache = d->cache_;
    metrics->NewCallbackGauge("dns_cache_entries", "Upstream replies in the cache.", [weak_cache] {
      auto c = weak_cache.lock();
      return c ? static_cast<double>(c->size()) : 0.0;
    });
  }
  d->resolver_ = std::make_unique<Resolver>(zone, d->forwarder_.get(), d->cache_.get());
  DnsServerOptions so;
  std::vector<ListenAddress> pending;
  for (const ListenAddress& a : options.listen) {
    if (a.when_local && !IsLocalAddress(a.host)) {
      pending.push_back(a);
    } else {
      so.listen.push_back(a);
    }
  }
  so.udp_workers = options.udp_workers;
  STEAD_ASSIGN_OR_RETURN(d->server_, DnsServer::Start(std::move(so), d->resolver_.get(), metrics));
  if (!pending.empty()) {
    d->address_watcher_ = std::thread([raw = d.get(), pending] { raw->WatchAddresses(pending); });
  }

  std::weak_ptr<ZoneIndex> weak = d->zone_;
  metrics->NewCallbackGauge("dns_zone_services", "Services in the cluster DNS zone.", [weak] {
    auto z = weak.lock();
    return z ? static_cast<double>(z->service_count()) : 0.0;
  });
  metrics->NewCallbackGauge("dns_zone_endpoints",
                            "Ready endpoint addresses in the cluster DNS zone.", [weak] {
                              auto z = weak.lock();
                              return z ? static_cast<double>(z->endpoint_count()) : 0.0;
                            });
  std::string joined;
  for (const auto& t : upstream_texts) joined += (joined.empty() ? "" : ",") + t;
  LOG_INFO("dns", "serving",
           {{"zone", options.zone.domain},
            {"services", static_cast<uint64_t>(zone->service_count())},
            {"upstreams", joined.empty() ? "none" : joined}});
  return d;
}

ClusterDns::~ClusterDns() { Stop(); }

void ClusterDns::WatchAddresses(std::vector<ListenAddress> pending) {
  std::unique_lock lock(mu_);
  while (!pending.empty()) {
    if (cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; })) return;
    for (auto it = pending.begin(); it != pending.end();) {
      if (!IsLocalAddress(it->host)) {
        ++it;
        continue;
      }
      Status st = server_->Listen(*it);
      if (!st.ok()) {
        LOG_WARN("dns", "not listening",
                 {{"address", it->host + ":" + std::to_string(it->port)}, {"error", st.message()}});
      }
      it = pending.erase(it);
    }
  }
}

void ClusterDns::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (address_watcher_.joinable()) address_watcher_.join();
  if (server_) server_->Stop();
  if (informers_) informers_->Shutdown();
}

}  // namespace stead::dns

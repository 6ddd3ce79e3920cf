// ClusterDns: the DNS server built into `stead server` (what CoreDNS with
// its kubernetes and forward plugins is to a kubeadm cluster). It keeps
// informers on Services, discovery.k8s.io/v1 EndpointSlices and Namespaces
// through its own in-process client, feeds every event into the ZoneIndex,
// and serves it with a DnsServer; names outside the cluster domain go to a
// Forwarder. It runs in every server process (not only the leader): each
// answers from its own watch-fed view.
//
// Start waits for the informers' initial state before binding, so the
// first answer already knows every object. Upstream replies go through an
// AnswerCache. An address marked when_local
// (the cluster DNS address, 10.96.0.10, which lives on the node bridge) is
// bound as soon as a local interface has it: at once, or when a check every
// two seconds first finds it. Metrics: those of DnsServer plus
// dns_zone_services, dns_zone_endpoints, dns_cache_entries and
// dns_cache_{hits,misses}_total.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apiserver/resource_store.h"
#include "client/client.h"
#include "client/informer.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "dns/answer_cache.h"
#include "dns/resolver.h"
#include "dns/server.h"
#include "dns/upstream.h"
#include "dns/zone.h"

namespace stead::dns {

struct ClusterDnsOptions {
  ZoneOptions zone;
  std::vector<ListenAddress> listen;
  // Nameservers for other names ("ip[:port]"); none: SERVFAIL for them.
  std::vector<std::string> upstreams;
  std::chrono::milliseconds upstream_timeout{2000};
  // Upstream replies kept (AnswerCache); 0 turns the cache off.
  size_t cache_size = 10000;
  int udp_workers = 2;
  std::chrono::milliseconds sync_timeout{std::chrono::seconds(30)};
};

class ClusterDns {
 public:
  // `resources`, `clock` and `metrics` must outlive the returned object.
  static Result<std::unique_ptr<ClusterDns>> Start(apiserver::ResourceStore* resources,
                                                   const Clock* clock, MetricsRegistry* metrics,
                                                   ClusterDnsOptions options);
  ~ClusterDns();

  ClusterDns(const ClusterDns&) = delete;
  ClusterDns& operator=(const ClusterDns&) = delete;

  void Stop();
  std::vector<std::string> addresses() const { return server_->addresses(); }
  const ZoneIndex& zone() const { return *zone_; }

 private:
  ClusterDns() = default;

  std::unique_ptr<client::Client> client_;
  std::unique_ptr<client::SharedInformerFactory> informers_;
  // Shared with the metrics callbacks, which may outlive this object.
  std::shared_ptr<ZoneIndex> zone_;
  std::unique_ptr<Forwarder> forwarder_;
  // Shared with the metrics callbacks, which may outlive this object.
  std::shared_ptr<AnswerCache> cache_;
  std::unique_ptr<Resolver> resolver_;
  std::unique_ptr<DnsServer> server_;

  // Binds the when_local addresses once they appear.
  void WatchAddresses(std::vector<ListenAddress> pending);
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread address_watcher_;
};

// The addresses `--dns-listen` means: the given list ("none" = no DNS);
// without the flag 127.0.0.1:53 and <dns_service_ip>:53 (when_local), both
// optional.
Result<std::vector<ListenAddress>> ListenAddressesFromFlag(const std::string* flag,
                                                           const std::string& dns_service_ip);
// Whether `ip` is configured on a local interface.
bool IsLocalAddress(const std::string& ip);
// The nameservers to forward to: `flag` if given, else the host's
// resolv.conf; minus any that is one of our own listen addresses (which
// would loop).
std::vector<std::string> UpstreamsFor(const std::vector<std::string>& flag,
                                      const std::string& resolv_conf_path,
                                      const std::vector<ListenAddress>& listen);

}  // namespace stead::dns

// DnsServer: the sockets of the cluster DNS. On each listen address it
// serves UDP with several worker threads, each with its own socket bound
// with SO_REUSEPORT (the kernel spreads datagrams over them), and TCP with
// the two-byte length framing of RFC 1035 §4.2.2 (several queries per
// connection, pipelined; a connection idle for 10 s is closed, RFC 7766).
//
// A UDP worker takes and answers datagrams in batches (recvmmsg/sendmmsg,
// up to 32 per system call). Zone answers and cache hits are computed on
// the receiving thread. Queries that need the upstream go to a small pool
// of forwarding threads, so a slow upstream never delays a cluster.local
// answer; when that pool's queue is full the query gets SERVFAIL at once.
//
// Every request is counted in dns_requests_total{proto,type,rcode} and timed
// in dns_request_duration_seconds{proto}.
//
// Thread-safe; Stop() (or the destructor) closes every socket and joins
// every thread.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "core/result.h"
#include "dns/resolver.h"

namespace stead::dns {

struct ListenAddress {
  std::string host;
  uint16_t port = 53;
  // A failure to bind an optional address is logged and skipped; of a
  // required one it fails Start.
  bool required = true;
  // Bind only once a local interface has the address (ClusterDns watches
  // for it; the node bridge may come up after the server).
  bool when_local = false;
};

struct DnsServerOptions {
  std::vector<ListenAddress> listen;
  int udp_workers = 2;
  int forward_workers = 4;
  size_t forward_queue = 1024;
  size_t max_tcp_connections = 256;
};

class DnsServer {
 public:
  // `resolver` and `metrics` must outlive the server.
  static Result<std::unique_ptr<DnsServer>> Start(DnsServerOptions options,
                                                  const Resolver* resolver,
                                                  MetricsRegistry* metrics);
  ~DnsServer();

  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  void Stop();
  // Starts serving one more address.
  Status Listen(const ListenAddress& address);
  // "ip:port" of every address served.
  std::vector<std::string> addresses() const;

 private:
  struct ForwardJob {
    std::string query;
    int fd;
    sockaddr_storage peer;
    socklen_t peer_len;
    std::chrono::steady_clock::time_point start;
  };

  DnsServer(const Resolver* resolver, MetricsRegistry* metrics, DnsServerOptions options);
  // Caller holds listen_mu_.
  Status BindLocked(const ListenAddress& address);
  void UdpLoop(int fd);
  void TcpAcceptLoop(int fd);
  void TcpConnection(int fd);
  void ForwardLoop();
  void Record(const char* proto, const Reply& reply, std::chrono::steady_clock::time_point start);

  const Resolver* const resolver_;
  const DnsServerOptions options_;
  Counter* requests_;
  Histogram* duration_;
  Counter* forward_dropped_;

  int stop_fd_ = -1;  // eventfd, readable once stopping

  mutable std::mutex listen_mu_;
  std::vector<int> sockets_;            // guarded by listen_mu_
  std::vector<std::string> addresses_;  // guarded by listen_mu_
  std::vector<std::thread> threads_;    // guarded by listen_mu_

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ForwardJob> forward_queue_;  // guarded by mu_
  bool stopping_ = false;                 // guarded by mu_
  size_t open_connections_ = 0;           // guarded by mu_ (detached threads)
};

}  // namespace stead::dns

#include "dns/server.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/log.h"

namespace stead::dns {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kTcpIdleTimeoutMs = 10000;

const char* TypeLabel(uint16_t type) {
  switch (type) {
    case kTypeA:
      return "A";
    case kTypeAAAA:
      return "AAAA";
    case kTypeSRV:
      return "SRV";
    case kTypePTR:
      return "PTR";
    case kTypeCNAME:
      return "CNAME";
    case kTypeNS:
      return "NS";
    case kTypeSOA:
      return "SOA";
    case kTypeTXT:
      return "TXT";
    case kTypeMX:
      return "MX";
    case kTypeANY:
      return "ANY";
  }
  return "other";  // bounded label values
}

// Waits for `fd` or the stop descriptor; false when stopping or timed out.
bool WaitReadable(int fd, int stop_fd, int timeout_ms) {
  pollfd p[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
  while (true) {
    int n = poll(p, 2, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    return (p[1].revents & POLLIN) == 0;
  }
}

bool ReadFull(int fd, int stop_fd, char* buf, size_t size) {
  size_t got = 0;
  while (got < size) {
    if (!WaitReadable(fd, stop_fd, kTcpIdleTimeoutMs)) return false;
    ssize_t n = recv(fd, buf + got, size - got, 0);
    if (n == 0) return false;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;
    }
    got += static_cast<size_t>(n);
  }
  return true;
}

bool WriteFull(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd p{fd, POLLOUT, 0};
        if (poll(&p, 1, kTcpIdleTimeoutMs) <= 0) return false;
        continue;
      }
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// SERVFAIL for a query that cannot wait for the upstream.
Reply ServFail(std::string_view query) {
  Reply reply;
  auto parsed = ParseMessage(query);
  if (!parsed.ok() || parsed->header.qr) return reply;
  Message r;
  r.header = parsed->header;
  r.header.qr = true;
  r.header.rcode = kRcodeServFail;
  r.questions = parsed->questions;
  reply.wire = SerializeMessage(r, kMaxUdpSize);
  reply.rcode = kRcodeServFail;
  reply.qtype = parsed->questions.empty() ? 0 : parsed->questions[0].type;
  return reply;
}

}  // namespace

DnsServer::DnsServer(const Resolver* resolver, MetricsRegistry* metrics, DnsServerOptions options)
    : resolver_(resolver), options_(std::move(options)) {
  requests_ = metrics->NewCounter("dns_requests_total",
                                  "DNS requests answered, by transport, query type and rcode.");
  duration_ = metrics->NewHistogram(
      "dns_request_duration_seconds", "Time to answer a DNS request, by transport.",
      {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5});
  forward_dropped_ =
      metrics->NewCounter("dns_forward_queue_full_total",
                          "Queries answered SERVFAIL because the forwarding queue was full.");
}

Result<std::unique_ptr<DnsServer>> DnsServer::Start(DnsServerOptions options,
                                                    const Resolver* resolver,
                                                    MetricsRegistry* metrics) {
  std::unique_ptr<DnsServer> s(new DnsServer(resolver, metrics, std::move(options)));
  s->stop_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (s->stop_fd_ < 0) return Status::Internal(std::string("eventfd: ") + std::strerror(errno));
  std::lock_guard lock(s->listen_mu_);
  for (const ListenAddress& address : s->options_.listen) {
    Status st = s->BindLocked(address);
    if (st.ok()) continue;
    if (address.required) return st;
    LOG_WARN(
        "dns", "not listening",
        {{"address", address.host + ":" + std::to_string(address.port)}, {"error", st.message()}});
  }
  for (int i = 0; i < std::max(1, s->options_.forward_workers); ++i) {
    s->threads_.emplace_back([raw = s.get()] { raw->ForwardLoop(); });
  }
  for (const std::string& a : s->addresses_) LOG_INFO("dns", "listening", {{"address", a}});
  return s;
}

Status DnsServer::Listen(const ListenAddress& address) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Status::ServiceUnavailable("dns: server is stopping");
  }
  std::lock_guard lock(listen_mu_);
  STEAD_RETURN_IF_ERROR(BindLocked(address));
  LOG_INFO("dns", "listening", {{"address", addresses_.back()}});
  return Status::OK();
}

std::vector<std::string> DnsServer::addresses() const {
  std::lock_guard lock(listen_mu_);
  return addresses_;
}

Status DnsServer::BindLocked(const ListenAddress& address) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, address.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(address.port);
    len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, address.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(address.port);
    len = sizeof(sockaddr_in6);
  } else {
    return Status::Invalid("--dns-listen: bad address \"" + address.host + "\"");
  }
  const std::string text = address.host + ":" + std::to_string(address.port);
  // One attempt: every socket bound, or none left open.
  auto try_bind = [&]() -> Status {
    std::vector<int> fds;
    auto fail = [&](const char* what) {
      Status st =
          Status::Internal("dns: " + std::string(what) + " " + text + ": " + std::strerror(errno));
      for (int fd : fds) close(fd);
      return st;
    };
    auto open_socket = [&](int type) {
      int fd = socket(ss.ss_family, type | SOCK_CLOEXEC, 0);
      if (fd < 0) return -1;
      fds.push_back(fd);
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
      if (type == SOCK_DGRAM) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
      if (bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0) return -1;
      return fd;
    };
    // The first UDP socket settles the port when 0 was asked for.
    int first = open_socket(SOCK_DGRAM);
    if (first < 0) return fail("bind udp");
    if (address.port == 0) getsockname(first, reinterpret_cast<sockaddr*>(&ss), &len);
    for (int i = 1; i < std::max(1, options_.udp_workers); ++i) {
      if (open_socket(SOCK_DGRAM) < 0) return fail("bind udp");
    }
    int tcp = open_socket(SOCK_STREAM);
    if (tcp < 0) return fail("bind tcp");
    if (listen(tcp, 128) < 0) return fail("listen tcp");
    uint16_t port = ntohs(ss.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
    addresses_.push_back(address.host + ":" + std::to_string(port));
    for (int fd : fds) {
      sockets_.push_back(fd);
      if (fd == tcp) {
        threads_.emplace_back([this, fd] { TcpAcceptLoop(fd); });
      } else {
        threads_.emplace_back([this, fd] { UdpLoop(fd); });
      }
    }
    return Status::OK();
  };
  // With port 0 the kernel picks a UDP port whose TCP twin may be taken:
  // then try another.
  const int attempts = address.port == 0 ? 20 : 1;
  for (int attempt = 1;; ++attempt) {
    if (ss.ss_family == AF_INET) {
      v4->sin_port = htons(address.port);
    } else {
      v6->sin6_port = htons(address.port);
    }
    Status st = try_bind();
    if (st.ok() || attempt >= attempts) return st;
  }
}

DnsServer::~DnsServer() { Stop(); }

void DnsServer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (stop_fd_ >= 0) {
    uint64_t one = 1;
    ssize_t ignored = write(stop_fd_, &one, sizeof(one));
    (void)ignored;
  }
  cv_.notify_all();
  std::lock_guard listen_lock(listen_mu_);
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_connections_ == 0; });
  }
  for (int fd : sockets_) close(fd);
  sockets_.clear();
  if (stop_fd_ >= 0) close(stop_fd_);
  stop_fd_ = -1;
}

void DnsServer::Record(const char* proto, const Reply& reply, SteadyClock::time_point start) {
  requests_->Inc(
      {{"proto", proto}, {"rcode", RcodeName(reply.rcode)}, {"type", TypeLabel(reply.qtype)}});
  duration_->Observe(std::chrono::duration<double>(SteadyClock::now() - start).count(),
                     {{"proto", proto}});
}

void DnsServer::UdpLoop(int fd) {
  // Datagrams are taken and answered in batches (recvmmsg/sendmmsg): one
  // system call each way for up to kBatch queries under load.
  constexpr size_t kBatch = 32;
  constexpr size_t kSlot = 4096;  // a longer query is cut, and gets FORMERR
  std::vector<char> in(kBatch * kSlot);
  std::vector<sockaddr_storage> peers(kBatch);
  std::vector<iovec> in_iov(kBatch), out_iov(kBatch);
  std::vector<mmsghdr> in_msg(kBatch), out_msg(kBatch);
  std::vector<std::string> replies(kBatch);
  while (WaitReadable(fd, stop_fd_, -1)) {
    while (true) {
      for (size_t i = 0; i < kBatch; ++i) {
        in_iov[i] = {in.data() + i * kSlot, kSlot};
        in_msg[i] = {};
        in_msg[i].msg_hdr.msg_name = &peers[i];
        in_msg[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        in_msg[i].msg_hdr.msg_iov = &in_iov[i];
        in_msg[i].msg_hdr.msg_iovlen = 1;
      }
      int n = recvmmsg(fd, in_msg.data(), kBatch, MSG_DONTWAIT, nullptr);
      if (n <= 0) break;
      unsigned int count = 0;
      for (int i = 0; i < n; ++i) {
        auto start = SteadyClock::now();
        std::string_view query(in.data() + i * kSlot, in_msg[i].msg_len);
        const socklen_t peer_len = in_msg[i].msg_hdr.msg_namelen;
        Reply reply = resolver_->Answer(query, Transport::kUdp);
        if (reply.forward) {
          std::unique_lock lock(mu_);
          if (forward_queue_.size() < options_.forward_queue) {
            forward_queue_.push_back({std::string(query), fd, peers[i], peer_len, start});
            lock.unlock();
            cv_.notify_one();
            continue;
          }
          lock.unlock();
          forward_dropped_->Inc();
          reply = ServFail(query);
        }
        if (reply.wire.empty()) continue;
        Record("udp", reply, start);
        replies[count] = std::move(reply.wire);
        out_iov[count] = {replies[count].data(), replies[count].size()};
        out_msg[count] = {};
        out_msg[count].msg_hdr.msg_name = &peers[i];
        out_msg[count].msg_hdr.msg_namelen = peer_len;
        out_msg[count].msg_hdr.msg_iov = &out_iov[count];
        out_msg[count].msg_hdr.msg_iovlen = 1;
        ++count;
      }
      for (unsigned int sent = 0; sent < count;) {
        int k = sendmmsg(fd, out_msg.data() + sent, count - sent, MSG_DONTWAIT);
        if (k <= 0) break;  // a full send buffer drops replies, as a lost datagram would
        sent += static_cast<unsigned int>(k);
      }
    }
  }
}

void DnsServer::ForwardLoop() {
  while (true) {
    ForwardJob job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !forward_queue_.empty(); });
      if (stopping_) return;
      job = std::move(forward_queue_.front());
      forward_queue_.pop_front();
    }
    Reply reply = resolver_->Forward(job.query, Transport::kUdp);
    if (reply.wire.empty()) continue;
    Record("udp", reply, job.start);
    sendto(job.fd, reply.wire.data(), reply.wire.size(), MSG_DONTWAIT,
           reinterpret_cast<sockaddr*>(&job.peer), job.peer_len);
  }
}

void DnsServer::TcpAcceptLoop(int fd) {
  while (WaitReadable(fd, stop_fd_, -1)) {
    int conn = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) continue;
    std::unique_lock lock(mu_);
    if (stopping_ || open_connections_ >= options_.max_tcp_connections) {
      lock.unlock();
      close(conn);
      continue;
    }
    ++open_connections_;
    lock.unlock();
    std::thread([this, conn] {
      TcpConnection(conn);
      close(conn);
      std::lock_guard guard(mu_);
      --open_connections_;
      cv_.notify_all();
    }).detach();
  }
}

void DnsServer::TcpConnection(int fd) {
  std::string query;
  while (true) {
    char len[2];
    if (!ReadFull(fd, stop_fd_, len, 2)) return;
    size_t size = static_cast<uint8_t>(len[0]) << 8 | static_cast<uint8_t>(len[1]);
    query.assign(size, '\0');
    if (!ReadFull(fd, stop_fd_, query.data(), size)) return;
    auto start = SteadyClock::now();
    Reply reply = resolver_->Answer(query, Transport::kTcp);
    if (reply.forward) reply = resolver_->Forward(query, Transport::kTcp);
    if (reply.wire.empty()) continue;
    std::string framed;
    framed.reserve(reply.wire.size() + 2);
    framed.push_back(static_cast<char>(reply.wire.size() >> 8));
    framed.push_back(static_cast<char>(reply.wire.size()));
    framed.append(reply.wire);
    Record("tcp", reply, start);
    if (!WriteFull(fd, framed)) return;
  }
}

}  // namespace stead::dns

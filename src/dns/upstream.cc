#include "dns/upstream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <sstream>

#include "dns/message.h"

namespace stead::dns {

namespace {

using Clock = std::chrono::steady_clock;

// Closes the descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status Errno(const std::string& what) {
  return Status::ServiceUnavailable(what + ": " + std::strerror(errno));
}

// Waits until `fd` is ready for `events` or the deadline passes.
Status WaitFor(int fd, short events, Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Status::Timeout("upstream did not answer in time");
    pollfd p{fd, events, 0};
    int n = poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return Status::OK();
    if (n < 0 && errno != EINTR) return Errno("poll");
  }
}

Status WriteAll(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    STEAD_RETURN_IF_ERROR(WaitFor(fd, POLLOUT, deadline));
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Errno("send");
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

Status ReadExactly(int fd, char* buf, size_t size, Clock::time_point deadline) {
  size_t got = 0;
  while (got < size) {
    STEAD_RETURN_IF_ERROR(WaitFor(fd, POLLIN, deadline));
    ssize_t n = recv(fd, buf + got, size - got, 0);
    if (n == 0) return Status::ServiceUnavailable("upstream closed the connection");
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Errno("recv");
    }
    got += static_cast<size_t>(n);
  }
  return Status::OK();
}

// The reply answers the query sent: same id, same question.
bool Matches(std::string_view sent, std::string_view reply) {
  auto q = ParseMessage(sent);
  auto r = ParseMessage(reply);
  if (!q.ok() || !r.ok() || !r->header.qr || q->header.id != r->header.id) return false;
  if (r->questions.empty()) return r->header.rcode != kRcodeNoError;  // e.g. FORMERR
  return r->questions.size() == q->questions.size() &&
         CanonicalName(r->questions[0].name) == CanonicalName(q->questions[0].name) &&
         r->questions[0].type == q->questions[0].type;
}

}  // namespace

Result<UpstreamServer> ParseUpstreamServer(std::string_view text, uint16_t default_port) {
  std::string host(text);
  uint16_t port = default_port;
  auto bad = [&] {
    return Status::Invalid("bad nameserver address \"" + std::string(text) + "\"");
  };
  std::string port_text;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string::npos) return bad();
    std::string rest = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return bad();
      port_text = rest.substr(1);
      if (port_text.empty()) return bad();
    }
  } else if (std::count(host.begin(), host.end(), ':') == 1) {
    port_text = host.substr(host.find(':') + 1);
    host = host.substr(0, host.find(':'));
    if (port_text.empty()) return bad();
  }
  if (!port_text.empty()) {
    if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos) {
      return bad();
    }
    int p = std::stoi(port_text);
    if (p <= 0 || p > 65535) return bad();
    port = static_cast<uint16_t>(p);
  }
  size_t scope = host.find('%');
  if (scope != std::string::npos) host = host.substr(0, scope);
  UpstreamServer s;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&s.addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&s.addr);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    s.addr_len = sizeof(sockaddr_in);
    s.text = host + ":" + std::to_string(port);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    s.addr_len = sizeof(sockaddr_in6);
    s.text = "[" + host + "]:" + std::to_string(port);
  } else {
    return bad();
  }
  return s;
}

std::vector<std::string> ParseResolvConf(std::string_view contents) {
  std::vector<std::string> out;
  std::istringstream in{std::string(contents)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, value;
    if (words >> key >> value && key == "nameserver") out.push_back(value);
  }
  return out;
}

Forwarder::Forwarder(std::vector<UpstreamServer> servers, std::chrono::milliseconds timeout)
    : servers_(std::move(servers)), timeout_(timeout) {}

Result<std::string> Forwarder::Exchange(std::string_view query, bool tcp) {
  if (servers_.empty()) return Status::ServiceUnavailable("no upstream nameservers");
  if (query.size() < 2) return Status::BadRequest("query too short");
  thread_local std::mt19937 rng(std::random_device{}());
  std::string sent(query);
  const uint16_t id = static_cast<uint16_t>(rng());
  sent[0] = static_cast<char>(id >> 8);
  sent[1] = static_cast<char>(id);
  Status last;
  const size_t first = preferred_.load();
  for (size_t i = 0; i < servers_.size(); ++i) {
    size_t index = (first + i) % servers_.size();
    auto reply = ExchangeWith(servers_[index], sent, tcp);
    if (!reply.ok()) {
      last = reply.status();
      continue;
    }
    preferred_.store(index);
    (*reply)[0] = query[0];
    (*reply)[1] = query[1];
    return reply;
  }
  return last;
}

Result<std::string> Forwarder::ExchangeWith(const UpstreamServer& server, std::string_view query,
                                            bool tcp) const {
  const auto deadline = Clock::now() + timeout_;
  const int family = server.addr.ss_family;
  Fd fd(socket(family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return Errno("socket");
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&server.addr), server.addr_len) < 0) {
    if (errno != EINPROGRESS) return Errno("connect " + server.text);
    STEAD_RETURN_IF_ERROR(WaitFor(fd.get(), POLLOUT, deadline));
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      errno = err;
      return Errno("connect " + server.text);
    }
  }
  if (tcp) {
    std::string framed;
    framed.push_back(static_cast<char>(query.size() >> 8));
    framed.push_back(static_cast<char>(query.size()));
    framed.append(query);
    STEAD_RETURN_IF_ERROR(WriteAll(fd.get(), framed, deadline));
    while (true) {
      char len[2];
      STEAD_RETURN_IF_ERROR(ReadExactly(fd.get(), len, 2, deadline));
      size_t size = static_cast<uint8_t>(len[0]) << 8 | static_cast<uint8_t>(len[1]);
      std::string reply(size, '\0');
      STEAD_RETURN_IF_ERROR(ReadExactly(fd.get(), reply.data(), size, deadline));
      if (Matches(query, reply)) return reply;
    }
  }
  if (send(fd.get(), query.data(), query.size(), 0) < 0) return Errno("send to " + server.text);
  std::string buf(kMaxMessageSize, '\0');
  while (true) {
    STEAD_RETURN_IF_ERROR(WaitFor(fd.get(), POLLIN, deadline));
    ssize_t n = recv(fd.get(), buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Errno("recv from " + server.text);
    }
    std::string reply = buf.substr(0, static_cast<size_t>(n));
    if (Matches(query, reply)) return reply;
  }
}

}  // namespace stead::dns

// FakeNameserver: a tiny upstream nameserver on 127.0.0.1 (UDP and TCP on
// one free port) for the forwarding tests. It answers every A query with
// 192.0.2.7; names starting with "silent." get no reply over UDP, names
// starting with "big." a truncated (TC) UDP reply and 100 addresses over
// TCP. Each UDP reply can first be preceded by a stray datagram with the
// wrong id, which the forwarder must ignore.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "dns/message.h"

namespace stead::dns::testing {

class FakeNameserver {
 public:
  FakeNameserver() {
    udp_ = socket(AF_INET, SOCK_DGRAM, 0);
    tcp_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Find a port free for both.
    for (int i = 0; i < 50; ++i) {
      a.sin_port = 0;
      bind(udp_, reinterpret_cast<sockaddr*>(&a), sizeof(a));
      socklen_t len = sizeof(a);
      getsockname(udp_, reinterpret_cast<sockaddr*>(&a), &len);
      if (bind(tcp_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) break;
      close(udp_);
      udp_ = socket(AF_INET, SOCK_DGRAM, 0);
    }
    port_ = ntohs(a.sin_port);
    listen(tcp_, 16);
    thread_ = std::thread([this] { Run(); });
  }
  ~FakeNameserver() {
    stop_ = true;
    thread_.join();
    close(udp_);
    close(tcp_);
  }

  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::atomic<int> udp_queries{0};
  std::atomic<int> tcp_queries{0};
  std::atomic<bool> send_stray{false};

 private:
  static std::string Answer(std::string_view query, bool tcp, bool* silent) {
    auto q = ParseMessage(query);
    if (!q.ok() || q->questions.empty()) return std::string();
    Message r;
    r.header = q->header;
    r.header.qr = true;
    r.header.ra = true;
    r.questions = q->questions;
    const std::string& name = q->questions[0].name;
    *silent = !tcp && name.rfind("silent.", 0) == 0;
    if (name.rfind("big.", 0) == 0 && !tcp) {
      r.header.tc = true;
    } else {
      int count = name.rfind("big.", 0) == 0 ? 100 : 1;
      for (int i = 0; i < count; ++i) {
        r.answers.push_back(
            MakeAddressRecord(name, 30, std::string("\xc0\x00\x02", 3) + char(7 + i)));
      }
    }
    return SerializeMessage(r);
  }

  void Run() {
    while (!stop_) {
      pollfd p[2] = {{udp_, POLLIN, 0}, {tcp_, POLLIN, 0}};
      if (poll(p, 2, 20) <= 0) continue;
      if (p[0].revents & POLLIN) {
        char buf[4096];
        sockaddr_in peer{};
        socklen_t len = sizeof(peer);
        ssize_t n = recvfrom(udp_, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&peer), &len);
        if (n <= 0) continue;
        ++udp_queries;
        bool silent = false;
        std::string reply = Answer(std::string_view(buf, n), false, &silent);
        if (silent || reply.empty()) continue;
        if (send_stray) {
          std::string stray = reply;
          stray[0] = static_cast<char>(stray[0] ^ 0x55);
          sendto(udp_, stray.data(), stray.size(), 0, reinterpret_cast<sockaddr*>(&peer), len);
        }
        sendto(udp_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), len);
      }
      if (p[1].revents & POLLIN) {
        int c = accept(tcp_, nullptr, nullptr);
        if (c < 0) continue;
        unsigned char len[2];
        if (recv(c, len, 2, MSG_WAITALL) == 2) {
          std::string q(len[0] << 8 | len[1], '\0');
          if (recv(c, q.data(), q.size(), MSG_WAITALL) == static_cast<ssize_t>(q.size())) {
            ++tcp_queries;
            bool silent = false;
            std::string reply = Answer(q, true, &silent);
            std::string framed;
            framed.push_back(static_cast<char>(reply.size() >> 8));
            framed.push_back(static_cast<char>(reply.size()));
            framed += reply;
            send(c, framed.data(), framed.size(), MSG_NOSIGNAL);
          }
        }
        close(c);
      }
    }
  }

  int udp_ = -1, tcp_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace stead::dns::testing

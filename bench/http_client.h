// HttpClient: one keep-alive HTTP/1.1 connection (TLS or plain) to the API
// server, used synchronously by one benchmark thread. Requests carry the
// bearer token; the server certificate is verified against the kubeconfig's
// CA. A request on a broken connection reconnects once. Not thread-safe: one
// client per thread (the benchmarks want one connection per client anyway).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "kubeconfig.h"

namespace stead::bench {

struct HttpResponse {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  // `verify` false skips certificate checks (the startup probe polls before
  // the CA it would check against exists).
  explicit HttpClient(Endpoint endpoint, bool verify = true);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Opens the connection now (otherwise the first request does). Throws on
  // failure.
  void Connect();
  // Sends one request and reads the whole response. Throws on I/O errors.
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::string& accept = "application/json");
  HttpResponse Get(const std::string& target, const std::string& accept = "application/json") {
    return Request("GET", target, "", accept);
  }
  HttpResponse Post(const std::string& target, const std::string& body) {
    return Request("POST", target, body);
  }
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stead::bench

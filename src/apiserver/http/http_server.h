// HttpServer: the HTTP/1.1 (+TLS) front end of the API server, built on
// Boost.Beast/Asio. It parses requests, enforces size and time limits, and
// hands each complete request to an HttpHandler on a worker thread (handlers
// may block, e.g. on a store write). Long-lived responses (watch streams)
// are written through a ResponseStream from any thread.
//
// The server knows nothing about Kubernetes: routing, authentication and
// JSON live in the handler. The only bodies it writes itself are the answers
// to requests that never reach a handler (400, 413, 431).
//
// Threading: sockets are served by `io_threads` threads (one is enough for
// thousands of idle watches); handlers run on a pool of `worker_threads`.
// Responders and streams may outlive the server: once it is stopped they
// accept calls and do nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stead::apiserver::http {

// Header names are compared case-insensitively.
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // raw target "/api/v1/pods?watch=1"
  std::string path;                               // percent-decoded path "/api/v1/pods"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  Headers headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1:53422"
  bool tls = false;

  // First value of a header or query parameter, or "".
  std::string Header(const std::string& name) const;
  std::string Query(const std::string& name) const;
  bool HasQuery(const std::string& name) const;
};

// A streaming (chunked) response body. Thread-safe. Write() queues data and
// returns false once the client is gone or the stream was closed; a client
// that does not keep up (more than `max_stream_buffer_bytes` queued and not
// yet taken by the socket) is disconnected.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Each non-empty write becomes one chunk; empty writes are ignored.
  virtual bool Write(std::string data) = 0;
  // Ends the response (final chunk); the connection then serves the next
  // request if the client keeps it alive.
  virtual void Close() = 0;
  virtual bool closed() const = 0;
  // Called once when the client disconnects, the stream is closed, the
  // client is dropped for being slow, or the server stops; called at once if
  // that already happened. It runs on whichever thread ends the stream:
  // inside Close() or a failing Write(), in Stop(), or on an I/O thread when
  // the client goes away. So it must be quick, must not block, and must not
  // take a lock its owner holds around Write()/Close() (typically it only
  // flags or cancels a watch).
  virtual void OnClose(std::function<void()> callback) = 0;
};

// Passed to the handler; exactly one of Respond() or StartStream() must be
// called (a responder dropped without either answers 500). It may be moved
// to another thread and answered later. Content-Length, Transfer-Encoding
// and Date are set by the server; a "Connection: close" header closes the
// connection after the response.
//
// (Protocol upgrades, e.g. WebSocket for exec, will be a third way to answer:
// the connection hands its socket and any bytes already read to the new
// protocol.)
class Responder {
 public:
  virtual ~Responder() = default;
  virtual void Respond(int status, Headers headers, std::string body) = 0;
  virtual std::shared_ptr<ResponseStream> StartStream(int status, Headers headers) = 0;
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Runs on a worker thread.
  virtual void Handle(Request request, std::unique_ptr<Responder> responder) = 0;
};

struct TlsConfig {
  std::string cert_chain_pem;  // serving certificate (+ intermediates)
  std::string private_key_pem;
};

struct ServerOptions {
  std::string listen_address = "127.0.0.1";
  uint16_t port = 6443;  // 0 = pick a free port
  bool use_tls = true;
  TlsConfig tls;
  int io_threads = 1;
  int worker_threads = 32;
  size_t max_body_bytes = 3 * 1024 * 1024;  // upstream limit: 3 MiB
  size_t max_header_bytes = 1024 * 1024;
  size_t max_stream_buffer_bytes = 64 * 1024 * 1024;
  int request_timeout_seconds = 60;  // for reading a request (headers and body)
  int idle_timeout_seconds = 90;     // keep-alive connection without a request
};

class Server {
 public:
  virtual ~Server() = default;
  // Binds and starts accepting; returns once listening.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler* handler);
  virtual uint16_t port() const = 0;
  // Stops accepting, closes connections and streams (firing OnClose), and
  // waits for in-flight handlers. Idempotent; the destructor calls it.
  virtual void Stop() = 0;
};

}  // namespace stead::apiserver::http

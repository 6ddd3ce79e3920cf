// EtcdClient: a client of etcd v3's JSON gateway (the grpc-gateway every
// etcd >= 3.4 serves next to gRPC on its client URLs: POST /v3/kv/range,
// /v3/kv/txn, /v3/kv/compaction, /v3/watch ...), over plain HTTP/1.1.
// Requests and responses are the gateway's JSON: bytes fields base64,
// int64 fields as strings, default values omitted.
//
// Unary calls reuse keep-alive connections from a small pool; a call that
// fails on a pooled connection is retried once on a fresh one, and each
// endpoint is tried in turn. gRPC errors ({"error", "message", "code"}) come
// back as Status: code 11 (OutOfRange: compacted or future revision) keeps
// etcd's message so callers can tell which.
//
// A stream (watch) holds its own connection; each message is handed to the
// callback on the stream's thread until Cancel() or the connection ends.
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace stead::store::etcd {

// etcd's gRPC status code and message, when an error came from etcd itself.
struct EtcdError {
  int code = 0;
  std::string message;
};

class EtcdClient {
 public:
  // `endpoints`: "http://host:port" client URLs.
  static Result<std::unique_ptr<EtcdClient>> Create(const std::vector<std::string>& endpoints);
  ~EtcdClient();

  // POST `path` with `request`; the decoded response or an error. When etcd
  // answered with an error, `etcd_error` (if given) receives it.
  Result<Json> Call(std::string_view path, const Json& request, EtcdError* etcd_error = nullptr);

  class Stream {
   public:
    virtual ~Stream() = default;
    // Ends the stream; the callback is not called after this returns.
    virtual void Cancel() = 0;
  };
  // Opens a streaming call. `on_message` gets every message (the gateway
  // wraps each in {"result": ...} or {"error": ...}); `on_end` is called
  // once when the stream ends by itself (never after Cancel()).
  Result<std::unique_ptr<Stream>> OpenStream(std::string_view path, const Json& request,
                                             std::function<void(const Json&)> on_message,
                                             std::function<void(const Status&)> on_end);

  struct Endpoint {
    std::string host;
    std::string port;
  };
  struct Connection;  // one HTTP/1.1 connection (etcd_client.cc)

 private:
  explicit EtcdClient(std::vector<Endpoint> endpoints);
  Result<std::unique_ptr<Connection>> Connect();
  std::unique_ptr<Connection> Take();
  void Give(std::unique_ptr<Connection> c);

  const std::vector<Endpoint> endpoints_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  size_t next_endpoint_ = 0;                      // guarded by mu_
};

}  // namespace stead::store::etcd

// Exchange: one request/response on a connection, as seen from the handler
// side. It implements the Responder (through ExchangeResponder) and the
// ResponseStream, and is the only object handler threads touch; it reaches
// the connection solely by posting work to the connection's strand.
//
// Lifetime: shared by the handler (responder, stream) and the connection.
// The link to the connection is cut when the response is complete, when the
// connection dies, or when the server stops (ExchangeRegistry), so an
// exchange held by another thread never keeps a socket alive past Stop().
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "apiserver/http/http_server.h"

namespace stead::apiserver::http {

// What an exchange may ask of its connection. Every call posts to the
// connection's strand and returns at once.
class ConnectionLink {
 public:
  virtual ~ConnectionLink() = default;
  // Writes a complete response, then serves the next request or closes.
  virtual void PostResponse(std::string wire, bool keep_alive) = 0;
  // Writes whatever the stream of exchange `exchange_id` has queued (a
  // no-op once the connection moved on to another exchange).
  virtual void PostFlush(uint64_t exchange_id) = 0;
  // Drops the connection.
  virtual void PostAbort() = 0;
};

class Exchange;

// Tracks live exchanges so that Stop() can cut them all.
class ExchangeRegistry {
 public:
  // False once stopped: the request must not be dispatched.
  bool Add(const std::shared_ptr<Exchange>& exchange);
  void Remove(const Exchange* exchange);
  std::vector<std::shared_ptr<Exchange>> StopAndTakeAll();

 private:
  std::mutex mu_;
  bool stopped_ = false;
  std::unordered_map<const Exchange*, std::weak_ptr<Exchange>> live_;
};

struct ExchangeOptions {
  uint64_t id = 0;         // unique per connection
  bool head = false;       // HEAD request: no body is written
  bool keep_alive = true;  // the client allows another request afterwards
  bool http10 = false;     // no chunked encoding; streams end by closing
  size_t max_stream_buffer_bytes = 0;
};

class Exchange final : public ResponseStream, public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<ConnectionLink> conn, std::shared_ptr<ExchangeRegistry> registry,
           const ExchangeOptions& options);
  ~Exchange() override;

  // Handler side.
  void Respond(int status, const Headers& headers, std::string body);
  std::shared_ptr<ResponseStream> StartStream(int status, const Headers& headers);
  bool answered() const;

  // ResponseStream.
  bool Write(std::string data) override;
  void Close() override;
  bool closed() const override;
  void OnClose(std::function<void()> callback) override;

  // Connection side (strand). Moves the queued stream bytes into `out`
  // (swapping buffers) and returns true once they include the end of the
  // stream.
  bool TakePending(std::string* out);
  // `n` queued bytes reached the socket.
  void Written(size_t n);
  // The connection is gone or the server stops: the stream closes.
  void Detach();
  // Whether the connection may serve another request after this one.
  bool keep_alive() const { return keep_alive_after_; }

 private:
  enum class State { kPending, kResponded, kStreaming, kClosed };

  // Moves out the OnClose callbacks once the stream is over; call without mu_.
  static void RunCallbacks(std::vector<std::function<void()>> callbacks);

  // Constant after construction.
  const std::shared_ptr<ExchangeRegistry> registry_;
  const ExchangeOptions options_;

  mutable std::mutex mu_;
  std::shared_ptr<ConnectionLink> conn_;         // guarded by mu_; null once cut
  State state_ = State::kPending;                // guarded by mu_
  std::string pending_;                          // guarded by mu_: stream bytes not yet taken
  size_t buffered_ = 0;                          // guarded by mu_: queued + being written
  bool flush_posted_ = false;                    // guarded by mu_
  bool end_queued_ = false;                      // guarded by mu_
  std::vector<std::function<void()>> on_close_;  // guarded by mu_
  // Written before the response is posted, read by the connection after.
  bool keep_alive_after_ = true;
};

// The Responder handed to handlers; answers 500 if dropped unanswered.
class ExchangeResponder final : public Responder {
 public:
  explicit ExchangeResponder(std::shared_ptr<Exchange> exchange) : exchange_(std::move(exchange)) {}
  ~ExchangeResponder() override;
  void Respond(int status, Headers headers, std::string body) override;
  std::shared_ptr<ResponseStream> StartStream(int status, Headers headers) override;

 private:
  std::shared_ptr<Exchange> exchange_;
};

}  // namespace stead::apiserver::http

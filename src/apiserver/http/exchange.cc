#include "apiserver/http/exchange.h"

#include <strings.h>

#include "apiserver/http/wire.h"
#include "core/log.h"

namespace stead::apiserver::http {
namespace {

bool AsksToClose(const Headers& headers) {
  auto [begin, end] = headers.equal_range("Connection");
  for (auto it = begin; it != end; ++it) {
    if (strcasecmp(it->second.c_str(), "close") == 0) return true;
  }
  return false;
}

}  // namespace

bool ExchangeRegistry::Add(const std::shared_ptr<Exchange>& exchange) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return false;
  live_.emplace(exchange.get(), exchange);
  return true;
}

void ExchangeRegistry::Remove(const Exchange* exchange) {
  std::lock_guard<std::mutex> lock(mu_);
  live_.erase(exchange);
}

std::vector<std::shared_ptr<Exchange>> ExchangeRegistry::StopAndTakeAll() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  std::vector<std::shared_ptr<Exchange>> result;
  for (auto& [ptr, weak] : live_) {
    if (auto strong = weak.lock()) result.push_back(std::move(strong));
  }
  live_.clear();
  return result;
}

Exchange::Exchange(std::shared_ptr<ConnectionLink> conn, std::shared_ptr<ExchangeRegistry> registry,
                   const ExchangeOptions& options)
    : registry_(std::move(registry)), options_(options), conn_(std::move(conn)) {}

Exchange::~Exchange() { registry_->Remove(this); }

void Exchange::RunCallbacks(std::vector<std::function<void()>> callbacks) {
  for (auto& callback : callbacks) callback();
}

void Exchange::Respond(int status, const Headers& headers, std::string body) {
  bool keep_alive = options_.keep_alive && !AsksToClose(headers);
  std::string wire;
  bool send_body = !options_.head && StatusHasBody(status);
  wire.reserve(256 + (send_body ? body.size() : 0));
  AppendResponseHead({.status = status,
                      .headers = &headers,
                      .content_length = body.size(),
                      .keep_alive = keep_alive,
                      .echo_keep_alive = options_.http10 && keep_alive},
                     &wire);
  if (send_body) wire.append(body);

  std::shared_ptr<ConnectionLink> conn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ != State::kPending) {
      LOG_ERROR("http", "response already sent; ignoring a second one", {{"status", status}});
      return;
    }
    state_ = State::kResponded;
    keep_alive_after_ = keep_alive;
    conn = std::move(conn_);
  }
  registry_->Remove(this);
  if (conn) conn->PostResponse(std::move(wire), keep_alive);
}

std::shared_ptr<ResponseStream> Exchange::StartStream(int status, const Headers& headers) {
  // HTTP/1.0 has no chunked encoding: the body runs until the connection
  // closes.
  bool keep_alive = options_.keep_alive && !options_.http10 && !AsksToClose(headers);
  std::string head;
  AppendResponseHead({.status = status,
                      .headers = &headers,
                      .chunked = !options_.http10,
                      .keep_alive = keep_alive},
                     &head);
  std::shared_ptr<ConnectionLink> conn;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ != State::kPending) {
      LOG_ERROR("http", "response already sent; ignoring a stream", {{"status", status}});
      return shared_from_this();
    }
    keep_alive_after_ = keep_alive;
    if (!conn_) {
      // The connection died (or the server stopped) while the handler ran.
      state_ = State::kClosed;
      callbacks = std::move(on_close_);
    } else {
      state_ = State::kStreaming;
      buffered_ = head.size();
      pending_ = std::move(head);
      flush_posted_ = true;
      conn = conn_;
    }
  }
  if (conn) conn->PostFlush(options_.id);
  RunCallbacks(std::move(callbacks));
  return shared_from_this();
}

bool Exchange::answered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_ != State::kPending;
}

bool Exchange::Write(std::string data) {
  std::shared_ptr<ConnectionLink> flush;
  std::shared_ptr<ConnectionLink> abort;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ != State::kStreaming) return false;
    // A HEAD response has headers only.
    if (data.empty() || options_.head) return true;
    size_t size = options_.http10 ? data.size() : data.size() + ChunkOverhead(data.size());
    if (buffered_ + size > options_.max_stream_buffer_bytes) {
      LOG_WARN("http", "dropping a client that does not keep up with its stream",
               {{"buffered", static_cast<uint64_t>(buffered_)}});
      state_ = State::kClosed;
      abort = std::move(conn_);
      callbacks = std::move(on_close_);
    } else {
      if (options_.http10) {
        pending_.append(data);
      } else {
        AppendChunk(data, &pending_);
      }
      buffered_ += size;
      if (!flush_posted_) {
        flush_posted_ = true;
        flush = conn_;
      }
    }
  }
  if (flush) {
    flush->PostFlush(options_.id);
    return true;
  }
  if (!callbacks.empty() || abort) {
    registry_->Remove(this);
    if (abort) abort->PostAbort();
    RunCallbacks(std::move(callbacks));
    return false;
  }
  return true;
}

void Exchange::Close() {
  std::shared_ptr<ConnectionLink> conn;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ != State::kStreaming) return;
    state_ = State::kClosed;
    if (!options_.http10 && !options_.head) {
      pending_.append(kLastChunk);
      buffered_ += kLastChunk.size();
    }
    end_queued_ = true;
    // The connection finishes the stream on its own from here; a flush
    // already posted will pick up the end marker.
    conn = std::move(conn_);
    if (flush_posted_) conn.reset();
    flush_posted_ = true;
    callbacks = std::move(on_close_);
  }
  registry_->Remove(this);
  if (conn) conn->PostFlush(options_.id);
  RunCallbacks(std::move(callbacks));
}

bool Exchange::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_ == State::kClosed;
}

void Exchange::OnClose(std::function<void()> callback) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ != State::kClosed) {
      on_close_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

bool Exchange::TakePending(std::string* out) {
  std::lock_guard<std::mutex> lock(mu_);
  out->clear();
  out->swap(pending_);
  flush_posted_ = false;
  return end_queued_;
}

void Exchange::Written(size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  buffered_ -= std::min(n, buffered_);
}

void Exchange::Detach() {
  std::shared_ptr<ConnectionLink> conn;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    conn = std::move(conn_);
    if (state_ == State::kStreaming) {
      state_ = State::kClosed;
      callbacks = std::move(on_close_);
    }
  }
  registry_->Remove(this);
  if (conn) conn->PostAbort();
  RunCallbacks(std::move(callbacks));
}

ExchangeResponder::~ExchangeResponder() {
  if (exchange_ && !exchange_->answered()) {
    LOG_ERROR("http", "handler dropped a request without answering");
    exchange_->Respond(500, Headers{{"Content-Type", "application/json"}},
                       R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
                       R"("message":"Internal error occurred: handler did not respond",)"
                       R"("reason":"InternalError","code":500})");
  }
}

void ExchangeResponder::Respond(int status, Headers headers, std::string body) {
  exchange_->Respond(status, headers, std::move(body));
}

std::shared_ptr<ResponseStream> ExchangeResponder::StartStream(int status, Headers headers) {
  return exchange_->StartStream(status, headers);
}

}  // namespace stead::apiserver::http

#include "apiserver/http/connection.h"

#include <strings.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "apiserver/http/tls_stream.h"
#include "apiserver/http/url.h"
#include "apiserver/http/wire.h"
#include "core/log.h"

namespace stead::apiserver::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

using Timer = asio::basic_waitable_timer<std::chrono::steady_clock,
                                         asio::wait_traits<std::chrono::steady_clock>, Executor>;

// Reads that wait for a client to speak (next request, or hanging up during
// a stream) use small buffers: most such reads never see data.
constexpr size_t kReadChunk = 4 * 1024;
constexpr size_t kWatchReadChunk = 256;
// Buffers bigger than this are released when the connection goes idle, so
// thousands of idle watches stay small.
constexpr size_t kIdleBufferCapacity = 64 * 1024;
// After a response that closes the connection, unread request bytes are
// drained for a while so that the client reads the response instead of a
// reset.
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr size_t kMaxLingerBytes = 1024 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool IsHttpParseError(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

template <class Stream>
class Connection final : public ConnectionLink,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  Connection(TcpSocket socket, const ServerContext* context, std::string remote)
      : stream_(MakeStream(std::move(socket), context)),
        timer_(Socket().get_executor()),
        context_(context),
        remote_(std::move(remote)) {}

  void Start() {
    asio::post(Socket().get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Handshake();
      } else {
        self->ReadNext();
      }
    });
  }

  void PostResponse(std::string wire, bool keep_alive) override {
    asio::post(Socket().get_executor(),
               [self = this->shared_from_this(), wire = std::move(wire), keep_alive]() mutable {
                 self->WriteResponse(std::move(wire), keep_alive);
               });
  }

  void PostFlush(uint64_t exchange_id) override {
    asio::post(Socket().get_executor(), [self = this->shared_from_this(), exchange_id] {
      if (self->exchange_ && self->exchange_id_ == exchange_id) self->Flush();
    });
  }

  void PostAbort() override {
    asio::post(Socket().get_executor(), [self = this->shared_from_this()] { self->Abort(); });
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  enum class Phase {
    kIdle,       // waiting for the first byte of a request
    kReading,    // parsing a request
    kBusy,       // a handler runs or a response is written
    kStreaming,  // writing a stream
    kLingering,  // response sent, draining input before closing
  };

  static Stream MakeStream(TcpSocket socket, const ServerContext* context) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *context->tls);
    } else {
      return socket;
    }
  }

  TcpSocket& Socket() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  void Handshake() {
    ArmTimer(context_->options.request_timeout_seconds);
    stream_.async_handshake([self = this->shared_from_this()](const error_code& ec, size_t) {
      if (self->closed_) return;
      if (ec) {
        LOG_DEBUG("http", "TLS handshake failed",
                  {{"remote", self->remote_}, {"error", ec.message()}});
        self->Abort();
        return;
      }
      self->ReadNext();
    });
  }

  // Waits for the next request (or parses one already buffered).
  void ReadNext() {
    phase_ = Phase::kIdle;
    if (buffer_.size() > 0 && !reading_) {
      ReadRequest();
      return;
    }
    if (buffer_.size() == 0 && buffer_.capacity() > kIdleBufferCapacity) buffer_.shrink_to_fit();
    if (write_buffer_.capacity() > kIdleBufferCapacity) std::string().swap(write_buffer_);
    ArmTimer(context_->options.idle_timeout_seconds);
    if (!reading_) ReadSome();
  }

  void ReadSome(size_t chunk = kReadChunk) {
    reading_ = true;
    stream_.async_read_some(buffer_.prepare(chunk),
                            [self = this->shared_from_this()](const error_code& ec, size_t n) {
                              self->OnReadSome(ec, n);
                            });
  }

  void OnReadSome(const error_code& ec, size_t n) {
    reading_ = false;
    if (closed_) return;
    if (ec) {
      // The client hung up (or the connection broke): for a stream this is
      // how a watcher going away is noticed.
      Abort();
      return;
    }
    buffer_.commit(n);
    switch (phase_) {
      case Phase::kIdle:
        ReadRequest();
        break;
      case Phase::kLingering:
        lingered_bytes_ += buffer_.size();
        buffer_.consume(buffer_.size());
        if (lingered_bytes_ > kMaxLingerBytes) {
          Abort();
        } else {
          ReadSome();
        }
        break;
      case Phase::kReading:
      case Phase::kBusy:
      case Phase::kStreaming:
        // The client sent the next request early (pipelining). Keep it for
        // later; reading stops until the current response is done.
        break;
    }
  }

  void ReadRequest() {
    phase_ = Phase::kReading;
    const ServerOptions& options = context_->options;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(
        std::min<size_t>(options.max_header_bytes, std::numeric_limits<uint32_t>::max())));
    parser_->body_limit(options.max_body_bytes);
    ArmTimer(options.request_timeout_seconds);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](const error_code& ec, size_t) {
                               self->OnRequestRead(ec, /*header_only=*/true);
                             });
  }

  void OnRequestRead(const error_code& ec, bool header_only) {
    if (closed_) return;
    if (ec == bhttp::error::body_limit) {
      RejectRequest(413, RequestTooLargeBody(context_->options.max_body_bytes));
      return;
    }
    if (ec == bhttp::error::header_limit) {
      RejectRequest(431, "431 Request Header Fields Too Large");
      return;
    }
    if (ec && IsHttpParseError(ec)) {
      RejectRequest(400, "400 Bad Request");
      return;
    }
    if (ec) {
      Abort();
      return;
    }
    if (parser_->is_done()) {
      Dispatch();
      return;
    }
    if (header_only && ExpectsContinue()) {
      // The client waits for our go-ahead before sending the body.
      writing_ = true;
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](const error_code& ec, size_t) {
                          self->writing_ = false;
                          if (self->closed_) return;
                          if (ec) {
                            self->Abort();
                            return;
                          }
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  bool ExpectsContinue() {
    auto it = parser_->get().find(bhttp::field::expect);
    return it != parser_->get().end() &&
           strcasecmp(std::string(it->value()).c_str(), "100-continue") == 0;
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](const error_code& ec, size_t) {
                        self->OnRequestRead(ec, /*header_only=*/false);
                      });
  }

  void Dispatch() {
    CancelTimer();
    bhttp::request<bhttp::string_body> message = parser_->release();
    parser_.reset();
    auto target = DecodeTarget(message.target());
    if (!target) {
      RejectRequest(400, "400 Bad Request");
      return;
    }
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    for (const auto& field : message) {
      request.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remote_address = remote_;
    request.tls = kTls;

    exchange_id_++;
    exchange_ = std::make_shared<Exchange>(
        this->shared_from_this(), context_->registry,
        ExchangeOptions{.id = exchange_id_,
                        .head = message.method() == bhttp::verb::head,
                        .keep_alive = message.keep_alive(),
                        .http10 = message.version() < 11,
                        .max_stream_buffer_bytes = context_->options.max_stream_buffer_bytes});
    phase_ = Phase::kBusy;
    if (!context_->registry->Add(exchange_)) {
      Abort();  // the server is stopping
      return;
    }
    asio::post(*context_->workers,
               [handler = context_->handler, request = std::move(request),
                responder = std::make_unique<ExchangeResponder>(exchange_)]() mutable {
                 try {
                   handler->Handle(std::move(request), std::move(responder));
                 } catch (const std::exception& e) {
                   LOG_ERROR("http", "handler threw", {{"error", e.what()}});
                 }
               });
  }

  void WriteResponse(std::string wire, bool keep_alive) {
    if (closed_) return;
    exchange_.reset();
    write_buffer_ = std::move(wire);
    writing_ = true;
    asio::async_write(stream_, asio::buffer(write_buffer_),
                      [self = this->shared_from_this(), keep_alive](const error_code& ec, size_t) {
                        self->writing_ = false;
                        if (self->closed_) return;
                        if (ec) {
                          self->Abort();
                          return;
                        }
                        if (keep_alive) {
                          self->ReadNext();
                        } else {
                          self->LingeringClose();
                        }
                      });
  }

  // Answers a request the handler never sees, then closes.
  void RejectRequest(int status, std::string body) {
    CancelTimer();
    parser_.reset();
    phase_ = Phase::kBusy;
    if (status == 413) {
      Headers headers{{"Content-Type", "application/json"}};
      write_buffer_.clear();
      AppendResponseHead({.status = status,
                          .headers = &headers,
                          .content_length = body.size(),
                          .keep_alive = false},
                         &write_buffer_);
      write_buffer_.append(body);
    } else {
      write_buffer_ = PlainErrorResponse(status, body);
    }
    writing_ = true;
    asio::async_write(stream_, asio::buffer(write_buffer_),
                      [self = this->shared_from_this()](const error_code& ec, size_t) {
                        self->writing_ = false;
                        if (self->closed_) return;
                        if (ec) {
                          self->Abort();
                          return;
                        }
                        self->LingeringClose();
                      });
  }

  void Flush() {
    if (closed_) return;
    if (phase_ != Phase::kStreaming) {
      phase_ = Phase::kStreaming;
      // Keep a read pending to notice the client hanging up. Bytes already
      // buffered mean the client is talking, not leaving.
      if (buffer_.size() == 0 && !reading_) {
        buffer_.shrink_to_fit();
        ReadSome(kWatchReadChunk);
      }
    }
    if (writing_) return;
    bool end = exchange_->TakePending(&write_buffer_);
    if (write_buffer_.empty()) {
      if (end) StreamDone();
      return;
    }
    writing_ = true;
    asio::async_write(stream_, asio::buffer(write_buffer_),
                      [self = this->shared_from_this(), end](const error_code& ec, size_t n) {
                        self->writing_ = false;
                        if (self->closed_) return;
                        if (ec) {
                          self->Abort();
                          return;
                        }
                        self->exchange_->Written(n);
                        if (end) {
                          self->StreamDone();
                        } else {
                          self->Flush();
                        }
                      });
  }

  void StreamDone() {
    bool keep_alive = exchange_->keep_alive();
    exchange_.reset();
    if (keep_alive) {
      ReadNext();
    } else {
      LingeringClose();
    }
  }

  void LingeringClose() {
    phase_ = Phase::kLingering;
    lingered_bytes_ = 0;
    ArmTimer(kLingerTimeout);
    error_code ec;
    Socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) {
      Abort();
      return;
    }
    buffer_.consume(buffer_.size());
    if (!reading_) ReadSome();
  }

  void Abort() {
    if (closed_) return;
    closed_ = true;
    CancelTimer();
    error_code ignored;
    Socket().close(ignored);
    parser_.reset();
    if (exchange_) {
      std::shared_ptr<Exchange> exchange = std::move(exchange_);
      exchange->Detach();
    }
  }

  template <class Rep, class Period>
  void ArmTimer(std::chrono::duration<Rep, Period> timeout) {
    uint64_t generation = ++timer_generation_;
    timer_.expires_after(timeout);
    timer_.async_wait([self = this->shared_from_this(), generation](const error_code& ec) {
      if (ec || self->closed_ || generation != self->timer_generation_) return;
      LOG_DEBUG("http", "connection timed out", {{"remote", self->remote_}});
      self->Abort();
    });
  }
  void ArmTimer(int seconds) { ArmTimer(std::chrono::seconds(seconds)); }

  void CancelTimer() {
    ++timer_generation_;
    timer_.cancel();
  }

  Stream stream_;
  Timer timer_;
  const ServerContext* const context_;
  const std::string remote_;

  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Exchange> exchange_;
  uint64_t exchange_id_ = 0;
  std::string write_buffer_;
  uint64_t timer_generation_ = 0;
  size_t lingered_bytes_ = 0;
  Phase phase_ = Phase::kIdle;
  bool reading_ = false;  // an async_read_some is pending
  bool writing_ = false;  // an async_write is pending
  bool closed_ = false;
};

std::string RemoteAddress(const TcpSocket& socket) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "";
  if (endpoint.address().is_v6()) {
    return "[" + endpoint.address().to_string() + "]:" + std::to_string(endpoint.port());
  }
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

void StartConnection(TcpSocket socket, const ServerContext* context) {
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  std::string remote = RemoteAddress(socket);
  if (context->tls != nullptr) {
    std::make_shared<Connection<TlsStream>>(std::move(socket), context, std::move(remote))->Start();
  } else {
    std::make_shared<Connection<TcpSocket>>(std::move(socket), context, std::move(remote))->Start();
  }
}

}  // namespace stead::apiserver::http

// TlsStream: TLS over a non-blocking TCP socket for Asio. OpenSSL reads and
// writes the socket itself; when it would block, the operation waits for
// the socket to become readable/writable through Asio and tries again.
//
// Unlike asio::ssl::stream this keeps no staging buffers or BIO pair per
// connection (about 70 KiB each), so thousands of idle TLS watches cost
// little more than their OpenSSL session state.
//
// Models AsyncReadStream and AsyncWriteStream. Like any Asio stream it
// allows one read and one write in flight at a time, all started from the
// socket's strand.
#pragma once

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <utility>

#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "apiserver/http/connection.h"
#include "apiserver/http/tls_context.h"

namespace stead::apiserver::http {

class TlsStream {
 public:
  using executor_type = Executor;
  using next_layer_type = TcpSocket;

  TlsStream(TcpSocket socket, const TlsContext& context) : socket_(std::move(socket)) {
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
    ssl_ = context.NewSsl(socket_.native_handle());
  }
  ~TlsStream() { SSL_free(ssl_); }
  // Movable (with no operation in flight) so that a protocol upgrade can take
  // the stream over; the SSL keeps addressing the same descriptor.
  TlsStream(TlsStream&& other) noexcept
      : socket_(std::move(other.socket_)), ssl_(std::exchange(other.ssl_, nullptr)) {}
  TlsStream& operator=(TlsStream&&) = delete;
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }
  TcpSocket& next_layer() { return socket_; }

  template <class Handler>
  auto async_handshake(Handler&& handler) {
    return boost::asio::async_compose<Handler, void(boost::system::error_code, size_t)>(
        Op{this, Kind::kHandshake, nullptr, 0}, handler, socket_);
  }

  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    boost::asio::mutable_buffer buffer = First<boost::asio::mutable_buffer>(buffers);
    return boost::asio::async_compose<Handler, void(boost::system::error_code, size_t)>(
        Op{this, Kind::kRead, buffer.data(), buffer.size()}, handler, socket_);
  }

  template <class ConstBuffers, class Handler>
  auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    boost::asio::const_buffer buffer = First<boost::asio::const_buffer>(buffers);
    return boost::asio::async_compose<Handler, void(boost::system::error_code, size_t)>(
        Op{this, Kind::kWrite, const_cast<void*>(buffer.data()), buffer.size()}, handler, socket_);
  }

 private:
  enum class Kind { kHandshake, kRead, kWrite };
  enum class Step { kDone, kWaitRead, kWaitWrite };

  template <class Buffer, class Buffers>
  static Buffer First(const Buffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      Buffer buffer(*it);
      if (buffer.size() != 0) return buffer;
    }
    return Buffer();
  }

  // One attempt at the operation; on kDone, `*ec` and `*n` hold the result.
  Step Attempt(Kind kind, void* data, size_t size, boost::system::error_code* ec, size_t* n) {
    *n = 0;
    if (ssl_ == nullptr) {
      *ec = boost::asio::error::no_memory;
      return Step::kDone;
    }
    if (kind != Kind::kHandshake && size == 0) return Step::kDone;
    ERR_clear_error();
    int result = 0;
    switch (kind) {
      case Kind::kHandshake:
        result = SSL_do_handshake(ssl_);
        break;
      case Kind::kRead:
        result = SSL_read_ex(ssl_, data, size, n);
        break;
      case Kind::kWrite:
        result = SSL_write_ex(ssl_, data, size, n);
        break;
    }
    if (result == 1) return Step::kDone;
    int saved_errno = errno;
    int error = SSL_get_error(ssl_, result);
    switch (error) {
      case SSL_ERROR_WANT_READ:
        return Step::kWaitRead;
      case SSL_ERROR_WANT_WRITE:
        return Step::kWaitWrite;
      case SSL_ERROR_ZERO_RETURN:
        *ec = boost::asio::error::eof;
        break;
      case SSL_ERROR_SYSCALL:
        *ec = saved_errno != 0
                  ? boost::system::error_code(saved_errno, boost::system::system_category())
                  : boost::system::error_code(boost::asio::error::eof);
        break;
      default:
        *ec = boost::system::error_code(static_cast<int>(ERR_get_error()),
                                        boost::asio::error::get_ssl_category());
        break;
    }
    ERR_clear_error();
    *n = 0;
    return Step::kDone;
  }

  struct Op {
    TlsStream* stream;
    Kind kind;
    void* data;
    size_t size;
    bool started = false;

    // Called to start, and again each time the socket is ready.
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec = {}) {
      bool initiating = !started;
      started = true;
      size_t n = 0;
      if (!ec) {
        switch (stream->Attempt(kind, data, size, &ec, &n)) {
          case Step::kWaitRead:
            stream->socket_.async_wait(TcpSocket::wait_read, std::move(self));
            return;
          case Step::kWaitWrite:
            stream->socket_.async_wait(TcpSocket::wait_write, std::move(self));
            return;
          case Step::kDone:
            break;
        }
      }
      if (initiating) {
        // Never complete inside the initiating call.
        boost::asio::post(stream->socket_.get_executor(),
                          boost::beast::bind_front_handler(std::move(self), ec, n));
        return;
      }
      self.complete(ec, n);
    }

    // The posted completion of an operation that finished at once.
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec, size_t n) {
      self.complete(ec, n);
    }
  };

  TcpSocket socket_;
  SSL* ssl_ = nullptr;
};

}  // namespace stead::apiserver::http

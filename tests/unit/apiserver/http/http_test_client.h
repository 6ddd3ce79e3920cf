// A blocking HTTP/1.1 client for the server tests: plain or TLS (trusting a
// given CA and checking the server name), raw writes for malformed or
// hand-framed requests, and Beast parsing of responses.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <poll.h>

#include <chrono>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace stead::apiserver::http::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using Response = bhttp::response<bhttp::string_body>;

struct TlsClientOptions {
  std::string ca_pem;
  std::string server_name = "localhost";  // checked against the SANs
  std::vector<std::string> alpn = {"h2", "http/1.1"};
};

class TestClient {
 public:
  explicit TestClient(uint16_t port) : stream_(std::in_place_index<0>, io_) { Connect(port); }

  TestClient(uint16_t port, const TlsClientOptions& tls)
      : tls_context_(std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client)) {
    tls_context_->set_verify_mode(asio::ssl::verify_peer);
    tls_context_->add_certificate_authority(asio::buffer(tls.ca_pem));
    std::string alpn_wire;
    for (const auto& proto : tls.alpn) {
      alpn_wire.push_back(static_cast<char>(proto.size()));
      alpn_wire += proto;
    }
    SSL_CTX_set_alpn_protos(tls_context_->native_handle(),
                            reinterpret_cast<const unsigned char*>(alpn_wire.data()),
                            static_cast<unsigned>(alpn_wire.size()));
    auto& ssl = stream_.emplace<1>(io_, *tls_context_);
    SSL* native = ssl.native_handle();
    unsigned char ip[16];
    if (inet_pton(AF_INET, tls.server_name.c_str(), ip) == 1 ||
        inet_pton(AF_INET6, tls.server_name.c_str(), ip) == 1) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(native), tls.server_name.c_str());
    } else {
      SSL_set_tlsext_host_name(native, tls.server_name.c_str());
      SSL_set1_host(native, tls.server_name.c_str());
    }
    Connect(port);
    ssl.handshake(asio::ssl::stream_base::client, handshake_error_);
  }

  // Set when the TLS handshake failed.
  boost::system::error_code handshake_error() const { return handshake_error_; }

  std::string alpn() {
    const unsigned char* data = nullptr;
    unsigned int size = 0;
    SSL_get0_alpn_selected(std::get<1>(stream_).native_handle(), &data, &size);
    return std::string(reinterpret_cast<const char*>(data), size);
  }

  void WriteRaw(std::string_view data) {
    std::visit([&](auto& s) { asio::write(s, asio::buffer(data.data(), data.size())); }, stream_);
  }

  Response Read() {
    Response response;
    boost::system::error_code ec;
    std::visit([&](auto& s) { bhttp::read(s, buffer_, response, ec); }, stream_);
    last_error_ = ec;
    return response;
  }

  Response Do(bhttp::verb method, const std::string& target, const std::string& body = "",
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    bhttp::request<bhttp::string_body> request(method, target, 11);
    request.set(bhttp::field::host, "localhost");
    for (auto& [k, v] : headers) request.set(k, v);
    request.body() = body;
    request.prepare_payload();
    std::visit([&](auto& s) { bhttp::write(s, request); }, stream_);
    return Read();
  }

  // Reads a streamed response's header; then ReadChunk() for its body.
  void StartReading() {
    parser_.emplace();
    parser_->body_limit(boost::none);
    std::visit([&](auto& s) { bhttp::read_header(s, buffer_, *parser_); }, stream_);
  }
  const bhttp::response<bhttp::string_body>& streamed() { return parser_->get(); }
  bool stream_done() const { return parser_->is_done(); }
  // Reads at least one more body byte (or the end); returns the body so far.
  std::string ReadMore() {
    boost::system::error_code ec;
    size_t before = parser_->get().body().size();
    while (!parser_->is_done() && parser_->get().body().size() == before) {
      std::visit([&](auto& s) { bhttp::read_some(s, buffer_, *parser_, ec); }, stream_);
      if (ec) break;
    }
    last_error_ = ec;
    return parser_->get().body();
  }

  // Collects everything the server sends until it closes the connection;
  // false if it is still open after `timeout`.
  bool ReadUntilClose(std::string* out,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    out->assign(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    boost::system::error_code ec;
    while (!ec) {
      bool tls_pending =
          stream_.index() == 1 && SSL_pending(std::get<1>(stream_).native_handle()) > 0;
      if (!tls_pending) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{.fd = Socket().native_handle(), .events = POLLIN, .revents = 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) == 0) return false;
      }
      size_t n = 0;
      std::visit([&](auto& s) { n = s.read_some(asio::buffer(buf), ec); }, stream_);
      out->append(buf, n);
    }
    return true;
  }
  bool WaitForClose() {
    std::string ignored;
    return ReadUntilClose(&ignored);
  }

  void Close() {
    boost::system::error_code ec;
    Socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    Socket().close(ec);
  }

  uint16_t local_port() { return Socket().local_endpoint().port(); }
  boost::system::error_code last_error() const { return last_error_; }

 private:
  asio::ip::tcp::socket& Socket() {
    if (stream_.index() == 0) return std::get<0>(stream_);
    return std::get<1>(stream_).next_layer();
  }

  void Connect(uint16_t port) {
    Socket().connect({asio::ip::make_address("127.0.0.1"), port});
    Socket().set_option(asio::ip::tcp::no_delay(true));
  }

  asio::io_context io_;
  std::unique_ptr<asio::ssl::context> tls_context_;
  std::variant<asio::ip::tcp::socket, asio::ssl::stream<asio::ip::tcp::socket>> stream_{
      std::in_place_index<0>, io_};
  boost::beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  boost::system::error_code handshake_error_;
  boost::system::error_code last_error_;
};

}  // namespace stead::apiserver::http::testing

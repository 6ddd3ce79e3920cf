#include "http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <stdexcept>

namespace stead::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
  Endpoint endpoint;
  bool verify;
  asio::io_context io;
  asio::ssl::context ssl{asio::ssl::context::tls_client};
  std::optional<tcp::socket> plain;
  std::optional<asio::ssl::stream<tcp::socket>> tls;
  beast::flat_buffer buffer;

  template <class F>
  auto WithStream(F&& f) {
    if (tls) return f(*tls);
    return f(*plain);
  }
  bool connected() const { return tls.has_value() || plain.has_value(); }
};

HttpClient::HttpClient(Endpoint endpoint, bool verify) : impl_(std::make_unique<Impl>()) {
  impl_->endpoint = std::move(endpoint);
  impl_->verify = verify;
  if (impl_->endpoint.tls) {
    if (verify) {
      impl_->ssl.add_certificate_authority(asio::buffer(impl_->endpoint.ca_pem));
      impl_->ssl.set_verify_mode(asio::ssl::verify_peer);
    } else {
      impl_->ssl.set_verify_mode(asio::ssl::verify_none);
    }
  }
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  beast::error_code ignored;
  if (impl_->tls) impl_->tls->lowest_layer().close(ignored);
  if (impl_->plain) impl_->plain->close(ignored);
  impl_->tls.reset();
  impl_->plain.reset();
  impl_->buffer.clear();
}

void HttpClient::Connect() {
  Close();
  const Endpoint& e = impl_->endpoint;
  tcp::endpoint target(asio::ip::make_address(e.host), e.port);
  if (e.tls) {
    impl_->tls.emplace(impl_->io, impl_->ssl);
    impl_->tls->lowest_layer().connect(target);
    impl_->tls->lowest_layer().set_option(tcp::no_delay(true));
    if (impl_->verify) {
      impl_->tls->set_verify_callback(asio::ssl::host_name_verification(e.host));
    }
    impl_->tls->handshake(asio::ssl::stream_base::client);
  } else {
    impl_->plain.emplace(impl_->io);
    impl_->plain->connect(target);
    impl_->plain->set_option(tcp::no_delay(true));
  }
}

HttpResponse HttpClient::Request(const std::string& method, const std::string& target,
                                 const std::string& body, const std::string& accept) {
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, impl_->endpoint.host + ":" + std::to_string(impl_->endpoint.port));
  req.set(bhttp::field::accept, accept);
  req.set(bhttp::field::user_agent, "stead-load");
  if (!impl_->endpoint.token.empty()) {
    req.set(bhttp::field::authorization, "Bearer " + impl_->endpoint.token);
  }
  if (!body.empty()) {
    req.set(bhttp::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    bool fresh = !impl_->connected();
    if (fresh) Connect();
    try {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(boost::none);
      impl_->WithStream([&](auto& stream) {
        bhttp::write(stream, req);
        bhttp::read(stream, impl_->buffer, parser);
        return 0;
      });
      auto& res = parser.get();
      HttpResponse out{static_cast<int>(res.result_int()), std::move(res.body())};
      if (!parser.keep_alive()) Close();
      return out;
    } catch (const std::exception&) {
      // A keep-alive connection the server closed while idle fails on first
      // use; retry once on a fresh connection, never twice.
      Close();
      if (fresh || attempt > 0) throw;
    }
  }
}

}  // namespace stead::bench

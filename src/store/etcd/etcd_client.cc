#include "store/etcd/etcd_client.h"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <thread>

namespace stead::store::etcd {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxResponseBytes = 512u << 20;
constexpr size_t kMaxIdleConnections = 16;

Result<EtcdClient::Endpoint> ParseEndpoint(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0) {
    rest = rest.substr(7);
  } else if (rest.find("://") != std::string::npos) {
    return Status::BadRequest("etcd endpoint " + url + ": only http:// URLs are supported");
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
    return Status::BadRequest("etcd endpoint " + url + ": want http://host:port");
  return EtcdClient::Endpoint{rest.substr(0, colon), rest.substr(colon + 1)};
}

http::request<http::string_body> PostRequest(const EtcdClient::Endpoint& ep,
                                             std::string_view path, const Json& body) {
  http::request<http::string_body> req{http::verb::post, std::string(path), 11};
  req.set(http::field::host, ep.host + ":" + ep.port);
  req.set(http::field::content_type, "application/json");
  req.keep_alive(true);
  req.body() = body.dump();
  req.prepare_payload();
  return req;
}

// An error body of the gateway: {"error": ..., "message": ..., "code": n}.
Status ErrorStatus(const Json& body, unsigned http_status, EtcdError* out) {
  EtcdError e;
  e.code = body.is_object() && body.contains("code") && body["code"].is_number_integer()
               ? body["code"].get<int>()
               : 0;
  e.message = GetString(body, {"message"}, GetString(body, {"error"}));
  if (out) *out = e;
  std::string text = "etcd: " + (e.message.empty() ? "HTTP " + std::to_string(http_status)
                                                   : e.message);
  switch (e.code) {
    case 5:  // NotFound
      return Status::NotFound(text);
    case 4:  // DeadlineExceeded
      return Status::Timeout(text);
    case 3:   // InvalidArgument
    case 11:  // OutOfRange
      return Status::BadRequest(text);
    default:
      return Status::ServiceUnavailable(text);
  }
}

}  // namespace

struct EtcdClient::Connection {
  asio::io_context io;
  tcp::socket socket{io};
  beast::flat_buffer buffer;
  Endpoint endpoint;
};

EtcdClient::EtcdClient(std::vector<Endpoint> endpoints) : endpoints_(std::move(endpoints)) {}
EtcdClient::~EtcdClient() = default;

Result<std::unique_ptr<EtcdClient>> EtcdClient::Create(const std::vector<std::string>& urls) {
  if (urls.empty()) return Status::BadRequest("no etcd endpoints");
  std::vector<Endpoint> endpoints;
  for (const std::string& url : urls) {
    STEAD_ASSIGN_OR_RETURN(Endpoint ep, ParseEndpoint(url));
    endpoints.push_back(std::move(ep));
  }
  return std::unique_ptr<EtcdClient>(new EtcdClient(std::move(endpoints)));
}

Result<std::unique_ptr<EtcdClient::Connection>> EtcdClient::Connect() {
  size_t first;
  {
    std::lock_guard<std::mutex> lock(mu_);
    first = next_endpoint_;
  }
  std::string errors;
  for (size_t i = 0; i < endpoints_.size(); ++i) {
    size_t index = (first + i) % endpoints_.size();
    const Endpoint& ep = endpoints_[index];
    auto c = std::make_unique<Connection>();
    c->endpoint = ep;
    beast::error_code ec;
    tcp::resolver resolver(c->io);
    auto results = resolver.resolve(ep.host, ep.port, ec);
    if (!ec) asio::connect(c->socket, results, ec);
    if (!ec) {
      c->socket.set_option(tcp::no_delay(true), ec);
      std::lock_guard<std::mutex> lock(mu_);
      next_endpoint_ = index;
      return c;
    }
    if (!errors.empty()) errors += "; ";
    errors += ep.host + ":" + ep.port + ": " + ec.message();
  }
  return Status::ServiceUnavailable("cannot reach etcd: " + errors);
}

std::unique_ptr<EtcdClient::Connection> EtcdClient::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.empty()) return nullptr;
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return c;
}

void EtcdClient::Give(std::unique_ptr<Connection> c) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(c));
}

Result<Json> EtcdClient::Call(std::string_view path, const Json& request, EtcdError* etcd_error) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<Connection> c = attempt == 0 ? Take() : nullptr;
    bool pooled = c != nullptr;
    if (!c) {
      STEAD_ASSIGN_OR_RETURN(c, Connect());
    }
    beast::error_code ec;
    http::write(c->socket, PostRequest(c->endpoint, path, request), ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBytes);
    if (!ec) http::read(c->socket, c->buffer, parser, ec);
    if (ec) {
      // A pooled connection the server closed meanwhile: retry on a new one.
      if (pooled) continue;
      return Status::ServiceUnavailable("etcd " + std::string(path) + ": " + ec.message());
    }
    http::response<http::string_body> res = parser.release();
    bool keep = res.keep_alive();
    auto body = ParseJson(res.body());
    if (keep) Give(std::move(c));
    if (!body.ok()) {
      return Status::ServiceUnavailable("etcd " + std::string(path) +
                                        ": undecodable response: " + body.status().message());
    }
    if (res.result_int() != 200 || body->contains("error")) {
      return ErrorStatus(*body, res.result_int(), etcd_error);
    }
    return std::move(body).value();
  }
  return Status::ServiceUnavailable("etcd " + std::string(path) + ": connection lost");
}

namespace {

class StreamImpl final : public EtcdClient::Stream {
 public:
  StreamImpl(std::function<void(const Json&)> on_message, std::function<void(const Status&)> on_end)
      : on_message_(std::move(on_message)), on_end_(std::move(on_end)) {}
  ~StreamImpl() override { Cancel(); }

  void Start(std::unique_ptr<EtcdClient::Connection> connection) {
    connection_ = std::move(connection);
    fd_ = connection_->socket.native_handle();
    thread_ = std::thread([this] { Run(); });
  }

  void Cancel() override {
    {
      std::lock_guard<std::mutex> lock(callback_mu_);
      if (cancelled_) return;
      cancelled_ = true;
    }
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) {
      if (thread_.get_id() == std::this_thread::get_id()) {
        thread_.detach();
      } else {
        thread_.join();
      }
    }
  }

 private:
  void Run() {
    Status end = Read();
    std::lock_guard<std::mutex> lock(callback_mu_);
    if (!cancelled_ && on_end_) on_end_(end);
  }

  Status Read() {
    http::response_parser<http::empty_body> parser;
    parser.body_limit(boost::none);
    std::string pending;
    bool stop = false;
    auto on_chunk = [&](std::uint64_t, beast::string_view data, beast::error_code&) {
      pending.append(data.data(), data.size());
      size_t start = 0;
      for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string_view line(pending.data() + start, nl - start);
        if (line.find_first_not_of(" \r\t") == std::string_view::npos) continue;
        auto message = ParseJson(line);
        std::lock_guard<std::mutex> lock(callback_mu_);
        if (cancelled_) {
          stop = true;
          break;
        }
        if (message.ok()) on_message_(*message);
      }
      pending.erase(0, start);
      return data.size();
    };
    parser.on_chunk_body(on_chunk);
    beast::error_code ec;
    tcp::socket& socket = connection_->socket;
    beast::flat_buffer& buffer = connection_->buffer;
    http::read_header(socket, buffer, parser, ec);
    if (ec) return Status::ServiceUnavailable("etcd stream: " + ec.message());
    if (parser.get().result_int() != 200)
      return Status::ServiceUnavailable("etcd stream: HTTP " +
                                        std::to_string(parser.get().result_int()));
    while (!stop && !parser.is_done()) {
      http::read_some(socket, buffer, parser, ec);
      if (ec) return Status::ServiceUnavailable("etcd stream: " + ec.message());
    }
    return Status::ServiceUnavailable("etcd stream ended");
  }

  const std::function<void(const Json&)> on_message_;
  const std::function<void(const Status&)> on_end_;
  std::unique_ptr<EtcdClient::Connection> connection_;
  int fd_ = -1;
  std::mutex callback_mu_;
  bool cancelled_ = false;  // guarded by callback_mu_
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<EtcdClient::Stream>> EtcdClient::OpenStream(
    std::string_view path, const Json& request, std::function<void(const Json&)> on_message,
    std::function<void(const Status&)> on_end) {
  STEAD_ASSIGN_OR_RETURN(std::unique_ptr<Connection> c, Connect());
  beast::error_code ec;
  http::write(c->socket, PostRequest(c->endpoint, path, request), ec);
  if (ec) return Status::ServiceUnavailable("etcd " + std::string(path) + ": " + ec.message());
  auto stream = std::make_unique<StreamImpl>(std::move(on_message), std::move(on_end));
  stream->Start(std::move(c));
  return std::unique_ptr<Stream>(std::move(stream));
}

}  // namespace stead::store::etcd

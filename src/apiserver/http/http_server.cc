#include "apiserver/http/http_server.h"

#include <strings.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "apiserver/http/connection.h"
#include "apiserver/http/exchange.h"
#include "apiserver/http/tls_context.h"
#include "core/log.h"

namespace stead::apiserver::http {

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::string Request::Header(const std::string& name) const {
  auto it = headers.lower_bound(name);
  if (it == headers.end() || strcasecmp(it->first.c_str(), name.c_str()) != 0) return "";
  return it->second;
}

std::string Request::Query(const std::string& name) const {
  auto it = query.lower_bound(name);
  if (it == query.end() || it->first != name) return "";
  return it->second;
}

bool Request::HasQuery(const std::string& name) const { return query.count(name) > 0; }

namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using Acceptor = asio::basic_socket_acceptor<asio::ip::tcp, Executor>;

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, Handler* handler) {
    context_.options = options;
    context_.handler = handler;
    context_.registry = std::make_shared<ExchangeRegistry>();
  }

  ~ServerImpl() override { Stop(); }

  Status Listen() {
    if (context_.options.use_tls) {
      auto tls = TlsContext::Create(context_.options.tls);
      if (!tls.ok()) return tls.status();
      tls_ = std::move(tls).value();
      context_.tls = tls_.get();
    }
    error_code ec;
    asio::ip::address address = asio::ip::make_address(context_.options.listen_address, ec);
    if (ec) {
      return Status::BadRequest("invalid listen address \"" + context_.options.listen_address +
                                "\"");
    }
    asio::ip::tcp::endpoint endpoint(address, context_.options.port);
    io_ = std::make_unique<asio::io_context>(std::max(1, context_.options.io_threads));
    acceptor_.emplace(asio::make_strand(*io_));
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::string message = "cannot listen on " + endpoint.address().to_string() + ":" +
                            std::to_string(endpoint.port()) + ": " + ec.message();
      acceptor_.reset();
      io_.reset();
      return Status::Internal(message);
    }
    port_ = acceptor_->local_endpoint().port();
    workers_ = std::make_unique<asio::thread_pool>(std::max(1, context_.options.worker_threads));
    context_.workers = workers_.get();
    retry_timer_.emplace(acceptor_->get_executor());
    Accept();
    for (int i = 0; i < std::max(1, context_.options.io_threads); ++i) {
      io_threads_.emplace_back([this] { io_->run(); });
    }
    LOG_INFO("http", "listening",
             {{"address", context_.options.listen_address},
              {"port", static_cast<int>(port_)},
              {"tls", context_.options.use_tls}});
    return Status::OK();
  }

  uint16_t port() const override { return port_; }

  void Stop() override {
    std::lock_guard<std::mutex> lock(stop_mu_);
    if (!io_) return;
    // Cut every exchange first: streams fire OnClose and let go of their
    // connections, handlers still running will answer into the void.
    for (auto& exchange : context_.registry->StopAndTakeAll()) exchange->Detach();
    io_->stop();
    for (auto& thread : io_threads_) thread.join();
    io_threads_.clear();
    // Handlers not started yet are dropped; running ones finish.
    workers_->stop();
    workers_->join();
    // Destroying the io_context destroys every pending operation, and with
    // them the connections and their sockets.
    retry_timer_.reset();
    acceptor_.reset();
    io_.reset();
    workers_.reset();
    context_.workers = nullptr;
  }

 private:
  void Accept() {
    acceptor_->async_accept(asio::make_strand(*io_),
                            [this](const error_code& ec, TcpSocket socket) {
                              if (ec == asio::error::operation_aborted) return;
                              if (ec) {
                                // Typically out of file descriptors: back off instead of spinning.
                                LOG_WARN("http", "accept failed", {{"error", ec.message()}});
                                retry_timer_->expires_after(std::chrono::milliseconds(100));
                                retry_timer_->async_wait([this](const error_code& wait_ec) {
                                  if (!wait_ec) Accept();
                                });
                                return;
                              }
                              StartConnection(std::move(socket), &context_);
                              Accept();
                            });
  }

  ServerContext context_;
  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<asio::io_context> io_;
  std::optional<Acceptor> acceptor_;
  std::optional<asio::basic_waitable_timer<std::chrono::steady_clock,
                                           asio::wait_traits<std::chrono::steady_clock>, Executor>>
      retry_timer_;
  std::unique_ptr<asio::thread_pool> workers_;
  std::vector<std::thread> io_threads_;
  uint16_t port_ = 0;
  std::mutex stop_mu_;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler* handler) {
  auto server = std::make_unique<ServerImpl>(options, handler);
  STEAD_RETURN_IF_ERROR(server->Listen());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace stead::apiserver::http

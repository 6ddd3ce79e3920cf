#include "watchers.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <optional>

namespace stead::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct WatcherPool::Io {
  asio::io_context io;
  asio::ssl::context ssl{asio::ssl::context::tls_client};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
};

struct WatcherPool::Session : std::enable_shared_from_this<WatcherPool::Session> {
  Session(WatcherPool* pool, int index)
      : pool(pool),
        index(index),
        socket(asio::make_strand(pool->io_->io)),
        row(&pool->arrivals_[index * pool->max_objects_]) {}

  WatcherPool* pool;
  int index;
  tcp::socket socket;  // plain HTTP, or the layer below `tls`
  std::optional<asio::ssl::stream<tcp::socket&>> tls;
  beast::flat_buffer buffer;
  bhttp::request<bhttp::empty_body> request;
  bhttp::response_parser<bhttp::empty_body> parser;
  // The parser keeps a reference to its chunk callback.
  std::function<std::size_t(std::uint64_t, beast::string_view, beast::error_code&)> on_chunk;
  std::string pending;  // bytes of an event line not yet complete
  int64_t* row;
  bool failed = false;

  void Fail() {
    if (failed) return;
    failed = true;
    pool->failures_.fetch_add(1);
    beast::error_code ignored;
    socket.close(ignored);
  }

  template <class F>
  void WithStream(F&& f) {
    if (tls) {
      f(*tls);
    } else {
      f(socket);
    }
  }

  void Begin() {
    const Endpoint& e = pool->endpoint_;
    tcp::endpoint target(asio::ip::make_address(e.host), e.port);
    socket.async_connect(target, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->Fail();
      self->socket.set_option(tcp::no_delay(true));
      if (self->pool->endpoint_.tls) {
        self->tls.emplace(self->socket, self->pool->io_->ssl);
        self->tls->set_verify_callback(
            asio::ssl::host_name_verification(self->pool->endpoint_.host));
        self->tls->async_handshake(asio::ssl::stream_base::client, [self](beast::error_code ec) {
          if (ec) return self->Fail();
          self->SendRequest();
        });
      } else {
        self->SendRequest();
      }
    });
  }

  void SendRequest() {
    const Endpoint& e = pool->endpoint_;
    request = bhttp::request<bhttp::empty_body>(bhttp::verb::get, pool->target_, 11);
    request.set(bhttp::field::host, e.host + ":" + std::to_string(e.port));
    request.set(bhttp::field::accept, "application/json");
    request.set(bhttp::field::user_agent, "stead-load-watch");
    if (!e.token.empty()) request.set(bhttp::field::authorization, "Bearer " + e.token);
    parser.body_limit(boost::none);
    on_chunk = [this](std::uint64_t, beast::string_view body, beast::error_code&) {
      OnBody(body);
      return body.size();
    };
    parser.on_chunk_body(on_chunk);
    WithStream([&](auto& stream) {
      bhttp::async_write(stream, request,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                           if (ec) return self->Fail();
                           self->ReadHeader();
                         });
    });
  }

  void ReadHeader() {
    WithStream([&](auto& stream) {
      bhttp::async_read_header(stream, buffer, parser,
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (ec || self->parser.get().result_int() != 200) {
                                   return self->Fail();
                                 }
                                 self->pool->streaming_.fetch_add(1);
                                 self->ReadBody();
                               });
    });
  }

  void ReadBody() {
    WithStream([&](auto& stream) {
      bhttp::async_read_some(stream, buffer, parser,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec || self->parser.is_done()) return self->Fail();
                               self->ReadBody();
                             });
    });
  }

  void OnBody(beast::string_view data) {
    int64_t now = NowNanos();
    pending.append(data.data(), data.size());
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      OnLine(std::string_view(pending).substr(start, nl - start), now);
    }
    pending.erase(0, start);
  }

  void OnLine(std::string_view line, int64_t now) {
    if (line.rfind(R"({"type":"ADDED")", 0) != 0) return;
    const std::string& needle = pool->needle_;
    auto at = line.find(needle);
    if (at == std::string_view::npos) return;
    size_t n = 0;
    bool digits = false;
    for (size_t i = at + needle.size(); i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
      n = n * 10 + static_cast<size_t>(line[i] - '0');
      digits = true;
    }
    if (!digits || n >= pool->max_objects_) return;
    if (row[n] == 0) {
      row[n] = now;
      pool->events_.fetch_add(1, std::memory_order_relaxed);
    }
  }
};

WatcherPool::WatcherPool(Endpoint endpoint, std::string target, int watchers,
                         std::string name_prefix, size_t max_objects, int io_threads)
    : endpoint_(std::move(endpoint)),
      target_(std::move(target)),
      watchers_(watchers),
      needle_("\"name\":\"" + name_prefix),
      max_objects_(max_objects),
      io_threads_(io_threads),
      arrivals_(static_cast<size_t>(watchers) * max_objects, 0),
      io_(std::make_unique<Io>()) {
  if (endpoint_.tls) {
    io_->ssl.add_certificate_authority(asio::buffer(endpoint_.ca_pem));
    io_->ssl.set_verify_mode(asio::ssl::verify_peer);
  }
}

WatcherPool::~WatcherPool() { Stop(); }

int WatcherPool::Start(std::chrono::milliseconds timeout) {
  io_->work.emplace(io_->io.get_executor());
  for (int i = 0; i < io_threads_; ++i) threads_.emplace_back([this] { io_->io.run(); });
  for (int i = 0; i < watchers_; ++i) {
    sessions_.push_back(std::make_shared<Session>(this, i));
    asio::post(sessions_.back()->socket.get_executor(), [s = sessions_.back()] { s->Begin(); });
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (streaming_.load() + failures_.load() < watchers_ &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return streaming_.load();
}

void WatcherPool::WaitForEvents(int64_t expected, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (events_.load() < expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void WatcherPool::Stop() {
  if (threads_.empty()) return;
  for (auto& s : sessions_) {
    asio::post(s->socket.get_executor(), [s] {
      beast::error_code ignored;
      s->failed = true;  // a close we asked for is not a failure
      s->socket.close(ignored);
    });
  }
  io_->work.reset();
  io_->io.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  sessions_.clear();
}

}  // namespace stead::bench

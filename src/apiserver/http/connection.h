// Connection: one accepted socket (plain TCP or TLS) serving HTTP/1.1
// requests one after the other. It reads a request under size and time
// limits, hands it to the handler on the worker pool, writes the response
// (or a chunked stream) and then waits for the next request.
//
// Every connection runs on its own strand; all its state is touched only
// from there. While a stream is being written a read stays pending so that a
// client hanging up is noticed at once. The socket and the bytes already
// read stay in the connection object, so a protocol upgrade can take both
// over later.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "apiserver/http/exchange.h"
#include "apiserver/http/http_server.h"

namespace stead::apiserver::http {

class TlsContext;

using Executor = boost::asio::strand<boost::asio::io_context::executor_type>;
using TcpSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, Executor>;

// Everything connections share. Owned by the server, constant while it runs,
// and outlives every connection (they die with the io_context).
struct ServerContext {
  ServerOptions options;
  Handler* handler = nullptr;
  boost::asio::thread_pool* workers = nullptr;
  const TlsContext* tls = nullptr;  // null: plain HTTP
  std::shared_ptr<ExchangeRegistry> registry;
};

// Takes over an accepted socket and starts serving it.
void StartConnection(TcpSocket socket, const ServerContext* context);

}  // namespace stead::apiserver::http

#include "apiserver/http/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "apiserver/auth/pki.h"
#include "unit/apiserver/http/http_test_client.h"

namespace stead::apiserver::http {
namespace {

using testing::TestClient;
using testing::TlsClientOptions;
namespace bhttp = boost::beast::http;

constexpr auto kWait = std::chrono::seconds(20);

class FnHandler : public Handler {
 public:
  using Fn = std::function<void(Request, std::unique_ptr<Responder>)>;
  explicit FnHandler(Fn fn) : fn_(std::move(fn)) {}
  void Handle(Request request, std::unique_ptr<Responder> responder) override {
    fn_(std::move(request), std::move(responder));
  }

 private:
  Fn fn_;
};

// Answers with a JSON echo of the request.
void Echo(Request request, std::unique_ptr<Responder> responder) {
  std::string query;
  for (const auto& [k, v] : request.query) query += k + "=" + v + ";";
  std::string body = request.method + " " + request.path + " ?" + query + " body=" + request.body +
                     " x=" + request.Header("x-test") + " remote=" + request.remote_address;
  responder->Respond(200, {{"Content-Type", "text/plain"}}, body);
}

ServerOptions PlainOptions() {
  ServerOptions options;
  options.port = 0;
  options.use_tls = false;
  options.worker_threads = 4;
  return options;
}

std::unique_ptr<Server> StartServer(const ServerOptions& options, Handler* handler) {
  auto server = Server::Start(options, handler);
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return std::move(server).value();
}

TEST(HttpServerTest, ServesAPlainRequest) {
  FnHandler handler(Echo);
  auto server = StartServer(PlainOptions(), &handler);
  ASSERT_NE(server->port(), 0);
  TestClient client(server->port());
  auto response = client.Do(bhttp::verb::get, "/api/v1/name%20spaces?watch=1&label=a%3Db+c", "",
                            {{"X-Test", "yes"}});
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(),
            "GET /api/v1/name spaces ?label=a=b c;watch=1; body= x=yes remote=127.0.0.1:" +
                std::to_string(client.local_port()));
  EXPECT_EQ(response[bhttp::field::content_type], "text/plain");
  EXPECT_FALSE(response[bhttp::field::date].empty());
  EXPECT_TRUE(response.keep_alive());
}

TEST(HttpServerTest, KeepsTheConnectionAliveAcrossRequests) {
  std::atomic<int> calls = 0;
  std::mutex mu;
  std::set<std::string> remotes;
  FnHandler handler([&](Request request, std::unique_ptr<Responder> responder) {
    {
      std::lock_guard<std::mutex> lock(mu);
      remotes.insert(request.remote_address);
    }
    responder->Respond(200, {}, std::to_string(++calls) + ":" + request.body);
  });
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  for (int i = 1; i <= 5; ++i) {
    auto response = client.Do(bhttp::verb::post, "/x", "n" + std::to_string(i));
    EXPECT_EQ(response.body(), std::to_string(i) + ":n" + std::to_string(i));
  }
  EXPECT_EQ(remotes.size(), 1u);
}

TEST(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  FnHandler handler(Echo);
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  client.WriteRaw(
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(client.Read().body().substr(0, 8), "GET /one");
  auto second = client.Read();
  EXPECT_EQ(second.body().substr(0, 8), "POST /tw");
  EXPECT_NE(second.body().find("body=abc"), std::string::npos);
}

TEST(HttpServerTest, ReadsChunkedRequestBodies) {
  FnHandler handler(Echo);
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  client.WriteRaw(
      "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("body=hello world "), std::string::npos) << response.body();
}

TEST(HttpServerTest, SendsContinueBeforeReadingTheBody) {
  FnHandler handler(Echo);
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  client.WriteRaw(
      "POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  auto interim = client.Read();
  EXPECT_EQ(interim.result_int(), 100);
  client.WriteRaw("data");
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("body=data "), std::string::npos);
}

TEST(HttpServerTest, RejectsTooLargeBodiesWithAStatus) {
  std::atomic<int> calls = 0;
  FnHandler handler([&](Request, std::unique_ptr<Responder> responder) {
    ++calls;
    responder->Respond(200, {}, "");
  });
  ServerOptions options = PlainOptions();
  const std::string expected =
      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
      R"("message":"Request entity too large: limit is 3145728","reason":"RequestEntityTooLarge","code":413})";
  auto server = StartServer(options, &handler);
  {
    // Announced by Content-Length (with Expect, so the body is never sent).
    TestClient client(server->port());
    client.WriteRaw(
        "POST /big HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3145729\r\n\r\n");
    auto response = client.Read();
    EXPECT_EQ(response.result_int(), 413);
    EXPECT_EQ(response.body(), expected);
    EXPECT_EQ(response[bhttp::field::content_type], "application/json");
    EXPECT_FALSE(response.keep_alive());
  }
  {
    // Chunked: only noticed while reading.
    TestClient client(server->port());
    std::string chunk(1024 * 1024, 'a');
    std::string request = "POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i) request += "100000\r\n" + chunk + "\r\n";
    request += "0\r\n\r\n";
    client.WriteRaw(request);
    auto response = client.Read();
    EXPECT_EQ(response.result_int(), 413);
    EXPECT_EQ(response.body(), expected);
  }
  {
    // Exactly at the limit is fine.
    TestClient client(server->port());
    auto response = client.Do(bhttp::verb::post, "/ok", std::string(options.max_body_bytes, 'b'));
    EXPECT_EQ(response.result_int(), 200);
  }
  EXPECT_EQ(calls, 1);
}

TEST(HttpServerTest, RejectsMalformedAndOversizedHeaders) {
  FnHandler handler(Echo);
  ServerOptions options = PlainOptions();
  options.max_header_bytes = 1024;
  auto server = StartServer(options, &handler);
  {
    TestClient client(server->port());
    client.WriteRaw("GARBAGE\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 400);
  }
  {
    TestClient client(server->port());
    client.WriteRaw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'x') + "\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 431);
  }
  {
    TestClient client(server->port());
    client.WriteRaw("GET /bad%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 400);
  }
}

TEST(HttpServerTest, ClosesConnectionsThatDoNotSendARequestInTime) {
  FnHandler handler(Echo);
  ServerOptions options = PlainOptions();
  options.request_timeout_seconds = 1;
  auto server = StartServer(options, &handler);
  TestClient client(server->port());
  client.WriteRaw("GET / HTTP/1.1\r\nHost:");
  EXPECT_TRUE(client.WaitForClose());
}

TEST(HttpServerTest, ClosesIdleKeepAliveConnections) {
  FnHandler handler(Echo);
  ServerOptions options = PlainOptions();
  options.idle_timeout_seconds = 1;
  auto server = StartServer(options, &handler);
  TestClient client(server->port());
  EXPECT_EQ(client.Do(bhttp::verb::get, "/").result_int(), 200);
  EXPECT_TRUE(client.WaitForClose());
}

TEST(HttpServerTest, HeadResponsesHaveNoBody) {
  FnHandler handler([](Request, std::unique_ptr<Responder> responder) {
    responder->Respond(200, {}, "twelve bytes");
  });
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  client.WriteRaw("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string raw;
  ASSERT_TRUE(client.ReadUntilClose(&raw));
  EXPECT_NE(raw.find("\r\nContent-Length: 12\r\n"), std::string::npos) << raw;
  EXPECT_TRUE(raw.ends_with("\r\n\r\n")) << raw;
}

TEST(HttpServerTest, AnswersInternalErrorWhenTheHandlerDropsTheResponder) {
  FnHandler handler([](Request, std::unique_ptr<Responder>) {});
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  auto response = client.Do(bhttp::verb::get, "/");
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_NE(response.body().find(R"("reason":"InternalError")"), std::string::npos);
  // The connection is still usable.
  EXPECT_EQ(client.Do(bhttp::verb::get, "/").result_int(), 500);
}

TEST(HttpServerTest, HonoursConnectionCloseFromTheHandler) {
  FnHandler handler([](Request, std::unique_ptr<Responder> responder) {
    responder->Respond(200, {{"Connection", "close"}}, "bye");
  });
  auto server = StartServer(PlainOptions(), &handler);
  TestClient client(server->port());
  auto response = client.Do(bhttp::verb::get, "/");
  EXPECT_EQ(response.body(), "bye");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.WaitForClose());
}

// Streams: the handler hands the stream to the test through a promise.
struct StreamCatcher {
  std::promise<std::shared_ptr<ResponseStream>> stream;
  std::promise<void> closed;
  FnHandler handler{[this](Request request, std::unique_ptr<Responder> responder) {
    if (request.path != "/watch") {
      responder->Respond(200, {}, "plain");
      return;
    }
    auto s = responder->StartStream(200, {{"Content-Type", "application/json"}});
    s->OnClose([this] { closed.set_value(); });
    stream.set_value(s);
  }};
};

TEST(HttpServerTest, StreamsChunksInOrderAndThenServesTheNextRequest) {
  StreamCatcher catcher;
  auto server = StartServer(PlainOptions(), &catcher.handler);
  TestClient client(server->port());
  client.WriteRaw("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  auto stream = catcher.stream.get_future().get();
  client.StartReading();
  EXPECT_EQ(client.streamed().result_int(), 200);
  EXPECT_TRUE(client.streamed().chunked());
  EXPECT_EQ(client.streamed()[bhttp::field::content_type], "application/json");

  std::string expected;
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      std::string line = "{\"n\":" + std::to_string(i) + "}\n";
      EXPECT_TRUE(stream->Write(line));
    }
    EXPECT_TRUE(stream->Write(""));  // ignored, must not end the stream
    stream->Close();
  });
  for (int i = 0; i < 200; ++i) expected += "{\"n\":" + std::to_string(i) + "}\n";
  writer.join();
  std::string body;
  while (!client.stream_done() && !client.last_error()) body = client.ReadMore();
  EXPECT_EQ(body, expected);
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->Write("late"));
  EXPECT_EQ(catcher.closed.get_future().wait_for(kWait), std::future_status::ready);

  auto next = client.Do(bhttp::verb::get, "/next");
  EXPECT_EQ(next.body(), "plain");
}

TEST(HttpServerTest, ConcurrentWritersKeepEachWriterInOrder) {
  StreamCatcher catcher;
  auto server = StartServer(PlainOptions(), &catcher.handler);
  TestClient client(server->port());
  client.WriteRaw("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  auto stream = catcher.stream.get_future().get();
  client.StartReading();
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 500; ++i)
        stream->Write(std::to_string(w) + ":" + std::to_string(i) + "\n");
    });
  }
  for (auto& t : writers) t.join();
  stream->Close();
  std::string body;
  while (!client.stream_done() && !client.last_error()) body = client.ReadMore();
  std::vector<int> next(4, 0);
  size_t lines = 0;
  for (size_t pos = 0; pos < body.size();) {
    size_t end = body.find('\n', pos);
    std::string line = body.substr(pos, end - pos);
    int w = line[0] - '0';
    EXPECT_EQ(line.substr(2), std::to_string(next[w]));
    ++next[w];
    ++lines;
    pos = end + 1;
  }
  EXPECT_EQ(lines, 2000u);
}

TEST(HttpServerTest, ClientDisconnectClosesTheStream) {
  StreamCatcher catcher;
  auto server = StartServer(PlainOptions(), &catcher.handler);
  TestClient client(server->port());
  client.WriteRaw("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  auto stream = catcher.stream.get_future().get();
  client.StartReading();
  ASSERT_TRUE(stream->Write("hello"));
  EXPECT_EQ(client.ReadMore(), "hello");
  // Nothing is written after this: only the pending read can notice.
  client.Close();
  EXPECT_EQ(catcher.closed.get_future().wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->Write("gone"));
}

TEST(HttpServerTest, DisconnectsAClientThatDoesNotKeepUp) {
  StreamCatcher catcher;
  ServerOptions options = PlainOptions();
  options.max_stream_buffer_bytes = 256 * 1024;
  auto server = StartServer(options, &catcher.handler);
  TestClient client(server->port());
  client.WriteRaw("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  auto stream = catcher.stream.get_future().get();
  // The client never reads: kernel buffers fill, then the queue grows past
  // the limit and the server gives up on the client.
  std::string block(64 * 1024, 'x');
  bool dropped = false;
  for (int i = 0; i < 100000 && !dropped; ++i) dropped = !stream->Write(block);
  EXPECT_TRUE(dropped);
  EXPECT_EQ(catcher.closed.get_future().wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(stream->closed());
  EXPECT_TRUE(client.WaitForClose());
}

TEST(HttpServerTest, StopClosesStreamsThatOutliveTheServer) {
  StreamCatcher catcher;
  std::promise<std::unique_ptr<Responder>> parked;
  FnHandler handler([&](Request request, std::unique_ptr<Responder> responder) {
    if (request.path == "/park") {
      parked.set_value(std::move(responder));
      return;
    }
    catcher.handler.Handle(std::move(request), std::move(responder));
  });
  auto server = StartServer(PlainOptions(), &handler);
  TestClient watcher(server->port());
  watcher.WriteRaw("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  auto stream = catcher.stream.get_future().get();
  TestClient parker(server->port());
  parker.WriteRaw("GET /park HTTP/1.1\r\nHost: x\r\n\r\n");
  auto responder = parked.get_future().get();
  TestClient idle(server->port());
  EXPECT_EQ(idle.Do(bhttp::verb::get, "/").body(), "plain");

  std::atomic<bool> stop_writing = false;
  std::thread writer([&] {
    while (!stop_writing) {
      if (!stream->Write("tick\n")) break;
    }
  });
  server->Stop();
  EXPECT_EQ(catcher.closed.get_future().wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(stream->closed());
  EXPECT_TRUE(watcher.WaitForClose());
  EXPECT_TRUE(idle.WaitForClose());
  server.reset();
  stop_writing = true;
  writer.join();
  // Both handles are still usable, and inert, after the server is gone.
  EXPECT_FALSE(stream->Write("after"));
  stream->Close();
  responder->Respond(200, {}, "too late");
  responder.reset();
  EXPECT_TRUE(parker.WaitForClose());
}

TEST(HttpServerTest, StartFailsOnABusyPort) {
  FnHandler handler(Echo);
  auto first = StartServer(PlainOptions(), &handler);
  ServerOptions options = PlainOptions();
  options.port = first->port();
  auto second = Server::Start(options, &handler);
  EXPECT_FALSE(second.ok());
}

// TLS, with certificates from the PKI code.
class HttpsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("stead-https-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    auto pki = auth::EnsurePki(dir_.string(), "127.0.0.1");
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
    options_ = PlainOptions();
    options_.use_tls = true;
    options_.tls = {.cert_chain_pem = pki_.server.cert_pem, .private_key_pem = pki_.server.key_pem};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  TlsClientOptions ClientOptions(const std::string& name = "localhost") {
    return {.ca_pem = pki_.ca.cert_pem, .server_name = name};
  }

  std::filesystem::path dir_;
  auth::Pki pki_;
  ServerOptions options_;
};

TEST_F(HttpsServerTest, ServesRequestsOverTlsWithHttp11Alpn) {
  FnHandler handler(Echo);
  auto server = StartServer(options_, &handler);
  for (const std::string name : {"localhost", "127.0.0.1", "kubernetes.default.svc"}) {
    TestClient client(server->port(), ClientOptions(name));
    ASSERT_FALSE(client.handshake_error()) << name << ": " << client.handshake_error().message();
    EXPECT_EQ(client.alpn(), "http/1.1");
    for (int i = 0; i < 3; ++i) {
      auto response = client.Do(bhttp::verb::get, "/version");
      EXPECT_EQ(response.result_int(), 200);
      EXPECT_EQ(response.body().substr(0, 12), "GET /version");
    }
  }
}

TEST_F(HttpsServerTest, ClientOfferingOnlyH2GetsNoAlpn) {
  FnHandler handler(Echo);
  auto server = StartServer(options_, &handler);
  TlsClientOptions options = ClientOptions();
  options.alpn = {"h2"};
  TestClient client(server->port(), options);
  ASSERT_FALSE(client.handshake_error()) << client.handshake_error().message();
  EXPECT_EQ(client.alpn(), "");
}

TEST_F(HttpsServerTest, ClientRejectsANameNotInTheCertificate) {
  FnHandler handler(Echo);
  auto server = StartServer(options_, &handler);
  TestClient client(server->port(), ClientOptions("example.com"));
  EXPECT_TRUE(client.handshake_error());
}

TEST_F(HttpsServerTest, StreamsOverTls) {
  StreamCatcher catcher;
  auto server = StartServer(options_, &catcher.handler);
  TestClient client(server->port(), ClientOptions());
  ASSERT_FALSE(client.handshake_error());
  client.WriteRaw("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  auto stream = catcher.stream.get_future().get();
  client.StartReading();
  std::string expected;
  for (int i = 0; i < 50; ++i) {
    expected += "event " + std::to_string(i) + "\n";
    ASSERT_TRUE(stream->Write("event " + std::to_string(i) + "\n"));
  }
  std::string body;
  while (body.size() < expected.size() && !client.last_error()) body = client.ReadMore();
  EXPECT_EQ(body, expected);
  client.Close();
  EXPECT_EQ(catcher.closed.get_future().wait_for(kWait), std::future_status::ready);
}

TEST_F(HttpsServerTest, ClosesConnectionsThatNeverHandshake) {
  FnHandler handler(Echo);
  options_.request_timeout_seconds = 1;
  auto server = StartServer(options_, &handler);
  TestClient client(server->port());  // plain TCP: no ClientHello is sent
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(HttpsServerTest, RejectsPlainHttp) {
  FnHandler handler(Echo);
  auto server = StartServer(options_, &handler);
  TestClient client(server->port());
  client.WriteRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string reply;
  EXPECT_TRUE(client.ReadUntilClose(&reply));
  EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos);
}

TEST_F(HttpsServerTest, StartFailsWithAKeyThatDoesNotMatch) {
  FnHandler handler(Echo);
  auto other = auth::CreateCa("other");
  ASSERT_TRUE(other.ok());
  options_.tls.private_key_pem = other->key_pem;
  EXPECT_FALSE(Server::Start(options_, &handler).ok());
}

}  // namespace
}  // namespace stead::apiserver::http
